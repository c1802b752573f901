/* coaching: the pieces of the mustache view model that agent and team
 * feedback share: a metric's entry, the team effect of closing a gap, how
 * many teammates meet a figure, the period, list ends for joins. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "coaching.h"

/* Mark the first and last item of a list of maps, for joins in templates
 * ("a, b and c"). */
mst_value *co_ends(mst_value *list)
{
    for (size_t i = 0; list && i < list->n; i++) {
        mst_put_bool(list->items[i], "first", i == 0);
        mst_put_bool(list->items[i], "last", i + 1 == list->n);
        mst_put_bool(list->items[i], "penultimate", i + 2 == list->n);
    }
    return list;
}

/* Figures shared by every metric entry of the view model. */
mst_value *co_metric_entry(const ccs_metric_score *m)
{
    char v[64], t[64];
    mst_value *e = mst_map();
    co_fmt_value(v, sizeof v, m, m->value);
    mst_put_str(e, "metric", m->name);
    mst_put_str(e, "label", co_label_of(m->name));
    mst_put_str(e, "value", v);
    mst_put_num(e, "n", (double)m->n);
    if (m->has_target) {
        co_fmt_value(t, sizeof t, m, m->target);
        mst_put_str(e, "target", t);
        co_fmt_diff(t, sizeof t, m, m->value - m->target);
        mst_put_str(e, "difference", t);
    }
    mst_put_bool(e, "objective", m->target_from_objective);
    mst_put_bool(e, "lower_is_better", m->direction < 0);
    if (m->has_previous) {
        char p[64], d[64];
        co_fmt_value(p, sizeof p, m, m->previous);
        co_fmt_diff(d, sizeof d, m, m->value - m->previous);
        mst_put_str(e, "previous", p);
        mst_put_str(e, "change", d);
        double better = (m->direction < 0 ? -1.0 : 1.0) * (m->value - m->previous);
        mst_put_bool(e, "improved", co_improvement(m) > 0);
        mst_put_bool(e, "slipped", better < 0 && co_improvement(m) == 0 &&
                                       fabs(m->value - m->previous) > (m->type == CCS_METRIC_RATE ? 0.005 : fabs(m->previous) * 0.01));
        mst_put_bool(e, "steady", co_improvement(m) == 0 && better >= 0);
    }
    const char *st = m->status == CCS_STATUS_MEETS ? "on target"
                   : m->status == CCS_STATUS_NEAR ? "just short of target"
                   : m->status == CCS_STATUS_BELOW ? "short of target"
                   : m->status == CCS_STATUS_INSUFFICIENT ? "not enough data yet" : "no target";
    mst_put_str(e, "status", st);
    mst_put_bool(e, "meets", m->status == CCS_STATUS_MEETS);
    mst_put_bool(e, "near", m->status == CCS_STATUS_NEAR);
    mst_put_bool(e, "below", m->status == CCS_STATUS_BELOW);
    mst_put_bool(e, "insufficient", m->status == CCS_STATUS_INSUFFICIENT);
    return e;
}

/* What closing this gap means for the team: numbers for impact_<metric>. */
void co_add_team_effect(mst_value *e, const ccs_metric_score *m, const ccs_scorecard *agent,
                            const ccs_scorecard *team)
{
    const ccs_metric_score *handled = co_metric_of(agent, "handled");
    double volume = handled && handled->defined ? handled->value : (double)m->n;
    mst_put_num(e, "volume", volume);
    double gain = fabs(m->target - m->value); /* in the metric's unit */
    if (m->type == CCS_METRIC_RATE) {
        mst_put_num(e, "contacts", floor(gain * (double)m->n + 0.5));
        mst_put_num(e, "five_points", floor(0.05 * (double)m->n + 0.5));
    } else if (co_is_seconds(m)) {
        char h[32];
        snprintf(h, sizeof h, "%.1f", gain * volume / 3600.0);
        mst_put_str(e, "hours", h);
    }
    const ccs_metric_score *tm = co_metric_of(team, m->name);
    if (tm && tm->defined && tm->n > 0 && m->n <= tm->n) {
        /* The team's figure is the mean over its contacts: the agent's share
         * of them moves it by share x gain. */
        double share = (double)m->n / (double)tm->n;
        double after = tm->value + (m->direction < 0 ? -1.0 : 1.0) * share * gain;
        char a[64], b[64];
        co_fmt_value(a, sizeof a, tm, tm->value);
        co_fmt_value(b, sizeof b, tm, after);
        mst_put_str(e, "team_now", a);
        mst_put_str(e, "team_after", b);
        if (tm->has_target) {
            co_fmt_value(a, sizeof a, tm, tm->target);
            mst_put_str(e, "team_target", a);
        }
        mst_put_num(e, "share", floor(share * 100.0 + 0.5));
    }
}

/* How many of the team's agents are judged on this figure, and how many of
 * them meet it (counts only: team texts name no one). */
void co_put_team_meeting(mst_value *e, const ccs_report *r, const ccs_scorecard *tc,
                             const ccs_metric_score *m)
{
    size_t meeting = 0, counted = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *ag = &r->agents[i];
        if (!ag->team || strcmp(ag->team, tc->id) != 0)
            continue;
        const ccs_metric_score *am = co_metric_of(ag, m->name);
        if (am && co_judged(am)) {
            counted++;
            meeting += am->status == CCS_STATUS_MEETS;
        }
    }
    mst_put_num(e, "meeting", (double)meeting);
    mst_put_num(e, "counted", (double)counted);
    mst_put_bool(e, "some_meeting", meeting > 0);
}

/* The period the feedback is about. */
void co_put_period(mst_value *v, const ccs_report *r)
{
    mst_put_str(v, "period", r->period);
    mst_put_str(v, "period_kind", r->period_kind);
    mst_put_str(v, "period_start", r->period_start);
    mst_put_str(v, "period_end", r->period_end);
    if (r->previous_period)
        mst_put_str(v, "previous_period", r->previous_period);
}

/* ABI 1.3: the card's score band ({{band}}), when the policy sets score bands. */
void co_put_band(mst_value *v, const ccs_report *r, const ccs_scorecard *card)
{
    const ccs_card_scoring *cs = ccs_card_scoring_of(r, card);
    if (cs && cs->band)
        mst_put_str(v, "band", cs->band);
}
