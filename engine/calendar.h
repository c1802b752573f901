/* The organisation's calendar: UTC instants to local days and minutes in its
 * timezone, and report periods (ISO week, month, day) over local days. */
#ifndef CCS_CALENDAR_H
#define CCS_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

enum period_kind { PERIOD_DAY = 0, PERIOD_WEEK, PERIOD_MONTH };

#define CAL_CACHE_SLOTS 4096

/* Caches UTC offsets per 15-minute bucket: localtime_r is far too slow to
 * call once per row.  One per thread; the timezone itself is process-wide. */
typedef struct calendar {
    int64_t bucket[CAL_CACHE_SLOTS];
    int32_t offset[CAL_CACHE_SLOTS];
} calendar;

/* Select the process's timezone ("Europe/London", "UTC").  Returns 0, or -1
 * with a reason in err when the zone is unknown to the system's tzdata. */
int calendar_set_timezone(const char *tz, char *err, size_t errlen);
void calendar_init(calendar *c);
/* This thread's cache, started afresh after the zone changes.  Set the zone
 * before starting threads: the zone itself is process-wide. */
calendar *calendar_for_thread(void);
/* Offset east of UTC, in seconds, at the instant. */
int32_t calendar_offset(calendar *c, int64_t utc);
void calendar_local(calendar *c, int64_t utc, int32_t *day, int32_t *minute);
/* A local wall-clock time to UTC (the earlier instant when ambiguous). */
int64_t calendar_to_utc(calendar *c, int32_t day, int32_t second);

const char *period_kind_name(enum period_kind k);
/* The period holding a local day: the day itself, the day number of the
 * ISO week's Monday, or year * 12 + month - 1. */
int32_t period_of_day(enum period_kind k, int32_t day);
int32_t period_prev(enum period_kind k, int32_t id);
void period_days(enum period_kind k, int32_t id, int32_t *first, int32_t *last);
/* "2026-W46", "2026-11", "2026-11-20". */
void period_name(enum period_kind k, int32_t id, char *buf, size_t len);
/* Parse any of the three forms; -1 when none fits or the date is invalid. */
int period_parse(const char *s, enum period_kind *k, int32_t *id);
void day_name(int32_t day, char *buf, size_t len); /* YYYY-MM-DD */

#endif
