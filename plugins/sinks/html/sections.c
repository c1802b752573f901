/* Every report section (ABI 1.2) from its data, in the order the plugins
 * added them: the title, the notes, the charts, then each table that is not
 * DETAIL-only (a FACTS table as a definition list, any other as a table
 * with column headers, its first `shown` rows and how many more the JSON
 * report has).  A line chart over a time of day with five or more series
 * (the workload's typical week: one per weekday) is drawn as a heat map,
 * intervals down and series across; other charts as lines or bars.
 * Sections of ABI 1.1 show their text as it is. */
#include <string.h>

#include "html.h"

static const char *column_title(const ccs_column *col)
{
    return col->title && *col->title ? col->title : col->name;
}

static void facts(FILE *f, const ccs_table *t)
{
    if (t->title && *t->title)
        h_elem(f, "p", "class=\"note\"", t->title);
    fputs("<dl class=\"facts\">\n", f);
    for (size_t c = 0; c < t->ncolumns; c++) {
        char buf[CELL_BUF];
        h_elem(f, "dt", NULL, column_title(&t->columns[c]));
        h_elem(f, "dd", NULL, cell_text(&t->columns[c], &t->cells[c], 1, buf));
        fputc('\n', f);
    }
    fputs("</dl>\n", f);
}

static void header_row(FILE *f, const ccs_table *t)
{
    fputs("<thead><tr>", f);
    for (size_t c = 0; c < t->ncolumns; c++) {
        const ccs_column *col = &t->columns[c];
        fprintf(f, "<th scope=\"col\"%s>", column_is_text(col) ? "" : " class=\"n\"");
        h_esc(f, column_title(col));
        if (col->type == CCS_VAL_NUMBER && col->unit && *col->unit) {
            fputs(" (", f);
            h_esc(f, col->unit);
            fputc(')', f);
        }
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n", f);
}

static void body_cell(FILE *f, const ccs_column *col, const ccs_cell *cell, int row_header)
{
    char buf[CELL_BUF], data[CELL_BUF];
    const char *tag = row_header ? "th" : "td";
    fprintf(f, "<%s%s", tag, row_header ? " scope=\"row\"" : "");
    if (!column_is_text(col))
        fputs(" class=\"n\"", f);
    if (cell->present && !column_is_text(col) && col->type != CCS_VAL_BOOL)
        fprintf(f, " data-sort=\"%s\"", cell_data(&(ccs_column){ .type = CCS_VAL_NUMBER }, cell, data));
    fputc('>', f);
    h_esc(f, cell_text(col, cell, 0, buf));
    fprintf(f, "</%s>", tag);
}

void section_table(FILE *f, const ccs_table *t, const char *caption)
{
    if ((t->flags & CCS_TABLE_FACTS) && t->nrows == 1) {
        facts(f, t);
        return;
    }
    size_t shown = t->shown && t->shown < t->nrows ? t->shown : t->nrows;
    int row_header = t->ncolumns > 1 && column_is_text(&t->columns[0]);
    fputs("<div class=\"scroll\"><table class=\"sortable\">", f);
    if (caption && *caption)
        h_elem(f, "caption", NULL, caption);
    fputc('\n', f);
    header_row(f, t);
    fputs("<tbody>\n", f);
    for (size_t i = 0; i < shown; i++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->ncolumns; c++)
            body_cell(f, &t->columns[c], &t->cells[i * t->ncolumns + c], row_header && c == 0);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
    if (!t->nrows)
        fputs("<p class=\"more\">None.</p>\n", f);
    else if (shown < t->nrows)
        fprintf(f, "<p class=\"more\">The first %zu of %zu rows; the JSON report has them all.</p>\n", shown,
                t->nrows);
}

static const ccs_table *chart_table(const ccs_report_section *s, const ccs_chart *c)
{
    for (size_t i = 0; c->table && i < s->ntables; i++)
        if (strcmp(s->tables[i].name, c->table) == 0)
            return &s->tables[i];
    return NULL;
}

/* The y columns of a chart over a time of day with five or more of them:
 * a heat map.  Returns how many (0: not a heat map). */
static size_t heat_columns(const ccs_table *t, const ccs_chart *c, size_t *ys, size_t cap)
{
    size_t x = table_column(t, c->x), n = 0;
    if (c->kind != CCS_CHART_LINE || c->group || x == (size_t)-1 || t->columns[x].type != CCS_VAL_TIME)
        return 0;
    for (const char *p = c->y; p && *p && n < cap;) {
        size_t len = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        size_t y = table_column(t, name);
        if (y != (size_t)-1)
            ys[n++] = y;
        p += len + (p[len] == ',');
    }
    return n >= 5 ? n : 0;
}

static void section_chart(FILE *f, const ccs_report_section *s, const ccs_chart *c)
{
    const ccs_table *t = chart_table(s, c);
    size_t ys[16];
    if (!t)
        return;
    fputs("<figure class=\"chart\"><figcaption>", f);
    h_esc(f, c->title ? c->title : t->title);
    fputs("</figcaption>\n", f);
    size_t ny = heat_columns(t, c, ys, sizeof ys / sizeof ys[0]);
    if (ny) {
        fputs("<p class=\"legend\">Darker cells: more; each cell shows its value.</p>", f);
        chart_heatmap(f, t, table_column(t, c->x), ys, ny, c->title ? c->title : t->name);
    } else {
        chart_lines(f, t, c);
    }
    fputs("</figure>\n", f);
}

static void one_section(FILE *f, const ccs_report_section *s)
{
    fputs("<section id=\"s-", f);
    h_esc(f, s->name);
    fputs("\">\n", f);
    h_elem(f, "h2", NULL, s->title ? s->title : s->name);
    fputc('\n', f);
    for (size_t i = 0; i < s->nnotes; i++) {
        h_elem(f, "p", "class=\"note\"", s->notes[i]);
        fputc('\n', f);
    }
    for (size_t i = 0; i < s->ncharts; i++)
        section_chart(f, s, &s->charts[i]);
    for (size_t i = 0; i < s->ntables; i++)
        if (!(s->tables[i].flags & CCS_TABLE_DETAIL))
            section_table(f, &s->tables[i], s->tables[i].title);
    fputs("</section>\n", f);
}

void sections_html(FILE *f, const ccs_report *r)
{
    for (size_t i = 0; i < report_section_count(r); i++)
        one_section(f, &r->report_sections[i]);
    for (size_t i = 0; i < legacy_section_count(r); i++) {
        const ccs_section *s = &r->sections[i];
        if (!s->text)
            continue;
        fputs("<section>\n", f);
        h_elem(f, "h2", NULL, s->title ? s->title : s->name);
        h_elem(f, "pre", NULL, s->text);
        fputs("\n</section>\n", f);
    }
}
