/* The cache of contact rows' ids (contact_keys.h). */
#include <stdlib.h>
#include <string.h>

#include "contact_keys.h"
#include "pipeline.h"
#include "vec.h"

void contact_keys_init(contact_keys *k)
{
    memset(k, 0, sizeof *k);
    strtab_init(&k->combos);
}

void contact_keys_free(contact_keys *k)
{
    strtab_free(&k->combos);
    free(k->ids);
    memset(k, 0, sizeof *k);
}

static void resolve(struct run_state *r, const ccs_contact *c, contact_ids *out)
{
    out->agent = run_agent_lookup(r, c->agent_id);
    out->team = run_intern(&r->teams, c->team);
    out->queue = run_intern(&r->queues, c->queue);
    out->channel = run_intern(&r->channels, c->channel);
    out->period_slot = NO_ID;
    out->cell = 0;
}

contact_ids *contact_keys_of(struct run_state *r, const ccs_contact *c, contact_ids *spare)
{
    const ccs_str part[4] = { c->agent_id, c->team, c->queue, c->channel };
    char key[4 * 256];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        if (part[i].len > 255) {
            resolve(r, c, spare);
            return spare;
        }
        key[n++] = (char)part[i].len; /* lengths keep "ab"+"c" apart from "a"+"bc" */
        memcpy(key + n, part[i].ptr, part[i].len);
        n += part[i].len;
    }
    contact_keys *k = &r->contact_keys;
    uint32_t before = k->combos.n;
    if (!VEC_GROW(k->ids, k->combos.n, k->cap)) /* room first: a combination is kept only with its ids */
        return NULL;
    int32_t i = strtab_intern(&k->combos, key, n);
    if (i < 0)
        return NULL;
    if (k->combos.n != before)
        resolve(r, c, &k->ids[i]);
    return &k->ids[i];
}
