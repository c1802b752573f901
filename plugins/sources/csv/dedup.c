/* csv: duplicate contact ids.
 *
 * A contact id that appears among the W valid contact rows before it (W =
 * duplicate_window) is rejected ("duplicate contact id ... first on line N",
 * N the earliest of those rows with the id).  Every valid row counts as an
 * occurrence, a rejected duplicate too, so whether a row is a duplicate
 * depends only on the W valid rows before it: a thread's share preloads the
 * W rows after its start and the share before it reads on through them
 * (read.c), which gives every row the decision of a one-thread read (issue
 * 20).  Memory must not grow with the rows: a ring of the last W rows and a
 * hash table of the ids in it, both allocated once (56 bytes an id: 448 KiB
 * for the default 8192, small enough to stay in the CPU's cache; a much
 * larger window makes the read slower through cache misses).  Ids are kept
 * as 64-bit hashes, so a false alarm needs a 64-bit collision within the
 * window (about W / 2^64 per row).
 *
 * Why not lib/strtab (THE hash map for interned ids): a strtab keeps a copy
 * of every string it is given and cannot forget one, so it would grow with
 * the rows and allocate on each; the window must forget the oldest row on
 * each new one. */
#include <stdlib.h>
#include <string.h>

#include "csvsrc.h"

#define NONE UINT32_MAX

int cs_dup_init(dup_window *w, size_t window)
{
    memset(w, 0, sizeof *w);
    if (window < 1)
        return 0;
    if (window >= NONE)
        return -1;
    w->size = window;
    w->cap = 4;
    while (w->cap < 2 * window)
        w->cap *= 2;
    w->ring = calloc(window, sizeof *w->ring);
    w->table = calloc(w->cap, sizeof *w->table);
    if (!w->ring || !w->table) {
        cs_dup_free(w);
        memset(w, 0, sizeof *w);
        return -1;
    }
    return 0;
}

void cs_dup_free(dup_window *w)
{
    free(w->ring);
    free(w->table);
}

static uint64_t id_hash(ccs_str s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then a final mix */
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.ptr[i]) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

/* The slot of hash h, or the empty slot where it would go (linear probing). */
static size_t dup_find(const dup_window *w, uint64_t h)
{
    size_t i = (size_t)h & (w->cap - 1);
    while (w->table[i].hash != h && w->table[i].hash != 0)
        i = (i + 1) & (w->cap - 1);
    return i;
}

/* Empty slot i and move later slots of its probe run back into the gap, so
 * that every id stays reachable without tombstones. */
static void dup_remove(dup_window *w, size_t i)
{
    size_t mask = w->cap - 1;
    for (size_t j = (i + 1) & mask; w->table[j].hash; j = (j + 1) & mask) {
        size_t home = (size_t)w->table[j].hash & mask;
        /* j may move to i when its home is not in the cyclic range (i, j]. */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            w->table[i] = w->table[j];
            i = j;
        }
    }
    w->table[i].hash = 0;
}

/* Forget the oldest row of a full ring (slot w->next). */
static void dup_evict(dup_window *w)
{
    dup_row *old = &w->ring[w->next];
    size_t i = dup_find(w, old->hash);
    if (old->later != NONE)
        w->table[i].first = old->later; /* the id's next occurrence is now its earliest */
    else
        dup_remove(w, i);
}

uint64_t cs_dup_check(dup_window *w, ccs_str id, uint64_t line)
{
    if (!w->ring)
        return 0;
    uint64_t h = id_hash(id);
    size_t i = dup_find(w, h);
    uint64_t first = w->table[i].hash ? w->ring[w->table[i].first].line : 0;
    if (w->used == w->size) {
        dup_evict(w); /* the oldest row leaves the window: the table may move */
        i = dup_find(w, h);
    } else {
        w->used++;
    }
    uint32_t at = (uint32_t)w->next;
    w->next = w->next + 1 == w->size ? 0 : w->next + 1;
    w->ring[at] = (dup_row){ h, line, NONE };
    if (!w->table[i].hash) {
        w->table[i] = (dup_slot){ h, at, at };
    } else {
        w->ring[w->table[i].last].later = at;
        w->table[i].last = at;
    }
    return first;
}
