/* workload: workflow pressure per queue and interval, with Erlang C.
 *
 * A check component that takes contacts and activity records and, when all
 * input is read, adds the report section "workload": per queue and interval
 * (15, 30 or 60 minutes of the organisation's local day) over the report's
 * period, the contacts offered, answered, abandoned (short abandons apart),
 * other exits (queue_log timeouts and exits), service level (the policy's
 * variant), ASA, AHT, occupancy where activity data exists, agents staffed,
 * and the agents Erlang C requires for the target (DOMAIN.md's method, with
 * maximum occupancy) and the gap; the intervals that missed the target,
 * ranked by contacts affected, each with a plain-language suggestion; and the
 * typical week (weekday x interval) of the period for planners.
 *
 * Agents staffed in an interval: the agent-seconds logged in to the queue
 * (login activity with that queue; a login without a queue counts for the
 * queue where the agent answered most contacts in the period), less pauses
 * other than wrap-up, divided by the interval's length; where a queue has no
 * login activity at all, the number of agents who answered its contacts in
 * the interval.  Occupancy = (talk + hold + ACW of the interval's answered
 * contacts + wrap-up pauses) / staffed agent-seconds.
 *
 * Memory grows with queues x days x intervals and with activity spans, never
 * with contacts. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "datefmt.h"
#include "erlang.h"
#include "strbuf.h"
#include "parse.h"

static const ccs_host_api *api;

#define NOLIMIT 0, 0

enum variant { V_OFFERED, V_ANSWERED, V_ABANDONS_IN, V_ABANDONS_AFTER, V_SHORT_EXCLUDED };
static const char *const variant_names[] = { "offered", "answered", "abandons_in", "abandons_after",
                                             "short_excluded" };

/* ------------------------------------------------ interned names */

typedef struct names {
    char **s;
    size_t n, cap;
    int32_t *slot;             /* open addressing: index + 1 */
    size_t nslot;
} names;

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static int32_t intern(names *t, ccs_str s)
{
    if ((t->n + 1) * 2 > t->nslot) {
        size_t ns = t->nslot ? t->nslot * 2 : 64;
        int32_t *slot = calloc(ns, sizeof *slot);
        if (!slot)
            return -1;
        for (size_t i = 0; i < t->n; i++) {
            size_t j = hash_bytes(t->s[i], strlen(t->s[i])) & (ns - 1);
            while (slot[j])
                j = (j + 1) & (ns - 1);
            slot[j] = (int32_t)i + 1;
        }
        free(t->slot);
        t->slot = slot;
        t->nslot = ns;
    }
    size_t j = hash_bytes(s.ptr, s.len) & (t->nslot - 1);
    for (; t->slot[j]; j = (j + 1) & (t->nslot - 1)) {
        const char *x = t->s[t->slot[j] - 1];
        if (strlen(x) == s.len && memcmp(x, s.ptr, s.len) == 0)
            return t->slot[j] - 1;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **grown = realloc(t->s, cap * sizeof *grown);
        if (!grown)
            return -1;
        t->s = grown;
        t->cap = cap;
    }
    char *copy = malloc(s.len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s.ptr, s.len);
    copy[s.len] = '\0';
    t->s[t->n] = copy;
    t->slot[j] = (int32_t)t->n + 1;
    return (int32_t)t->n++;
}

static void names_free(names *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

/* ------------------------------------------------ cells */

typedef struct cell {
    int32_t queue, day, slot;
    uint64_t offered, answered, abandoned, short_ab, exits, ans_in, ab_in, ab_after;
    double wait_ans, handle;   /* sums over answered contacts */
    double staffed_s, busy_s, break_s;
    int32_t *agents;           /* distinct agents answering */
    size_t nagents, capagents;
} cell;

typedef struct span {
    int32_t agent, queue;      /* queue -1: none given */
    int kind;
    int64_t start, end;
} span;

typedef struct wl_inst {
    int interval_min;
    double target, threshold, short_s, max_occ, shrinkage;
    int variant, max_bottlenecks, show_intervals;
    names queues, agents;
    cell *cells;
    size_t ncells, capcells;
    int32_t *slots;            /* hash of cells: index + 1 */
    size_t nslots;
    span *spans;
    size_t nspans, capspans;
    unsigned char *queue_has_login;
} wl_inst;

static uint64_t cell_hash(int32_t q, int32_t d, int32_t s)
{
    uint64_t h = (uint64_t)(uint32_t)q * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)d * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)(uint32_t)s * 0x165667B19E3779F9ull;
    return h ^ (h >> 29);
}

static cell *get_cell(wl_inst *w, int32_t q, int32_t d, int32_t s)
{
    if ((w->ncells + 1) * 2 > w->nslots) {
        size_t ns = w->nslots ? w->nslots * 2 : 1024;
        int32_t *slots = calloc(ns, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < w->ncells; i++) {
            const cell *c = &w->cells[i];
            size_t j = cell_hash(c->queue, c->day, c->slot) & (ns - 1);
            while (slots[j])
                j = (j + 1) & (ns - 1);
            slots[j] = (int32_t)i + 1;
        }
        free(w->slots);
        w->slots = slots;
        w->nslots = ns;
    }
    size_t j = cell_hash(q, d, s) & (w->nslots - 1);
    for (; w->slots[j]; j = (j + 1) & (w->nslots - 1)) {
        cell *c = &w->cells[w->slots[j] - 1];
        if (c->queue == q && c->day == d && c->slot == s)
            return c;
    }
    if (w->ncells == w->capcells) {
        size_t cap = w->capcells ? w->capcells * 2 : 256;
        cell *grown = realloc(w->cells, cap * sizeof *grown);
        if (!grown)
            return NULL;
        w->cells = grown;
        w->capcells = cap;
    }
    cell *c = &w->cells[w->ncells];
    memset(c, 0, sizeof *c);
    c->queue = q;
    c->day = d;
    c->slot = s;
    w->slots[j] = (int32_t)w->ncells + 1;
    w->ncells++;
    return c;
}

static int add_agent(cell *c, int32_t a)
{
    for (size_t i = 0; i < c->nagents; i++)
        if (c->agents[i] == a)
            return 0;
    if (c->nagents == c->capagents) {
        size_t cap = c->capagents ? c->capagents * 2 : 4;
        int32_t *grown = realloc(c->agents, cap * sizeof *grown);
        if (!grown)
            return -1;
        c->agents = grown;
        c->capagents = cap;
    }
    c->agents[c->nagents++] = a;
    return 0;
}

/* ------------------------------------------------ records in */

static int str_starts(ccs_str s, const char *z)
{
    size_t n = strlen(z);
    return s.len >= n && memcmp(s.ptr, z, n) == 0;
}

static void add_contact(wl_inst *w, ccs_host *host, const ccs_contact *k)
{
    ccs_str qn = k->queue;
    if (qn.len == 0)
        qn = (ccs_str){ "(no queue)", 10 };
    int32_t q = intern(&w->queues, qn);
    if (q < 0)
        return;
    cell *c = get_cell(w, q, k->local_day, k->local_minute / w->interval_min);
    if (!c)
        return;
    c->offered++;
    if (k->outcome == CCS_OUTCOME_ANSWERED) {
        c->answered++;
        c->wait_ans += k->wait_s;
        c->handle += k->talk_s + k->hold_s + k->acw_s;
        if (k->wait_s <= w->threshold)
            c->ans_in++;
        if (k->agent_id.len) {
            int32_t a = intern(&w->agents, k->agent_id);
            if (a >= 0)
                add_agent(c, a);
        }
        return;
    }
    /* Unanswered: an abandon, or (queue_log) a timeout or exit. */
    int idx = api->column_index(host, k->hdr.stream, "event");
    ccs_str ev = ccs_record_column(&k->hdr, idx);
    if (idx >= 0 && str_starts(ev, "EXIT")) {
        c->exits++;
        c->ab_after++; /* left the queue unanswered, after whatever wait */
        if (k->wait_s <= w->threshold)
            c->ab_in++;
        return;
    }
    c->abandoned++;
    if (k->wait_s <= w->short_s)
        c->short_ab++;
    if (k->wait_s <= w->threshold)
        c->ab_in++;
    else
        c->ab_after++;
}

static void add_activity(wl_inst *w, const ccs_activity *a)
{
    if (a->agent_id.len == 0 || a->end <= a->start || a->activity == CCS_ACT_SHIFT)
        return;
    if (w->nspans == w->capspans) {
        size_t cap = w->capspans ? w->capspans * 2 : 256;
        span *grown = realloc(w->spans, cap * sizeof *grown);
        if (!grown)
            return;
        w->spans = grown;
        w->capspans = cap;
    }
    span *s = &w->spans[w->nspans];
    s->agent = intern(&w->agents, a->agent_id);
    s->queue = a->queue.len ? intern(&w->queues, a->queue) : -1;
    s->kind = a->activity;
    s->start = a->start;
    s->end = a->end;
    if (s->agent >= 0)
        w->nspans++;
}

static void wl_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    wl_inst *w = inst;
    if (rec->kind == CCS_REC_CONTACT)
        add_contact(w, host, (const ccs_contact *)rec);
    else if (rec->kind == CCS_REC_ACTIVITY)
        add_activity(w, (const ccs_activity *)rec);
}

/* ------------------------------------------------ spreading spans over intervals */

typedef void (*span_fn)(wl_inst *w, int32_t queue, int32_t day, int32_t slot, double secs, void *arg);

/* Call fn for each interval piece of [start, end) on the local calendar. */
static void over_intervals(wl_inst *w, ccs_host *host, int32_t queue, int64_t start, int64_t end,
                           span_fn fn, void *arg)
{
    int64_t t = start;
    int guard = 0;
    while (t < end && guard++ < 100000) {
        int32_t day, minute;
        api->local_time(host, t, &day, &minute);
        int32_t slot = minute / w->interval_min;
        int64_t local_s = (int64_t)minute * 60 + ((t % 60) + 60) % 60;
        int64_t next = t + ((int64_t)(slot + 1) * w->interval_min * 60 - local_s);
        if (next <= t)
            next = t + 60;
        if (next > end)
            next = end;
        fn(w, queue, day, slot, (double)(next - t), arg);
        t = next;
    }
}

static void add_staffed(wl_inst *w, int32_t q, int32_t d, int32_t s, double secs, void *arg)
{
    (void)arg;
    cell *c = get_cell(w, q, d, s);
    if (c)
        c->staffed_s += secs;
}

static void add_pause(wl_inst *w, int32_t q, int32_t d, int32_t s, double secs, void *arg)
{
    int kind = *(int *)arg;
    cell *c = get_cell(w, q, d, s);
    if (!c)
        return;
    if (kind == CCS_ACT_WRAPUP) {
        c->busy_s += secs;
    } else {
        c->staffed_s -= secs;
        c->break_s += secs;
    }
}

static int by_agent_start(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->agent != y->agent)
        return x->agent < y->agent ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int is_login(int kind)
{
    return kind == CCS_ACT_LOGIN;
}

/* The queue where an agent answered most contacts (for logins without one). */
static int32_t home_queue(const wl_inst *w, int32_t agent)
{
    uint64_t best = 0;
    int32_t q = -1;
    for (size_t i = 0; i < w->ncells; i++) {
        const cell *c = &w->cells[i];
        for (size_t k = 0; k < c->nagents; k++)
            if (c->agents[k] == agent && c->answered > best) {
                best = c->answered;
                q = c->queue;
            }
    }
    return q;
}

static void spread_activity(wl_inst *w, ccs_host *host)
{
    qsort(w->spans, w->nspans, sizeof *w->spans, by_agent_start);
    w->queue_has_login = calloc(w->queues.n + 1, 1);
    if (!w->queue_has_login)
        return;
    for (size_t i = 0; i < w->nspans;) {
        size_t j = i;
        while (j < w->nspans && w->spans[j].agent == w->spans[i].agent)
            j++;
        int32_t home = -2;
        for (size_t a = i; a < j; a++) {
            span *s = &w->spans[a];
            if (!is_login(s->kind))
                continue;
            if (s->queue < 0) {
                if (home == -2)
                    home = home_queue(w, s->agent);
                s->queue = home;
                if (s->queue < 0)
                    continue;
            }
            w->queue_has_login[s->queue] = 1;
            over_intervals(w, host, s->queue, s->start, s->end, add_staffed, NULL);
            /* Pauses of this agent inside this login. */
            for (size_t p = i; p < j; p++) {
                const span *ps = &w->spans[p];
                if (is_login(ps->kind))
                    continue;
                int64_t lo = ps->start > s->start ? ps->start : s->start;
                int64_t hi = ps->end < s->end ? ps->end : s->end;
                int kind = ps->kind;
                if (lo < hi)
                    over_intervals(w, host, s->queue, lo, hi, add_pause, &kind);
            }
        }
        i = j;
    }
}

/* ------------------------------------------------ figures */

typedef struct fig {
    int has_sl;
    double sl, num, den;
    double asa, aht, occupancy, staffed, traffic;
    int has_asa, has_aht, has_occ, from_activity, has_required;
    int required;
} fig;

static void sl_of(const wl_inst *w, const cell *c, fig *f)
{
    double ans = (double)c->answered, ab = (double)(c->abandoned + c->exits);
    double in = (double)c->ans_in;
    switch (w->variant) {
    case V_ANSWERED: f->num = in; f->den = ans; break;
    case V_ABANDONS_IN: f->num = in + (double)c->ab_in; f->den = ans + ab; break;
    case V_ABANDONS_AFTER: f->num = in; f->den = ans + (double)c->ab_after; break;
    case V_SHORT_EXCLUDED: f->num = in; f->den = (double)c->offered - (double)c->short_ab; break;
    default: f->num = in; f->den = ans + ab; break;
    }
    f->has_sl = f->den > 0;
    f->sl = f->has_sl ? f->num / f->den : 0;
}

static void figures(const wl_inst *w, const cell *c, double fallback_aht, fig *f)
{
    memset(f, 0, sizeof *f);
    sl_of(w, c, f);
    double ilen = w->interval_min * 60.0;
    f->has_asa = c->answered > 0;
    f->asa = f->has_asa ? c->wait_ans / (double)c->answered : 0;
    f->has_aht = c->answered > 0;
    f->aht = f->has_aht ? c->handle / (double)c->answered : 0;
    f->from_activity = w->queue_has_login && w->queue_has_login[c->queue];
    f->staffed = f->from_activity ? (c->staffed_s > 0 ? c->staffed_s / ilen : 0) : (double)c->nagents;
    if (f->from_activity && c->staffed_s > 0) {
        f->has_occ = 1;
        f->occupancy = (c->handle + c->busy_s) / c->staffed_s;
    }
    double aht = f->has_aht ? f->aht : fallback_aht;
    if (aht > 0) {
        f->traffic = erlang_traffic((double)c->offered, ilen, aht);
        erlang_plan p;
        if (erlang_required(f->traffic, aht, w->threshold, w->target, w->max_occ, 0, &p) == 0) {
            f->has_required = 1;
            f->required = p.raw;
        }
    }
}

/* ------------------------------------------------ text and JSON */

static void put_num(strbuf *b, int has, double v, int decimals)
{
    if (has && isfinite(v))
        strbuf_printf(b, "%.*f", decimals, v);
    else
        strbuf_printf(b, "null");
}

/* The name of weekday d, 0 = Monday: 1970-01-05 (day 4) was a Monday. */
static const char *weekday_of_index(int d)
{
    return weekday_name(4 + d);
}

static void pct(char *out, size_t len, int has, double v)
{
    if (has)
        snprintf(out, len, "%.1f%%", v * 100);
    else
        snprintf(out, len, "-");
}

typedef struct ranked {
    const cell *c;
    fig f;
    double affected;
} ranked;

static int by_affected(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->affected != y->affected)
        return x->affected < y->affected ? 1 : -1;
    if (x->c->day != y->c->day)
        return x->c->day < y->c->day ? -1 : 1;
    if (x->c->slot != y->c->slot)
        return x->c->slot < y->c->slot ? -1 : 1;
    return x->c->queue < y->c->queue ? -1 : x->c->queue > y->c->queue;
}

static int by_time(const void *a, const void *b)
{
    const cell *x = *(cell *const *)a, *y = *(cell *const *)b;
    if (x->queue != y->queue)
        return x->queue < y->queue ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static int by_queue_name(const void *a, const void *b, void *arg)
{
    const names *q = arg;
    return strcmp(q->s[*(const int32_t *)a], q->s[*(const int32_t *)b]);
}

static cell *find_cell(wl_inst *w, int32_t q, int32_t d, int32_t s)
{
    if (!w->nslots)
        return NULL;
    size_t j = cell_hash(q, d, s) & (w->nslots - 1);
    for (; w->slots[j]; j = (j + 1) & (w->nslots - 1)) {
        cell *c = &w->cells[w->slots[j] - 1];
        if (c->queue == q && c->day == d && c->slot == s)
            return c;
    }
    return NULL;
}

static void suggestion(wl_inst *w, const cell *c, const fig *f, const double *queue_aht, char *out,
                       size_t len)
{
    int shortby = f->has_required ? (int)ceil((double)f->required - f->staffed - 1e-9) : 0;
    size_t used = 0;
    if (!f->has_required) {
        snprintf(out, len, "no handle time to size the queue from");
        return;
    }
    if (shortby <= 0) {
        snprintf(out, len,
                 "staffing matched Erlang C (%d required, %.1f staffed): look at handle time, "
                 "missed offers and agents logged in but not taking calls",
                 f->required, f->staffed);
        return;
    }
    used += (size_t)snprintf(out + used, len - used, "%d agent%s short: ", shortby, shortby == 1 ? "" : "s");
    int parts = 0;
    if (c->break_s >= 60 && used < len) {
        used += (size_t)snprintf(out + used, len - used, "bring breaks forward (%.0f agent-minutes of breaks fell in this interval)",
                                 c->break_s / 60);
        parts++;
    }
    /* The queue with the most spare agents in the same interval. */
    int best = 0;
    int32_t donor = -1;
    for (size_t q = 0; q < w->queues.n; q++) {
        if ((int32_t)q == c->queue)
            continue;
        cell *o = find_cell(w, (int32_t)q, c->day, c->slot);
        if (!o)
            continue;
        fig of;
        figures(w, o, queue_aht[q], &of);
        int spare = of.has_required ? (int)floor(of.staffed - (double)of.required + 1e-9)
                                    : (int)floor(of.staffed + 1e-9);
        if (spare > best) {
            best = spare;
            donor = (int32_t)q;
        }
    }
    if (donor >= 0 && used < len) {
        int move = shortby < best ? shortby : best;
        used += (size_t)snprintf(out + used, len - used, "%smove %d agent%s from queue %s, which was over-staffed by %d",
                                 parts ? " or " : "", move, move == 1 ? "" : "s", w->queues.s[donor], best);
        parts++;
    }
    if ((!parts || (donor >= 0 && best < shortby)) && used < len) {
        int extra = donor >= 0 && parts ? shortby - (best < shortby ? best : shortby) : shortby;
        int sched = (int)ceil((double)extra / (1.0 - w->shrinkage) - 1e-9);
        snprintf(out + used, len - used, "%scall on %d more agent%s (%d to schedule with %.0f%% shrinkage)",
                 parts ? "; and " : "", extra, extra == 1 ? "" : "s", sched, w->shrinkage * 100);
    }
}

static int wl_finish(void *inst, ccs_host *host)
{
    wl_inst *w = inst;
    int32_t first = INT32_MIN, last = INT32_MAX;
    int has_period = api->size >= offsetof(ccs_host_api, report_period) + sizeof api->report_period &&
                     api->report_period && api->report_period(host, &first, &last) == CCS_OK;
    spread_activity(w, host);

    size_t nq = w->queues.n;
    double ilen = w->interval_min * 60.0;
    /* Per queue over the period. */
    cell *tot = calloc(nq ? nq : 1, sizeof *tot);
    double *qaht = calloc(nq ? nq : 1, sizeof *qaht);
    int *peak = calloc(nq ? nq : 1, sizeof *peak);
    cell **in = calloc(w->ncells ? w->ncells : 1, sizeof *in);
    int32_t *qorder = calloc(nq ? nq : 1, sizeof *qorder);
    if (!tot || !qaht || !peak || !in || !qorder) {
        free(tot); free(qaht); free(peak); free(in); free(qorder);
        return CCS_ERR;
    }
    size_t nin = 0;
    for (size_t i = 0; i < w->ncells; i++) {
        cell *c = &w->cells[i];
        if (c->day < first || c->day > last)
            continue;
        in[nin++] = c;
        cell *t = &tot[c->queue];
        t->offered += c->offered; t->answered += c->answered; t->abandoned += c->abandoned;
        t->short_ab += c->short_ab; t->exits += c->exits; t->ans_in += c->ans_in;
        t->ab_in += c->ab_in; t->ab_after += c->ab_after; t->wait_ans += c->wait_ans;
        t->handle += c->handle; t->staffed_s += c->staffed_s; t->busy_s += c->busy_s;
    }
    for (size_t q = 0; q < nq; q++) {
        qaht[q] = tot[q].answered ? tot[q].handle / (double)tot[q].answered : 0;
        qorder[q] = (int32_t)q;
    }
    qsort_r(qorder, nq, sizeof *qorder, by_queue_name, &w->queues);
    qsort(in, nin, sizeof *in, by_time);

    strbuf t = { 0 }, j = { 0 };
    char period_a[16] = "", period_b[16] = "";
    if (has_period) {
        fmt_day(period_a, first);
        fmt_day(period_b, last);
    }
    strbuf_printf(&t, "  %d-minute intervals, local time; target %.0f%% within %.0f s (variant %s); Erlang C with "
            "occupancy at most %.0f%%\n",
        w->interval_min, w->target * 100, w->threshold, variant_names[w->variant], w->max_occ * 100);
    strbuf_printf(&j, "{\"interval_minutes\": %d, \"target\": %.4f, \"threshold_s\": %.0f, \"variant\": \"%s\", "
            "\"short_abandon_s\": %.0f, \"max_occupancy\": %.4f, \"shrinkage\": %.4f, \"period\": ",
        w->interval_min, w->target, w->threshold, variant_names[w->variant], w->short_s, w->max_occ,
        w->shrinkage);
    if (has_period)
        strbuf_printf(&j, "{\"first\": \"%s\", \"last\": \"%s\"}", period_a, period_b);
    else
        strbuf_printf(&j, "null");

    /* Intervals (JSON always; text with show_intervals), peaks, bottlenecks. */
    ranked *bad = calloc(nin ? nin : 1, sizeof *bad);
    size_t nbad = 0;
    strbuf_printf(&j, ", \"intervals\": [");
    if (w->show_intervals)
        strbuf_printf(&t, "\n  queue        date       start  offered answ aband (short) exits     SL    ASA    AHT   occ staffed req  gap\n");
    for (size_t i = 0; i < nin; i++) {
        const cell *c = in[i];
        fig f;
        figures(w, c, qaht[c->queue], &f);
        if (f.has_required && f.required > peak[c->queue])
            peak[c->queue] = f.required;
        char date[16], start[16], end[16];
        fmt_day(date, c->day);
        fmt_minute(start, c->slot * w->interval_min);
        fmt_minute(end, (c->slot + 1) * w->interval_min);
        strbuf_printf(&j, "%s{\"queue\": ", i ? ", " : "");
        strbuf_json(&j, w->queues.s[c->queue]);
        strbuf_printf(&j, ", \"date\": \"%s\", \"weekday\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", "
                "\"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu, \"short_abandons\": %llu, "
                "\"other_exits\": %llu, \"service_level\": ",
            date, weekday_name(c->day), start, end, (unsigned long long)c->offered,
            (unsigned long long)c->answered, (unsigned long long)c->abandoned,
            (unsigned long long)c->short_ab, (unsigned long long)c->exits);
        put_num(&j, f.has_sl, f.sl, 4);
        strbuf_printf(&j, ", \"asa\": ");
        put_num(&j, f.has_asa, f.asa, 2);
        strbuf_printf(&j, ", \"aht\": ");
        put_num(&j, f.has_aht, f.aht, 2);
        strbuf_printf(&j, ", \"occupancy\": ");
        put_num(&j, f.has_occ, f.occupancy, 4);
        strbuf_printf(&j, ", \"staffed\": %.2f, \"staffed_from\": \"%s\", \"traffic\": ", f.staffed,
            f.from_activity ? "activity" : "contacts");
        put_num(&j, f.has_required, f.traffic, 4);
        strbuf_printf(&j, ", \"required\": ");
        if (f.has_required)
            strbuf_printf(&j, "%d, \"gap\": %.2f}", f.required, (double)f.required - f.staffed);
        else
            strbuf_printf(&j, "null, \"gap\": null}");
        if (w->show_intervals) {
            char sl[16], occ[16], asa[16], aht[16];
            pct(sl, sizeof sl, f.has_sl, f.sl);
            pct(occ, sizeof occ, f.has_occ, f.occupancy);
            snprintf(asa, sizeof asa, f.has_asa ? "%.1f" : "-", f.asa);
            snprintf(aht, sizeof aht, f.has_aht ? "%.1f" : "-", f.aht);
            strbuf_printf(&t, "  %-12.12s %s %s %7llu %4llu %5llu %7llu %5llu %6s %6s %6s %5s %7.1f %3d %4.1f\n",
                w->queues.s[c->queue], date, start, (unsigned long long)c->offered,
                (unsigned long long)c->answered, (unsigned long long)c->abandoned,
                (unsigned long long)c->short_ab, (unsigned long long)c->exits, sl, asa, aht, occ,
                f.staffed, f.required, (double)f.required - f.staffed);
        }
        if (f.has_sl && f.sl < w->target - 1e-12) {
            bad[nbad].c = c;
            bad[nbad].f = f;
            bad[nbad].affected = f.den - f.num;
            nbad++;
        }
    }
    strbuf_printf(&j, "]");

    /* Queues over the period. */
    strbuf_printf(&t, "\n  queue          offered answered abandoned (short) exits      SL     ASA     AHT  occupancy  peak required\n");
    strbuf_printf(&j, ", \"queues\": [");
    for (size_t k = 0; k < nq; k++) {
        int32_t q = qorder[k];
        const cell *c = &tot[q];
        fig f;
        memset(&f, 0, sizeof f);
        sl_of(w, c, &f);
        int has_occ = c->staffed_s > 0;
        double occ = has_occ ? (c->handle + c->busy_s) / c->staffed_s : 0;
        char sl[16], oc[16];
        pct(sl, sizeof sl, f.has_sl, f.sl);
        pct(oc, sizeof oc, has_occ, occ);
        strbuf_printf(&t, "  %-14.14s %7llu %8llu %9llu %7llu %5llu %7s %7.1f %7.1f %10s %6d\n", w->queues.s[q],
            (unsigned long long)c->offered, (unsigned long long)c->answered,
            (unsigned long long)c->abandoned, (unsigned long long)c->short_ab,
            (unsigned long long)c->exits, sl, c->answered ? c->wait_ans / (double)c->answered : 0,
            qaht[q], oc, peak[q]);
        strbuf_printf(&j, "%s{\"queue\": ", k ? ", " : "");
        strbuf_json(&j, w->queues.s[q]);
        strbuf_printf(&j, ", \"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu, \"short_abandons\": %llu, "
                "\"other_exits\": %llu, \"service_level\": ",
            (unsigned long long)c->offered, (unsigned long long)c->answered,
            (unsigned long long)c->abandoned, (unsigned long long)c->short_ab,
            (unsigned long long)c->exits);
        put_num(&j, f.has_sl, f.sl, 4);
        strbuf_printf(&j, ", \"asa\": ");
        put_num(&j, c->answered > 0, c->answered ? c->wait_ans / (double)c->answered : 0, 2);
        strbuf_printf(&j, ", \"aht\": ");
        put_num(&j, c->answered > 0, qaht[q], 2);
        strbuf_printf(&j, ", \"occupancy\": ");
        put_num(&j, has_occ, occ, 4);
        strbuf_printf(&j, ", \"peak_required\": %d}", peak[q]);
    }
    strbuf_printf(&j, "]");

    /* Bottlenecks. */
    qsort(bad, nbad, sizeof *bad, by_affected);
    strbuf_printf(&t, "\n  Bottlenecks: %zu interval%s below target%s\n", nbad, nbad == 1 ? "" : "s",
        nbad ? ", most contacts affected first" : "");
    strbuf_printf(&j, ", \"bottlenecks\": [");
    for (size_t i = 0; i < nbad; i++) {
        const ranked *b = &bad[i];
        char date[16], start[16], end[16], why[512];
        fmt_day(date, b->c->day);
        fmt_minute(start, b->c->slot * w->interval_min);
        fmt_minute(end, (b->c->slot + 1) * w->interval_min);
        suggestion(w, b->c, &b->f, qaht, why, sizeof why);
        if ((int)i < w->max_bottlenecks)
            strbuf_printf(&t, "  %2zu. %s %s %s-%s, queue %s: SL %.0f%% (target %.0f/%.0f), %.0f contacts affected, %s\n",
                i + 1, weekday_name(b->c->day), date, start, end, w->queues.s[b->c->queue],
                b->f.sl * 100, w->target * 100, w->threshold, b->affected, why);
        strbuf_printf(&j, "%s{\"queue\": ", i ? ", " : "");
        strbuf_json(&j, w->queues.s[b->c->queue]);
        strbuf_printf(&j, ", \"date\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", \"service_level\": %.4f, "
                "\"affected\": %.0f, \"required\": ",
            date, start, end, b->f.sl, b->affected);
        if (b->f.has_required)
            strbuf_printf(&j, "%d", b->f.required);
        else
            strbuf_printf(&j, "null");
        strbuf_printf(&j, ", \"staffed\": %.2f, \"suggestion\": ", b->f.staffed);
        strbuf_json(&j, why);
        strbuf_printf(&j, "}");
    }
    if (nbad > (size_t)w->max_bottlenecks)
        strbuf_printf(&t, "      ... and %zu more (all in the JSON report)\n", nbad - (size_t)w->max_bottlenecks);
    strbuf_printf(&j, "]");

    /* Typical week: per weekday and interval, the mean over the period's
     * days of that weekday (all queues together; required agents summed over
     * queues, each sized on its own). */
    int slots = 1440 / w->interval_min;
    int ndays[7] = { 0 };
    int32_t lo = first, hi = last;
    if (!has_period) {
        lo = INT32_MAX;
        hi = INT32_MIN;
        for (size_t i = 0; i < nin; i++) {
            if (in[i]->day < lo) lo = in[i]->day;
            if (in[i]->day > hi) hi = in[i]->day;
        }
    }
    for (int32_t d = lo; nin && d <= hi; d++)
        ndays[weekday_index(d)]++;
    size_t ncell7 = (size_t)7 * (size_t)slots * (nq ? nq : 1);
    double *offered = calloc(ncell7, sizeof *offered), *handle = calloc(ncell7, sizeof *handle),
           *answered = calloc(ncell7, sizeof *answered);
    strbuf_printf(&j, ", \"weekly_pattern\": [");
    if (offered && handle && answered) {
        for (size_t i = 0; i < nin; i++) {
            size_t k = ((size_t)in[i]->queue * 7 + (size_t)weekday_index(in[i]->day)) * (size_t)slots + (size_t)in[i]->slot;
            offered[k] += (double)in[i]->offered;
            handle[k] += in[i]->handle;
            answered[k] += (double)in[i]->answered;
        }
        strbuf_printf(&t, "\n  Typical week: contacts offered per interval, mean over the period (agents required)\n  time  ");
        for (int d = 0; d < 7; d++)
            strbuf_printf(&t, " %12s", weekday_of_index(d));
        strbuf_printf(&t, "\n");
        int firstj = 1;
        for (int s = 0; s < slots; s++) {
            double row_total = 0;
            double off7[7] = { 0 };
            int req7[7] = { 0 };
            for (int d = 0; d < 7; d++) {
                if (!ndays[d])
                    continue;
                for (size_t q = 0; q < nq; q++) {
                    size_t k = (q * 7 + (size_t)d) * (size_t)slots + (size_t)s;
                    if (offered[k] <= 0)
                        continue;
                    double mean = offered[k] / ndays[d];
                    double aht = answered[k] > 0 ? handle[k] / answered[k] : qaht[q];
                    int req = -1;
                    erlang_plan p;
                    if (aht > 0 && erlang_required(erlang_traffic(mean, ilen, aht), aht, w->threshold,
                                                   w->target, w->max_occ, 0, &p) == 0)
                        req = p.raw;
                    off7[d] += mean;
                    if (req > 0)
                        req7[d] += req;
                    char st[16];
                    fmt_minute(st, s * w->interval_min);
                    strbuf_printf(&j, "%s{\"queue\": ", firstj ? "" : ", ");
                    firstj = 0;
                    strbuf_json(&j, w->queues.s[q]);
                    strbuf_printf(&j, ", \"weekday\": \"%s\", \"start\": \"%s\", \"days\": %d, \"offered_mean\": %.4f, "
                            "\"aht\": ", weekday_of_index(d), st, ndays[d], mean);
                    put_num(&j, aht > 0, aht, 2);
                    strbuf_printf(&j, ", \"required\": ");
                    if (req >= 0)
                        strbuf_printf(&j, "%d, \"to_schedule\": %d}", req,
                            (int)ceil((double)req / (1.0 - w->shrinkage) - 1e-9));
                    else
                        strbuf_printf(&j, "null, \"to_schedule\": null}");
                }
                row_total += off7[d];
            }
            if (row_total <= 0)
                continue;
            char st[16];
            fmt_minute(st, s * w->interval_min);
            strbuf_printf(&t, "  %s ", st);
            for (int d = 0; d < 7; d++) {
                char cellt[32];
                if (off7[d] > 0)
                    snprintf(cellt, sizeof cellt, "%.1f (%d)", off7[d], req7[d]);
                else
                    snprintf(cellt, sizeof cellt, "-");
                strbuf_printf(&t, " %12s", cellt);
            }
            strbuf_printf(&t, "\n");
        }
    }
    strbuf_printf(&j, "]}");
    free(offered);
    free(handle);
    free(answered);

    int rc = CCS_OK;
    if (t.p && j.p) {
        char title[128];
        if (has_period)
            snprintf(title, sizeof title, "Workload and staffing by queue and interval (%s to %s)", period_a, period_b);
        else
            snprintf(title, sizeof title, "Workload and staffing by queue and interval");
        ccs_section sec = { "workload", title, t.p, j.p };
        rc = api->add_section(host, &sec);
    } else {
        rc = CCS_ERR;
    }
    free(t.p);
    free(j.p);
    free(bad);
    free(tot);
    free(qaht);
    free(peak);
    free(in);
    free(qorder);
    return rc;
}

/* ------------------------------------------------ configuration */

static const ccs_key wl_keys[] = {
    { "interval", CCS_KEY_ENUM, "30", "interval length in minutes", "15|30|60", NOLIMIT },
    { "target", CCS_KEY_PERCENT, "80%", "service level target (share answered within threshold_s)", NULL, 0.01, 0.999 },
    { "threshold_s", CCS_KEY_NUMBER, "20", "service level threshold, seconds of wait", NULL, 0, 3600 },
    { "variant", CCS_KEY_ENUM, "offered", "how abandons count in the service level (as kpi_core's service_level)",
      "offered|answered|abandons_in|abandons_after|short_excluded", NOLIMIT },
    { "short_abandon_s", CCS_KEY_NUMBER, "5", "an abandon within this many seconds is a short abandon", NULL, 0, 600 },
    { "max_occupancy", CCS_KEY_PERCENT, "85%", "Erlang C: raise agents until occupancy is at most this", NULL, 0.05, 1 },
    { "shrinkage", CCS_KEY_PERCENT, "30%", "paid time not on the phones, for agents to schedule", NULL, 0, 0.95 },
    { "max_bottlenecks", CCS_KEY_INT, "10", "bottlenecks listed in the text report (all are in the JSON)", NULL, 0, 10000 },
    { "show_intervals", CCS_KEY_BOOL, "no", "list every interval in the text report too", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void wl_destroy(void *inst)
{
    wl_inst *w = inst;
    if (!w)
        return;
    for (size_t i = 0; i < w->ncells; i++)
        free(w->cells[i].agents);
    free(w->cells);
    free(w->slots);
    free(w->spans);
    free(w->queue_has_login);
    names_free(&w->queues);
    names_free(&w->agents);
    free(w);
}

static int wl_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    wl_inst *w = calloc(1, sizeof *w);
    if (!w)
        return CCS_ERR;
    static const int minutes[] = { 15, 30, 60 };
    int iv = api->config_enum(cfg, "interval");
    w->interval_min = minutes[iv >= 0 && iv < 3 ? iv : 1];
    w->target = api->config_number(cfg, "target");
    w->threshold = api->config_number(cfg, "threshold_s");
    w->variant = api->config_enum(cfg, "variant");
    if (w->variant < 0)
        w->variant = V_OFFERED;
    w->short_s = api->config_number(cfg, "short_abandon_s");
    w->max_occ = api->config_number(cfg, "max_occupancy");
    w->shrinkage = api->config_number(cfg, "shrinkage");
    w->max_bottlenecks = (int)api->config_int(cfg, "max_bottlenecks");
    w->show_intervals = api->config_bool(cfg, "show_intervals");
    *inst = w;
    return CCS_OK;
}

static const ccs_check_ops wl_ops = { sizeof(ccs_check_ops), CCS_REC_CONTACT | CCS_REC_ACTIVITY, wl_add,
                                      wl_finish };

static const ccs_component wl_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "workload",
    "Workflow pressure: per queue and interval, offered/answered/abandoned, SL, ASA, AHT, occupancy, "
    "agents staffed vs Erlang C required; bottlenecks with suggestions; the typical week. Adds the report "
    "section 'workload' (JSON: interval_minutes, target, threshold_s, variant, short_abandon_s, "
    "max_occupancy, shrinkage, period {first,last}, intervals [{queue, date, weekday, start, end, offered, "
    "answered, abandoned, short_abandons, other_exits, service_level, asa, aht, occupancy, staffed, "
    "staffed_from, traffic, required, gap}], queues [{queue, offered, answered, abandoned, short_abandons, "
    "other_exits, service_level, asa, aht, occupancy, peak_required}], bottlenecks [{queue, date, start, "
    "end, service_level, affected, required, staffed, suggestion}], weekly_pattern [{queue, weekday, "
    "start, days, offered_mean, aht, required, to_schedule}]; null where a figure has no data)",
    wl_keys, wl_create, wl_destroy, &wl_ops,
};

static int wl_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &wl_component);
}

CCS_MODULE(workload, "1.0", "Workflow pressure per queue and interval, with Erlang C staffing", wl_init, NULL)
