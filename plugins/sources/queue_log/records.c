/* queue_log: contact and activity records out, and the policy's mappings
 * they use (member name to agent id, pause reason to activity). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "queue_log.h"

static const char *const end_names[] = { "", "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER",
                                         "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY",
                                         "EXITWITHKEY", "FULL" };
static const int pause_activity[PAUSE_KINDS] = { CCS_ACT_WRAPUP, CCS_ACT_BREAK, CCS_ACT_LUNCH,
                                                 CCS_ACT_TRAINING };

char *ql_dupn(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

ccs_str ql_S(const char *s)
{
    ccs_str r = { s ? s : "", s ? strlen(s) : 0 };
    return r;
}

int ql_str_is(ccs_str s, const char *z)
{
    size_t n = strlen(z);
    return s.len == n && memcmp(s.ptr, z, n) == 0;
}

int ql_is_none(ccs_str s)
{
    return s.len == 0 || ql_str_is(s, "NONE");
}

/* The agent id of a member name: the policy's table, else the name itself. */
const char *ql_agent_of(const reader *r, const char *member)
{
    int32_t i = strtab_find(&r->c->members, member, strlen(member));
    return i >= 0 ? r->c->ids[i] : member;
}

int ql_emit_contact(reader *r, const call *k)
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
    const char *event = k->end_event ? k->end_event : end_names[k->end];
    if (rec.wait_s > QL_MAX_DURATION_S) /* from timestamps: the same limit as the fields' (and CSV's) */
        return ql_api->reject(r->ctx, k->first_line,
                              "implausible wait (over %.0f s: %.0f s from ENTERQUEUE to %s) for callid %s",
                              QL_MAX_DURATION_S, rec.wait_s, event, k->callid);
    if (k->enter_at)
        rec.started_at = k->enter_at;
    else
        rec.started_at = k->end_at - (int64_t)(rec.wait_s + rec.talk_s);
    ql_api->local_time(r->host, rec.started_at, &rec.local_day, &rec.local_minute);
    rec.contact_id = ql_S(k->callid);
    const char *agent = answered && k->member ? ql_agent_of(r, k->member) : NULL;
    rec.agent_id = ql_S(agent);
    rec.queue = ql_S(k->queue);
    rec.channel = ql_S(c->channel);
    rec.customer_id = ql_S(k->callerid);
    rec.resolved = -1;
    rec.nps = -1;
    ccs_str fields[4] = { ql_S(k->callid), ql_S(k->queue), ql_S(k->member), ql_S(event) };
    rec.hdr.kind = CCS_REC_CONTACT;
    rec.hdr.size = sizeof rec;
    rec.hdr.file = r->path;
    rec.hdr.line = k->first_line;
    rec.hdr.fields = fields;
    rec.hdr.nfields = 4;
    rec.hdr.stream = CCS_REC_CONTACT;
    return ql_api->emit(r->ctx, &rec.hdr);
}

int ql_emit_activity(reader *r, const char *agent, const span *s, int64_t end, int kind)
{
    ccs_activity rec;
    memset(&rec, 0, sizeof rec);
    rec.agent_id = ql_S(ql_agent_of(r, agent));
    rec.queue = ql_S(s->queue);
    rec.reason = ql_S(s->reason);
    rec.activity = kind;
    rec.start = s->start;
    rec.end = end < s->start ? s->start : end;
    ql_api->local_time(r->host, rec.start, &rec.local_day, &rec.local_minute);
    rec.hdr.kind = CCS_REC_ACTIVITY;
    rec.hdr.size = sizeof rec;
    rec.hdr.file = r->path;
    rec.hdr.line = s->line;
    rec.hdr.stream = CCS_REC_ACTIVITY;
    return ql_api->emit(r->ctx, &rec.hdr);
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

int ql_pause_kind(const ql_inst *c, const char *reason)
{
    for (int k = 0; k < PAUSE_KINDS; k++)
        if (reason && word_in(reason, c->pause_reasons[k]))
            return pause_activity[k];
    return CCS_ACT_PAUSE;
}
