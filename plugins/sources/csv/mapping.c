/* csv: the canonical columns of every stream, and mapping a file's header
 * onto them (the policy's col_<name> keys name a column differently). */
#include <stdio.h>
#include <string.h>

#include "csvsrc.h"

const char *const cs_field_names[F_COUNT] = {
    "contact_id", "agent_id", "team", "queue", "channel", "started_at", "wait_s", "talk_s",
    "hold_s", "acw_s", "outcome", "transferred", "resolved", "csat", "nps", "customer_id",
    "notes", "evaluated_at", "evaluator", "score", "max_score", "auto_fail", "name",
    "hired_on", "left_on", "leave_reason", "metric", "target", "from", "to",
    "young_worker", "night_worker", "opt_out_48h", "activity", "start", "end", "reason",
    "received_on", "route", "sentiment", "topic",
};

const stream_def cs_streams[] = {
    { CCS_REC_CONTACT, "contacts",
      { F_CONTACT_ID, F_AGENT_ID, F_STARTED_AT, F_WAIT_S, F_TALK_S, F_HOLD_S, F_ACW_S, F_OUTCOME, -1 },
      { F_TEAM, F_QUEUE, F_CHANNEL, F_TRANSFERRED, F_RESOLVED, F_CSAT, F_NPS, F_CUSTOMER_ID, F_NOTES, -1 } },
    { CCS_REC_EVALUATION, "evaluations",
      { F_AGENT_ID, F_EVALUATED_AT, F_SCORE, F_MAX_SCORE, -1 },
      { F_EVALUATOR, F_AUTO_FAIL, -1 } },
    { CCS_REC_OBJECTIVE, "objectives",
      { F_AGENT_ID, F_METRIC, F_TARGET, F_FROM, F_TO, -1 },
      { -1 } },
    { CCS_REC_AGENT, "agents",
      { F_AGENT_ID, F_NAME, F_TEAM, -1 },
      { F_HIRED_ON, F_LEFT_ON, F_LEAVE_REASON, F_YOUNG_WORKER, F_NIGHT_WORKER, F_OPT_OUT_48H, -1 } },
    { CCS_REC_ACTIVITY, "activity",
      { F_AGENT_ID, F_ACTIVITY, F_START, F_END, -1 },
      { F_QUEUE, F_REASON, -1 } },
    /* Any free-text column (comment, text...) is never read. */
    { CCS_REC_COMMENT, "comments",
      { F_AGENT_ID, F_RECEIVED_ON, F_ROUTE, F_SENTIMENT, -1 },
      { F_TOPIC, F_SCORE, -1 } },
};
const size_t cs_nstreams = sizeof cs_streams / sizeof cs_streams[0];

const char *cs_column_name(const csv_inst *c, int f)
{
    return c && c->column[f] ? c->column[f] : cs_field_names[f];
}

/* ------------------------------------------------ header matching */

static int str_eq(ccs_str s, const char *z)
{
    size_t n = strlen(z);
    return s.len == n && memcmp(s.ptr, z, n) == 0;
}

/* Column index of each canonical field in this header (-1: absent). */
void cs_map_header(const csv_inst *c, const ccs_str *h, size_t n, int *pos)
{
    for (int f = 0; f < F_COUNT; f++) {
        pos[f] = -1;
        const char *want = cs_column_name(c, f);
        for (size_t i = 0; i < n; i++)
            if (str_eq(h[i], want)) {
                pos[f] = (int)i;
                break;
            }
    }
}

int cs_has_required(const stream_def *s, const int *pos)
{
    for (const int *f = s->required; *f >= 0; f++)
        if (pos[*f] < 0)
            return 0;
    return 1;
}

const stream_def *cs_stream_of(uint32_t kind)
{
    for (size_t i = 0; i < cs_nstreams; i++)
        if (cs_streams[i].kind == kind)
            return &cs_streams[i];
    return NULL;
}

/* Which policy key raises the limit a reader error is about, or "". */
const char *cs_limit_hint(const char *why)
{
    if (strncmp(why, "record longer", 13) == 0)
        return " (max_line_bytes)";
    if (strncmp(why, "more than", 9) == 0)
        return " (max_fields)";
    return "";
}

/* Open the file and map its header; for a range, the header is read by a
 * reader of its own and the returned reader starts at begin. */
csv_reader *cs_open_mapped(const csv_inst *c, ccs_source_ctx *ctx, const stream_def *s,
                               const char *path, uint64_t begin, uint64_t end, int *pos,
                               size_t *ncols)
{
    ccs_host *host = csv_api->source_host(ctx);
    char err[512];
    csv_reader *rd = csv_open(path, &c->limits, err, sizeof err);
    if (!rd) {
        csv_api->log(host, CCS_LOG_ERROR, "%s: %s", path, err);
        return NULL;
    }
    if (begin == 0 && csv_set_range(rd, 0, end) != 0) {
        csv_api->log(host, CCS_LOG_ERROR, "%s: cannot read the range", path);
        csv_close(rd);
        return NULL;
    }
    const ccs_str *fields;
    size_t n;
    uint64_t line;
    const char *why;
    int rc = csv_next(rd, &fields, &n, &line, &why);
    if (rc != 1) {
        if (rc == 0)
            csv_api->log(host, CCS_LOG_ERROR, "%s: the file is empty; expected a header line naming the %s columns",
                     path, s->name);
        else
            csv_api->log(host, CCS_LOG_ERROR, "%s:%llu: bad header: %s%s", path, (unsigned long long)line, why,
                     cs_limit_hint(why));
        csv_close(rd);
        return NULL;
    }
    cs_map_header(c, fields, n, pos);
    for (const int *f = s->required; *f >= 0; f++) {
        if (pos[*f] < 0) {
            csv_api->log(host, CCS_LOG_ERROR,
                     "%s:%llu: missing column '%s' in the %s header (map another name with col_%s = ...)",
                     path, (unsigned long long)line, cs_column_name(c, *f), s->name, cs_field_names[*f]);
            csv_close(rd);
            return NULL;
        }
    }
    /* Fields the stream does not know stay unmapped. */
    for (int f = 0; f < F_COUNT; f++) {
        int known = 0;
        for (const int *k = s->required; *k >= 0 && !known; k++)
            known = *k == f;
        for (const int *k = s->optional; *k >= 0 && !known; k++)
            known = *k == f;
        if (!known)
            pos[f] = -1;
    }
    *ncols = n;
    csv_api->set_columns(ctx, fields, n);
    if (begin > 0) {
        csv_close(rd);
        rd = csv_open(path, &c->limits, err, sizeof err);
        if (!rd || csv_set_range(rd, begin, end) != 0) {
            csv_api->log(host, CCS_LOG_ERROR, "%s: %s", path, rd ? "cannot seek" : err);
            csv_close(rd);
            return NULL;
        }
    }
    return rd;
}

