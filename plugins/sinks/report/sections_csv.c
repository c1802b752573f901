/* Report sections in the CSV report: one row per cell of every table, in
 * the columns of the metric rows: entity "section", id SECTION.TABLE, name
 * the row's number from 1, metric the column's name, value the cell (numbers
 * as the shortest decimal that reads back the same, rates as fractions,
 * durations in seconds, dates YYYY-MM-DD, times HH:MM, booleans true/false,
 * empty when absent), unit the column's unit or else its type. */
#include "report.h"

static void csv_table(FILE *f, const ccs_report *r, const ccs_report_section *s, const ccs_table *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t c = 0; c < t->ncolumns; c++) {
            const ccs_column *col = &t->columns[c];
            char buf[CELL_BUF];
            csv_field(f, r->period);
            fputs(",section,", f);
            csv_field(f, s->name);
            fputc('.', f);
            csv_field(f, t->name);
            fprintf(f, ",%zu,,,", i + 1);
            csv_field(f, col->name);
            fputc(',', f);
            csv_field(f, cell_data(col, &t->cells[i * t->ncolumns + c], buf));
            fputs(",,", f);
            csv_field(f, col->unit && *col->unit ? col->unit : value_type_name(col->type));
            fputs(",,,,,,,,,,,\n", f);
        }
}

void sections_csv(FILE *f, const ccs_report *r)
{
    for (size_t i = 0; i < report_section_count(r); i++) {
        const ccs_report_section *s = &r->report_sections[i];
        for (size_t k = 0; k < s->ntables; k++)
            csv_table(f, r, s, &s->tables[k]);
    }
}
