/* data_protection: PCI DSS and GDPR checks over contacts and evaluations.
 *
 *  dp.card_number  critical  a payment card number in a free-text column: a run
 *                            of 13-19 digits (single spaces or hyphens allowed
 *                            between digits, no digit directly before or after)
 *                            that passes Luhn and starts with an issuer prefix;
 *  dp.cvv          critical  a 3-4 digit number with at most cvv_window_words
 *                            words between it and cvv, cvc, cv2 or "security code";
 *  dp.idv          breach    account data disclosed without a passed ID&V step;
 *  dp.recording_notice breach a recorded contact without a recording notice;
 *  dp.retention    advisory  records older than their purpose's retention
 *                            period, one finding per purpose and source file,
 *                            with the count and the oldest date.
 *
 * Findings never carry note text: card numbers are masked (at most the first
 * 6 and last 4 digits, or fewer as the policy says), security codes are
 * never shown, and messages name the column, the record and the rule. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccscore/plugin.h"
#include "datefmt.h"
#include "parse.h"

static const ccs_host_api *api;

enum mask_mode { MASK_FIRST6_LAST4 = 0, MASK_LAST4, MASK_ALL };
enum purpose { P_CONTACTS, P_RECORDINGS, P_EVALUATIONS, P_COUNT };
static const char *const purpose_names[P_COUNT] = { "contacts", "recordings", "evaluations" };

enum rule { R_CARD, R_CVV, R_IDV, R_NOTICE, R_RETENTION, R_COUNT };
static const char *const rule_ids[R_COUNT] = {
    "dp.card_number", "dp.cvv", "dp.idv", "dp.recording_notice", "dp.retention",
};

/* Counts of records per local day: memory grows with the calendar span,
 * never with the rows. */
typedef struct day_hist {
    int32_t base;
    size_t n;
    uint64_t *c;
} day_hist;

typedef struct ret_source {
    int purpose;
    const char *file;
    day_hist hist;
} ret_source;

/* Column positions of one stream's current file. */
typedef struct colmap {
    const char *file;
    int *text;                 /* per text column name, -1 when absent */
    int disclosed, idv, recorded, notice;
} colmap;

typedef struct dp_inst {
    char **text_cols;
    size_t ntext;
    int mask;
    int window;
    char *col_disclosed, *col_idv, *col_recorded, *col_notice;
    int64_t retention[P_COUNT]; /* days; 0: not checked */
    int as_of_kind;            /* 0 latest, 1 today, 2 a date */
    int32_t as_of_day;
    int retention_severity;
    char *owner;
    colmap maps[2];            /* contacts, evaluations */
    ret_source *ret;
    size_t nret;
    int have_latest;
    int32_t latest_day;
    size_t counts[R_COUNT];
    int warned[2];
} dp_inst;

/* ------------------------------------------------------------ card numbers */

static int luhn_ok(const char *d, size_t n)
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
static const char *card_brand(const char *d)
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
static void mask_number(char *out, const char *d, size_t n, int mode)
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

/* Where a card number was found (for the tests and the findings). */
typedef struct card_hit {
    size_t s, e;               /* span in the text */
    char digits[20];
    size_t n;
    const char *brand;
} card_hit;

/* Find card numbers in text; returns how many were stored in hits (at most
 * max) and the total through *total. */
static size_t find_cards(const char *t, size_t len, card_hit *hits, size_t max, size_t *total)
{
    size_t found = 0, count = 0;
    size_t i = 0;
    while (i < len) {
        if (!is_digit(t[i])) {
            i++;
            continue;
        }
        /* a chain of digit groups joined by single spaces or hyphens */
        digit_group g[64];
        size_t ng = 0, p = i;
        for (;;) {
            size_t s = p;
            while (p < len && is_digit(t[p]))
                p++;
            if (ng < 64)
                g[ng++] = (digit_group){ s, p };
            if (p + 1 < len && (t[p] == ' ' || t[p] == '-') && is_digit(t[p + 1])) {
                p++;
                continue;
            }
            break;
        }
        /* candidates: whole groups from a, longest first */
        for (size_t a = 0; a < ng;) {
            size_t matched = 0;
            for (size_t b = ng; b > a && !matched; b--) {
                size_t n = 0;
                for (size_t k = a; k < b; k++)
                    n += g[k].e - g[k].s;
                if (n < 13 || n > 19)
                    continue;
                char d[20];
                size_t m = 0;
                for (size_t k = a; k < b; k++)
                    for (size_t x = g[k].s; x < g[k].e; x++)
                        d[m++] = t[x];
                d[m] = '\0';
                const char *brand = card_brand(d);
                if (!brand || !luhn_ok(d, m))
                    continue;
                if (found < max) {
                    card_hit *h = &hits[found++];
                    h->s = g[a].s;
                    h->e = g[b - 1].e;
                    memcpy(h->digits, d, m + 1);
                    h->n = m;
                    h->brand = brand;
                }
                count++;
                matched = b - a;
            }
            a += matched ? matched : 1;
        }
        i = p;
    }
    if (total)
        *total = count;
    return found;
}

/* ------------------------------------------------------------ security codes */

typedef struct word {
    size_t s, e;               /* the word without surrounding punctuation */
} word;

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

typedef struct code_hit {
    size_t s, e;
    const char *keyword;
} code_hit;

static size_t find_codes(const char *t, size_t len, int window, code_hit *hits, size_t max)
{
    /* split into words at whitespace, then trim punctuation */
    size_t cap = 64, nw = 0;
    word *w = malloc(cap * sizeof *w);
    if (!w)
        return 0;
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
        if (nw == cap) {
            cap *= 2;
            word *g = realloc(w, cap * sizeof *g);
            if (!g)
                break;
            w = g;
        }
        w[nw++] = (word){ s, e };
    }
    size_t found = 0;
    for (size_t k = 0; k < nw; k++) {
        const char *kw = NULL;
        size_t kend = k; /* last word of the keyword */
        if (word_is(t, w[k], "cvv") || word_is(t, w[k], "cvv2"))
            kw = "cvv";
        else if (word_is(t, w[k], "cvc") || word_is(t, w[k], "cvc2"))
            kw = "cvc";
        else if (word_is(t, w[k], "cv2"))
            kw = "cv2";
        else if (word_is(t, w[k], "security") && k + 1 < nw && word_is(t, w[k + 1], "code")) {
            kw = "security code";
            kend = k + 1;
        }
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

/* ------------------------------------------------------------ findings */

static void finding(dp_inst *dp, ccs_host *host, int rule, int severity, const char *ref, const char *agent,
                    const char *measured, const char *limit, const char *message)
{
    ccs_finding f = { rule_ids[rule], severity, dp->owner, ref, agent, measured, limit, message };
    if (api->add_finding(host, &f) == CCS_OK)
        dp->counts[rule]++;
}

static void scan_text(dp_inst *dp, ccs_host *host, ccs_str text, const char *column, const char *what,
                      const char *ref, const char *agent)
{
    if (text.len == 0)
        return;
    card_hit cards[16];
    size_t total = 0, n = find_cards(text.ptr, text.len, cards, 16, &total);
    char masked[24], m[128], msg[512];
    for (size_t i = 0; i < n; i++) {
        mask_number(masked, cards[i].digits, cards[i].n, dp->mask);
        snprintf(m, sizeof m, "%s (%s, %zu digits)", masked, cards[i].brand, cards[i].n);
        snprintf(msg, sizeof msg,
                 "%s: %s %s card number (%zu digits, masked %s) is stored in the free-text column '%s'; "
                 "remove it and re-train on taking payments (PCI DSS)",
                 what, cards[i].brand[0] == 'A' ? "an" : "a", cards[i].brand, cards[i].n, masked, column);
        finding(dp, host, R_CARD, CCS_SEV_CRITICAL, ref, agent, m, "no card numbers in free text (PCI DSS 3.3)", msg);
    }
    if (total > n) {
        snprintf(msg, sizeof msg, "%s: %zu more card numbers in the column '%s' (not listed one by one)", what,
                 total - n, column);
        finding(dp, host, R_CARD, CCS_SEV_CRITICAL, ref, agent, "more card numbers",
                "no card numbers in free text (PCI DSS 3.3)", msg);
    }
    code_hit codes[8];
    size_t nc = find_codes(text.ptr, text.len, dp->window, codes, 8);
    for (size_t i = 0; i < nc; i++) {
        size_t len = codes[i].e - codes[i].s;
        snprintf(m, sizeof m, "%.*s (%zu digits near '%s')", (int)len, "****", len, codes[i].keyword);
        snprintf(msg, sizeof msg,
                 "%s: a %zu-digit number next to '%s' in the free-text column '%s' looks like a card security "
                 "code, which must never be stored (PCI DSS 3.2)",
                 what, len, codes[i].keyword, column);
        finding(dp, host, R_CVV, CCS_SEV_CRITICAL, ref, agent, m, "no card security codes stored (PCI DSS 3.2)",
                msg);
    }
}

static int truthy(ccs_str v)
{
    static const char *const yes[] = { "1", "y", "yes", "true", "pass", "passed" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (v.len == strlen(yes[i]) && strncasecmp(v.ptr, yes[i], v.len) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ retention */

static int hist_add(day_hist *h, int32_t day)
{
    if (h->n == 0) {
        h->c = calloc(64, sizeof *h->c);
        if (!h->c)
            return -1;
        h->base = day;
        h->n = 64;
    }
    if (day < h->base) {
        size_t shift = (size_t)(h->base - day) + 64;
        uint64_t *g = calloc(h->n + shift, sizeof *g);
        if (!g)
            return -1;
        memcpy(g + shift, h->c, h->n * sizeof *g);
        free(h->c);
        h->c = g;
        h->n += shift;
        h->base -= (int32_t)shift;
    }
    if ((size_t)(day - h->base) >= h->n) {
        size_t n = (size_t)(day - h->base) + 1 + h->n;
        uint64_t *g = realloc(h->c, n * sizeof *g);
        if (!g)
            return -1;
        memset(g + h->n, 0, (n - h->n) * sizeof *g);
        h->c = g;
        h->n = n;
    }
    h->c[day - h->base]++;
    return 0;
}

static void retain(dp_inst *dp, int purpose, const char *file, int32_t day)
{
    if (!dp->retention[purpose])
        return;
    ret_source *r = NULL;
    for (size_t i = 0; i < dp->nret && !r; i++)
        if (dp->ret[i].purpose == purpose && dp->ret[i].file == file)
            r = &dp->ret[i];
    if (!r) {
        ret_source *g = realloc(dp->ret, (dp->nret + 1) * sizeof *g);
        if (!g)
            return;
        dp->ret = g;
        r = &dp->ret[dp->nret++];
        memset(r, 0, sizeof *r);
        r->purpose = purpose;
        r->file = file;
    }
    hist_add(&r->hist, day);
}

/* ------------------------------------------------------------ records */

static int colmap_for(dp_inst *dp, ccs_host *host, const ccs_record *rec, colmap **out)
{
    int which = rec->kind == CCS_REC_CONTACT ? 0 : 1;
    colmap *c = &dp->maps[which];
    if (c->file != rec->file || !c->text) {
        if (!c->text) {
            c->text = calloc(dp->ntext ? dp->ntext : 1, sizeof *c->text);
            if (!c->text)
                return -1;
        }
        c->file = rec->file;
        for (size_t i = 0; i < dp->ntext; i++)
            c->text[i] = api->column_index(host, rec->stream, dp->text_cols[i]);
        c->disclosed = *dp->col_disclosed ? api->column_index(host, rec->stream, dp->col_disclosed) : -1;
        c->idv = *dp->col_idv ? api->column_index(host, rec->stream, dp->col_idv) : -1;
        c->recorded = *dp->col_recorded ? api->column_index(host, rec->stream, dp->col_recorded) : -1;
        c->notice = *dp->col_notice ? api->column_index(host, rec->stream, dp->col_notice) : -1;
        if (which == 0 && !dp->warned[0]) {
            dp->warned[0] = 1;
            if (*dp->col_disclosed && (c->disclosed < 0 || c->idv < 0))
                api->log(host, CCS_LOG_WARNING,
                         "%s has no '%s' or '%s' column: the ID&V rule is not checked (set disclosure_column "
                         "and idv_column)", rec->file, dp->col_disclosed, dp->col_idv);
            if (*dp->col_recorded && (c->recorded < 0 || c->notice < 0))
                api->log(host, CCS_LOG_WARNING,
                         "%s has no '%s' or '%s' column: the recording-notice rule is not checked (set "
                         "recorded_column and notice_column)", rec->file, dp->col_recorded, dp->col_notice);
        }
    }
    *out = c;
    return 0;
}

static void dp_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    dp_inst *dp = inst;
    colmap *c;
    if ((rec->kind != CCS_REC_CONTACT && rec->kind != CCS_REC_EVALUATION) || colmap_for(dp, host, rec, &c) != 0)
        return;
    char ref[512], agent[256], what[1024];
    int32_t day;
    if (rec->kind == CCS_REC_CONTACT) {
        const ccs_contact *k = (const ccs_contact *)rec;
        snprintf(ref, sizeof ref, "%.*s", (int)(k->contact_id.len > 200 ? 200 : k->contact_id.len), k->contact_id.ptr);
        snprintf(agent, sizeof agent, "%.*s", (int)(k->agent_id.len > 200 ? 200 : k->agent_id.len), k->agent_id.ptr);
        day = k->local_day;
    } else {
        const ccs_evaluation *e = (const ccs_evaluation *)rec;
        snprintf(ref, sizeof ref, "%s:%llu", rec->file ? rec->file : "", (unsigned long long)rec->line);
        snprintf(agent, sizeof agent, "%.*s", (int)(e->agent_id.len > 200 ? 200 : e->agent_id.len), e->agent_id.ptr);
        day = e->local_day;
    }
    if (rec->kind == CCS_REC_CONTACT)
        snprintf(what, sizeof what, "contact %s%s%s", ref, *agent ? " (agent " : "", *agent ? agent : "");
    else
        snprintf(what, sizeof what, "evaluation at %s%s%s", ref, *agent ? " (agent " : "", *agent ? agent : "");
    if (*agent)
        strcat(what, ")");
    for (size_t i = 0; i < dp->ntext; i++)
        if (c->text[i] >= 0)
            scan_text(dp, host, ccs_record_column(rec, c->text[i]), dp->text_cols[i], what, ref,
                      *agent ? agent : NULL);
    if (!dp->have_latest || day > dp->latest_day)
        dp->latest_day = day;
    dp->have_latest = 1;
    if (rec->kind == CCS_REC_EVALUATION) {
        retain(dp, P_EVALUATIONS, rec->file, day);
        return;
    }
    retain(dp, P_CONTACTS, rec->file, day);
    int recorded = c->recorded >= 0 && truthy(ccs_record_column(rec, c->recorded));
    if (recorded)
        retain(dp, P_RECORDINGS, rec->file, day);
    char msg[1024];
    if (c->disclosed >= 0 && c->idv >= 0 && truthy(ccs_record_column(rec, c->disclosed)) &&
        !truthy(ccs_record_column(rec, c->idv))) {
        snprintf(msg, sizeof msg, "%s: account data was disclosed ('%s') without a passed ID&V step ('%s') on the "
                 "same contact", what, dp->col_disclosed, dp->col_idv);
        finding(dp, host, R_IDV, CCS_SEV_BREACH, ref, *agent ? agent : NULL, "disclosed without ID&V passed",
                "ID&V passed before any disclosure", msg);
    }
    if (recorded && c->notice >= 0 && !truthy(ccs_record_column(rec, c->notice))) {
        snprintf(msg, sizeof msg, "%s: the contact was recorded ('%s') without a recording notice ('%s')", what,
                 dp->col_recorded, dp->col_notice);
        finding(dp, host, R_NOTICE, CCS_SEV_BREACH, ref, *agent ? agent : NULL, "recorded without notice",
                "a recording notice on every recorded contact", msg);
    }
}

static int dp_finish(void *inst, ccs_host *host)
{
    dp_inst *dp = inst;
    int32_t as_of = dp->as_of_day;
    if (dp->as_of_kind == 0)
        as_of = dp->latest_day;
    else if (dp->as_of_kind == 1) {
        int32_t minute;
        api->local_time(host, (int64_t)time(NULL), &as_of, &minute);
    }
    char asof[16], oldest[16], m[160], lim[96], msg[1024];
    fmt_day(asof, as_of);
    for (size_t i = 0; i < dp->nret && (dp->have_latest || dp->as_of_kind); i++) {
        ret_source *r = &dp->ret[i];
        int64_t keep = dp->retention[r->purpose];
        uint64_t due = 0;
        int32_t first = 0;
        int have = 0;
        for (size_t k = 0; k < r->hist.n; k++) {
            int32_t day = r->hist.base + (int32_t)k;
            if (!r->hist.c[k] || (int64_t)as_of - day <= keep)
                continue;
            if (!have)
                first = day;
            have = 1;
            due += r->hist.c[k];
        }
        if (!due)
            continue;
        fmt_day(oldest, first);
        const char *p = purpose_names[r->purpose];
        const char *recs = due == 1 ? "record" : "records";
        snprintf(m, sizeof m, "%llu %s (oldest %s, %lld days old)", (unsigned long long)due, recs, oldest,
                 (long long)((int64_t)as_of - first));
        snprintf(lim, sizeof lim, "%lld days (%s)", (long long)keep, p);
        snprintf(msg, sizeof msg,
                 "%s: %llu %s in %s %s older than the %lld-day retention period for %s as of %s (oldest "
                 "from %s) and %s due for deletion",
                 p, (unsigned long long)due, recs, r->file ? r->file : "the input", due == 1 ? "is" : "are", (long long)keep, p, asof,
                 oldest, due == 1 ? "is" : "are");
        finding(dp, host, R_RETENTION, dp->retention_severity, r->file ? r->file : p, NULL, m, lim, msg);
    }
    size_t total = 0;
    for (int r = 0; r < R_COUNT; r++)
        total += dp->counts[r];
    char text[1024], json[1024];
    size_t tl = 0, jl = 0;
    tl += (size_t)snprintf(text + tl, sizeof text - tl, "  %zu findings (retention as of %s)\n", total, asof);
    jl += (size_t)snprintf(json + jl, sizeof json - jl, "{\"as_of\": \"%s\", \"findings\": {", asof);
    for (int r = 0; r < R_COUNT; r++) {
        tl += (size_t)snprintf(text + tl, sizeof text - tl, "  %-22s %zu\n", rule_ids[r], dp->counts[r]);
        jl += (size_t)snprintf(json + jl, sizeof json - jl, "%s\"%s\": %zu", r ? ", " : "", rule_ids[r],
                               dp->counts[r]);
    }
    snprintf(json + jl, sizeof json - jl, "}}");
    ccs_section sec = { "data_protection", "Data protection", text, json };
    return api->add_section(host, &sec);
}

/* ------------------------------------------------------------ component */

#define NOLIMIT 0, 0
static const ccs_key dp_keys[] = {
    { "columns", CCS_KEY_STRING, "notes", "free-text columns to scan for card numbers and security codes "
      "(contacts or evaluations), separated by spaces or commas", NULL, NOLIMIT },
    { "mask", CCS_KEY_ENUM, "first6_last4", "evidence of a card number: first 6 and last 4 digits, last 4 only, "
      "or every digit masked", "first6_last4|last4|all", NOLIMIT },
    { "cvv_window_words", CCS_KEY_INT, "3", "a 3-4 digit number with at most this many words between it and cvv, "
      "cvc, cv2 or security code (before or after) is a security code", NULL, 0, 50 },
    { "disclosure_column", CCS_KEY_STRING, "account_disclosed", "contacts column (0/1) flagging that account data "
      "was disclosed; empty: ID&V not checked", NULL, NOLIMIT },
    { "idv_column", CCS_KEY_STRING, "idv_passed", "contacts column (1/yes/true/passed) flagging a passed ID&V step",
      NULL, NOLIMIT },
    { "recorded_column", CCS_KEY_STRING, "recorded", "contacts column (0/1) flagging a recorded contact; empty: "
      "recording notice not checked", NULL, NOLIMIT },
    { "notice_column", CCS_KEY_STRING, "recording_notice", "contacts column (0/1) flagging that the recording "
      "notice was given", NULL, NOLIMIT },
    { "contacts_retention_days", CCS_KEY_INT, "730", "keep contact records this many days (0: not checked)", NULL, 0, 36500 },
    { "recordings_retention_days", CCS_KEY_INT, "365", "keep recordings (recorded contacts) this many days (0: not checked)",
      NULL, 0, 36500 },
    { "evaluations_retention_days", CCS_KEY_INT, "730", "keep QA evaluations this many days (0: not checked)", NULL, 0, 36500 },
    { "as_of", CCS_KEY_STRING, "latest", "date that retention is judged on: latest (the newest record's day, so a "
      "report is reproducible), today, or YYYY-MM-DD", NULL, NOLIMIT },
    { "retention_severity", CCS_KEY_ENUM, "advisory", "severity of dp.retention findings",
      "info|advisory|breach|critical", NOLIMIT },
    { "owner", CCS_KEY_STRING, "data protection officer", "who acts on these findings", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void dp_destroy(void *inst)
{
    dp_inst *dp = inst;
    if (!dp)
        return;
    for (size_t i = 0; i < dp->ntext; i++)
        free(dp->text_cols[i]);
    free(dp->text_cols);
    free(dp->col_disclosed);
    free(dp->col_idv);
    free(dp->col_recorded);
    free(dp->col_notice);
    free(dp->owner);
    for (int i = 0; i < 2; i++)
        free(dp->maps[i].text);
    for (size_t i = 0; i < dp->nret; i++)
        free(dp->ret[i].hist.c);
    free(dp->ret);
    free(dp);
}

static int dp_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    dp_inst *dp = calloc(1, sizeof *dp);
    if (!dp)
        return CCS_ERR;
    const char *cols = api->config_string(cfg, "columns");
    for (const char *p = cols; p && *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        size_t n = strcspn(p, " ,\t");
        if (!n)
            break;
        char **g = realloc(dp->text_cols, (dp->ntext + 1) * sizeof *g);
        if (!g || !(g[dp->ntext] = strndup(p, n))) {
            if (g)
                dp->text_cols = g;
            dp_destroy(dp);
            return CCS_ERR;
        }
        dp->text_cols = g;
        dp->ntext++;
        p += n;
    }
    dp->mask = api->config_enum(cfg, "mask");
    dp->window = (int)api->config_int(cfg, "cvv_window_words");
    dp->col_disclosed = strdup(api->config_string(cfg, "disclosure_column"));
    dp->col_idv = strdup(api->config_string(cfg, "idv_column"));
    dp->col_recorded = strdup(api->config_string(cfg, "recorded_column"));
    dp->col_notice = strdup(api->config_string(cfg, "notice_column"));
    dp->owner = strdup(api->config_string(cfg, "owner"));
    dp->retention[P_CONTACTS] = api->config_int(cfg, "contacts_retention_days");
    dp->retention[P_RECORDINGS] = api->config_int(cfg, "recordings_retention_days");
    dp->retention[P_EVALUATIONS] = api->config_int(cfg, "evaluations_retention_days");
    dp->retention_severity = CCS_SEV_INFO + api->config_enum(cfg, "retention_severity");
    if (!dp->col_disclosed || !dp->col_idv || !dp->col_recorded || !dp->col_notice || !dp->owner) {
        dp_destroy(dp);
        return CCS_ERR;
    }
    const char *as_of = api->config_string(cfg, "as_of");
    ccs_str s = { as_of, strlen(as_of) };
    if (strcmp(as_of, "latest") == 0)
        dp->as_of_kind = 0;
    else if (strcmp(as_of, "today") == 0)
        dp->as_of_kind = 1;
    else if (parse_date(s, &dp->as_of_day) == 0)
        dp->as_of_kind = 2;
    else {
        api->log(host, CCS_LOG_ERROR, "as_of = '%s': use latest, today or a date YYYY-MM-DD", as_of);
        dp_destroy(dp);
        return CCS_ERR;
    }
    *inst = dp;
    return CCS_OK;
}

static const ccs_check_ops dp_ops = { sizeof(ccs_check_ops), CCS_REC_CONTACT | CCS_REC_EVALUATION, dp_add,
                                      dp_finish };

static const ccs_component dp_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "data_protection",
    "PCI DSS and GDPR checks over contacts and evaluations; no finding ever carries note text or a full "
    "card number. Rules:\n"
    "        dp.card_number      critical: a 13-19 digit run in a free-text column (single spaces or hyphens\n"
    "                            between digits, no digit just before or after) passing Luhn with an issuer\n"
    "                            prefix (Visa, Mastercard, Amex, Discover, Diners, JCB, Maestro); masked\n"
    "        dp.cvv              critical: a 3-4 digit number at most cvv_window_words words from cvv/cvc/cv2/security code\n"
    "        dp.idv              breach: account data disclosed (disclosure_column) without ID&V passed (idv_column)\n"
    "        dp.recording_notice breach: recorded (recorded_column) without a recording notice (notice_column)\n"
    "        dp.retention        retention_severity: records older than *_retention_days as of as_of, one\n"
    "                            finding per purpose (contacts, recordings, evaluations) and file, with the\n"
    "                            count and the oldest date",
    dp_keys, dp_create, dp_destroy, &dp_ops,
};

static int dp_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &dp_component);
}

CCS_MODULE(data_protection, "1.0", "data protection: card numbers, security codes, ID&V, recording notice, "
           "retention", dp_init, NULL)
