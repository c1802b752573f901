/* The report section (ABI 1.2 data): a note with the total and the
 * retention day, the day as a fact, and the findings per rule. */
#include <stdio.h>

#include "datefmt.h"
#include "dp.h"
#include "table.h"

static const ccs_column summary_cols[] = {
    { "as_of", "Retention as of", CCS_VAL_DATE, NULL, 0 },
};

static const ccs_column findings_cols[] = {
    { "rule", "Rule", CCS_VAL_ID, NULL, 0 },
    { "count", "Findings", CCS_VAL_COUNT, NULL, 0 },
};

int dp_section(dp_inst *dp, ccs_host *host, int32_t as_of)
{
    if (!CCS_HAS_FIELD(dp_api, ccs_host_api, add_report_section))
        return CCS_OK; /* a host older than ABI 1.2: no sections as data */
    int32_t first = INT32_MIN, last = INT32_MAX;
    dp_api->report_period(host, &first, &last);
    size_t total = tally_count(&dp->tally, first, last, dp->counts, R_COUNT);
    char asof[11], note[96];
    fmt_day(asof, as_of);
    snprintf(note, sizeof note, "%zu findings (retention as of %s)", total, asof);
    const char *notes[] = { note };

    table_builder b[2];
    /* the day is in the note too, so the fact is data for JSON and CSV */
    tb_init(&b[0], "summary", "Summary", summary_cols, 1);
    b[0].t.flags = CCS_TABLE_FACTS | CCS_TABLE_DETAIL;
    tb_num(&b[0], as_of);
    tb_init(&b[1], "findings", "Findings per rule", findings_cols, 2);
    for (int r = 0; r < R_COUNT; r++) {
        tb_text(&b[1], dp_rule_ids[r]);
        tb_num(&b[1], (double)dp->counts[r]);
    }
    int rc = CCS_ERR;
    if (!b[0].oom && !b[1].oom) {
        ccs_table tables[2] = { *tb_table(&b[0]), *tb_table(&b[1]) };
        ccs_report_section sec = { sizeof sec, "data_protection", "Data protection", 1, notes, 2, tables, 0, NULL };
        rc = dp_api->add_report_section(host, &sec);
    } else
        dp_api->log(host, CCS_LOG_ERROR, "out of memory for the report section");
    tb_free(&b[0]);
    tb_free(&b[1]);
    return rc;
}
