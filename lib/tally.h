/* Findings counted per rule and period (issue 11): a check that sums its
 * findings per rule in its report section keeps each one's rule and day as
 * it adds it, and counts those of the report's period once that is known
 * (findings are added while records stream in, before the period is). */
#ifndef CCS_TALLY_H
#define CCS_TALLY_H

#include <stddef.h>
#include <stdint.h>

typedef struct tally_item {
    int rule;
    int32_t day;               /* INT32_MIN: the report's period as a whole */
} tally_item;

typedef struct tally {
    tally_item *items;
    size_t n, cap;
} tally;

/* -1 when out of memory. */
int tally_add(tally *t, int rule, int32_t day);
/* counts[rule] = the items of rules 0..nrules-1 whose day is in [first,
 * last] or INT32_MIN; returns their total. */
size_t tally_count(const tally *t, int32_t first, int32_t last, size_t *counts, size_t nrules);
void tally_free(tally *t);

#endif /* CCS_TALLY_H */
