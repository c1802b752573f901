/* csv: duplicate contact ids.
 *
 * A contact id that appears among the W valid contact rows before it (W =
 * duplicate_window) is rejected ("duplicate contact id ... first on line N",
 * N the earliest of those rows with the id).  Every valid row counts as an
 * occurrence, a rejected duplicate too, so whether a row is a duplicate
 * depends only on the W valid rows before it: a thread's share preloads the
 * W rows after its start and the share before it reads on through them
 * (read.c), which gives every row the decision of a one-thread read (issue
 * 20).  Ids are kept as 64-bit hashes, so a false alarm needs a 64-bit
 * collision within the window (about W / 2^64 per row).
 *
 * This runs on every contact row, so nothing is ever deleted from a hash
 * table (deleting in open addressing was most of its cost: a walk with
 * unpredictable branches).  Rows are counted in epochs of W.  `now` holds
 * the ids seen in this epoch, `before` those last seen in the epoch before;
 * at an epoch's end `before` is emptied in one pass and the two swap, so an
 * id last seen two epochs ago (more than W rows back) is forgotten without
 * being looked for.  A row looks its id up in both: one probe each.
 *
 * The ring keeps the last 2W rows with, for each, the ring slot of its id's
 * next occurrence and of the earliest occurrence known when it came, so the
 * earliest occurrence still in the window is found by stepping forward from
 * the one known.  Each row that finds its id moves `first` up to the window,
 * so the steps are paid once per occurrence, and `first` is never more than
 * 2W rows back when the id is seen again within W rows: its ring slot is
 * still its own.  A table slot is a tag byte and the ring slot of the id's
 * latest row (the row holds its hash and `first`), so the tables stay small
 * (80 KiB each for the default 8192) and in the cache while the file streams
 * through it: a new id, the common case, reads two tag bytes and writes five
 * bytes and a ring row.  Memory is fixed at the start: 24 bytes a ring row
 * (two rows an id) and 5 a table slot (four an id), 544 KiB for the default
 * 8192.
 *
 * Why not lib/strtab (THE hash map for interned ids): a strtab keeps a copy
 * of every string it is given and cannot forget one, so it would grow with
 * the rows and allocate on each; the window must forget old rows. */
#include <stdlib.h>
#include <string.h>

#include "csvsrc.h"
#include "idhash.h"

#define NONE UINT32_MAX

int cs_dup_init(dup_window *w, size_t window)
{
    memset(w, 0, sizeof *w);
    if (window < 1)
        return 0;
    if (window >= NONE / 4)
        return -1;
    w->size = window;
    w->cap = 4;
    while (w->cap < 2 * window)
        w->cap *= 2;
    w->ring = calloc(2 * window, sizeof *w->ring);
    w->now.tags = calloc(w->cap, 1);
    w->before.tags = calloc(w->cap, 1);
    w->now.latest = malloc(w->cap * sizeof *w->now.latest);
    w->before.latest = malloc(w->cap * sizeof *w->before.latest);
    if (!w->ring || !w->now.tags || !w->before.tags || !w->now.latest || !w->before.latest) {
        cs_dup_free(w);
        memset(w, 0, sizeof *w);
        return -1;
    }
    return 0;
}

void cs_dup_free(dup_window *w)
{
    free(w->ring);
    free(w->now.tags);
    free(w->now.latest);
    free(w->before.tags);
    free(w->before.latest);
}

/* The byte kept for hash h: never 0, and from bits the home slot does not use. */
static inline unsigned char tag_of(uint64_t h)
{
    return (unsigned char)(h | 0x80);
}

/* The slot of hash h in table t, or the empty slot where it would go. */
static inline size_t dup_find(const dup_window *w, const dup_table *t, uint64_t h)
{
    size_t mask = w->cap - 1, i = (size_t)(h >> 32) & mask;
    for (unsigned char tag = tag_of(h); t->tags[i]; i = (i + 1) & mask)
        if (t->tags[i] == tag && w->ring[t->latest[i]].hash == h)
            break;
    return i;
}

/* How many rows before the current one the row in ring slot `slot` came
 * (1: the row just before); valid for the last 2W rows. */
static inline uint64_t rows_back(const dup_window *w, uint32_t slot)
{
    return w->next > slot ? w->next - slot : w->next + 2 * w->size - slot;
}

uint64_t cs_dup_check(dup_window *w, ccs_str id, uint64_t line)
{
    if (!w->ring)
        return 0;
    uint64_t h = idhash(id.ptr, id.len), found = 0;
    uint32_t at = (uint32_t)w->next, first = at, latest = NONE;
    size_t i = dup_find(w, &w->now, h);
    if (w->now.tags[i]) {
        latest = w->now.latest[i];
    } else {
        size_t j = dup_find(w, &w->before, h);
        /* Seen in the epoch before: still in the window when its latest
         * row was no more than W rows back. */
        if (w->before.tags[j] && rows_back(w, w->before.latest[j]) <= w->size)
            latest = w->before.latest[j];
    }
    if (latest != NONE) {
        first = w->ring[latest].first;
        while (rows_back(w, first) > w->size)
            first = w->ring[first].later; /* out of the window: step on */
        found = w->ring[first].line;
        w->ring[latest].later = at;
    }
    w->now.tags[i] = tag_of(h);
    w->now.latest[i] = at;
    w->ring[at] = (dup_row){ h, line, NONE, first };
    w->next = w->next + 1 == 2 * w->size ? 0 : w->next + 1;
    if (++w->epoch_rows == w->size) { /* the epoch ends */
        w->epoch_rows = 0;
        dup_table t = w->before;
        memset(t.tags, 0, w->cap);
        w->before = w->now;
        w->now = t;
    }
    return found;
}
