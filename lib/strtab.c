#include "strtab.h"

#include "idhash.h"

#include <stdlib.h>
#include <string.h>

/* strtab's 32 bits of the id hash. */
static inline uint32_t hash_bytes(const char *s, size_t len)
{
    return (uint32_t)idhash(s, len);
}

void strtab_init(strtab *t)
{
    memset(t, 0, sizeof *t);
}

void strtab_free(strtab *t)
{
    for (uint32_t i = 0; i < t->n; i++)
        free(t->strs[i]);
    free(t->strs);
    free(t->lens);
    free(t->slots);
    free(t->hashes);
    strtab_init(t);
}

static int32_t probe(const strtab *t, const char *s, size_t len, uint32_t h, uint32_t *slot)
{
    uint32_t mask = t->nslots - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = t->slots[i];
        if (v == 0) {
            *slot = i;
            return -1;
        }
        uint32_t idx = v - 1;
        if (t->hashes[idx] == h && t->lens[idx] == len && idbytes_equal(t->strs[idx], s, len))
            return (int32_t)idx;
    }
}

static int grow_slots(strtab *t)
{
    uint32_t nslots = t->nslots ? t->nslots * 2 : 64;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t idx = 0; idx < t->n; idx++) {
        uint32_t i = t->hashes[idx] & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = idx + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 0;
}

int32_t strtab_find(const strtab *t, const char *s, size_t len)
{
    if (!t->nslots)
        return -1;
    uint32_t slot;
    return probe(t, s, len, hash_bytes(s, len), &slot);
}

int32_t strtab_intern(strtab *t, const char *s, size_t len)
{
    if ((t->n + 1) * 2 > t->nslots && grow_slots(t) != 0)
        return -1;
    uint32_t h = hash_bytes(s, len), slot;
    int32_t found = probe(t, s, len, h, &slot);
    if (found >= 0)
        return found;
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 16;
        char **strs = realloc(t->strs, cap * sizeof *strs);
        if (!strs)
            return -1;
        t->strs = strs;
        uint32_t *lens = realloc(t->lens, cap * sizeof *lens);
        if (!lens)
            return -1;
        t->lens = lens;
        uint32_t *hashes = realloc(t->hashes, cap * sizeof *hashes);
        if (!hashes)
            return -1;
        t->hashes = hashes;
        t->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    uint32_t idx = t->n++;
    t->strs[idx] = copy;
    t->lens[idx] = (uint32_t)len;
    t->hashes[idx] = h;
    t->slots[slot] = idx + 1;
    return (int32_t)idx;
}
