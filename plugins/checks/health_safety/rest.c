/* Rest: hs.rest_break (a long working day without an uninterrupted break),
 * hs.daily_rest (too little rest between working days) and hs.weekly_rest
 * (no long enough rest in a week, or a fortnight). */
#include <stdio.h>

#include "datefmt.h"
#include "hs.h"

void hs_rule_rest_break(agent_days *d, size_t k)
{
    const hs_limits *L = &d->h->lim;
    const day_group *g = &d->g[k];
    int young = d->young;
    int64_t after = young ? L->young_break_after : L->break_after;
    int64_t need = young ? L->young_break_len : L->break_len;
    if (g->work <= after || g->longest_break >= need)
        return;
    char date[11], m[160], lim[160], msg[512], d1[48], d2[48];
    fmt_day(date, g->day);
    hs_fmt_dur(d1, sizeof d1, g->work);
    hs_fmt_dur(d2, sizeof d2, after);
    snprintf(m, sizeof m, "longest break %lld min in %s of work", (long long)(g->longest_break / 60), d1);
    snprintf(lim, sizeof lim, "a break of %lld min when the working day exceeds %s%s", (long long)(need / 60), d2,
             young ? " (young worker)" : "");
    snprintf(msg, sizeof msg, "%s on %s: %s of work without an uninterrupted break of %lld min (longest %lld min)%s",
             d->a->id, date, d1, (long long)(need / 60), (long long)(g->longest_break / 60),
             young ? "; young worker" : "");
    hs_report(d->h, R_REST_BREAK, CCS_SEV_BREACH, d->a, &d->pres[g->first], g->day, m, lim, msg);
}

void hs_rule_daily_rest(agent_days *d, size_t k)
{
    if (k == 0)
        return;
    const hs_limits *L = &d->h->lim;
    const day_group *g = &d->g[k];
    int64_t gap = g->es - d->g[k - 1].ee;
    int64_t min = d->young ? L->young_daily_rest : L->daily_rest;
    if (gap >= min)
        return;
    char date[11], m[160], lim[160], msg[512], d1[48], d2[48];
    fmt_day(date, g->day);
    hs_fmt_dur(d1, sizeof d1, gap);
    hs_fmt_dur(d2, sizeof d2, min);
    snprintf(m, sizeof m, "rest %s", d1);
    snprintf(lim, sizeof lim, "at least %s between working days%s", d2, d->young ? " (young worker)" : "");
    snprintf(msg, sizeof msg, "%s on %s: only %s of rest since the previous working day (at least %s)", d->a->id,
             date, d1, d2);
    hs_report(d->h, R_DAILY_REST, CCS_SEV_BREACH, d->a, &d->pres[g->first], g->day, m, lim, msg);
}

/* The rest inside the period [ps, pe): the longest free stretch, how many
 * free stretches reach `enough`, and the first working day in the period
 * (0 when there is none, else its index + 1). */
typedef struct period_rest {
    int64_t longest;
    int over;
    size_t first;
} period_rest;

static period_rest rest_in(const agent_days *d, int64_t ps, int64_t pe, int64_t enough)
{
    period_rest r = { 0, 0, 0 };
    int64_t cursor = ps;
    for (size_t k = 0; k < d->ng; k++) {
        const day_group *g = &d->g[k];
        if (g->ee <= ps)
            continue;
        if (g->es >= pe)
            break;
        if (!r.first)
            r.first = k + 1;
        if (g->es > cursor) {
            int64_t gap = g->es - cursor;
            r.longest = gap > r.longest ? gap : r.longest;
            r.over += gap >= enough;
        }
        if (g->ee > cursor)
            cursor = g->ee;
    }
    if (cursor < pe) {
        int64_t gap = pe - cursor;
        r.longest = gap > r.longest ? gap : r.longest;
        r.over += gap >= enough;
    }
    return r;
}

/* Weekly rest: the longest free stretch inside each period. */
void hs_rule_weekly_rest(agent_days *d, const agent_weeks *w)
{
    const hs_limits *L = &d->h->lim;
    int fortnight = L->weekly_rest_mode == REST_14D;
    int32_t pstart = fortnight ? w->w0 - (((w->w0 - 4) / 7) % 2 != 0 ? 7 : 0) : w->w0;
    int plen = fortnight ? 14 : 7;
    int64_t need = fortnight ? L->fortnight_rest : L->weekly_rest;
    char date[11], m[160], lim[160], msg[512], d1[48], d2[48];
    for (int32_t p = pstart; p <= w->w1; p += plen) {
        int64_t ps = hs_api->local_to_utc(d->h->host, p, 0), pe = hs_api->local_to_utc(d->h->host, p + plen, 0);
        period_rest r = rest_in(d, ps, pe, L->weekly_rest);
        if (r.longest >= need || (fortnight && r.over >= 2) || !r.first)
            continue;
        fmt_day(date, p);
        hs_fmt_dur(d1, sizeof d1, r.longest);
        hs_fmt_dur(d2, sizeof d2, need);
        snprintf(m, sizeof m, "longest rest %s", d1);
        snprintf(lim, sizeof lim, fortnight ? "%s uninterrupted (or two of the weekly rest) in each 14 days"
                                            : "%s uninterrupted in each 7 days", d2);
        snprintf(msg, sizeof msg, "%s in the %s of %s: the longest uninterrupted rest was %s (at least %s)",
                 d->a->id, fortnight ? "fortnight" : "week", date, d1, d2);
        hs_report(d->h, R_WEEKLY_REST, CCS_SEV_BREACH, d->a, &d->pres[d->g[r.first - 1].first], p, m, lim, msg);
    }
}
