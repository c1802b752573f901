/* The report section (ABI 1.2 data): how favourable is defined, what is
 * withheld, and the table of rates and ratios per attribute, group and
 * metric, so that HR sees the whole picture and not only the findings.
 * Groups under min_group never reach it (eq_compare leaves them out). */
#include <stdio.h>

#include "eq.h"
#include "table.h"

static const ccs_column rate_cols[] = {
    { "attribute", "Attribute", CCS_VAL_ID, NULL, 0 },
    { "group", "Group", CCS_VAL_ID, NULL, 0 },
    { "metric", "Metric", CCS_VAL_ID, NULL, 0 },
    { "agents", "Agents", CCS_VAL_COUNT, NULL, 0 },
    { "favourable", "Favourable", CCS_VAL_COUNT, NULL, 0 },
    { "rate", "Rate", CCS_VAL_RATE, NULL, 0 },
    { "ratio", "Impact ratio", CCS_VAL_NUMBER, NULL, 2 },
    { "p_value", "p (Fisher)", CCS_VAL_NUMBER, NULL, 4 },
    { "flagged", "Flagged", CCS_VAL_BOOL, NULL, 0 },
};
#define NCOLS (sizeof rate_cols / sizeof *rate_cols)

static void fill(const eq_inst *e, const eq_audit *a, table_builder *b)
{
    for (size_t i = 0; i < a->nrows; i++) {
        const eq_row *r = &a->rows[i];
        tb_text(b, e->attr[r->attr]);
        tb_text(b, strtab_get(&e->values, r->group));
        tb_text(b, r->metric);
        tb_num(b, (double)r->n);
        tb_num(b, (double)r->favourable);
        tb_num(b, r->rate);
        tb_opt(b, r->compared, r->ratio);
        tb_opt(b, r->compared && !r->best, r->p);
        tb_num(b, r->flagged);
    }
}

int eq_section(eq_inst *e, ccs_host *host, const eq_audit *a)
{
    if (!CCS_HAS_FIELD(eq_api, ccs_host_api, add_report_section))
        return CCS_OK;
    char n1[200], n2[160], n3[160], n4[120];
    snprintf(n1, sizeof n1,
             "Favourable: the agent meets the target (a metric), or scores at least %.0f (the score band); "
             "agents with too little data or no target are left out",
             e->p.favourable_score);
    snprintf(n2, sizeof n2,
             "Groups with fewer than %llu judged agents are not shown and not compared",
             (unsigned long long)e->p.min_group);
    snprintf(n3, sizeof n3,
             "Flagged: impact ratio (rate over the highest group's) under %.2f and two-sided Fisher exact p under %.2f",
             e->p.ratio, e->p.alpha);
    snprintf(n4, sizeof n4, "Adverse impacts flagged: %zu; adjusted targets not applied: %zu", a->nflagged,
             a->nadjustment);
    const char *notes[5] = { n1, n2, n3, n4, NULL };
    size_t nnotes = 4;
    if (!a->nrows)
        notes[nnotes++] = "No comparison: the roster names no audited group_* column, or no two groups are large enough";

    table_builder b;
    tb_init(&b, "rates", "Favourable rates per group", rate_cols, NCOLS);
    fill(e, a, &b);
    int rc = CCS_ERR;
    if (!b.oom) {
        ccs_table t = *tb_table(&b);
        ccs_report_section sec = { sizeof sec, "equality", "Equality audit (four-fifths rule)", nnotes, notes,
                                   1, &t, 0, NULL };
        rc = eq_api->add_report_section(host, &sec);
    } else
        eq_api->log(host, CCS_LOG_ERROR, "out of memory for the report section");
    tb_free(&b);
    return rc;
}
