/* Dates, times of day and durations as text, one way for the whole program.
 * Day numbers are days since 1970-01-01 in the proleptic Gregorian calendar
 * (lib/parse.h).  No locale is consulted, nothing is allocated. */
#ifndef CCS_DATEFMT_H
#define CCS_DATEFMT_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DD" and a NUL.  Years 0000 to 9999 only (day -719528 to
 * 2932896); any other day writes "????-??-??" (in C source: "?\?\?\?-?\?-?\?",
 * the question marks escaped against trigraphs). */
void fmt_day(char out[11], int32_t day);

/* Minute of the day 0..1439 as "HH:MM" and a NUL; 1440 and above (the end
 * of the last interval of a day) as "24:00"; negative as "??:??". */
void fmt_minute(char out[6], int minute);

/* A duration for people to read, at most len bytes with the NUL (len >= 24
 * always suffices).  The seconds are first rounded to a whole number, then:
 *     under a minute      "59s"
 *     under an hour       "1m 01s"      (minutes, seconds two digits)
 *     an hour or more     "25h 01m"     (hours, minutes two digits; the
 *                                        seconds are dropped, not rounded)
 * A negative duration gets a leading '-' ("-1m 01s"); one that rounds to
 * zero is "0s".  Not finite, or 10^15 s or more either way: "?". */
void fmt_duration(char *out, size_t len, double seconds);

/* "Mon" .. "Sun" for a day number (1970-01-01 was a Thursday). */
const char *weekday_name(int32_t day);
/* 0 = Monday .. 6 = Sunday. */
int weekday_index(int32_t day);

#endif /* CCS_DATEFMT_H */
