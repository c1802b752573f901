/* The fast passes before the card-number and security-code rules: most
 * notes hold fewer than 13 digits and no keyword, and these say so sixteen
 * bytes at a time (SSE2 where the compiler has it, else byte by byte), so the
 * rules' own scans run only on the few notes that can hold a finding. */
#include <string.h>
#include <strings.h>

#include "dp.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#ifdef __SSE2__
/* The digits among 16 bytes: 1 per digit, summed by the two halves'
 * absolute differences from 0 (a popcount of the byte mask would be a
 * library call without the POPCNT instruction, which baseline x86-64
 * lacks). */
static inline size_t digits16(__m128i v)
{
    const __m128i lo = _mm_set1_epi8('0' - 1), hi = _mm_set1_epi8('9' + 1), zero = _mm_setzero_si128();
    __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi)); /* 0xff: a digit */
    __m128i sums = _mm_sad_epu8(_mm_sub_epi8(zero, d), zero);
    return (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
}

/* Bit k set where "cv" or "sec" (any case) starts at p[k], k < 16; p has
 * 18 bytes to read.  "se" alone is in too many words. */
static inline unsigned keyword_candidates(const char *p)
{
    const __m128i low = _mm_set1_epi8(0x20);
    const __m128i c = _mm_set1_epi8('c'), v = _mm_set1_epi8('v'), s = _mm_set1_epi8('s'), e = _mm_set1_epi8('e');
    __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)p), low);
    __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + 1)), low);
    __m128i a2 = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + 2)), low);
    __m128i hit = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(a, c), _mm_cmpeq_epi8(b, v)),
                               _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, s), _mm_cmpeq_epi8(b, e)),
                                             _mm_cmpeq_epi8(a2, c)));
    return (unsigned)_mm_movemask_epi8(hit);
}
#endif

int dp_has_digits(const char *t, size_t len, size_t need)
{
    size_t n = 0, i = 0;
#ifdef __SSE2__
    for (; i + 16 <= len && n < need; i += 16)
        n += digits16(_mm_loadu_si128((const __m128i *)(const void *)(t + i)));
    if (i < len && n < need) { /* the last bytes, padded with NULs (no digits) */
        char pad[16] = { 0 };
        memcpy(pad, t + i, len - i);
        n += digits16(_mm_loadu_si128((const __m128i *)(const void *)pad));
    }
#else
    for (; i < len && n < need; i++)
        n += t[i] >= '0' && t[i] <= '9';
#endif
    return n >= need;
}

/* "cv" or "security" at i, any case. */
static int keyword_start(const char *t, size_t len, size_t i)
{
    int c = t[i] | 0x20;
    if (c == 'c')
        return i + 1 < len && (t[i + 1] | 0x20) == 'v';
    return c == 's' && len - i >= 8 && strncasecmp(t + i, "security", 8) == 0;
}

int dp_may_have_keyword(const char *t, size_t len)
{
    size_t i = 0;
#ifdef __SSE2__
    /* a block is looked at closely only when a keyword may start in it */
    for (; i + 18 <= len; i += 16)
        for (unsigned m = keyword_candidates(t + i); m; m &= m - 1)
            if (keyword_start(t, len, i + (size_t)__builtin_ctz(m)))
                return 1;
    if (i + 1 < len) { /* the last 2 to 17 bytes, padded with NULs; a start needs 2 */
        char pad[32] = { 0 };
        memcpy(pad, t + i, len - i);
        for (unsigned m = keyword_candidates(pad) & ((1u << (len - i - 1)) - 1); m; m &= m - 1)
            if (keyword_start(t, len, i + (size_t)__builtin_ctz(m)))
                return 1;
    }
#else
    for (; i + 1 < len; i++)
        if (keyword_start(t, len, i))
            return 1;
#endif
    return 0;
}

unsigned dp_text_hints(const char *t, size_t len)
{
#ifdef __SSE2__
    /* the two passes above in one, for dp_add: most notes need neither rule */
    size_t i = 0, digits = 0;
    unsigned hints = 0;
    for (; i + 18 <= len && hints != (DP_HINT_DIGITS | DP_HINT_KEYWORD); i += 16) {
        if (!(hints & DP_HINT_DIGITS) &&
            (digits += digits16(_mm_loadu_si128((const __m128i *)(const void *)(t + i)))) >= DP_CARD_MIN_DIGITS)
            hints |= DP_HINT_DIGITS;
        for (unsigned m = hints & DP_HINT_KEYWORD ? 0 : keyword_candidates(t + i); m; m &= m - 1)
            if (keyword_start(t, len, i + (size_t)__builtin_ctz(m))) {
                hints |= DP_HINT_KEYWORD;
                break;
            }
    }
    if (i < len && hints != (DP_HINT_DIGITS | DP_HINT_KEYWORD)) { /* the last 1 to 17 bytes, padded */
        char pad[32] = { 0 };
        memcpy(pad, t + i, len - i);
        digits += digits16(_mm_loadu_si128((const __m128i *)(const void *)pad)) +
                  digits16(_mm_loadu_si128((const __m128i *)(const void *)(pad + 16)));
        if (digits >= DP_CARD_MIN_DIGITS)
            hints |= DP_HINT_DIGITS;
        unsigned m = i + 1 < len && !(hints & DP_HINT_KEYWORD) ? keyword_candidates(pad) & ((1u << (len - i - 1)) - 1) : 0;
        for (; m; m &= m - 1)
            if (keyword_start(t, len, i + (size_t)__builtin_ctz(m))) {
                hints |= DP_HINT_KEYWORD;
                break;
            }
    }
    return hints;
#else
    return (dp_has_digits(t, len, DP_CARD_MIN_DIGITS) ? DP_HINT_DIGITS : 0) |
           (dp_may_have_keyword(t, len) ? DP_HINT_KEYWORD : 0);
#endif
}
