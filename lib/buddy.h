/* The buddy plan (issue 17): one allocation, used by `ccscore buddies` and by
 * the coaching feedback, so that the text names the buddy the plan names.
 *
 * Mentees are agents with a figure judged near or below target among their
 * first `focus` shortfalls (largest weighted gap first, as the scorecard
 * orders them).  A buddy for (mentee, figure) is another agent whose figure
 * meets both targets (their own and the mentee's) by at least `margin` (a
 * share of the target) on at least `min_n` observations (0: the figure's own
 * minimum sample, which "meets" already implies); a teammate first, then the
 * colleague already buddying this mentee, then the largest margin, then the
 * most observations, then the id.  Each buddy takes at most `max_mentees`
 * mentees (a mentee counts once, however many figures the pair covers).
 *
 * Order of allocation: new starters (hired fewer than `new_days` days before
 * the period's last day) with a figure below target, then other agents below
 * target, then agents near it; within each, the largest weighted gap first,
 * then the id.  Each focus figure that gets nobody is listed as unpaired
 * with the reason: nobody meets the figure with the margin on enough data, or every
 * colleague who does already has max_mentees.  The review date is the
 * period's last day plus `review_days`. */
#ifndef CCS_BUDDY_H
#define CCS_BUDDY_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"

#define BUDDY_NEW_DAYS 90

typedef struct buddy_params {
    double margin;             /* 0.05: 5% better than target */
    uint64_t min_n;            /* 0: the figure's minimum sample */
    int max_mentees;           /* per buddy, >= 1 */
    int focus;                 /* shortfalls considered per mentee, >= 1 */
    int review_days;           /* after the period's last day */
} buddy_params;

enum buddy_reason {
    BUDDY_NEW_STARTER_BELOW = 1, /* pairs, and unpaired */
    BUDDY_BELOW,
    BUDDY_NEAR,
};

enum buddy_unpaired_why {
    BUDDY_NOBODY_QUALIFIES = 1, /* no colleague meets it with the margin on enough data */
    BUDDY_ALL_FULL,             /* those who do already have max_mentees */
};

typedef struct buddy_pair {
    size_t mentee, buddy;      /* indices into the report's agents */
    size_t metric;             /* index into their cards' metrics */
    int reason;                /* enum buddy_reason, of this figure */
    int same_team;
    double margin;             /* the buddy's margin (the smaller of the two targets') */
} buddy_pair;

typedef struct buddy_unpaired {
    size_t mentee, metric;     /* metric: the focus figure left without a buddy */
    int reason;                /* enum buddy_reason */
    int why;                   /* enum buddy_unpaired_why */
} buddy_unpaired;

typedef struct buddy_plan {
    buddy_pair *pairs;
    size_t npairs, cappairs;
    buddy_unpaired *unpaired;
    size_t nunpaired, capunpaired;
    int32_t period_end;        /* days since 1970-01-01, INT32_MIN when unknown */
    int32_t review_day;        /* period_end + review_days, INT32_MIN when unknown */
} buddy_plan;

void buddy_params_default(buddy_params *p);
/* The plan over the report's agents; 0, or -1 when out of memory (the
 * plan is then empty).  Hire dates come from r->agents_hired_on (ABI 1.4)
 * when the report has them; without them nobody counts as a new starter. */
int buddy_plan_build(const ccs_report *r, const buddy_params *p, buddy_plan *out);
void buddy_plan_free(buddy_plan *plan);
/* The plan's buddy of agent index `mentee` for the figure named `metric`,
 * or NULL. */
const ccs_scorecard *buddy_plan_find(const buddy_plan *plan, const ccs_report *r, size_t mentee,
                                     const char *metric);
/* Whether agent index i was hired fewer than BUDDY_NEW_DAYS before the
 * plan's period end. */
int buddy_new_starter(const ccs_report *r, const buddy_plan *plan, size_t i);

const char *buddy_reason_name(int reason);   /* new_starter_below, below, near */
const char *buddy_why_name(int why);         /* no_qualified_buddy, buddies_full */
const char *buddy_why_text(int why);         /* the same in a sentence */

#endif
