/*
 * Tests of the csv source's duplicate window (plugins/sources/csv/dedup.c):
 * hand-worked sequences, then random id streams checked against a plain
 * scan of the W rows before each row (the rule written out: the earliest of
 * those rows with the same id, or none).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csvsrc.h"

/* The window's answer for each id of a "a b a ..." sequence, rows on lines
 * 1, 2, ... */
static void check_sequence(size_t window, const char *ids, const uint64_t *expected)
{
    dup_window w;
    assert_int_equal(cs_dup_init(&w, window), 0);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", ids);
    uint64_t line = 1;
    for (char *save = NULL, *id = strtok_r(buf, " ", &save); id; id = strtok_r(NULL, " ", &save), line++) {
        ccs_str s = { id, strlen(id) };
        uint64_t got = cs_dup_check(&w, s, line);
        if (got != expected[line - 1])
            fail_msg("window %zu, row %llu ('%s'): first on line %llu, expected %llu", window,
                     (unsigned long long)line, id, (unsigned long long)got,
                     (unsigned long long)expected[line - 1]);
    }
    cs_dup_free(&w);
}

static void earliest_in_window(void **state)
{
    (void)state;
    /* W = 3: row 3 sees a1 among rows 1-2; row 6 sees rows 3-5, where a3 is
     * the earliest a (a1 has left). */
    static const uint64_t want[] = { 0, 0, 1, 0, 0, 3 };
    check_sequence(3, "a b a c d a", want);
}

static void steps_along_a_chain(void **state)
{
    (void)state;
    /* W = 4, one id throughout: rows 2-5 see row 1; row 6 sees rows 2-5. */
    static const uint64_t want[] = { 0, 1, 1, 1, 1, 2, 3, 4 };
    check_sequence(4, "a a a a a a a a", want);
}

static void window_edge(void **state)
{
    (void)state;
    /* W = 2: exactly W rows back is in (rows 3 and 5), W + 1 back is out
     * (row 8: a5 is three rows back). */
    static const uint64_t want[] = { 0, 0, 1, 0, 3, 0, 0, 0 };
    check_sequence(2, "a b a c a d e a", want);
    /* W = 1: only the row just before counts. */
    static const uint64_t one[] = { 0, 1, 0, 0, 4 };
    check_sequence(1, "a a b a a", one);
}

static void no_window(void **state)
{
    (void)state;
    dup_window w;
    assert_int_equal(cs_dup_init(&w, 0), 0);
    assert_null(w.ring);
    ccs_str a = { "a", 1 };
    assert_int_equal(cs_dup_check(&w, a, 1), 0);
    assert_int_equal(cs_dup_check(&w, a, 2), 0);
    cs_dup_free(&w);
}

/* xorshift64: a fixed stream for every run. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void matches_a_plain_scan(void **state)
{
    (void)state;
    static const size_t windows[] = { 1, 2, 3, 5, 8, 13, 64, 100, 1000 };
    static const unsigned alphabets[] = { 2, 5, 50, 1000, 100000 };
    enum { ROWS = 6000 };
    unsigned *id = malloc(ROWS * sizeof *id);
    assert_non_null(id);
    uint64_t seed = 0x9E3779B97F4A7C15ull, checked = 0, dups = 0;
    for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++)
        for (size_t ai = 0; ai < sizeof alphabets / sizeof alphabets[0]; ai++) {
            size_t W = windows[wi];
            dup_window w;
            assert_int_equal(cs_dup_init(&w, W), 0);
            for (size_t i = 0; i < ROWS; i++) {
                id[i] = (unsigned)(next_random(&seed) % alphabets[ai]);
                char text[16];
                int n = snprintf(text, sizeof text, "C%u", id[i]);
                ccs_str s = { text, (size_t)n };
                uint64_t line = 10 * (uint64_t)i + 7; /* lines need not be consecutive */
                uint64_t want = 0;
                for (size_t j = i > W ? i - W : 0; j < i; j++)
                    if (id[j] == id[i]) {
                        want = 10 * (uint64_t)j + 7;
                        break;
                    }
                uint64_t got = cs_dup_check(&w, s, line);
                if (got != want)
                    fail_msg("W %zu, %u ids, row %zu: first on line %llu, expected %llu", W, alphabets[ai],
                             i, (unsigned long long)got, (unsigned long long)want);
                checked++;
                dups += want != 0;
            }
            cs_dup_free(&w);
        }
    free(id);
    /* The streams hold both kinds of rows in numbers. */
    assert_true(dups > checked / 4);
    assert_true(checked - dups > checked / 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(earliest_in_window),
        cmocka_unit_test(steps_along_a_chain),
        cmocka_unit_test(window_edge),
        cmocka_unit_test(no_window),
        cmocka_unit_test(matches_a_plain_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
