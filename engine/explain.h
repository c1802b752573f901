/* ccscore explain: the records behind one figure (explain.c gathers them,
 * explain_out.c writes them). */
#ifndef CCS_EXPLAIN_H
#define CCS_EXPLAIN_H

#include <stdint.h>
#include <stdio.h>

#include "compare.h"

/* One record of the agent (or team) as it arrived, and what each metric
 * makes of it alone. */
typedef struct xrec {
    uint32_t kind;             /* CCS_REC_CONTACT or CCS_REC_EVALUATION */
    char *ref;                 /* the contact id, or file:line of an evaluation */
    char *agent;               /* its agent id */
    char *team;                /* the contact's team ("" when none) */
    int64_t at;
    int32_t day;               /* local day */
    int outcome, csat, nps;
} xrec;

typedef struct xcontrib {
    int counted;               /* the metric takes a value from it alone */
    double value;
    void *acc;                 /* its accumulator until every input is read */
} xcontrib;

/* A record left out of a figure, and why. */
typedef struct xleft {
    const char *ref;
    char *reason;
    char *owned_ref;           /* file:line of a rejected row */
    int outside;               /* outside the period (text shows a count) */
} xleft;

/* One figure explained. */
typedef struct xfigure {
    size_t metric;             /* index into the run's metrics */
    const ccs_metric_score *m;
    const ccs_figure_points *p;
    size_t *counted;           /* indexes into the records */
    size_t ncounted;
    xleft *left;
    size_t nleft, capleft;
    double recomputed;         /* mean (or sum, for counts) of the counted values */
    int matches;               /* recomputed equals the figure */
    char target_from[512];     /* where the target came from */
} xfigure;

typedef struct explain_job {
    const char *policy, *period, *format, *output, *agent, *team, *metric;
    char **files;
    size_t nfiles;
    ccs_host host;
    report_model model;
    xrec *recs;
    size_t nrecs, caprecs;
    xcontrib *contrib;         /* nrecs x the run's nmetrics */
    size_t capcontrib;
    int oom;
    size_t *rejected;          /* row errors whose line names the agent or team */
    size_t nrejected, caprejected;
    const ccs_scorecard *card;
    xfigure *figs;
    size_t nfigs;
} explain_job;

int explain_write_text(void *arg, FILE *f);
int explain_write_json(void *arg, FILE *f);

#endif
