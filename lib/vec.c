/* The growing array of vec.h. */
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>

int vec_reserve(void **items, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return 0;
    if (elem_size == 0 || need > SIZE_MAX / elem_size)
        return -1;
    size_t grown = *cap <= SIZE_MAX / 2 ? *cap * 2 : SIZE_MAX;
    if (grown < 8)
        grown = 8;
    if (grown < need)
        grown = need;
    if (grown > SIZE_MAX / elem_size)
        grown = need; /* the doubling would overflow; need alone does not */
    void *old;
    memcpy(&old, items, sizeof old);
    void *p = realloc(old, grown * elem_size);
    if (!p)
        return -1;
    memcpy(items, &p, sizeof p);
    *cap = grown;
    return 0;
}
