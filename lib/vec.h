/* One growing array.  An array is three variables: a pointer p, a count n
 * and a capacity cap (n and cap of type size_t):
 *
 *     item *v = NULL;  size_t n = 0, cap = 0;
 *     item *it = VEC_PUSH(v, n, cap);     // new zeroed v[n], n incremented
 *     if (!it) return -1;                 // out of memory; v, n, cap as before
 *     ...
 *     free(v);
 *
 * The macros evaluate their arguments more than once: pass plain variables
 * (or members), never expressions with side effects. */
#ifndef CCS_VEC_H
#define CCS_VEC_H

#include <stddef.h>
#include <string.h>

/* Makes room for at least `need` elements of elem_size bytes in the array
 * whose pointer variable is at `items` (any T **, cast to void **) and
 * whose capacity is *cap.  Grows geometrically to max(need, 2 * *cap, 8).
 * 0 when there is room; -1 when out of memory or when the size would
 * overflow, with *items and *cap untouched.  *items is read and written
 * only through memcpy, so passing (void **)&p for a T *p breaks no
 * aliasing rule. */
int vec_reserve(void **items, size_t *cap, size_t need, size_t elem_size);

/* Appends the array src (*src, *sn, *scap) to dst (*dst, *dn, *dcap), for
 * a merge of per-thread arrays: an empty dst takes src's memory whole (no
 * copy; src is left NULL, 0, 0), else src is copied after dst's elements
 * and left as it was, for its owner to free.  0, or -1 when out of memory
 * (both untouched). */
int vec_append(void **dst, size_t *dn, size_t *dcap, void **src, size_t *sn, size_t *scap, size_t elem_size);

/* True when there is room for one more element at index n. */
#define VEC_GROW(p, n, cap) \
    (vec_reserve((void **)&(p), &(cap), (n) + 1, sizeof *(p)) == 0)

/* Pointer to a new zeroed element p[n], n incremented; NULL when out of
 * memory (p, n and cap unchanged). */
#define VEC_PUSH(p, n, cap) \
    (VEC_GROW(p, n, cap) ? (memset(&(p)[(n)], 0, sizeof *(p)), &(p)[(n)++]) : NULL)

#endif /* CCS_VEC_H */
