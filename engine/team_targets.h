/* Per-team targets (issue 11, CC27 1.1): a [team NAME] section overrides a
 * metric's target, weight and near for that team, written METRIC.KEY:
 *
 *     [team north]
 *     aht.target = 380
 *     fcr.weight = 2
 *     csat.near = 10%
 *
 * The team's card and its agents' cards are judged against them; a personal
 * objective still wins over the team's target. */
#ifndef CCS_TEAM_TARGETS_H
#define CCS_TEAM_TARGETS_H

#include <stddef.h>

#include "diag.h"
#include "policy.h"

typedef struct team_override {
    char *team;
    int has_target, has_weight, has_near;
    double target, weight, near;
} team_override;

/* Check every [team NAME] section of the policy: keys METRIC.target,
 * METRIC.weight or METRIC.near of a metric the policy has, values as in
 * [metric] (rates' targets as 80% or 0.80).  Errors as file:line. */
void team_targets_check(const policy *p, diag_list *d);
/* The overrides of metric instance `metric` (of metric_type), one per team
 * that sets any; *out NULL when none.  -1 when out of memory. */
int team_targets_for(const policy *p, const char *metric, int metric_type, team_override **out, size_t *n);
void team_targets_free(team_override *t, size_t n);
/* The override of `team` among t[0..n), or NULL. */
const team_override *team_override_find(const team_override *t, size_t n, const char *team);

#endif
