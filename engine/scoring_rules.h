/* Scoring rules an organisation writes: per-metric methods (linear, or
 * points by bands of values), score bands that label a card's score, and
 * the points a figure earns.  Parsing reports file:line errors; the rest are
 * pure functions. */
#ifndef CCS_SCORING_RULES_H
#define CCS_SCORING_RULES_H

#include <stddef.h>

#include "ccscore/plugin.h"
#include "diag.h"

#define MAX_BANDS 16

typedef struct metric_rule {
    int method;                /* CCS_SCORING_LINEAR or CCS_SCORING_BANDS */
    size_t nbands;
    double bands[MAX_BANDS];   /* thresholds, best first (rates as fractions) */
    double points[MAX_BANDS + 1];
} metric_rule;

/* A metric section's `scoring`, `bands` and `points` (org_method: the
 * organisation's default method).  direction +1: higher is better.  Every
 * problem goes into d (may be NULL) at the key's file:line; returns -1 when
 * there was one, and then *out is linear. */
int metric_rule_load(const ccs_config *c, int metric_type, int direction, int org_method,
                     metric_rule *out, diag_list *d);

/* `score_bands = 90 excellent, 75 good, 60 developing, 0 needs support`:
 * lowest scores strictly falling, the last 0, labels of letters, digits,
 * spaces, '-' and '_'.  Labels are allocated; -1 with the fix in err. */
int score_bands_parse(const char *text, ccs_score_band **out, size_t *n, char *err, size_t errlen);
void score_bands_free(ccs_score_band *b, size_t n);
/* The band of a score (its label), NULL when none fits. */
const char *score_band_of(const ccs_score_band *b, size_t n, double score);

/* The points 0..100 of a judged figure: linear 100 x max(0, 1 - gap) when
 * it was judged against a target; bands by its value when it is defined
 * with enough observations (min_sample) and applies.  Returns 0 and sets
 * *points, or -1 when the figure earns none (left out of the score). */
int figure_points(const ccs_metric_score *m, const metric_rule *r, uint64_t min_sample,
                  int applies, double *points);
/* Points by bands alone: the first threshold the value is at or better than. */
double band_points(const metric_rule *r, int direction, double value);

/* Weighted mean of the points that exist; -1 when none. */
int weighted_points(const ccs_metric_score *m, const ccs_figure_points *p, size_t n, double *score);

#endif
