/* workload: records into cells of queue x local day x interval, and
 * activity spans (logins less pauses) spread over those cells. */
#include <stdlib.h>
#include <string.h>

#include "strtab.h"
#include "vec.h"
#include "workload.h"

/* ------------------------------------------------ cells */

/* A cell's key in w->cellkeys: its queue, day and interval as bytes; the
 * key's index in the table is the cell's index in w->cells. */
typedef struct cell_key {
    int32_t queue, day, slot;
} cell_key;

cell *wl_cell(wl_inst *w, int32_t q, int32_t d, int32_t s)
{
    cell_key key = { q, d, s };
    int32_t i = strtab_find(&w->cellkeys, (const char *)&key, sizeof key);
    if (i >= 0)
        return &w->cells[i];
    /* Room first, so that a key is interned only with its cell. */
    if (!VEC_GROW(w->cells, w->ncells, w->capcells) ||
        strtab_intern(&w->cellkeys, (const char *)&key, sizeof key) != (int32_t)w->ncells)
        return NULL;
    cell *c = VEC_PUSH(w->cells, w->ncells, w->capcells);
    c->queue = q;
    c->day = d;
    c->slot = s;
    return c;
}

cell *wl_find_cell(const wl_inst *w, int32_t q, int32_t d, int32_t s)
{
    cell_key key = { q, d, s };
    int32_t i = strtab_find(&w->cellkeys, (const char *)&key, sizeof key);
    return i >= 0 ? &w->cells[i] : NULL;
}

void wl_free_cells(wl_inst *w)
{
    for (size_t i = 0; i < w->ncells; i++)
        free(w->cells[i].agents);
    free(w->cells);
    strtab_free(&w->cellkeys);
    free(w->spans);
    free(w->queue_has_login);
}

int wl_cell_add_agent(cell *c, int32_t a)
{
    for (size_t i = 0; i < c->nagents; i++)
        if (c->agents[i] == a)
            return 0;
    int32_t *slot = VEC_PUSH(c->agents, c->nagents, c->capagents);
    if (!slot)
        return -1;
    *slot = a;
    return 0;
}

/* ------------------------------------------------ records in */

void wl_add_contact(wl_inst *w, ccs_host *host, const ccs_contact *k)
{
    ccs_str qn = k->queue;
    if (qn.len == 0)
        qn = (ccs_str){ "(no queue)", 10 };
    int32_t q = strtab_intern(&w->queues, qn.ptr, qn.len);
    if (q < 0)
        return;
    cell *c = wl_cell(w, q, k->local_day, k->local_minute / w->interval_min);
    if (!c)
        return;
    c->offered++;
    if (k->outcome == CCS_OUTCOME_ANSWERED) {
        c->answered++;
        c->wait_ans += k->wait_s;
        c->handle += k->talk_s + k->hold_s + (k->acw_s > 0 ? k->acw_s : 0); /* < 0: none */
        if (k->wait_s <= w->threshold)
            c->ans_in++;
        if (k->agent_id.len) {
            int32_t a = strtab_intern(&w->agents, k->agent_id.ptr, k->agent_id.len);
            if (a >= 0)
                wl_cell_add_agent(c, a);
        }
        return;
    }
    /* Unanswered: an abandon, or (queue_log) a timeout or exit, or a call
     * that met a closed, full or empty queue (any event but ABANDON). */
    int idx = wl_api->column_index(host, k->hdr.stream, "event");
    ccs_str ev = ccs_record_column(&k->hdr, idx);
    if (idx >= 0 && ev.len && !(ev.len == 7 && memcmp(ev.ptr, "ABANDON", 7) == 0)) {
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

void wl_add_activity(wl_inst *w, const ccs_activity *a)
{
    if (a->agent_id.len == 0 || a->end <= a->start || a->activity == CCS_ACT_SHIFT)
        return;
    int32_t agent = strtab_intern(&w->agents, a->agent_id.ptr, a->agent_id.len);
    if (agent < 0)
        return;
    int32_t queue = a->queue.len ? strtab_intern(&w->queues, a->queue.ptr, a->queue.len) : -1;
    span *s = VEC_PUSH(w->spans, w->nspans, w->capspans);
    if (!s)
        return;
    *s = (span){ agent, queue, a->activity, a->start, a->end };
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
        wl_api->local_time(host, t, &day, &minute);
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
    cell *c = wl_cell(w, q, d, s);
    if (c)
        c->staffed_s += secs;
}

static void add_pause(wl_inst *w, int32_t q, int32_t d, int32_t s, double secs, void *arg)
{
    int kind = *(int *)arg;
    cell *c = wl_cell(w, q, d, s);
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

/* The queue where an agent answered most contacts (for logins without one);
 * -1 when none. */
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

void wl_spread_activity(wl_inst *w, ccs_host *host)
{
    if (w->nspans > 1) /* qsort(NULL, 0) is undefined: no login or pause lines */
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
                /* A member logged in who answered nothing still staffs the
                 * queue when there is only one. */
                if (home == -2)
                    home = home_queue(w, s->agent);
                if (home < 0 && w->queues.n == 1)
                    home = 0;
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

