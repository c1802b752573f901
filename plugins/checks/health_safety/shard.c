/* health_safety on every thread (ABI 1.4).  The rules need each agent's
 * spans in time order across the whole file, so a thread's shard only
 * collects: its agents (roster flags, spans) and the days the activity
 * touches.  The merge, on the main thread and in file order, appends each
 * shard agent's spans to the instance's agent of that id, with the lines of
 * the file (a shard numbers its share's lines from 1: the host gives the
 * share's first line), so the instance holds what one pass would have, span
 * for span and in the same order; hs_finish() then sorts each agent's spans
 * in time order (ties by line) and judges them, as after one pass.
 *
 * Memory: one span (40 bytes) per activity row with time, as on one thread;
 * a shard's spans move into the instance at the merge (the first shard's
 * arrays are taken whole, later ones copied and freed with their shard). */
#include <stdlib.h>

#include "hs.h"
#include "vec.h"

void *hs_shard_new(void *inst)
{
    const hs_inst *h = inst;
    hs_inst *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->lim = h->lim; /* the settings; owner is borrowed, never freed through the shard */
    strtab_init(&s->ids);
    return s;
}

void hs_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec)
{
    (void)inst;
    hs_add(shard, host, rec);
}

/* One shard agent into the instance's agent of its id: roster flags when
 * the shard read its roster row (a later row wins, as in one pass), then
 * its spans after those of earlier shares.  -1 when out of memory. */
static int merge_agent(hs_inst *h, ccs_str id, agent *from, uint64_t line_offset)
{
    agent *a = hs_agent(h, id);
    if (!a)
        return -1;
    if (from->roster) {
        a->roster = 1;
        a->young = from->young;
        a->night = from->night;
        a->opt_out = from->opt_out;
    }
    for (size_t i = 0; i < from->n; i++)
        from->spans[i].line += line_offset;
    return vec_append((void **)&a->spans, &a->n, &a->cap, (void **)&from->spans, &from->n, &from->cap,
                      sizeof *a->spans);
}

int hs_shard_merge(void *inst, void *shard, ccs_host *host)
{
    hs_inst *h = inst, *s = shard;
    uint64_t first = CCS_HAS_FIELD(hs_api, ccs_host_api, shard_first_line) && hs_api->shard_first_line
                         ? hs_api->shard_first_line(host)
                         : 1;
    size_t spans = 0;
    for (size_t i = 0; i < s->nagents; i++)
        spans += s->agents[i].n;
    /* -vv: how the file was shared out (tests/parallel.sh counts these) */
    hs_api->log(host, CCS_LOG_DEBUG, "merged a thread's share from line %llu: %zu agents, %zu spans",
                (unsigned long long)first, s->nagents, spans);
    for (size_t i = 0; i < s->nagents; i++)
        if (merge_agent(h, (ccs_str){ s->ids.strs[i], s->ids.lens[i] }, &s->agents[i], first ? first - 1 : 0) != 0) {
            hs_api->log(host, CCS_LOG_ERROR, "out of memory while merging a thread's activity");
            return CCS_ERR;
        }
    if (s->have_days) {
        if (!h->have_days || s->first_day < h->first_day)
            h->first_day = s->first_day;
        if (!h->have_days || s->last_day > h->last_day)
            h->last_day = s->last_day;
        h->have_days = 1;
    }
    return CCS_OK;
}

void hs_shard_free(void *inst, void *shard)
{
    (void)inst;
    hs_inst *s = shard;
    for (size_t i = 0; i < s->nagents; i++)
        free(s->agents[i].spans);
    free(s->agents);
    strtab_free(&s->ids);
    tally_free(&s->tally);
    free(s);
}
