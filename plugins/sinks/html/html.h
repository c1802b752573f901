/* The html plugin: the report as one self-contained HTML page (sink
 * `html`), and one page per agent for one-to-ones (sink `html_files`).
 * Inline CSS and SVG only: no request of any kind leaves the page.
 *
 *   module.c    the components and the module entry; the html sink
 *   escape.c    the one escaper (text and attribute values), numbers, marks
 *   page.c      the page's skeleton: head, CSS, the sorting script, the end
 *   cards.c     the overview (organisation and teams), agents, shortfalls, trends
 *   charts.c    inline SVG: bullet charts, trend multiples, heat map, lines
 *   sections.c  every report section (ABI 1.2): notes, tables, charts
 *   findings.c  findings grouped by owner and severity
 *   agent.c     the html_files sink: one page per agent
 *
 * The values of the report's own cells and of sections' tables come from
 * the report plugin's cell.c and names.c (compiled into this module too). */
#ifndef CCS_HTML_H
#define CCS_HTML_H

#include <stdio.h>

#include "report.h"

extern const ccs_host_api *html_api;

/* s as HTML text or a quoted attribute's value: & < > " ' escaped, valid
 * UTF-8 passed through, every other byte and control character (but tab
 * and newline) as U+FFFD.  NULL writes nothing. */
void h_esc(FILE *f, const char *s);
/* <tag>s</tag>, s escaped; attrs (may be NULL) written as they are. */
void h_elem(FILE *f, const char *tag, const char *attrs, const char *s);
/* A number for a data-* attribute: the shortest text that reads back. */
void h_data(FILE *f, const char *name, double v);

/* Status as a class name (meets, near, below, insufficient, none), a
 * symbol (✓ ~ ! ? or empty) and a word. */
const char *h_status_class(int status);
const char *h_status_mark(int status);
const char *h_status_word(int status);
/* <span class="st CLASS">MARK WORD</span> */
void h_status_badge(FILE *f, int status);

/* A metric's value for people: rates as percentages, seconds as "s". */
#define H_VALUE 48
void h_value(char buf[H_VALUE], const ccs_metric_score *m, double v);
/* The metric's title: the name with underscores as spaces. */
void h_metric_title(char *buf, size_t len, const char *name);
/* Whether the overview and the agents table show the metric: figures with
 * a target, and handled. */
int h_metric_shown(const ccs_metric_score *m);

void page_begin(FILE *f, const char *title);
void page_end(FILE *f);

void cards_header(FILE *f, const ccs_report *r);
void cards_overview(FILE *f, const ccs_report *r);
void cards_agents(FILE *f, const ccs_report *r);
void cards_shortfalls(FILE *f, const ccs_report *r);
void cards_trends(FILE *f, const ccs_report *r);
/* One entity's figures: a table of value, target, interval, previous,
 * with a bullet chart per figure (the overview's cards, an agent's page). */
void cards_figures(FILE *f, const ccs_scorecard *c, const char *caption);

void chart_bullet(FILE *f, const ccs_metric_score *m);
/* The metric over the previous and this period for each card (one line
 * each); cards[0] drawn strongest. */
void chart_trend(FILE *f, const ccs_report *r, const ccs_scorecard *const *cards, size_t n, size_t metric);
/* A heat map of t: one row per value of column x, one column per y column. */
void chart_heatmap(FILE *f, const ccs_table *t, size_t x, const size_t *ys, size_t ny, const char *label);
/* A line or bar chart of a section's chart over its table. */
void chart_lines(FILE *f, const ccs_table *t, const ccs_chart *c);
/* Column index by name, or (size_t)-1. */
size_t table_column(const ccs_table *t, const char *name);

void sections_html(FILE *f, const ccs_report *r);
/* A table of a section as <table> (or <dl> for facts), under heading_tag. */
void section_table(FILE *f, const ccs_table *t, const char *heading_tag);

void findings_html(FILE *f, const ccs_report *r);

int html_files_create(ccs_host *host, const ccs_config *cfg, void **inst);
void html_files_destroy(void *inst);
int html_files_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx);

#endif
