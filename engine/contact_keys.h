/* A contact row's ids (agent, team, queue, channel) and its last cell,
 * cached by the row's own strings: a centre has few such combinations, and
 * one lookup of the four strings together is cheaper, per row, than
 * interning each and hashing the cell's key again. */
#ifndef CCS_CONTACT_KEYS_H
#define CCS_CONTACT_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"

typedef struct contact_ids {
    int32_t agent, team, queue, channel; /* as run_state interns them; NO_ID when empty */
    int32_t period_slot;       /* the period of the last cell found for them */
    uint32_t cell;             /* that cell's index + 1; 0: none yet */
} contact_ids;

/* One combination of strings in one 64-byte cache line: the key (the four
 * lengths, then the strings when they fit) and the ids, so that a lookup
 * reads one slot and one line. */
#define CONTACT_KEY_BYTES 40
typedef struct contact_combo {
    unsigned char key[CONTACT_KEY_BYTES];
    contact_ids ids;
} contact_combo;

typedef struct contact_keys {
    contact_combo *combos;     /* aligned to 64 bytes */
    unsigned char **long_keys; /* per combination: its key when longer than CONTACT_KEY_BYTES, else NULL */
    size_t n, cap;
    uint64_t *slots;           /* open addressing: hash's high half << 32 | combination + 1; 0 = empty */
    size_t nslots;             /* a power of two, at least twice n */
} contact_keys;

void contact_keys_init(contact_keys *k);
void contact_keys_free(contact_keys *k);

struct run_state;
/* The ids of c's strings, interned in the run on first sight (in the order
 * agent, team, queue, channel, as without the cache).  A string longer than
 * 255 bytes is not cached: *spare is filled and returned.  NULL: no memory. */
contact_ids *contact_keys_of(struct run_state *r, const ccs_contact *c, contact_ids *spare);

#endif
