/* `ccscore compare` and `ccscore explain` (issue 15): what a proposed policy
 * would change on the same data, and the records behind one figure. */
#ifndef CCS_COMPARE_H
#define CCS_COMPARE_H

#include <stdio.h>

#include "engine_int.h"
#include "scorecard.h"

int compare_main(int argc, char **argv);
int explain_main(int argc, char **argv);

/* One policy scored: its host (whose run is a view of the shared reading)
 * and its report. */
typedef struct scored {
    ccs_host host;
    report_model model;
} scored;

/* compare_out.c: the differences between two reports of the same data. */
typedef struct cmp_change {
    const ccs_scorecard *card;     /* the proposed policy's card (same id) */
    const char *metric;
    const ccs_metric_score *before, *after; /* NULL: not in that policy */
    const ccs_figure_points *pb, *pa;
} cmp_change;

typedef struct cmp_result {
    const scored *cur, *prop;
    cmp_change *changes;
    size_t nchanges;
    const ccs_finding **appear, **disappear;
    size_t nappear, ndisappear;
    char **summary;            /* sentences in words */
    size_t nsummary, capsummary;
} cmp_result;

int compare_diff(const scored *cur, const scored *prop, cmp_result *out);
void compare_result_free(cmp_result *c);
int compare_write_text(void *arg, FILE *f);
int compare_write_json(void *arg, FILE *f);

/* Shared by both verbs: the status's name, NULL when it was not judged. */
const char *cmp_status_name(int status);
/* A figure's value as text: rates in %, seconds in s, else one decimal. */
void cmp_format_value(char *buf, size_t len, int type, const char *unit, double v);

#endif
