/* The fast passes before the card-number and security-code rules: most
 * notes hold fewer than 13 digits and no keyword, and one pass says so
 * sixteen bytes at a time (SSE2 where the compiler has it, else byte by
 * byte), so the rules' own scans run only on the few notes that can hold a
 * finding. */
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

/* "cv" or "security" at i, any case. */
static int keyword_start(const char *t, size_t len, size_t i)
{
    int c = t[i] | 0x20;
    if (c == 'c')
        return i + 1 < len && (t[i + 1] | 0x20) == 'v';
    return c == 's' && len - i >= 8 && strncasecmp(t + i, "security", 8) == 0;
}

#ifdef __SSE2__
/* Whether a keyword starts at one of the candidates m (bit k: t[at + k]). */
static inline int keyword_among(const char *t, size_t len, size_t at, unsigned m)
{
    for (; m; m &= m - 1)
        if (keyword_start(t, len, at + (size_t)__builtin_ctz(m)))
            return 1;
    return 0;
}
#endif

/* The one pass behind all three answers: DP_HINT_DIGITS when t holds at
 * least `need` digits, DP_HINT_KEYWORD when a keyword starts in it; it
 * stops as soon as both are known. */
static inline __attribute__((always_inline)) unsigned text_facts(const char *t, size_t len, size_t need)
{
    size_t i = 0, digits = 0;
    unsigned hints = need ? 0 : DP_HINT_DIGITS;
#ifdef __SSE2__
    for (; i + 18 <= len && hints != (DP_HINT_DIGITS | DP_HINT_KEYWORD); i += 16) {
        if (!(hints & DP_HINT_DIGITS) &&
            (digits += digits16(_mm_loadu_si128((const __m128i *)(const void *)(t + i)))) >= need)
            hints |= DP_HINT_DIGITS;
        if (!(hints & DP_HINT_KEYWORD) && keyword_among(t, len, i, keyword_candidates(t + i)))
            hints |= DP_HINT_KEYWORD;
    }
    if (i < len && hints != (DP_HINT_DIGITS | DP_HINT_KEYWORD)) { /* the last 1 to 17 bytes, padded */
        char pad[32] = { 0 };
        memcpy(pad, t + i, len - i);
        digits += digits16(_mm_loadu_si128((const __m128i *)(const void *)pad)) +
                  digits16(_mm_loadu_si128((const __m128i *)(const void *)(pad + 16)));
        if (digits >= need)
            hints |= DP_HINT_DIGITS;
        /* a start needs 2 bytes: candidates before the last byte only */
        if (i + 1 < len && !(hints & DP_HINT_KEYWORD) &&
            keyword_among(t, len, i, keyword_candidates(pad) & ((1u << (len - i - 1)) - 1)))
            hints |= DP_HINT_KEYWORD;
    }
#else
    for (; i < len && hints != (DP_HINT_DIGITS | DP_HINT_KEYWORD); i++) {
        if ((digits += t[i] >= '0' && t[i] <= '9') >= need)
            hints |= DP_HINT_DIGITS;
        if (i + 1 < len && keyword_start(t, len, i))
            hints |= DP_HINT_KEYWORD;
    }
#endif
    return hints;
}

int dp_has_digits(const char *t, size_t len, size_t need)
{
    return (text_facts(t, len, need) & DP_HINT_DIGITS) != 0;
}

int dp_may_have_keyword(const char *t, size_t len)
{
    return (text_facts(t, len, DP_CARD_MIN_DIGITS) & DP_HINT_KEYWORD) != 0;
}

unsigned dp_text_hints(const char *t, size_t len)
{
    return text_facts(t, len, DP_CARD_MIN_DIGITS);
}
