/*
 * Field value parsers over ccs_str slices; see parse.h.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strtod_l, newlocale */
#endif

#include "parse.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ------------------------------------------------------------------------
 * Integers and flags
 * ---------------------------------------------------------------------- */

int parse_int64(ccs_str s, int64_t *out)
{
    const char *p = s.ptr, *e = s.ptr + s.len;
    int neg = 0;

    if (p < e && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    if (p == e)
        return -1;
    /* Accumulate the magnitude unsigned: INT64_MIN's has no positive twin. */
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t v = 0;
    for (; p < e; p++) {
        if (!is_digit(*p))
            return -1;
        unsigned d = (unsigned)(*p - '0');
        if (v > (limit - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (!neg)
        *out = (int64_t)v;
    else
        *out = v == 0 ? 0 : -(int64_t)(v - 1) - 1;
    return 0;
}

/* ASCII case-insensitive comparison with a lowercase word. */
static int equals_word(ccs_str s, const char *word)
{
    size_t n = strlen(word);
    if (s.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s.ptr[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

int parse_bool01(ccs_str s, int *out)
{
    if (equals_word(s, "1") || equals_word(s, "true") || equals_word(s, "yes")) {
        *out = 1;
        return 0;
    }
    if (equals_word(s, "0") || equals_word(s, "false") || equals_word(s, "no")) {
        *out = 0;
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------------------
 * Decimal numbers
 * ---------------------------------------------------------------------- */

/* strtod() in the "C" locale whatever setlocale() the program made: a
 * German LC_NUMERIC would otherwise stop it at the '.'.  Created on first
 * use and kept for the life of the process. */
static double strtod_c(const char *text, char **end)
{
    static locale_t c_locale; /* (locale_t)0 until created */
    locale_t loc = __atomic_load_n(&c_locale, __ATOMIC_ACQUIRE);
    if (!loc) {
        locale_t fresh = newlocale(LC_ALL_MASK, "C", (locale_t)0);
        if (!fresh)
            return strtod(text, end); /* the process runs in "C" in practice */
        locale_t expected = (locale_t)0;
        if (__atomic_compare_exchange_n(&c_locale, &expected, fresh, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            loc = fresh;
        } else {
            freelocale(fresh); /* another thread was first */
            loc = expected;
        }
    }
    return strtod_l(text, end, loc);
}

/* Powers of ten that a double holds exactly (5^22 < 2^53). */
static const double exact_pow10[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define MAX_MANTISSA_DIGITS 19 /* what a uint64_t surely holds */
#define EXPONENT_CAP 100000    /* far outside double's range either way */

#define HOT static inline __attribute__((always_inline))

/* Plain whole numbers (durations, counts) are most of what is read: up to 15
 * digits they are exact in a double, as strtod would give them.  0 when s is
 * one, else -1. */
HOT int whole_number(ccs_str s, double *out)
{
    if (s.len > 15)
        return -1;
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.len && is_digit(s.ptr[i]); i++)
        v = v * 10 + (uint64_t)(s.ptr[i] - '0');
    if (i != s.len)
        return -1;
    *out = (double)v;
    return 0;
}

/* A decimal number as read: value = (neg ? -1 : 1) * mantissa * 10^exp10,
 * exact unless a significant digit did not fit in the mantissa. */
typedef struct decimal {
    int neg;
    uint64_t mantissa;
    int sig_digits;
    int exact;
    long exp10;
} decimal;

/* An optional sign, then digits with at most one '.': the number of digits
 * read (0: no number); *pp moves past them. */
HOT size_t scan_digits(const char **pp, const char *e, decimal *d)
{
    const char *p = *pp;
    size_t ndigits = 0;
    if (*p == '-' || *p == '+') {
        d->neg = *p == '-';
        p++;
    }
    for (int frac = 0;; p++) {
        if (p < e && *p == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (p == e || !is_digit(*p))
            break;
        ndigits++;
        if (d->mantissa == 0 && *p == '0') { /* a leading zero adds nothing */
            d->exp10 -= frac;
            continue;
        }
        if (d->sig_digits == MAX_MANTISSA_DIGITS) {
            d->exact = 0;
            continue;
        }
        d->mantissa = d->mantissa * 10 + (uint64_t)(*p - '0');
        d->sig_digits++;
        d->exp10 -= frac;
    }
    *pp = p;
    return ndigits;
}

/* An optional exponent (e or E, a sign, digits) added to d->exp10; -1 when
 * the e has no digits. */
HOT int scan_exponent(const char **pp, const char *e, decimal *d)
{
    const char *p = *pp;
    if (p == e || (*p != 'e' && *p != 'E'))
        return 0;
    int eneg = 0;
    long ev = 0;
    p++;
    if (p < e && (*p == '-' || *p == '+')) {
        eneg = *p == '-';
        p++;
    }
    if (p == e || !is_digit(*p))
        return -1;
    for (; p < e && is_digit(*p); p++)
        if (ev < EXPONENT_CAP)
            ev = ev * 10 + (*p - '0');
    d->exp10 += eneg ? -ev : ev;
    *pp = p;
    return 0;
}

/* Fast path: when the mantissa and the power of ten are both exact doubles,
 * one multiplication or division rounds correctly, which is what strtod does
 * too.  It needs arithmetic in plain double precision (not x87's extended
 * registers).  0 when it applies, else -1. */
HOT int exact_value(const decimal *d, double *out)
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    if (d->exact && d->mantissa <= ((uint64_t)1 << 53) && d->exp10 >= -22 && d->exp10 <= 22) {
        double v = (double)d->mantissa;
        if (d->exp10 < 0)
            v /= exact_pow10[-d->exp10];
        else
            v *= exact_pow10[d->exp10];
        *out = d->neg ? -v : v;
        return 0;
    }
#else
    (void)d;
    (void)out;
#endif
    return -1;
}

/* Everything else: let the C library round. */
static int rounded_by_libc(ccs_str s, double *out)
{
    char buf[PARSE_DOUBLE_MAX_LEN + 1];
    char *end;
    memcpy(buf, s.ptr, s.len);
    buf[s.len] = '\0';
    double v = strtod_c(buf, &end);
    if (end != buf + s.len || isinf(v))
        return -1; /* overflow; underflow gives strtod's tiny value or 0 */
    *out = v;
    return 0;
}

int parse_double(ccs_str s, double *out)
{
    if (s.len == 0 || s.len > PARSE_DOUBLE_MAX_LEN)
        return -1;
    if (whole_number(s, out) == 0)
        return 0;
    /* Check the syntax ourselves (strtod would also take "inf", "nan", hex
     * and leading spaces) and gather the digits for the fast path. */
    const char *p = s.ptr, *e = s.ptr + s.len;
    decimal d = { 0, 0, 0, 1, 0 };
    if (scan_digits(&p, e, &d) == 0 || scan_exponent(&p, e, &d) != 0 || p != e)
        return -1;
    if (exact_value(&d, out) == 0)
        return 0;
    return rounded_by_libc(s, out);
}

/* ------------------------------------------------------------------------
 * Calendar
 *
 * Both conversions count years from March 1st, which puts February 29th at
 * the end of a year so that the month lengths of a year do not depend on
 * whether it is a leap year.  Dates repeat every 400 years (an "era") of
 * 146097 days; within an era the day follows from year, month and day by
 * plain arithmetic.
 * ---------------------------------------------------------------------- */

/* 0000-03-01 (day 0 of era 0) to 1970-01-01. */
#define EPOCH_SHIFT 719468
#define DAYS_PER_ERA 146097

static int is_leap(int y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int days_in_month(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int32_t days_from_civil(int y, int m, int d)
{
    int64_t year = (int64_t)y - (m <= 2); /* January and February end the March year */
    int64_t era = (year >= 0 ? year : year - 399) / 400; /* floor division */
    int64_t yoe = year - era * 400;                      /* year of era, 0..399 */
    int64_t mp = m > 2 ? m - 3 : m + 9;                  /* month from March, 0..11 */
    /* Days before month mp: month lengths from March run 31 30 31 30 31 31
     * 30 31 30 31 31 (29), which (153 * mp + 2) / 5 sums exactly. */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;                /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     /* 0..146096 */
    return (int32_t)(era * DAYS_PER_ERA + doe - EPOCH_SHIFT);
}

void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    int64_t days = (int64_t)z + EPOCH_SHIFT;
    int64_t era = (days >= 0 ? days : days - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    int64_t doe = days - era * DAYS_PER_ERA; /* 0..146096 */
    /* Remove the leap days before doe (one per 4 years = 1460 days, less
     * one per 100 years = 36524 days, plus the era's last day) so that
     * dividing by 365 gives the year of the era. */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                      /* inverse of the sum above */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ------------------------------------------------------------------------
 * Dates and timestamps
 * ---------------------------------------------------------------------- */

/* n decimal digits at p (the caller made sure they are there), or -1. */
static int fixed_digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* YYYY-MM-DD at the start of s (at least 10 bytes). */
static int parse_ymd(const char *p, int32_t *day)
{
    int y = fixed_digits(p, 4), m = fixed_digits(p + 5, 2), d = fixed_digits(p + 8, 2);
    if (y < 0 || p[4] != '-' || m < 0 || p[7] != '-' || d < 0)
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *day = days_from_civil(y, m, d);
    return 0;
}

int parse_date(ccs_str s, int32_t *day)
{
    if (s.len != 10)
        return -1;
    return parse_ymd(s.ptr, day);
}

int parse_iso8601(ccs_str s, iso_time *out)
{
    const char *p = s.ptr;
    size_t n = s.len, i = 10;
    iso_time t = { 0, 0, 0, 0, 0 };

    if (n < 10 || parse_ymd(p, &t.day))
        return -1;
    if (i < n) {
        if (p[i] != 'T' && p[i] != 't' && p[i] != ' ')
            return -1;
        i++;
        if (n - i < 5 || p[i + 2] != ':')
            return -1;
        int hh = fixed_digits(p + i, 2), mm = fixed_digits(p + i + 3, 2), ss = 0;
        i += 5;
        if (i < n && p[i] == ':') {
            if (n - i < 3 || (ss = fixed_digits(p + i + 1, 2)) < 0)
                return -1;
            i += 3;
            if (i < n && (p[i] == '.' || p[i] == ',')) { /* fraction: ignored */
                i++;
                if (i == n || !is_digit(p[i]))
                    return -1;
                while (i < n && is_digit(p[i]))
                    i++;
            }
        }
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss > 60)
            return -1;
        t.has_time = 1;
        t.second = hh * 3600 + mm * 60 + ss;

        if (i < n && (p[i] == 'Z' || p[i] == 'z')) {
            t.has_offset = 1;
            i++;
        } else if (i < n && (p[i] == '+' || p[i] == '-')) {
            int sign = p[i] == '-' ? -1 : 1, om = 0;
            i++;
            if (n - i < 2)
                return -1;
            int oh = fixed_digits(p + i, 2);
            i += 2;
            if (i < n) { /* +HH:MM or +HHMM; the rest must be two digits */
                if (p[i] == ':')
                    i++;
                if (n - i < 2 || (om = fixed_digits(p + i, 2)) < 0)
                    return -1;
                i += 2;
            }
            if (oh < 0 || oh > 23 || om > 59)
                return -1;
            t.has_offset = 1;
            t.offset_s = sign * (oh * 3600 + om * 60);
        }
    }
    if (i != n)
        return -1;
    *out = t;
    return 0;
}
