/* csv: duplicate contact ids.
 *
 * A contact id seen again is rejected ("duplicate contact id ... first on
 * line N").  Memory must not grow with the rows, so the check remembers a
 * window of recent ids, not all of them: two generations of up to W/2 ids
 * each (W = duplicate_window); when the newer one fills, the older one is
 * dropped.  An id is therefore remembered for at least the next W/2 rows and
 * at most W: re-sent rows and repeated export pages are caught, a duplicate
 * further apart than that is not.  Ids are kept as 64-bit hashes (16 bytes
 * a slot with the line number, two tables of W slots: 256 KiB for the default
 * 8192, small enough to stay in the CPU's cache: a 65536-id window made the
 * whole read 40% slower through cache misses), so a false alarm needs a
 * 64-bit collision within the window (about W / 2^64 per row).  Each read
 * (each thread's share of a split file) has its own window.
 *
 * Why not lib/strtab (THE hash map for interned ids): a strtab keeps a copy
 * of every string it is given and cannot forget one, so it would grow with
 * the rows and allocate on each, and the window must evict the older
 * generation in one memset.  These two fixed tables of hashes stay bounded
 * and cache-resident on the hot path. */
#include <stdlib.h>
#include <string.h>

#include "csvsrc.h"

int cs_dup_init(dup_window *w, size_t window)
{
    memset(w, 0, sizeof *w);
    if (window < 2)
        return 0;
    w->per_gen = window / 2;
    w->cap = 4;
    while (w->cap < 2 * w->per_gen)
        w->cap *= 2;
    w->gen[0] = calloc(w->cap, sizeof(dup_slot));
    w->gen[1] = calloc(w->cap, sizeof(dup_slot));
    if (!w->gen[0] || !w->gen[1]) {
        free(w->gen[0]);
        free(w->gen[1]);
        memset(w, 0, sizeof *w);
        return -1;
    }
    return 0;
}

void cs_dup_free(dup_window *w)
{
    free(w->gen[0]);
    free(w->gen[1]);
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

static dup_slot *dup_find(dup_slot *t, size_t cap, uint64_t h)
{
    for (size_t i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1))
        if (t[i].hash == h || t[i].hash == 0)
            return &t[i];
}

uint64_t cs_dup_check(dup_window *w, ccs_str id, uint64_t line)
{
    if (!w->gen[0])
        return 0;
    uint64_t h = id_hash(id);
    dup_slot *s = dup_find(w->gen[0], w->cap, h);
    if (s->hash)
        return s->line;
    dup_slot *old = dup_find(w->gen[1], w->cap, h);
    if (old->hash)
        return old->line;
    if (w->used == w->per_gen) {
        dup_slot *t = w->gen[1];
        memset(t, 0, w->cap * sizeof *t);
        w->gen[1] = w->gen[0];
        w->gen[0] = t;
        w->used = 0;
        s = dup_find(w->gen[0], w->cap, h);
    }
    s->hash = h;
    s->line = line;
    w->used++;
    return 0;
}

