/* Reasonable adjustments: an agent flagged `adjusted` in the roster whose
 * metric was judged in the period against the standard (team or
 * organisation) target rather than their personal objective.  The metrics
 * concerned are those the agent's objectives name (the adjusted targets on
 * record); an adjusted agent with no objective at all has none on record, so
 * every judged metric is concerned.  Nothing else is said about them. */
#include <stdio.h>
#include <string.h>

#include "eq.h"

static int concerned(const eq_inst *e, const char *id, const char *metric)
{
    if (strtab_find(&e->objective_agents, id, strlen(id)) < 0)
        return 1;
    char key[256];
    int len = snprintf(key, sizeof key, "%s\x1f%s", id, metric);
    return len > 0 && (size_t)len < sizeof key && strtab_find(&e->objectives, key, (size_t)len) >= 0;
}

static void flag(const eq_inst *e, ccs_host *host, const ccs_scorecard *c, const ccs_metric_score *m)
{
    char msg[320], measured[64], limit[96], target[32];
    if (m->type == CCS_METRIC_RATE)
        snprintf(target, sizeof target, "%.1f%%", 100 * m->target);
    else
        snprintf(target, sizeof target, "%g%s%s", m->target, m->unit && *m->unit ? " " : "", m->unit ? m->unit : "");
    snprintf(msg, sizeof msg,
             "an agent with a reasonable adjustment on record was judged on %s against the standard target "
             "(%s) in this period: no personal objective with the adjusted target covered it",
             m->name, target);
    snprintf(measured, sizeof measured, "standard target %s", target);
    snprintf(limit, sizeof limit, "the adjusted target (a personal objective)");
    ccs_finding f = { "eq.adjustment_not_applied", CCS_SEV_BREACH, e->p.owner, m->name, c->id, measured, limit,
                      msg };
    eq_api->add_finding(host, &f);
}

int eq_adjustments(eq_inst *e, ccs_host *host, const ccs_report *rep, eq_audit *out)
{
    for (size_t i = 0; i < rep->nagents; i++) {
        const ccs_scorecard *c = &rep->agents[i];
        int32_t ix = strtab_find(&e->ids, c->id, strlen(c->id));
        if (ix < 0 || !e->agents[ix].adjusted)
            continue;
        for (size_t j = 0; j < c->nmetrics; j++) {
            const ccs_metric_score *m = &c->metrics[j];
            int judged_now = m->has_target && m->status != CCS_STATUS_NONE && m->status != CCS_STATUS_INSUFFICIENT;
            if (judged_now && !m->target_from_objective && concerned(e, c->id, m->name)) {
                flag(e, host, c, m);
                out->nadjustment++;
            }
        }
    }
    return CCS_OK;
}
