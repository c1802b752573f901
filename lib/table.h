/* Building a report table (ccs_table, ABI 1.2) cell by cell: the builder
 * owns the cells and copies of their texts until tb_free(), so a plugin
 * fills it, hands api->add_report_section() a section that points at
 * tb_table(), and frees it (the host keeps its own copy).  Cells are added
 * row after row, left to right; a row ends when its last column is filled.
 * Out of memory is sticky: later calls do nothing and `oom` stays set. */
#ifndef CCS_TABLE_H
#define CCS_TABLE_H

#include <stddef.h>

#include "ccscore/plugin.h"

typedef struct table_builder {
    ccs_table t;             /* the table so far; set t.flags and t.shown freely */
    ccs_cell *cells;
    size_t ncells, cap;
    char **texts;            /* owned copies of text cells */
    size_t ntexts, captexts;
    int oom;
} table_builder;

void tb_init(table_builder *b, const char *name, const char *title, const ccs_column *columns, size_t ncolumns);
void tb_text(table_builder *b, const char *s);        /* CCS_VAL_TEXT and _ID; NULL: no value */
void tb_num(table_builder *b, double v);              /* every numeric type, dates and times */
void tb_opt(table_builder *b, int present, double v); /* a number or no value */
void tb_none(table_builder *b);                       /* no value */
/* The table as it stands (rows complete so far). */
const ccs_table *tb_table(table_builder *b);
void tb_free(table_builder *b);

/* v with `decimals` decimals ("%.*f") into buf; a value that rounds to zero
 * prints "0" (or "0.00"), never "-0". */
void fmt_fixed(char *buf, size_t len, int decimals, double v);

#endif
