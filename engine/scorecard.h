/* From the run's cells to the report model: merge cells per agent, team,
 * queue and organisation for the report period and the one before, ask each
 * metric for its result, and score against targets and objectives. */
#ifndef CCS_SCORECARD_H
#define CCS_SCORECARD_H

#include "ccscore/plugin.h"
#include "diag.h"

struct ccs_host;

typedef struct report_model {
    ccs_report rep;
    /* owned storage behind rep */
    ccs_scorecard *cards;      /* agents, then teams, then queues, then org */
    ccs_metric_score *scores;
    size_t *shortfalls;
    ccs_figure_points *points; /* parallel to scores (ABI 1.3, scorecard_rules.c) */
    ccs_card_scoring *card_scoring; /* parallel to cards */
    ccs_metric_scoring *scoring;
    const char **review;       /* rule ids of every card's review list */
    ccs_persistent_shortfall *persistent; /* ABI 1.4, history/persistent.c */
    char (*persistent_since)[32];
    size_t npersistent;
    long persistent_need;      /* [history] persistent_periods */
    int32_t *hired_on;         /* parallel to the agents' cards (ABI 1.4) */
    char period[32], previous[32], first[16], last[16];
} report_model;

/* Build the report for a period (has_period 0: the latest one with data).
 * Returns -1 with a diagnostic when there is nothing to report. */
int build_report(struct ccs_host *h, int has_period, int32_t period_id, report_model *out,
                 diag_list *d);
void report_model_free(report_model *m);

/* One card's figures from merged accumulators (`acc`, and the period before
 * in `prev_acc` or NULL), judged as the report judges them: card->entity set
 * by the caller; agent >= 0 applies that agent's objectives for the days
 * first..last.  ms, sf, fp have room for the run's metrics.  Issue 17:
 * `ccscore skills` fills one per agent x queue x channel. */
struct run_state;
struct ccs_figure_points;
void fill_card(const struct run_state *r, ccs_scorecard *card, ccs_metric_score *ms, size_t *sf,
               ccs_figure_points *fp, const unsigned char *acc, const unsigned char *prev_acc,
               int32_t agent, int32_t first, int32_t last);

/* scorecard_rules.c: the scoring rules' part of the report (ABI 1.3) once
 * the cards are filled and sorted: each metric's method, each card's figure
 * points, band and review list.  -1 when out of memory. */
int scoring_rules_report(struct ccs_host *h, report_model *out, size_t ncards, size_t nm);
void scoring_rules_report_free(report_model *m);

#endif
