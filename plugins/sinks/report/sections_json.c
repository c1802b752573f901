/* Report sections in the JSON report: "sections", an array of the sections
 * as data (ABI 1.2) in the order they were added, then "legacy_sections",
 * an object of the JSON values that ABI 1.1 modules wrote, by section name.
 * Layout: one section, table, column, row or chart a line. */
#include <string.h>

#include "report.h"

static void json_value(FILE *f, const ccs_column *col, const ccs_cell *cell)
{
    char buf[CELL_BUF];
    if (!cell->present) {
        fputs("null", f);
        return;
    }
    switch (col->type) {
    case CCS_VAL_TEXT:
    case CCS_VAL_ID: json_str(f, cell->text ? cell->text : ""); break;
    case CCS_VAL_DATE:
    case CCS_VAL_TIME: json_str(f, cell_data(col, cell, buf)); break;
    case CCS_VAL_BOOL: fputs(cell->number != 0 ? "true" : "false", f); break;
    default: json_num(f, cell->number);
    }
}

static void json_columns(FILE *f, const ccs_table *t)
{
    fputs(",\n        \"columns\": [", f);
    for (size_t c = 0; c < t->ncolumns; c++) {
        const ccs_column *col = &t->columns[c];
        fputs(c ? ",\n          {\"name\": " : "\n          {\"name\": ", f);
        json_str(f, col->name);
        fputs(", \"title\": ", f);
        json_str(f, col->title && *col->title ? col->title : col->name);
        fprintf(f, ", \"type\": \"%s\", \"unit\": ", value_type_name(col->type));
        json_str(f, col->unit && *col->unit ? col->unit : NULL);
        fprintf(f, ", \"decimals\": %d}", col->decimals);
    }
    fputs(t->ncolumns ? "\n        ]" : "]", f);
}

static void json_rows(FILE *f, const ccs_table *t)
{
    fputs(",\n        \"rows\": [", f);
    for (size_t i = 0; i < t->nrows; i++) {
        fputs(i ? ",\n          [" : "\n          [", f);
        for (size_t c = 0; c < t->ncolumns; c++) {
            if (c)
                fputs(", ", f);
            json_value(f, &t->columns[c], &t->cells[i * t->ncolumns + c]);
        }
        fputc(']', f);
    }
    fputs(t->nrows ? "\n        ]}" : "]}", f);
}

static void json_table(FILE *f, const ccs_table *t, int first)
{
    fputs(first ? "\n       {\"name\": " : ",\n       {\"name\": ", f);
    json_str(f, t->name);
    fputs(", \"title\": ", f);
    json_str(f, t->title && *t->title ? t->title : NULL);
    fprintf(f, ", \"facts\": %s, \"detail\": %s", t->flags & CCS_TABLE_FACTS ? "true" : "false",
            t->flags & CCS_TABLE_DETAIL ? "true" : "false");
    json_columns(f, t);
    json_rows(f, t);
}

/* "a,b" as ["a", "b"]. */
static void json_list(FILE *f, const char *list)
{
    fputc('[', f);
    for (const char *p = list ? list : ""; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        if (p != list)
            fputs(", ", f);
        json_str(f, name);
        p += len + (comma != NULL);
    }
    fputc(']', f);
}

static void json_chart(FILE *f, const ccs_chart *c, int first)
{
    fputs(first ? "\n       {\"title\": " : ",\n       {\"title\": ", f);
    json_str(f, c->title && *c->title ? c->title : NULL);
    fprintf(f, ", \"kind\": \"%s\", \"table\": ", c->kind == CCS_CHART_BAR ? "bar" : "line");
    json_str(f, c->table);
    fputs(", \"x\": ", f);
    json_str(f, c->x);
    fputs(", \"y\": ", f);
    json_list(f, c->y);
    fputs(", \"group\": ", f);
    json_str(f, c->group && *c->group ? c->group : NULL);
    fputc('}', f);
}

static void json_section(FILE *f, const ccs_report_section *s, int first)
{
    fputs(first ? "\n    {\"name\": " : ",\n    {\"name\": ", f);
    json_str(f, s->name);
    fputs(", \"title\": ", f);
    json_str(f, s->title ? s->title : s->name);
    fputs(",\n     \"notes\": [", f);
    for (size_t i = 0; i < s->nnotes; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, s->notes[i]);
    }
    fputs("],\n     \"tables\": [", f);
    for (size_t i = 0; i < s->ntables; i++)
        json_table(f, &s->tables[i], i == 0);
    fputs(s->ntables ? "\n     ],\n     \"charts\": [" : "],\n     \"charts\": [", f);
    for (size_t i = 0; i < s->ncharts; i++)
        json_chart(f, &s->charts[i], i == 0);
    fputs(s->ncharts ? "\n     ]}" : "]}", f);
}

void sections_json(FILE *f, const ccs_report *r)
{
    size_t n = report_section_count(r);
    fputs("  \"sections\": [", f);
    for (size_t i = 0; i < n; i++)
        json_section(f, &r->report_sections[i], i == 0);
    fputs(n ? "\n  ],\n  \"legacy_sections\": {" : "],\n  \"legacy_sections\": {", f);
    size_t shown = 0;
    for (size_t i = 0; i < legacy_section_count(r); i++) {
        if (!r->sections[i].json)
            continue;
        fputs(shown++ ? ",\n    " : "\n    ", f);
        json_str(f, r->sections[i].name);
        fputs(": ", f);
        fputs(r->sections[i].json, f);
    }
    fputs(shown ? "\n  }\n" : "}\n", f);
}
