/*
 * Tests of lib/parse: numbers, flags, the civil calendar, dates
 * and ISO 8601 timestamps.  Expected values were worked out by hand (and
 * cross-checked against an independent date library); doubles are compared
 * bit for bit with strtod().
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"

static ccs_str S(const char *s)
{
    ccs_str r = { s, strlen(s) };
    return r;
}

/* ------------------------------------------------------------------------
 * Integers and flags
 * ---------------------------------------------------------------------- */

static void ok_int(const char *s, int64_t want)
{
    int64_t v = 12345;
    if (parse_int64(S(s), &v) != 0)
        fail_msg("parse_int64(\"%s\") failed", s);
    if (v != want)
        fail_msg("parse_int64(\"%s\") = %lld, want %lld", s, (long long)v, (long long)want);
}

static void bad_int(const char *s)
{
    int64_t v = 12345;
    if (parse_int64(S(s), &v) != -1)
        fail_msg("parse_int64(\"%s\") accepted", s);
    assert_int_equal(v, 12345); /* untouched */
}

static void test_int64(void **state)
{
    (void)state;
    ok_int("0", 0);
    ok_int("-0", 0);
    ok_int("+0", 0);
    ok_int("7", 7);
    ok_int("+42", 42);
    ok_int("-42", -42);
    ok_int("007", 7);
    ok_int("1234567890", 1234567890);
    ok_int("9223372036854775807", INT64_MAX);
    ok_int("-9223372036854775807", -INT64_MAX);
    ok_int("-9223372036854775808", INT64_MIN);
    ok_int("000000000000000000000000009223372036854775807", INT64_MAX);
    bad_int("9223372036854775808");
    bad_int("-9223372036854775809");
    bad_int("10000000000000000000");
    bad_int("99999999999999999999");
    bad_int("18446744073709551616");
    bad_int("");
    bad_int("-");
    bad_int("+");
    bad_int("--1");
    bad_int("+-1");
    bad_int(" 1");
    bad_int("1 ");
    bad_int("1a");
    bad_int("0x10");
    bad_int("1.0");
    bad_int("1e3");
    bad_int("١"); /* not an ASCII digit */

    /* A slice stops where its length says, not at a NUL. */
    static const char text[] = "12345";
    ccs_str part = { text, 3 };
    int64_t v;
    assert_int_equal(parse_int64(part, &v), 0);
    assert_int_equal(v, 123);
    ccs_str none = { NULL, 0 };
    assert_int_equal(parse_int64(none, &v), -1);
}

static void test_bool01(void **state)
{
    (void)state;
    static const char *yes[] = { "1", "true", "TRUE", "True", "tRuE", "yes", "YES", "Yes" };
    static const char *no[] = { "0", "false", "FALSE", "False", "no", "NO", "No" };
    static const char *bad[] = { "", "2", "-1", "00", "01", "t", "f", "y", "n", "on", "off",
                                 "truee", "tru", "yes ", " no", "nope", "ja" };
    int v;
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        v = -1;
        assert_int_equal(parse_bool01(S(yes[i]), &v), 0);
        assert_int_equal(v, 1);
    }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        v = -1;
        assert_int_equal(parse_bool01(S(no[i]), &v), 0);
        assert_int_equal(v, 0);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = -1;
        if (parse_bool01(S(bad[i]), &v) != -1)
            fail_msg("parse_bool01(\"%s\") accepted", bad[i]);
        assert_int_equal(v, -1);
    }
    ccs_str part = { "yesterday", 3 };
    assert_int_equal(parse_bool01(part, &v), 0);
    assert_int_equal(v, 1);
}

/* ------------------------------------------------------------------------
 * Doubles
 * ---------------------------------------------------------------------- */

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void ok_double(const char *s, double want)
{
    double v = 99;
    if (parse_double(S(s), &v) != 0)
        fail_msg("parse_double(\"%s\") failed", s);
    if (!same_double(v, want))
        fail_msg("parse_double(\"%s\") = %.17g, want %.17g", s, v, want);
}

static void bad_double(const char *s)
{
    double v = 99;
    if (parse_double(S(s), &v) != -1)
        fail_msg("parse_double(\"%s\") accepted (%.17g)", s, v);
    assert_true(v == 99);
}

/* parse_double must agree with strtod bit for bit. */
static void like_strtod(const char *s)
{
    double v = 99;
    errno = 0;
    double want = strtod(s, NULL);
    if (parse_double(S(s), &v) != 0)
        fail_msg("parse_double(\"%s\") failed", s);
    if (!same_double(v, want))
        fail_msg("parse_double(\"%s\") = %.17g (%a), strtod gives %.17g (%a)", s, v, v, want,
                 want);
}

static void test_double_values(void **state)
{
    (void)state;
    ok_double("-12.5", -12.5);
    ok_double("3", 3.0);
    ok_double("1e3", 1000.0);
    ok_double(".5", 0.5);
    ok_double("5.", 5.0);
    ok_double("+.25", 0.25);
    ok_double("1E+2", 100.0);
    ok_double("2.5e-1", 0.25);
    ok_double("0", 0.0);
    ok_double("0.0", 0.0);
    ok_double("-0", -0.0);
    ok_double("-0.000", -0.0);
    ok_double("0e999999", 0.0);
    ok_double("00012.50", 12.5);
    ok_double("123456789012345", 123456789012345.0);
    ok_double("9007199254740992", 9007199254740992.0);
    ok_double("1e22", 1e22);
    ok_double("1e-400", 0.0);           /* underflow: what strtod gives */
    ok_double("4.9406564584124654e-324", 4.9406564584124654e-324);
    ok_double("1.7976931348623157e308", 1.7976931348623157e308);
    assert_true(signbit(-0.0) != 0);
    double z = 1;
    assert_int_equal(parse_double(S("-0"), &z), 0);
    assert_true(signbit(z) != 0);

    /* Cases where a naive digit loop rounds wrongly. */
    like_strtod("0.1");
    like_strtod("0.3");
    like_strtod("0.30000000000000004");
    like_strtod("9007199254740993");
    like_strtod("2.2250738585072011e-308");
    like_strtod("2.2250738585072014e-308");
    like_strtod("1e23");
    like_strtod("8.98846567431158e307");
    like_strtod("123456789012345678901234567890");
    like_strtod("0.000000000000000000000000000001");
    like_strtod("1.00000000000000011102230246251565404236316680908203125");
    like_strtod("1.00000000000000011102230246251565404236316680908203124");
    like_strtod("7.038531e-26");
    like_strtod("3.1415926535897932384626433832795028841971693993751");

    /* A slice ends at its length. */
    static const char text[] = "1.25xyz";
    ccs_str part = { text, 4 };
    double v;
    assert_int_equal(parse_double(part, &v), 0);
    assert_true(v == 1.25);
}

static void test_double_rejects(void **state)
{
    (void)state;
    static const char *bad[] = {
        "", " ", "-", "+", ".", "-.", "+.e1", "e5", "E5", "1e", "1e+", "1e-", "1.2.3", "1,5",
        " 1", "1 ", "1\t", "\t1", "nan", "NaN", "-nan", "inf", "-inf", "+inf", "INF",
        "infinity", "Infinity", "0x10", "0x1p3", "1x", "1e5x", "1..", "--1", "+-1", "1e--1",
        "1e3.5", "1d", "1f", "١", "1e400", "-1e400", "1e99999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        bad_double(bad[i]);

    /* Too long for the stack copy that strtod needs: 0.111... */
    char longnum[PARSE_DOUBLE_MAX_LEN + 2];
    memset(longnum, '1', sizeof longnum - 1);
    longnum[0] = '0';
    longnum[1] = '.';
    longnum[sizeof longnum - 1] = '\0';
    bad_double(longnum);
    longnum[sizeof longnum - 2] = '\0'; /* exactly the maximum */
    like_strtod(longnum);
}

/* A few thousand generated numbers: short and long mantissas, decimal points
 * anywhere, small and large exponents, signs. */
static void test_double_vs_strtod(void **state)
{
    (void)state;
    unsigned seed = 4242;
#define RND(n) (seed = seed * 1103515245u + 12345u, (seed >> 8) % (n))
    int checked = 0;
    for (int iter = 0; iter < 3000; iter++) {
        char s[80];
        size_t n = 0;
        unsigned r = RND(4);
        if (r == 0)
            s[n++] = '-';
        else if (r == 1)
            s[n++] = '+';
        size_t ndig = 1 + RND(iter % 4 == 0 ? 30 : 17);
        size_t point = RND(ndig + 2); /* ndig + 1: no point */
        for (size_t i = 0; i < ndig; i++) {
            if (i == point)
                s[n++] = '.';
            /* Leading zeros now and then, nines to provoke carries. */
            unsigned d = RND(10);
            s[n++] = (char)('0' + (RND(5) == 0 ? 9 : d));
        }
        if (point == ndig)
            s[n++] = '.';
        r = RND(4);
        if (r == 0) {
            int e = (int)RND(61) - 30;
            n += (size_t)snprintf(s + n, sizeof s - n, "e%d", e);
        } else if (r == 1) {
            int e = (int)RND(601) - 300;
            n += (size_t)snprintf(s + n, sizeof s - n, "%c%+d", RND(2) ? 'E' : 'e', e);
        }
        s[n] = '\0';
        double want = strtod(s, NULL);
        if (isinf(want))
            continue; /* rejected by design; see test_double_rejects */
        like_strtod(s);
        checked++;
    }
    assert_true(checked > 2500);

    /* Every simple decimal with up to 15 significant digits: the fast path. */
    for (int iter = 0; iter < 3000; iter++) {
        char s[40];
        unsigned long long m = 0;
        int ndig = 1 + (int)RND(15);
        for (int i = 0; i < ndig; i++)
            m = m * 10 + RND(10);
        int frac = (int)RND((unsigned)ndig + 1);
        unsigned long long scale = 1;
        for (int i = 0; i < frac; i++)
            scale *= 10;
        snprintf(s, sizeof s, "%s%llu.%0*llu", RND(2) ? "-" : "", m / scale, frac ? frac : 1,
                 frac ? m % scale : 0ULL);
        like_strtod(s);
    }
#undef RND
}

/* ------------------------------------------------------------------------
 * Calendar
 * ---------------------------------------------------------------------- */

static void test_days_from_civil(void **state)
{
    (void)state;
    assert_int_equal(days_from_civil(1970, 1, 1), 0);
    assert_int_equal(days_from_civil(1970, 1, 2), 1);
    assert_int_equal(days_from_civil(1969, 12, 31), -1);
    assert_int_equal(days_from_civil(1971, 1, 1), 365);
    assert_int_equal(days_from_civil(1972, 3, 1), 365 + 365 + 31 + 29);
    /* 2024-01-01: 54 years of 365 days and 13 leap days (1972..2020); then
     * 31 days of January and 28 more to February 29th. */
    assert_int_equal(days_from_civil(2024, 1, 1), 19723);
    assert_int_equal(days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(days_from_civil(2024, 3, 1), 19783);
    assert_int_equal(days_from_civil(2024, 3, 10), 19792);
    assert_int_equal(days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(days_from_civil(1600, 2, 29), -135081);
    assert_int_equal(days_from_civil(2038, 1, 19), 24855);
    assert_int_equal(days_from_civil(1, 1, 1), -719162);
    assert_int_equal(days_from_civil(0, 3, 1), -719468);
    assert_int_equal(days_from_civil(9999, 12, 31), 2932896);

    int y, m, d;
    civil_from_days(-1, &y, &m, &d);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
    civil_from_days(19782, &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
    civil_from_days(-719468, &y, &m, &d);
    assert_int_equal(y, 0);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);

    assert_int_equal(days_in_month(2023, 2), 28);
    assert_int_equal(days_in_month(2024, 2), 29);
    assert_int_equal(days_in_month(1900, 2), 28);
    assert_int_equal(days_in_month(2000, 2), 29);
    assert_int_equal(days_in_month(2024, 4), 30);
    assert_int_equal(days_in_month(2024, 12), 31);
    assert_int_equal(days_in_month(2024, 0), 0);
    assert_int_equal(days_in_month(2024, 13), 0);
}

/* Walk day by day from 0000-01-01 to 9999-12-31 with a plain calendar and
 * check both conversions on every day. */
static void test_calendar_walk(void **state)
{
    (void)state;
    int y = 0, m = 1, d = 1;
    int32_t z = days_from_civil(0, 1, 1);
    assert_int_equal(z, -719528);
    for (;;) {
        int cy, cm, cd;
        civil_from_days(z, &cy, &cm, &cd);
        if (cy != y || cm != m || cd != d || days_from_civil(y, m, d) != z)
            fail_msg("day %d: %04d-%02d-%02d, got %04d-%02d-%02d / %d", z, y, m, d, cy, cm, cd,
                     days_from_civil(y, m, d));
        if (y == 9999 && m == 12 && d == 31)
            break;
        z++;
        if (++d > days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(z, 2932896);

    /* Far outside the written years, the two stay inverse. */
    static const int32_t far[] = { INT32_MIN / 2, -100000000, -719529, 3000000, 100000000,
                                   INT32_MAX / 2 };
    for (size_t i = 0; i < sizeof far / sizeof *far; i++) {
        civil_from_days(far[i], &y, &m, &d);
        assert_int_equal(days_from_civil(y, m, d), far[i]);
    }
}

/* ------------------------------------------------------------------------
 * Dates and ISO 8601
 * ---------------------------------------------------------------------- */

static void test_parse_date(void **state)
{
    (void)state;
    int32_t day = 7;
    assert_int_equal(parse_date(S("1970-01-01"), &day), 0);
    assert_int_equal(day, 0);
    assert_int_equal(parse_date(S("1969-12-31"), &day), 0);
    assert_int_equal(day, -1);
    assert_int_equal(parse_date(S("2024-02-29"), &day), 0);
    assert_int_equal(day, 19782);
    assert_int_equal(parse_date(S("2000-02-29"), &day), 0);
    assert_int_equal(day, 11016);
    assert_int_equal(parse_date(S("0000-01-01"), &day), 0);
    assert_int_equal(day, -719528);
    assert_int_equal(parse_date(S("9999-12-31"), &day), 0);
    assert_int_equal(day, 2932896);

    static const char *bad[] = {
        "2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00",
        "2023-01-32", "2023-1-01", "2023-01-1", "23-01-01", "2023/01/01", "20230101",
        "2023-01-01 ", " 2023-01-01", "2023-01-01T00:00", "2023-01-0a", "+2023-01-01", "",
        "2023-01-01Z", "2023_01-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        day = 7;
        if (parse_date(S(bad[i]), &day) != -1)
            fail_msg("parse_date(\"%s\") accepted", bad[i]);
        assert_int_equal(day, 7);
    }
    /* A slice: the date at the front of a longer text. */
    ccs_str part = { "2024-02-29T10:00", 10 };
    assert_int_equal(parse_date(part, &day), 0);
    assert_int_equal(day, 19782);
}

static void ok_iso(const char *s, int32_t day, int32_t second, int has_time, int has_offset,
                   int32_t offset_s)
{
    iso_time t = { -5, -5, -5, -5, -5 };
    if (parse_iso8601(S(s), &t) != 0)
        fail_msg("parse_iso8601(\"%s\") failed", s);
    if (t.day != day || t.second != second || t.has_time != has_time ||
        t.has_offset != has_offset || t.offset_s != offset_s)
        fail_msg("parse_iso8601(\"%s\") = {%d, %d, %d, %d, %d}, want {%d, %d, %d, %d, %d}", s,
                 t.day, t.second, t.has_time, t.has_offset, t.offset_s, day, second, has_time,
                 has_offset, offset_s);
}

static int64_t utc_of(const char *s)
{
    iso_time t;
    assert_int_equal(parse_iso8601(S(s), &t), 0);
    assert_true(t.has_offset);
    return (int64_t)t.day * 86400 + t.second - t.offset_s;
}

static void test_iso8601(void **state)
{
    (void)state;
    const int32_t d = 19792; /* 2024-03-10 */
    ok_iso("2024-03-10", d, 0, 0, 0, 0);
    ok_iso("2024-03-10T08:30", d, 8 * 3600 + 30 * 60, 1, 0, 0);
    ok_iso("2024-03-10 08:30:15", d, 30615, 1, 0, 0);
    ok_iso("2024-03-10t00:00:00", d, 0, 1, 0, 0);
    ok_iso("2024-03-10T23:59:59", d, 86399, 1, 0, 0);
    ok_iso("2024-03-10T08:30:15.123456", d, 30615, 1, 0, 0);
    ok_iso("2024-03-10T08:30:15,5", d, 30615, 1, 0, 0);
    ok_iso("2024-03-10T08:30:15Z", d, 30615, 1, 1, 0);
    ok_iso("2024-03-10T08:30:15z", d, 30615, 1, 1, 0);
    ok_iso("2024-03-10T08:30Z", d, 30600, 1, 1, 0);
    ok_iso("2024-03-10T08:30:15.999Z", d, 30615, 1, 1, 0);
    ok_iso("2024-03-10T08:30:15+02:00", d, 30615, 1, 1, 7200);
    ok_iso("2024-03-10T08:30:15-05:30", d, 30615, 1, 1, -19800);
    ok_iso("2024-03-10T08:30:15+0530", d, 30615, 1, 1, 19800);
    ok_iso("2024-03-10T08:30:15+05", d, 30615, 1, 1, 18000);
    ok_iso("2024-03-10T08:30-08", d, 30600, 1, 1, -28800);
    ok_iso("2024-03-10T08:30:15+00:00", d, 30615, 1, 1, 0);
    ok_iso("2024-03-10T08:30:15-00:00", d, 30615, 1, 1, 0);
    ok_iso("2024-03-10T08:30:15+14:00", d, 30615, 1, 1, 50400);
    ok_iso("2024-03-10T08:30:15.5+01:00", d, 30615, 1, 1, 3600);
    ok_iso("2016-12-31T23:59:60Z", 17166, 86400, 1, 1, 0); /* a leap second */
    ok_iso("1969-12-31T23:59:59Z", -1, 86399, 1, 1, 0);
    ok_iso("2024-02-29 12:00", 19782, 43200, 1, 0, 0);

    /* The instant: local time less the offset. */
    assert_int_equal(utc_of("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(utc_of("1970-01-01T01:00:00+01:00"), 0);
    assert_int_equal(utc_of("1969-12-31T19:00:00-05:00"), 0);
    assert_int_equal(utc_of("2024-03-10T01:30:00-05:00"), 1710052200);
    assert_int_equal(utc_of("2024-03-10T06:30:00Z"), 1710052200);
    /* 2024-03-11 00:00 at +05:30 is 2024-03-10 18:30 UTC, 12 hours after 06:30 UTC. */
    assert_int_equal(utc_of("2024-03-11T00:00:00+05:30"), 1710052200 + 12 * 3600);
    assert_int_equal(utc_of("2016-12-31T23:59:59Z"), 1483228799);
}

static void test_iso8601_rejects(void **state)
{
    (void)state;
    static const char *bad[] = {
        "",
        "2024-03-1",
        "2024-02-30",
        "2023-02-29T00:00",
        "2024-13-01T00:00",
        "2024-03-10T",
        "2024-03-10 ",
        "2024-03-10X08:30",
        "2024-03-10T8:30",
        "2024-03-10T08:3",
        "2024-03-10T0830",
        "2024-03-10T08-30",
        "2024-03-10T24:00",
        "2024-03-10T24:00:00",
        "2024-03-10T12:60",
        "2024-03-10T12:30:61",
        "2024-03-10T12:30:6",
        "2024-03-10T12:30:",
        "2024-03-10T12:30:15.",
        "2024-03-10T12:30:15.x",
        "2024-03-10T12:30.5",
        "2024-03-10T12:30:15+",
        "2024-03-10T12:30:15+5",
        "2024-03-10T12:30:15+05:",
        "2024-03-10T12:30:15+05:3",
        "2024-03-10T12:30:15+053",
        "2024-03-10T12:30:15+05:300",
        "2024-03-10T12:30:15+24:00",
        "2024-03-10T12:30:15+05:60",
        "2024-03-10T12:30:15+02:00:00",
        "2024-03-10T12:30:15 +02:00",
        "2024-03-10T12:30:15Z ",
        "2024-03-10T12:30:15ZZ",
        "2024-03-10T12:30:15UTC",
        "2024-03-10Z",
        "2024-03-10+02:00",
        " 2024-03-10T12:30",
        "2024-03-10T12:30:15+ab:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        iso_time t = { -5, -5, -5, -5, -5 };
        if (parse_iso8601(S(bad[i]), &t) != -1)
            fail_msg("parse_iso8601(\"%s\") accepted", bad[i]);
        assert_int_equal(t.day, -5); /* untouched */
        assert_int_equal(t.has_time, -5);
    }
    /* A slice ends at its length. */
    iso_time t;
    ccs_str part = { "2024-03-10T08:30:15+02:00 trailing", 25 };
    assert_int_equal(parse_iso8601(part, &t), 0);
    assert_int_equal(t.offset_s, 7200);
    part.len = 24; /* "+02:0" */
    assert_int_equal(parse_iso8601(part, &t), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int64),
        cmocka_unit_test(test_bool01),
        cmocka_unit_test(test_double_values),
        cmocka_unit_test(test_double_rejects),
        cmocka_unit_test(test_double_vs_strtod),
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_calendar_walk),
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_iso8601),
        cmocka_unit_test(test_iso8601_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
