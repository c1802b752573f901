/* Findings and their wording: dates, durations, hours, and the finding
 * itself (owner, reference, agent), counted per rule for the section. */
#include <stdio.h>

#include "hs.h"

const char *const hs_rule_ids[R_COUNT] = {
    "hs.rest_break", "hs.daily_rest", "hs.weekly_rest", "hs.weekly_hours",
    "hs.young_daily_hours", "hs.young_weekly_hours", "hs.night_hours", "hs.screen_break",
};

int32_t hs_monday_of(int32_t day)
{
    int32_t w = (day - 4) % 7; /* 1970-01-05 was a Monday */
    if (w < 0)
        w += 7;
    return day - w;
}

void hs_fmt_dur(char *buf, size_t len, int64_t secs)
{
    if (secs < 0)
        secs = 0;
    int64_t h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
    if (s)
        snprintf(buf, len, "%lld h %02lld min %02lld s", (long long)h, (long long)m, (long long)s);
    else
        snprintf(buf, len, "%lld h %02lld min", (long long)h, (long long)m);
}

void hs_fmt_hours(char *buf, size_t len, double h)
{
    snprintf(buf, len, "%.2f h", h);
}

void hs_report(hs_inst *h, int rule, int severity, const agent *a, const span *s, int32_t at, const char *measured,
               const char *limit, const char *message)
{
    char ref[1024];
    if (s && s->file)
        snprintf(ref, sizeof ref, "%s:%llu", s->file, (unsigned long long)s->line);
    else
        snprintf(ref, sizeof ref, "%s", a->id);
    ccs_finding f = { hs_rule_ids[rule], severity, h->lim.owner, ref, a->id, measured, limit, message };
    int rc = CCS_HAS_FIELD(hs_api, ccs_host_api, add_finding_at) ? hs_api->add_finding_at(h->host, &f, at)
                                                                 : hs_api->add_finding(h->host, &f);
    if (rc == CCS_OK)
        tally_add(&h->tally, rule, at);
}
