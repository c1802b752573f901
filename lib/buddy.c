/* The buddy plan: see buddy.h for the rules. */
#include "buddy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "vec.h"

void buddy_params_default(buddy_params *p)
{
    p->margin = 0.05;
    p->min_n = 0;
    p->max_mentees = 2;
    p->focus = 2;              /* coaching's max_focus default */
    p->review_days = 28;
}

const char *buddy_reason_name(int reason)
{
    switch (reason) {
    case BUDDY_NEW_STARTER_BELOW: return "new_starter_below";
    case BUDDY_BELOW: return "below";
    default: return "near";
    }
}

const char *buddy_why_name(int why)
{
    return why == BUDDY_ALL_FULL ? "buddies_full" : "no_qualified_buddy";
}

const char *buddy_why_text(int why)
{
    return why == BUDDY_ALL_FULL ? "every colleague who qualifies already has the most mentees"
                                 : "no colleague meets this target with the margin on enough data";
}

static int judged(const ccs_metric_score *m)
{
    return m->defined && m->has_target && (m->status == CCS_STATUS_MEETS || m->status == CCS_STATUS_NEAR ||
                                           m->status == CCS_STATUS_BELOW);
}

/* How far the figure beats `target`, as a share of it (absolute at 0). */
static double margin_of(const ccs_metric_score *m, double target)
{
    double diff = (m->direction < 0 ? -1.0 : 1.0) * (m->value - target);
    return target != 0 ? diff / fabs(target) : diff;
}

int buddy_new_starter(const ccs_report *r, const buddy_plan *plan, size_t i)
{
    if (!CCS_HAS_FIELD(r, ccs_report, agents_hired_on) || !r->agents_hired_on ||
        plan->period_end == INT32_MIN)
        return 0;
    int32_t h = r->agents_hired_on[i];
    return h != INT32_MIN && h <= plan->period_end && plan->period_end - h < BUDDY_NEW_DAYS;
}

/* A mentee to place: their card, priority class and largest weighted gap. */
typedef struct need {
    size_t agent;
    int reason;
    double gap;
} need;

static int by_priority(const void *a, const void *b, void *arg)
{
    const need *x = a, *y = b;
    const ccs_report *r = arg;
    if (x->reason != y->reason)
        return x->reason < y->reason ? -1 : 1;
    if (x->gap != y->gap)
        return x->gap > y->gap ? -1 : 1;
    return strcmp(r->agents[x->agent].id, r->agents[y->agent].id);
}

/* The focus figures of a card: near or below, in the card's shortfall
 * order, at most p->focus; their indices into out, the count returned. */
static size_t focus_of(const ccs_scorecard *c, const buddy_params *p, size_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < c->nshortfalls && n < (size_t)p->focus; k++) {
        const ccs_metric_score *m = &c->metrics[c->shortfalls[k]];
        if (judged(m) && m->status != CCS_STATUS_MEETS)
            out[n++] = c->shortfalls[k];
    }
    return n;
}

/* Whether agent b already buddies agent `mentee` in the plan. */
static int buddies_already(const buddy_plan *plan, size_t mentee, size_t b)
{
    for (size_t i = 0; i < plan->npairs; i++)
        if (plan->pairs[i].mentee == mentee && plan->pairs[i].buddy == b)
            return 1;
    return 0;
}

typedef struct candidate {
    long i;
    int same, already;
    double margin;
    uint64_t n;
} candidate;

/* Whether candidate x ranks before y: same team, an existing buddy of this
 * mentee, the larger margin, more observations, the smaller id. */
static int ranks_before(const ccs_report *r, const candidate *x, const candidate *y)
{
    if (y->i < 0)
        return 1;
    if (x->same != y->same)
        return x->same > y->same;
    if (x->already != y->already)
        return x->already > y->already;
    if (x->margin != y->margin)
        return x->margin > y->margin;
    if (x->n != y->n)
        return x->n > y->n;
    return strcmp(r->agents[x->i].id, r->agents[y->i].id) < 0;
}

/* The best buddy for figure mi of agent `mentee` among those with room
 * (fewer than max_mentees, or already this mentee's buddy); *qualified
 * counts everyone who qualifies, with room or not.  best->i -1: none. */
static void best_buddy(const ccs_report *r, const buddy_params *p, const int *load, const buddy_plan *plan,
                       size_t mentee, size_t mi, int *qualified, candidate *best)
{
    const ccs_scorecard *a = &r->agents[mentee];
    const ccs_metric_score *need = &a->metrics[mi];
    best->i = -1;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *o = &r->agents[i];
        if (i == mentee || mi >= o->nmetrics || strcmp(o->id, a->id) == 0)
            continue;
        const ccs_metric_score *om = &o->metrics[mi];
        if (!judged(om) || om->status != CCS_STATUS_MEETS || om->n < p->min_n)
            continue;
        double own = margin_of(om, om->target), theirs = margin_of(om, need->target);
        double mg = own < theirs ? own : theirs;
        if (!(mg >= p->margin))
            continue;
        (*qualified)++;
        candidate c = { (long)i, a->team && o->team && a->team[0] && strcmp(a->team, o->team) == 0,
                        buddies_already(plan, mentee, i), mg, om->n };
        if ((c.already || load[i] < p->max_mentees) && ranks_before(r, &c, best))
            *best = c;
    }
}

/* Place one mentee: a buddy on each focus figure that has one (a buddy
 * counts each mentee once, whatever the figures). */
static int place(const ccs_report *r, const buddy_params *p, int *load, const need *nd, buddy_plan *out)
{
    const ccs_scorecard *a = &r->agents[nd->agent];
    size_t focus[64], nf = focus_of(a, p, focus);
    for (size_t k = 0; k < nf; k++) {
        int q = 0;
        candidate b = { -1, 0, 0, 0, 0 };
        int why = a->metrics[focus[k]].status == CCS_STATUS_NEAR ? BUDDY_NEAR
                  : nd->reason == BUDDY_NEW_STARTER_BELOW ? BUDDY_NEW_STARTER_BELOW : BUDDY_BELOW;
        best_buddy(r, p, load, out, nd->agent, focus[k], &q, &b);
        if (b.i < 0) {
            buddy_unpaired *u = VEC_PUSH(out->unpaired, out->nunpaired, out->capunpaired);
            if (!u)
                return -1;
            *u = (buddy_unpaired){ nd->agent, focus[k], why, q ? BUDDY_ALL_FULL : BUDDY_NOBODY_QUALIFIES };
            continue;
        }
        buddy_pair *pr = VEC_PUSH(out->pairs, out->npairs, out->cappairs);
        if (!pr)
            return -1;
        if (!b.already)
            load[b.i]++;
        *pr = (buddy_pair){ nd->agent, (size_t)b.i, focus[k], why, b.same, b.margin };
    }
    return 0;
}

/* Every agent with a focus figure, with their class and largest gap. */
static need *collect_needs(const ccs_report *r, const buddy_params *p, const buddy_plan *plan, size_t *nn)
{
    need *needs = calloc(r->nagents + 1, sizeof *needs);
    size_t n = 0, focus[64];
    for (size_t i = 0; needs && i < r->nagents; i++) {
        const ccs_scorecard *a = &r->agents[i];
        size_t nf = focus_of(a, p, focus);
        if (!nf)
            continue;
        int below = 0;
        double gap = 0;
        for (size_t k = 0; k < nf; k++) {
            const ccs_metric_score *m = &a->metrics[focus[k]];
            below |= m->status == CCS_STATUS_BELOW;
            if (m->weighted_gap > gap)
                gap = m->weighted_gap;
        }
        int reason = !below ? BUDDY_NEAR : buddy_new_starter(r, plan, i) ? BUDDY_NEW_STARTER_BELOW : BUDDY_BELOW;
        needs[n++] = (need){ i, reason, gap };
    }
    *nn = n;
    return needs;
}

int buddy_plan_build(const ccs_report *r, const buddy_params *p0, buddy_plan *out)
{
    buddy_params p = *p0;
    if (p.max_mentees < 1)
        p.max_mentees = 1;
    if (p.focus < 1)
        p.focus = 1;
    if (p.focus > 64)
        p.focus = 64;
    memset(out, 0, sizeof *out);
    out->period_end = out->review_day = INT32_MIN;
    int32_t end;
    if (r->period_end && parse_date((ccs_str){ r->period_end, strlen(r->period_end) }, &end) == 0) {
        out->period_end = end;
        out->review_day = end + p.review_days;
    }
    size_t nn = 0;
    need *needs = collect_needs(r, &p, out, &nn);
    int *load = calloc(r->nagents + 1, sizeof *load);
    int rc = needs && load ? 0 : -1;
    if (rc == 0)
        qsort_r(needs, nn, sizeof *needs, by_priority, (void *)r);
    for (size_t i = 0; rc == 0 && i < nn; i++)
        rc = place(r, &p, load, &needs[i], out);
    free(needs);
    free(load);
    if (rc != 0)
        buddy_plan_free(out);
    return rc;
}

void buddy_plan_free(buddy_plan *plan)
{
    free(plan->pairs);
    free(plan->unpaired);
    int32_t end = plan->period_end, review = plan->review_day;
    memset(plan, 0, sizeof *plan);
    plan->period_end = end;
    plan->review_day = review;
}

const ccs_scorecard *buddy_plan_find(const buddy_plan *plan, const ccs_report *r, size_t mentee,
                                     const char *metric)
{
    for (size_t i = 0; i < plan->npairs; i++) {
        const buddy_pair *p = &plan->pairs[i];
        if (p->mentee == mentee && strcmp(r->agents[mentee].metrics[p->metric].name, metric) == 0)
            return &r->agents[p->buddy];
    }
    return NULL;
}
