/* The report section (ABI 1.2 data): a note with the agents and the
 * findings, the agents as a fact, and the findings per rule. */
#include <stdio.h>

#include "hs.h"
#include "table.h"

static const ccs_column summary_cols[] = {
    { "agents", "Agents with activity", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column findings_cols[] = {
    { "rule", "Rule", CCS_VAL_ID, NULL, 0 },
    { "count", "Findings", CCS_VAL_COUNT, NULL, 0 },
};

int hs_section(hs_inst *h, ccs_host *host)
{
    if (!CCS_HAS_FIELD(hs_api, ccs_host_api, add_report_section))
        return CCS_OK; /* a host older than ABI 1.2: no sections as data */
    int32_t first = INT32_MIN, last = INT32_MAX;
    hs_api->report_period(host, &first, &last);
    size_t total = tally_count(&h->tally, first, last, h->counts, R_COUNT);
    char note[96];
    snprintf(note, sizeof note, "%zu agents with activity, %zu findings", h->nagents, total);
    const char *notes[] = { note };

    table_builder b[2];
    /* the number is in the note too, so the fact is data for JSON and CSV */
    tb_init(&b[0], "summary", "Summary", summary_cols, 1);
    b[0].t.flags = CCS_TABLE_FACTS | CCS_TABLE_DETAIL;
    tb_num(&b[0], (double)h->nagents);
    tb_init(&b[1], "findings", "Findings per rule", findings_cols, 2);
    for (int r = 0; r < R_COUNT; r++) {
        tb_text(&b[1], hs_rule_ids[r]);
        tb_num(&b[1], (double)h->counts[r]);
    }
    int rc = CCS_ERR;
    if (!b[0].oom && !b[1].oom) {
        ccs_table tables[2] = { *tb_table(&b[0]), *tb_table(&b[1]) };
        ccs_report_section sec = { sizeof sec, "health_safety", "Health and safety (working time)", 1, notes, 2,
                                   tables, 0, NULL };
        rc = hs_api->add_report_section(host, &sec);
    } else
        hs_api->log(host, CCS_LOG_ERROR, "out of memory for the report section");
    tb_free(&b[0]);
    tb_free(&b[1]);
    return rc;
}
