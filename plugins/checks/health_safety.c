/* health_safety: working-time checks over agents' activity (UK Working Time
 * Regulations 1998, EU Directive 2003/88/EC, HSE display-screen guidance).
 *
 * The check keeps every agent's activity spans (a schedule: a few rows per
 * agent and day) and the roster's flags, and judges them at the end of the
 * input.  The model, per agent:
 *
 *  - presence: shift, training, coaching, login, pause and wrapup spans;
 *    rest: break and lunch spans, except where training or coaching overlaps
 *    them (that time is work);
 *  - a working day is the presence spans that start on one local day, plus
 *    any span that starts before the day's last span ends (a night shift, or
 *    an export that cuts shifts at midnight); its envelope runs from its
 *    first start to its last end;
 *  - working time is the envelope's time in presence and not in rest; a
 *    break is a stretch of the envelope that is not working time and touches
 *    neither end (a break at the start or the end of the day is not one);
 *  - screen work is working time outside pause, training and coaching; a
 *    pause, break, lunch, training or coaching of at least screen_break_min
 *    ends a stretch of continuous screen work;
 *  - weeks run Monday 00:00 to Monday 00:00, local time (WTR reg 11(6)); a
 *    week's working time is that of the working days that start in it; the
 *    weeks checked are those that the data touches, and time outside the
 *    data counts as rest (so an edge can hide a breach, never invent one).
 *
 * Findings go to the owner `workforce planning` (a setting), name the agent,
 * the date, the measured value and the limit, and never touch scores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "datefmt.h"
#include "parse.h"

static const ccs_host_api *api;

/* ------------------------------------------------------------ settings */

enum { REST_7D = 0, REST_14D = 1 };

typedef struct hs_limits {
    int64_t break_after, break_len;             /* seconds */
    int64_t young_break_after, young_break_len;
    int64_t daily_rest, young_daily_rest;
    int64_t weekly_rest, fortnight_rest;
    int weekly_rest_mode;
    double max_weekly_h, young_daily_max_h, young_weekly_max_h, night_max_h;
    int reference_weeks;
    int night_exclude_rest;
    int64_t screen_max, screen_break;
    char *owner;
} hs_limits;

/* ------------------------------------------------------------ state */

typedef struct span {
    int64_t s, e;
    int kind;                  /* enum ccs_activity_kind */
    int32_t day;               /* local day of s */
    const char *file;
    uint64_t line;
} span;

typedef struct agent {
    char *id;
    int young, night, opt_out; /* -1 unknown */
    span *spans;
    size_t n, cap;
} agent;

typedef struct hs_inst {
    hs_limits lim;
    agent *agents;
    size_t nagents, capagents;
    uint32_t *slots;           /* hash: agent index + 1 */
    size_t nslots;
    int have_days;
    int32_t first_day, last_day; /* local days that the activity touches */
    ccs_host *host;
    size_t counts[16];         /* findings per rule, for the summary */
} hs_inst;

enum rule {
    R_REST_BREAK, R_DAILY_REST, R_WEEKLY_REST, R_WEEKLY_HOURS, R_YOUNG_DAILY, R_YOUNG_WEEKLY,
    R_NIGHT, R_SCREEN, R_COUNT
};

static const char *const rule_ids[R_COUNT] = {
    "hs.rest_break", "hs.daily_rest", "hs.weekly_rest", "hs.weekly_hours",
    "hs.young_daily_hours", "hs.young_weekly_hours", "hs.night_hours", "hs.screen_break",
};

static uint32_t hash_str(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

static int grow_slots(hs_inst *h)
{
    size_t n = h->nslots ? h->nslots * 2 : 64;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    for (size_t a = 0; a < h->nagents; a++) {
        size_t i = hash_str(h->agents[a].id, strlen(h->agents[a].id)) & (n - 1);
        while (s[i])
            i = (i + 1) & (n - 1);
        s[i] = (uint32_t)a + 1;
    }
    free(h->slots);
    h->slots = s;
    h->nslots = n;
    return 0;
}

static agent *find_agent(hs_inst *h, ccs_str id)
{
    if (id.len == 0)
        return NULL;
    if ((h->nagents + 1) * 2 > h->nslots && grow_slots(h) != 0)
        return NULL;
    size_t mask = h->nslots - 1, i = hash_str(id.ptr, id.len) & mask;
    for (; h->slots[i]; i = (i + 1) & mask) {
        agent *a = &h->agents[h->slots[i] - 1];
        if (strlen(a->id) == id.len && memcmp(a->id, id.ptr, id.len) == 0)
            return a;
    }
    if (h->nagents == h->capagents) {
        size_t cap = h->capagents ? h->capagents * 2 : 32;
        agent *g = realloc(h->agents, cap * sizeof *g);
        if (!g)
            return NULL;
        h->agents = g;
        h->capagents = cap;
    }
    agent *a = &h->agents[h->nagents];
    memset(a, 0, sizeof *a);
    a->id = strndup(id.ptr, id.len);
    if (!a->id)
        return NULL;
    a->young = a->night = a->opt_out = -1;
    h->slots[i] = (uint32_t)++h->nagents;
    return a;
}

static void hs_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    hs_inst *h = inst;
    h->host = host;
    if (rec->kind == CCS_REC_AGENT) {
        const ccs_agent *r = (const ccs_agent *)rec;
        agent *a = find_agent(h, r->agent_id);
        if (!a)
            return;
        a->young = r->young_worker;
        a->night = r->night_worker;
        a->opt_out = r->opt_out_48h;
        return;
    }
    if (rec->kind != CCS_REC_ACTIVITY)
        return;
    const ccs_activity *r = (const ccs_activity *)rec;
    if (r->end <= r->start)
        return; /* no time: nothing to judge */
    agent *a = find_agent(h, r->agent_id);
    if (!a)
        return;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        span *g = realloc(a->spans, cap * sizeof *g);
        if (!g)
            return;
        a->spans = g;
        a->cap = cap;
    }
    span *s = &a->spans[a->n++];
    s->s = r->start;
    s->e = r->end;
    s->kind = r->activity;
    s->day = r->local_day;
    s->file = rec->file;
    s->line = rec->line;
    int32_t end_day, minute;
    api->local_time(host, r->end - 1, &end_day, &minute);
    if (!h->have_days || r->local_day < h->first_day)
        h->first_day = r->local_day;
    if (!h->have_days || end_day > h->last_day)
        h->last_day = end_day;
    h->have_days = 1;
}

/* ------------------------------------------------------------ helpers */

static int is_presence(int k)
{
    return k == CCS_ACT_SHIFT || k == CCS_ACT_TRAINING || k == CCS_ACT_COACHING || k == CCS_ACT_LOGIN ||
           k == CCS_ACT_PAUSE || k == CCS_ACT_WRAPUP;
}

static int is_rest(int k)
{
    return k == CCS_ACT_BREAK || k == CCS_ACT_LUNCH;
}

static int is_off_screen_work(int k)
{
    return k == CCS_ACT_TRAINING || k == CCS_ACT_COACHING || k == CCS_ACT_PAUSE;
}

static int span_cmp(const void *x, const void *y)
{
    const span *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e < b->e ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static int i64_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

static int32_t monday_of(int32_t day)
{
    int32_t w = (day - 4) % 7; /* 1970-01-05 was a Monday */
    if (w < 0)
        w += 7;
    return day - w;
}

static void fmt_dur(char *buf, size_t len, int64_t secs)
{
    if (secs < 0)
        secs = 0;
    int64_t h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
    if (s)
        snprintf(buf, len, "%lld h %02lld min %02lld s", (long long)h, (long long)m, (long long)s);
    else
        snprintf(buf, len, "%lld h %02lld min", (long long)h, (long long)m);
}

static void fmt_hours(char *buf, size_t len, double h)
{
    snprintf(buf, len, "%.2f h", h);
}

static void report(hs_inst *h, int rule, int severity, const agent *a, const char *file, uint64_t line,
                   const char *measured, const char *limit, const char *message)
{
    char ref[1024];
    if (file)
        snprintf(ref, sizeof ref, "%s:%llu", file, (unsigned long long)line);
    else
        snprintf(ref, sizeof ref, "%s", a->id);
    ccs_finding f = { rule_ids[rule], severity, h->lim.owner, ref, a->id, measured, limit, message };
    if (api->add_finding(h->host, &f) == CCS_OK)
        h->counts[rule]++;
}

/* ------------------------------------------------------------ one day */

typedef struct day_group {
    size_t first, last;        /* presence spans [first, last) */
    int64_t es, ee;            /* envelope */
    int32_t day;
    int64_t work;              /* seconds of working time */
    int64_t longest_break;
    int64_t longest_screen;
} day_group;

/* Classify every elementary piece of the envelope and measure the day. */
static int measure_day(hs_inst *h, const span *pres, const span *rest, size_t nrest, day_group *g)
{
    size_t np = g->last - g->first;
    size_t cap = 2 * (np + nrest) + 2, n = 0;
    int64_t *pts = malloc(cap * sizeof *pts);
    if (!pts)
        return -1;
    pts[n++] = g->es;
    pts[n++] = g->ee;
    for (size_t i = g->first; i < g->last; i++) {
        pts[n++] = pres[i].s;
        pts[n++] = pres[i].e;
    }
    for (size_t i = 0; i < nrest; i++) {
        if (rest[i].e <= g->es || rest[i].s >= g->ee)
            continue;
        pts[n++] = rest[i].s < g->es ? g->es : rest[i].s;
        pts[n++] = rest[i].e > g->ee ? g->ee : rest[i].e;
    }
    qsort(pts, n, sizeof *pts, i64_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || pts[i] != pts[u - 1])
            pts[u++] = pts[i];

    g->work = 0;
    g->longest_break = 0;
    g->longest_screen = 0;
    int64_t break_start = -1;          /* current run of non-work */
    int64_t screen_start = -1, off_start = -1; /* current screen stretch and interruption */
    for (size_t k = 0; k + 1 < u; k++) {
        int64_t a = pts[k], b = pts[k + 1];
        int in_p = 0, in_off_work = 0, in_rest = 0, in_override = 0;
        for (size_t i = g->first; i < g->last; i++) {
            if (pres[i].s <= a && pres[i].e >= b) {
                in_p = 1;
                if (is_off_screen_work(pres[i].kind))
                    in_off_work = 1;
                if (pres[i].kind == CCS_ACT_TRAINING || pres[i].kind == CCS_ACT_COACHING)
                    in_override = 1;
            }
        }
        for (size_t i = 0; i < nrest && !in_rest; i++)
            if (rest[i].s <= a && rest[i].e >= b)
                in_rest = 1;
        int work = in_p && (!in_rest || in_override);
        int screen = work && !in_off_work;
        if (work) {
            g->work += b - a;
            if (break_start >= 0 && break_start > g->es) {
                int64_t len = a - break_start;
                if (len > g->longest_break)
                    g->longest_break = len;
            }
            break_start = -1;
        } else if (break_start < 0)
            break_start = a;
        /* screen stretches: an interruption shorter than screen_break does not end one */
        if (screen) {
            if (off_start >= 0 && a - off_start >= h->lim.screen_break)
                screen_start = -1;
            off_start = -1;
            if (screen_start < 0)
                screen_start = a;
            if (b - screen_start > g->longest_screen)
                g->longest_screen = b - screen_start;
        } else if (off_start < 0)
            off_start = a;
    }
    /* a non-work run that reaches the envelope's end is not a break */
    free(pts);
    return 0;
}

/* ------------------------------------------------------------ one agent */

static int check_agent(hs_inst *h, agent *a)
{
    const hs_limits *L = &h->lim;
    int young = a->young == 1;
    qsort(a->spans, a->n, sizeof *a->spans, span_cmp);
    span *pres = malloc((a->n + 1) * sizeof *pres), *rest = malloc((a->n + 1) * sizeof *rest);
    day_group *g = malloc((a->n + 1) * sizeof *g);
    if (!pres || !rest || !g) {
        free(pres);
        free(rest);
        free(g);
        return -1;
    }
    size_t np = 0, nr = 0, ng = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (is_presence(a->spans[i].kind))
            pres[np++] = a->spans[i];
        else if (is_rest(a->spans[i].kind))
            rest[nr++] = a->spans[i];
    }
    for (size_t i = 0; i < np; i++) {
        day_group *cur = ng ? &g[ng - 1] : NULL;
        if (cur && (pres[i].day == cur->day || pres[i].s <= cur->ee)) {
            cur->last = i + 1;
            if (pres[i].e > cur->ee)
                cur->ee = pres[i].e;
            continue;
        }
        g[ng++] = (day_group){ i, i + 1, pres[i].s, pres[i].e, pres[i].day, 0, 0, 0 };
    }
    char date[16], m[160], lim[160], msg[512], d1[48], d2[48];
    int rc = 0;
    for (size_t k = 0; k < ng && rc == 0; k++) {
        day_group *d = &g[k];
        if (measure_day(h, pres, rest, nr, d) != 0) {
            rc = -1;
            break;
        }
        const span *first = &pres[d->first];
        fmt_day(date, d->day);
        /* rest break */
        int64_t after = young ? L->young_break_after : L->break_after;
        int64_t need = young ? L->young_break_len : L->break_len;
        if (d->work > after && d->longest_break < need) {
            fmt_dur(d1, sizeof d1, d->work);
            fmt_dur(d2, sizeof d2, after);
            snprintf(m, sizeof m, "longest break %lld min in %s of work", (long long)(d->longest_break / 60), d1);
            snprintf(lim, sizeof lim, "a break of %lld min when the working day exceeds %s%s",
                     (long long)(need / 60), d2, young ? " (young worker)" : "");
            snprintf(msg, sizeof msg,
                     "%s on %s: %s of work without an uninterrupted break of %lld min (longest %lld min)%s",
                     a->id, date, d1, (long long)(need / 60), (long long)(d->longest_break / 60),
                     young ? "; young worker" : "");
            report(h, R_REST_BREAK, CCS_SEV_BREACH, a, first->file, first->line, m, lim, msg);
        }
        /* young workers: daily hours */
        if (young && d->work > (int64_t)(L->young_daily_max_h * 3600 + 0.5)) {
            fmt_dur(d1, sizeof d1, d->work);
            fmt_hours(d2, sizeof d2, L->young_daily_max_h);
            snprintf(m, sizeof m, "%s of work", d1);
            snprintf(lim, sizeof lim, "at most %s a day (young worker)", d2);
            snprintf(msg, sizeof msg, "%s on %s: a young worker worked %s, more than %s in a day", a->id, date,
                     d1, d2);
            report(h, R_YOUNG_DAILY, CCS_SEV_BREACH, a, first->file, first->line, m, lim, msg);
        }
        /* screen breaks (advisory) */
        if (d->longest_screen > L->screen_max) {
            fmt_dur(d1, sizeof d1, d->longest_screen);
            snprintf(m, sizeof m, "%s of continuous screen work", d1);
            snprintf(lim, sizeof lim, "a break or change of activity of %lld min after at most %lld min",
                     (long long)(L->screen_break / 60), (long long)(L->screen_max / 60));
            snprintf(msg, sizeof msg,
                     "%s on %s: %s of continuous screen work without a break or change of activity of %lld min",
                     a->id, date, d1, (long long)(L->screen_break / 60));
            report(h, R_SCREEN, CCS_SEV_ADVISORY, a, first->file, first->line, m, lim, msg);
        }
        /* daily rest before this day */
        if (k > 0) {
            int64_t gap = d->es - g[k - 1].ee;
            int64_t min = young ? L->young_daily_rest : L->daily_rest;
            if (gap < min) {
                fmt_dur(d1, sizeof d1, gap);
                fmt_dur(d2, sizeof d2, min);
                snprintf(m, sizeof m, "rest %s", d1);
                snprintf(lim, sizeof lim, "at least %s between working days%s", d2, young ? " (young worker)" : "");
                snprintf(msg, sizeof msg, "%s on %s: only %s of rest since the previous working day (at least %s)",
                         a->id, date, d1, d2);
                report(h, R_DAILY_REST, CCS_SEV_BREACH, a, first->file, first->line, m, lim, msg);
            }
        }
    }
    if (rc != 0 || !h->have_days) {
        free(pres);
        free(rest);
        free(g);
        return rc;
    }

    /* weeks the data touches */
    int32_t w0 = monday_of(h->first_day), w1 = monday_of(h->last_day);
    size_t nweeks = (size_t)((w1 - w0) / 7 + 1);
    double *hours = calloc(nweeks, sizeof *hours);
    size_t *wfirst = calloc(nweeks, sizeof *wfirst); /* first day group of the week + 1 */
    if (!hours || !wfirst) {
        free(hours);
        free(wfirst);
        free(pres);
        free(rest);
        free(g);
        return -1;
    }
    for (size_t k = 0; k < ng; k++) {
        int32_t wk = (monday_of(g[k].day) - w0) / 7;
        if (wk < 0 || (size_t)wk >= nweeks)
            continue;
        hours[wk] += (double)g[k].work / 3600.0;
        if (!wfirst[wk])
            wfirst[wk] = k + 1;
    }
    /* weekly rest: longest free stretch inside each period */
    int fortnight = L->weekly_rest_mode == REST_14D;
    int32_t pstart = fortnight ? w0 - (((w0 - 4) / 7) % 2 != 0 ? 7 : 0) : w0;
    int plen = fortnight ? 14 : 7;
    for (int32_t p = pstart; p <= w1; p += plen) {
        int64_t ps = api->local_to_utc(h->host, p, 0), pe = api->local_to_utc(h->host, p + plen, 0);
        int64_t cursor = ps, longest = 0;
        int over = 0, found = 0;
        size_t firstk = 0;
        for (size_t k = 0; k < ng; k++) {
            if (g[k].ee <= ps)
                continue;
            if (g[k].es >= pe)
                break;
            if (!found) {
                firstk = k;
                found = 1;
            }
            if (g[k].es > cursor) {
                int64_t gap = g[k].es - cursor;
                longest = gap > longest ? gap : longest;
                over += gap >= L->weekly_rest;
            }
            if (g[k].ee > cursor)
                cursor = g[k].ee;
        }
        if (cursor < pe) {
            int64_t gap = pe - cursor;
            longest = gap > longest ? gap : longest;
            over += gap >= L->weekly_rest;
        }
        int64_t need = fortnight ? L->fortnight_rest : L->weekly_rest;
        int ok = longest >= need || (fortnight && over >= 2);
        if (!ok && found) {
            fmt_day(date, p);
            fmt_dur(d1, sizeof d1, longest);
            fmt_dur(d2, sizeof d2, need);
            snprintf(m, sizeof m, "longest rest %s", d1);
            snprintf(lim, sizeof lim, fortnight ? "%s uninterrupted (or two of the weekly rest) in each 14 days"
                                                : "%s uninterrupted in each 7 days", d2);
            snprintf(msg, sizeof msg, "%s in the %s of %s: the longest uninterrupted rest was %s (at least %s)",
                     a->id, fortnight ? "fortnight" : "week", date, d1, d2);
            report(h, R_WEEKLY_REST, CCS_SEV_BREACH, a, pres[g[firstk].first].file, pres[g[firstk].first].line,
                   m, lim, msg);
        }
    }
    /* young workers: weekly hours */
    for (size_t wk = 0; young && wk < nweeks; wk++) {
        if (hours[wk] > L->young_weekly_max_h + 1e-9 && wfirst[wk]) {
            const span *first = &pres[g[wfirst[wk] - 1].first];
            fmt_day(date, w0 + (int32_t)wk * 7);
            fmt_hours(d1, sizeof d1, hours[wk]);
            fmt_hours(d2, sizeof d2, L->young_weekly_max_h);
            snprintf(m, sizeof m, "%s of work in the week", d1);
            snprintf(lim, sizeof lim, "at most %s a week (young worker)", d2);
            snprintf(msg, sizeof msg, "%s in the week of %s: a young worker worked %s, more than %s", a->id, date,
                     d1, d2);
            report(h, R_YOUNG_WEEKLY, CCS_SEV_BREACH, a, first->file, first->line, m, lim, msg);
        }
    }
    /* averages over the reference period (rolling; the data's weeks when shorter) */
    size_t win = (size_t)L->reference_weeks < nweeks ? (size_t)L->reference_weeks : nweeks;
    double worst = -1;
    size_t worst_at = 0;
    for (size_t s = 0; s + win <= nweeks; s++) {
        double sum = 0;
        for (size_t k = s; k < s + win; k++)
            sum += hours[k];
        if (sum > worst) {
            worst = sum;
            worst_at = s;
        }
    }
    if (worst >= 0 && ng > 0) {
        char from[16], to[16], span_txt[64];
        fmt_day(from, w0 + (int32_t)worst_at * 7);
        fmt_day(to, w0 + (int32_t)(worst_at + win) * 7 - 1);
        snprintf(span_txt, sizeof span_txt, "%zu week%s", win, win == 1 ? "" : "s");
        const span *first = &pres[g[0].first];
        for (size_t k = 0; k < ng; k++)
            if (monday_of(g[k].day) >= w0 + (int32_t)worst_at * 7) {
                first = &pres[g[k].first];
                break;
            }
        double avg = worst / (double)win;
        if (a->opt_out != 1 && avg > L->max_weekly_h + 1e-9) {
            fmt_hours(d1, sizeof d1, avg);
            fmt_hours(d2, sizeof d2, L->max_weekly_h);
            snprintf(m, sizeof m, "average %s a week over %s", d1, span_txt);
            snprintf(lim, sizeof lim, "at most %s a week on average over %d weeks, unless opted out", d2,
                     L->reference_weeks);
            snprintf(msg, sizeof msg,
                     "%s over the %s from %s to %s: worked %s a week on average, more than %s, without an opt-out%s",
                     a->id, span_txt, from, to, d1, d2,
                     win < (size_t)L->reference_weeks ? " (the data is shorter than the reference period)" : "");
            report(h, R_WEEKLY_HOURS, CCS_SEV_BREACH, a, first->file, first->line, m, lim, msg);
        }
        double days = (double)win * 7 - (L->night_exclude_rest ? (double)win : 0);
        double per24 = days > 0 ? worst / days : 0;
        if (a->night == 1 && per24 > L->night_max_h + 1e-9) {
            fmt_hours(d1, sizeof d1, per24);
            fmt_hours(d2, sizeof d2, L->night_max_h);
            snprintf(m, sizeof m, "average %s per 24 h over %s", d1, span_txt);
            snprintf(lim, sizeof lim, "at most %s per 24 h on average (night worker)", d2);
            snprintf(msg, sizeof msg, "%s over the %s from %s to %s: a night worker worked %s per 24 h on average, more than %s",
                     a->id, span_txt, from, to, d1, d2);
            report(h, R_NIGHT, CCS_SEV_BREACH, a, first->file, first->line, m, lim, msg);
        }
    }
    free(hours);
    free(wfirst);
    free(pres);
    free(rest);
    free(g);
    return 0;
}

static int agent_cmp(const void *x, const void *y)
{
    return strcmp(((const agent *)x)->id, ((const agent *)y)->id);
}

static int hs_finish(void *inst, ccs_host *host)
{
    hs_inst *h = inst;
    h->host = host;
    /* agents in id order, so the findings come out the same on every run */
    qsort(h->agents, h->nagents, sizeof *h->agents, agent_cmp);
    free(h->slots);
    h->slots = NULL;
    h->nslots = 0;
    for (size_t i = 0; i < h->nagents; i++)
        if (h->agents[i].n && check_agent(h, &h->agents[i]) != 0) {
            api->log(host, CCS_LOG_ERROR, "out of memory while checking agent %s", h->agents[i].id);
            return CCS_ERR;
        }
    size_t total = 0;
    for (int r = 0; r < R_COUNT; r++)
        total += h->counts[r];
    char text[2048], json[2048];
    size_t tl = 0, jl = 0;
    tl += (size_t)snprintf(text + tl, sizeof text - tl, "  %zu agents with activity, %zu findings\n", h->nagents,
                           total);
    jl += (size_t)snprintf(json + jl, sizeof json - jl, "{\"agents\": %zu, \"findings\": {", h->nagents);
    for (int r = 0; r < R_COUNT; r++) {
        tl += (size_t)snprintf(text + tl, sizeof text - tl, "  %-22s %zu\n", rule_ids[r], h->counts[r]);
        jl += (size_t)snprintf(json + jl, sizeof json - jl, "%s\"%s\": %zu", r ? ", " : "", rule_ids[r],
                               h->counts[r]);
    }
    snprintf(json + jl, sizeof json - jl, "}}");
    ccs_section sec = { "health_safety", "Health and safety (working time)", text, json };
    return api->add_section(host, &sec);
}

/* ------------------------------------------------------------ component */

#define NOLIMIT 0, 0
static const ccs_key hs_keys[] = {
    { "break_after_min", CCS_KEY_INT, "360", "a working day longer than this (minutes) needs a rest break", NULL, 1, 1440 },
    { "break_min", CCS_KEY_INT, "20", "shortest uninterrupted rest break that counts (minutes)", NULL, 1, 1440 },
    { "young_break_after_min", CCS_KEY_INT, "270", "young workers: a day longer than this (minutes) needs a break", NULL, 1, 1440 },
    { "young_break_min", CCS_KEY_INT, "30", "young workers: shortest break that counts (minutes)", NULL, 1, 1440 },
    { "daily_rest_h", CCS_KEY_NUMBER, "11", "least consecutive rest between working days (hours)", NULL, 0, 48 },
    { "young_daily_rest_h", CCS_KEY_NUMBER, "12", "young workers: least rest between working days (hours)", NULL, 0, 48 },
    { "weekly_rest", CCS_KEY_ENUM, "7_days", "weekly rest: weekly_rest_h in each 7 days (Monday to Sunday), or "
      "fortnightly_rest_h (or two of 24 h) in each 14 days", "7_days|14_days", NOLIMIT },
    { "weekly_rest_h", CCS_KEY_NUMBER, "24", "least uninterrupted rest in each 7 days (hours)", NULL, 0, 168 },
    { "fortnightly_rest_h", CCS_KEY_NUMBER, "48", "least uninterrupted rest in each 14 days (hours)", NULL, 0, 336 },
    { "max_weekly_h", CCS_KEY_NUMBER, "48", "most working hours a week on average over the reference period, "
      "unless the agent opted out (opt_out_48h)", NULL, 0, 168 },
    { "reference_weeks", CCS_KEY_INT, "17", "reference period for averages (weeks, rolling; the data's weeks when fewer)", NULL, 1, 52 },
    { "young_daily_max_h", CCS_KEY_NUMBER, "8", "young workers: most working hours a day", NULL, 0, 24 },
    { "young_weekly_max_h", CCS_KEY_NUMBER, "40", "young workers: most working hours a week", NULL, 0, 168 },
    { "night_max_h", CCS_KEY_NUMBER, "8", "night workers: most working hours per 24 h on average over the reference period", NULL, 0, 24 },
    { "night_exclude_rest_days", CCS_KEY_BOOL, "yes", "night average: leave one weekly rest day per week out of the days counted (WTR reg 6)", NULL, NOLIMIT },
    { "screen_max_min", CCS_KEY_INT, "60", "most continuous screen work before a break or change of activity (minutes)", NULL, 1, 1440 },
    { "screen_break_min", CCS_KEY_INT, "5", "shortest pause, break or change of activity that ends screen work (minutes)", NULL, 1, 1440 },
    { "owner", CCS_KEY_STRING, "workforce planning", "who acts on these findings (never the agent)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void hs_destroy(void *inst)
{
    hs_inst *h = inst;
    if (!h)
        return;
    for (size_t i = 0; i < h->nagents; i++) {
        free(h->agents[i].id);
        free(h->agents[i].spans);
    }
    free(h->agents);
    free(h->slots);
    free(h->lim.owner);
    free(h);
}

static int hs_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    hs_inst *h = calloc(1, sizeof *h);
    if (!h)
        return CCS_ERR;
    hs_limits *L = &h->lim;
    L->break_after = api->config_int(cfg, "break_after_min") * 60;
    L->break_len = api->config_int(cfg, "break_min") * 60;
    L->young_break_after = api->config_int(cfg, "young_break_after_min") * 60;
    L->young_break_len = api->config_int(cfg, "young_break_min") * 60;
    L->daily_rest = (int64_t)(api->config_number(cfg, "daily_rest_h") * 3600 + 0.5);
    L->young_daily_rest = (int64_t)(api->config_number(cfg, "young_daily_rest_h") * 3600 + 0.5);
    L->weekly_rest_mode = api->config_enum(cfg, "weekly_rest");
    L->weekly_rest = (int64_t)(api->config_number(cfg, "weekly_rest_h") * 3600 + 0.5);
    L->fortnight_rest = (int64_t)(api->config_number(cfg, "fortnightly_rest_h") * 3600 + 0.5);
    L->max_weekly_h = api->config_number(cfg, "max_weekly_h");
    L->reference_weeks = (int)api->config_int(cfg, "reference_weeks");
    L->young_daily_max_h = api->config_number(cfg, "young_daily_max_h");
    L->young_weekly_max_h = api->config_number(cfg, "young_weekly_max_h");
    L->night_max_h = api->config_number(cfg, "night_max_h");
    L->night_exclude_rest = api->config_bool(cfg, "night_exclude_rest_days");
    L->screen_max = api->config_int(cfg, "screen_max_min") * 60;
    L->screen_break = api->config_int(cfg, "screen_break_min") * 60;
    L->owner = strdup(api->config_string(cfg, "owner"));
    if (!L->owner) {
        hs_destroy(h);
        return CCS_ERR;
    }
    *inst = h;
    return CCS_OK;
}

static const ccs_check_ops hs_ops = { sizeof(ccs_check_ops), CCS_REC_AGENT | CCS_REC_ACTIVITY, hs_add, hs_finish };

static const ccs_component hs_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "health_safety",
    "working-time checks over the activity stream (WTR 1998, 2003/88/EC, HSE); owner "
    "workforce planning, never the agent's score. Rules:\n"
    "        hs.rest_break         breach: a day over break_after_min of work without an uninterrupted\n"
    "                              break of break_min (young workers: young_break_*)\n"
    "        hs.daily_rest         breach: less than daily_rest_h between working days (young: young_daily_rest_h)\n"
    "        hs.weekly_rest        breach: no weekly_rest_h rest in a Monday-Sunday week (or fortnightly_rest_h in 14 days)\n"
    "        hs.weekly_hours       breach: over max_weekly_h a week on average over reference_weeks, no opt_out_48h\n"
    "        hs.young_daily_hours  breach: a young worker over young_daily_max_h in a day\n"
    "        hs.young_weekly_hours breach: a young worker over young_weekly_max_h in a week\n"
    "        hs.night_hours        breach: a night worker over night_max_h per 24 h on average over reference_weeks\n"
    "        hs.screen_break       advisory: over screen_max_min of continuous screen work without a pause, break,\n"
    "                              training or coaching of screen_break_min\n"
    "      Working time = shift/training/coaching/login/pause/wrapup spans minus break/lunch; a working day is the\n"
    "      spans starting on one local day (a night shift stays with the day it starts)",
    hs_keys, hs_create, hs_destroy, &hs_ops,
};

static int hs_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &hs_component);
}

CCS_MODULE(health_safety, "1.0", "health and safety: working time, rest, night work, screen breaks", hs_init, NULL)
