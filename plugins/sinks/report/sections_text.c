/* Report sections (ABI 1.2) as text, each in the order it was added: its
 * title, then blocks separated by blank lines: the notes (indented two
 * spaces), and every table that is not DETAIL-only.  A FACTS table is a list
 * of "Title: value" lines with the values aligned; any other table is an
 * optional title line, a header of column titles and aligned columns (text
 * and ids left, numbers right), its first `shown` rows and then how many
 * more the JSON report has ("none" when it has no rows); a table wider than
 * the line is printed in panels that repeat its key columns.  Widths count code points, not bytes. */
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

/* The last column's text, wrapped at spaces to `avail` columns, each
 * continuation line indented to the column's start. */
static void print_wrapped(FILE *f, const char *s, size_t start, size_t avail)
{
    size_t col = 0;
    while (*s) {
        size_t wl = strcspn(s, " "), w = text_span_width(s, wl);
        if (col && col + 1 + w > avail) {
            fputc('\n', f);
            pad(f, start);
            col = 0;
        } else if (col) {
            fputc(' ', f);
            col++;
        }
        fwrite(s, 1, wl, f);
        col += w;
        s += wl;
        s += strspn(s, " ");
    }
}

/* One panel: the key columns [0, nkey) and the columns [from, to); a last
 * text column wider than `wrap` is wrapped within its column. */
static void text_panel(FILE *f, const ccs_table *t, char **h, const size_t *width, size_t nrows, size_t nkey,
                       size_t from, size_t to, size_t wrap)
{
    size_t n = nkey + to - from;
    for (size_t i = 0; i <= nrows; i++) { /* the header, then the rows */
        size_t at = 2;
        fputs("  ", f);
        for (size_t k = 0; k < n; k++) {
            size_t c = k < nkey ? k : from + k - nkey;
            char buf[CELL_BUF];
            const char *s = i == 0 ? h[c] : cell_text(&t->columns[c], &t->cells[(i - 1) * t->ncolumns + c], 0, buf);
            if (k + 1 == n && column_is_text(&t->columns[c]) && text_width(s) > wrap) {
                fputs(k ? "  " : "", f);
                print_wrapped(f, s, at + (k ? 2 : 0), wrap);
            } else {
                print_cell(f, s, width[c], column_is_text(&t->columns[c]), k + 1 == n, k == 0);
            }
            at += width[c] + (k ? 2 : 0);
        }
        fputc('\n', f);
    }
}

/* The rows, in panels when they are wider than the line: each panel repeats
 * the key columns (the leading text columns: who or what a row is about)
 * and takes as many of the others as fit, as the scorecards do. */
static void text_panels(FILE *f, const ccs_table *t, char **h, const size_t *width, size_t nrows, int line)
{
    size_t nkey = 0, keyw = 0, total = 0;
    for (size_t c = 0; c < t->ncolumns; c++)
        total += width[c] + (c ? 2 : 0);
    while (nkey + 1 < t->ncolumns && column_is_text(&t->columns[nkey]) &&
           2 + keyw + width[nkey] + 2 <= (size_t)line * 3 / 5)
        keyw += width[nkey++] + 2;
    size_t last = width[t->ncolumns - 1], before = 2 + total - last;
    if (2 + total <= (size_t)line || nkey == 0) {
        text_panel(f, t, h, width, nrows, 0, 0, t->ncolumns, last);
        return;
    }
    /* only a last text column (a list of facts) too wide: wrap it in place */
    if (column_is_text(&t->columns[t->ncolumns - 1]) && before + 24 <= (size_t)line) {
        text_panel(f, t, h, width, nrows, 0, 0, t->ncolumns, (size_t)line - before);
        return;
    }
    for (size_t from = nkey; from < t->ncolumns;) {
        size_t to = from + 1, used = 2 + keyw + width[from];
        while (to < t->ncolumns && used + 2 + width[to] <= (size_t)line)
            used += 2 + width[to++];
        if (from > nkey)
            fputc('\n', f);
        text_panel(f, t, h, width, nrows, nkey, from, to, width[to - 1]);
        from = to;
    }
}

static void text_rows(FILE *f, const ccs_table *t, int line)
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
    if (!t->nrows)
        fputs("  none\n", f);
    else
        text_panels(f, t, h, width, nrows, line);
    if (nrows < t->nrows)
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

static void text_section(FILE *f, const ccs_report_section *s, int line)
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
            text_rows(f, t, line);
    }
}

void sections_text(FILE *f, const ccs_report *r, int width)
{
    for (size_t i = 0; i < report_section_count(r); i++)
        text_section(f, &r->report_sections[i], width > 0 ? width : 80);
}
