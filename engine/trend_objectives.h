/* Personal objectives over time for `ccscore trend`: each objective's
 * starting value, latest value, and whether a straight line through its
 * recorded values reaches the target by the end date. */
#ifndef CCS_TREND_OBJECTIVES_H
#define CCS_TREND_OBJECTIVES_H

#include <stdio.h>

#include "history.h"

typedef struct objective_view {
    char agent[128], metric[64], from[11], to[11];
    char start_period[32], latest_period[32], type[8], unit[16];
    double target, start, latest, projected;
    size_t npoints;            /* usable recorded periods from `from` to `to` */
    int direction;
    const char *verdict;       /* on track, not on track, not enough data */
} objective_view;

/* The objectives of one agent (agent NULL: every agent), by agent, metric
 * and start.  Returns 0 or -1 on a store error. */
int objectives_load(sqlite3 *db, enum period_kind kind, const char *agent, objective_view **out, size_t *n);

/* ,"objectives": [...] in JSON (with_agent: each carries its agent_id). */
void objectives_json(FILE *f, const objective_view *o, size_t n, int with_agent);
/* The text lines, under a heading. */
void objectives_text(FILE *f, const objective_view *o, size_t n, int with_agent);

#endif
