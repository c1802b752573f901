/* Each contact and evaluation through the rules: the free-text columns
 * scanned for card numbers and security codes, the contact flags for ID&V
 * and the recording notice, and every record counted for retention; at the
 * end, the retention findings and the report section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

const char *const dp_rule_ids[R_COUNT] = {
    "dp.card_number", "dp.cvv", "dp.idv", "dp.recording_notice", "dp.retention",
};

void dp_finding(dp_inst *dp, ccs_host *host, int rule, int severity, dp_record *r, const char *measured,
                const char *limit, const char *message)
{
    const ccs_record *src = r->src;
    dp_name(r);
    if (dp->sharded && src && src->kind == CCS_REC_EVALUATION) {
        if (dp_defer(dp, rule, severity, r, src->line, measured, limit, message) == 0)
            tally_add(&dp->tally, rule, r->day);
        else
            dp_api->log(host, CCS_LOG_ERROR, "out of memory: a %s finding on %s was not kept", dp_rule_ids[rule],
                        r->ref);
        return;
    }
    ccs_finding f = { dp_rule_ids[rule], severity, dp->owner, r->ref, r->agent, measured, limit, message };
    int rc = CCS_HAS_FIELD(dp_api, ccs_host_api, add_finding_at) ? dp_api->add_finding_at(host, &f, r->day)
                                                                 : dp_api->add_finding(host, &f);
    if (rc == CCS_OK)
        tally_add(&dp->tally, rule, r->day);
}

/* Warn once when the contacts lack the columns of the ID&V or the notice rule. */
void dp_warn_missing(dp_inst *dp, ccs_host *host, const char *file, const colmap *c)
{
    if (dp->warned[0])
        return;
    dp->warned[0] = 1;
    if (*dp->col_disclosed && (c->disclosed < 0 || c->idv < 0))
        dp_api->log(host, CCS_LOG_WARNING,
                    "%s has no '%s' or '%s' column: the ID&V rule is not checked (set disclosure_column "
                    "and idv_column)", file, dp->col_disclosed, dp->col_idv);
    if (*dp->col_recorded && (c->recorded < 0 || c->notice < 0))
        dp_api->log(host, CCS_LOG_WARNING,
                    "%s has no '%s' or '%s' column: the recording-notice rule is not checked (set "
                    "recorded_column and notice_column)", file, dp->col_recorded, dp->col_notice);
}

static int column_or_none(ccs_host *host, uint32_t stream, const char *name)
{
    return *name ? dp_api->column_index(host, stream, name) : -1;
}

static int colmap_for(dp_inst *dp, ccs_host *host, const ccs_record *rec, colmap **out)
{
    int which = rec->kind == CCS_REC_CONTACT ? 0 : 1;
    colmap *c = &dp->maps[which];
    if (c->file != rec->file || !c->text) {
        if (!c->text) {
            c->text = calloc(dp->ntext ? dp->ntext : 1, sizeof *c->text);
            if (!c->text)
                return -1;
        }
        c->file = rec->file;
        for (size_t i = 0; i < dp->ntext; i++)
            c->text[i] = dp_api->column_index(host, rec->stream, dp->text_cols[i]);
        c->disclosed = column_or_none(host, rec->stream, dp->col_disclosed);
        c->idv = column_or_none(host, rec->stream, dp->col_idv);
        c->recorded = column_or_none(host, rec->stream, dp->col_recorded);
        c->notice = column_or_none(host, rec->stream, dp->col_notice);
        if (which == 0)
            dp_warn_missing(dp, host, rec->file, c);
    }
    *out = c;
    return 0;
}

struct dp_names {
    char ref[512], agent[256], what[1024];
};

static int clip(ccs_str s)
{
    return (int)(s.len > 200 ? 200 : s.len);
}

/* The record's reference, agent and description. */
void dp_name(dp_record *r)
{
    const ccs_record *rec = r->rec;
    if (!rec)
        return;
    struct dp_names *n = r->names;
    ccs_str agent;
    if (rec->kind == CCS_REC_CONTACT) {
        const ccs_contact *k = (const ccs_contact *)rec;
        snprintf(n->ref, sizeof n->ref, "%.*s", clip(k->contact_id), k->contact_id.ptr);
        agent = k->agent_id;
    } else {
        const ccs_evaluation *e = (const ccs_evaluation *)rec;
        snprintf(n->ref, sizeof n->ref, "%s:%llu", rec->file ? rec->file : "", (unsigned long long)rec->line);
        agent = e->agent_id;
    }
    snprintf(n->agent, sizeof n->agent, "%.*s", clip(agent), agent.ptr);
    snprintf(n->what, sizeof n->what, "%s %s%s%s", rec->kind == CCS_REC_CONTACT ? "contact" : "evaluation at",
             n->ref, *n->agent ? " (agent " : "", *n->agent ? n->agent : "");
    if (*n->agent)
        strcat(n->what, ")");
    r->ref = n->ref;
    r->agent = *n->agent ? n->agent : NULL;
    r->what = n->what;
    r->rec = NULL;
}

void dp_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    dp_inst *dp = inst;
    colmap *c;
    if ((rec->kind != CCS_REC_CONTACT && rec->kind != CCS_REC_EVALUATION) || colmap_for(dp, host, rec, &c) != 0)
        return;
    struct dp_names names;
    int32_t day = rec->kind == CCS_REC_CONTACT ? ((const ccs_contact *)rec)->local_day
                                               : ((const ccs_evaluation *)rec)->local_day;
    dp_record r = { NULL, NULL, NULL, rec, &names, day, rec };
    for (size_t i = 0; i < dp->ntext; i++) {
        if (c->text[i] < 0)
            continue;
        ccs_str text = ccs_record_column(rec, c->text[i]);
        if (text.len == 0)
            continue;
        unsigned hints = dp_text_hints(text.ptr, text.len); /* most notes hold neither */
        if (hints & DP_HINT_DIGITS)
            dp_scan_cards(dp, host, text, dp->text_cols[i], &r);
        if (hints & DP_HINT_KEYWORD)
            dp_scan_codes(dp, host, text, dp->text_cols[i], &r);
    }
    if (!dp->have_latest || day > dp->latest_day)
        dp->latest_day = day;
    dp->have_latest = 1;
    if (rec->kind == CCS_REC_EVALUATION) {
        dp_retain(dp, P_EVALUATIONS, rec->file, day);
        return;
    }
    dp_retain(dp, P_CONTACTS, rec->file, day);
    int recorded = c->recorded >= 0 && dp_truthy(ccs_record_column(rec, c->recorded));
    if (recorded)
        dp_retain(dp, P_RECORDINGS, rec->file, day);
    dp_check_contact_flags(dp, host, rec, c, recorded, &r);
}

int dp_finish(void *inst, ccs_host *host)
{
    dp_inst *dp = inst;
    int32_t as_of = dp_as_of(dp, host);
    dp_retention_findings(dp, host, as_of);
    return dp_section(dp, host, as_of);
}
