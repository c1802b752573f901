/* Scoring: judge each figure against its target, weight the judgements into a
 * 0-100 score, and order shortfalls.  Pure functions, no engine state. */
#ifndef CCS_SCORE_H
#define CCS_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"


/* Fill status, gap and weighted_gap of a figure whose value, n, target,
 * direction and weight are set.  The gap is the relative shortfall
 * |target - value| / |target| on the wrong side of the target (absolute when
 * the target is 0); near is that share of the target. */
void judge_metric(ccs_metric_score *m, double near, uint64_t min_sample);

/* Weighted mean of per-figure points, 100 x max(0, 1 - gap), over the figures
 * judged meets/near/below.  Returns 0 and sets *score, or -1 when nothing was
 * judged. */
int weighted_score(const ccs_metric_score *m, size_t n, double *score);

/* Indices of figures judged near or below, largest weighted gap first (ties by
 * name); returns how many were written to out (room for n). */
size_t order_shortfalls(const ccs_metric_score *m, size_t n, size_t *out);

#endif
