#include "tally.h"

#include <stdlib.h>

#include "vec.h"

int tally_add(tally *t, int rule, int32_t day)
{
    tally_item *it = VEC_PUSH(t->items, t->n, t->cap);
    if (!it)
        return -1;
    it->rule = rule;
    it->day = day;
    return 0;
}

size_t tally_count(const tally *t, int32_t first, int32_t last, size_t *counts, size_t nrules)
{
    size_t total = 0;
    for (size_t r = 0; r < nrules; r++)
        counts[r] = 0;
    for (size_t i = 0; i < t->n; i++) {
        const tally_item *it = &t->items[i];
        if (it->rule < 0 || (size_t)it->rule >= nrules ||
            (it->day != INT32_MIN && (it->day < first || it->day > last)))
            continue;
        counts[it->rule]++;
        total++;
    }
    return total;
}

void tally_free(tally *t)
{
    free(t->items);
    t->items = NULL;
    t->n = t->cap = 0;
}
