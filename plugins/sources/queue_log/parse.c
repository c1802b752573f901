/* queue_log: recognising the format, splitting a line into fields, checking
 * the fixed ones and handing each event to calls.c or members.c. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "queue_log.h"

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
uint32_t ql_probe(const void *inst, const char *head, size_t len)
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

int ql_reject(reader *r, const line_in *l, const char *fmt, const char *what)
{
    int rc = l->last_unterminated
                 ? ql_api->reject(r->ctx, l->no, "truncated last line (no end of line; was the log being written?): %s%s",
                               fmt, what ? what : "")
                 : ql_api->reject(r->ctx, l->no, "%s%s", fmt, what ? what : "");
    if (rc != CCS_OK)
        r->stop = 1;
    return rc;
}

int ql_get_seconds(const line_in *l, size_t i, double *out)
{
    int64_t v;
    if (i >= l->nf || parse_int64(l->f[i], &v) != 0 || v < 0 || (double)v > QL_MAX_DURATION_S)
        return -1;
    *out = (double)v;
    return 0;
}

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
    /* A call that met a closed, full or empty queue (Asterisk's FULL,
     * JOINEMPTY, JOINUNAVAIL; Wazo's CLOSED and diversions): offered, not
     * answered. */
    { "FULL", EV_REFUSED }, { "JOINEMPTY", EV_REFUSED }, { "JOINUNAVAIL", EV_REFUSED },
    { "CLOSED", EV_REFUSED }, { "DIVERT_CA_RATIO", EV_REFUSED }, { "DIVERT_HOLDTIME", EV_REFUSED },
    { "WRAPUPSTART", EV_WRAPUPSTART },
    /* Known, and nothing to build from them. */
    { "QUEUESTART", EV_IGNORED }, { "CONFIGRELOAD", EV_IGNORED }, { "INFO", EV_IGNORED },
    { "DID", EV_IGNORED }, { "RINGCANCELED", EV_IGNORED }, { "SYSCOMPAT", EV_IGNORED },
    { "AGENTDUMP", EV_IGNORED }, { "PENALTY", EV_IGNORED }, { "QUEUESTOP", EV_IGNORED },
};

int ql_event_of(ccs_str s)
{
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (ql_str_is(s, events[i].name))
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
    case EV_WRAPUPSTART: return 6;       /* the wrap-up time in seconds */
    default: return 5;
    }
}

static int handle_line(reader *r, line_in *l)
{
    int ev = ql_event_of(l->f[4]);
    r->n.events++;
    if (ev == EV_UNKNOWN) {
        if (l->last_unterminated)
            return ql_reject(r, l, "unknown event ", "(cut short)");
        r->n.unknown++;
        ql_count_name(&r->unknown, l->f[4]);
        return CCS_OK;
    }
    if (l->nf < min_fields(ev)) {
        char what[96];
        snprintf(what, sizeof what, "%.*s has %zu data fields, needs at least %zu", (int)l->f[4].len,
                 l->f[4].ptr, l->nf - 5, min_fields(ev) - 5);
        return ql_reject(r, l, "missing fields: ", what);
    }
    if (l->epoch < r->first_epoch || !r->first_epoch)
        r->first_epoch = l->epoch;
    if (l->epoch > r->last_epoch)
        r->last_epoch = l->epoch;
    if (l->epoch < r->max_epoch) { /* matched by callid, or sorted (agentq.c) */
        if (!r->n.out_of_order++)
            r->ooo_line = l->no;
    } else {
        r->max_epoch = l->epoch;
    }
    if (ev == EV_IGNORED) {
        r->n.ignored++;
        return CCS_OK;
    }
    if (ev >= EV_AGENTLOGIN)
        return ql_defer_agent_line(r, l, ev);
    return ql_call_event(r, l, ev);
}

/* Split a line into fields (the rest in the last one past QL_MAX_FIELDS);
 * the number of fields. */
int ql_split(line_in *l, const char *p, size_t n)
{
    l->nf = 0;
    l->text = p;
    l->len = n;
    const char *end = p + n;
    for (;;) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        if (l->nf == QL_MAX_FIELDS) /* the rest in the last field */
            break;
        l->f[l->nf].ptr = p;
        l->f[l->nf++].len = bar ? (size_t)(bar - p) : (size_t)(end - p);
        if (!bar)
            break;
        p = bar + 1;
    }
    return (int)l->nf;
}

/* Split a line into fields and check the fixed ones. */
int ql_parse_line(reader *r, line_in *l, const char *p, size_t n)
{
    if (ql_split(l, p, n) < 5)
        return ql_reject(r, l, "expected epoch|callid|queue|agent|EVENT|data...", NULL);
    int64_t e;
    if (!all_digits(l->f[0].ptr, l->f[0].len) || l->f[0].len > 12 || parse_int64(l->f[0], &e) != 0 ||
        e <= 0) {
        char what[64];
        snprintf(what, sizeof what, "'%.*s'", (int)(l->f[0].len > 20 ? 20 : l->f[0].len), l->f[0].ptr);
        return ql_reject(r, l, "bad epoch (expected seconds since 1970): ", what);
    }
    l->epoch = e;
    if (!is_event_name(l->f[4].ptr, l->f[4].len))
        return ql_reject(r, l, "bad event name in the fifth field", NULL);
    return handle_line(r, l);
}
