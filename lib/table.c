/* Building a report table cell by cell (see table.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

void tb_init(table_builder *b, const char *name, const char *title, const ccs_column *columns, size_t ncolumns)
{
    memset(b, 0, sizeof *b);
    b->t.name = name;
    b->t.title = title;
    b->t.columns = columns;
    b->t.ncolumns = ncolumns;
}

static ccs_cell *next_cell(table_builder *b)
{
    if (b->oom)
        return NULL;
    if (b->ncells == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        ccs_cell *grown = realloc(b->cells, cap * sizeof *grown);
        if (!grown) {
            b->oom = 1;
            return NULL;
        }
        b->cells = grown;
        b->cap = cap;
    }
    ccs_cell *c = &b->cells[b->ncells++];
    memset(c, 0, sizeof *c);
    return c;
}

void tb_text(table_builder *b, const char *s)
{
    ccs_cell *c = next_cell(b);
    if (!c || !s)
        return;
    if (b->ntexts == b->captexts) {
        size_t cap = b->captexts ? b->captexts * 2 : 32;
        char **grown = realloc(b->texts, cap * sizeof *grown);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->texts = grown;
        b->captexts = cap;
    }
    char *copy = strdup(s);
    if (!copy) {
        b->oom = 1;
        return;
    }
    b->texts[b->ntexts++] = copy;
    c->present = 1;
    c->text = copy;
}

void tb_num(table_builder *b, double v)
{
    ccs_cell *c = next_cell(b);
    if (c) {
        c->present = 1;
        c->number = v;
    }
}

void tb_opt(table_builder *b, int present, double v)
{
    if (present)
        tb_num(b, v);
    else
        tb_none(b);
}

void tb_none(table_builder *b)
{
    next_cell(b);
}

const ccs_table *tb_table(table_builder *b)
{
    b->t.cells = b->cells;
    b->t.nrows = b->t.ncolumns ? b->ncells / b->t.ncolumns : 0;
    return &b->t;
}

void tb_free(table_builder *b)
{
    for (size_t i = 0; i < b->ntexts; i++)
        free(b->texts[i]);
    free(b->texts);
    free(b->cells);
    memset(b, 0, sizeof *b);
}

void fmt_fixed(char *buf, size_t len, int decimals, double v)
{
    int n = snprintf(buf, len, "%.*f", decimals, v);
    if (n <= 0 || buf[0] != '-' || buf[1] == '\0')
        return;
    /* "-0", "-0.00": printf keeps the sign of a small negative number. */
    for (const char *p = buf + 1; *p; p++)
        if (*p != '0' && *p != '.')
            return;
    memmove(buf, buf + 1, strlen(buf));
}
