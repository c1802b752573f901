/* coaching: what to say.  Strengths are the figures on target, largest
 * margin first; focus areas (agent.c, team.c) follow the scorecard's
 * shortfalls; a buddy is a teammate who meets the target with a margin and
 * enough sample. */
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

/* A teammate who meets this target (their own, and the agent's) with at least
 * the policy's margin on enough contacts; the largest margin wins. */
const ccs_scorecard *co_find_buddy(const coaching *c, const ccs_report *r, const ccs_scorecard *agent,
                                   const ccs_metric_score *m)
{
    const ccs_scorecard *best = NULL;
    double best_margin = 0;
    uint64_t best_n = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *o = &r->agents[i];
        if (o == agent || !o->team || !agent->team || strcmp(o->team, agent->team) != 0 ||
            strcmp(o->id, agent->id) == 0)
            continue;
        const ccs_metric_score *om = co_metric_of(o, m->name);
        if (!om || !om->defined || om->status != CCS_STATUS_MEETS || om->n < c->buddy_min_n)
            continue;
        double own = co_margin(om, om->target), theirs = co_margin(om, m->target);
        double mg = own < theirs ? own : theirs;
        if (mg < c->buddy_margin)
            continue;
        if (!best || mg > best_margin || (mg == best_margin && om->n > best_n)) {
            best = o;
            best_margin = mg;
            best_n = om->n;
        }
    }
    return best;
}
