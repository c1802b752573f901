/* Report sections (ABI 1.2) as text, each in the order it was added: its
 * title, then blocks separated by blank lines: the notes (indented two
 * spaces), and every table that is not DETAIL-only.  A FACTS table is a list
 * of "Title: value" lines with the values aligned; any other table is an
 * optional title line, a header of column titles and aligned columns (text
 * and ids left, numbers right), its first `shown` rows and then how many
 * more the JSON report has ("none" when it has no rows).  Widths count code points, not bytes. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void pad(FILE *f, size_t n)
{
    while (n--)
        fputc(' ', f);
}

static const char *column_title(const ccs_column *col)
{
    return col->title && *col->title ? col->title : col->name;
}

static void text_facts(FILE *f, const ccs_table *t)
{
    size_t w = 0;
    for (size_t c = 0; c < t->ncolumns; c++) {
        size_t cw = text_width(column_title(&t->columns[c]));
        w = cw > w ? cw : w;
    }
    if (t->title && *t->title)
        fprintf(f, "  %s\n", t->title);
    for (size_t c = 0; c < t->ncolumns; c++) {
        char buf[CELL_BUF];
        const char *title = column_title(&t->columns[c]);
        fprintf(f, "  %s:", title);
        pad(f, w - text_width(title) + 1);
        fprintf(f, "%s\n", cell_text(&t->columns[c], &t->cells[c], 1, buf));
    }
}

/* The header of each column: its title, and a number's unit in brackets. */
static char **headers(const ccs_table *t)
{
    char **h = calloc(t->ncolumns, sizeof *h);
    for (size_t c = 0; h && c < t->ncolumns; c++) {
        const ccs_column *col = &t->columns[c];
        const char *title = column_title(col);
        int unit = col->type == CCS_VAL_NUMBER && col->unit && *col->unit;
        size_t len = strlen(title) + (unit ? strlen(col->unit) + 3 : 0) + 1;
        if (!(h[c] = malloc(len))) {
            for (size_t k = 0; k < c; k++)
                free(h[k]);
            free(h);
            return NULL;
        }
        snprintf(h[c], len, unit ? "%s (%s)" : "%s", title, unit ? col->unit : "");
    }
    return h;
}

static void print_cell(FILE *f, const char *s, size_t width, int left, int last, int first)
{
    size_t w = text_width(s);
    if (!first)
        fputs("  ", f);
    if (!left)
        pad(f, width - w);
    fputs(s, f);
    if (left && !last)
        pad(f, width - w);
}

static void text_rows(FILE *f, const ccs_table *t)
{
    size_t nrows = t->shown && t->shown < t->nrows ? t->shown : t->nrows;
    char **h = headers(t);
    size_t *width = calloc(t->ncolumns, sizeof *width);
    if (!h || !width) {
        free(h);
        free(width);
        return;
    }
    for (size_t c = 0; c < t->ncolumns; c++) {
        width[c] = text_width(h[c]);
        for (size_t i = 0; i < nrows; i++) {
            char buf[CELL_BUF];
            size_t w = text_width(cell_text(&t->columns[c], &t->cells[i * t->ncolumns + c], 0, buf));
            width[c] = w > width[c] ? w : width[c];
        }
    }
    if (t->title && *t->title)
        fprintf(f, "  %s\n", t->title);
    if (t->nrows) {
        fputs("  ", f);
        for (size_t c = 0; c < t->ncolumns; c++)
            print_cell(f, h[c], width[c], column_is_text(&t->columns[c]), c + 1 == t->ncolumns, c == 0);
        fputc('\n', f);
    }
    for (size_t i = 0; i < nrows; i++) {
        fputs("  ", f);
        for (size_t c = 0; c < t->ncolumns; c++) {
            char buf[CELL_BUF];
            const char *s = cell_text(&t->columns[c], &t->cells[i * t->ncolumns + c], 0, buf);
            print_cell(f, s, width[c], column_is_text(&t->columns[c]), c + 1 == t->ncolumns, c == 0);
        }
        fputc('\n', f);
    }
    if (!t->nrows)
        fputs("  none\n", f);
    else if (nrows < t->nrows)
        fprintf(f, "      ... and %zu more (all in the JSON report)\n", t->nrows - nrows);
    for (size_t c = 0; c < t->ncolumns; c++)
        free(h[c]);
    free(h);
    free(width);
}

/* A section of DETAIL tables only and no notes is data for JSON, CSV and
 * charts: the text report leaves it out rather than print a bare title. */
static int has_text(const ccs_report_section *s)
{
    if (s->nnotes)
        return 1;
    for (size_t i = 0; i < s->ntables; i++)
        if (!(s->tables[i].flags & CCS_TABLE_DETAIL))
            return 1;
    return 0;
}

static void text_section(FILE *f, const ccs_report_section *s)
{
    int blocks = 0;
    if (!has_text(s))
        return;
    fprintf(f, "\n%s\n", s->title ? s->title : s->name);
    for (size_t i = 0; i < s->nnotes; i++, blocks = 1)
        fprintf(f, "  %s\n", s->notes[i]);
    for (size_t i = 0; i < s->ntables; i++) {
        const ccs_table *t = &s->tables[i];
        if (t->flags & CCS_TABLE_DETAIL)
            continue;
        if (blocks++)
            fputc('\n', f);
        if ((t->flags & CCS_TABLE_FACTS) && t->nrows == 1)
            text_facts(f, t);
        else
            text_rows(f, t);
    }
}

void sections_text(FILE *f, const ccs_report *r)
{
    for (size_t i = 0; i < report_section_count(r); i++)
        text_section(f, &r->report_sections[i]);
}
