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

int vec_append(void **dst, size_t *dn, size_t *dcap, void **src, size_t *sn, size_t *scap, size_t elem_size)
{
    void *d, *s;
    memcpy(&s, src, sizeof s);
    if (*sn == 0)
        return 0;
    if (*dn == 0) { /* take src's memory: what dst had is empty */
        memcpy(&d, dst, sizeof d);
        free(d);
        memcpy(dst, &s, sizeof s);
        *dn = *sn;
        *dcap = *scap;
        s = NULL;
        memcpy(src, &s, sizeof s);
        *sn = *scap = 0;
        return 0;
    }
    if (vec_reserve(dst, dcap, *dn + *sn, elem_size) != 0)
        return -1;
    memcpy(&d, dst, sizeof d);
    memcpy((char *)d + *dn * elem_size, s, *sn * elem_size);
    *dn += *sn;
    return 0;
}
