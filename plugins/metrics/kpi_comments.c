/* kpi_core, part two: figures over comments.csv (ABI 1.4, issue 16), the
 * feedback routes other than system data: complaints and compliments
 * (counts and per 1000 handled contacts), the mystery-shopper score, and
 * self-assessment beside the measured QA score.
 *
 * A comments figure has a value only when comments were read at all (any
 * comment of any agent): without the stream, "0 complaints" would be a
 * claim the data cannot make.  The flag lives in the instance and is set
 * from add() on several threads at once, so it is written atomically. */
#include <math.h>
#include <stdlib.h>

#include "ccscore/plugin.h"
#include "kpi.h"
#include "stats.h"

typedef struct comments_inst {
    int seen;                  /* a comment was read (atomic) */
    int route;                 /* enum ccs_comment_route this figure counts */
} comments_inst;

typedef struct comments_acc {
    uint64_t handled;          /* answered contacts (per-1000 rates) */
    uint64_t k;                /* comments of the route */
    uint64_t n;                /* scores (means) */
    double sum;
    uint64_t qa_n;             /* QA evaluations (self gap) */
    double qa_sum;
} comments_acc;

static const ccs_comment *comment_of(const void *inst, const ccs_record *r)
{
    if (r->kind != CCS_REC_COMMENT)
        return NULL;
    __atomic_store_n(&((comments_inst *)inst)->seen, 1, __ATOMIC_RELAXED);
    return (const ccs_comment *)r;
}

static int seen(const void *inst)
{
    return __atomic_load_n(&((const comments_inst *)inst)->seen, __ATOMIC_RELAXED);
}

static void comments_add(const void *inst, void *acc, const ccs_record *r)
{
    comments_acc *a = acc;
    const comments_inst *ci = inst;
    if (r->kind == CCS_REC_CONTACT) {
        a->handled += ((const ccs_contact *)r)->outcome == CCS_OUTCOME_ANSWERED;
        return;
    }
    if (r->kind == CCS_REC_EVALUATION) {
        const ccs_evaluation *e = (const ccs_evaluation *)r;
        a->qa_n++;
        a->qa_sum += e->auto_fail ? 0.0 : e->score / e->max_score * 100.0;
        return;
    }
    const ccs_comment *c = comment_of(inst, r);
    if (!c || c->route != ci->route)
        return;
    a->k++;
    if (c->has_score) {
        a->n++;
        a->sum += c->score;
    }
}

static void comments_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    comments_acc *d = dst;
    const comments_acc *s = src;
    d->handled += s->handled;
    d->k += s->k;
    d->n += s->n;
    d->sum += s->sum;
    d->qa_n += s->qa_n;
    d->qa_sum += s->qa_sum;
}

static void count_result(const void *inst, const void *acc, ccs_result *out)
{
    const comments_acc *a = acc;
    out->defined = seen(inst);
    out->n = a->k;
    out->value = (double)a->k;
}

/* Comments per 1000 handled contacts, with the Wilson score interval of the
 * share k/n (k capped at n) scaled by 1000: comments are rare, so the share
 * is small and the interval stays inside 0. */
static void per_1000_result(const void *inst, const void *acc, ccs_result *out)
{
    const comments_acc *a = acc;
    out->n = a->handled;
    out->defined = seen(inst) && a->handled > 0;
    if (!out->defined)
        return;
    double lo, hi;
    stats_wilson(a->k < a->handled ? a->k : a->handled, a->handled, &lo, &hi);
    out->value = 1000.0 * (double)a->k / (double)a->handled;
    out->has_ci = 1;
    out->ci_low = 1000.0 * lo;
    out->ci_high = 1000.0 * hi;
}

static void score_result(const void *inst, const void *acc, ccs_result *out)
{
    const comments_acc *a = acc;
    out->n = a->n;
    out->defined = seen(inst) && a->n > 0;
    out->value = a->n ? a->sum / (double)a->n : 0.0;
}

/* Self-assessment minus the measured QA score, in points: positive when the
 * agent rates themself higher than the evaluators do. */
static void self_gap_result(const void *inst, const void *acc, ccs_result *out)
{
    const comments_acc *a = acc;
    out->n = a->n;
    out->defined = seen(inst) && a->n > 0 && a->qa_n > 0;
    if (out->defined)
        out->value = a->sum / (double)a->n - a->qa_sum / (double)a->qa_n;
}

#define REC_CC (CCS_REC_CONTACT | CCS_REC_COMMENT)
#define REC_EC (CCS_REC_EVALUATION | CCS_REC_COMMENT)
#define OPS(var, rec, type_, unit_, dir, result_)                                                          \
    static const ccs_metric_ops var = { sizeof(ccs_metric_ops), rec, type_, unit_, dir, sizeof(comments_acc), \
                                        comments_add, comments_merge, result_, 0, NULL, NULL }

OPS(complaints_ops, CCS_REC_COMMENT, CCS_METRIC_INDEX, "", -1, count_result);
OPS(compliments_ops, CCS_REC_COMMENT, CCS_METRIC_INDEX, "", 1, count_result);
OPS(complaints_1000_ops, REC_CC, CCS_METRIC_INDEX, "per 1000", -1, per_1000_result);
OPS(compliments_1000_ops, REC_CC, CCS_METRIC_INDEX, "per 1000", 1, per_1000_result);
OPS(mystery_ops, CCS_REC_COMMENT, CCS_METRIC_MEAN, "pts", 1, score_result);
OPS(self_ops, CCS_REC_COMMENT, CCS_METRIC_MEAN, "pts", 1, score_result);
OPS(self_gap_ops, REC_EC, CCS_METRIC_INDEX, "pts", -1, self_gap_result);

static void comments_destroy(void *inst)
{
    free(inst);
}

#define CREATE(fname, route_)                                                   \
    static int fname(ccs_host *host, const ccs_config *cfg, void **inst)      \
    {                                                                          \
        (void)host;                                                            \
        (void)cfg;                                                             \
        comments_inst *ci = calloc(1, sizeof *ci);                             \
        if (!ci)                                                               \
            return CCS_ERR;                                                    \
        ci->route = route_;                                                    \
        *inst = ci;                                                            \
        return CCS_OK;                                                         \
    }

CREATE(complaint_create, CCS_ROUTE_COMPLAINT)
CREATE(compliment_create, CCS_ROUTE_COMPLIMENT)
CREATE(mystery_create, CCS_ROUTE_MYSTERY_SHOPPER)
CREATE(self_create, CCS_ROUTE_SELF)

#define METRIC(name_, help_, create_, ops_) \
    { sizeof(ccs_component), CCS_COMPONENT_METRIC, name_, help_, NULL, create_, comments_destroy, &ops_ }

static const ccs_component components[] = {
    METRIC("complaints", "complaints about the agent (comments.csv, route complaint)", complaint_create,
           complaints_ops),
    METRIC("compliments", "compliments for the agent (comments.csv, route compliment)", compliment_create,
           compliments_ops),
    METRIC("complaints_per_1000", "complaints per 1000 handled contacts (Wilson interval)", complaint_create,
           complaints_1000_ops),
    METRIC("compliments_per_1000", "compliments per 1000 handled contacts (Wilson interval)", compliment_create,
           compliments_1000_ops),
    METRIC("mystery_shopper", "mean mystery-shopper score, 0-100 points (comments.csv, route mystery_shopper)",
           mystery_create, mystery_ops),
    METRIC("self_assessment", "mean self-assessment score, 0-100 points (comments.csv, route self)", self_create,
           self_ops),
    METRIC("self_gap", "self-assessment minus the measured QA score, points (a coaching topic, not scored)",
           self_create, self_gap_ops),
};

int kpi_comments_register(ccs_host *host, const ccs_host_api *api)
{
    /* The comment record is ABI 1.4: an older host never sends one. */
    if (api->abi_major == 1 && api->abi_minor < 4)
        return CCS_OK;
    for (size_t i = 0; i < sizeof components / sizeof components[0]; i++)
        if (api->register_component(host, &components[i]) != CCS_OK)
            return CCS_ERR;
    return CCS_OK;
}
