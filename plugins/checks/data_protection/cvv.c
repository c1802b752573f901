/* dp.cvv: a card security code in free text, a standalone 3-4 digit number
 * at most `window` words from cvv, cvc, cv2 or "security code".  The code
 * itself is never shown. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "vec.h"

typedef struct word {
    size_t s, e;               /* the word without surrounding punctuation */
} word;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int word_is(const char *t, word w, const char *lower)
{
    size_t n = strlen(lower);
    if (w.e - w.s != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)t[w.s + i]) != lower[i])
            return 0;
    return 1;
}

/* A standalone 3-4 digit number: only digits, and not joined to other digits
 * by a single space or hyphen (a group of a longer number). */
static int is_code(const char *t, size_t len, word w)
{
    size_t n = w.e - w.s;
    if (n < 3 || n > 4)
        return 0;
    for (size_t i = w.s; i < w.e; i++)
        if (!is_digit(t[i]))
            return 0;
    if (w.s >= 1 && is_digit(t[w.s - 1]))
        return 0;
    if (w.e < len && is_digit(t[w.e]))
        return 0;
    if (w.s >= 2 && (t[w.s - 1] == ' ' || t[w.s - 1] == '-') && is_digit(t[w.s - 2]))
        return 0;
    if (w.e + 1 < len && (t[w.e] == ' ' || t[w.e] == '-') && is_digit(t[w.e + 1]))
        return 0;
    return 1;
}

/* The words of t: split at whitespace, punctuation trimmed.  NULL when out
 * of memory. */
static word *split_words(const char *t, size_t len, size_t *nwords)
{
    size_t cap = 0, nw = 0;
    word *w = NULL;
    if (!VEC_GROW(w, nw, cap))
        return NULL;
    for (size_t i = 0; i < len;) {
        while (i < len && isspace((unsigned char)t[i]))
            i++;
        if (i >= len)
            break;
        size_t s = i;
        while (i < len && !isspace((unsigned char)t[i]))
            i++;
        size_t e = i;
        while (s < e && !isalnum((unsigned char)t[s]))
            s++;
        while (e > s && !isalnum((unsigned char)t[e - 1]))
            e--;
        word *x = VEC_PUSH(w, nw, cap);
        if (!x)
            break;
        *x = (word){ s, e };
    }
    *nwords = nw;
    return w;
}

/* The keyword that starts at word k, or NULL; *kend is its last word. */
static const char *keyword_at(const char *t, const word *w, size_t nw, size_t k, size_t *kend)
{
    *kend = k;
    if (word_is(t, w[k], "cvv") || word_is(t, w[k], "cvv2"))
        return "cvv";
    if (word_is(t, w[k], "cvc") || word_is(t, w[k], "cvc2"))
        return "cvc";
    if (word_is(t, w[k], "cv2"))
        return "cv2";
    if (word_is(t, w[k], "security") && k + 1 < nw && word_is(t, w[k + 1], "code")) {
        *kend = k + 1;
        return "security code";
    }
    return NULL;
}

size_t find_codes(const char *t, size_t len, int window, code_hit *hits, size_t max)
{
    if (!dp_may_have_keyword(t, len))
        return 0;
    size_t nw = 0;
    word *w = split_words(t, len, &nw);
    if (!w)
        return 0;
    size_t found = 0;
    for (size_t k = 0; k < nw; k++) {
        size_t kend;
        const char *kw = keyword_at(t, w, nw, k, &kend);
        if (!kw)
            continue;
        /* at most `window` words between the keyword and the number */
        size_t reach = (size_t)window + 1;
        size_t lo = k >= reach ? k - reach : 0;
        size_t hi = kend + reach < nw ? kend + reach : nw - 1;
        for (size_t j = lo; j <= hi; j++) {
            if ((j >= k && j <= kend) || !is_code(t, len, w[j]))
                continue;
            int dup = 0;
            for (size_t x = 0; x < found && !dup; x++)
                dup = hits[x].s == w[j].s;
            if (dup || found >= max)
                continue;
            hits[found++] = (code_hit){ w[j].s, w[j].e, kw };
        }
    }
    free(w);
    return found;
}

void dp_scan_codes(dp_inst *dp, ccs_host *host, ccs_str text, const char *column, dp_record *r)
{
    code_hit codes[8];
    size_t nc = find_codes(text.ptr, text.len, dp->window, codes, 8);
    if (nc)
        dp_name(r);
    char m[128], msg[512];
    for (size_t i = 0; i < nc; i++) {
        size_t len = codes[i].e - codes[i].s;
        snprintf(m, sizeof m, "%.*s (%zu digits near '%s')", (int)len, "****", len, codes[i].keyword);
        snprintf(msg, sizeof msg,
                 "%s: a %zu-digit number next to '%s' in the free-text column '%s' looks like a card security "
                 "code, which must never be stored (PCI DSS 3.2)",
                 r->what, len, codes[i].keyword, column);
        dp_finding(dp, host, R_CVV, CCS_SEV_CRITICAL, r, m, "no card security codes stored (PCI DSS 3.2)", msg);
    }
}
