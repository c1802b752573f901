/* workload: records into cells of queue x local day x interval, and
 * activity spans (logins less pauses) spread over those cells. */
#include <stdlib.h>
#include <string.h>

#include "workload.h"

/* ------------------------------------------------ interned names */

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

int32_t names_intern(names *t, ccs_str s)
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

void names_free(names *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

/* ------------------------------------------------ cells */

static uint64_t cell_hash(int32_t q, int32_t d, int32_t s)
{
    uint64_t h = (uint64_t)(uint32_t)q * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)d * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)(uint32_t)s * 0x165667B19E3779F9ull;
    return h ^ (h >> 29);
}

cell *wl_cell(wl_inst *w, int32_t q, int32_t d, int32_t s)
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

cell *wl_find_cell(const wl_inst *w, int32_t q, int32_t d, int32_t s)
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

void wl_free_cells(wl_inst *w)
{
    for (size_t i = 0; i < w->ncells; i++)
        free(w->cells[i].agents);
    free(w->cells);
    free(w->slots);
    free(w->spans);
    free(w->queue_has_login);
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

void wl_add_contact(wl_inst *w, ccs_host *host, const ccs_contact *k)
{
    ccs_str qn = k->queue;
    if (qn.len == 0)
        qn = (ccs_str){ "(no queue)", 10 };
    int32_t q = names_intern(&w->queues, qn);
    if (q < 0)
        return;
    cell *c = wl_cell(w, q, k->local_day, k->local_minute / w->interval_min);
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
            int32_t a = names_intern(&w->agents, k->agent_id);
            if (a >= 0)
                add_agent(c, a);
        }
        return;
    }
    /* Unanswered: an abandon, or (queue_log) a timeout or exit. */
    int idx = wl_api->column_index(host, k->hdr.stream, "event");
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

void wl_add_activity(wl_inst *w, const ccs_activity *a)
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
    s->agent = names_intern(&w->agents, a->agent_id);
    s->queue = a->queue.len ? names_intern(&w->queues, a->queue) : -1;
    s->kind = a->activity;
    s->start = a->start;
    s->end = a->end;
    if (s->agent >= 0)
        w->nspans++;
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

void wl_spread_activity(wl_inst *w, ccs_host *host)
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

