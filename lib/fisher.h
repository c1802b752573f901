/* Fisher's exact test for a 2x2 table, two-sided, as R's fisher.test():
 * the p-value is the sum of the hypergeometric probabilities of every table
 * with the same margins that is no more probable than the observed one (with
 * a relative tolerance of 1e-7, so that ties in floating point count).  The
 * probabilities come from lgamma, so the counts may be large.  Pure. */
#ifndef CCS_FISHER_H
#define CCS_FISHER_H

#include <stdint.h>

/* The table    | a b |   (rows: two groups; columns: favourable or not).
 *              | c d |
 * Returns the two-sided p-value in [0, 1]; 1 when a margin is empty. */
double fisher_exact_2x2(uint64_t a, uint64_t b, uint64_t c, uint64_t d);

#endif
