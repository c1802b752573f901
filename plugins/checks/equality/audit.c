/* The comparison: per attribute and judged metric (and the score band), each
 * group's favourable rate, the impact ratio against the highest group and a
 * two-sided Fisher exact p-value; eq.adverse_impact when both fall short. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eq.h"
#include "fisher.h"
#include "vec.h"

typedef struct tally {
    uint64_t n, favourable;
} tally;

/* 1 favourable, 0 not, -1 left out (no target, or not enough data). */
static int outcome(const eq_inst *e, const ccs_scorecard *c, const char *metric)
{
    if (!metric)
        return c->has_score ? c->score >= e->p.favourable_score : -1;
    for (size_t j = 0; j < c->nmetrics; j++) {
        const ccs_metric_score *m = &c->metrics[j];
        if (strcmp(m->name, metric) != 0)
            continue;
        if (m->status == CCS_STATUS_MEETS)
            return 1;
        return m->status == CCS_STATUS_NEAR || m->status == CCS_STATUS_BELOW ? 0 : -1;
    }
    return -1;
}

static void count(const eq_inst *e, const ccs_report *rep, size_t attr, const char *metric, tally *t)
{
    for (size_t i = 0; i < rep->nagents; i++) {
        const ccs_scorecard *c = &rep->agents[i];
        int32_t ix = strtab_find(&e->ids, c->id, strlen(c->id));
        if (ix < 0 || e->agents[ix].group[attr] < 0)
            continue;
        int o = outcome(e, c, metric);
        if (o < 0)
            continue;
        tally *g = &t[e->agents[ix].group[attr]];
        g->n++;
        g->favourable += (uint64_t)o;
    }
}

static int by_label(const void *x, const void *y, void *values)
{
    const eq_row *a = x, *b = y;
    return strcmp(strtab_get(values, a->group), strtab_get(values, b->group));
}

static void sort_rows(eq_row *rows, size_t n, const strtab *values)
{
    for (size_t i = 1; i < n; i++) /* a few groups: insertion sort */
        for (size_t j = i; j > 0 && by_label(&rows[j - 1], &rows[j], (void *)values) > 0; j--) {
            eq_row t = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = t;
        }
}

static void judge(const eq_inst *e, eq_row *rows, size_t n)
{
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (rows[i].rate > rows[best].rate)
            best = i;
    if (n < 2 || rows[best].rate <= 0)
        return;
    rows[best].best = 1;
    for (size_t i = 0; i < n; i++) {
        eq_row *r = &rows[i];
        r->compared = 1;
        r->ratio = r->rate / rows[best].rate;
        r->p = i == best ? 1.0
                         : fisher_exact_2x2(r->favourable, r->n - r->favourable, rows[best].favourable,
                                            rows[best].n - rows[best].favourable);
        r->flagged = r->ratio < e->p.ratio && r->p < e->p.alpha;
    }
}

static void report(const eq_inst *e, ccs_host *host, const eq_row *rows, size_t n)
{
    const eq_row *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (rows[i].best)
            best = &rows[i];
    for (size_t i = 0; i < n && best; i++) {
        const eq_row *r = &rows[i];
        if (!r->flagged)
            continue;
        const char *attr = e->attr[r->attr];
        char ref[160], msg[512], measured[64], limit[64];
        snprintf(ref, sizeof ref, "%s=%s:%s", attr, strtab_get(&e->values, r->group), r->metric);
        snprintf(msg, sizeof msg,
                 "%s=%s: %.1f%% favourable on %s (%llu of %llu agents) against %.1f%% for %s (%llu of %llu); "
                 "impact ratio %.2f, two-sided Fisher exact p = %.4f",
                 attr, strtab_get(&e->values, r->group), 100 * r->rate, r->metric,
                 (unsigned long long)r->favourable, (unsigned long long)r->n, 100 * best->rate,
                 strtab_get(&e->values, best->group), (unsigned long long)best->favourable,
                 (unsigned long long)best->n, r->ratio, r->p);
        snprintf(measured, sizeof measured, "ratio %.2f, p %.4f", r->ratio, r->p);
        snprintf(limit, sizeof limit, "ratio >= %.2f or p >= %.2f", e->p.ratio, e->p.alpha);
        ccs_finding f = { "eq.adverse_impact", CCS_SEV_ADVISORY, e->p.owner, ref, NULL, measured, limit, msg };
        eq_api->add_finding(host, &f);
    }
}

/* One comparison: the groups with at least min_group judged agents. */
static int compare_one(const eq_inst *e, ccs_host *host, const ccs_report *rep, size_t attr, const char *metric,
                       eq_audit *out)
{
    tally *t = calloc(e->values.n ? e->values.n : 1, sizeof *t);
    if (!t)
        return CCS_ERR;
    count(e, rep, attr, metric, t);
    size_t first = out->nrows;
    for (uint32_t g = 0; g < e->values.n; g++) {
        if (t[g].n == 0 || t[g].n < e->p.min_group)
            continue; /* never shown, never compared */
        eq_row *r = VEC_PUSH(out->rows, out->nrows, out->cap);
        if (!r) {
            free(t);
            return CCS_ERR;
        }
        *r = (eq_row){ attr, (int32_t)g, metric ? metric : "score", t[g].n, t[g].favourable,
                       (double)t[g].favourable / (double)t[g].n, 0, 0, 0, 0, 0 };
    }
    free(t);
    sort_rows(out->rows + first, out->nrows - first, &e->values);
    judge(e, out->rows + first, out->nrows - first);
    report(e, host, out->rows + first, out->nrows - first);
    for (size_t i = first; i < out->nrows; i++)
        out->nflagged += (size_t)out->rows[i].flagged;
    return CCS_OK;
}

/* The metrics judged for at least one agent, in scorecard order. */
static int judged(const ccs_report *rep, const char *name)
{
    for (size_t i = 0; i < rep->nagents; i++)
        for (size_t j = 0; j < rep->agents[i].nmetrics; j++) {
            const ccs_metric_score *m = &rep->agents[i].metrics[j];
            if (strcmp(m->name, name) == 0 && m->status != CCS_STATUS_NONE && m->status != CCS_STATUS_INSUFFICIENT)
                return 1;
        }
    return 0;
}

int eq_compare(eq_inst *e, ccs_host *host, const ccs_report *rep, eq_audit *out)
{
    const ccs_scorecard *org = rep->organisation_card;
    for (size_t a = 0; a < e->nattrs; a++) {
        if (!e->seen_attr[a])
            continue;
        for (size_t j = 0; org && j < org->nmetrics; j++)
            if (judged(rep, org->metrics[j].name) && compare_one(e, host, rep, a, org->metrics[j].name, out) != CCS_OK)
                return CCS_ERR;
        if (compare_one(e, host, rep, a, NULL, out) != CCS_OK)
            return CCS_ERR;
    }
    return CCS_OK;
}
