/* queue_log: exact repeats of a line (a log appended to itself, overlapping
 * rotated files concatenated).  Every non-empty line's 64-bit hash is kept
 * with its line number in an open-addressed table (16 bytes a line, the
 * table at most half full: 32 bytes a line of the file), so a line seen
 * before is recognised wherever it was; a false match needs a 64-bit
 * collision (about n^2 / 2^65 for n lines: 3e-6 for ten million).  Lines
 * with the same text from the same second cannot be two events, so a repeat
 * is ignored, counted and reported, never scored twice. */
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"

static uint64_t line_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then a final mix */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h ? h : 1; /* 0 marks an empty slot */
}

static int grow(line_seen *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    line_slot *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->t[i].h)
            continue;
        size_t j = (size_t)s->t[i].h & (cap - 1);
        while (t[j].h)
            j = (j + 1) & (cap - 1);
        t[j] = s->t[i];
    }
    free(s->t);
    s->t = t;
    s->cap = cap;
    return 0;
}

/* 1 when the line was seen before (*first: the line it repeats), 0 when it
 * is new (and now remembered), -1 when out of memory. */
int ql_seen(line_seen *s, const char *p, size_t n, uint64_t line, uint64_t *first)
{
    if ((s->n + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    uint64_t h = line_hash(p, n);
    size_t j = (size_t)h & (s->cap - 1);
    while (s->t[j].h) {
        if (s->t[j].h == h) {
            *first = s->t[j].line;
            return 1;
        }
        j = (j + 1) & (s->cap - 1);
    }
    s->t[j].h = h;
    s->t[j].line = line;
    s->n++;
    return 0;
}

void ql_seen_free(line_seen *s)
{
    free(s->t);
    memset(s, 0, sizeof *s);
}
