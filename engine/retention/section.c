/* Retention as the report's "retention" section (data: every sink renders
 * it).  Sections reach only the report sinks, never a feedback component,
 * so the at-risk list stays in management outputs. */
#include <stdlib.h>

#include "datefmt.h"
#include "retention.h"
#include "table.h"

#define NCOLS(a) (sizeof (a) / sizeof *(a))

static const ccs_column group_cols[] = {
    { "group", "group", CCS_VAL_ID, NULL, 0 },
    { "headcount_start", "start", CCS_VAL_COUNT, NULL, 0 },
    { "headcount_end", "end", CCS_VAL_COUNT, NULL, 0 },
    { "average_headcount", "average", CCS_VAL_NUMBER, NULL, 1 },
    { "leavers", "leavers", CCS_VAL_COUNT, NULL, 0 },
    { "early_leavers", "early", CCS_VAL_COUNT, NULL, 0 },
    { "attrition_rate", "attrition", CCS_VAL_RATE, NULL, 0 },
    { "annualised_rate", "annualised", CCS_VAL_RATE, NULL, 0 },
    { "tenure_median_days", "median tenure of leavers", CCS_VAL_NUMBER, "days", 0 },
    { "enps", "eNPS", CCS_VAL_NUMBER, NULL, 0 },
    { "enps_n", "n", CCS_VAL_COUNT, NULL, 0 },
    { "enps_ci_low", "95% low", CCS_VAL_NUMBER, NULL, 0 },
    { "enps_ci_high", "95% high", CCS_VAL_NUMBER, NULL, 0 },
};

static const ccs_column reason_cols[] = {
    { "group", "group", CCS_VAL_ID, NULL, 0 },
    { "reason", "reason", CCS_VAL_TEXT, NULL, 0 },
    { "leavers", "leavers", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column item_cols[] = {
    { "group", "group", CCS_VAL_ID, NULL, 0 },
    { "item", "item", CCS_VAL_ID, NULL, 0 },
    { "mean", "average of 5", CCS_VAL_NUMBER, NULL, 2 },
    { "n", "n", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column risk_cols[] = {
    { "agent", "agent", CCS_VAL_ID, NULL, 0 },
    { "team", "team", CCS_VAL_ID, NULL, 0 },
    { "factors", "factors", CCS_VAL_TEXT, NULL, 0 },
};

static void group_row(table_builder *b, const ret_group *g)
{
    tb_text(b, g->name ? g->name : "organisation");
    tb_num(b, (double)g->headcount_start);
    tb_num(b, (double)g->headcount_end);
    tb_num(b, g->average_headcount);
    tb_num(b, (double)g->leavers);
    tb_num(b, (double)g->early_leavers);
    tb_opt(b, g->has_rate, g->attrition_rate);
    tb_opt(b, g->has_rate, g->annualised_rate);
    tb_opt(b, g->has_tenure, g->tenure_median_days);
    tb_opt(b, g->enps.shown, g->enps.value);
    tb_num(b, (double)g->enps.n);
    tb_opt(b, g->enps.shown, g->enps.ci_low);
    tb_opt(b, g->enps.shown, g->enps.ci_high);
}

static void detail_rows(table_builder *reasons, table_builder *items, const retention *rt, const ret_group *g)
{
    const char *name = g->name ? g->name : "organisation";
    for (size_t i = 0; i < g->nreasons; i++) {
        tb_text(reasons, name);
        tb_text(reasons, g->reasons[i].reason);
        tb_num(reasons, (double)g->reasons[i].leavers);
    }
    for (size_t i = 0; g->enps.shown && rt->survey && i < rt->survey->nitems; i++) {
        tb_text(items, name);
        tb_text(items, rt->survey->items[i]);
        tb_opt(items, g->item_n[i] > 0, g->item_mean[i]);
        tb_num(items, (double)g->item_n[i]);
    }
}

int ret_add_section(ccs_host *h, const retention *rt, diag_list *d)
{
    table_builder tb[4];
    tb_init(&tb[0], "retention_groups", "Headcount, leavers and eNPS", group_cols, NCOLS(group_cols));
    tb_init(&tb[1], "retention_reasons", "Leaving reasons", reason_cols, NCOLS(reason_cols));
    tb_init(&tb[2], "retention_items", "Staff survey items", item_cols, NCOLS(item_cols));
    tb_init(&tb[3], "at_risk", "At risk (current agents; management only)", risk_cols, NCOLS(risk_cols));
    group_row(&tb[0], &rt->org);
    detail_rows(&tb[1], &tb[2], rt, &rt->org);
    for (size_t i = 0; i < rt->nteams; i++) {
        group_row(&tb[0], &rt->teams[i]);
        detail_rows(&tb[1], &tb[2], rt, &rt->teams[i]);
    }
    for (size_t i = 0; i < rt->nrisks; i++) {
        tb_text(&tb[3], rt->risks[i].agent);
        tb_text(&tb[3], rt->risks[i].team);
        tb_text(&tb[3], rt->risks[i].factors);
    }
    char window[160], from[11], to[11];
    fmt_day(from, rt->from);
    fmt_day(to, rt->to);
    snprintf(window, sizeof window, "Window %s to %s (%ld days); early leavers: under %ld days' service.",
             from, to, (long)(rt->to - rt->from + 1), rt->set->early_days);
    char risk[1024];
    ret_risk_note(rt, risk, sizeof risk);
    const char **notes = calloc(rt->nadvice + 4, sizeof *notes);
    int rc = -1, oom = 0;
    for (int i = 0; i < 4; i++)
        oom |= tb[i].oom;
    if (notes && !oom) {
        size_t n = 0;
        notes[n++] = window;
        notes[n++] = "Attrition = leavers / average headcount ((start + end) / 2), annualised x 365 / days. eNPS: "
                     "% 9-10 minus % 0-6 with a 95% normal interval; a team under min_answers answers is not shown.";
        notes[n++] = risk;
        for (size_t i = 0; i < rt->nadvice; i++)
            notes[n++] = rt->advice[i];
        ccs_table tables[4];
        for (int i = 0; i < 4; i++)
            tables[i] = *tb_table(&tb[i]);
        ccs_report_section sec = { sizeof sec, "retention", "Retention", n, notes, 4, tables, 0, NULL };
        char why[256];
        rc = section_list_add(&h->report_sections, &sec, why, sizeof why) == CCS_OK ? 0 : -1;
        if (rc)
            diag_add(d, NULL, 0, "the Retention section: %s", why);
    }
    free(notes);
    for (int i = 0; i < 4; i++)
        tb_free(&tb[i]);
    return rc;
}
