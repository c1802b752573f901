/* The per-agent activity store: each agent's roster flags and activity
 * spans, found by id through the string table (an agent's index is its id's). */
#include <stdlib.h>
#include <string.h>

#include "hs.h"
#include "vec.h"

agent *hs_agent(hs_inst *h, ccs_str id)
{
    if (id.len == 0)
        return NULL;
    int32_t i = strtab_find(&h->ids, id.ptr, id.len);
    if (i >= 0)
        return &h->agents[i];
    /* room first, so that an id is interned only with its agent */
    if (!VEC_GROW(h->agents, h->nagents, h->capagents) || (i = strtab_intern(&h->ids, id.ptr, id.len)) < 0)
        return NULL;
    agent *a = VEC_PUSH(h->agents, h->nagents, h->capagents);
    a->id = strtab_get(&h->ids, i);
    a->young = a->night = a->opt_out = -1;
    return a;
}

static void add_roster(hs_inst *h, const ccs_agent *r)
{
    agent *a = hs_agent(h, r->agent_id);
    if (!a)
        return;
    a->roster = 1;
    a->young = r->young_worker;
    a->night = r->night_worker;
    a->opt_out = r->opt_out_48h;
}

static void add_activity(hs_inst *h, ccs_host *host, const ccs_activity *r)
{
    if (r->end <= r->start)
        return; /* no time: nothing to judge */
    agent *a = hs_agent(h, r->agent_id);
    if (!a)
        return;
    span *s = VEC_PUSH(a->spans, a->n, a->cap);
    if (!s)
        return;
    s->s = r->start;
    s->e = r->end;
    s->kind = r->activity;
    s->day = r->local_day;
    s->file = r->hdr.file;
    s->line = r->hdr.line;
    int32_t end_day, minute;
    hs_api->local_time(host, r->end - 1, &end_day, &minute);
    if (!h->have_days || r->local_day < h->first_day)
        h->first_day = r->local_day;
    if (!h->have_days || end_day > h->last_day)
        h->last_day = end_day;
    h->have_days = 1;
}

void hs_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    hs_inst *h = inst;
    h->host = host;
    if (rec->kind == CCS_REC_AGENT)
        add_roster(h, (const ccs_agent *)rec);
    else if (rec->kind == CCS_REC_ACTIVITY)
        add_activity(h, host, (const ccs_activity *)rec);
}

static int agent_cmp(const void *x, const void *y)
{
    return strcmp(((const agent *)x)->id, ((const agent *)y)->id);
}

void hs_sort_agents(hs_inst *h)
{
    if (h->nagents) /* no activity file (data files named without -c): no agents, a NULL array */
        qsort(h->agents, h->nagents, sizeof *h->agents, agent_cmp);
}
