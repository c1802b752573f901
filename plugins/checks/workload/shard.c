/* workload on every thread (ABI 1.4): a thread's shard is an instance with
 * the same settings and tables of its own (queues, agents, cells, activity
 * spans).  The merge, on the main thread and in file order, interns the
 * shard's queues and agents in the shard's order and adds its cells and
 * spans in the shard's order, so the instance ends as one pass leaves it:
 * the same ids in the same order of first appearance, the same cells in the
 * same order (home_queue() breaks ties by it), the same span array for
 * wl_spread_activity() to sort.  Counts add exactly; the sums of seconds
 * add as kpi_core's means do (exact for whole seconds). */
#include <stdlib.h>

#include "vec.h"
#include "workload.h"

void *wl_shard_new(void *inst)
{
    const wl_inst *w = inst;
    wl_inst *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    /* the settings only: every one is a number */
    s->interval_min = w->interval_min;
    s->target = w->target;
    s->threshold = w->threshold;
    s->short_s = w->short_s;
    s->max_occ = w->max_occ;
    s->shrinkage = w->shrinkage;
    s->variant = w->variant;
    s->max_bottlenecks = w->max_bottlenecks;
    s->show_intervals = w->show_intervals;
    return s;
}

void wl_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec)
{
    (void)inst;
    wl_add(shard, host, rec);
}

/* The instance's index of each of the shard's strings, interned in the
 * shard's order; NULL when out of memory. */
static int32_t *remap_ids(strtab *into, const strtab *from)
{
    int32_t *map = malloc(((size_t)from->n + 1) * sizeof *map);
    for (uint32_t i = 0; map && i < from->n; i++)
        if ((map[i] = strtab_intern(into, from->strs[i], from->lens[i])) < 0) {
            free(map);
            return NULL;
        }
    return map;
}

static int merge_cell(wl_inst *w, const cell *c, const int32_t *queues, const int32_t *agents)
{
    cell *m = wl_cell(w, queues[c->queue], c->day, c->slot);
    if (!m)
        return -1;
    m->offered += c->offered;
    m->answered += c->answered;
    m->abandoned += c->abandoned;
    m->short_ab += c->short_ab;
    m->exits += c->exits;
    m->ans_in += c->ans_in;
    m->ab_in += c->ab_in;
    m->ab_after += c->ab_after;
    m->wait_ans += c->wait_ans;
    m->handle += c->handle;
    if (!m->nagents && c->nagents) { /* a new cell (most are: shares cover different hours) */
        if (vec_reserve((void **)&m->agents, &m->capagents, c->nagents, sizeof *m->agents) != 0)
            return -1;
        for (size_t i = 0; i < c->nagents; i++) /* distinct in the shard, so in the instance */
            m->agents[i] = agents[c->agents[i]];
        m->nagents = c->nagents;
        return 0;
    }
    for (size_t i = 0; i < c->nagents; i++)
        if (wl_cell_add_agent(m, agents[c->agents[i]]) != 0)
            return -1;
    return 0;
}

/* The shard's spans after the instance's, their ids the instance's. */
static int merge_spans(wl_inst *w, wl_inst *s, const int32_t *queues, const int32_t *agents)
{
    for (size_t i = 0; i < s->nspans; i++) {
        s->spans[i].agent = agents[s->spans[i].agent];
        s->spans[i].queue = s->spans[i].queue >= 0 ? queues[s->spans[i].queue] : -1;
    }
    return vec_append((void **)&w->spans, &w->nspans, &w->capspans, (void **)&s->spans, &s->nspans, &s->capspans,
                      sizeof *w->spans);
}

int wl_shard_merge(void *inst, void *shard, ccs_host *host)
{
    wl_inst *w = inst, *s = shard;
    /* -vv: how the file was shared out (tests/parallel.sh counts these) */
    wl_api->log(host, CCS_LOG_DEBUG, "merged a thread's share: %zu cells, %zu spans", s->ncells, s->nspans);
    int32_t *queues = remap_ids(&w->queues, &s->queues), *agents = remap_ids(&w->agents, &s->agents);
    int rc = queues && agents ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < s->ncells; i++)
        rc = merge_cell(w, &s->cells[i], queues, agents);
    if (rc == 0)
        rc = merge_spans(w, s, queues, agents);
    free(queues);
    free(agents);
    if (rc != 0) {
        wl_api->log(host, CCS_LOG_ERROR, "out of memory while merging a thread's intervals");
        return CCS_ERR;
    }
    return CCS_OK;
}

void wl_shard_free(void *inst, void *shard)
{
    (void)inst;
    wl_destroy(shard);
}
