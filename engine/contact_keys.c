/* The cache of contact rows' ids (contact_keys.h).
 *
 * Its own small hash table rather than a strtab of the four strings joined:
 * joining copies them into a buffer that is then read back as words at once,
 * and those reads stall on the just-written bytes (store forwarding fails
 * when a load spans several smaller stores), which cost more than the four
 * interns it replaced.  Here the strings are hashed and compared where the
 * reader left them. */
#include <stdlib.h>
#include <string.h>

#include "contact_keys.h"
#include "idhash.h"
#include "pipeline.h"

enum { PARTS = 4 };

void contact_keys_init(contact_keys *k)
{
    memset(k, 0, sizeof *k);
}

void contact_keys_free(contact_keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->long_keys[i]);
    free(k->long_keys);
    free(k->combos);
    free(k->slots);
    memset(k, 0, sizeof *k);
}

_Static_assert(sizeof(contact_combo) == 64, "a combination fills one cache line");

/* A part folded to one word: its length and its bytes, eight at a time. */
static inline uint64_t part_word(ccs_str s)
{
    uint64_t w = (uint64_t)s.len << 56;
    const char *p = s.ptr;
    size_t len = s.len;
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        w = (w ^ x) * 0xff51afd7ed558ccdull;
    }
    return w ^ idhash_tail(p, len);
}

/* The four parts' words, each times its own odd constant (so that order
 * counts), summed and mixed once: the multiplications do not wait on each
 * other, as chaining four whole hashes did. */
static uint64_t parts_hash(const ccs_str *part)
{
    uint64_t h = part_word(part[0]) * 0x9E3779B97F4A7C15ull + part_word(part[1]) * 0xC2B2AE3D27D4EB4Full +
                 part_word(part[2]) * 0x165667B19E3779F9ull + part_word(part[3]) * 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}

/* Where combination x keeps its strings' bytes (after the four lengths):
 * in the entry when the key fits. */
static inline const char *key_bytes(const contact_keys *k, size_t x, size_t len)
{
    return (const char *)(len > CONTACT_KEY_BYTES ? k->long_keys[x] : k->combos[x].key) + PARTS;
}

/* The stored strings of combination x. */
static void key_parts(const contact_keys *k, size_t x, ccs_str *part)
{
    const unsigned char *lens = k->combos[x].key;
    size_t len = PARTS;
    for (int i = 0; i < PARTS; i++)
        len += lens[i];
    const char *b = key_bytes(k, x, len);
    for (int i = 0; i < PARTS; i++) {
        part[i] = (ccs_str){ b, lens[i] };
        b += lens[i];
    }
}

static int same_parts(const contact_keys *k, size_t x, const ccs_str *part)
{
    const unsigned char *lens = k->combos[x].key;
    size_t len = PARTS;
    for (int i = 0; i < PARTS; i++) { /* the lengths first: they sit in the entry */
        if (lens[i] != part[i].len)
            return 0;
        len += part[i].len;
    }
    const char *b = key_bytes(k, x, len);
    for (int i = 0; i < PARTS; i++) {
        if (!idbytes_equal(b, part[i].ptr, part[i].len))
            return 0;
        b += part[i].len;
    }
    return 1;
}

/* Room for one more combination; the array stays aligned to a cache line. */
static int grow_combos(contact_keys *k)
{
    if (k->n < k->cap)
        return 0;
    size_t cap = k->cap ? k->cap * 2 : 32;
    void *combos;
    if (posix_memalign(&combos, 64, cap * sizeof *k->combos) != 0)
        return -1;
    unsigned char **long_keys = realloc(k->long_keys, cap * sizeof *long_keys);
    if (!long_keys) {
        free(combos);
        return -1;
    }
    if (k->n)
        memcpy(combos, k->combos, k->n * sizeof *k->combos);
    free(k->combos);
    k->combos = combos;
    k->long_keys = long_keys;
    k->cap = cap;
    return 0;
}

static inline uint64_t slot_of(uint64_t h, size_t combo)
{
    return (h >> 32) << 32 | (uint64_t)(combo + 1);
}

static int grow_slots(contact_keys *k)
{
    size_t nslots = k->nslots ? k->nslots * 2 : 64;
    uint64_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < k->nslots; i++) {
        if (!k->slots[i])
            continue;
        /* the home slot comes from the hash's low bits, which the slot does
         * not keep: hashed again from the key (growing is rare) */
        ccs_str part[PARTS];
        key_parts(k, (uint32_t)k->slots[i] - 1, part);
        size_t j = (size_t)parts_hash(part) & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = k->slots[i];
    }
    free(k->slots);
    k->slots = slots;
    k->nslots = nslots;
    return 0;
}

/* The ids of c's strings, interned in the run. */
static void resolve(struct run_state *r, const ccs_contact *c, contact_ids *out)
{
    out->agent = run_agent_lookup(r, c->agent_id);
    out->team = run_intern(&r->teams, c->team);
    out->queue = run_intern(&r->queues, c->queue);
    out->channel = run_intern(&r->channels, c->channel);
    out->period_slot = NO_ID;
    out->cell = 0;
}

/* A new combination in slot `slot`: its key copied, its ids resolved. */
static contact_ids *add_combination(struct run_state *r, const ccs_contact *c, const ccs_str *part, uint64_t h,
                                    size_t slot)
{
    contact_keys *k = &r->contact_keys;
    if (grow_combos(k) != 0)
        return NULL;
    contact_combo *e = &k->combos[k->n];
    size_t len = PARTS;
    for (int i = 0; i < PARTS; i++)
        len += part[i].len;
    k->long_keys[k->n] = len > CONTACT_KEY_BYTES ? malloc(len) : NULL;
    if (len > CONTACT_KEY_BYTES && !k->long_keys[k->n])
        return NULL;
    unsigned char *key = k->long_keys[k->n] ? k->long_keys[k->n] : e->key, *b = key + PARTS;
    for (int i = 0; i < PARTS; i++) {
        e->key[i] = key[i] = (unsigned char)part[i].len; /* the lengths in the entry either way */
        if (part[i].len) /* an empty string may have no bytes at all (NULL) */
            memcpy(b, part[i].ptr, part[i].len);
        b += part[i].len;
    }
    resolve(r, c, &e->ids);
    k->slots[slot] = slot_of(h, k->n++);
    return &e->ids;
}

contact_ids *contact_keys_of(struct run_state *r, const ccs_contact *c, contact_ids *spare)
{
    const ccs_str part[PARTS] = { c->agent_id, c->team, c->queue, c->channel };
    contact_keys *k = &r->contact_keys;
    if (part[0].len > 255 || part[1].len > 255 || part[2].len > 255 || part[3].len > 255) {
        resolve(r, c, spare);
        return spare;
    }
    if ((k->n + 1) * 2 > k->nslots && grow_slots(k) != 0)
        return NULL;
    uint64_t h = parts_hash(part);
    size_t mask = k->nslots - 1, i = (size_t)h & mask;
    for (; k->slots[i]; i = (i + 1) & mask)
        if (k->slots[i] >> 32 == h >> 32) {
            size_t x = (uint32_t)k->slots[i] - 1;
            if (same_parts(k, x, part))
                return &k->combos[x].ids;
        }
    return add_combination(r, c, part, h, i);
}
