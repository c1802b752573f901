/* The run's cells: one accumulator block per agent x team x queue x
 * period x channel, found through an open-addressing hash table, and the
 * period slots the cells refer to (pipeline.h). */
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "vec.h"

int32_t run_period_slot(run_state *r, int32_t period_id)
{
    if (r->last_period_slot >= 0 && r->last_period_id == period_id)
        return r->last_period_slot;
    size_t i;
    for (i = 0; i < r->nperiods; i++)
        if (r->periods[i] == period_id)
            break;
    if (i == r->nperiods) {
        if (!VEC_GROW(r->periods, r->nperiods, r->capperiods))
            return -1;
        r->periods[r->nperiods++] = period_id;
    }
    r->last_period_id = period_id;
    r->last_period_slot = (int32_t)i;
    return (int32_t)i;
}

static uint32_t cell_hash(const cell_key *k)
{
    uint64_t h = (uint64_t)(uint32_t)k->agent * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)k->team * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)(uint32_t)k->queue * 0x165667B19E3779F9ull;
    h ^= (uint64_t)(uint32_t)k->period * 0xD6E8FEB86659FD93ull;
    h ^= (uint64_t)(uint32_t)k->channel * 0x94D049BB133111EBull;
    return (uint32_t)(h ^ (h >> 29));
}

static int cell_grow(run_state *r)
{
    size_t nslots = r->nslots ? r->nslots * 2 : 1024;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t c = 0; c < r->ncells; c++) {
        size_t i = cell_hash(&r->cells[c]) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)c + 1;
    }
    free(r->slots);
    r->slots = slots;
    r->nslots = nslots;
    return 0;
}

int64_t run_cell_index(run_state *r, const cell_key *key)
{
    cell_key k = *key;
    if ((r->ncells + 1) * 2 > r->nslots && cell_grow(r) != 0)
        return -1;
    size_t mask = r->nslots - 1;
    size_t i = cell_hash(&k) & mask;
    for (; r->slots[i]; i = (i + 1) & mask) {
        const cell_key *c = &r->cells[r->slots[i] - 1];
        if (c->agent == k.agent && c->team == k.team && c->queue == k.queue && c->period == k.period &&
            c->channel == k.channel)
            return (int64_t)r->slots[i] - 1;
    }
    if (r->ncells == r->capcells) {
        size_t cap = r->capcells ? r->capcells * 2 : 256;
        cell_key *cells = realloc(r->cells, cap * sizeof *cells);
        if (!cells)
            return -1;
        r->cells = cells;
        unsigned char *accs = realloc(r->accs, cap * (r->acc_bytes ? r->acc_bytes : 1));
        if (!accs)
            return -1;
        r->accs = accs;
        r->capcells = cap;
    }
    size_t c = r->ncells++;
    r->cells[c] = k;
    memset(r->accs + c * r->acc_bytes, 0, r->acc_bytes);
    r->slots[i] = (uint32_t)c + 1;
    return (int64_t)c;
}

unsigned char *run_cell(run_state *r, const cell_key *key)
{
    int64_t c = run_cell_index(r, key);
    return c < 0 ? NULL : r->accs + (size_t)c * r->acc_bytes;
}

