#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "datefmt.h"
#include "parse.h"

/* Bumped whenever the zone changes, so that per-thread caches start afresh. */
static unsigned tz_generation = 1;

calendar *calendar_for_thread(void)
{
    static _Thread_local calendar cal;
    static _Thread_local unsigned generation;
    unsigned now = __atomic_load_n(&tz_generation, __ATOMIC_ACQUIRE);
    if (generation != now) {
        calendar_init(&cal);
        generation = now;
    }
    return &cal;
}

int calendar_set_timezone(const char *tz, char *err, size_t errlen)
{
    if (!tz || !*tz) {
        snprintf(err, errlen, "empty timezone");
        return -1;
    }
    if (strcmp(tz, "UTC") != 0) {
        /* glibc silently falls back to UTC for an unknown name, so look the
         * zone up in tzdata ourselves. */
        if (tz[0] == '/' || strstr(tz, "..")) {
            snprintf(err, errlen, "timezone '%s' is not a zone name like Europe/London", tz);
            return -1;
        }
        const char *dir = getenv("TZDIR");
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            snprintf(err, errlen,
                     "unknown timezone '%s' (no %s; is the tzdata package installed?)", tz, path);
            return -1;
        }
    }
    setenv("TZ", tz, 1);
    tzset();
    __atomic_add_fetch(&tz_generation, 1, __ATOMIC_RELEASE);
    return 0;
}

void calendar_init(calendar *c)
{
    for (size_t i = 0; i < CAL_CACHE_SLOTS; i++)
        c->bucket[i] = INT64_MIN;
}

int32_t calendar_offset(calendar *c, int64_t utc)
{
    int64_t bucket = utc >= 0 ? utc / 900 : (utc - 899) / 900;
    size_t slot = (size_t)((uint64_t)bucket % CAL_CACHE_SLOTS);
    if (c->bucket[slot] == bucket)
        return c->offset[slot];
    time_t t = (time_t)(bucket * 900);
    struct tm tm;
    int32_t off = 0;
    if (localtime_r(&t, &tm))
        off = (int32_t)tm.tm_gmtoff;
    c->bucket[slot] = bucket;
    c->offset[slot] = off;
    return off;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void calendar_local(calendar *c, int64_t utc, int32_t *day, int32_t *minute)
{
    int64_t local = utc + calendar_offset(c, utc);
    int64_t d = floor_div(local, 86400);
    *day = (int32_t)d;
    if (minute)
        *minute = (int32_t)((local - d * 86400) / 60);
}

int64_t calendar_to_utc(calendar *c, int32_t day, int32_t second)
{
    int64_t local = (int64_t)day * 86400 + second;
    int32_t off = calendar_offset(c, local);
    int64_t utc = local - off;
    int32_t off2 = calendar_offset(c, utc);
    if (off2 != off)
        utc = local - off2;
    /* When the clocks went back, the offset in force before the change may
     * give an earlier instant with the same wall-clock time: prefer it. */
    int32_t before = calendar_offset(c, utc - 86400);
    if (before > calendar_offset(c, utc) && calendar_offset(c, local - before) == before)
        utc = local - before;
    return utc;
}

const char *period_kind_name(enum period_kind k)
{
    return k == PERIOD_DAY ? "day" : k == PERIOD_WEEK ? "week" : "month";
}

/* Monday = 0; 1970-01-01 was a Thursday. */
static int weekday(int32_t day)
{
    return (int)(((int64_t)day % 7 + 7 + 3) % 7);
}

int32_t period_of_day(enum period_kind k, int32_t day)
{
    switch (k) {
    case PERIOD_DAY:
        return day;
    case PERIOD_WEEK:
        return day - weekday(day);
    default: {
        int y, m, d;
        civil_from_days(day, &y, &m, &d);
        return y * 12 + (m - 1);
    }
    }
}

int32_t period_prev(enum period_kind k, int32_t id)
{
    return k == PERIOD_DAY ? id - 1 : k == PERIOD_WEEK ? id - 7 : id - 1;
}

void period_days(enum period_kind k, int32_t id, int32_t *first, int32_t *last)
{
    switch (k) {
    case PERIOD_DAY:
        *first = *last = id;
        break;
    case PERIOD_WEEK:
        *first = id;
        *last = id + 6;
        break;
    default: {
        int y = id / 12, m = id % 12 + 1;
        *first = days_from_civil(y, m, 1);
        *last = (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) - 1;
    }
    }
}

void day_name(int32_t day, char *buf, size_t len)
{
    char s[11];
    fmt_day(s, day);
    snprintf(buf, len, "%s", s);
}

void period_name(enum period_kind k, int32_t id, char *buf, size_t len)
{
    switch (k) {
    case PERIOD_DAY:
        day_name(id, buf, len);
        break;
    case PERIOD_WEEK: {
        /* The ISO year is the year of the week's Thursday. */
        int y, m, d;
        int32_t thursday = id + 3;
        civil_from_days(thursday, &y, &m, &d);
        int week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
        snprintf(buf, len, "%04d-W%02d", y, week);
        break;
    }
    default:
        snprintf(buf, len, "%04d-%02d", id / 12, id % 12 + 1);
    }
}

int period_parse(const char *s, enum period_kind *k, int32_t *id)
{
    int y, m, d, n = 0;
    size_t len = strlen(s);
    if (len == 8 && sscanf(s, "%4d-W%2d%n", &y, &m, &n) == 2 && n == 8) {
        /* Week 1 holds January 4th. */
        int32_t jan4 = days_from_civil(y, 1, 4);
        int32_t monday1 = jan4 - weekday(jan4);
        int32_t monday = monday1 + (m - 1) * 7;
        char check[16];
        period_name(PERIOD_WEEK, monday, check, sizeof check);
        if (m < 1 || strcmp(check, s) != 0)
            return -1;
        *k = PERIOD_WEEK;
        *id = monday;
        return 0;
    }
    if (len == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7) {
        /* sscanf also takes "2026- 1", "2026-+1", "+026-11": only the
         * written form round-trips. */
        char check[16];
        period_name(PERIOD_MONTH, y * 12 + m - 1, check, sizeof check);
        if (m < 1 || m > 12 || strcmp(check, s) != 0)
            return -1;
        *k = PERIOD_MONTH;
        *id = y * 12 + m - 1;
        return 0;
    }
    if (len == 10) {
        ccs_str str = { s, len };
        int32_t day;
        if (parse_date(str, &day) != 0)
            return -1;
        (void)d;
        *k = PERIOD_DAY;
        *id = day;
        return 0;
    }
    return -1;
}
