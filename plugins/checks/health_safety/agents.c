/* The per-agent activity store: each agent's roster flags and activity
 * spans, found by id through a hash of agent indexes. */
#include <stdlib.h>
#include <string.h>

#include "hs.h"

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

static void add_roster(hs_inst *h, const ccs_agent *r)
{
    agent *a = find_agent(h, r->agent_id);
    if (!a)
        return;
    a->young = r->young_worker;
    a->night = r->night_worker;
    a->opt_out = r->opt_out_48h;
}

static void add_activity(hs_inst *h, ccs_host *host, const ccs_activity *r)
{
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
    qsort(h->agents, h->nagents, sizeof *h->agents, agent_cmp);
    free(h->slots);
    h->slots = NULL;
    h->nslots = 0;
}
