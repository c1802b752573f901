/* Fuzz harness: the card-number detector of the data_protection check
 * (plugins/checks/data_protection/cards.c, find_cards()), against a simple
 * independent oracle:
 *
 *  - every hit is a span of the text that starts and ends on a digit, not
 *    inside a longer digit run, whose digits (the separators being single
 *    spaces or hyphens between digits) are the hit's 13 to 19 digits, pass
 *    Luhn (computed here another way) and have an issuer; hits are in order
 *    and do not overlap, and the total counts them all;
 *  - completeness: every maximal run of 13 to 19 digits that starts with a
 *    4 (Visa) and passes Luhn lies inside some hit, whatever comes before
 *    it in the text.
 *
 * The masking is checked too: never more than the first 6 and last 4
 * digits shown. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "../../plugins/checks/data_protection/dp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Luhn from the left, with the doubled-digit table. */
static int luhn(const char *d, size_t n)
{
    static const int doubled[10] = { 0, 2, 4, 6, 8, 1, 3, 5, 7, 9 };
    int sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (n - i) % 2 == 0 ? doubled[d[i] - '0'] : d[i] - '0';
    return sum % 10 == 0;
}

static void check_hit(const char *t, size_t len, const card_hit *h)
{
    if (h->s >= h->e || h->e > len || !digit(t[h->s]) || !digit(t[h->e - 1]))
        abort();
    if ((h->s > 0 && digit(t[h->s - 1])) || (h->e < len && digit(t[h->e])))
        abort();
    if (h->n < 13 || h->n > 19 || !h->brand || strlen(h->digits) != h->n || !luhn(h->digits, h->n))
        abort();
    size_t m = 0;
    for (size_t x = h->s; x < h->e; x++) {
        if (digit(t[x])) {
            if (m >= h->n || t[x] != h->digits[m++])
                abort();
        } else if (!(t[x] == ' ' || t[x] == '-') || !digit(t[x - 1]) || !digit(t[x + 1])) {
            abort();
        }
    }
    if (m != h->n)
        abort();
    char masked[24];
    for (int mode = 0; mode < 3; mode++) {
        mask_number(masked, h->digits, h->n, mode);
        size_t shown = 0;
        for (size_t i = 0; i < h->n; i++)
            shown += masked[i] != '*';
        if (strlen(masked) != h->n || shown > 10)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *t = (const char *)data;
    size_t max = size / 13 + 1;
    card_hit *hits = malloc(max * sizeof *hits);
    if (!hits)
        abort();
    size_t total = 0, n = find_cards(t, size, hits, max, &total);
    if (n != total || n > max)
        abort();
    for (size_t i = 0; i < n; i++) {
        check_hit(t, size, &hits[i]);
        if (i > 0 && hits[i].s < hits[i - 1].e)
            abort();
    }
    /* completeness: isolated Visa-like runs */
    for (size_t i = 0; i < size;) {
        if (!digit(t[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < size && digit(t[i]))
            i++;
        size_t k = i - s;
        if (k < 13 || k > 19 || t[s] != '4' || !luhn(t + s, k))
            continue;
        size_t j = 0;
        while (j < n && !(hits[j].s <= s && i <= hits[j].e))
            j++;
        if (j == n)
            abort();
    }
    size_t small_total = 0;
    card_hit few[2];
    if (find_cards(t, size, few, 2, &small_total) != (total < 2 ? total : 2) || small_total != total)
        abort();
    free(hits);
    return 0;
}

/* cards.c's dp_scan_cards() reports through the check's dp_name() and
 * dp_finding(); the harness drives find_cards() alone, so neither is called. */
void dp_name(dp_record *r)
{
    (void)r;
    abort();
}

void dp_finding(dp_inst *dp, ccs_host *host, int rule, int severity, dp_record *r, const char *measured,
                const char *limit, const char *message)
{
    (void)dp, (void)host, (void)rule, (void)severity, (void)r, (void)measured, (void)limit, (void)message;
    abort();
}
