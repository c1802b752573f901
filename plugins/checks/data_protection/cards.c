/* dp.card_number: payment card numbers in free text (a run of 13-19
 * digits with single spaces or hyphens between them, passing Luhn, with an
 * issuer prefix), and their masked evidence. */
#include <stdio.h>
#include <string.h>

#include "dp.h"

int luhn_ok(const char *d, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = d[n - 1 - i] - '0';
        if (i % 2 == 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return sum % 10 == 0;
}

static int prefix_in(const char *d, int len, int lo, int hi)
{
    int v = 0;
    for (int i = 0; i < len; i++)
        v = v * 10 + (d[i] - '0');
    return v >= lo && v <= hi;
}

/* The issuer of a digit string (DOMAIN.md's table), or NULL.  The more
 * specific ranges come first: Discover's 6011/644-649/65 lie inside
 * Maestro's 56-69. */
const char *card_brand(const char *d)
{
    if (d[0] == '4')
        return "Visa";
    if (prefix_in(d, 2, 51, 55) || prefix_in(d, 4, 2221, 2720))
        return "Mastercard";
    if (prefix_in(d, 2, 34, 34) || prefix_in(d, 2, 37, 37))
        return "American Express";
    if (prefix_in(d, 4, 6011, 6011) || prefix_in(d, 3, 644, 649) || prefix_in(d, 2, 65, 65))
        return "Discover";
    if (prefix_in(d, 3, 300, 305) || prefix_in(d, 2, 36, 36) || prefix_in(d, 2, 38, 39))
        return "Diners Club";
    if (prefix_in(d, 4, 3528, 3589))
        return "JCB";
    if (prefix_in(d, 2, 50, 50) || prefix_in(d, 2, 56, 69))
        return "Maestro";
    return NULL;
}

/* Masked evidence: never more than the first 6 and the last 4 digits. */
void mask_number(char *out, const char *d, size_t n, int mode)
{
    for (size_t i = 0; i < n; i++) {
        int show = (mode == MASK_FIRST6_LAST4 && (i < 6 || i + 4 >= n)) || (mode == MASK_LAST4 && i + 4 >= n);
        out[i] = show ? d[i] : '*';
    }
    out[n] = '\0';
}

typedef struct digit_group {
    size_t s, e;               /* [s, e) in the text */
} digit_group;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A chain of digit groups joined by single spaces or hyphens, read a
 * window of groups at a time: a card number spans at most 19 groups, so
 * keeping the next CHAIN_WINDOW from the current start is enough whatever
 * the chain's length (no cap that a long prefix could exhaust). */
#define CARD_MAX_GROUPS 19
#define CHAIN_WINDOW 64

typedef struct chain {
    const char *t;
    size_t len, p;             /* p: where the next group starts */
    int more;                  /* the chain goes on after g[ng - 1] */
    digit_group g[CHAIN_WINDOW];
    size_t ng;
} chain;

/* Read groups until the window is full or the chain ends. */
static void chain_fill(chain *c)
{
    while (c->more && c->ng < CHAIN_WINDOW) {
        size_t s = c->p;
        while (c->p < c->len && is_digit(c->t[c->p]))
            c->p++;
        c->g[c->ng++] = (digit_group){ s, c->p };
        if (c->p + 1 < c->len && (c->t[c->p] == ' ' || c->t[c->p] == '-') && is_digit(c->t[c->p + 1]))
            c->p++;
        else
            c->more = 0;
    }
}

/* Drop the groups before *a so that the window holds the next ones. */
static void chain_slide(chain *c, size_t *a)
{
    if (!c->more || c->ng - *a > CARD_MAX_GROUPS)
        return;
    memmove(c->g, c->g + *a, (c->ng - *a) * sizeof c->g[0]);
    c->ng -= *a;
    *a = 0;
    chain_fill(c);
}

/* Whether groups [a, b) make a card number; if so, fill *h. */
static int card_of(const char *t, const digit_group *g, size_t a, size_t b, card_hit *h)
{
    size_t n = 0;
    for (size_t k = a; k < b; k++)
        n += g[k].e - g[k].s;
    if (n < 13 || n > 19)
        return 0;
    char d[20];
    size_t m = 0;
    for (size_t k = a; k < b; k++)
        for (size_t x = g[k].s; x < g[k].e; x++)
            d[m++] = t[x];
    d[m] = '\0';
    const char *brand = card_brand(d);
    if (!brand || !luhn_ok(d, m))
        return 0;
    h->s = g[a].s;
    h->e = g[b - 1].e;
    memcpy(h->digits, d, m + 1);
    h->n = m;
    h->brand = brand;
    return 1;
}

/* Find card numbers in text; returns how many were stored in hits (at most
 * max) and the total through *total. */
size_t find_cards(const char *t, size_t len, card_hit *hits, size_t max, size_t *total)
{
    size_t found = 0, count = 0;
    /* The fast pass: a card number has at least 13 digits, so a text with
     * fewer holds none (most notes). */
    size_t i = dp_has_digits(t, len, DP_CARD_MIN_DIGITS) ? 0 : len;
    while (i < len) {
        if (!is_digit(t[i])) {
            i++;
            continue;
        }
        chain c = { .t = t, .len = len, .p = i, .more = 1 };
        chain_fill(&c);
        /* candidates: whole groups from a, longest first */
        for (size_t a = 0; a < c.ng;) {
            chain_slide(&c, &a);
            size_t matched = 0;
            size_t last = c.ng - a > CARD_MAX_GROUPS ? a + CARD_MAX_GROUPS : c.ng;
            for (size_t b = last; b > a && !matched; b--) {
                card_hit h;
                if (!card_of(t, c.g, a, b, &h))
                    continue;
                if (found < max)
                    hits[found++] = h;
                count++;
                matched = b - a;
            }
            a += matched ? matched : 1;
        }
        i = c.p;
    }
    if (total)
        *total = count;
    return found;
}

void dp_scan_cards(dp_inst *dp, ccs_host *host, ccs_str text, const char *column, dp_record *r)
{
    static const char limit[] = "no card numbers in free text (PCI DSS 3.3)";
    card_hit cards[16];
    size_t total = 0, n = find_cards(text.ptr, text.len, cards, 16, &total);
    if (total)
        dp_name(r);
    char masked[24], m[128], msg[512];
    for (size_t i = 0; i < n; i++) {
        mask_number(masked, cards[i].digits, cards[i].n, dp->mask);
        snprintf(m, sizeof m, "%s (%s, %zu digits)", masked, cards[i].brand, cards[i].n);
        snprintf(msg, sizeof msg,
                 "%s: %s %s card number (%zu digits, masked %s) is stored in the free-text column '%s'; "
                 "remove it and re-train on taking payments (PCI DSS)",
                 r->what, cards[i].brand[0] == 'A' ? "an" : "a", cards[i].brand, cards[i].n, masked, column);
        dp_finding(dp, host, R_CARD, CCS_SEV_CRITICAL, r, m, limit, msg);
    }
    if (total > n) {
        snprintf(msg, sizeof msg, "%s: %zu more card numbers in the column '%s' (not listed one by one)", r->what,
                 total - n, column);
        dp_finding(dp, host, R_CARD, CCS_SEV_CRITICAL, r, "more card numbers", limit, msg);
    }
}
