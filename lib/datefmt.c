/* Dates, times of day and durations as text.  See datefmt.h. */
#include "datefmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

static void two(char *out, int v)
{
    out[0] = (char)('0' + v / 10);
    out[1] = (char)('0' + v % 10);
}

void fmt_day(char out[11], int32_t day)
{
    /* 0000-01-01 and 9999-12-31 */
    if (day < -719528 || day > 2932896) {
        memcpy(out, "?\?\?\?-?\?-?\?", 11);
        return;
    }
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    two(out, y / 100);
    two(out + 2, y % 100);
    out[4] = '-';
    two(out + 5, m);
    out[7] = '-';
    two(out + 8, d);
    out[10] = '\0';
}

void fmt_minute(char out[6], int minute)
{
    if (minute < 0) {
        memcpy(out, "??:??", 6);
        return;
    }
    if (minute >= 1440)
        minute = 1440;
    two(out, minute / 60);
    out[2] = ':';
    two(out + 3, minute % 60);
    out[5] = '\0';
}

void fmt_duration(char *out, size_t len, double seconds)
{
    if (len == 0)
        return;
    if (!isfinite(seconds) || fabs(seconds) >= 1e15) {
        snprintf(out, len, "?");
        return;
    }
    long long s = llround(seconds);
    const char *sign = s < 0 ? "-" : "";
    if (s < 0)
        s = -s;
    if (s < 60)
        snprintf(out, len, "%s%llds", sign, s);
    else if (s < 3600)
        snprintf(out, len, "%s%lldm %02llds", sign, s / 60, s % 60);
    else
        snprintf(out, len, "%s%lldh %02lldm", sign, s / 3600, s / 60 % 60);
}

int weekday_index(int32_t day)
{
    int w = (int)((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    return w;
}

const char *weekday_name(int32_t day)
{
    static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    return names[weekday_index(day)];
}
