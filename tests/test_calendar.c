/* Tests for engine/calendar.c: ISO week, month and day periods over local
 * days, and UTC <-> local conversion in the organisation's timezone.
 *
 * Expected values are worked out by hand in the comments; days are counted
 * from 1970-01-01 (day 0, a Thursday).  Anchors used throughout:
 *
 *   2026-01-01: 56 years 1970..2025, 14 of them leap (1972, 1976, ..., 2024),
 *               56 * 365 + 14 = 20454.  20454 = 7 * 2922, so it falls on the
 *               same weekday as day 0: a Thursday.
 *   2025-01-01: 20454 - 365 = 20089 (2025 is not leap); 20089 - 7 * 2869 = 6,
 *               Thursday + 6 = Wednesday.
 *   2024-01-01: 20089 - 366 = 19723 (2024 is leap).
 *   2021-01-01: 51 years 1970..2020, 13 leap (1972..2020), 51 * 365 + 13 =
 *               18628; 18628 - 7 * 2661 = 1, Thursday + 1 = Friday.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "parse.h"

#define D2026_01_01 20454
#define D2025_01_01 20089
#define D2024_01_01 19723
#define D2021_01_01 18628

/* Day-of-year offsets in 2026 (not leap): Jan 31, Feb 28, Mar 31, Apr 30,
 * May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30. */
#define D2026_03_29 (D2026_01_01 + 31 + 28 + 28)                               /* 20541 */
#define D2026_07_01 (D2026_01_01 + 31 + 28 + 31 + 30 + 31 + 30)                /* 20635 */
#define D2026_10_25 (D2026_01_01 + 31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 24) /* 20751 */
#define D2026_11_20 (D2026_01_01 + 304 + 19)                                    /* 20777 */
#define D2026_12_28 (D2026_01_01 + 361)                                         /* 20815 */
#define D2026_12_31 (D2026_01_01 + 364)                                         /* 20818 */

static calendar cal; /* large: keep it off the stack */

static void use_zone(const char *tz)
{
    char err[256] = "";
    int rc = calendar_set_timezone(tz, err, sizeof err);
    if (rc != 0)
        fail_msg("calendar_set_timezone(%s): %s", tz, err);
    calendar_init(&cal);
}

static void assert_period_name(enum period_kind k, int32_t id, const char *want)
{
    char buf[32];
    period_name(k, id, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void assert_day_name(int32_t day, const char *want)
{
    char buf[32];
    day_name(day, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* ------------------------------------------------------------ anchors */

static void test_anchor_days(void **state)
{
    (void)state;
    /* The hand-counted anchors above agree with the date arithmetic the
     * calendar builds on, so the rest can use either. */
    assert_int_equal(days_from_civil(2026, 1, 1), D2026_01_01);
    assert_int_equal(days_from_civil(2025, 1, 1), D2025_01_01);
    assert_int_equal(days_from_civil(2024, 1, 1), D2024_01_01);
    assert_int_equal(days_from_civil(2021, 1, 1), D2021_01_01);
    assert_int_equal(days_from_civil(2026, 3, 29), 20541);
    assert_int_equal(days_from_civil(2026, 7, 1), 20635);
    assert_int_equal(days_from_civil(2026, 10, 25), 20751);
    assert_int_equal(days_from_civil(2026, 11, 20), 20777);
    assert_int_equal(days_from_civil(2026, 12, 31), 20818);
}

/* ------------------------------------------------------------ ISO weeks */

static void test_iso_week_year_end_2026(void **state)
{
    (void)state;
    /* 2026 starts on a Thursday, so its week 1 (the week holding Jan 4, or
     * equally the first Thursday) starts Monday 2025-12-29 = 20451, and the
     * year has 53 ISO weeks: W53 starts 20451 + 52 * 7 = 20815 = 2026-12-28
     * and runs to Sunday 2027-01-03.  2027-W01 starts Monday 2027-01-04. */
    int32_t dec31 = D2026_12_31;     /* 364 = 52 * 7 after Jan 1: Thursday */
    int32_t jan1 = D2026_12_31 + 1;  /* 2027-01-01, Friday */
    int32_t jan3 = D2026_12_31 + 3;  /* 2027-01-03, Sunday */
    int32_t jan4 = D2026_12_31 + 4;  /* 2027-01-04, Monday */

    assert_int_equal(period_of_day(PERIOD_WEEK, dec31), D2026_12_28);
    assert_int_equal(period_of_day(PERIOD_WEEK, jan1), D2026_12_28);
    assert_int_equal(period_of_day(PERIOD_WEEK, jan3), D2026_12_28);
    assert_int_equal(period_of_day(PERIOD_WEEK, jan4), jan4);
    assert_period_name(PERIOD_WEEK, period_of_day(PERIOD_WEEK, dec31), "2026-W53");
    assert_period_name(PERIOD_WEEK, period_of_day(PERIOD_WEEK, jan1), "2026-W53");
    assert_period_name(PERIOD_WEEK, period_of_day(PERIOD_WEEK, jan3), "2026-W53");
    assert_period_name(PERIOD_WEEK, period_of_day(PERIOD_WEEK, jan4), "2027-W01");

    /* 2026-01-01 (Thursday) is in 2026-W01, whose Monday is in 2025. */
    assert_int_equal(period_of_day(PERIOD_WEEK, D2026_01_01), D2026_01_01 - 3);
    assert_period_name(PERIOD_WEEK, D2026_01_01 - 3, "2026-W01");
}

static void test_iso_week_2021_jan3_is_2020_w53(void **state)
{
    (void)state;
    /* 2021-01-01 is a Friday, so the week around it has its Thursday on
     * 2020-12-31 and belongs to 2020.  2020 began on a Wednesday and is
     * leap, so it has 53 weeks.  2021-01-03 = 18630, Sunday; its Monday is
     * 18624 = 2020-12-28 = 2020-W53.  Monday 2021-01-04 starts 2021-W01. */
    int32_t jan3 = D2021_01_01 + 2;
    assert_int_equal(period_of_day(PERIOD_WEEK, jan3), 18624);
    assert_period_name(PERIOD_WEEK, 18624, "2020-W53");
    assert_period_name(PERIOD_WEEK, period_of_day(PERIOD_WEEK, D2021_01_01 + 3), "2021-W01");
}

static void test_iso_week_2024_dec30_is_2025_w01(void **state)
{
    (void)state;
    /* 2025-01-01 is a Wednesday, so Monday 2024-12-30 (= 20087) starts the
     * week holding Thursday 2025-01-02: 2025-W01.  The Sunday before,
     * 2024-12-29, is in 2024-W52 (2024 began on a Monday: 52 weeks). */
    int32_t dec30 = D2025_01_01 - 2;
    assert_int_equal(dec30, 20087);
    assert_int_equal(period_of_day(PERIOD_WEEK, dec30), dec30);
    assert_period_name(PERIOD_WEEK, dec30, "2025-W01");
    assert_period_name(PERIOD_WEEK, period_of_day(PERIOD_WEEK, dec30 - 1), "2024-W52");
}

static void test_iso_week_mid_year_and_negative_days(void **state)
{
    (void)state;
    /* 2026-11-20 (Friday) is 20777 - 20451 = 326 days after the Monday of
     * 2026-W01: 46 whole weeks and 4 days, so week 47, Monday 2026-11-16. */
    assert_int_equal(period_of_day(PERIOD_WEEK, D2026_11_20), D2026_11_20 - 4);
    assert_period_name(PERIOD_WEEK, D2026_11_20 - 4, "2026-W47");

    /* Before the epoch: 1969-12-29 (day -3) is a Monday, and its Thursday
     * is 1970-01-01, so it is 1970-W01.  1969-12-28 (day -4, Sunday) is in
     * the week starting day -10 = 1969-12-22; 1969 began on a Wednesday and
     * is not leap, 52 weeks, so that is 1969-W52. */
    assert_int_equal(period_of_day(PERIOD_WEEK, -1), -3);
    assert_int_equal(period_of_day(PERIOD_WEEK, 0), -3);
    assert_int_equal(period_of_day(PERIOD_WEEK, 3), -3); /* Sunday 1970-01-04 */
    assert_int_equal(period_of_day(PERIOD_WEEK, 4), 4);  /* Monday 1970-01-05 */
    assert_period_name(PERIOD_WEEK, -3, "1970-W01");
    assert_int_equal(period_of_day(PERIOD_WEEK, -4), -10);
    assert_period_name(PERIOD_WEEK, -10, "1969-W52");
}

/* ------------------------------------------------------------ parsing */

static void assert_parses(const char *s, enum period_kind want_k, int32_t want_id)
{
    enum period_kind k = (enum period_kind)-1;
    int32_t id = INT32_MIN;
    if (period_parse(s, &k, &id) != 0)
        fail_msg("period_parse(\"%s\") refused", s);
    assert_int_equal(k, want_k);
    assert_int_equal(id, want_id);
}

static void assert_refused(const char *s)
{
    enum period_kind k = PERIOD_DAY;
    int32_t id = 12345;
    if (period_parse(s, &k, &id) != -1)
        fail_msg("period_parse(\"%s\") accepted as %s %d", s, period_kind_name(k), (int)id);
}

static void test_parse_known_values(void **state)
{
    (void)state;
    assert_parses("2026-W53", PERIOD_WEEK, D2026_12_28);
    assert_parses("2026-W01", PERIOD_WEEK, D2026_01_01 - 3);
    assert_parses("2026-W47", PERIOD_WEEK, D2026_11_20 - 4);
    assert_parses("2020-W53", PERIOD_WEEK, 18624);
    assert_parses("2025-W01", PERIOD_WEEK, 20087);
    /* Months are year * 12 + month - 1. */
    assert_parses("2026-11", PERIOD_MONTH, 2026 * 12 + 10);
    assert_parses("2026-01", PERIOD_MONTH, 2026 * 12);
    assert_parses("2026-12", PERIOD_MONTH, 2026 * 12 + 11);
    assert_parses("2026-11-20", PERIOD_DAY, D2026_11_20);
    assert_parses("1969-12-31", PERIOD_DAY, -1);
    /* 2024 is leap: Feb 29 = 19723 + 31 + 28 = 19782. */
    assert_parses("2024-02-29", PERIOD_DAY, 19782);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    /* 2026 has 53 weeks (starts on a Thursday), so W54 would be Monday
     * 2027-01-04, which is 2027-W01. */
    assert_refused("2026-W54");
    /* 2025 starts on a Wednesday and is not leap: 52 weeks.  W53 would be
     * Monday 2025-12-29, which is 2026-W01. */
    assert_refused("2025-W53");
    assert_refused("2026-W00");
    assert_refused("2026-W-1");
    assert_refused("2026-W1");
    assert_refused("2026-W5x");
    assert_refused("2026-w05");
    assert_refused("2026-13");
    assert_refused("2026-00");
    assert_refused("2026-02-30");
    assert_refused("2026-02-29"); /* 2026 is not leap */
    assert_refused("2026-04-31");
    assert_refused("26-11");
    assert_refused("2026-1");
    assert_refused("2026/11");
    assert_refused("");
    assert_refused("2026-11-20T00:00");
    assert_refused(" 2026-11");
    assert_refused("2026-11 ");
    /* Loose numeric forms that sscanf would take: not any of the three
     * written forms, so none of them may pass. */
    assert_refused("2026- 1");
    assert_refused("2026-+1");
    assert_refused("+026-11");
    assert_refused("-026-11");
    assert_refused("2026-W+1");
    assert_refused("2026-W 1");
}

static void test_parse_round_trips(void **state)
{
    (void)state;
    char buf[32];
    enum period_kind k;
    int32_t id;
    /* Every week from 2015 to 2035: name, parse back, same Monday. */
    int32_t first = period_of_day(PERIOD_WEEK, days_from_civil(2015, 1, 1));
    int32_t last = days_from_civil(2035, 12, 31);
    int weeks = 0, w53 = 0;
    for (int32_t m = first; m <= last; m += 7) {
        period_name(PERIOD_WEEK, m, buf, sizeof buf);
        assert_int_equal(period_parse(buf, &k, &id), 0);
        assert_int_equal(k, PERIOD_WEEK);
        assert_int_equal(id, m);
        weeks++;
        if (strstr(buf, "-W53"))
            w53++;
    }
    /* Long ISO years 2015..2035: 2015, 2020, 2026, 2032 (Thursday starts or
     * leap-and-Wednesday). */
    assert_int_equal(w53, 4);
    assert_true(weeks > 52 * 20);

    /* Every month 1999-01 .. 2040-12. */
    for (int32_t m = 1999 * 12; m < 2041 * 12; m++) {
        period_name(PERIOD_MONTH, m, buf, sizeof buf);
        assert_int_equal(period_parse(buf, &k, &id), 0);
        assert_int_equal(k, PERIOD_MONTH);
        assert_int_equal(id, m);
    }
    /* Every day 1960 .. 2040, crossing the epoch. */
    for (int32_t d = days_from_civil(1960, 1, 1); d <= days_from_civil(2040, 12, 31); d++) {
        period_name(PERIOD_DAY, d, buf, sizeof buf);
        assert_int_equal(period_parse(buf, &k, &id), 0);
        assert_int_equal(k, PERIOD_DAY);
        assert_int_equal(id, d);
    }
}

/* ------------------------------------------------------------ days, prev */

static void test_period_days(void **state)
{
    (void)state;
    int32_t a, b;
    /* February 2024: leap year, 29 days, 2024-02-01 = 19723 + 31. */
    period_days(PERIOD_MONTH, 2024 * 12 + 1, &a, &b);
    assert_int_equal(a, 19754);
    assert_int_equal(b, 19782);
    assert_int_equal(b - a + 1, 29);
    /* February 2026: 28 days, from 20454 + 31 = 20485. */
    period_days(PERIOD_MONTH, 2026 * 12 + 1, &a, &b);
    assert_int_equal(a, 20485);
    assert_int_equal(b - a + 1, 28);
    /* February 2000 (divisible by 400: leap) and 2100 (by 100 only: not). */
    period_days(PERIOD_MONTH, 2000 * 12 + 1, &a, &b);
    assert_int_equal(b - a + 1, 29);
    period_days(PERIOD_MONTH, 2100 * 12 + 1, &a, &b);
    assert_int_equal(b - a + 1, 28);
    /* December 2026 ends on the last day of the year. */
    period_days(PERIOD_MONTH, 2026 * 12 + 11, &a, &b);
    assert_int_equal(a, D2026_12_31 - 30);
    assert_int_equal(b, D2026_12_31);
    /* April 2026: 30 days. */
    period_days(PERIOD_MONTH, 2026 * 12 + 3, &a, &b);
    assert_int_equal(b - a + 1, 30);
    /* A week is its Monday and the following Sunday. */
    period_days(PERIOD_WEEK, D2026_12_28, &a, &b);
    assert_int_equal(a, D2026_12_28);
    assert_int_equal(b, D2026_12_28 + 6);
    assert_day_name(b, "2027-01-03");
    /* A day is itself. */
    period_days(PERIOD_DAY, -1, &a, &b);
    assert_int_equal(a, -1);
    assert_int_equal(b, -1);
    /* The month of a day holds that day. */
    assert_int_equal(period_of_day(PERIOD_MONTH, 19782), 2024 * 12 + 1);
    assert_int_equal(period_of_day(PERIOD_MONTH, -1), 1969 * 12 + 11);
    assert_int_equal(period_of_day(PERIOD_DAY, 123), 123);
}

static void test_period_prev(void **state)
{
    (void)state;
    /* January 2027 -> December 2026. */
    assert_int_equal(period_prev(PERIOD_MONTH, 2027 * 12), 2026 * 12 + 11);
    assert_period_name(PERIOD_MONTH, period_prev(PERIOD_MONTH, 2027 * 12), "2026-12");
    /* 2027-W01 (Monday 2027-01-04) -> 2026-W53. */
    assert_int_equal(period_prev(PERIOD_WEEK, D2026_12_31 + 4), D2026_12_28);
    assert_period_name(PERIOD_WEEK, period_prev(PERIOD_WEEK, D2026_12_31 + 4), "2026-W53");
    /* 2025-W01 (Monday 2024-12-30) -> 2024-W52 (52-week year). */
    assert_period_name(PERIOD_WEEK, period_prev(PERIOD_WEEK, 20087), "2024-W52");
    /* 2021-W01 (Monday 2021-01-04) -> 2020-W53. */
    assert_period_name(PERIOD_WEEK, period_prev(PERIOD_WEEK, D2021_01_01 + 3), "2020-W53");
    /* 2026-01-01 -> 2025-12-31; 1970-01-01 -> 1969-12-31. */
    assert_period_name(PERIOD_DAY, period_prev(PERIOD_DAY, D2026_01_01), "2025-12-31");
    assert_int_equal(period_prev(PERIOD_DAY, 0), -1);
    assert_string_equal(period_kind_name(PERIOD_DAY), "day");
    assert_string_equal(period_kind_name(PERIOD_WEEK), "week");
    assert_string_equal(period_kind_name(PERIOD_MONTH), "month");
}

static void test_day_name(void **state)
{
    (void)state;
    assert_day_name(0, "1970-01-01");
    assert_day_name(-1, "1969-12-31");
    assert_day_name(-365, "1969-01-01"); /* 1969 is not leap */
    assert_day_name(-366, "1968-12-31");
    /* 1900-01-01 is -2208988800 s = -25567 days (70 years, 17 leap). */
    assert_day_name(-25567, "1900-01-01");
    assert_day_name(-25568, "1899-12-31");
    assert_day_name(D2026_01_01, "2026-01-01");
    assert_day_name(19782, "2024-02-29");
    assert_day_name(19783, "2024-03-01");
    /* 2000-01-01 = 30 * 365 + 7 leap days = 10957; Feb 29 = +59. */
    assert_day_name(11016, "2000-02-29");
    assert_period_name(PERIOD_MONTH, 1969 * 12 + 11, "1969-12");
}

/* ------------------------------------------------------------ timezones */

#define AT(day, h, m, s) ((int64_t)(day) * 86400 + (h) * 3600 + (m) * 60 + (s))

static void assert_local(int64_t utc, int32_t want_day, int32_t want_minute)
{
    int32_t day = INT32_MIN, minute = INT32_MIN;
    calendar_local(&cal, utc, &day, &minute);
    assert_int_equal(day, want_day);
    assert_int_equal(minute, want_minute);
}

static void test_timezone_refusals(void **state)
{
    (void)state;
    char err[256];

    use_zone("Europe/London");
    err[0] = '\0';
    assert_int_equal(calendar_set_timezone("Mars/Olympus", err, sizeof err), -1);
    assert_non_null(strstr(err, "Mars/Olympus"));
    /* A refused zone leaves the previous one in force: 2026-07-01 is BST. */
    calendar_init(&cal);
    assert_int_equal(calendar_offset(&cal, AT(D2026_07_01, 12, 0, 0)), 3600);

    err[0] = '\0';
    assert_int_equal(calendar_set_timezone("", err, sizeof err), -1);
    assert_true(err[0] != '\0');
    /* Paths outside tzdata, and a folder of tzdata rather than a zone. */
    assert_int_equal(calendar_set_timezone("/etc/passwd", err, sizeof err), -1);
    assert_int_equal(calendar_set_timezone("../../../etc/passwd", err, sizeof err), -1);
    assert_int_equal(calendar_set_timezone("Europe", err, sizeof err), -1);
    assert_non_null(strstr(err, "Europe"));

    err[0] = '\0';
    assert_int_equal(calendar_set_timezone("UTC", err, sizeof err), 0);
    calendar_init(&cal);
    assert_int_equal(calendar_offset(&cal, AT(D2026_07_01, 12, 0, 0)), 0);
    assert_local(AT(D2026_07_01, 12, 34, 56), D2026_07_01, 12 * 60 + 34);
    /* Negative instants: 1969-12-31T23:59:59Z is day -1, minute 1439. */
    assert_local(-1, -1, 1439);
    assert_local(-86400, -1, 0);
    assert_local(-86401, -2, 1439);
}

static void test_london_bst_start_2026(void **state)
{
    (void)state;
    use_zone("Europe/London");
    /* BST starts on the last Sunday of March: 2026-03-01 is a Sunday
     * (Jan 1 Thursday + 59 days = Thursday + 3), so the 29th.  At 01:00 UTC
     * the clocks jump from 01:00 GMT to 02:00 BST. */
    int32_t d = D2026_03_29;
    assert_int_equal(calendar_offset(&cal, AT(d, 0, 59, 59)), 0);
    assert_int_equal(calendar_offset(&cal, AT(d, 1, 0, 0)), 3600);
    assert_local(AT(d, 0, 59, 59), d, 59);       /* 00:59 GMT */
    assert_local(AT(d, 1, 0, 0), d, 120);        /* 02:00 BST */
    assert_local(AT(d - 1, 23, 30, 0), d - 1, 23 * 60 + 30); /* still GMT */
    /* Local 09:00 on the first BST day is 08:00Z. */
    assert_int_equal(calendar_to_utc(&cal, d, 9 * 3600), AT(d, 8, 0, 0));
    /* Local 00:30 on that day is before the change: 00:30Z. */
    assert_int_equal(calendar_to_utc(&cal, d, 30 * 60), AT(d, 0, 30, 0));
}

static void test_london_bst_end_2026(void **state)
{
    (void)state;
    use_zone("Europe/London");
    /* BST ends on the last Sunday of October: 2026-10-01 is a Thursday
     * (2026-03-01 Sunday + 214 days = Sunday + 4), so the 25th.  At 01:00
     * UTC the clocks go back from 02:00 BST to 01:00 GMT. */
    int32_t d = D2026_10_25;
    assert_int_equal(calendar_offset(&cal, AT(d, 0, 59, 59)), 3600);
    assert_int_equal(calendar_offset(&cal, AT(d, 1, 0, 0)), 0);
    /* 00:59:59Z is 01:59:59 BST: minute 119 of the 25th. */
    assert_local(AT(d, 0, 59, 59), d, 119);
    /* 01:00Z is 01:00 GMT: minute 60 again. */
    assert_local(AT(d, 1, 0, 0), d, 60);
    /* The local day starts an hour early in UTC while BST lasts:
     * 2026-10-24T23:30Z is 00:30 BST on the 25th. */
    assert_local(AT(d - 1, 23, 30, 0), d, 30);
    assert_local(AT(d - 1, 22, 59, 59), d - 1, 23 * 60 + 59);
    /* Unambiguous wall-clock times either side. */
    assert_int_equal(calendar_to_utc(&cal, d, 30 * 60), AT(d - 1, 23, 30, 0));
    assert_int_equal(calendar_to_utc(&cal, d, 2 * 3600 + 30 * 60), AT(d, 2, 30, 0));
    assert_int_equal(calendar_to_utc(&cal, d, 2 * 3600), AT(d, 2, 0, 0));
    /* 01:00-01:59 happen twice: first in BST (00:xxZ), then in GMT
     * (01:xxZ).  calendar.h promises the earlier instant. */
    assert_int_equal(calendar_to_utc(&cal, d, 1 * 3600 + 30 * 60), AT(d, 0, 30, 0));
    assert_int_equal(calendar_to_utc(&cal, d, 1 * 3600), AT(d, 0, 0, 0));
    assert_int_equal(calendar_to_utc(&cal, d, 1 * 3600 + 59 * 60 + 59), AT(d, 0, 59, 59));
}

static void test_london_summer_and_winter(void **state)
{
    (void)state;
    use_zone("Europe/London");
    /* Local 2026-07-01 09:00 (BST, +1) is 08:00Z. */
    assert_int_equal(calendar_to_utc(&cal, D2026_07_01, 9 * 3600), AT(D2026_07_01, 8, 0, 0));
    assert_local(AT(D2026_07_01, 8, 0, 0), D2026_07_01, 9 * 60);
    /* Local 2026-01-01 09:00 (GMT) is 09:00Z. */
    assert_int_equal(calendar_to_utc(&cal, D2026_01_01, 9 * 3600), AT(D2026_01_01, 9, 0, 0));
    /* In summer 23:xxZ is already tomorrow locally. */
    assert_local(AT(D2026_07_01, 23, 15, 0), D2026_07_01 + 1, 15);
    /* The British Standard Time experiment kept the UK on UTC+1 all year
     * from 1968-10-27 to 1971-10-31, so instants just before the epoch are
     * local 1970-01-01 already: -1800 s is 00:30 on day 0, and -3601 s is
     * 23:59:59 on day -1. */
    assert_int_equal(calendar_offset(&cal, -1800), 3600);
    assert_local(-1800, 0, 30);
    assert_local(-3601, -1, 23 * 60 + 59);
}

static void test_new_york_negative_offset(void **state)
{
    (void)state;
    use_zone("America/New_York");
    /* EST is -5 h: 2026-01-01T03:00Z is 2025-12-31 22:00 local. */
    assert_int_equal(calendar_offset(&cal, AT(D2026_01_01, 3, 0, 0)), -5 * 3600);
    assert_local(AT(D2026_01_01, 3, 0, 0), D2026_01_01 - 1, 22 * 60);
    assert_int_equal(calendar_to_utc(&cal, D2026_01_01 - 1, 22 * 3600), AT(D2026_01_01, 3, 0, 0));
    /* EDT (-4 h) ends on the first Sunday of November, 2026-11-01, at 02:00
     * EDT = 06:00Z; local 01:30 happens at 05:30Z (EDT) and 06:30Z (EST). */
    int32_t nov1 = D2026_11_20 - 19;
    assert_int_equal(calendar_to_utc(&cal, nov1, 1 * 3600 + 30 * 60), AT(nov1, 5, 30, 0));
}

/* Deterministic pseudo-random numbers (xorshift64*), for the cache test. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static int32_t system_offset(int64_t utc)
{
    time_t t = (time_t)utc;
    struct tm tm;
    assert_non_null(localtime_r(&t, &tm));
    return (int32_t)tm.tm_gmtoff;
}

static void check_cache_against_system(const char *zone)
{
    static calendar fresh;
    enum { N = 20000 };
    static int64_t when[N];
    use_zone(zone);

    /* 1972..2100, a mix of uniform instants and instants within a few hours
     * of each year's end-of-March and end-of-October changes, so that cache
     * slots collide and buckets straddle transitions. */
    int64_t lo = (int64_t)days_from_civil(1972, 1, 1) * 86400;
    int64_t hi = (int64_t)days_from_civil(2100, 1, 1) * 86400;
    for (int i = 0; i < N; i++) {
        uint64_t r = rng();
        if (i % 2 == 0) {
            when[i] = lo + (int64_t)(r % (uint64_t)(hi - lo));
        } else {
            int y = 1972 + (int)(r % 128);
            int m = (r >> 8) & 1 ? 3 : 10;
            int day = 24 + (int)((r >> 9) % 8); /* 24..31 */
            int64_t base = (int64_t)days_from_civil(y, m, day) * 86400;
            when[i] = base + (int64_t)((r >> 16) % (2 * 86400)) - 86400 / 2;
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < N; j++) {
            /* Second pass visits the same instants in another order. */
            int i = pass == 0 ? j : (int)((uint64_t)j * 7919 % N);
            int32_t want = system_offset(when[i]);
            int32_t got = calendar_offset(&cal, when[i]);
            if (got != want)
                fail_msg("%s: offset at %lld is %d, system says %d (pass %d)", zone,
                         (long long)when[i], (int)got, (int)want, pass);
            if (j % 97 == 0) {
                calendar_init(&fresh);
                assert_int_equal(calendar_offset(&fresh, when[i]), want);
            }
            /* And the local day and minute follow from that offset. */
            int32_t day, minute;
            calendar_local(&cal, when[i], &day, &minute);
            int64_t local = when[i] + want;
            int64_t wd = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
            assert_int_equal(day, wd);
            assert_int_equal(minute, (local - wd * 86400) / 60);
        }
    }
}

static void test_offset_cache_matches_system(void **state)
{
    (void)state;
    check_cache_against_system("Europe/London");
    check_cache_against_system("America/New_York");
    check_cache_against_system("Australia/Sydney");
}

/* calendar_to_utc against a brute-force search with localtime_r: for every
 * local quarter hour of the weeks around the 2026 clock changes, the
 * smallest UTC instant whose local wall-clock time it is.  All four zones
 * have offsets in whole quarter hours, so candidates are local - k * 900. */
static void check_to_utc_brute_force(const char *zone, int month_a, int month_b)
{
    use_zone(zone);
    const int months[2] = { month_a, month_b };
    int ambiguous = 0, gaps = 0;
    for (int mi = 0; mi < 2; mi++) {
        int32_t first = days_from_civil(2026, months[mi], 1) - 7;
        int32_t last = days_from_civil(2026, months[mi], 1) + 45;
        for (int32_t day = first; day <= last; day++) {
            for (int32_t sec = 0; sec < 86400; sec += 900) {
                int64_t local = (int64_t)day * 86400 + sec;
                int64_t want = INT64_MAX;
                int found = 0;
                for (int k = -56; k <= 56; k++) {
                    int64_t u = local - (int64_t)k * 900;
                    if (system_offset(u) == k * 900) {
                        found++;
                        if (u < want)
                            want = u;
                    }
                }
                int64_t got = calendar_to_utc(&cal, day, sec);
                if (found == 0) {
                    gaps++; /* skipped by the clocks: any nearby answer */
                    assert_true(got > local - 15 * 3600 && got < local + 15 * 3600);
                    continue;
                }
                if (found > 1)
                    ambiguous++;
                if (got != want)
                    fail_msg("%s: local %d+%ds -> %lld, want %lld", zone, (int)day, (int)sec,
                             (long long)got, (long long)want);
            }
        }
    }
    /* One hour skipped and one repeated, in quarter hours. */
    assert_int_equal(gaps, 4);
    assert_int_equal(ambiguous, 4);
}

static void test_to_utc_matches_brute_force(void **state)
{
    (void)state;
    check_to_utc_brute_force("Europe/London", 3, 10);
    check_to_utc_brute_force("Europe/Berlin", 3, 10);
    check_to_utc_brute_force("America/New_York", 3, 11);
    check_to_utc_brute_force("Australia/Sydney", 4, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchor_days),
        cmocka_unit_test(test_iso_week_year_end_2026),
        cmocka_unit_test(test_iso_week_2021_jan3_is_2020_w53),
        cmocka_unit_test(test_iso_week_2024_dec30_is_2025_w01),
        cmocka_unit_test(test_iso_week_mid_year_and_negative_days),
        cmocka_unit_test(test_parse_known_values),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_round_trips),
        cmocka_unit_test(test_period_days),
        cmocka_unit_test(test_period_prev),
        cmocka_unit_test(test_day_name),
        cmocka_unit_test(test_timezone_refusals),
        cmocka_unit_test(test_london_bst_start_2026),
        cmocka_unit_test(test_london_bst_end_2026),
        cmocka_unit_test(test_london_summer_and_winter),
        cmocka_unit_test(test_new_york_negative_offset),
        cmocka_unit_test(test_offset_cache_matches_system),
        cmocka_unit_test(test_to_utc_matches_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
