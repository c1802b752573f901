/* The one hash map for interned ids, shared by the engine and the plugins.
 * A string table: interns byte strings and gives each a dense index, so that
 * per-row lookups of agent, team and queue ids cost one hash probe and the
 * rest of the engine works with small integers. */
#ifndef CCS_STRTAB_H
#define CCS_STRTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct strtab {
    char **strs;        /* index -> NUL-terminated copy */
    uint32_t *lens;
    uint32_t n, cap;
    uint32_t *slots;    /* open addressing: index + 1, 0 = empty */
    uint32_t *hashes;   /* index -> hash, to grow without rehashing strings */
    uint32_t nslots;    /* power of two */
} strtab;

void strtab_init(strtab *t);
void strtab_free(strtab *t);
/* Index of the string, adding it when new; -1 only when out of memory. */
int32_t strtab_intern(strtab *t, const char *s, size_t len);
/* strtab_intern() of a NUL-terminated string. */
static inline int32_t strtab_intern_str(strtab *t, const char *s) { return strtab_intern(t, s, strlen(s)); }
/* Index of the string, or -1 when absent. */
int32_t strtab_find(const strtab *t, const char *s, size_t len);
static inline const char *strtab_get(const strtab *t, int32_t i) { return t->strs[i]; }

#endif
