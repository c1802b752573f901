#include "scorecard.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "score.h"
#include "stats.h"

/* Merged accumulators for every entity, for one period. */
typedef struct totals {
    unsigned char *agent, *team, *queue, *org;
    unsigned char *agent_seen, *team_seen, *queue_seen; /* has any cell */
    int org_seen;
} totals;

static int32_t agent_team(const run_state *r, int32_t agent)
{
    if (agent < 0)
        return NO_ID;
    const agent_info *ai = &r->ainfo[agent];
    return ai->roster_team != NO_ID ? ai->roster_team : ai->seen_team;
}

static void merge_into(const run_state *r, unsigned char *dst, const unsigned char *src)
{
    for (size_t m = 0; m < r->nmetrics; m++) {
        const metric_slot *s = &r->metrics[m];
        s->ops->merge(s->cfg->inst, dst + s->offset, src + s->offset);
    }
}

/* finish() or acc_free() on every accumulator of the totals (ABI 1.3). */
static void totals_each(const run_state *r, totals *t,
                        void (*fn)(const run_state *, unsigned char *, size_t))
{
    fn(r, t->agent, r->agents.n + 1);
    fn(r, t->team, r->teams.n + 1);
    fn(r, t->queue, r->queues.n + 1);
    fn(r, t->org, 1);
}

static int totals_build(const run_state *r, int32_t slot, totals *t)
{
    size_t na = r->agents.n, nt = r->teams.n, nq = r->queues.n, ab = r->acc_bytes;
    memset(t, 0, sizeof *t);
    t->agent = calloc(na + 1, ab);
    t->team = calloc(nt + 1, ab);
    t->queue = calloc(nq + 1, ab);
    t->org = calloc(1, ab + 1);
    t->agent_seen = calloc(na + 1, 1);
    t->team_seen = calloc(nt + 1, 1);
    t->queue_seen = calloc(nq + 1, 1);
    if (!t->agent || !t->team || !t->queue || !t->org || !t->agent_seen || !t->team_seen ||
        !t->queue_seen)
        return -1;
    if (slot < 0)
        return 0;
    for (size_t c = 0; c < r->ncells; c++) {
        const cell_key *k = &r->cells[c];
        if (k->period != slot)
            continue;
        const unsigned char *acc = r->accs + c * ab;
        int32_t team = k->team != NO_ID ? k->team : agent_team(r, k->agent);
        if (k->agent != NO_ID) {
            merge_into(r, t->agent + (size_t)k->agent * ab, acc);
            t->agent_seen[k->agent] = 1;
        }
        if (team != NO_ID) {
            merge_into(r, t->team + (size_t)team * ab, acc);
            t->team_seen[team] = 1;
        }
        if (k->queue != NO_ID) {
            merge_into(r, t->queue + (size_t)k->queue * ab, acc);
            t->queue_seen[k->queue] = 1;
        }
        merge_into(r, t->org, acc);
        t->org_seen = 1;
    }
    totals_each(r, t, run_finish_accs);
    return 0;
}

static void totals_free(const run_state *r, totals *t)
{
    totals_each(r, t, run_free_accs);
    free(t->agent);
    free(t->team);
    free(t->queue);
    free(t->org);
    free(t->agent_seen);
    free(t->team_seen);
    free(t->queue_seen);
}

static void metric_result(const metric_slot *s, const unsigned char *acc, ccs_result *res)
{
    memset(res, 0, sizeof *res);
    s->ops->result(s->cfg->inst, acc + s->offset, res);
}

/* The personal objective for this agent and metric that covers the period;
 * the one starting last wins when several do. */
static const objective *find_objective(const run_state *r, int32_t agent, size_t metric,
                                       int32_t first, int32_t last)
{
    const objective *best = NULL;
    for (size_t i = 0; i < r->nobjectives; i++) {
        const objective *o = &r->objectives[i];
        if (o->agent != agent || o->metric != metric || o->from_day > last || o->to_day < first)
            continue;
        if (!best || o->from_day >= best->from_day)
            best = o;
    }
    return best;
}

void fill_card(const run_state *r, ccs_scorecard *card, ccs_metric_score *ms, size_t *sf,
                      ccs_figure_points *fp, const unsigned char *acc, const unsigned char *prev_acc,
                      int32_t agent, int32_t first, int32_t last)
{
    for (size_t m = 0; m < r->nmetrics; m++) {
        const metric_slot *s = &r->metrics[m];
        ccs_metric_score *out = &ms[m];
        ccs_result res;
        metric_result(s, acc, &res);
        memset(out, 0, sizeof *out);
        /* `entities` came with a later ops struct: read it only when there. */
        uint32_t where = CCS_HAS_FIELD(s->ops, ccs_metric_ops, entities)
                             ? s->ops->entities : 0;
        int applies = !where || (where & CCS_ENTITY_BIT(card->entity));
        out->name = s->name;
        out->unit = s->ops->unit ? s->ops->unit : "";
        out->type = s->ops->type;
        out->direction = s->direction;
        out->weight = s->weight;
        if (!applies)
            continue; /* no value, no target, never judged */
        out->defined = res.defined;
        out->value = res.value;
        out->n = res.n;
        if (s->ops->type == CCS_METRIC_RATE && res.defined && res.n > 0) {
            out->has_ci = 1;
            stats_wilson(res.successes, res.n, &out->ci_low, &out->ci_high);
        } else if (res.has_ci) {
            out->has_ci = 1;
            out->ci_low = res.ci_low;
            out->ci_high = res.ci_high;
        }
        out->has_target = s->has_target;
        out->target = s->target;
        double near = s->near;
        /* the team's own target, weight and near (issue 11): its card and its agents' */
        const team_override *to = card->entity == CCS_ENTITY_AGENT || card->entity == CCS_ENTITY_TEAM
                                      ? team_override_find(s->team_overrides, s->nteam_overrides, card->team)
                                      : NULL;
        if (to && to->has_target)
            out->has_target = 1, out->target = to->target;
        if (to && to->has_weight)
            out->weight = to->weight;
        if (to && to->has_near)
            near = to->near;
        if (card->entity == CCS_ENTITY_AGENT) {
            const objective *o = find_objective(r, agent, m, first, last);
            if (o) {
                out->has_target = 1;
                out->target = o->target;
                out->target_from_objective = 1;
            }
        }
        judge_metric(out, near, s->min_sample);
        fp[m].has_points = figure_points(out, &s->rule, s->min_sample, 1, &fp[m].points) == 0;
        if (prev_acc) {
            ccs_result prev;
            metric_result(s, prev_acc, &prev);
            if (prev.defined) {
                out->has_previous = 1;
                out->previous = prev.value;
            }
        }
    }
    card->nmetrics = r->nmetrics;
    card->metrics = ms;
    card->has_score = weighted_points(ms, fp, r->nmetrics, &card->score) == 0;
    card->nshortfalls = order_shortfalls(ms, r->nmetrics, sf);
    card->shortfalls = sf;
}

static int by_agent_id(const void *a, const void *b, void *run)
{
    const run_state *r = run;
    return strcmp(strtab_get(&r->agents, *(const int32_t *)a), strtab_get(&r->agents, *(const int32_t *)b));
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const ccs_scorecard *)a)->id, ((const ccs_scorecard *)b)->id);
}

/* The report's period (--period, else the latest in the data) and the one
 * before it: their slots in the run, and the period's first and last days. */
typedef struct period_choice {
    int32_t slot, prev_slot;
    int32_t first, last;
} period_choice;

static int choose_period(const run_state *r, int has_period, int32_t period_id, report_model *out,
                         period_choice *pc, diag_list *d)
{
    enum period_kind kind = r->period_kind;
    if (r->nperiods == 0) {
        diag_add(d, NULL, 0, "no contacts or evaluations were accepted: there is nothing to score");
        return -1;
    }
    int32_t lo = r->periods[0], hi = r->periods[0];
    for (size_t i = 1; i < r->nperiods; i++) {
        if (r->periods[i] < lo)
            lo = r->periods[i];
        if (r->periods[i] > hi)
            hi = r->periods[i];
    }
    int32_t pid = has_period ? period_id : hi;
    int32_t prev_id = period_prev(kind, pid);
    pc->slot = pc->prev_slot = -1;
    for (size_t i = 0; i < r->nperiods; i++) {
        if (r->periods[i] == pid)
            pc->slot = (int32_t)i;
        if (r->periods[i] == prev_id)
            pc->prev_slot = (int32_t)i;
    }
    if (pc->slot < 0) {
        char want[32], a[32], b[32];
        period_name(kind, pid, want, sizeof want);
        period_name(kind, lo, a, sizeof a);
        period_name(kind, hi, b, sizeof b);
        diag_add(d, NULL, 0, "no data for period %s (the data covers %s to %s)", want, a, b);
        return -1;
    }
    period_days(kind, pid, &pc->first, &pc->last);
    period_name(kind, pid, out->period, sizeof out->period);
    day_name(pc->first, out->first, sizeof out->first);
    day_name(pc->last, out->last, sizeof out->last);
    if (pc->prev_slot >= 0)
        period_name(kind, prev_id, out->previous, sizeof out->previous);
    return 0;
}

/* Who and what is in the report: agents with any data in the period or on
 * the roster then (in id order), their teams and teams seen, queues seen. */
typedef struct entities {
    int32_t *agents;
    size_t nagents;
    unsigned char *team_used;
    size_t nteams, nqueues;
} entities;

static int pick_entities(run_state *r, const totals *cur, const period_choice *pc, entities *e)
{
    size_t na = r->agents.n, nt = r->teams.n;
    memset(e, 0, sizeof *e);
    e->agents = calloc(na + 1, sizeof *e->agents);
    e->team_used = calloc(nt + 1, 1);
    if (!e->agents || !e->team_used)
        return -1;
    for (uint32_t a = 0; a < na; a++) {
        const agent_info *ai = &r->ainfo[a];
        int active = ai->in_roster && (ai->hired_on == INT32_MIN || ai->hired_on <= pc->last) &&
                     (ai->left_on == INT32_MIN || ai->left_on >= pc->first);
        if (cur->agent_seen[a] || active) {
            e->agents[e->nagents++] = (int32_t)a;
            int32_t t = agent_team(r, (int32_t)a);
            if (t != NO_ID)
                e->team_used[t] = 1;
        }
    }
    qsort_r(e->agents, e->nagents, sizeof *e->agents, by_agent_id, r);
    for (uint32_t t = 0; t < nt; t++)
        e->nteams += (e->team_used[t] = e->team_used[t] || cur->team_seen[t]);
    for (uint32_t q = 0; q < r->queues.n; q++)
        e->nqueues += cur->queue_seen[q];
    return 0;
}

/* Filling the cards, in order: agents, teams, queues, the organisation. */
typedef struct card_fill {
    run_state *r;
    report_model *out;
    const totals *cur, *prev;
    const period_choice *pc;
    size_t ci;                 /* next card */
} card_fill;

static void next_card(card_fill *f, int entity, const char *id, const char *name, const char *team,
                      const unsigned char *acc, const unsigned char *prev_acc, int32_t agent)
{
    size_t nm = f->r->nmetrics, ci = f->ci++;
    ccs_scorecard *card = &f->out->cards[ci];
    card->entity = entity;
    card->id = id;
    card->name = name;
    card->team = team;
    fill_card(f->r, card, f->out->scores + ci * nm, f->out->shortfalls + ci * nm,
              f->out->points + ci * nm, acc, prev_acc, agent, f->pc->first, f->pc->last);
}

static void fill_cards(card_fill *f, const entities *e, const char *org_name)
{
    run_state *r = f->r;
    const totals *cur = f->cur, *prev = f->prev;
    size_t ab = r->acc_bytes;
    for (size_t i = 0; i < e->nagents; i++) {
        int32_t a = e->agents[i], t = agent_team(r, a);
        const char *id = strtab_get(&r->agents, a);
        f->out->hired_on[i] = r->ainfo[a].hired_on;
        next_card(f, CCS_ENTITY_AGENT, id, r->ainfo[a].name ? r->ainfo[a].name : id,
                  t != NO_ID ? strtab_get(&r->teams, t) : "", cur->agent + (size_t)a * ab,
                  prev->agent_seen[a] ? prev->agent + (size_t)a * ab : NULL, a);
    }
    size_t team_start = f->ci;
    for (uint32_t t = 0; t < r->teams.n; t++) {
        const char *id = strtab_get(&r->teams, t);
        if (e->team_used[t])
            next_card(f, CCS_ENTITY_TEAM, id, id, id, cur->team + (size_t)t * ab,
                      prev->team_seen[t] ? prev->team + (size_t)t * ab : NULL, NO_ID);
    }
    qsort(f->out->cards + team_start, e->nteams, sizeof *f->out->cards, by_id);
    size_t queue_start = f->ci;
    for (uint32_t q = 0; q < r->queues.n; q++) {
        const char *id = strtab_get(&r->queues, q);
        if (cur->queue_seen[q])
            next_card(f, CCS_ENTITY_QUEUE, id, id, "", cur->queue + (size_t)q * ab,
                      prev->queue_seen[q] ? prev->queue + (size_t)q * ab : NULL, NO_ID);
    }
    qsort(f->out->cards + queue_start, e->nqueues, sizeof *f->out->cards, by_id);
    next_card(f, CCS_ENTITY_ORG, org_name, org_name, "", cur->org, prev->org_seen ? prev->org : NULL, NO_ID);
    /* Sorting moved cards but not their metric arrays: the pointers travel
     * with the cards, so nothing else to fix. */
}

static void fill_report(ccs_host *h, report_model *out, const entities *e)
{
    run_state *r = &h->run;
    ccs_report *rep = &out->rep;
    rep->size = sizeof *rep;
    rep->schema_version = 2; /* 2: "sections" as data, 1.1 sections under "legacy_sections" */
    rep->organisation = h->pol.org.name;
    rep->timezone = h->pol.org.timezone;
    rep->period = out->period;
    rep->period_kind = period_kind_name(r->period_kind);
    rep->period_start = out->first;
    rep->period_end = out->last;
    rep->previous_period = out->previous[0] ? out->previous : NULL;
    rep->min_sample = h->pol.org.min_sample;
    ccs_input_stats *inputs = calloc(r->ninputs + 1, sizeof *inputs);
    for (size_t i = 0; inputs && i < r->ninputs; i++)
        inputs[i] = r->inputs[i].stats;
    rep->ninputs = inputs ? r->ninputs : 0;
    rep->inputs = inputs;
    rep->nrow_errors = r->nrow_errors;
    rep->row_errors = r->row_errors;
    rep->nagents = e->nagents;
    rep->agents = out->cards;
    rep->nteams = e->nteams;
    rep->teams = out->cards + e->nagents;
    rep->nqueues = e->nqueues;
    rep->queues = out->cards + e->nagents + e->nteams;
    rep->organisation_card = out->cards + e->nagents + e->nteams + e->nqueues;
    rep->nfindings = h->nfindings;
    rep->findings = h->findings;
    rep->nfeedback = h->nfeedback;
    rep->feedback = h->feedback;
}

int build_report(ccs_host *h, int has_period, int32_t period_id, report_model *out, diag_list *d)
{
    run_state *r = &h->run;
    memset(out, 0, sizeof *out);
    period_choice pc;
    if (choose_period(r, has_period, period_id, out, &pc, d) != 0)
        return -1;
    totals cur, prev;
    entities e = { 0 };
    int rc = -1;
    int built = totals_build(r, pc.slot, &cur) == 0;
    built = (totals_build(r, pc.prev_slot, &prev) == 0) && built;
    if (built && pick_entities(r, &cur, &pc, &e) == 0) {
        size_t nm = r->nmetrics ? r->nmetrics : 1, ncards = e.nagents + e.nteams + e.nqueues + 1;
        out->cards = calloc(ncards, sizeof *out->cards);
        out->scores = calloc(ncards * nm, sizeof *out->scores);
        out->shortfalls = calloc(ncards * nm, sizeof *out->shortfalls);
        out->points = calloc(ncards * nm, sizeof *out->points);
        out->hired_on = calloc(e.nagents + 1, sizeof *out->hired_on);
        if (out->cards && out->scores && out->shortfalls && out->points && out->hired_on) {
            card_fill f = { r, out, &cur, &prev, &pc, 0 };
            fill_cards(&f, &e, h->pol.org.name);
            fill_report(h, out, &e);
            out->rep.agents_hired_on = out->hired_on;
            rc = scoring_rules_report(h, out, ncards, nm);
        }
    }
    if (rc != 0)
        diag_add(d, NULL, 0, "out of memory");
    free(e.agents);
    free(e.team_used);
    totals_free(r, &cur);
    totals_free(r, &prev);
    return rc;
}

void report_model_free(report_model *m)
{
    free((void *)m->rep.inputs);
    free(m->cards);
    free(m->scores);
    free(m->shortfalls);
    free(m->hired_on);
    scoring_rules_report_free(m);
    free(m->persistent);
    free(m->persistent_since);
    memset(m, 0, sizeof *m);
}
