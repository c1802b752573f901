/* A fast hash for short ids (agent, team, contact ids): eight bytes at a time,
 * multiply and fold, then a final mix.  Not for anything an adversary
 * chooses to collide: the one hash map (strtab) and the csv source's
 * duplicate window use it for an even spread, and check the bytes (or, in
 * the window, all 64 bits) on a match. */
#ifndef CCS_IDHASH_H
#define CCS_IDHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The last len < 8 bytes of s as one little-endian word, in at most three
 * loads: ids are short, so a byte at a time was most of the hashing. */
static inline uint64_t idhash_tail(const char *s, size_t len)
{
    uint64_t tail = 0;
    size_t i = 0;
    if (len & 4) {
        uint32_t w;
        memcpy(&w, s, 4);
        tail = w;
        i = 4;
    }
    if (len & 2) {
        uint16_t w;
        memcpy(&w, s + i, 2);
        tail |= (uint64_t)w << (8 * i);
        i += 2;
    }
    if (len & 1)
        tail |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return tail;
}

/* 64 well-mixed bits of s[0, len). */
static inline uint64_t idhash(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    h = (h ^ idhash_tail(s, len)) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 32);
}

/* Whether a[0, len) and b[0, len) hold the same bytes: eight at a time,
 * then the tail as one word. */
static inline int idbytes_equal(const char *a, const char *b, size_t len)
{
    for (; len >= 8; a += 8, b += 8, len -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return 0;
    }
    return idhash_tail(a, len) == idhash_tail(b, len);
}

#endif
