/* coaching: what to say.  Strengths are the figures on target, largest
 * margin first; focus areas (agent.c, team.c) follow the scorecard's
 * shortfalls; buddies come from the buddy plan (lib/buddy.c), the same
 * allocation as `ccscore buddies`. */
#include <stdlib.h>
#include <string.h>

#include "coaching.h"

static int by_key_desc(const void *a, const void *b)
{
    double x = ((const pick *)a)->key, y = ((const pick *)b)->key;
    return x < y ? 1 : x > y ? -1 : 0;
}

pick *co_on_target(const ccs_scorecard *sc, int (*skip)(const char *name), size_t *np)
{
    pick *picks = calloc(sc->nmetrics ? sc->nmetrics : 1, sizeof *picks);
    size_t n = 0;
    for (size_t i = 0; picks && i < sc->nmetrics; i++) {
        const ccs_metric_score *m = &sc->metrics[i];
        if (co_judged(m) && m->status == CCS_STATUS_MEETS && !(skip && skip(m->name)))
            picks[n++] = (pick){ m, co_margin(m, m->target) };
    }
    if (picks)
        qsort(picks, n, sizeof *picks, by_key_desc);
    *np = n;
    return picks;
}

int co_buddy_plan(const coaching *c, const ccs_report *r, buddy_plan *plan)
{
    buddy_params p;
    buddy_params_default(&p);
    p.margin = c->buddy_margin;
    p.min_n = c->buddy_min_n;
    p.max_mentees = c->max_mentees;
    p.focus = c->max_focus;
    p.review_days = c->review_days;
    return buddy_plan_build(r, &p, plan);
}

/* The plan's buddy: a colleague who meets this target (their own, and the
 * agent's) with at least the policy's margin on enough observations, a
 * teammate first, each with at most max_mentees (lib/buddy.h). */
const ccs_scorecard *co_find_buddy(const buddy_plan *plan, const ccs_report *r, const ccs_scorecard *agent,
                                   const ccs_metric_score *m)
{
    if (agent < r->agents || agent >= r->agents + r->nagents)
        return NULL;
    return buddy_plan_find(plan, r, (size_t)(agent - r->agents), m->name);
}
