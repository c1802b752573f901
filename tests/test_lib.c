/*
 * Tests of the shared floor in lib/: the string table, the growing array,
 * the JSON writer and escaper, and the date and duration formatter.
 * Expected values were worked out by hand: day numbers from 365 days a year
 * plus the leap days, JSON texts byte for byte from RFC 8259, numbers from
 * the spacing of doubles.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datefmt.h"
#include "json.h"
#include "strbuf.h"
#include "strtab.h"
#include "vec.h"

/* ------------------------------------------------------------------------
 * strtab
 * ---------------------------------------------------------------------- */

static void test_strtab(void **state)
{
    (void)state;
    strtab t;
    strtab_init(&t);
    assert_int_equal(strtab_find(&t, "a", 1), -1);
    assert_int_equal(strtab_intern(&t, "a", 1), 0);
    assert_int_equal(strtab_intern(&t, "b", 1), 1);
    assert_int_equal(strtab_intern(&t, "a", 1), 0);
    /* by length, not by NUL: "ab" and "abc" are two strings, "abc" cut to 1 is "a" */
    assert_int_equal(strtab_intern(&t, "abc", 2), 2);
    assert_int_equal(strtab_intern(&t, "abc", 3), 3);
    assert_int_equal(strtab_intern(&t, "abc", 1), 0);
    assert_int_equal(strtab_intern_str(&t, "ab"), 2);
    assert_int_equal(strtab_intern_str(&t, ""), 4);
    assert_string_equal(strtab_get(&t, 2), "ab");
    assert_string_equal(strtab_get(&t, 4), "");
    assert_int_equal(strtab_find(&t, "c", 1), -1);
    assert_int_equal(t.n, 5);
    /* enough to grow the slots several times: every index stays where it was */
    char buf[16];
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(buf, sizeof buf, "A%04d", i);
        assert_int_equal(strtab_intern(&t, buf, (size_t)len), 5 + i);
    }
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(buf, sizeof buf, "A%04d", i);
        assert_int_equal(strtab_find(&t, buf, (size_t)len), 5 + i);
        assert_string_equal(strtab_get(&t, 5 + i), buf);
    }
    assert_int_equal(strtab_find(&t, "b", 1), 1);
    strtab_free(&t);
    assert_int_equal(t.n, 0);
    assert_int_equal(strtab_find(&t, "b", 1), -1);
    strtab_free(&t); /* twice is harmless */
}

/* ------------------------------------------------------------------------
 * vec
 * ---------------------------------------------------------------------- */

typedef struct pair {
    int a;
    double b;
} pair;

static void test_vec_reserve(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_int_equal(vec_reserve((void **)&v, &cap, 0, sizeof *v), 0);
    assert_null(v); /* nothing needed, nothing allocated */
    assert_int_equal(vec_reserve((void **)&v, &cap, 1, sizeof *v), 0);
    assert_non_null(v);
    assert_int_equal(cap, 8); /* at least 8 */
    assert_int_equal(vec_reserve((void **)&v, &cap, 8, sizeof *v), 0);
    assert_int_equal(cap, 8); /* room already */
    assert_int_equal(vec_reserve((void **)&v, &cap, 9, sizeof *v), 0);
    assert_int_equal(cap, 16); /* doubled */
    assert_int_equal(vec_reserve((void **)&v, &cap, 100, sizeof *v), 0);
    assert_int_equal(cap, 100); /* need beats doubling */
    v[99] = 7;
    /* a size that overflows: refused, the array untouched */
    int *before = v;
    assert_int_equal(vec_reserve((void **)&v, &cap, SIZE_MAX / sizeof *v + 1, sizeof *v), -1);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 100);
    assert_int_equal(v[99], 7);
    free(v);
}

/* vec_append: an empty destination takes the source's memory (the same
 * pointer, the source emptied); a full one gets a copy (the source kept). */
static void test_vec_append(void **state)
{
    (void)state;
    int *a = NULL, *b = malloc(3 * sizeof *b);
    size_t na = 0, capa = 0, nb = 2, capb = 3;
    assert_non_null(b);
    b[0] = 1, b[1] = 2;
    int *was = b;
    assert_int_equal(vec_append((void **)&a, &na, &capa, (void **)&b, &nb, &capb, sizeof *a), 0);
    assert_ptr_equal(a, was);
    assert_int_equal(na, 2);
    assert_int_equal(capa, 3);
    assert_null(b);
    assert_int_equal(nb, 0);
    assert_int_equal(capb, 0);
    b = malloc(2 * sizeof *b);
    assert_non_null(b);
    b[0] = 3, b[1] = 4, nb = 2, capb = 2;
    assert_int_equal(vec_append((void **)&a, &na, &capa, (void **)&b, &nb, &capb, sizeof *a), 0);
    assert_int_equal(na, 4);
    assert_int_equal(a[0] * 1000 + a[1] * 100 + a[2] * 10 + a[3], 1234);
    assert_int_equal(nb, 2);
    assert_int_equal(b[1], 4);
    nb = 0; /* nothing to append: a no-op */
    assert_int_equal(vec_append((void **)&a, &na, &capa, (void **)&b, &nb, &capb, sizeof *a), 0);
    assert_int_equal(na, 4);
    free(a);
    free(b);
}

static void test_vec_push(void **state)
{
    (void)state;
    pair *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        pair *p = VEC_PUSH(v, n, cap);
        assert_non_null(p);
        assert_ptr_equal(p, &v[i]);
        assert_int_equal(n, (size_t)i + 1);
        assert_int_equal(p->a, 0);
        assert_true(p->b == 0.0);
        p->a = i;
        p->b = i * 0.5;
    }
    assert_int_equal(cap, 1024); /* 8, 16, ..., 1024 */
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(v[i].a, i);
        assert_true(v[i].b == i * 0.5);
    }
    /* a reused slot comes back zeroed */
    n = 10;
    pair *p = VEC_PUSH(v, n, cap);
    assert_ptr_equal(p, &v[10]);
    assert_int_equal(p->a, 0);
    assert_int_equal(n, 11);
    assert_true(VEC_GROW(v, n, cap));
    free(v);

    /* out of memory (here: a size that cannot be allocated): NULL, all untouched */
    pair *w = NULL;
    size_t wn = SIZE_MAX / sizeof *w, wcap = SIZE_MAX / sizeof *w;
    assert_false(VEC_GROW(w, wn, wcap));
    assert_null(VEC_PUSH(w, wn, wcap));
    assert_null(w);
    assert_int_equal(wn, SIZE_MAX / sizeof *w);
    assert_int_equal(wcap, SIZE_MAX / sizeof *w);
}

/* ------------------------------------------------------------------------
 * JSON
 * ---------------------------------------------------------------------- */

/* json_escape() and json_escape_file() of s[0..len) must both be want. */
static void esc_is(const char *s, size_t len, const char *want)
{
    strbuf b = { 0 };
    json_escape(&b, s, len);
    assert_false(b.oom);
    assert_string_equal(b.p, want);
    free(b.p);

    char *mem = NULL;
    size_t memlen = 0;
    FILE *f = open_memstream(&mem, &memlen);
    assert_non_null(f);
    json_escape_file(f, s, len);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(memlen, strlen(want));
    assert_memory_equal(mem, want, memlen);
    free(mem);
}

#define ESC(s, want) esc_is(s, sizeof(s) - 1, want)

static void test_json_escape(void **state)
{
    (void)state;
    ESC("", "\"\"");
    ESC("abc", "\"abc\"");
    ESC("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
    ESC("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    ESC("\x01\x1f\x1b", "\"\\u0001\\u001f\\u001b\"");
    ESC("a\0b", "\"a\\u0000b\"");
    ESC("\x7f", "\"\x7f\""); /* DEL passes through */
    /* UTF-8 byte for byte: 2-, 3- and 4-byte sequences */
    ESC("Zoë Ó Súilleabháin", "\"Zoë Ó Súilleabháin\"");
    ESC("東京", "\"東京\"");
    ESC("\xf0\x9f\x98\x80!", "\"\xf0\x9f\x98\x80!\"");               /* U+1F600 */
    ESC("\xef\xbf\xbd", "\"\xef\xbf\xbd\"");                         /* U+FFFD itself */
    ESC("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");                 /* U+10FFFF */
    ESC("\xed\x9f\xbf", "\"\xed\x9f\xbf\"");                         /* U+D7FF */
    /* each byte that does not start a well-formed sequence: U+FFFD */
    ESC("\xe9t\xe9", "\"\\ufffdt\\ufffd\"");                         /* Latin-1 "été" */
    ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");                           /* overlong '/' */
    ESC("\xe0\x9f\xbf", "\"\\ufffd\\ufffd\\ufffd\"");                /* overlong */
    ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");                /* surrogate D800 */
    ESC("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");     /* above U+10FFFF */
    ESC("\xf5\x80", "\"\\ufffd\\ufffd\"");
    ESC("\x80x", "\"\\ufffdx\"");                                    /* lone continuation */
    ESC("\xc3", "\"\\ufffd\"");                                      /* cut short */
    ESC("\xe6\x9d", "\"\\ufffd\\ufffd\"");
    ESC("\xe6\x9d\"", "\"\\ufffd\\ufffd\\\"\"");
    /* the length, not a NUL, ends the string: a sequence cut by len is invalid */
    esc_is("\xe6\x9d\xb1", 2, "\"\\ufffd\\ufffd\"");
    esc_is("abc", 1, "\"a\"");

    /* strbuf_json: the same escaper, NULL as "" */
    strbuf b = { 0 };
    strbuf_json(&b, "Zoë \"東京\"\n");
    strbuf_json(&b, NULL);
    assert_string_equal(b.p, "\"Zoë \\\"東京\\\"\\n\"\"\"");
    free(b.p);
}

static void num_is(double v, const char *want)
{
    char buf[JSON_NUMBER_MAX];
    size_t n = json_format_number(buf, v);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_json_number(void **state)
{
    (void)state;
    num_is(0, "0");
    num_is(-0.0, "-0");
    num_is(100, "100");
    num_is(-42.5, "-42.5");
    num_is(0.1, "0.1");                    /* 15 digits suffice */
    num_is(1.0 / 3, "0.3333333333333333"); /* 16 */
    num_is(0.1 + 0.2, "0.30000000000000004"); /* 17 */
    num_is(92.00170721297481, "92.00170721297481");
    num_is(1e21, "1e+21");
    num_is(5e-324, "4.94065645841247e-324"); /* the least denormal reads back from 15 digits */
    num_is(1.7976931348623157e308, "1.7976931348623157e+308");
    num_is(NAN, "null");
    num_is(INFINITY, "null");
    num_is(-INFINITY, "null");
}

typedef void (*build_fn)(jsonw *w);

/* The document written by fn, into a strbuf and into a FILE. */
static void doc_is(build_fn fn, int pretty, const char *want)
{
    strbuf b = { 0 };
    jsonw w;
    jsonw_buf(&w, &b, pretty);
    fn(&w);
    assert_int_equal(w.err, 0);
    assert_int_equal(w.depth, 0);
    assert_string_equal(b.p, want);
    free(b.p);

    char *mem = NULL;
    size_t memlen = 0;
    FILE *f = open_memstream(&mem, &memlen);
    assert_non_null(f);
    jsonw_file(&w, f, pretty);
    fn(&w);
    assert_int_equal(w.err, 0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(mem, want);
    free(mem);
}

/* The example of json.h. */
static void build_example(jsonw *w)
{
    jsonw_begin_object(w);
    jsonw_key(w, "id");
    jsonw_string(w, "A001");
    jsonw_key(w, "period");
    jsonw_inline(w);
    jsonw_begin_object(w);
    jsonw_key(w, "kind");
    jsonw_string(w, "week");
    jsonw_key(w, "days");
    jsonw_int(w, 7);
    jsonw_end_object(w);
    jsonw_key(w, "tags");
    jsonw_begin_array(w);
    jsonw_end_array(w);
    jsonw_end_object(w);
}

static void build_values(jsonw *w)
{
    jsonw_begin_array(w);
    jsonw_int(w, 1);
    jsonw_begin_array(w);
    jsonw_int(w, INT64_MIN);
    jsonw_uint(w, UINT64_MAX);
    jsonw_end_array(w);
    jsonw_begin_object(w);
    jsonw_end_object(w);
    jsonw_begin_object(w);
    jsonw_key(w, "name");
    jsonw_string(w, "Zoë Ó Súilleabháin");
    jsonw_key(w, "city\t");
    jsonw_string_len(w, "東京!", 6); /* the "!" left out */
    jsonw_key(w, "none");
    jsonw_string(w, NULL);
    jsonw_key(w, "ratio");
    jsonw_number(w, 0.1 + 0.2);
    jsonw_key(w, "nan");
    jsonw_number(w, NAN);
    jsonw_key(w, "ok");
    jsonw_bool(w, 1);
    jsonw_key(w, "bad");
    jsonw_bool(w, 0);
    jsonw_key(w, "nil");
    jsonw_null(w);
    jsonw_key(w, "raw");
    jsonw_raw(w, "{\"x\": [1, 2]}");
    jsonw_end_object(w);
    jsonw_end_array(w);
}

static void build_scalar(jsonw *w)
{
    jsonw_string(w, "a\"b");
}

static void test_jsonw(void **state)
{
    (void)state;
    doc_is(build_example, 1,
           "{\n"
           "  \"id\": \"A001\",\n"
           "  \"period\": {\"kind\": \"week\", \"days\": 7},\n"
           "  \"tags\": []\n"
           "}\n");
    doc_is(build_example, 0,
           "{\"id\": \"A001\", \"period\": {\"kind\": \"week\", \"days\": 7}, \"tags\": []}");
    doc_is(build_values, 0,
           "[1, [-9223372036854775808, 18446744073709551615], {}, {\"name\": \"Zoë Ó Súilleabháin\", "
           "\"city\\t\": \"東京\", \"none\": null, \"ratio\": 0.30000000000000004, \"nan\": null, "
           "\"ok\": true, \"bad\": false, \"nil\": null, \"raw\": {\"x\": [1, 2]}}]");
    doc_is(build_values, 1,
           "[\n"
           "  1,\n"
           "  [\n"
           "    -9223372036854775808,\n"
           "    18446744073709551615\n"
           "  ],\n"
           "  {},\n"
           "  {\n"
           "    \"name\": \"Zoë Ó Súilleabháin\",\n"
           "    \"city\\t\": \"東京\",\n"
           "    \"none\": null,\n"
           "    \"ratio\": 0.30000000000000004,\n"
           "    \"nan\": null,\n"
           "    \"ok\": true,\n"
           "    \"bad\": false,\n"
           "    \"nil\": null,\n"
           "    \"raw\": {\"x\": [1, 2]}\n"
           "  }\n"
           "]\n");
    doc_is(build_scalar, 0, "\"a\\\"b\"");
    doc_is(build_scalar, 1, "\"a\\\"b\"\n");
}

static void test_jsonw_misuse(void **state)
{
    (void)state;
    strbuf b = { 0 };
    jsonw w;

    jsonw_buf(&w, &b, 0); /* a key outside an object */
    jsonw_key(&w, "k");
    assert_int_equal(w.err, 1);

    jsonw_buf(&w, &b, 0); /* a value in an object without a key */
    jsonw_begin_object(&w);
    jsonw_int(&w, 1);
    assert_int_equal(w.err, 1);

    jsonw_buf(&w, &b, 0); /* an end that matches no begin */
    jsonw_begin_array(&w);
    jsonw_end_object(&w);
    assert_int_equal(w.err, 1);
    jsonw_buf(&w, &b, 0);
    jsonw_end_array(&w);
    assert_int_equal(w.err, 1);
    assert_int_equal(w.depth, 0);

    jsonw_buf(&w, &b, 1); /* too deep: flagged, nothing out of bounds */
    for (int i = 0; i < JSONW_MAX_DEPTH + 5; i++)
        jsonw_begin_array(&w);
    assert_int_equal(w.err, 1);
    assert_int_equal(w.depth, JSONW_MAX_DEPTH);
    free(b.p);
}

/* ------------------------------------------------------------------------
 * datefmt
 * ---------------------------------------------------------------------- */

static void day_is(int32_t day, const char *want)
{
    char out[11];
    memset(out, 'x', sizeof out);
    fmt_day(out, day);
    assert_string_equal(out, want);
}

static void test_fmt_day(void **state)
{
    (void)state;
    day_is(0, "1970-01-01");
    day_is(-1, "1969-12-31");
    day_is(31 + 28, "1970-03-01");
    /* 1970..1999: 30 x 365 + 7 leap days (1972 .. 1996) */
    day_is(10957, "2000-01-01");
    day_is(10957 + 31 + 28, "2000-02-29"); /* 2000 is a leap year */
    day_is(10957 + 31 + 29, "2000-03-01");
    /* 1970..2025: 56 x 365 + 14 leap days; then Jan..Oct (304) and 15 */
    day_is(20454 + 304 + 15, "2026-11-16");
    day_is(20454 + 364, "2026-12-31");
    day_is(-719528, "0000-01-01");
    day_is(-719529, "?\?\?\?-?\?-?\?");
    day_is(2932896, "9999-12-31"); /* 253402300800 s / 86400 - 1 */
    day_is(2932897, "?\?\?\?-?\?-?\?");
    day_is(INT32_MIN, "?\?\?\?-?\?-?\?");
    day_is(INT32_MAX, "?\?\?\?-?\?-?\?");
}

static void minute_is(int minute, const char *want)
{
    char out[6];
    fmt_minute(out, minute);
    assert_string_equal(out, want);
}

static void test_fmt_minute(void **state)
{
    (void)state;
    minute_is(0, "00:00");
    minute_is(59, "00:59");
    minute_is(60, "01:00");
    minute_is(9 * 60 + 30, "09:30");
    minute_is(1439, "23:59");
    minute_is(1440, "24:00");
    minute_is(1500, "24:00");
    minute_is(-1, "??:??");
}

static void dur_is(double s, const char *want)
{
    char out[24];
    fmt_duration(out, sizeof out, s);
    assert_string_equal(out, want);
}

static void test_fmt_duration(void **state)
{
    (void)state;
    dur_is(0, "0s");
    dur_is(59, "59s");
    dur_is(59.4, "59s");
    dur_is(59.5, "1m 00s"); /* rounded to a whole second first */
    dur_is(61, "1m 01s");
    dur_is(3599, "59m 59s");
    dur_is(3600, "1h 00m");
    dur_is(3661, "1h 01m");
    dur_is(3719, "1h 01m"); /* seconds dropped, not rounded */
    dur_is(90061, "25h 01m");
    dur_is(-61, "-1m 01s");
    dur_is(-3600, "-1h 00m");
    dur_is(-0.4, "0s");
    dur_is(999999999999999.0, "277777777777h 46m");
    dur_is(1e15, "?");
    dur_is(NAN, "?");
    dur_is(-INFINITY, "?");
    char small[4];
    fmt_duration(small, sizeof small, 90061);
    assert_string_equal(small, "25h"); /* cut to fit, NUL-terminated */
}

static void test_weekday(void **state)
{
    (void)state;
    assert_string_equal(weekday_name(0), "Thu");
    assert_string_equal(weekday_name(1), "Fri");
    assert_string_equal(weekday_name(3), "Sun");
    assert_string_equal(weekday_name(4), "Mon");
    assert_string_equal(weekday_name(-1), "Wed");
    assert_string_equal(weekday_name(-7), "Thu");
    assert_string_equal(weekday_name(20454 + 304 + 15), "Mon"); /* 2026-11-16 */
    assert_string_equal(weekday_name(10957), "Sat");             /* 2000-01-01 */
    assert_string_equal(weekday_name(-719528), "Sat");           /* 0000-01-01 */
    assert_int_equal(weekday_index(4), 0);
    assert_int_equal(weekday_index(3), 6);
    assert_int_equal(weekday_index(INT32_MIN), ((INT32_MIN % 7) + 7 + 3) % 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strtab),
        cmocka_unit_test(test_vec_reserve),
        cmocka_unit_test(test_vec_push),
        cmocka_unit_test(test_vec_append),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_json_number),
        cmocka_unit_test(test_jsonw),
        cmocka_unit_test(test_jsonw_misuse),
        cmocka_unit_test(test_fmt_day),
        cmocka_unit_test(test_fmt_minute),
        cmocka_unit_test(test_fmt_duration),
        cmocka_unit_test(test_weekday),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
