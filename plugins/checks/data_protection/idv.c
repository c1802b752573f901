/* dp.idv (account data disclosed without a passed ID&V step) and
 * dp.recording_notice (a recorded contact without a recording notice), from
 * the contacts' flag columns. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dp.h"

int dp_truthy_word(ccs_str v)
{
    static const char *const yes[] = { "yes", "true", "pass", "passed" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (v.len == strlen(yes[i]) && strncasecmp(v.ptr, yes[i], v.len) == 0)
            return 1;
    return 0;
}

void dp_check_contact_flags(dp_inst *dp, ccs_host *host, const ccs_record *rec, const colmap *c, int recorded,
                            dp_record *r)
{
    char msg[1024];
    if (c->disclosed >= 0 && c->idv >= 0 && dp_truthy(ccs_record_column(rec, c->disclosed)) &&
        !dp_truthy(ccs_record_column(rec, c->idv))) {
        dp_name(r);
        snprintf(msg, sizeof msg, "%s: account data was disclosed ('%s') without a passed ID&V step ('%s') on the "
                 "same contact", r->what, dp->col_disclosed, dp->col_idv);
        dp_finding(dp, host, R_IDV, CCS_SEV_BREACH, r, "disclosed without ID&V passed",
                   "ID&V passed before any disclosure", msg);
    }
    if (recorded && c->notice >= 0 && !dp_truthy(ccs_record_column(rec, c->notice))) {
        dp_name(r);
        snprintf(msg, sizeof msg, "%s: the contact was recorded ('%s') without a recording notice ('%s')", r->what,
                 dp->col_recorded, dp->col_notice);
        dp_finding(dp, host, R_NOTICE, CCS_SEV_BREACH, r, "recorded without notice",
                   "a recording notice on every recorded contact", msg);
    }
}
