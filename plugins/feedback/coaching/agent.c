/* coaching: one agent's feedback.  The view model opens with strengths
 * (figures meeting target, largest margin first, and improvements since the
 * previous period), then at most max_focus focus areas taken in the order of
 * the scorecard's shortfalls (largest weighted gap first), each with a next
 * action from the organisation's action library (action_<metric>.mustache),
 * a buddy and what closing the gap means for the team
 * (impact_<metric>.mustache).  Figures with too little data are listed as
 * such, never as shortfalls. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coaching.h"

static void put_who(mst_value *v, const coaching *c, const ccs_report *r, const ccs_scorecard *a)
{
    char fn[128];
    mst_put_str(v, "id", a->id);
    mst_put_str(v, "name", a->name ? a->name : a->id);
    mst_put_str(v, "first_name", co_first_name(a->name, fn, sizeof fn) ? fn : a->id);
    mst_put_str(v, "team", a->team ? a->team : "");
    co_put_period(v, r);
    mst_put_bool(v, "formal", c->formal);
    mst_put_bool(v, "informal", !c->formal);
    mst_put_bool(v, "detailed", c->detailed);
    mst_put_bool(v, "summary", !c->detailed);
    if (a->has_score)
        mst_put_strf(v, "score", "%.0f", a->score);
    co_put_band(v, r, a);
}

/* Strengths (the first three, or all when detailed), improvements since last
 * period on figures not (yet) on target, and the opening they make. */
static void put_strengths(mst_value *v, const coaching *c, const ccs_scorecard *a, const pick *picks, size_t np,
                          agent_choice *ch)
{
    size_t nshow = c->detailed ? np : (np < 3 ? np : 3);
    mst_value *strengths = mst_list(), *more = mst_list();
    for (size_t i = 0; i < nshow; i++) {
        mst_push(strengths, co_metric_entry(picks[i].m));
        if (i > 0)
            mst_push(more, co_metric_entry(picks[i].m));
    }
    mst_value *improved = mst_list();
    const ccs_metric_score *first_improved = NULL;
    for (size_t i = 0; i < a->nmetrics; i++) {
        const ccs_metric_score *m = &a->metrics[i];
        if (co_judged(m) && m->status != CCS_STATUS_MEETS && co_improvement(m) > 0) {
            mst_push(improved, co_metric_entry(m));
            if (!first_improved)
                first_improved = m;
        }
    }
    ch->opening = np ? "strength" : first_improved ? "improvement" : "neutral";
    ch->strengths = picks;
    ch->nstrengths = nshow;
    mst_put(v, "opening_strength", np ? co_metric_entry(picks[0].m) : mst_bool(0));
    mst_put(v, "opening_improvement", !np && first_improved ? co_metric_entry(first_improved) : mst_bool(0));
    mst_put_bool(v, "opening_neutral", !np && !first_improved);
    mst_put_bool(v, "has_strengths", np > 0);
    mst_put(v, "strengths", co_ends(strengths));
    mst_put_bool(v, "has_more_strengths", more->n > 0);
    mst_put(v, "more_strengths", co_ends(more));
    mst_put(v, "improvements", co_ends(improved));
}

/* One focus area: the figure, its team effect, a buddy, the next action and
 * its impact. */
static mst_value *focus_entry(const coaching *c, const ccs_report *r, const ccs_scorecard *a,
                              const buddy_plan *plan, const ccs_metric_score *m, size_t rank,
                              const ccs_scorecard **buddy)
{
    char fn[128];
    mst_value *e = co_metric_entry(m);
    mst_put_num(e, "rank", (double)rank);
    co_add_team_effect(e, m, a, co_team_card(r, a->team));
    mst_put_str(e, "first_name", co_first_name(a->name, fn, sizeof fn) ? fn : a->id);
    mst_put_str(e, "period_kind", r->period_kind);
    const ccs_scorecard *b = co_find_buddy(plan, r, a, m);
    if (b) {
        mst_value *bv = mst_map();
        char bfn[128];
        mst_put_str(bv, "name", b->name ? b->name : b->id);
        mst_put_str(bv, "first_name", co_first_name(b->name, bfn, sizeof bfn) ? bfn : b->id);
        mst_put(e, "buddy", bv);
    }
    const char *prefix[2] = { "action_", "impact_" };
    for (int i = 0; i < 2; i++) {
        char *text = co_render_named(c, prefix[i], m->name, e);
        if (text) {
            mst_put_str(e, i ? "impact" : "action", text);
            free(text);
        }
    }
    *buddy = b;
    return e;
}

/* Focus areas: the shortfalls in order of weighted gap, never a figure with
 * too little data. */
static void put_focus(mst_value *v, const coaching *c, const ccs_report *r, const ccs_scorecard *a,
                      const buddy_plan *plan, agent_choice *ch)
{
    mst_value *focus = mst_list();
    size_t nfocus = 0;
    for (size_t k = 0; k < a->nshortfalls && nfocus < (size_t)c->max_focus && nfocus < COACHING_MAX_FOCUS; k++) {
        const ccs_metric_score *m = &a->metrics[a->shortfalls[k]];
        if (!co_judged(m) || m->status == CCS_STATUS_MEETS)
            continue;
        mst_push(focus, focus_entry(c, r, a, plan, m, nfocus + 1, &ch->buddy[nfocus]));
        ch->focus[nfocus++] = m;
    }
    ch->nfocus = nfocus;
    mst_put(v, "focus", co_ends(focus));
    mst_put_bool(v, "has_focus", nfocus > 0);
    mst_put_bool(v, "single_focus", nfocus == 1);
}

/* Most judged figures below target (not just near): careful wording. */
static void put_tone(mst_value *v, const ccs_scorecard *a, size_t np, agent_choice *ch)
{
    size_t njudged = 0, nbelow = 0;
    for (size_t i = 0; i < a->nmetrics; i++)
        if (co_judged(&a->metrics[i])) {
            njudged++;
            nbelow += a->metrics[i].status == CCS_STATUS_BELOW;
        }
    ch->careful = njudged > 0 && nbelow * 2 > njudged;
    mst_put_bool(v, "careful", ch->careful);
    mst_put_bool(v, "all_on_target", njudged > 0 && np == njudged);
}

/* Every figure with a target, those with too little data and those set by
 * the agent's objectives. */
static void put_lists(mst_value *v, const ccs_scorecard *a)
{
    mst_value *insufficient = mst_list(), *objectives = mst_list(), *all = mst_list();
    for (size_t i = 0; i < a->nmetrics; i++) {
        const ccs_metric_score *m = &a->metrics[i];
        if (m->status == CCS_STATUS_INSUFFICIENT && m->has_target)
            mst_push(insufficient, co_metric_entry(m));
        if (m->target_from_objective && m->has_target)
            mst_push(objectives, co_metric_entry(m));
        if (m->has_target && m->defined)
            mst_push(all, co_metric_entry(m));
    }
    mst_put_bool(v, "has_insufficient", insufficient->n > 0);
    mst_put(v, "insufficient", co_ends(insufficient));
    mst_put_bool(v, "has_objectives", objectives->n > 0);
    mst_put(v, "objectives", co_ends(objectives));
    mst_put(v, "metrics", co_ends(all));
}

/* The checks' findings about this agent, and their share of the team's
 * contacts. */
static void put_findings_and_share(mst_value *v, const ccs_report *r, const ccs_scorecard *a)
{
    mst_value *findings = mst_list();
    for (size_t i = 0; i < r->nfindings; i++) {
        const ccs_finding *f = &r->findings[i];
        if (!f->agent_id || strcmp(f->agent_id, a->id) != 0)
            continue;
        mst_value *e = mst_map();
        mst_put_str(e, "rule", f->rule);
        mst_put_str(e, "message", f->message ? f->message : "");
        mst_push(findings, e);
    }
    mst_put_bool(v, "has_findings", findings->n > 0);
    mst_put(v, "findings", co_ends(findings));

    const ccs_scorecard *team = co_team_card(r, a->team);
    const ccs_metric_score *handled = co_metric_of(a, "handled"), *th = co_metric_of(team, "handled");
    if (handled && handled->defined && th && th->defined && th->value > 0) {
        mst_put_num(v, "contacts", handled->value);
        mst_put_num(v, "team_contacts", th->value);
        mst_put_num(v, "team_share", floor(100.0 * handled->value / th->value + 0.5));
    }
}

/* ABI 1.4: the agent's runs of periods below target (persistent
 * shortfalls, from the history store), for a formal review to speak of with
 * care.  Team feedback never gets them. */
static void put_persistent(mst_value *v, const ccs_report *r, const ccs_scorecard *a)
{
    mst_value *runs = mst_list();
    for (size_t i = 0; CCS_HAS_FIELD(r, ccs_report, persistent) && i < r->npersistent; i++) {
        const ccs_persistent_shortfall *p = &r->persistent[i];
        const ccs_metric_score *m = strcmp(p->agent_id, a->id) == 0 ? co_metric_of(a, p->metric) : NULL;
        if (!m)
            continue;
        mst_value *e = co_metric_entry(m);
        mst_put_num(e, "periods", p->periods);
        mst_put_str(e, "since", p->since);
        mst_put_str(e, "period_kind", r->period_kind);
        mst_push(runs, e);
    }
    mst_put_bool(v, "has_persistent", runs->n > 0);
    mst_put(v, "persistent", co_ends(runs));
}

int co_agent_feedback(const coaching *c, ccs_host *host, const ccs_report *r, const ccs_scorecard *a,
                      const buddy_plan *plan, coaching_section *sec)
{
    size_t np = 0;
    pick *picks = co_on_target(a, NULL, &np);
    if (!picks)
        return CCS_ERR;
    agent_choice ch = { .agent = a };
    mst_value *v = mst_map();
    put_who(v, c, r, a);
    put_strengths(v, c, a, picks, np, &ch);
    put_focus(v, c, r, a, plan, &ch);
    put_tone(v, a, np, &ch);
    put_lists(v, a);
    put_findings_and_share(v, r, a);
    put_persistent(v, r, a);
    co_put_comments(v, a, 1);
    int rc = co_emit_feedback(c, host, v, CCS_ENTITY_AGENT, a->id);
    mst_free(v);
    co_section_agent(sec, &ch); /* what was chosen, for the report */
    free(picks);
    if (rc != CCS_OK)
        coaching_api->log(host, CCS_LOG_ERROR, "could not render the feedback of agent %s", a->id);
    return rc;
}
