/* The report plugin (text, json, csv and files sinks): what its files share.
 *
 *   module.c        the components and the module entry
 *   names.c         status, severity, entity and value-type names; UTF-8
 *   cell.c          one value of a report section's table as text
 *   text.c          the text sink: scorecards, shortfalls, findings, feedback
 *   sections_text.c report sections (ABI 1.2) as text
 *   json.c          the json sink and its JSON helpers
 *   sections_json.c report sections (and 1.1 sections) as JSON
 *   csv.c           the csv sink
 *   sections_csv.c  report sections as CSV rows, one per cell
 *   files.c         the files sink: one Markdown file per agent and team */
#ifndef CCS_REPORT_H
#define CCS_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "ccscore/plugin.h"

/* The host's API, set by the module's init. */
extern const ccs_host_api *report_api;

const char *status_name(int status);     /* NULL for CCS_STATUS_NONE */
const char *severity_name(int severity);
const char *entity_name(int entity);
const char *value_type_name(int type);   /* "text", "id", "count"... */
/* The day finding i concerns as YYYY-MM-DD in buf (ABI 1.4), or NULL from
 * an older host. */
const char *finding_at(const ccs_report *r, size_t i, char buf[11]);
/* Findings of other periods that the report leaves out (ABI 1.4), else 0. */
size_t findings_other(const ccs_report *r);

/* Width of s on a terminal: code points (a stray byte counts as one). */
size_t text_width(const char *s);
/* Columns the len bytes at s take (code points). */
size_t text_span_width(const char *s, size_t len);

/* Sections of ABI 1.1 (text and JSON strings), when the report has them. */
size_t legacy_section_count(const ccs_report *r);
/* Sections of ABI 1.2 (data), when the report has them. */
size_t report_section_count(const ccs_report *r);

/* A cell of a section's table as text people read: numbers by type (counts
 * whole, rates as percentages, durations in seconds, dates YYYY-MM-DD, times
 * HH:MM, booleans yes/no), "-" when absent.  With `unit`, a NUMBER column's
 * unit follows the value ("2.5 agents"); tables put it in the header instead.
 * Returns the text: buf, or the cell's own text for text and ids. */
#define CELL_BUF 64
const char *cell_text(const ccs_column *col, const ccs_cell *cell, int unit, char buf[CELL_BUF]);
/* A cell as data (JSON's value in CSV): numbers round-trip, dates and times
 * as in text, booleans true/false, "" when absent.  Returns buf or the text. */
const char *cell_data(const ccs_column *col, const ccs_cell *cell, char buf[CELL_BUF]);
/* Numbers are right-aligned in text tables, text and ids left. */
int column_is_text(const ccs_column *col);

/* JSON: a string (NULL: null; bytes that are not UTF-8 as U+FFFD) and the
 * shortest number that reads back the same (not finite: null). */
void json_str(FILE *f, const char *s);
void json_num(FILE *f, double v);
void json_opt(FILE *f, int has, double v);
/* The number as text, as json_num writes it. */
void num_text(char buf[CELL_BUF], double v);

/* CSV: a field, quoted when it must be (NULL: empty). */
void csv_field(FILE *f, const char *s);

void sections_text(FILE *f, const ccs_report *r, int width);
/* text_fit.c (issue 11): buf's lines wrapped at width (continuations indented
 * four more); name shortened to at most max columns (ser_level). */
void fit_text(FILE *f, int width, const char *buf, size_t len);
void fit_abbrev(const char *name, size_t max, char *out, size_t outlen);
void sections_json(FILE *f, const ccs_report *r);
void sections_csv(FILE *f, const ccs_report *r);

int text_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx);
int json_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx);
int csv_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx);
int csv_wide_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx);
int files_create(ccs_host *host, const ccs_config *cfg, void **inst);
void files_destroy(void *inst);
int files_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx);

#endif
