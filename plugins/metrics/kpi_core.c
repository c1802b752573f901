/* kpi_core: the core contact-centre KPIs as mergeable accumulators, with the
 * exact definitions of DOMAIN.md.  The engine groups and merges; each metric
 * here is only the arithmetic. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "kpi.h"
#include "stats.h"

static const ccs_host_api *api;

#define NOLIMIT 0, 0
#define END_KEYS { NULL, 0, NULL, NULL, NULL, NOLIMIT }

static int answered(const ccs_record *r)
{
    return ((const ccs_contact *)r)->outcome == CCS_OUTCOME_ANSWERED;
}

/* ------------------------------------------------ counts and means */

typedef struct mean_acc {
    uint64_t n;
    double sum;
} mean_acc;

static void mean_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    mean_acc *d = dst;
    const mean_acc *s = src;
    d->n += s->n;
    d->sum += s->sum;
}

static void mean_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const mean_acc *a = acc;
    out->n = a->n;
    out->defined = a->n > 0;
    out->value = a->n ? a->sum / (double)a->n : 0.0;
}

static void count_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const mean_acc *a = acc;
    out->n = a->n;
    out->defined = 1;
    out->value = (double)a->n;
}

#define CONTACT_MEAN(fname, expr)                                          \
    static void fname(const void *inst, void *acc, const ccs_record *r)   \
    {                                                                      \
        (void)inst;                                                        \
        if (!answered(r))                                                  \
            return;                                                        \
        const ccs_contact *c = (const ccs_contact *)r;                     \
        mean_acc *a = acc;                                                 \
        a->n++;                                                            \
        a->sum += (expr);                                                  \
    }

static void handled_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    if (answered(r))
        ((mean_acc *)acc)->n++;
}

/* acw_s < 0: the source has no after-call work (queue_log); AHT then counts
 * talk and hold, and ACW has no data rather than 0 s (issue 11). */
#define ACW_OR_0(c) ((c)->acw_s > 0 ? (c)->acw_s : 0.0)
CONTACT_MEAN(aht_add, c->talk_s + c->hold_s + ACW_OR_0(c))
CONTACT_MEAN(talk_add, c->talk_s)
CONTACT_MEAN(hold_add, c->hold_s)
static void acw_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    const ccs_contact *c = (const ccs_contact *)r;
    if (!answered(r) || c->acw_s < 0)
        return;
    mean_acc *a = acc;
    a->n++;
    a->sum += c->acw_s;
}
CONTACT_MEAN(asa_add, c->wait_s)

static void qa_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    const ccs_evaluation *e = (const ccs_evaluation *)r;
    mean_acc *a = acc;
    a->n++;
    /* An auto-fail item makes the whole evaluation 0. */
    a->sum += e->auto_fail ? 0.0 : e->score / e->max_score * 100.0;
}

/* ------------------------------------------------ proportions */

typedef struct rate_acc {
    uint64_t n, k;
} rate_acc;

static void rate_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    rate_acc *d = dst;
    const rate_acc *s = src;
    d->n += s->n;
    d->k += s->k;
}

static void rate_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const rate_acc *a = acc;
    out->n = a->n;
    out->successes = a->k;
    out->defined = a->n > 0;
    out->value = a->n ? (double)a->k / (double)a->n : 0.0;
}

static void fcr_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    const ccs_contact *c = (const ccs_contact *)r;
    if (!answered(r) || c->resolved < 0)
        return; /* no resolved flag: not part of the sample */
    rate_acc *a = acc;
    a->n++;
    a->k += c->resolved == 1;
}

static void transfer_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    if (!answered(r))
        return;
    rate_acc *a = acc;
    a->n++;
    a->k += ((const ccs_contact *)r)->transferred == 1;
}

static void csat_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    const ccs_contact *c = (const ccs_contact *)r;
    if (!answered(r) || c->csat < 1 || c->csat > 5)
        return; /* surveys follow answered contacts only */
    rate_acc *a = acc;
    a->n++;
    a->k += c->csat >= 4; /* top-2-box */
}

/* ------------------------------------------------ NPS */

typedef struct nps_acc {
    uint64_t n, promoters, detractors;
} nps_acc;

static void nps_add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    const ccs_contact *c = (const ccs_contact *)r;
    if (!answered(r) || c->nps < 0 || c->nps > 10)
        return;
    nps_acc *a = acc;
    a->n++;
    a->promoters += c->nps >= 9;
    a->detractors += c->nps <= 6;
}

static void nps_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    nps_acc *d = dst;
    const nps_acc *s = src;
    d->n += s->n;
    d->promoters += s->promoters;
    d->detractors += s->detractors;
}

static void nps_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const nps_acc *a = acc;
    out->n = a->n;
    out->defined = a->n > 0;
    if (!a->n)
        return;
    stats_nps(a->promoters, a->detractors, a->n, &out->value, &out->ci_low, &out->ci_high);
    out->has_ci = 1;
}

/* ------------------------------------------------ queue figures */

typedef struct queue_inst {
    double threshold_s;        /* service level: answered within T */
    double short_abandon_s;    /* gave up within this: a short abandon */
    int variant;
} queue_inst;

typedef struct queue_acc {
    uint64_t answered, answered_in, abandoned, abandoned_in, abandoned_short;
} queue_acc;

enum sl_variant { SL_OFFERED, SL_ANSWERED, SL_ABANDONS_IN, SL_ABANDONS_AFTER, SL_SHORT_EXCLUDED };

static int queue_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    queue_inst *q = calloc(1, sizeof *q);
    if (!q)
        return CCS_ERR;
    q->threshold_s = api->config_has(cfg, "threshold_s") ? api->config_number(cfg, "threshold_s") : 20;
    q->short_abandon_s = api->config_number(cfg, "short_abandon_s");
    q->variant = api->config_has(cfg, "variant") ? api->config_enum(cfg, "variant") : SL_OFFERED;
    *inst = q;
    return CCS_OK;
}

static void queue_add(const void *inst, void *acc, const ccs_record *r)
{
    const queue_inst *q = inst;
    const ccs_contact *c = (const ccs_contact *)r;
    queue_acc *a = acc;
    if (c->outcome == CCS_OUTCOME_ANSWERED) {
        a->answered++;
        a->answered_in += c->wait_s <= q->threshold_s;
    } else if (c->outcome == CCS_OUTCOME_ABANDONED) {
        a->abandoned++;
        a->abandoned_in += c->wait_s <= q->threshold_s;
        a->abandoned_short += q->short_abandon_s > 0 && c->wait_s <= q->short_abandon_s;
    }
}

static void queue_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    queue_acc *d = dst;
    const queue_acc *s = src;
    d->answered += s->answered;
    d->answered_in += s->answered_in;
    d->abandoned += s->abandoned;
    d->abandoned_in += s->abandoned_in;
    d->abandoned_short += s->abandoned_short;
}

static void set_rate(ccs_result *out, uint64_t k, uint64_t n)
{
    out->n = n;
    out->successes = k;
    out->defined = n > 0;
    out->value = n ? (double)k / (double)n : 0.0;
}

static void sl_result(const void *inst, const void *acc, ccs_result *out)
{
    const queue_inst *q = inst;
    const queue_acc *a = acc;
    uint64_t offered = a->answered + a->abandoned;
    switch (q->variant) {
    case SL_ANSWERED:
        set_rate(out, a->answered_in, a->answered);
        break;
    case SL_ABANDONS_IN:
        set_rate(out, a->answered_in + a->abandoned_in, offered);
        break;
    case SL_ABANDONS_AFTER:
        set_rate(out, a->answered_in, a->answered + (a->abandoned - a->abandoned_in));
        break;
    case SL_SHORT_EXCLUDED:
        set_rate(out, a->answered_in, offered - a->abandoned_short);
        break;
    default:
        set_rate(out, a->answered_in, offered);
    }
}

static void abandon_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const queue_acc *a = acc;
    uint64_t offered = a->answered + a->abandoned;
    /* Short abandons leave both the numerator and the denominator. */
    set_rate(out, a->abandoned - a->abandoned_short, offered - a->abandoned_short);
}

/* ------------------------------------------------ registration */

#define OPS_IN(var, rec, type_, unit_, dir, acc_t, add_, merge_, result_, where)            \
    static const ccs_metric_ops var = { sizeof(ccs_metric_ops), rec, type_, unit_, dir,    \
                                        sizeof(acc_t), add_, merge_, result_, where, NULL, NULL }
#define OPS(var, rec, type_, unit_, dir, acc_t, add_, merge_, result_) \
    OPS_IN(var, rec, type_, unit_, dir, acc_t, add_, merge_, result_, 0)
/* Abandoned contacts reach no agent and so no team. */
#define QUEUE_LEVEL (CCS_ENTITY_BIT(CCS_ENTITY_QUEUE) | CCS_ENTITY_BIT(CCS_ENTITY_ORG))

OPS(handled_ops, CCS_REC_CONTACT, CCS_METRIC_INDEX, "", 1, mean_acc, handled_add, mean_merge, count_result);
OPS(aht_ops, CCS_REC_CONTACT, CCS_METRIC_MEAN, "s", -1, mean_acc, aht_add, mean_merge, mean_result);
OPS(talk_ops, CCS_REC_CONTACT, CCS_METRIC_MEAN, "s", -1, mean_acc, talk_add, mean_merge, mean_result);
OPS(hold_ops, CCS_REC_CONTACT, CCS_METRIC_MEAN, "s", -1, mean_acc, hold_add, mean_merge, mean_result);
OPS(acw_ops, CCS_REC_CONTACT, CCS_METRIC_MEAN, "s", -1, mean_acc, acw_add, mean_merge, mean_result);
OPS(asa_ops, CCS_REC_CONTACT, CCS_METRIC_MEAN, "s", -1, mean_acc, asa_add, mean_merge, mean_result);
OPS(fcr_ops, CCS_REC_CONTACT, CCS_METRIC_RATE, "%", 1, rate_acc, fcr_add, rate_merge, rate_result);
OPS(transfer_ops, CCS_REC_CONTACT, CCS_METRIC_RATE, "%", -1, rate_acc, transfer_add, rate_merge, rate_result);
OPS(csat_ops, CCS_REC_CONTACT, CCS_METRIC_RATE, "%", 1, rate_acc, csat_add, rate_merge, rate_result);
OPS(nps_ops, CCS_REC_CONTACT, CCS_METRIC_INDEX, "", 1, nps_acc, nps_add, nps_merge, nps_result);
OPS_IN(abandon_ops, CCS_REC_CONTACT, CCS_METRIC_RATE, "%", -1, queue_acc, queue_add, queue_merge, abandon_result, QUEUE_LEVEL);
OPS(sl_ops, CCS_REC_CONTACT, CCS_METRIC_RATE, "%", 1, queue_acc, queue_add, queue_merge, sl_result);
OPS(qa_ops, CCS_REC_EVALUATION, CCS_METRIC_MEAN, "pts", 1, mean_acc, qa_add, mean_merge, mean_result);

static const ccs_key sl_keys[] = {
    { "threshold_s", CCS_KEY_NUMBER, "20", "answered within this many seconds counts as in service level", NULL, 0, 86400 },
    { "variant", CCS_KEY_ENUM, "offered", "denominator: offered = answered_in/(answered+abandoned); "
      "answered = answered_in/answered; abandons_in = (answered_in+abandoned_in)/offered; "
      "abandons_after = answered_in/(answered+abandoned after T); short_excluded = answered_in/(offered-short)",
      "offered|answered|abandons_in|abandons_after|short_excluded", NOLIMIT },
    { "short_abandon_s", CCS_KEY_NUMBER, "5", "gave up within this many seconds: a short abandon", NULL, 0, 3600 },
    END_KEYS,
};

static const ccs_key abandon_keys[] = {
    { "short_abandon_s", CCS_KEY_NUMBER, "0", "exclude abandons within this many seconds from both sides (0: none)", NULL, 0, 3600 },
    END_KEYS,
};

static void free_inst(void *inst)
{
    free(inst);
}

#define METRIC(name_, help_, ops_)                                                    \
    { sizeof(ccs_component), CCS_COMPONENT_METRIC, name_, help_, NULL, NULL, NULL, &ops_ }
#define QUEUE_METRIC(name_, help_, keys_, ops_)                                       \
    { sizeof(ccs_component), CCS_COMPONENT_METRIC, name_, help_, keys_, queue_create, \
      free_inst, &ops_ }

static const ccs_component components[] = {
    METRIC("handled", "contacts answered by the agent", handled_ops),
    METRIC("aht", "average handle time: (talk + hold + after-call work) / handled", aht_ops),
    METRIC("talk", "mean talk time per handled contact", talk_ops),
    METRIC("hold", "mean hold time per handled contact", hold_ops),
    METRIC("acw", "mean after-call work per handled contact", acw_ops),
    METRIC("asa", "average speed of answer: queue wait of answered contacts / answered", asa_ops),
    METRIC("fcr", "first-contact resolution: resolved / handled (rows with a resolved flag; without one, fcr_repeat)", fcr_ops),
    METRIC("transfer_rate", "transferred / handled", transfer_ops),
    METRIC("csat", "customer satisfaction, top-2-box: answers of 4 or 5 / answers", csat_ops),
    METRIC("nps", "net promoter score: % 9-10 minus % 0-6, -100..100", nps_ops),
    QUEUE_METRIC("abandon_rate", "abandoned / offered, short abandons optionally excluded", abandon_keys, abandon_ops),
    QUEUE_METRIC("service_level", "share answered within the threshold; the variant sets the denominator", sl_keys, sl_ops),
    METRIC("qa", "quality score: mean over evaluations of score / max x 100 (auto-fail = 0)", qa_ops),
};

static int kpi_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    for (size_t i = 0; i < sizeof components / sizeof components[0]; i++)
        if (api->register_component(host, &components[i]) != CCS_OK)
            return CCS_ERR;
    if (kpi_fcr_register(host, api) != CCS_OK)
        return CCS_ERR;
    return kpi_comments_register(host, api);
}

CCS_MODULE(kpi_core, "1.0", "core contact-centre KPIs (AHT, FCR, CSAT, NPS, service level, QA...)", kpi_init, NULL)
