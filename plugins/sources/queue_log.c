/* queue_log: reads Asterisk's queue_log (`epoch|callid|queue|agent|EVENT|
 * data...`, Asterisk 1.4 to current) in one streaming pass and builds
 *
 *  - one contact record per call and queue: ENTERQUEUE opens it; CONNECT
 *    gives the wait (holdtime) and the agent; COMPLETEAGENT, COMPLETECALLER
 *    and the transfer events close it answered (talk = calltime); ABANDON
 *    closes it abandoned; EXITWITHTIMEOUT, EXITEMPTY and EXITWITHKEY close it
 *    unanswered (as abandoned, or not at all with exits_as = skip);
 *    RINGNOANSWER counts a missed offer against the agent;
 *  - activity records: login sessions (AGENTLOGIN/AGENTLOGOFF), queue
 *    membership (ADDMEMBER/REMOVEMEMBER, with the queue) and pauses
 *    (PAUSE/UNPAUSE, PAUSEALL/UNPAUSEALL) whose reason the policy maps to
 *    wrap-up, break, lunch or training.
 *
 * Memory grows with the calls in progress and the agents, never with the
 * file.  Lines may be out of order: a call's events are matched by callid
 * and queue whatever their order, and a call whose end comes before its
 * ENTERQUEUE is completed when the ENTERQUEUE arrives.  At the end of the
 * file, calls still in progress are counted as incomplete and reported (a
 * warning and the accounting section), never scored nor silently lost;
 * sessions and pauses still open end at the last time in the file.
 *
 * Older Asterisk writes fewer fields: 1.4's EXITWITHTIMEOUT has only the
 * position and its EXITWITHKEY no waittime (the wait is then the time since
 * ENTERQUEUE), its CONNECT no ringtime and its TRANSFER no origposition.
 * Transfers take holdtime and calltime counted from the end, so every
 * layout (BLINDTRANSFER, ATTENDEDTRANSFER BRIDGE/APP/LINK) works. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "json.h"
#include "parse.h"
#include "strbuf.h"

static const ccs_host_api *api;

#define NOLIMIT 0, 0
#define MAX_FIELDS 16
#define MAX_DURATION_S 86400.0
/* Finished calls remembered, so that a line written late (a CONNECT after
 * the COMPLETEAGENT) is not taken for a new call. */
#define DONE_KEPT 4096

/* ------------------------------------------------ a small string map */

typedef struct entry {
    char *key;
    size_t klen;
    uint64_t hash;
    void *val;
    struct entry *next;
} entry;

typedef struct smap {
    entry **b;
    size_t nb, n;
} smap;

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static entry **smap_slot(smap *m, const char *k, size_t n, uint64_t h)
{
    entry **e = &m->b[h & (m->nb - 1)];
    while (*e && !((*e)->hash == h && (*e)->klen == n && memcmp((*e)->key, k, n) == 0))
        e = &(*e)->next;
    return e;
}

static void *smap_get(smap *m, const char *k, size_t n)
{
    if (!m->nb)
        return NULL;
    entry *e = *smap_slot(m, k, n, hash_bytes(k, n));
    return e ? e->val : NULL;
}

/* Insert (the key must not be there); returns 0 or -1. */
static int smap_put(smap *m, const char *k, size_t n, void *val)
{
    if (m->n + 1 > m->nb) {
        size_t nb = m->nb ? m->nb * 2 : 64;
        entry **b = calloc(nb, sizeof *b);
        if (!b)
            return -1;
        for (size_t i = 0; i < m->nb; i++)
            for (entry *e = m->b[i], *next; e; e = next) {
                next = e->next;
                e->next = b[e->hash & (nb - 1)];
                b[e->hash & (nb - 1)] = e;
            }
        free(m->b);
        m->b = b;
        m->nb = nb;
    }
    entry *e = malloc(sizeof *e);
    if (!e || !(e->key = malloc(n + 1))) {
        free(e);
        return -1;
    }
    memcpy(e->key, k, n);
    e->key[n] = '\0';
    e->klen = n;
    e->hash = hash_bytes(k, n);
    e->val = val;
    entry **slot = &m->b[e->hash & (m->nb - 1)];
    e->next = *slot;
    *slot = e;
    m->n++;
    return 0;
}

/* Remove and return the value (NULL when absent). */
static void *smap_take(smap *m, const char *k, size_t n)
{
    if (!m->nb)
        return NULL;
    entry **slot = smap_slot(m, k, n, hash_bytes(k, n));
    entry *e = *slot;
    if (!e)
        return NULL;
    *slot = e->next;
    void *val = e->val;
    free(e->key);
    free(e);
    m->n--;
    return val;
}

static void smap_free(smap *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->nb; i++)
        for (entry *e = m->b[i], *next; e; e = next) {
            next = e->next;
            if (free_val)
                free_val(e->val);
            free(e->key);
            free(e);
        }
    free(m->b);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------ the instance */

enum { PAUSE_WRAPUP, PAUSE_BREAK, PAUSE_LUNCH, PAUSE_TRAINING, PAUSE_KINDS };
static const char *const pause_keys[PAUSE_KINDS] = { "wrapup_reasons", "break_reasons",
                                                     "lunch_reasons", "training_reasons" };
static const int pause_activity[PAUSE_KINDS] = { CCS_ACT_WRAPUP, CCS_ACT_BREAK, CCS_ACT_LUNCH,
                                                 CCS_ACT_TRAINING };

typedef struct ql_inst {
    char *pause_reasons[PAUSE_KINDS]; /* '|'-separated, case-insensitive */
    smap agents;               /* member name -> agent id (char *) */
    int exits_skip;            /* exits_as = skip */
    double acw_s;
    char *channel;
    char *instance;
} ql_inst;

static const ql_inst defaults_inst;

/* ------------------------------------------------ recognising the format */

static int all_digits(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return 0;
    return 1;
}

static int is_event_name(const char *p, size_t n)
{
    if (n == 0 || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isupper((unsigned char)p[i]) || isdigit((unsigned char)p[i]) || p[i] == '_'))
            return 0;
    return 1;
}

/* The first complete lines must all be `epoch|callid|queue|agent|EVENT...`. */
static uint32_t ql_probe(const void *inst, const char *head, size_t len)
{
    (void)inst;
    size_t pos = 0, good = 0;
    while (pos < len && good < 5) {
        const char *line = head + pos;
        const char *nl = memchr(line, '\n', len - pos);
        if (!nl)
            break; /* a line cut by the probe's buffer says nothing */
        size_t n = (size_t)(nl - line);
        pos += n + 1;
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0)
            continue;
        const char *f[6];
        size_t fl[6], k = 0;
        const char *p = line, *end = line + n;
        while (k < 6) {
            const char *bar = memchr(p, '|', (size_t)(end - p));
            f[k] = p;
            fl[k++] = bar ? (size_t)(bar - p) : (size_t)(end - p);
            if (!bar)
                break;
            p = bar + 1;
        }
        if (k < 5 || !all_digits(f[0], fl[0]) || fl[0] < 9 || fl[0] > 11 ||
            !is_event_name(f[4], fl[4]))
            return 0;
        good++;
    }
    return good ? CCS_REC_CONTACT : 0;
}

/* ------------------------------------------------ reading state */

enum end_kind {
    END_NONE = 0, END_COMPLETEAGENT, END_COMPLETECALLER, END_TRANSFER, END_ABANDON,
    END_TIMEOUT, END_EMPTY, END_KEY
};
static const char *const end_names[] = { "", "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER",
                                         "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY",
                                         "EXITWITHKEY" };

typedef struct call {
    char *callid, *queue, *member, *callerid, *transfer_event;
    uint64_t first_line;
    int64_t enter_at;          /* 0: no ENTERQUEUE seen (yet) */
    int connected;
    double connect_wait, ring_s;
    int end;                   /* enum end_kind */
    int64_t end_at;
    double end_wait, talk_s;
    int has_end_wait;
    uint32_t missed;           /* RINGNOANSWER */
} call;

typedef struct span {
    int64_t start;
    uint64_t line;
    char *reason, *queue;
} span;

typedef struct counts {
    uint64_t lines, events, unknown, calls, entered, answered, abandoned, timeout, empty, key,
        transferred, skipped_exits, incomplete, no_enter, missed_offers, sessions, memberships,
        pauses, open_at_end, unmatched_end, ignored, late;
} counts;

typedef struct reader {
    const ql_inst *c;
    ccs_source_ctx *ctx;
    ccs_host *host;
    const char *path;
    int want_contacts;
    smap calls;                /* callid \t queue -> call */
    smap logins;               /* agent -> span (AGENTLOGIN) */
    smap members;              /* agent \t queue -> span (ADDMEMBER) */
    smap pauses;               /* agent -> span */
    smap missed;               /* agent -> uint64_t * */
    smap unknown;              /* event name -> uint64_t * */
    smap done;                 /* recently finished calls (key -> NULL), for late lines */
    char *done_ring[DONE_KEPT];
    size_t done_next;
    int64_t first_epoch, last_epoch;
    counts n;
    int stop;
} reader;

static char *dupn(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

static ccs_str S(const char *s)
{
    ccs_str r = { s ? s : "", s ? strlen(s) : 0 };
    return r;
}

static void call_free(void *v)
{
    call *c = v;
    if (!c)
        return;
    free(c->callid);
    free(c->queue);
    free(c->member);
    free(c->callerid);
    free(c);
}

static void span_free(void *v)
{
    span *s = v;
    if (!s)
        return;
    free(s->reason);
    free(s->queue);
    free(s);
}

/* The agent id of a member name: the policy's table, else the name itself. */
static const char *agent_of(const reader *r, const char *member)
{
    const char *id = smap_get((smap *)&r->c->agents, member, strlen(member));
    return id ? id : member;
}

/* ------------------------------------------------ records out */

static int emit_contact(reader *r, call *k)
{
    const ql_inst *c = r->c;
    ccs_contact rec;
    memset(&rec, 0, sizeof rec);
    int answered = k->end == END_COMPLETEAGENT || k->end == END_COMPLETECALLER || k->end == END_TRANSFER;
    if (answered) {
        rec.outcome = CCS_OUTCOME_ANSWERED;
        rec.wait_s = k->connected ? k->connect_wait : k->end_wait;
        rec.talk_s = k->talk_s;
        rec.acw_s = c->acw_s;
        rec.transferred = k->end == END_TRANSFER;
    } else {
        rec.outcome = CCS_OUTCOME_ABANDONED;
        if (k->has_end_wait)
            rec.wait_s = k->end_wait;
        else if (k->enter_at)
            rec.wait_s = (double)(k->end_at - k->enter_at);
        if (rec.wait_s < 0)
            rec.wait_s = 0;
    }
    if (k->enter_at)
        rec.started_at = k->enter_at;
    else
        rec.started_at = k->end_at - (int64_t)(rec.wait_s + rec.talk_s);
    api->local_time(r->host, rec.started_at, &rec.local_day, &rec.local_minute);
    rec.contact_id = S(k->callid);
    const char *agent = answered && k->member ? agent_of(r, k->member) : NULL;
    rec.agent_id = S(agent);
    rec.queue = S(k->queue);
    rec.channel = S(c->channel);
    rec.customer_id = S(k->callerid);
    rec.resolved = -1;
    rec.nps = -1;
    const char *event = k->end == END_TRANSFER && k->transfer_event ? k->transfer_event : end_names[k->end];
    ccs_str fields[4] = { S(k->callid), S(k->queue), S(k->member), S(event) };
    rec.hdr.kind = CCS_REC_CONTACT;
    rec.hdr.size = sizeof rec;
    rec.hdr.file = r->path;
    rec.hdr.line = k->first_line;
    rec.hdr.fields = fields;
    rec.hdr.nfields = 4;
    rec.hdr.stream = CCS_REC_CONTACT;
    return api->emit(r->ctx, &rec.hdr);
}

static int emit_activity(reader *r, const char *agent, const span *s, int64_t end, int kind)
{
    ccs_activity rec;
    memset(&rec, 0, sizeof rec);
    rec.agent_id = S(agent_of(r, agent));
    rec.queue = S(s->queue);
    rec.reason = S(s->reason);
    rec.activity = kind;
    rec.start = s->start;
    rec.end = end < s->start ? s->start : end;
    api->local_time(r->host, rec.start, &rec.local_day, &rec.local_minute);
    rec.hdr.kind = CCS_REC_ACTIVITY;
    rec.hdr.size = sizeof rec;
    rec.hdr.file = r->path;
    rec.hdr.line = s->line;
    rec.hdr.stream = CCS_REC_ACTIVITY;
    return api->emit(r->ctx, &rec.hdr);
}

static int word_in(const char *word, const char *list)
{
    size_t wl = strlen(word);
    while (list && *list) {
        const char *bar = strchr(list, '|');
        size_t n = bar ? (size_t)(bar - list) : strlen(list);
        while (n && list[0] == ' ')
            list++, n--;
        size_t m = n;
        while (m && list[m - 1] == ' ')
            m--;
        if (m == wl && m > 0 && strncasecmp(list, word, m) == 0)
            return 1;
        if (!bar)
            break;
        list = bar + 1;
    }
    return 0;
}

static int pause_kind(const ql_inst *c, const char *reason)
{
    for (int k = 0; k < PAUSE_KINDS; k++)
        if (reason && word_in(reason, c->pause_reasons[k]))
            return pause_activity[k];
    return CCS_ACT_PAUSE;
}

/* ------------------------------------------------ calls */

static void remember_done(reader *r, const char *key, size_t klen)
{
    if (smap_get(&r->done, key, klen))
        return;
    char *old = r->done_ring[r->done_next];
    if (old) {
        smap_take(&r->done, old, strlen(old));
        free(old);
    }
    char *copy = dupn(key, klen);
    if (copy && smap_put(&r->done, key, klen, NULL) == 0)
        r->done_ring[r->done_next] = copy;
    else {
        free(copy);
        r->done_ring[r->done_next] = NULL;
    }
    r->done_next = (r->done_next + 1) % DONE_KEPT;
}

/* A call ended: count it and hand it on (when its ENTERQUEUE is known, or at
 * the end of the file). */
static int finish_call(reader *r, call *k)
{
    counts *n = &r->n;
    n->calls++;
    if (k->enter_at)
        n->entered++;
    else
        n->no_enter++;
    int emit = 1;
    switch (k->end) {
    case END_COMPLETEAGENT:
    case END_COMPLETECALLER: n->answered++; break;
    case END_TRANSFER: n->answered++; n->transferred++; break;
    case END_ABANDON: n->abandoned++; break;
    case END_TIMEOUT: n->timeout++; emit = !r->c->exits_skip; break;
    case END_EMPTY: n->empty++; emit = !r->c->exits_skip; break;
    case END_KEY: n->key++; emit = !r->c->exits_skip; break;
    }
    if (!emit)
        n->skipped_exits++;
    if (emit && r->want_contacts && emit_contact(r, k) != CCS_OK)
        return CCS_ERR;
    return CCS_OK;
}

static call *get_call(reader *r, const char *key, size_t klen, ccs_str callid, ccs_str queue,
                      uint64_t line)
{
    call *k = smap_get(&r->calls, key, klen);
    if (k)
        return k;
    k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->callid = dupn(callid.ptr, callid.len);
    k->queue = dupn(queue.ptr, queue.len);
    k->first_line = line;
    if (!k->callid || !k->queue || smap_put(&r->calls, key, klen, k) != 0) {
        call_free(k);
        return NULL;
    }
    return k;
}

/* ------------------------------------------------ one line */

typedef struct line_in {
    uint64_t no;
    int64_t epoch;
    ccs_str f[MAX_FIELDS];
    size_t nf;                 /* fields, including the 5 fixed ones */
    int last_unterminated;
} line_in;

static int reject(reader *r, const line_in *l, const char *fmt, const char *what)
{
    int rc = l->last_unterminated
                 ? api->reject(r->ctx, l->no, "truncated last line (no end of line; was the log being written?): %s%s",
                               fmt, what ? what : "")
                 : api->reject(r->ctx, l->no, "%s%s", fmt, what ? what : "");
    if (rc != CCS_OK)
        r->stop = 1;
    return rc;
}

static int get_seconds(const line_in *l, size_t i, double *out)
{
    int64_t v;
    if (i >= l->nf || parse_int64(l->f[i], &v) != 0 || v < 0 || (double)v > MAX_DURATION_S)
        return -1;
    *out = (double)v;
    return 0;
}

static char *field_dup(const line_in *l, size_t i)
{
    return i < l->nf ? dupn(l->f[i].ptr, l->f[i].len) : NULL;
}

static int str_is(ccs_str s, const char *z)
{
    size_t n = strlen(z);
    return s.len == n && memcmp(s.ptr, z, n) == 0;
}

static void count_name(smap *m, ccs_str name)
{
    uint64_t *c = smap_get(m, name.ptr, name.len);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c || smap_put(m, name.ptr, name.len, c) != 0) {
            free(c);
            return;
        }
    }
    (*c)++;
}

/* Open a span (login, membership, pause) unless one is open. */
static int open_span(smap *m, const char *key, size_t klen, const line_in *l,
                     const char *reason, ccs_str queue)
{
    if (smap_get(m, key, klen))
        return CCS_OK; /* already open: PAUSE repeated per queue, a second login */
    span *s = calloc(1, sizeof *s);
    if (!s)
        return CCS_ERR;
    s->start = l->epoch;
    s->line = l->no;
    s->reason = reason ? strdup(reason) : NULL;
    s->queue = queue.len && !str_is(queue, "NONE") ? dupn(queue.ptr, queue.len) : NULL;
    if (smap_put(m, key, klen, s) != 0) {
        span_free(s);
        return CCS_ERR;
    }
    return CCS_OK;
}

static int close_span(reader *r, smap *m, const char *key, size_t klen, const char *agent,
                      const line_in *l, int kind, int64_t known_start)
{
    span *s = smap_take(m, key, klen);
    span fallback = { 0, l->no, NULL, NULL };
    if (!s) {
        if (known_start <= 0) {
            r->n.unmatched_end++;
            return CCS_OK;
        }
        fallback.start = known_start;
        s = &fallback;
    }
    int rc = emit_activity(r, agent, s, l->epoch, kind == CCS_ACT_PAUSE ? pause_kind(r->c, s->reason) : kind);
    if (s != &fallback)
        span_free(s);
    return rc;
}

enum ev {
    EV_UNKNOWN, EV_IGNORED, EV_ENTERQUEUE, EV_CONNECT, EV_COMPLETEAGENT, EV_COMPLETECALLER,
    EV_BLINDTRANSFER, EV_ATTENDEDTRANSFER, EV_TRANSFER, EV_ABANDON, EV_EXITWITHTIMEOUT,
    EV_EXITEMPTY, EV_EXITWITHKEY, EV_RINGNOANSWER, EV_AGENTLOGIN, EV_AGENTLOGOFF, EV_ADDMEMBER,
    EV_REMOVEMEMBER, EV_PAUSE, EV_UNPAUSE, EV_PAUSEALL, EV_UNPAUSEALL
};

static const struct { const char *name; int ev; } events[] = {
    { "ENTERQUEUE", EV_ENTERQUEUE }, { "CONNECT", EV_CONNECT },
    { "COMPLETEAGENT", EV_COMPLETEAGENT }, { "COMPLETECALLER", EV_COMPLETECALLER },
    { "BLINDTRANSFER", EV_BLINDTRANSFER }, { "ATTENDEDTRANSFER", EV_ATTENDEDTRANSFER },
    { "TRANSFER", EV_TRANSFER }, { "ABANDON", EV_ABANDON },
    { "EXITWITHTIMEOUT", EV_EXITWITHTIMEOUT }, { "EXITEMPTY", EV_EXITEMPTY },
    { "EXITWITHKEY", EV_EXITWITHKEY }, { "RINGNOANSWER", EV_RINGNOANSWER },
    { "AGENTLOGIN", EV_AGENTLOGIN }, { "AGENTCALLBACKLOGIN", EV_AGENTLOGIN },
    { "AGENTLOGOFF", EV_AGENTLOGOFF }, { "AGENTCALLBACKLOGOFF", EV_AGENTLOGOFF },
    { "ADDMEMBER", EV_ADDMEMBER }, { "REMOVEMEMBER", EV_REMOVEMEMBER },
    { "PAUSE", EV_PAUSE }, { "UNPAUSE", EV_UNPAUSE },
    { "PAUSEALL", EV_PAUSEALL }, { "UNPAUSEALL", EV_UNPAUSEALL },
    /* Known, and nothing to build from them. */
    { "QUEUESTART", EV_IGNORED }, { "CONFIGRELOAD", EV_IGNORED }, { "INFO", EV_IGNORED },
    { "DID", EV_IGNORED }, { "RINGCANCELED", EV_IGNORED }, { "SYSCOMPAT", EV_IGNORED },
    { "AGENTDUMP", EV_IGNORED }, { "PENALTY", EV_IGNORED }, { "QUEUESTOP", EV_IGNORED },
};

static int event_of(ccs_str s)
{
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (str_is(s, events[i].name))
            return events[i].ev;
    return EV_UNKNOWN;
}

/* Fewest fields (the 5 fixed ones included) each event needs. */
static size_t min_fields(int ev)
{
    switch (ev) {
    case EV_CONNECT: return 6;           /* holdtime */
    case EV_COMPLETEAGENT:
    case EV_COMPLETECALLER: return 7;    /* holdtime, calltime */
    case EV_BLINDTRANSFER:
    case EV_ATTENDEDTRANSFER:
    case EV_TRANSFER: return 9;          /* ..., holdtime, calltime (1.4: 4 data fields) */
    case EV_ABANDON: return 8;           /* position, origposition, waittime */
    case EV_EXITWITHTIMEOUT:
    case EV_EXITEMPTY: return 6;         /* position (1.4); later also origposition, waittime */
    case EV_EXITWITHKEY: return 7;       /* key, position (1.4); later also origposition, waittime */
    default: return 5;
    }
}

static int call_event(reader *r, const line_in *l, int ev)
{
    ccs_str callid = l->f[1], queue = l->f[2], agent = l->f[3];
    if (callid.len == 0 || str_is(callid, "NONE"))
        return reject(r, l, "call event without a callid", NULL);
    if (queue.len == 0 || str_is(queue, "NONE"))
        return reject(r, l, "call event without a queue", NULL);
    char key[512];
    if (callid.len + queue.len + 1 >= sizeof key)
        return reject(r, l, "callid and queue are too long", NULL);
    memcpy(key, callid.ptr, callid.len);
    key[callid.len] = '\t';
    memcpy(key + callid.len + 1, queue.ptr, queue.len);
    size_t klen = callid.len + 1 + queue.len;

    double a = 0, b = 0, w = 0;
    int end = END_NONE, has_wait = 0;
    if (ev != EV_ENTERQUEUE && !smap_get(&r->calls, key, klen) && r->done.nb) {
        /* smap_get gives NULL for a key present with a NULL value: look the
         * key up in the done set by its slot. */
        uint64_t h = hash_bytes(key, klen);
        if (*smap_slot(&r->done, key, klen, h)) {
            r->n.late++;
            if (ev == EV_RINGNOANSWER && agent.len) {
                char name[256];
                snprintf(name, sizeof name, "%.*s", (int)agent.len, agent.ptr);
                r->n.missed_offers++;
                count_name(&r->missed, S(agent_of(r, name)));
            }
            return CCS_OK; /* a late line of a call already finished */
        }
    }
    switch (ev) {
    case EV_ENTERQUEUE: {
        call *k = smap_get(&r->calls, key, klen);
        if (k && (k->enter_at || (k->end && l->epoch > k->end_at))) {
            /* The same call entering again: the old one never ended. */
            if (k->enter_at && !k->end) {
                r->n.calls++;
                r->n.entered++;
                r->n.incomplete++;
            } else if (k->end) {
                if (finish_call(r, k) != CCS_OK)
                    return CCS_ERR;
            }
            call_free(smap_take(&r->calls, key, klen));
            k = NULL;
        }
        k = k ? k : get_call(r, key, klen, callid, queue, l->no);
        if (!k)
            return CCS_ERR;
        k->enter_at = l->epoch;
        if (l->no < k->first_line)
            k->first_line = l->no;
        if (!k->callerid && l->nf > 6 && l->f[6].len)
            k->callerid = field_dup(l, 6);
        if (k->end) { /* its end came first (lines out of order) */
            remember_done(r, key, klen);
            call *done = smap_take(&r->calls, key, klen);
            int rc = finish_call(r, done);
            call_free(done);
            return rc;
        }
        return CCS_OK;
    }
    case EV_CONNECT:
        if (get_seconds(l, 5, &a) != 0)
            return reject(r, l, "CONNECT needs the holdtime in seconds as its first data field", NULL);
        if (l->nf > 7 && l->f[7].len && get_seconds(l, 7, &b) != 0)
            return reject(r, l, "bad ringtime in CONNECT", NULL);
        {
            call *k = get_call(r, key, klen, callid, queue, l->no);
            if (!k)
                return CCS_ERR;
            k->connected = 1;
            k->connect_wait = a;
            k->ring_s = b;
            free(k->member);
            k->member = dupn(agent.ptr, agent.len);
        }
        return CCS_OK;
    case EV_RINGNOANSWER: {
        r->n.missed_offers++;
        if (agent.len) {
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)agent.len, agent.ptr);
            count_name(&r->missed, S(agent_of(r, name)));
        }
        call *k = get_call(r, key, klen, callid, queue, l->no);
        if (!k)
            return CCS_ERR;
        k->missed++;
        return CCS_OK;
    }
    case EV_COMPLETEAGENT:
    case EV_COMPLETECALLER:
        if (get_seconds(l, 5, &w) != 0 || get_seconds(l, 6, &b) != 0)
            return reject(r, l, "COMPLETEAGENT/COMPLETECALLER need holdtime and calltime in seconds", NULL);
        end = ev == EV_COMPLETEAGENT ? END_COMPLETEAGENT : END_COMPLETECALLER;
        has_wait = 1;
        break;
    case EV_BLINDTRANSFER:
    case EV_ATTENDEDTRANSFER:
    case EV_TRANSFER: {
        /* 1.4's TRANSFER: exten|context|holdtime|calltime; every later
         * layout ends with holdtime|calltime|origposition. */
        size_t hold = ev == EV_TRANSFER && l->nf == 9 ? 7 : l->nf - 3;
        if (get_seconds(l, hold, &w) != 0 || get_seconds(l, hold + 1, &b) != 0)
            return reject(r, l, "transfer event without holdtime and calltime in seconds", NULL);
        end = END_TRANSFER;
        has_wait = 1;
        break;
    }
    case EV_ABANDON:
        if (get_seconds(l, 7, &w) != 0)
            return reject(r, l, "ABANDON needs position, origposition and waittime in seconds", NULL);
        end = END_ABANDON;
        has_wait = 1;
        break;
    case EV_EXITWITHTIMEOUT:
    case EV_EXITEMPTY:
        if (l->nf >= 8 && l->f[7].len) {
            if (get_seconds(l, 7, &w) != 0)
                return reject(r, l, "bad waittime", NULL);
            has_wait = 1;
        }
        end = ev == EV_EXITEMPTY ? END_EMPTY : END_TIMEOUT;
        break;
    case EV_EXITWITHKEY:
        if (l->nf >= 9 && l->f[8].len) {
            if (get_seconds(l, 8, &w) != 0)
                return reject(r, l, "bad waittime in EXITWITHKEY", NULL);
            has_wait = 1;
        }
        end = END_KEY;
        break;
    }
    call *k = get_call(r, key, klen, callid, queue, l->no);
    if (!k)
        return CCS_ERR;
    if (k->end)
        return reject(r, l, "a second end event for this call (callid and queue)", NULL);
    k->end = end;
    k->end_at = l->epoch;
    k->end_wait = w;
    k->has_end_wait = has_wait;
    k->talk_s = b;
    if (end == END_TRANSFER)
        k->transfer_event = ev == EV_BLINDTRANSFER ? "BLINDTRANSFER"
                          : ev == EV_ATTENDEDTRANSFER ? "ATTENDEDTRANSFER" : "TRANSFER";
    if ((end == END_COMPLETEAGENT || end == END_COMPLETECALLER || end == END_TRANSFER) && !k->member)
        k->member = dupn(agent.ptr, agent.len);
    if (!k->enter_at)
        return CCS_OK; /* its ENTERQUEUE may come later; else counted at the end */
    remember_done(r, key, klen);
    call *done = smap_take(&r->calls, key, klen);
    int rc = finish_call(r, done);
    call_free(done);
    return rc;
}

static int agent_event(reader *r, const line_in *l, int ev)
{
    ccs_str agent = l->f[3], queue = l->f[2];
    if (agent.len == 0 || str_is(agent, "NONE"))
        return reject(r, l, "agent event without an agent", NULL);
    char name[256], key[512];
    if (agent.len >= sizeof name || agent.len + queue.len + 1 >= sizeof key)
        return reject(r, l, "agent or queue name too long", NULL);
    memcpy(name, agent.ptr, agent.len);
    name[agent.len] = '\0';
    memcpy(key, agent.ptr, agent.len);
    key[agent.len] = '\t';
    memcpy(key + agent.len + 1, queue.ptr, queue.len);
    size_t klen = agent.len + 1 + queue.len;
    ccs_str none = { "", 0 };
    switch (ev) {
    case EV_AGENTLOGIN:
        r->n.sessions++;
        return open_span(&r->logins, name, agent.len, l, NULL, none);
    case EV_AGENTLOGOFF: {
        double t = 0;
        int64_t start = l->nf > 6 && get_seconds(l, 6, &t) == 0 && t > 0 ? l->epoch - (int64_t)t : 0;
        return close_span(r, &r->logins, name, agent.len, name, l, CCS_ACT_LOGIN, start);
    }
    case EV_ADDMEMBER:
        if (queue.len == 0 || str_is(queue, "NONE"))
            return reject(r, l, "ADDMEMBER without a queue", NULL);
        r->n.memberships++;
        return open_span(&r->members, key, klen, l, "member", queue);
    case EV_REMOVEMEMBER:
        /* A member added before this file began: from the file's start. */
        if (!smap_get(&r->members, key, klen)) {
            char q[256], member[] = "member";
            snprintf(q, sizeof q, "%.*s", (int)queue.len, queue.ptr);
            span s = { r->first_epoch, l->no, member, q };
            r->n.unmatched_end++;
            return emit_activity(r, name, &s, l->epoch, CCS_ACT_LOGIN);
        }
        return close_span(r, &r->members, key, klen, name, l, CCS_ACT_LOGIN, 0);
    case EV_PAUSE:
    case EV_PAUSEALL: {
        char reason[128] = "";
        if (l->nf > 5)
            snprintf(reason, sizeof reason, "%.*s", (int)l->f[5].len, l->f[5].ptr);
        if (!smap_get(&r->pauses, name, agent.len))
            r->n.pauses++;
        return open_span(&r->pauses, name, agent.len, l, reason[0] ? reason : NULL,
                         ev == EV_PAUSE ? queue : none);
    }
    case EV_UNPAUSE:
    case EV_UNPAUSEALL:
        return close_span(r, &r->pauses, name, agent.len, name, l, CCS_ACT_PAUSE, 0);
    }
    return CCS_OK;
}

static int handle_line(reader *r, line_in *l)
{
    int ev = event_of(l->f[4]);
    r->n.events++;
    if (ev == EV_UNKNOWN) {
        if (l->last_unterminated)
            return reject(r, l, "unknown event ", "(cut short)");
        r->n.unknown++;
        count_name(&r->unknown, l->f[4]);
        return CCS_OK;
    }
    if (l->nf < min_fields(ev)) {
        char what[96];
        snprintf(what, sizeof what, "%.*s has %zu data fields, needs at least %zu", (int)l->f[4].len,
                 l->f[4].ptr, l->nf - 5, min_fields(ev) - 5);
        return reject(r, l, "missing fields: ", what);
    }
    if (l->epoch < r->first_epoch || !r->first_epoch)
        r->first_epoch = l->epoch;
    if (l->epoch > r->last_epoch)
        r->last_epoch = l->epoch;
    if (ev == EV_IGNORED) {
        r->n.ignored++;
        return CCS_OK;
    }
    if (ev >= EV_AGENTLOGIN)
        return agent_event(r, l, ev);
    return call_event(r, l, ev);
}

/* Split a line into fields and check the fixed ones. */
static int parse_line(reader *r, line_in *l, const char *p, size_t n)
{
    l->nf = 0;
    const char *end = p + n;
    for (;;) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        if (l->nf == MAX_FIELDS) /* the rest in the last field */
            break;
        l->f[l->nf].ptr = p;
        l->f[l->nf++].len = bar ? (size_t)(bar - p) : (size_t)(end - p);
        if (!bar)
            break;
        p = bar + 1;
    }
    if (l->nf < 5)
        return reject(r, l, "expected epoch|callid|queue|agent|EVENT|data...", NULL);
    int64_t e;
    if (!all_digits(l->f[0].ptr, l->f[0].len) || l->f[0].len > 12 || parse_int64(l->f[0], &e) != 0 ||
        e <= 0) {
        char what[64];
        snprintf(what, sizeof what, "'%.*s'", (int)(l->f[0].len > 20 ? 20 : l->f[0].len), l->f[0].ptr);
        return reject(r, l, "bad epoch (expected seconds since 1970): ", what);
    }
    l->epoch = e;
    if (!is_event_name(l->f[4].ptr, l->f[4].len))
        return reject(r, l, "bad event name in the fifth field", NULL);
    return handle_line(r, l);
}

/* ------------------------------------------------ the end of the file */

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (*buf && *len + (size_t)n < *cap) {
            *len += (size_t)n;
            return;
        }
        size_t cap2 = (*cap ? *cap * 2 : 1024) + (size_t)n;
        char *grown = realloc(*buf, cap2);
        if (!grown)
            return;
        *buf = grown;
        *cap = cap2;
    }
}

typedef struct name_count {
    const char *name;
    uint64_t n;
} name_count;

static int by_count(const void *a, const void *b)
{
    const name_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->name, y->name);
}

static name_count *sorted_counts(const smap *m, size_t *n)
{
    name_count *v = calloc(m->n ? m->n : 1, sizeof *v);
    *n = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < m->nb; i++)
        for (entry *e = m->b[i]; e; e = e->next)
            v[(*n)++] = (name_count){ e->key, *(uint64_t *)e->val };
    qsort(v, *n, sizeof *v, by_count);
    return v;
}

/* The accounting of this file as a report section: every call in exactly
 * one outcome, the incomplete ones included. */
static void add_accounting(reader *r)
{
    const counts *n = &r->n;
    char *t = NULL;
    size_t tl = 0, tc = 0;
    strbuf j = { 0 };
    append(&t, &tl, &tc,
           "  %s: %llu lines; %llu calls = %llu answered (%llu transferred) + %llu abandoned"
           " + %llu timed out + %llu left empty queue + %llu left with a key + %llu incomplete\n",
           r->path, (unsigned long long)n->lines, (unsigned long long)n->calls,
           (unsigned long long)n->answered, (unsigned long long)n->transferred,
           (unsigned long long)n->abandoned, (unsigned long long)n->timeout,
           (unsigned long long)n->empty, (unsigned long long)n->key,
           (unsigned long long)n->incomplete);
    if (n->no_enter)
        append(&t, &tl, &tc, "  %llu calls had no ENTERQUEUE in this file (entered before it began)\n",
               (unsigned long long)n->no_enter);
    if (n->skipped_exits)
        append(&t, &tl, &tc, "  %llu timed-out or exited calls not scored (exits_as = skip)\n",
               (unsigned long long)n->skipped_exits);
    append(&t, &tl, &tc, "  agent sessions %llu, queue memberships %llu, pauses %llu; missed offers (RINGNOANSWER) %llu\n",
           (unsigned long long)n->sessions, (unsigned long long)n->memberships,
           (unsigned long long)n->pauses, (unsigned long long)n->missed_offers);
    size_t nm, nu;
    name_count *missed = sorted_counts(&r->missed, &nm), *unknown = sorted_counts(&r->unknown, &nu);
    for (size_t i = 0; missed && i < nm && i < 10; i++)
        append(&t, &tl, &tc, "    %-24s %llu missed offers\n", missed[i].name, (unsigned long long)missed[i].n);
    if (n->unknown) {
        append(&t, &tl, &tc, "  %llu lines with events this reader does not know were skipped:",
               (unsigned long long)n->unknown);
        for (size_t i = 0; unknown && i < nu && i < 8; i++)
            append(&t, &tl, &tc, " %s (%llu)", unknown[i].name, (unsigned long long)unknown[i].n);
        append(&t, &tl, &tc, "\n");
    }
    strbuf_puts(&j, "{\"path\": ");
    json_escape(&j, r->path, strlen(r->path));
    strbuf_printf(&j,
           ", \"lines\": %llu, \"calls\": %llu, \"entered\": %llu, \"no_enterqueue\": %llu, "
           "\"answered\": %llu, \"transferred\": %llu, \"abandoned\": %llu, \"timeout\": %llu, "
           "\"exit_empty\": %llu, \"exit_key\": %llu, \"incomplete\": %llu, \"not_scored\": %llu, "
           "\"unknown_events\": %llu, \"late_lines\": %llu, \"sessions\": %llu, \"memberships\": %llu, \"pauses\": %llu, "
           "\"missed_offers\": {",
           (unsigned long long)n->lines, (unsigned long long)n->calls, (unsigned long long)n->entered,
           (unsigned long long)n->no_enter, (unsigned long long)n->answered,
           (unsigned long long)n->transferred, (unsigned long long)n->abandoned,
           (unsigned long long)n->timeout, (unsigned long long)n->empty, (unsigned long long)n->key,
           (unsigned long long)n->incomplete, (unsigned long long)n->skipped_exits,
           (unsigned long long)n->unknown, (unsigned long long)n->late, (unsigned long long)n->sessions,
           (unsigned long long)n->memberships, (unsigned long long)n->pauses);
    for (size_t i = 0; missed && i < nm; i++) {
        strbuf_puts(&j, i ? ", " : "");
        json_escape(&j, missed[i].name, strlen(missed[i].name));
        strbuf_printf(&j, ": %llu", (unsigned long long)missed[i].n);
    }
    strbuf_puts(&j, "}}");
    free(missed);
    free(unknown);
    char name[80], title[160];
    snprintf(name, sizeof name, "queue_log_%s", r->c->instance ? r->c->instance : "cli");
    for (char *p = name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            *p = '_';
    snprintf(title, sizeof title, "Asterisk queue_log accounting (%s)", r->c->instance ? r->c->instance : "");
    if (t && j.p && !j.oom) {
        ccs_section sec = { name, title, t, j.p };
        if (api->size >= offsetof(ccs_host_api, add_section) + sizeof api->add_section && api->add_section)
            api->add_section(r->host, &sec);
    }
    free(t);
    free(j.p);
}

static int end_of_file(reader *r)
{
    /* Calls still open: an end with no ENTERQUEUE is a whole call that began
     * before the file; anything else is incomplete. */
    uint64_t first_line = 0;
    const char *first_id = NULL;
    char first_buf[128] = "";
    for (size_t i = 0; i < r->calls.nb && !r->stop; i++) {
        for (entry *e = r->calls.b[i]; e; e = e->next) {
            call *k = e->val;
            if (k->end) {
                if (finish_call(r, k) != CCS_OK)
                    return CCS_ERR;
                continue;
            }
            r->n.calls++;
            r->n.incomplete++;
            if (k->enter_at)
                r->n.entered++;
            else
                r->n.no_enter++;
            if (!first_id || k->first_line < first_line) {
                first_line = k->first_line;
                snprintf(first_buf, sizeof first_buf, "%s", k->callid);
                first_id = first_buf;
            }
        }
    }
    if (r->n.incomplete)
        api->log(r->host, CCS_LOG_WARNING,
                 "%s: %llu call%s still in progress at the end of the file (incomplete: counted, not "
                 "scored; the first at line %llu, callid %s)",
                 r->path, (unsigned long long)r->n.incomplete, r->n.incomplete == 1 ? "" : "s",
                 (unsigned long long)first_line, first_id ? first_id : "?");
    /* Open sessions and pauses run to the last time in the file. */
    smap *open[3] = { &r->logins, &r->members, &r->pauses };
    for (int m = 0; m < 3 && !r->stop; m++)
        for (size_t i = 0; i < open[m]->nb; i++)
            for (entry *e = open[m]->b[i]; e; e = e->next) {
                span *s = e->val;
                char agent[256];
                snprintf(agent, sizeof agent, "%s", e->key);
                char *tab = strchr(agent, '\t');
                if (tab)
                    *tab = '\0';
                int kind = m == 2 ? pause_kind(r->c, s->reason) : CCS_ACT_LOGIN;
                r->n.open_at_end++;
                if (emit_activity(r, agent, s, r->last_epoch, kind) != CCS_OK)
                    return CCS_ERR;
            }
    if (r->n.unknown)
        api->log(r->host, CCS_LOG_INFO, "%s: %llu lines with unknown events skipped", r->path,
                 (unsigned long long)r->n.unknown);
    add_accounting(r);
    return CCS_OK;
}

static void reader_free(reader *r)
{
    smap_free(&r->calls, call_free);
    smap_free(&r->logins, span_free);
    smap_free(&r->members, span_free);
    smap_free(&r->pauses, span_free);
    smap_free(&r->missed, free);
    smap_free(&r->unknown, free);
    smap_free(&r->done, NULL);
    for (size_t i = 0; i < DONE_KEPT; i++)
        free(r->done_ring[i]);
}

static int ql_read(void *inst, ccs_source_ctx *ctx, const char *path)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.c = inst ? inst : &defaults_inst;
    r.ctx = ctx;
    r.host = api->source_host(ctx);
    r.path = path;
    r.want_contacts = api->source_stream(ctx) != CCS_REC_ACTIVITY;
    FILE *f = fopen(path, "rb");
    if (!f) {
        api->log(r.host, CCS_LOG_ERROR, "%s: cannot open: %s", path, strerror(errno));
        return CCS_ERR;
    }
    static const char *const names[4] = { "callid", "queue", "member", "event" };
    ccs_str cols[4];
    for (int i = 0; i < 4; i++)
        cols[i] = S(names[i]);
    if (r.want_contacts)
        api->set_columns(ctx, cols, 4);
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    uint64_t bytes = 0;
    int status = CCS_OK;
    line_in l;
    memset(&l, 0, sizeof l);
    while (!r.stop && (got = getline(&buf, &cap, f)) > 0) {
        size_t n = (size_t)got;
        bytes += n;
        l.no = ++r.n.lines;
        l.last_unterminated = buf[n - 1] != '\n';
        if (!l.last_unterminated)
            n--;
        if (n && buf[n - 1] == '\r')
            n--;
        if ((r.n.lines & 0xffff) == 0)
            api->progress(ctx, bytes, r.n.lines);
        if (n == 0)
            continue;
        if (memchr(buf, '\0', n)) {
            reject(&r, &l, "NUL byte in the line", NULL);
            continue;
        }
        /* CCS_ERR: on_bad_row = fail, the engine refused a record, or no
         * memory; the engine reports the first two itself. */
        if (parse_line(&r, &l, buf, n) != CCS_OK)
            r.stop = 1;
    }
    if (ferror(f)) {
        api->log(r.host, CCS_LOG_ERROR, "%s: read error: %s", path, strerror(errno));
        status = CCS_ERR;
    }
    fclose(f);
    free(buf);
    api->progress(ctx, bytes, r.n.lines);
    if (status == CCS_OK && !r.stop)
        end_of_file(&r);
    reader_free(&r);
    return status;
}

/* ------------------------------------------------ configuration */

static const ccs_key ql_keys[] = {
    { "agent_map", CCS_KEY_STRING, NULL,
      "member name -> agent id, as 'SIP/8007=A007, PJSIP/alice=A012' (default: the member name is the id)", NULL, NOLIMIT },
    { "agent_map_file", CCS_KEY_PATH, NULL,
      "a file of 'member,agent_id' lines, for tables too long for one line", NULL, NOLIMIT },
    { "wrapup_reasons", CCS_KEY_STRING, "wrapup|wrap-up|acw|after call work", "pause reasons meaning wrap-up, separated by |", NULL, NOLIMIT },
    { "break_reasons", CCS_KEY_STRING, "break|comfort|rest", "pause reasons meaning a break, separated by |", NULL, NOLIMIT },
    { "lunch_reasons", CCS_KEY_STRING, "lunch|meal", "pause reasons meaning lunch, separated by |", NULL, NOLIMIT },
    { "training_reasons", CCS_KEY_STRING, "training|coaching|meeting", "pause reasons meaning training, separated by |", NULL, NOLIMIT },
    { "exits_as", CCS_KEY_ENUM, "abandoned",
      "EXITWITHTIMEOUT, EXITEMPTY and EXITWITHKEY calls: scored as abandoned, or skipped (still counted)",
      "abandoned|skip", NOLIMIT },
    { "acw_s", CCS_KEY_NUMBER, "0", "after-call work added to each answered call (the queue's wrapuptime), seconds", NULL, 0, 3600 },
    { "channel", CCS_KEY_STRING, "voice", "channel of the contacts", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void ql_destroy(void *inst)
{
    ql_inst *c = inst;
    if (!c)
        return;
    for (int k = 0; k < PAUSE_KINDS; k++)
        free(c->pause_reasons[k]);
    smap_free(&c->agents, free);
    free(c->channel);
    free(c->instance);
    free(c);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int map_add(ccs_host *host, ql_inst *c, char *member, char *id, const char *where)
{
    member = trim(member);
    id = trim(id);
    if (!*member || !*id) {
        api->log(host, CCS_LOG_ERROR, "%s: each entry needs a member name and an agent id", where);
        return CCS_ERR;
    }
    char *copy = strdup(id);
    if (!copy)
        return CCS_ERR;
    free(smap_take(&c->agents, member, strlen(member)));
    if (smap_put(&c->agents, member, strlen(member), copy) != 0) {
        free(copy);
        return CCS_ERR;
    }
    return CCS_OK;
}

static int load_map(ccs_host *host, ql_inst *c, const char *inline_map, const char *file)
{
    if (inline_map) {
        char *copy = strdup(inline_map), *save = NULL;
        if (!copy)
            return CCS_ERR;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char *eq = strrchr(tok, '=');
            if (!eq) {
                api->log(host, CCS_LOG_ERROR, "agent_map: '%s' is not member=agent_id", trim(tok));
                free(copy);
                return CCS_ERR;
            }
            *eq = '\0';
            if (map_add(host, c, tok, eq + 1, "agent_map") != CCS_OK) {
                free(copy);
                return CCS_ERR;
            }
        }
        free(copy);
    }
    if (file) {
        FILE *f = fopen(file, "r");
        if (!f) {
            api->log(host, CCS_LOG_ERROR, "agent_map_file %s: %s", file, strerror(errno));
            return CCS_ERR;
        }
        char line[1024];
        unsigned no = 0;
        while (fgets(line, sizeof line, f)) {
            no++;
            char *s = trim(line);
            if (!*s || *s == '#' || (no == 1 && strncmp(s, "member,", 7) == 0))
                continue;
            char *comma = strrchr(s, ',');
            char where[1100];
            snprintf(where, sizeof where, "%s:%u", file, no);
            if (!comma) {
                api->log(host, CCS_LOG_ERROR, "%s: expected member,agent_id", where);
                fclose(f);
                return CCS_ERR;
            }
            *comma = '\0';
            if (map_add(host, c, s, comma + 1, where) != CCS_OK) {
                fclose(f);
                return CCS_ERR;
            }
        }
        fclose(f);
    }
    return CCS_OK;
}

static int ql_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    ql_inst *c = calloc(1, sizeof *c);
    if (!c)
        return CCS_ERR;
    for (int k = 0; k < PAUSE_KINDS; k++)
        c->pause_reasons[k] = strdup(api->config_string(cfg, pause_keys[k]));
    c->exits_skip = api->config_enum(cfg, "exits_as") == 1;
    c->acw_s = api->config_number(cfg, "acw_s");
    c->channel = strdup(api->config_string(cfg, "channel"));
    c->instance = strdup(api->config_instance(cfg));
    if (load_map(host, c, api->config_has(cfg, "agent_map") ? api->config_string(cfg, "agent_map") : NULL,
                 api->config_has(cfg, "agent_map_file") ? api->config_string(cfg, "agent_map_file") : NULL) != CCS_OK) {
        ql_destroy(c);
        return CCS_ERR;
    }
    *inst = c;
    return CCS_OK;
}

static const ccs_source_ops ql_ops = { sizeof(ccs_source_ops), ql_probe, ql_read, NULL };

static const ccs_component ql_component = {
    sizeof(ccs_component), CCS_COMPONENT_SOURCE, "queue_log",
    "Asterisk queue_log (1.4 to current): contacts per call and queue, and activity "
    "(logins, queue membership, pauses by reason); calls still open at the end are counted as incomplete",
    ql_keys, ql_create, ql_destroy, &ql_ops,
};

static int ql_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &ql_component);
}

CCS_MODULE(queue_log, "1.0", "Asterisk queue_log source", ql_init, NULL)
