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

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int dp_has_digits(const char *t, size_t len, size_t need)
{
    size_t n = 0, i = 0;
#ifdef __SSE2__
    const __m128i lo = _mm_set1_epi8('0' - 1), hi = _mm_set1_epi8('9' + 1);
    for (; i + 16 <= len && n < need; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi));
        n += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(d));
    }
#endif
    for (; i < len && n < need; i++)
        n += is_digit(t[i]);
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
    /* a block is looked at closely only when it holds "cv" or "se" (any
     * case) starting in it */
    const __m128i low = _mm_set1_epi8(0x20);
    const __m128i c = _mm_set1_epi8('c'), v = _mm_set1_epi8('v'), s = _mm_set1_epi8('s'), e = _mm_set1_epi8('e');
    for (; i + 17 <= len; i += 16) {
        __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)(t + i)), low);
        __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(t + i + 1)), low);
        __m128i hit = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(a, c), _mm_cmpeq_epi8(b, v)),
                                   _mm_and_si128(_mm_cmpeq_epi8(a, s), _mm_cmpeq_epi8(b, e)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        for (; m; m &= m - 1)
            if (keyword_start(t, len, i + (size_t)__builtin_ctz(m)))
                return 1;
    }
#endif
    for (; i + 1 < len; i++)
        if (keyword_start(t, len, i))
            return 1;
    return 0;
}
