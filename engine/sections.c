/* Report sections as data: validation and deep copy (see sections.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sections.h"
#include "vec.h"

static int name_ok(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int has_column(const ccs_table *t, const char *name, size_t len)
{
    for (size_t c = 0; c < t->ncolumns; c++)
        if (strlen(t->columns[c].name) == len && memcmp(t->columns[c].name, name, len) == 0)
            return 1;
    return 0;
}

static const ccs_table *find_table(const ccs_report_section *s, const char *name)
{
    for (size_t i = 0; name && i < s->ntables; i++)
        if (strcmp(s->tables[i].name, name) == 0)
            return &s->tables[i];
    return NULL;
}

static int check_table(const ccs_table *t, char *why, size_t whylen)
{
    if (!name_ok(t->name)) {
        snprintf(why, whylen, "a table needs a [a-z0-9_]+ name, not '%s'", t->name ? t->name : "");
        return CCS_ERR;
    }
    if (!t->ncolumns || !t->columns || (t->nrows && !t->cells)) {
        snprintf(why, whylen, "table '%s' has no columns, or rows without cells", t->name);
        return CCS_ERR;
    }
    if ((t->flags & CCS_TABLE_FACTS) && t->nrows != 1) {
        snprintf(why, whylen, "table '%s' is a list of facts, so it has exactly one row, not %zu", t->name, t->nrows);
        return CCS_ERR;
    }
    for (size_t c = 0; c < t->ncolumns; c++) {
        const ccs_column *col = &t->columns[c];
        if (!name_ok(col->name) || has_column(&(ccs_table){ .ncolumns = c, .columns = t->columns }, col->name, strlen(col->name))) {
            snprintf(why, whylen, "table '%s': column %zu needs a unique [a-z0-9_]+ name", t->name, c + 1);
            return CCS_ERR;
        }
        if (col->type < CCS_VAL_TEXT || col->type > CCS_VAL_BOOL) {
            snprintf(why, whylen, "table '%s': column '%s' has an unknown type %d", t->name, col->name, col->type);
            return CCS_ERR;
        }
    }
    return CCS_OK;
}

/* Every column a chart names, in `list` ("a,b"), is a column of t. */
static int columns_exist(const ccs_table *t, const char *list)
{
    if (!list || !*list)
        return 0;
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (!has_column(t, p, len))
            return 0;
        if (!comma)
            return 1;
        p = comma + 1;
    }
}

static int check_section(const ccs_report_section *s, char *why, size_t whylen)
{
    if (!s || !CCS_HAS_FIELD(s, ccs_report_section, charts)) {
        snprintf(why, whylen, "section refused: its struct is smaller than ABI 1.2's");
        return CCS_ERR;
    }
    if (!name_ok(s->name)) {
        snprintf(why, whylen, "section refused: it needs a [a-z0-9_]+ name, not '%s'", s->name ? s->name : "");
        return CCS_ERR;
    }
    for (size_t i = 0; i < s->nnotes; i++)
        if (!s->notes[i]) {
            snprintf(why, whylen, "section '%s': note %zu is NULL", s->name, i + 1);
            return CCS_ERR;
        }
    for (size_t i = 0; i < s->ntables; i++) {
        if (check_table(&s->tables[i], why, whylen) != CCS_OK)
            return CCS_ERR;
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->tables[j].name, s->tables[i].name) == 0) {
                snprintf(why, whylen, "section '%s': two tables are named '%s'", s->name, s->tables[i].name);
                return CCS_ERR;
            }
    }
    for (size_t i = 0; i < s->ncharts; i++) {
        const ccs_chart *c = &s->charts[i];
        const ccs_table *t = find_table(s, c->table);
        if (!t || !columns_exist(t, c->x) || !columns_exist(t, c->y) ||
            (c->group && !columns_exist(t, c->group)) || (c->kind != CCS_CHART_LINE && c->kind != CCS_CHART_BAR)) {
            snprintf(why, whylen, "section '%s': chart %zu names a table or column that is not there, or has an unknown kind",
                     s->name, i + 1);
            return CCS_ERR;
        }
    }
    return CCS_OK;
}

/* Deep copies: every string and array is the host's own.  `oom` is sticky. */
static char *dup_str(const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *oom = 1;
    return d;
}

static void *dup_mem(const void *p, size_t n, size_t size, int *oom)
{
    if (!p || !n)
        return NULL;
    void *d = calloc(n, size);
    if (!d) {
        *oom = 1;
        return NULL;
    }
    memcpy(d, p, n * size);
    return d;
}

static void copy_table(ccs_table *d, const ccs_table *t, int *oom)
{
    *d = *t;
    d->name = dup_str(t->name, oom);
    d->title = dup_str(t->title, oom);
    ccs_column *cols = dup_mem(t->columns, t->ncolumns, sizeof *cols, oom);
    for (size_t c = 0; cols && c < t->ncolumns; c++) {
        cols[c].name = dup_str(t->columns[c].name, oom);
        cols[c].title = dup_str(t->columns[c].title, oom);
        cols[c].unit = dup_str(t->columns[c].unit, oom);
    }
    d->columns = cols;
    size_t ncells = t->nrows * t->ncolumns;
    ccs_cell *cells = dup_mem(t->cells, ncells, sizeof *cells, oom);
    for (size_t i = 0; cells && i < ncells; i++) {
        int textual = t->columns[i % t->ncolumns].type == CCS_VAL_TEXT || t->columns[i % t->ncolumns].type == CCS_VAL_ID;
        cells[i].text = textual && cells[i].present ? dup_str(t->cells[i].text ? t->cells[i].text : "", oom) : NULL;
    }
    d->cells = cells;
}

static void copy_section(ccs_report_section *d, const ccs_report_section *s, int *oom)
{
    memset(d, 0, sizeof *d);
    d->size = sizeof *d;
    d->name = dup_str(s->name, oom);
    d->title = dup_str(s->title ? s->title : s->name, oom);
    const char **notes = dup_mem(s->notes, s->nnotes, sizeof *notes, oom);
    for (size_t i = 0; notes && i < s->nnotes; i++)
        notes[i] = dup_str(s->notes[i], oom);
    d->notes = notes;
    d->nnotes = notes ? s->nnotes : 0;
    ccs_table *tables = s->ntables ? calloc(s->ntables, sizeof *tables) : NULL;
    if (s->ntables && !tables)
        *oom = 1;
    for (size_t i = 0; tables && i < s->ntables; i++)
        copy_table(&tables[i], &s->tables[i], oom);
    d->tables = tables;
    d->ntables = tables ? s->ntables : 0;
    ccs_chart *charts = dup_mem(s->charts, s->ncharts, sizeof *charts, oom);
    for (size_t i = 0; charts && i < s->ncharts; i++) {
        charts[i].title = dup_str(s->charts[i].title, oom);
        charts[i].table = dup_str(s->charts[i].table, oom);
        charts[i].x = dup_str(s->charts[i].x, oom);
        charts[i].y = dup_str(s->charts[i].y, oom);
        charts[i].group = dup_str(s->charts[i].group, oom);
    }
    d->charts = charts;
    d->ncharts = charts ? s->ncharts : 0;
}

static void free_section(ccs_report_section *s)
{
    for (size_t i = 0; i < s->ntables; i++) {
        const ccs_table *t = &s->tables[i];
        for (size_t c = 0; t->columns && c < t->ncolumns; c++) {
            free((char *)t->columns[c].name);
            free((char *)t->columns[c].title);
            free((char *)t->columns[c].unit);
        }
        for (size_t k = 0; t->cells && k < t->nrows * t->ncolumns; k++)
            free((char *)t->cells[k].text);
        free((char *)t->name);
        free((char *)t->title);
        free((void *)t->columns);
        free((void *)t->cells);
    }
    for (size_t i = 0; i < s->nnotes; i++)
        free((char *)s->notes[i]);
    for (size_t i = 0; i < s->ncharts; i++) {
        const ccs_chart *c = &s->charts[i];
        free((char *)c->title);
        free((char *)c->table);
        free((char *)c->x);
        free((char *)c->y);
        free((char *)c->group);
    }
    free((void *)s->notes);
    free((void *)s->tables);
    free((void *)s->charts);
    free((char *)s->name);
    free((char *)s->title);
}

int section_list_add(section_list *l, const ccs_report_section *in, char *why, size_t whylen)
{
    if (check_section(in, why, whylen) != CCS_OK)
        return CCS_ERR;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, in->name) == 0) {
            snprintf(why, whylen, "section refused: the report already has a section named '%s'", in->name);
            return CCS_ERR;
        }
    if (!VEC_GROW(l->items, l->n, l->cap)) {
        snprintf(why, whylen, "out of memory");
        return CCS_ERR;
    }
    int oom = 0;
    copy_section(&l->items[l->n], in, &oom);
    if (oom) {
        free_section(&l->items[l->n]);
        snprintf(why, whylen, "out of memory");
        return CCS_ERR;
    }
    l->n++;
    return CCS_OK;
}

void section_list_free(section_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free_section(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}
