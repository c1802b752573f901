/* queue_log: the call state machine.  A call (callid and queue) opens with
 * ENTERQUEUE or with whichever of its lines comes first, gathers CONNECT and
 * RINGNOANSWER, and is handed on when both its ENTERQUEUE and its end are
 * known (or at the end of the file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"

void call_free(void *v)
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

static void remember_done(reader *r, const char *key, size_t klen)
{
    if (smap_has(&r->done, key, klen))
        return;
    char *old = r->done_ring[r->done_next];
    if (old) {
        smap_take(&r->done, old, strlen(old));
        free(old);
    }
    char *copy = ql_dupn(key, klen);
    if (copy && smap_put(&r->done, key, klen, NULL) == 0)
        r->done_ring[r->done_next] = copy;
    else {
        free(copy);
        r->done_ring[r->done_next] = NULL;
    }
    r->done_next = (r->done_next + 1) % QL_DONE_KEPT;
}

/* A call ended: count it and hand it on (when its ENTERQUEUE is known, or at
 * the end of the file). */
int ql_finish_call(reader *r, call *k)
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
    case END_REFUSED: n->refused++; break;
    }
    if (!emit)
        n->skipped_exits++;
    if (emit && r->want_contacts && ql_emit_contact(r, k) != CCS_OK)
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
    k->callid = ql_dupn(callid.ptr, callid.len);
    k->queue = ql_dupn(queue.ptr, queue.len);
    k->first_line = line;
    if (!k->callid || !k->queue || smap_put(&r->calls, key, klen, k) != 0) {
        call_free(k);
        return NULL;
    }
    return k;
}

/* Take the finished call out of the map, remember it, hand it on. */
static int hand_on(reader *r, const char *key, size_t klen)
{
    remember_done(r, key, klen);
    call *done = smap_take(&r->calls, key, klen);
    int rc = ql_finish_call(r, done);
    call_free(done);
    return rc;
}

static void count_missed(reader *r, ccs_str agent)
{
    if (ql_is_none(agent))
        return; /* counted, against no agent */
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)agent.len, agent.ptr);
    ql_count_name(&r->missed, ql_S(ql_agent_of(r, name)));
}

/* A line of a call already finished (lines written late): counted, and a
 * missed offer still counts against the agent.  1 when it was one. */
static int late_line(reader *r, const char *key, size_t klen, int ev, ccs_str agent)
{
    if (ev == EV_ENTERQUEUE || smap_get(&r->calls, key, klen) || !smap_has(&r->done, key, klen))
        return 0;
    r->n.late++;
    if (ev == EV_RINGNOANSWER) {
        r->n.missed_offers++;
        count_missed(r, agent);
    }
    return 1;
}

static int on_enterqueue(reader *r, const line_in *l, const char *key, size_t klen)
{
    call *k = smap_get(&r->calls, key, klen);
    if (k && (k->enter_at || (k->end && l->epoch > k->end_at))) {
        /* The same call entering again: the old one never ended. */
        if (k->enter_at && !k->end) {
            if (!r->inc_line || k->first_line < r->inc_line) {
                r->inc_line = k->first_line;
                snprintf(r->inc_id, sizeof r->inc_id, "%s", k->callid);
            }
            r->n.calls++;
            r->n.entered++;
            r->n.incomplete++;
        } else if (k->end) {
            if (ql_finish_call(r, k) != CCS_OK)
                return CCS_ERR;
        }
        call_free(smap_take(&r->calls, key, klen));
        k = NULL;
    }
    k = k ? k : get_call(r, key, klen, l->f[1], l->f[2], l->no);
    if (!k)
        return CCS_ERR;
    k->enter_at = l->epoch;
    if (l->no < k->first_line)
        k->first_line = l->no;
    if (!k->callerid && l->nf > 6 && l->f[6].len)
        k->callerid = ql_dupn(l->f[6].ptr, l->f[6].len);
    if (k->end) /* its end came first (lines out of order) */
        return hand_on(r, key, klen);
    return CCS_OK;
}

static int on_connect(reader *r, const line_in *l, const char *key, size_t klen)
{
    double wait = 0, ring = 0;
    if (ql_get_seconds(l, 5, &wait) != 0)
        return ql_reject(r, l, "CONNECT needs the holdtime in seconds as its first data field", NULL);
    if (l->nf > 7 && l->f[7].len && ql_get_seconds(l, 7, &ring) != 0)
        return ql_reject(r, l, "bad ringtime in CONNECT", NULL);
    call *k = get_call(r, key, klen, l->f[1], l->f[2], l->no);
    if (!k)
        return CCS_ERR;
    k->connected = 1;
    k->connect_wait = wait;
    k->ring_s = ring;
    free(k->member);
    k->member = ql_is_none(l->f[3]) ? NULL : ql_dupn(l->f[3].ptr, l->f[3].len);
    return CCS_OK;
}

static int on_ringnoanswer(reader *r, const line_in *l, const char *key, size_t klen)
{
    r->n.missed_offers++;
    count_missed(r, l->f[3]);
    call *k = get_call(r, key, klen, l->f[1], l->f[2], l->no);
    if (!k)
        return CCS_ERR;
    k->missed++;
    return CCS_OK;
}

/* What an end event says: how the call ended, the wait and the talk time. */
typedef struct call_end {
    int end;                   /* enum end_kind */
    double wait, talk;
    int has_wait;
} call_end;

/* The optional waittime of an exit at field i; 0 when it is there and bad. */
static int exit_wait(const line_in *l, size_t i, call_end *e)
{
    if (l->nf >= i + 1 && l->f[i].len) {
        if (ql_get_seconds(l, i, &e->wait) != 0)
            return 0;
        e->has_wait = 1;
    }
    return 1;
}

/* Read an end event's fields into *e; CCS_OK, or the rejection's result
 * with e->end left END_NONE. */
static int end_fields(reader *r, const line_in *l, int ev, call_end *e)
{
    memset(e, 0, sizeof *e);
    switch (ev) {
    case EV_COMPLETEAGENT:
    case EV_COMPLETECALLER:
        if (ql_get_seconds(l, 5, &e->wait) != 0 || ql_get_seconds(l, 6, &e->talk) != 0)
            return ql_reject(r, l, "COMPLETEAGENT/COMPLETECALLER need holdtime and calltime in seconds", NULL);
        e->end = ev == EV_COMPLETEAGENT ? END_COMPLETEAGENT : END_COMPLETECALLER;
        e->has_wait = 1;
        return CCS_OK;
    case EV_BLINDTRANSFER:
    case EV_ATTENDEDTRANSFER:
    case EV_TRANSFER: {
        /* 1.4's TRANSFER: exten|context|holdtime|calltime; every later
         * layout ends with holdtime|calltime|origposition. */
        size_t hold = ev == EV_TRANSFER && l->nf == 9 ? 7 : l->nf - 3;
        if (ql_get_seconds(l, hold, &e->wait) != 0 || ql_get_seconds(l, hold + 1, &e->talk) != 0)
            return ql_reject(r, l, "transfer event without holdtime and calltime in seconds", NULL);
        e->end = END_TRANSFER;
        e->has_wait = 1;
        return CCS_OK;
    }
    case EV_ABANDON:
        if (ql_get_seconds(l, 7, &e->wait) != 0)
            return ql_reject(r, l, "ABANDON needs position, origposition and waittime in seconds", NULL);
        e->end = END_ABANDON;
        e->has_wait = 1;
        return CCS_OK;
    case EV_EXITWITHTIMEOUT:
    case EV_EXITEMPTY:
        if (!exit_wait(l, 7, e))
            return ql_reject(r, l, "bad waittime", NULL);
        e->end = ev == EV_EXITEMPTY ? END_EMPTY : END_TIMEOUT;
        return CCS_OK;
    case EV_EXITWITHKEY:
        if (!exit_wait(l, 8, e))
            return ql_reject(r, l, "bad waittime in EXITWITHKEY", NULL);
        e->end = END_KEY;
        return CCS_OK;
    case EV_REFUSED:
        e->end = END_REFUSED;
        return CCS_OK;
    }
    return CCS_OK;
}

/* The name of a refusal event, as a string that outlives the line. */
static const char *refused_name(ccs_str ev)
{
    static const char *const names[] = { "FULL", "JOINEMPTY", "JOINUNAVAIL", "CLOSED",
                                         "DIVERT_CA_RATIO", "DIVERT_HOLDTIME" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (ql_str_is(ev, names[i]))
            return names[i];
    return "FULL";
}

static int is_answered(int end)
{
    return end == END_COMPLETEAGENT || end == END_COMPLETECALLER || end == END_TRANSFER;
}

static int on_end(reader *r, const line_in *l, const char *key, size_t klen, int ev)
{
    call_end e;
    int rc = end_fields(r, l, ev, &e);
    if (rc != CCS_OK || e.end == END_NONE)
        return rc;
    call *k = get_call(r, key, klen, l->f[1], l->f[2], l->no);
    if (!k)
        return CCS_ERR;
    if (k->end)
        return ql_reject(r, l, "a second end event for this call (callid and queue)", NULL);
    k->end = e.end;
    k->end_at = l->epoch;
    k->end_wait = e.wait;
    k->has_end_wait = e.has_wait;
    k->talk_s = e.talk;
    if (e.end == END_TRANSFER)
        k->end_event = ev == EV_BLINDTRANSFER ? "BLINDTRANSFER"
                     : ev == EV_ATTENDEDTRANSFER ? "ATTENDEDTRANSFER" : "TRANSFER";
    if (e.end == END_REFUSED) {
        k->end_event = refused_name(l->f[4]);
        if (!k->enter_at) /* no ENTERQUEUE follows: it met the queue here */
            k->enter_at = l->epoch;
    }
    if (is_answered(e.end) && !k->member && !ql_is_none(l->f[3]))
        k->member = ql_dupn(l->f[3].ptr, l->f[3].len);
    if (!k->enter_at)
        return CCS_OK; /* its ENTERQUEUE may come later; else counted at the end */
    return hand_on(r, key, klen);
}

int ql_call_event(reader *r, const line_in *l, int ev)
{
    ccs_str callid = l->f[1], queue = l->f[2];
    if (callid.len == 0 || ql_str_is(callid, "NONE"))
        return ql_reject(r, l, "call event without a callid", NULL);
    if (queue.len == 0 || ql_str_is(queue, "NONE"))
        return ql_reject(r, l, "call event without a queue", NULL);
    char key[512];
    if (callid.len + queue.len + 1 >= sizeof key)
        return ql_reject(r, l, "callid and queue are too long", NULL);
    memcpy(key, callid.ptr, callid.len);
    key[callid.len] = '\t';
    memcpy(key + callid.len + 1, queue.ptr, queue.len);
    size_t klen = callid.len + 1 + queue.len;
    if (late_line(r, key, klen, ev, l->f[3]))
        return CCS_OK;
    switch (ev) {
    case EV_ENTERQUEUE: return on_enterqueue(r, l, key, klen);
    case EV_CONNECT: return on_connect(r, l, key, klen);
    case EV_RINGNOANSWER: return on_ringnoanswer(r, l, key, klen);
    default: return on_end(r, l, key, klen, ev);
    }
}
