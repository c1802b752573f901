/* queue_log: agents' sessions (AGENTLOGIN/AGENTLOGOFF), queue memberships
 * (ADDMEMBER/REMOVEMEMBER) and pauses (PAUSE/UNPAUSE, PAUSEALL/UNPAUSEALL),
 * each a span from its opening line to its closing one, handed on as an
 * activity record when it closes or at the end of the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"
#include "vec.h"

void span_free(void *v)
{
    span *s = v;
    if (!s)
        return;
    free(s->reason);
    free(s->queue);
    free(s);
}

/* ------------------------------------------------ spans open per key */

static span *spans_get(const span_set *m, const char *key, size_t klen)
{
    int32_t i = strtab_find(&m->keys, key, klen);
    return i >= 0 ? m->open[i] : NULL;
}

static int spans_put(span_set *m, const char *key, size_t klen, span *s)
{
    int32_t i = strtab_find(&m->keys, key, klen);
    if (i < 0) {
        /* Room first, so that a key is interned only with its slot. */
        if (!VEC_GROW(m->open, m->n, m->cap) || strtab_intern(&m->keys, key, klen) != (int32_t)m->n)
            return -1;
        i = (int32_t)m->n;
        VEC_PUSH(m->open, m->n, m->cap);
    }
    m->open[i] = s;
    return 0;
}

static span *spans_take(span_set *m, const char *key, size_t klen)
{
    int32_t i = strtab_find(&m->keys, key, klen);
    if (i < 0)
        return NULL;
    span *s = m->open[i];
    m->open[i] = NULL;
    return s;
}

void spans_free(span_set *m)
{
    for (size_t i = 0; i < m->n; i++)
        span_free(m->open[i]);
    free(m->open);
    strtab_free(&m->keys);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------ opening and closing */

/* Open a span (login, membership, pause) unless one is open. */
static int open_span(span_set *m, const char *key, size_t klen, const line_in *l, const char *reason,
                     ccs_str queue)
{
    if (spans_get(m, key, klen))
        return CCS_OK; /* already open: PAUSE repeated per queue, a second login */
    span *s = calloc(1, sizeof *s);
    if (!s)
        return CCS_ERR;
    s->start = l->epoch;
    s->line = l->no;
    s->reason = reason ? strdup(reason) : NULL;
    s->queue = queue.len && !ql_str_is(queue, "NONE") ? ql_dupn(queue.ptr, queue.len) : NULL;
    if (spans_put(m, key, klen, s) != 0) {
        span_free(s);
        return CCS_ERR;
    }
    return CCS_OK;
}

static int close_span(reader *r, span_set *m, const char *key, size_t klen, const char *agent,
                      const line_in *l, int kind, int64_t known_start)
{
    span *s = spans_take(m, key, klen);
    span fallback = { 0, l->no, NULL, NULL };
    if (!s) {
        if (known_start <= 0) {
            r->n.unmatched_end++;
            return CCS_OK;
        }
        fallback.start = known_start;
        s = &fallback;
    }
    int rc = ql_emit_activity(r, agent, s, l->epoch, kind == CCS_ACT_PAUSE ? ql_pause_kind(r->c, s->reason) : kind);
    if (s != &fallback)
        span_free(s);
    return rc;
}

/* ------------------------------------------------ events */

/* The agent's name and the key agent \t queue of a line. */
typedef struct agent_keys {
    char name[256], key[512];
    size_t nlen, klen;
} agent_keys;

static int on_logoff(reader *r, const line_in *l, const agent_keys *a)
{
    double t = 0;
    int64_t start = l->nf > 6 && ql_get_seconds(l, 6, &t) == 0 && t > 0 ? l->epoch - (int64_t)t : 0;
    return close_span(r, &r->logins, a->name, a->nlen, a->name, l, CCS_ACT_LOGIN, start);
}

static int on_removemember(reader *r, const line_in *l, const agent_keys *a)
{
    ccs_str queue = l->f[2];
    if (spans_get(&r->members, a->key, a->klen))
        return close_span(r, &r->members, a->key, a->klen, a->name, l, CCS_ACT_LOGIN, 0);
    /* A member added before this file began: from the file's start. */
    char q[256], member[] = "member";
    snprintf(q, sizeof q, "%.*s", (int)queue.len, queue.ptr);
    span s = { r->first_epoch, l->no, member, q };
    r->n.unmatched_end++;
    return ql_emit_activity(r, a->name, &s, l->epoch, CCS_ACT_LOGIN);
}

static int on_pause(reader *r, const line_in *l, const agent_keys *a, int ev)
{
    ccs_str none = { "", 0 };
    char reason[128] = "";
    if (l->nf > 5)
        snprintf(reason, sizeof reason, "%.*s", (int)l->f[5].len, l->f[5].ptr);
    if (!spans_get(&r->pauses, a->name, a->nlen))
        r->n.pauses++;
    return open_span(&r->pauses, a->name, a->nlen, l, reason[0] ? reason : NULL, ev == EV_PAUSE ? l->f[2] : none);
}

/* Wazo's WRAPUPSTART: the agent in wrap-up for the given seconds. */
static int on_wrapup(reader *r, const line_in *l, const agent_keys *a)
{
    double secs;
    if (ql_get_seconds(l, 5, &secs) != 0)
        return ql_reject(r, l, "WRAPUPSTART needs the wrap-up time in seconds as its first data field", NULL);
    char q[256] = "", reason[] = "wrapup";
    if (!ql_is_none(l->f[2]))
        snprintf(q, sizeof q, "%.*s", (int)l->f[2].len, l->f[2].ptr);
    span s = { l->epoch, l->no, reason, q[0] ? q : NULL };
    r->n.wrapups++;
    return ql_emit_activity(r, a->name, &s, l->epoch + (int64_t)secs, CCS_ACT_WRAPUP);
}

int ql_agent_event(reader *r, const line_in *l, int ev)
{
    ccs_str agent = l->f[3], queue = l->f[2], none = { "", 0 };
    if (ql_is_none(agent))
        return ql_reject(r, l, "agent event without an agent", NULL);
    agent_keys a;
    if (agent.len >= sizeof a.name || agent.len + queue.len + 1 >= sizeof a.key)
        return ql_reject(r, l, "agent or queue name too long", NULL);
    memcpy(a.name, agent.ptr, agent.len);
    a.name[agent.len] = '\0';
    a.nlen = agent.len;
    memcpy(a.key, agent.ptr, agent.len);
    a.key[agent.len] = '\t';
    memcpy(a.key + agent.len + 1, queue.ptr, queue.len);
    a.klen = agent.len + 1 + queue.len;
    switch (ev) {
    case EV_AGENTLOGIN:
        r->n.sessions++;
        return open_span(&r->logins, a.name, a.nlen, l, NULL, none);
    case EV_AGENTLOGOFF:
        return on_logoff(r, l, &a);
    case EV_ADDMEMBER:
        if (queue.len == 0 || ql_str_is(queue, "NONE"))
            return ql_reject(r, l, "ADDMEMBER without a queue", NULL);
        r->n.memberships++;
        return open_span(&r->members, a.key, a.klen, l, "member", queue);
    case EV_REMOVEMEMBER:
        return on_removemember(r, l, &a);
    case EV_PAUSE:
    case EV_PAUSEALL:
        return on_pause(r, l, &a, ev);
    case EV_UNPAUSE:
    case EV_UNPAUSEALL:
        return close_span(r, &r->pauses, a.name, a.nlen, a.name, l, CCS_ACT_PAUSE, 0);
    case EV_WRAPUPSTART:
        return on_wrapup(r, l, &a);
    }
    return CCS_OK;
}

/* Sessions, memberships and pauses still open run to the last time in the
 * file. */
int ql_close_open_spans(reader *r)
{
    span_set *open[3] = { &r->logins, &r->members, &r->pauses };
    for (int m = 0; m < 3 && !r->stop; m++)
        for (size_t i = 0; i < open[m]->n; i++) {
            const span *s = open[m]->open[i];
            if (!s)
                continue;
            char agent[256];
            snprintf(agent, sizeof agent, "%s", strtab_get(&open[m]->keys, (int32_t)i));
            char *tab = strchr(agent, '\t');
            if (tab)
                *tab = '\0';
            int kind = m == 2 ? ql_pause_kind(r->c, s->reason) : CCS_ACT_LOGIN;
            r->n.open_at_end++;
            if (ql_emit_activity(r, agent, s, r->last_epoch, kind) != CCS_OK)
                return CCS_ERR;
        }
    return CCS_OK;
}
