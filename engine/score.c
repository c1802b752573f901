#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void judge_metric(ccs_metric_score *m, double near, uint64_t min_sample)
{
    m->gap = 0.0;
    m->weighted_gap = 0.0;
    if (!m->has_target) {
        m->status = CCS_STATUS_NONE;
        return;
    }
    if (!m->defined || m->n < min_sample) {
        m->status = CCS_STATUS_INSUFFICIENT;
        return;
    }
    double shortfall = m->direction < 0 ? m->value - m->target : m->target - m->value;
    double scale = fabs(m->target);
    /* Values and targets are decimals held in binary (0.8 - 0.72 is
     * 0.08000000000000007), so allow for rounding at the target and at the
     * edge of the near band. */
    if (shortfall <= 1e-9 * fmax(scale, fabs(m->value))) {
        m->status = CCS_STATUS_MEETS;
        return;
    }
    m->gap = scale > 0.0 ? shortfall / scale : shortfall;
    m->weighted_gap = m->weight * m->gap;
    m->status = m->gap <= near + 1e-9 ? CCS_STATUS_NEAR : CCS_STATUS_BELOW;
}

int weighted_score(const ccs_metric_score *m, size_t n, double *score)
{
    double sum = 0.0, weights = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].status != CCS_STATUS_MEETS && m[i].status != CCS_STATUS_NEAR &&
            m[i].status != CCS_STATUS_BELOW)
            continue;
        double points = 1.0 - m[i].gap;
        if (points < 0.0)
            points = 0.0;
        sum += m[i].weight * 100.0 * points;
        weights += m[i].weight;
    }
    if (weights <= 0.0)
        return -1;
    *score = sum / weights;
    return 0;
}

static int by_weighted_gap(const void *a, const void *b, void *base)
{
    const ccs_metric_score *m = base;
    const ccs_metric_score *x = &m[*(const size_t *)a], *y = &m[*(const size_t *)b];
    if (x->weighted_gap != y->weighted_gap)
        return x->weighted_gap > y->weighted_gap ? -1 : 1;
    return strcmp(x->name, y->name);
}

size_t order_shortfalls(const ccs_metric_score *m, size_t n, size_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].status == CCS_STATUS_NEAR || m[i].status == CCS_STATUS_BELOW)
            out[k++] = i;
    qsort_r(out, k, sizeof *out, by_weighted_gap, (void *)m);
    return k;
}
