/* qa: the report section (ABI 1.2 data): coverage in a sentence, each
 * evaluator's workload and offset, and the calibration contacts with the
 * agreement and its method named. */
#include <stdio.h>

#include "qa.h"
#include "table.h"

static const ccs_column ev_cols[] = {
    { "evaluator", "Evaluator", CCS_VAL_ID, NULL, 0 },
    { "evaluations", "Evaluations", CCS_VAL_COUNT, NULL, 0 },
    { "share", "Share", CCS_VAL_RATE, NULL, 0 },
    { "compared", "Compared", CCS_VAL_COUNT, NULL, 0 },
    { "offset", "Offset", CCS_VAL_NUMBER, "pts", 1 },
    { "ci_low", "95% CI low", CCS_VAL_NUMBER, "pts", 1 },
    { "ci_high", "95% CI high", CCS_VAL_NUMBER, "pts", 1 },
    { "flagged", "Offset flagged", CCS_VAL_BOOL, NULL, 0 },
    { "over_share", "Over share", CCS_VAL_BOOL, NULL, 0 },
};
static const ccs_column cal_cols[] = {
    { "contact", "Contact", CCS_VAL_ID, NULL, 0 },
    { "ratings", "Ratings", CCS_VAL_COUNT, NULL, 0 },
    { "mean", "Mean", CCS_VAL_NUMBER, "pts", 1 },
    { "spread", "Spread (max-min)", CCS_VAL_NUMBER, "pts", 1 },
    { "sd", "SD", CCS_VAL_NUMBER, "pts", 1 },
};
#define N(a) (sizeof a / sizeof *a)

static void fill_evaluators(const qa_inst *q, const qa_result *res, table_builder *b)
{
    for (size_t i = 0; i < res->nevaluators; i++) {
        const qa_evaluator_row *r = &res->evaluators[i];
        tb_text(b, strtab_get(&q->evaluators, r->evaluator));
        tb_num(b, (double)r->evaluations);
        tb_num(b, r->share);
        tb_num(b, (double)r->n);
        tb_opt(b, r->n >= 2, r->offset);
        tb_opt(b, r->n >= 2, r->ci_low);
        tb_opt(b, r->n >= 2, r->ci_high);
        tb_num(b, r->flagged);
        tb_num(b, r->overloaded);
    }
}

static void fill_calibration(const qa_inst *q, const qa_result *res, table_builder *b)
{
    for (size_t i = 0; i < res->calib.nrows; i++) {
        const qa_contact_row *r = &res->calib.rows[i];
        tb_text(b, strtab_get(&q->contacts, r->contact));
        tb_num(b, (double)r->ratings);
        tb_num(b, r->mean);
        tb_num(b, r->spread);
        tb_num(b, r->sd);
    }
}

int qa_section(const qa_inst *q, ccs_host *host, const qa_result *res)
{
    if (!CCS_HAS_FIELD(qa_api, ccs_host_api, add_report_section))
        return CCS_OK;
    char n1[200], n2[240], n3[320];
    snprintf(n1, sizeof n1, "Coverage: %llu of %llu working agents had fewer than %lld evaluations (%llu in the period)",
             (unsigned long long)res->under, (unsigned long long)res->agents, (long long)q->p.min_evaluations,
             (unsigned long long)res->total);
    snprintf(n2, sizeof n2,
             "Offset: mean of (score - other evaluators' mean for the same agent), 95%% t interval; flagged beyond "
             "+-%.1f points with the interval excluding 0 and at least %lld compared",
             q->p.offset_points, (long long)q->p.min_shared);
    const qa_calibration *c = &res->calib;
    if (c->has_icc)
        snprintf(n3, sizeof n3,
                 "Calibration agreement ICC(1,1) = %.3f (one-way random effects, single rater, Shrout & Fleiss; "
                 "%zu contacts, %llu ratings, k0 = %.2f)",
                 c->icc, c->nrows, (unsigned long long)c->ratings, c->k0);
    else
        snprintf(n3, sizeof n3, "Calibration: not enough data (%zu contacts scored by several evaluators; "
                 "ICC(1,1) needs 2; add a contact_id column to evaluations.csv)", c->nrows);
    const char *notes[3] = { n1, n2, n3 };

    table_builder tb[2];
    tb_init(&tb[0], "evaluators", "Evaluators", ev_cols, N(ev_cols));
    tb_init(&tb[1], "calibration", "Calibration contacts", cal_cols, N(cal_cols));
    fill_evaluators(q, res, &tb[0]);
    fill_calibration(q, res, &tb[1]);
    int rc = CCS_ERR;
    if (!tb[0].oom && !tb[1].oom) {
        ccs_table t[2] = { *tb_table(&tb[0]), *tb_table(&tb[1]) };
        ccs_report_section sec = { sizeof sec, "qa", "Quality assurance: coverage and calibration", 3, notes,
                                   c->nrows ? 2 : 1, t, 0, NULL };
        rc = qa_api->add_report_section(host, &sec);
    }
    tb_free(&tb[0]);
    tb_free(&tb[1]);
    return rc;
}
