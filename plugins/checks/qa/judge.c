/* qa: coverage (evaluations per agent against the minimum), each
 * evaluator's offset from colleagues' scores of the same agents, and the
 * evaluators' workload.
 *
 * The offset, for evaluator E: every evaluation e by E in the period of an
 * agent whom some other evaluator also scored in the period gives
 *     d_e = score_e - (mean of the other evaluators' scores of that agent);
 * the offset is the mean of d_e over those n evaluations, with the 95%
 * Student t interval mean +- t(0.975, n - 1) x s / sqrt(n) (s the sample
 * standard deviation of d_e).  E is flagged when n >= min_shared,
 * |offset| > offset_points and the interval excludes zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa.h"
#include "stats.h"

static void finding(const qa_inst *q, ccs_host *host, const char *rule, const char *ref, const char *agent,
                    const char *measured, const char *limit, const char *message)
{
    ccs_finding f = { rule, CCS_SEV_ADVISORY, q->p.owner, ref, agent, measured, limit, message };
    qa_api->add_finding(host, &f);
}

/* Whether an agent's card is one of the period's working agents: handled
 * contacts when the policy counts them, else any card. */
static int working(const ccs_scorecard *c)
{
    for (size_t m = 0; m < c->nmetrics; m++)
        if (strcmp(c->metrics[m].name, "handled") == 0)
            return c->metrics[m].defined && c->metrics[m].value > 0;
    return 1;
}

int qa_coverage(const qa_inst *q, ccs_host *host, const ccs_report *rep, qa_result *out)
{
    uint64_t *count = calloc(q->agents.n ? q->agents.n : 1, sizeof *count);
    if (!count)
        return CCS_ERR;
    for (size_t i = 0; i < q->nev; i++)
        if (qa_in_period(out, q->ev[i].day)) {
            count[q->ev[i].agent]++;
            out->total++;
        }
    for (size_t a = 0; a < rep->nagents; a++) {
        const ccs_scorecard *c = &rep->agents[a];
        if (!working(c))
            continue;
        out->agents++;
        int32_t i = strtab_find(&q->agents, c->id, strlen(c->id));
        uint64_t n = i >= 0 ? count[i] : 0;
        if (n >= (uint64_t)q->p.min_evaluations)
            continue;
        out->under++;
        char measured[48], limit[48];
        snprintf(measured, sizeof measured, "%llu evaluation%s", (unsigned long long)n, n == 1 ? "" : "s");
        snprintf(limit, sizeof limit, "at least %lld", (long long)q->p.min_evaluations);
        finding(q, host, "qa.coverage", c->id, c->id, measured, limit,
                "fewer QA evaluations in the period than the policy's minimum: schedule more for this agent");
    }
    free(count);
    return CCS_OK;
}

/* Per agent and evaluator (dense: agents x evaluators), the count and sum
 * of scores in the period. */
typedef struct cell {
    uint64_t n;
    double sum;
} cell;

static void offset_of(const qa_inst *q, const qa_result *res, const cell *ae, const cell *agent,
                      qa_evaluator_row *row)
{
    size_t ne = q->evaluators.n;
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < q->nev; i++) {
        const qa_eval *e = &q->ev[i];
        if (e->evaluator != row->evaluator || !qa_in_period(res, e->day))
            continue;
        row->evaluations++;
        const cell *own = &ae[(size_t)e->agent * ne + (size_t)e->evaluator], *all = &agent[e->agent];
        uint64_t others = all->n - own->n;
        if (!others)
            continue;
        double d = e->pct - (all->sum - own->sum) / (double)others;
        row->n++;
        sum += d;
        sum2 += d * d;
    }
    row->share = res->total ? (double)row->evaluations / (double)res->total : 0;
    if (row->n < 2)
        return;
    double n = (double)row->n, mean = sum / n, var = (sum2 - n * mean * mean) / (n - 1);
    double half = stats_t_quantile(0.975, n - 1) * sqrt(var > 0 ? var / n : 0);
    row->offset = mean;
    row->ci_low = mean - half;
    row->ci_high = mean + half;
    row->judged = row->n >= (uint64_t)q->p.min_shared;
    row->flagged = row->judged && fabs(mean) > q->p.offset_points && (row->ci_low > 0 || row->ci_high < 0);
}

static void judge_row(const qa_inst *q, ccs_host *host, const qa_result *res, qa_evaluator_row *row)
{
    const char *who = strtab_get(&q->evaluators, row->evaluator);
    char measured[96], limit[64];
    if (row->flagged) {
        snprintf(measured, sizeof measured, "%+.1f points (95%% CI %+.1f to %+.1f, n = %llu)", row->offset,
                 row->ci_low, row->ci_high, (unsigned long long)row->n);
        snprintf(limit, sizeof limit, "within +-%.1f points", q->p.offset_points);
        finding(q, host, "qa.evaluator_offset", who, NULL, measured, limit,
                row->offset < 0 ? "scores the same agents lower than other evaluators do: calibrate"
                                : "scores the same agents higher than other evaluators do: calibrate");
    }
    row->overloaded = q->p.has_max_share && res->total > 0 && row->share > q->p.max_share;
    if (row->overloaded) {
        snprintf(measured, sizeof measured, "%.1f%% of %llu evaluations", 100 * row->share,
                 (unsigned long long)res->total);
        snprintf(limit, sizeof limit, "at most %.1f%%", 100 * q->p.max_share);
        finding(q, host, "qa.evaluator_workload", who, NULL, measured, limit,
                "carries more of the QA evaluations than the policy's share: spread them over the team");
    }
}

int qa_evaluators(const qa_inst *q, ccs_host *host, qa_result *out)
{
    size_t na = q->agents.n ? q->agents.n : 1, ne = q->evaluators.n;
    if (!ne)
        return CCS_OK;
    cell *ae = calloc(na * ne, sizeof *ae), *agent = calloc(na, sizeof *agent);
    out->evaluators = calloc(ne, sizeof *out->evaluators);
    if (!ae || !agent || !out->evaluators) {
        free(ae);
        free(agent);
        return CCS_ERR;
    }
    for (size_t i = 0; i < q->nev; i++) {
        const qa_eval *e = &q->ev[i];
        if (!qa_in_period(out, e->day))
            continue;
        cell *c = &ae[(size_t)e->agent * ne + (size_t)e->evaluator];
        c->n++;
        c->sum += e->pct;
        agent[e->agent].n++;
        agent[e->agent].sum += e->pct;
    }
    for (size_t v = 0; v < ne; v++) {
        qa_evaluator_row *row = &out->evaluators[out->nevaluators];
        row->evaluator = (int32_t)v;
        offset_of(q, out, ae, agent, row);
        if (!row->evaluations)
            continue; /* no evaluation in this period */
        judge_row(q, host, out, row);
        out->nevaluators++;
    }
    free(ae);
    free(agent);
    return CCS_OK;
}
