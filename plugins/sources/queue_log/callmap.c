/* queue_log: the map of calls in progress and of calls recently finished
 * (see queue_log.h for why this is not lib's strtab). */
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"

typedef smap_entry entry;

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static entry **smap_slot(const smap *m, const char *k, size_t n, uint64_t h)
{
    entry **e = &m->b[h & (m->nb - 1)];
    while (*e && !((*e)->hash == h && (*e)->klen == n && memcmp((*e)->key, k, n) == 0))
        e = &(*e)->next;
    return e;
}

void *smap_get(const smap *m, const char *k, size_t n)
{
    if (!m->nb)
        return NULL;
    entry *e = *smap_slot(m, k, n, hash_bytes(k, n));
    return e ? e->val : NULL;
}

/* Whether the key is there (its value may be NULL). */
int smap_has(const smap *m, const char *k, size_t n)
{
    return m->nb && *smap_slot(m, k, n, hash_bytes(k, n)) != NULL;
}

/* Insert (the key must not be there); returns 0 or -1. */
int smap_put(smap *m, const char *k, size_t n, void *val)
{
    if (m->n + 1 > m->nb) {
        size_t nb = m->nb ? m->nb * 2 : 64;
        entry **b = calloc(nb, sizeof *b);
        if (!b)
            return -1;
        for (size_t i = 0; i < m->nb; i++)
            for (entry *e = m->b[i], *next; e; e = next) {
                next = e->next;
                e->next = b[e->hash & (nb - 1)];
                b[e->hash & (nb - 1)] = e;
            }
        free(m->b);
        m->b = b;
        m->nb = nb;
    }
    entry *e = malloc(sizeof *e);
    if (!e || !(e->key = malloc(n + 1))) {
        free(e);
        return -1;
    }
    memcpy(e->key, k, n);
    e->key[n] = '\0';
    e->klen = n;
    e->hash = hash_bytes(k, n);
    e->val = val;
    entry **slot = &m->b[e->hash & (m->nb - 1)];
    e->next = *slot;
    *slot = e;
    m->n++;
    return 0;
}

/* Remove and return the value (NULL when absent). */
void *smap_take(smap *m, const char *k, size_t n)
{
    if (!m->nb)
        return NULL;
    entry **slot = smap_slot(m, k, n, hash_bytes(k, n));
    entry *e = *slot;
    if (!e)
        return NULL;
    *slot = e->next;
    void *val = e->val;
    free(e->key);
    free(e);
    m->n--;
    return val;
}

void smap_free(smap *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->nb; i++)
        for (entry *e = m->b[i], *next; e; e = next) {
            next = e->next;
            if (free_val)
                free_val(e->val);
            free(e->key);
            free(e);
        }
    free(m->b);
    memset(m, 0, sizeof *m);
}
