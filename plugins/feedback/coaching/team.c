/* coaching: one team's feedback.  It celebrates the team's results and names
 * nobody: counts of members meeting a figure, never names.  Service level,
 * abandon rate and speed of answer are pressure on the team, not focus
 * areas. */
#include <stdlib.h>
#include <string.h>

#include "coaching.h"

static void put_who(mst_value *v, const coaching *c, const ccs_report *r, const ccs_scorecard *tc)
{
    mst_put_str(v, "team", tc->id);
    co_put_period(v, r);
    mst_put_bool(v, "formal", c->formal);
    mst_put_bool(v, "detailed", c->detailed);
    if (tc->has_score)
        mst_put_strf(v, "score", "%.0f", tc->score);
    co_put_band(v, r, tc);
    size_t members = 0;
    for (size_t i = 0; i < r->nagents; i++)
        members += r->agents[i].team && strcmp(r->agents[i].team, tc->id) == 0;
    mst_put_num(v, "members", (double)members);
}

/* Wins (on target, largest margin first), improvements, and every figure
 * with how many members meet it. */
static int put_wins(mst_value *v, const coaching *c, const ccs_report *r, const ccs_scorecard *tc)
{
    size_t np = 0;
    pick *picks = co_on_target(tc, co_pressure_metric, &np);
    if (!picks)
        return CCS_ERR;
    mst_value *wins = mst_list(), *improved = mst_list(), *all = mst_list();
    for (size_t i = 0; i < tc->nmetrics; i++) {
        const ccs_metric_score *m = &tc->metrics[i];
        if (co_pressure_metric(m->name))
            continue;
        if (co_judged(m) && m->status != CCS_STATUS_MEETS && co_improvement(m) > 0)
            mst_push(improved, co_metric_entry(m));
        if (m->has_target && m->defined) {
            mst_value *e = co_metric_entry(m);
            co_put_team_meeting(e, r, tc, m);
            mst_push(all, e);
        }
    }
    for (size_t i = 0; i < np && (c->detailed || i < 3); i++)
        mst_push(wins, co_metric_entry(picks[i].m));
    free(picks);
    mst_put_bool(v, "has_wins", wins->n > 0);
    mst_put(v, "wins", co_ends(wins));
    mst_put(v, "improvements", co_ends(improved));
    mst_put(v, "metrics", co_ends(all));
    return CCS_OK;
}

/* The team's shortfalls in order of weighted gap, each with a team action. */
static void put_focus(mst_value *v, const coaching *c, const ccs_report *r, const ccs_scorecard *tc)
{
    mst_value *focus = mst_list();
    size_t nfocus = 0;
    for (size_t k = 0; k < tc->nshortfalls && nfocus < (size_t)c->max_focus; k++) {
        const ccs_metric_score *m = &tc->metrics[tc->shortfalls[k]];
        if (!co_judged(m) || m->status == CCS_STATUS_MEETS || co_pressure_metric(m->name))
            continue;
        mst_value *e = co_metric_entry(m);
        co_put_team_meeting(e, r, tc, m);
        mst_put_str(e, "period_kind", r->period_kind);
        char *action = co_render_named(c, "team_action_", m->name, e);
        if (action) {
            mst_put_str(e, "action", action);
            free(action);
        }
        mst_push(focus, e);
        nfocus++;
    }
    mst_put_bool(v, "has_focus", nfocus > 0);
    mst_put(v, "focus", co_ends(focus));
}

/* Pressure figures of the team (queue NULL) or a queue: those short of
 * target into `missed` (with where they are), those on target into `held`
 * when given. */
static void pressure_of(const ccs_scorecard *sc, const char *queue, mst_value *missed, mst_value *held)
{
    for (size_t i = 0; i < sc->nmetrics; i++) {
        const ccs_metric_score *m = &sc->metrics[i];
        if (!co_pressure_metric(m->name) || !co_judged(m))
            continue;
        if (m->status != CCS_STATUS_MEETS) {
            mst_value *e = co_metric_entry(m);
            if (queue)
                mst_put_strf(e, "where", "the %s queue", queue);
            else
                mst_put_str(e, "where", "our team's calls");
            mst_push(missed, e);
        } else if (held) {
            mst_push(held, co_metric_entry(m));
        }
    }
}

/* Service-level pressure: the team's own figures, then the queues'. */
static void put_pressure(mst_value *v, const ccs_report *r, const ccs_scorecard *tc)
{
    mst_value *pressure = mst_list(), *held = mst_list();
    pressure_of(tc, NULL, pressure, held);
    for (size_t q = 0; q < r->nqueues; q++)
        pressure_of(&r->queues[q], r->queues[q].id, pressure, NULL);
    mst_put_bool(v, "has_pressure", pressure->n > 0);
    mst_put(v, "pressure", co_ends(pressure));
    mst_put(v, "service_held", co_ends(held));
}

int co_team_feedback(const coaching *c, ccs_host *host, const ccs_report *r, const ccs_scorecard *tc)
{
    mst_value *v = mst_map();
    put_who(v, c, r, tc);
    int rc = put_wins(v, c, r, tc);
    if (rc == CCS_OK) {
        put_focus(v, c, r, tc);
        put_pressure(v, r, tc);
        co_put_comments(v, tc, 0);
        rc = co_emit_feedback(c, host, v, CCS_ENTITY_TEAM, tc->id);
    }
    mst_free(v);
    return rc;
}
