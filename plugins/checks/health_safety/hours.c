/* Hours: the weeks' working time, hs.young_daily_hours and
 * hs.young_weekly_hours (young workers' limits), hs.weekly_hours (the
 * 48-hour average over the reference period, unless opted out) and
 * hs.night_hours (night workers' average per 24 hours). */
#include <stdio.h>
#include <stdlib.h>

#include "datefmt.h"
#include "hs.h"

int hs_weeks_init(agent_weeks *w, const agent_days *d)
{
    const hs_inst *h = d->h;
    w->w0 = hs_monday_of(h->first_day);
    w->w1 = hs_monday_of(h->last_day);
    w->n = (size_t)((w->w1 - w->w0) / 7 + 1);
    w->hours = calloc(w->n, sizeof *w->hours);
    w->wfirst = calloc(w->n, sizeof *w->wfirst);
    if (!w->hours || !w->wfirst) {
        hs_weeks_free(w);
        return -1;
    }
    for (size_t k = 0; k < d->ng; k++) {
        int32_t wk = (hs_monday_of(d->g[k].day) - w->w0) / 7;
        if (wk < 0 || (size_t)wk >= w->n)
            continue;
        w->hours[wk] += (double)d->g[k].work / 3600.0;
        if (!w->wfirst[wk])
            w->wfirst[wk] = k + 1;
    }
    return 0;
}

void hs_weeks_free(agent_weeks *w)
{
    free(w->hours);
    free(w->wfirst);
    w->hours = NULL;
    w->wfirst = NULL;
}

void hs_rule_young_daily(agent_days *d, size_t k)
{
    const hs_limits *L = &d->h->lim;
    const day_group *g = &d->g[k];
    if (!d->young || g->work <= (int64_t)(L->young_daily_max_h * 3600 + 0.5))
        return;
    char date[11], m[160], lim[160], msg[512], d1[48], d2[48];
    fmt_day(date, g->day);
    hs_fmt_dur(d1, sizeof d1, g->work);
    hs_fmt_hours(d2, sizeof d2, L->young_daily_max_h);
    snprintf(m, sizeof m, "%s of work", d1);
    snprintf(lim, sizeof lim, "at most %s a day (young worker)", d2);
    snprintf(msg, sizeof msg, "%s on %s: a young worker worked %s, more than %s in a day", d->a->id, date, d1, d2);
    hs_report(d->h, R_YOUNG_DAILY, CCS_SEV_BREACH, d->a, &d->pres[g->first], g->day, m, lim, msg);
}

void hs_rule_young_weekly(agent_days *d, const agent_weeks *w)
{
    const hs_limits *L = &d->h->lim;
    char date[11], m[160], lim[160], msg[512], d1[48], d2[48];
    for (size_t wk = 0; d->young && wk < w->n; wk++) {
        if (w->hours[wk] <= L->young_weekly_max_h + 1e-9 || !w->wfirst[wk])
            continue;
        const span *first = &d->pres[d->g[w->wfirst[wk] - 1].first];
        fmt_day(date, w->w0 + (int32_t)wk * 7);
        hs_fmt_hours(d1, sizeof d1, w->hours[wk]);
        hs_fmt_hours(d2, sizeof d2, L->young_weekly_max_h);
        snprintf(m, sizeof m, "%s of work in the week", d1);
        snprintf(lim, sizeof lim, "at most %s a week (young worker)", d2);
        snprintf(msg, sizeof msg, "%s in the week of %s: a young worker worked %s, more than %s", d->a->id, date, d1,
                 d2);
        hs_report(d->h, R_YOUNG_WEEKLY, CCS_SEV_BREACH, d->a, first, w->w0 + (int32_t)wk * 7, m, lim, msg);
    }
}

/* The reference period's window (rolling; the data's weeks when shorter)
 * with the highest average among those judged in the report's period (the
 * windows ending in its weeks: earlier weeks are context, issue 11), as the
 * averages' findings name it. */
typedef struct worst_window {
    double hours;              /* total in the window */
    size_t win;                /* weeks */
    const span *first;         /* the first span of the window's days */
    int32_t at;                /* the day judged: the last week's Monday, in the period */
    char from[11], to[11], weeks[64];
} worst_window;

/* Indices of the weeks whose windows are judged: those in the report's
 * period (the data's last week when there is none); *e0 > *e1 when the
 * period lies outside the data.  *pfirst: the period's first day. */
static void judged_weeks(const agent_days *d, const agent_weeks *w, size_t *e0, size_t *e1, int32_t *pfirst)
{
    int32_t first, last;
    *e0 = *e1 = w->n - 1;
    *pfirst = INT32_MIN;
    if (hs_api->report_period(d->h->host, &first, &last) != CCS_OK)
        return;
    int32_t a = (hs_monday_of(first) - w->w0) / 7, b = (hs_monday_of(last) - w->w0) / 7;
    *pfirst = first;
    if (b < 0 || a > (int32_t)w->n - 1) {
        *e0 = 1, *e1 = 0;
        return;
    }
    *e0 = a < 0 ? 0 : (size_t)a;
    *e1 = b > (int32_t)w->n - 1 ? w->n - 1 : (size_t)b;
}

static int find_worst(const agent_days *d, const agent_weeks *w, worst_window *ww)
{
    size_t ref = (size_t)d->h->lim.reference_weeks, e0, e1, at = 0, win = 0;
    int32_t pfirst;
    judged_weeks(d, w, &e0, &e1, &pfirst);
    double worst = -1, worst_sum = 0;
    for (size_t e = e0; e <= e1 && e < w->n; e++) {
        size_t s = e + 1 >= ref ? e + 1 - ref : 0;
        double sum = 0;
        for (size_t k = s; k <= e; k++)
            sum += w->hours[k];
        if (sum / (double)(e - s + 1) > worst) {
            worst = sum / (double)(e - s + 1);
            worst_sum = sum;
            at = s;
            win = e - s + 1;
        }
    }
    if (worst < 0 || d->ng == 0)
        return 0;
    ww->hours = worst_sum;
    ww->win = win;
    int32_t judged = w->w0 + (int32_t)(at + win - 1) * 7;
    ww->at = judged > pfirst ? judged : pfirst;
    fmt_day(ww->from, w->w0 + (int32_t)at * 7);
    fmt_day(ww->to, w->w0 + (int32_t)(at + win) * 7 - 1);
    snprintf(ww->weeks, sizeof ww->weeks, "%zu week%s", win, win == 1 ? "" : "s");
    ww->first = &d->pres[d->g[0].first];
    for (size_t k = 0; k < d->ng; k++)
        if (hs_monday_of(d->g[k].day) >= w->w0 + (int32_t)at * 7) {
            ww->first = &d->pres[d->g[k].first];
            break;
        }
    return 1;
}

static void weekly_hours(agent_days *d, const worst_window *ww)
{
    const hs_limits *L = &d->h->lim;
    double avg = ww->hours / (double)ww->win;
    if (d->a->opt_out == 1 || avg <= L->max_weekly_h + 1e-9)
        return;
    char m[160], lim[160], msg[512], d1[48], d2[48];
    hs_fmt_hours(d1, sizeof d1, avg);
    hs_fmt_hours(d2, sizeof d2, L->max_weekly_h);
    snprintf(m, sizeof m, "average %s a week over %s", d1, ww->weeks);
    snprintf(lim, sizeof lim, "at most %s a week on average over %d weeks, unless opted out", d2,
             L->reference_weeks);
    snprintf(msg, sizeof msg,
             "%s over the %s from %s to %s: worked %s a week on average, more than %s, without an opt-out%s",
             d->a->id, ww->weeks, ww->from, ww->to, d1, d2,
             ww->win < (size_t)L->reference_weeks ? " (the data is shorter than the reference period)" : "");
    hs_report(d->h, R_WEEKLY_HOURS, CCS_SEV_BREACH, d->a, ww->first, ww->at, m, lim, msg);
}

static void night_hours(agent_days *d, const worst_window *ww)
{
    const hs_limits *L = &d->h->lim;
    double days = (double)ww->win * 7 - (L->night_exclude_rest ? (double)ww->win : 0);
    double per24 = days > 0 ? ww->hours / days : 0;
    if (d->a->night != 1 || per24 <= L->night_max_h + 1e-9)
        return;
    char m[160], lim[160], msg[512], d1[48], d2[48];
    hs_fmt_hours(d1, sizeof d1, per24);
    hs_fmt_hours(d2, sizeof d2, L->night_max_h);
    snprintf(m, sizeof m, "average %s per 24 h over %s", d1, ww->weeks);
    snprintf(lim, sizeof lim, "at most %s per 24 h on average (night worker)", d2);
    snprintf(msg, sizeof msg, "%s over the %s from %s to %s: a night worker worked %s per 24 h on average, more than %s",
             d->a->id, ww->weeks, ww->from, ww->to, d1, d2);
    hs_report(d->h, R_NIGHT, CCS_SEV_BREACH, d->a, ww->first, ww->at, m, lim, msg);
}

void hs_rule_averages(agent_days *d, const agent_weeks *w)
{
    worst_window ww;
    if (!find_worst(d, w, &ww))
        return;
    weekly_hours(d, &ww);
    night_hours(d, &ww);
}
