/* data_protection against hand-made records: card numbers of every length
 * (13-19) and issuer, Luhn-valid and not, separators, digits next to the run,
 * masking, security codes near their keywords, ID&V, recording notice,
 * retention at, under and over the limit, and no raw text in any finding.
 * The plugin's sources are linked in, with the test host (testhost.h) for the
 * engine, on a UTC calendar; the report section is checked as data
 * (add_report_section). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../plugins/checks/data_protection/dp.h"
#include "parse.h"
#include "testhost.h"

#include <string.h>

const ccs_module *data_protection_LTX_ccs_module_entry(void);

/* The test host, and what the assertions read of it. */
static testhost *th;
static const ccs_component *component;
#define fake_findings (th->findings)
#define fake_nfindings (th->nfindings)
#define fake_count(rule) testhost_count(th, rule)
#define fake_first(rule) testhost_first(th, rule)

/* A host with data_protection loaded and an instance of it configured by the
 * engine from over's keys; NULL when the engine refuses them. */
static const ccs_config *host_with(const char *const over[][2])
{
    testhost_free(th);
    th = testhost_new("UTC");
    assert_int_equal(testhost_load(th, data_protection_LTX_ccs_module_entry()), CCS_OK);
    component = testhost_component(th, "data_protection");
    assert_non_null(component);
    char keys[1024] = "";
    for (int i = 0; over && over[i][0]; i++)
        snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s = %s\n", over[i][0], over[i][1]);
    const ccs_config *cfg = testhost_config(th, "data_protection", keys);
    if (!cfg)
        fail_msg("%s", testhost_errors(th));
    return cfg;
}

/* ---------------------------------------------------------------- helpers */

/* The test's own Luhn: the check digit that completes body. */
static char check_digit(const char *body)
{
    size_t n = strlen(body);
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = body[n - 1 - i] - '0';
        if (i % 2 == 0) { /* doubled: every second digit from the check digit */
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

/* prefix, then 1,2,3... up to len-1 digits, then the check digit (+bump) */
static void make_number(char *out, const char *prefix, int len, int bump)
{
    int p = (int)strlen(prefix);
    memcpy(out, prefix, (size_t)p);
    for (int i = p; i < len - 1; i++)
        out[i] = (char)('0' + (i * 7 + 3) % 10);
    out[len - 1] = '\0';
    char c = check_digit(out);
    out[len - 1] = (char)('0' + (c - '0' + bump) % 10);
    out[len] = '\0';
}

static size_t cards_in(const char *text, card_hit *hits)
{
    size_t total;
    size_t n = find_cards(text, strlen(text), hits, 16, &total);
    assert_int_equal(n, total);
    return n;
}

/* ---------------------------------------------------------------- Luhn */

static void test_luhn_by_hand(void **state)
{
    (void)state;
    /* 7992739871x: the textbook example, check digit 3 */
    assert_true(luhn_ok("79927398713", 11));
    assert_false(luhn_ok("79927398710", 11));
    assert_int_equal(check_digit("7992739871"), '3');
    /* well-known test numbers of each issuer */
    static const struct { const char *n, *brand; } known[] = {
        { "4111111111111111", "Visa" }, { "4222222222222", "Visa" },
        { "5555555555554444", "Mastercard" }, { "2223003122003222", "Mastercard" },
        { "378282246310005", "American Express" }, { "371449635398431", "American Express" },
        { "6011111111111117", "Discover" }, { "30569309025904", "Diners Club" },
        { "3530111333300000", "JCB" }, { "6759649826438453", "Maestro" },
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        card_hit h[16];
        assert_int_equal(cards_in(known[i].n, h), 1);
        assert_string_equal(h[0].brand, known[i].brand);
        assert_string_equal(h[0].digits, known[i].n);
    }
}

static void test_every_length_and_issuer(void **state)
{
    (void)state;
    static const struct { const char *prefix, *brand; } issuers[] = {
        { "4", "Visa" }, { "51", "Mastercard" }, { "55", "Mastercard" }, { "2221", "Mastercard" },
        { "2720", "Mastercard" }, { "34", "American Express" }, { "37", "American Express" },
        { "6011", "Discover" }, { "644", "Discover" }, { "649", "Discover" }, { "65", "Discover" },
        { "300", "Diners Club" }, { "305", "Diners Club" }, { "36", "Diners Club" },
        { "38", "Diners Club" }, { "39", "Diners Club" }, { "3528", "JCB" }, { "3589", "JCB" },
        { "50", "Maestro" }, { "56", "Maestro" }, { "58", "Maestro" }, { "69", "Maestro" },
    };
    static const char *const not_issuers[] = { "1", "7", "8", "9", "0", "2220", "2721", "306", "33",
                                               "3527", "3590", "31" };
    char num[24], text[64];
    for (int len = 13; len <= 19; len++) {
        for (size_t i = 0; i < sizeof issuers / sizeof issuers[0]; i++) {
            card_hit h[16];
            make_number(num, issuers[i].prefix, len, 0);
            snprintf(text, sizeof text, "card %s ok", num);
            assert_int_equal(cards_in(text, h), 1);
            assert_string_equal(h[0].brand, issuers[i].brand);
            assert_int_equal(h[0].n, (size_t)len);
            for (int bump = 1; bump <= 9; bump++) { /* every wrong check digit */
                make_number(num, issuers[i].prefix, len, bump);
                snprintf(text, sizeof text, "card %s ok", num);
                assert_int_equal(cards_in(text, h), 0);
            }
        }
        for (size_t i = 0; i < sizeof not_issuers / sizeof not_issuers[0]; i++) {
            card_hit h[16];
            make_number(num, not_issuers[i], len, 0);
            assert_int_equal(cards_in(num, h), 0);
        }
    }
    /* 12 and 20 digits are not card numbers even when Luhn-valid */
    card_hit h[16];
    make_number(num, "4", 12, 0);
    assert_int_equal(cards_in(num, h), 0);
    make_number(num, "4", 20, 0);
    assert_int_equal(cards_in(num, h), 0);
}

/* Issue 20: a card number after 61 one-digit groups in the same chain
 * (more than the 64 groups the detector once kept) is still found, and
 * one after 5000 groups too. */
static void test_card_after_many_groups(void **state)
{
    (void)state;
    static char text[16384];
    card_hit h[16];
    for (int groups = 61; groups <= 5000; groups += 4939) {
        size_t n = (size_t)snprintf(text, sizeof text, "items");
        for (int i = 0; i < groups; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, " 1");
        snprintf(text + n, sizeof text - n, " 4111 1111 1111 1111 end");
        assert_int_equal(cards_in(text, h), 1);
        assert_string_equal(h[0].digits, "4111111111111111");
        assert_int_equal(h[0].e - h[0].s, 19);
        assert_int_equal(h[0].s, strlen(text) - strlen("4111 1111 1111 1111 end"));
    }
}

static void test_separators_and_neighbours(void **state)
{
    (void)state;
    card_hit h[16];
    assert_int_equal(cards_in("4111 1111 1111 1111", h), 1);
    assert_int_equal(cards_in("4111-1111-1111-1111", h), 1);
    assert_int_equal(cards_in("4111 1111-1111 1111", h), 1);
    assert_int_equal(cards_in("3782 822463 10005", h), 1);
    assert_string_equal(h[0].digits, "378282246310005");
    assert_int_equal(h[0].s, 0);
    assert_int_equal(h[0].e, 17);
    assert_int_equal(cards_in("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", h), 1); /* single separators */
    /* two separators in a row end the run: 4 + 12 digits */
    assert_int_equal(cards_in("4111  1111 1111 1111", h), 0);
    assert_int_equal(cards_in("4111--1111-1111-1111", h), 0);
    assert_int_equal(cards_in("4111 _1111 1111 1111", h), 0);
    /* a digit directly before or after: a longer number, not a card */
    assert_int_equal(cards_in("94111111111111111", h), 0);
    assert_int_equal(cards_in("41111111111111110", h), 0);
    assert_int_equal(cards_in("order 41111111111111112938475610", h), 0);
    /* letters around it are no digits */
    assert_int_equal(cards_in("card:4111111111111111.", h), 1);
    /* order and phone numbers of the example data */
    assert_int_equal(cards_in("order ref 1029 3847 5610 2938 quoted", h), 0);
    assert_int_equal(cards_in("contact number 07700 900461 confirmed", h), 0);
    /* a number read out before its expiry or code: the card still shows */
    assert_int_equal(cards_in("4111 1111 1111 1111 12 27", h), 1);
    assert_string_equal(h[0].digits, "4111111111111111");
    /* two cards in one note */
    assert_int_equal(cards_in("4111111111111111 then 5555-5555-5555-4444", h), 2);
    assert_string_equal(h[1].brand, "Mastercard");
}

static void test_masking(void **state)
{
    (void)state;
    char out[24];
    mask_number(out, "4111111111111111", 16, MASK_FIRST6_LAST4);
    assert_string_equal(out, "411111******1111");
    mask_number(out, "378282246310005", 15, MASK_FIRST6_LAST4);
    assert_string_equal(out, "378282*****0005");
    mask_number(out, "4222222222222", 13, MASK_FIRST6_LAST4);
    assert_string_equal(out, "422222***2222");
    mask_number(out, "4111111111111111", 16, MASK_LAST4);
    assert_string_equal(out, "************1111");
    mask_number(out, "4111111111111111", 16, MASK_ALL);
    assert_string_equal(out, "****************");
}

static size_t codes_in(const char *text, int window)
{
    code_hit c[8];
    return find_codes(text, strlen(text), window, c, 8);
}

/* The fast passes read sixteen bytes at a time: a keyword, a card number
 * or the 13th digit at every position around a block's edges is still
 * found, and 12 digits alone are no card. */
static void test_fast_pass_at_every_offset(void **state)
{
    (void)state;
    static const char *const found[] = { "CVV 123", "cv2: 123", "Security code 4321", "sec 4111 1111 1111 1111" };
    char text[96];
    for (size_t f = 0; f < sizeof found / sizeof found[0]; f++) {
        for (size_t at = 0; at < 40; at++) {
            memset(text, 'x', at);
            text[at ? at - 1 : 0] = at ? ' ' : text[0];
            snprintf(text + at, sizeof text - at, "%s and more text after it", found[f]);
            card_hit h[4];
            size_t total = 0;
            size_t got = f < 3 ? codes_in(text, 3) : find_cards(text, strlen(text), h, 4, &total);
            assert_int_equal(got, 1);
        }
    }
    assert_true(dp_has_digits("ab12345678901234", 16, 13));
    assert_false(dp_has_digits("ab1234567890123x", 16, 14));
    assert_false(dp_has_digits("123456789012 and some more words after", 38, 13));
    assert_false(dp_may_have_keyword("a note about a civic service, with no code word", 47));
    assert_true(dp_may_have_keyword("a note about a civic service, with no code word... cVv", 54));
    /* Every length and place, against the rules written out byte by byte:
     * the fast passes read 16 bytes at a time and pad the last few. */
    for (size_t len = 0; len <= 40; len++)
        for (size_t at = 0; at <= len; at++) {
            char text[48];
            memset(text, 'x', len);
            /* digits from `at` to the end: len - at of them */
            memset(text + at, '7', len - at);
            for (size_t need = 1; need <= 20; need++)
                if (dp_has_digits(text, len, need) != (len - at >= need))
                    fail_msg("dp_has_digits: %zu digits ending a text of %zu, need %zu", len - at, len, need);
            if (dp_text_hints(text, len) != ((len - at >= DP_CARD_MIN_DIGITS ? DP_HINT_DIGITS : 0) |
                                             (dp_may_have_keyword(text, len) ? DP_HINT_KEYWORD : 0)))
                fail_msg("dp_text_hints: %zu digits ending a text of %zu", len - at, len);
            /* a keyword at `at`, cut short by the text's end */
            static const char *const words[] = { "cv", "sec" "urity", "Security", "sec" };
            for (size_t w = 0; w < 4; w++) {
                memset(text, 'x', len);
                size_t wl = strlen(words[w]), fits = len - at < wl ? len - at : wl;
                memcpy(text + at, words[w], fits);
                int want = fits == wl && w < 3; /* "sec" alone is no keyword */
                if (dp_may_have_keyword(text, len) != want)
                    fail_msg("dp_may_have_keyword: '%s' at %zu of %zu", words[w], at, len);
                /* with digits around it too: both hints from the one pass */
                for (size_t d = 0; d + 1 < at && d < 14; d++)
                    text[d] = '5';
                unsigned hints = dp_text_hints(text, len), digits = at > 1 ? (unsigned)(at - 1 < 14 ? at - 1 : 14) : 0;
                if (hints != ((digits >= DP_CARD_MIN_DIGITS ? DP_HINT_DIGITS : 0u) | (want ? DP_HINT_KEYWORD : 0u)))
                    fail_msg("dp_text_hints: '%s' at %zu of %zu after %u digits: %u", words[w], at, len, digits, hints);
            }
        }
}

static void test_security_codes(void **state)
{
    (void)state;
    assert_int_equal(codes_in("cvv 123", 3), 1);
    assert_int_equal(codes_in("CVV: 1234.", 3), 1);
    assert_int_equal(codes_in("the cv2 is 042, thanks", 3), 1);
    assert_int_equal(codes_in("CVC2 (987)", 3), 1);
    assert_int_equal(codes_in("security code was 5678", 3), 1);
    assert_int_equal(codes_in("123 is the cvv", 3), 1);
    assert_int_equal(codes_in("cvv a b c 123", 3), 1);   /* three words between */
    assert_int_equal(codes_in("cvv a b c d 123", 3), 0); /* four words between */
    assert_int_equal(codes_in("cvv a b c d 123", 4), 1);
    assert_int_equal(codes_in("cvv 12", 3), 0);          /* too short */
    assert_int_equal(codes_in("cvv 12345", 3), 0);       /* too long */
    assert_int_equal(codes_in("cvv not given", 3), 0);
    assert_int_equal(codes_in("code 123", 3), 0);        /* no keyword */
    assert_int_equal(codes_in("security 123", 3), 0);
    assert_int_equal(codes_in("reference 123 only", 3), 0);
    /* a card number's groups are not codes */
    assert_int_equal(codes_in("4111 1111 1111 1111 cvv", 3), 0);
    assert_int_equal(codes_in("3782 822463 10005 and cvv 456", 3), 1);
    /* one number next to two keywords is one code */
    assert_int_equal(codes_in("cvv/cvc 321 cvc", 3), 1);
}

/* ---------------------------------------------------------------- the plugin */

static void *inst;
enum { C_NOTES, C_RECORDED, C_NOTICE, C_DISCLOSED, C_IDV, C_COMMENTS, NCOLS };

static void start_with(const char *const over[][2])
{
    const ccs_config *cfg = host_with(over);
    static const char *const cols[] = { "notes", "recorded", "recording_notice", "account_disclosed",
                                        "idv_passed", "comments", NULL };
    testhost_columns(th, CCS_REC_CONTACT, cols);
    testhost_columns(th, CCS_REC_EVALUATION, cols);
    inst = NULL;
    assert_int_equal(component->create(th, cfg, &inst), CCS_OK);
}

static void stop(void)
{
    component->destroy(inst);
    testhost_free(th);
    th = NULL;
}

static ccs_str S(const char *s)
{
    return (ccs_str){ s, strlen(s) };
}

static void contact(const char *file, const char *id, int y, int m, int d, const char *notes, const char *recorded,
                    const char *notice, const char *disclosed, const char *idv)
{
    ccs_str fields[NCOLS] = { S(notes), S(recorded), S(notice), S(disclosed), S(idv), S("") };
    ccs_contact c;
    memset(&c, 0, sizeof c);
    c.hdr.kind = CCS_REC_CONTACT;
    c.hdr.size = sizeof c;
    c.hdr.file = file;
    c.hdr.line = 2;
    c.hdr.fields = fields;
    c.hdr.nfields = NCOLS;
    c.hdr.stream = CCS_REC_CONTACT;
    c.contact_id = S(id);
    c.agent_id = S("A7");
    c.notes = S(notes);
    c.local_day = days_from_civil(y, m, d);
    ((const ccs_check_ops *)component->ops)->add(inst, th, &c.hdr);
}

static void evaluation(const char *file, uint64_t line, int y, int m, int d)
{
    ccs_str fields[NCOLS] = { S(""), S(""), S(""), S(""), S(""), S("") };
    ccs_evaluation e;
    memset(&e, 0, sizeof e);
    e.hdr.kind = CCS_REC_EVALUATION;
    e.hdr.size = sizeof e;
    e.hdr.file = file;
    e.hdr.line = line;
    e.hdr.fields = fields;
    e.hdr.nfields = NCOLS;
    e.hdr.stream = CCS_REC_EVALUATION;
    e.agent_id = S("A7");
    e.local_day = days_from_civil(y, m, d);
    ((const ccs_check_ops *)component->ops)->add(inst, th, &e.hdr);
}

static void finish(void)
{
    assert_int_equal(((const ccs_check_ops *)component->ops)->finish(inst, th), CCS_OK);
}

static void test_card_findings_are_masked_and_never_raw(void **state)
{
    (void)state;
    start_with(NULL);
    const char *note = "zebra lantern protocol: card 4111 1111 1111 1111 and cvv 737, paid by IVR";
    contact("c.csv", "K1", 2026, 11, 20, note, "0", "0", "0", "0");
    finish();
    assert_int_equal(fake_count("dp.card_number"), 1);
    assert_int_equal(fake_count("dp.cvv"), 1);
    const ccs_finding *f = fake_first("dp.card_number");
    assert_int_equal(f->severity, CCS_SEV_CRITICAL);
    assert_string_equal(f->reference, "K1");
    assert_string_equal(f->agent_id, "A7");
    assert_string_equal(f->owner, "data protection officer");
    assert_string_equal(f->measured, "411111******1111 (Visa, 16 digits)");
    assert_string_equal(fake_first("dp.cvv")->measured, "*** (3 digits near 'cvv')");
    for (size_t i = 0; i < fake_nfindings; i++) {
        const ccs_finding *x = &fake_findings[i];
        const char *fields[] = { x->rule, x->owner, x->reference, x->agent_id, x->measured, x->limit, x->message };
        for (size_t k = 0; k < 7; k++) {
            if (!fields[k])
                continue;
            assert_null(strstr(fields[k], "4111111111111111"));
            assert_null(strstr(fields[k], "4111 1111 1111 1111"));
            assert_null(strstr(fields[k], "1111 1111"));
            assert_null(strstr(fields[k], "737"));
            assert_null(strstr(fields[k], "zebra"));
            assert_null(strstr(fields[k], "lantern"));
            assert_null(strstr(fields[k], "IVR"));
        }
    }
    stop();
    /* mask = all: not even the last four */
    static const char *const all[][2] = { { "mask", "all" }, { NULL, NULL } };
    start_with(all);
    contact("c.csv", "K2", 2026, 11, 20, "5555555555554444", "0", "0", "0", "0");
    finish();
    assert_string_equal(fake_first("dp.card_number")->measured, "**************** (Mastercard, 16 digits)");
    assert_null(strstr(fake_first("dp.card_number")->message, "4444"));
    stop();
}

static void test_columns_key(void **state)
{
    (void)state;
    /* only the columns named are scanned */
    static const char *const over[][2] = { { "columns", "comments" }, { NULL, NULL } };
    start_with(over);
    contact("c.csv", "K1", 2026, 11, 20, "4111111111111111", "0", "0", "0", "0");
    finish();
    assert_int_equal(fake_count("dp.card_number"), 0);
    stop();
}

static void test_idv_and_recording_notice(void **state)
{
    (void)state;
    start_with(NULL);
    contact("c.csv", "K1", 2026, 11, 20, "", "1", "1", "1", "1");      /* fine */
    contact("c.csv", "K2", 2026, 11, 20, "", "1", "0", "1", "0");      /* both */
    contact("c.csv", "K3", 2026, 11, 20, "", "0", "0", "0", "0");      /* nothing disclosed, not recorded */
    contact("c.csv", "K4", 2026, 11, 20, "", "1", "", "1", "passed");  /* no notice */
    contact("c.csv", "K5", 2026, 11, 20, "", "yes", "yes", "1", "");   /* no ID&V */
    finish();
    assert_int_equal(fake_count("dp.idv"), 2);
    assert_int_equal(fake_count("dp.recording_notice"), 2);
    assert_string_equal(fake_first("dp.idv")->reference, "K2");
    assert_int_equal(fake_first("dp.idv")->severity, CCS_SEV_BREACH);
    assert_string_equal(fake_first("dp.recording_notice")->reference, "K2");
    assert_string_equal(fake_findings[2].reference, "K4");
    assert_string_equal(fake_findings[3].reference, "K5");
    assert_string_equal(fake_findings[3].rule, "dp.idv");
    stop();
}

static void test_retention(void **state)
{
    (void)state;
    static const char *const over[][2] = { { "as_of", "2026-11-20" }, { NULL, NULL } };
    start_with(over);
    /* 730 days before 2026-11-20 is 2024-11-20: that day is kept, the day before is not */
    contact("c.csv", "K1", 2024, 11, 20, "", "1", "1", "0", "0");
    contact("c.csv", "K2", 2024, 11, 19, "", "1", "1", "0", "0");
    contact("c.csv", "K3", 2023, 1, 2, "", "0", "1", "0", "0");
    contact("c.csv", "K4", 2025, 11, 20, "", "1", "1", "0", "0"); /* recordings: 365 days, kept */
    contact("c.csv", "K5", 2025, 11, 19, "", "1", "1", "0", "0"); /* 366 days: due */
    contact("d.csv", "K6", 2020, 5, 1, "", "0", "1", "0", "0");   /* another file */
    evaluation("e.csv", 9, 2024, 11, 19);
    evaluation("e.csv", 10, 2026, 1, 1);
    finish();
    assert_int_equal(fake_count("dp.retention"), 4);
    const ccs_finding *f = fake_first("dp.retention");
    assert_int_equal(f->severity, CCS_SEV_ADVISORY);
    assert_string_equal(f->reference, "c.csv");
    assert_null(f->agent_id);
    assert_string_equal(f->measured, "2 records (oldest 2023-01-02, 1418 days old)");
    assert_string_equal(f->limit, "730 days (contacts)");
    assert_non_null(strstr(f->message, "contacts: 2 records in c.csv are older than the 730-day"));
    assert_string_equal(fake_findings[1].limit, "365 days (recordings)");
    assert_string_equal(fake_findings[1].measured, "3 records (oldest 2024-11-19, 731 days old)");
    assert_string_equal(fake_findings[2].reference, "d.csv");
    assert_string_equal(fake_findings[2].measured, "1 record (oldest 2020-05-01, 2394 days old)");
    assert_string_equal(fake_findings[3].limit, "730 days (evaluations)");
    assert_string_equal(fake_findings[3].reference, "e.csv");
    assert_string_equal(fake_findings[3].measured, "1 record (oldest 2024-11-19, 731 days old)");
    stop();
    /* as_of = latest: the newest record's day; 0 days turns a purpose off */
    static const char *const latest[][2] = { { "contacts_retention_days", "0" }, { "retention_severity", "breach" },
                                             { NULL, NULL } };
    start_with(latest);
    contact("c.csv", "K1", 2025, 1, 1, "", "1", "1", "0", "0");
    contact("c.csv", "K2", 2026, 1, 2, "", "0", "1", "0", "0"); /* latest: 366 days after K1 */
    finish();
    assert_int_equal(fake_count("dp.retention"), 1);
    assert_string_equal(fake_first("dp.retention")->limit, "365 days (recordings)");
    assert_int_equal(fake_first("dp.retention")->severity, CCS_SEV_BREACH);
    stop();
}

static void test_bad_as_of_is_refused(void **state)
{
    (void)state;
    static const char *const over[][2] = { { "as_of", "yesterday" }, { NULL, NULL } };
    const ccs_config *bad = host_with(over);
    void *x = NULL;
    assert_int_equal(component->create(th, bad, &x), CCS_ERR);
    testhost_free(th);
    th = NULL;
}

/* ---------------------------------------------------------------- the section */

static int32_t want_as_of;
static const size_t want_counts[R_COUNT] = { 1, 1, 1, 1, 2 };

static const ccs_table *table_named(const ccs_report_section *s, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].name, name) == 0)
            return &s->tables[i];
    return NULL;
}

static int check_section(const ccs_report_section *s)
{
    assert_true(CCS_HAS_FIELD(s, ccs_report_section, charts));
    assert_string_equal(s->name, "data_protection");
    assert_string_equal(s->title, "Data protection");
    assert_int_equal(s->nnotes, 1);
    assert_string_equal(s->notes[0], "6 findings (retention as of 2026-11-20)");
    assert_int_equal(s->ntables, 2);
    assert_int_equal(s->ncharts, 0);
    const ccs_table *f = table_named(s, "summary");
    assert_non_null(f);
    assert_true(f->flags & CCS_TABLE_FACTS);
    assert_int_equal(f->nrows, 1);
    assert_int_equal(f->ncolumns, 1);
    assert_string_equal(f->columns[0].name, "as_of");
    assert_int_equal(f->columns[0].type, CCS_VAL_DATE);
    assert_true(f->cells[0].present);
    assert_int_equal((int32_t)f->cells[0].number, want_as_of);
    const ccs_table *t = table_named(s, "findings");
    assert_non_null(t);
    assert_int_equal(t->flags, 0);
    assert_int_equal(t->ncolumns, 2);
    assert_string_equal(t->columns[0].name, "rule");
    assert_int_equal(t->columns[0].type, CCS_VAL_ID);
    assert_string_equal(t->columns[1].name, "count");
    assert_int_equal(t->columns[1].type, CCS_VAL_COUNT);
    assert_int_equal(t->nrows, R_COUNT);
    static const char *const rules[R_COUNT] = { "dp.card_number", "dp.cvv", "dp.idv", "dp.recording_notice",
                                                "dp.retention" };
    for (size_t r = 0; r < R_COUNT; r++) {
        assert_string_equal(t->cells[2 * r].text, rules[r]);
        assert_true(t->cells[2 * r + 1].present);
        assert_int_equal((size_t)t->cells[2 * r + 1].number, want_counts[r]);
    }
    return CCS_OK;
}

static void test_report_section(void **state)
{
    (void)state;
    static const char *const over[][2] = { { "as_of", "2026-11-20" }, { NULL, NULL } };
    start_with(over);
    want_as_of = days_from_civil(2026, 11, 20);
    contact("c.csv", "K1", 2026, 11, 20, "card 4111 1111 1111 1111 cvv 737", "0", "0", "0", "0");
    contact("c.csv", "K2", 2026, 11, 20, "", "1", "0", "1", "0");       /* ID&V and notice */
    contact("c.csv", "K3", 2024, 11, 19, "", "1", "1", "0", "0");       /* contacts and recordings due */
    finish();
    assert_int_equal(th->report_sections.n, 1);
    check_section(testhost_report_section(th, "data_protection"));
    for (size_t r = 0; r < R_COUNT; r++)
        assert_int_equal(fake_count(dp_rule_ids[r]), want_counts[r]);
    stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_luhn_by_hand),
        cmocka_unit_test(test_every_length_and_issuer),
        cmocka_unit_test(test_separators_and_neighbours),
        cmocka_unit_test(test_masking),
        cmocka_unit_test(test_security_codes),
        cmocka_unit_test(test_fast_pass_at_every_offset),
        cmocka_unit_test(test_card_findings_are_masked_and_never_raw),
        cmocka_unit_test(test_columns_key),
        cmocka_unit_test(test_idv_and_recording_notice),
        cmocka_unit_test(test_retention),
        cmocka_unit_test(test_card_after_many_groups),
        cmocka_unit_test(test_bad_as_of_is_refused),
        cmocka_unit_test(test_report_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
