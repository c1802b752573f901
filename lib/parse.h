/*
 * Field value parsers over ccs_str slices: numbers, flags, dates and ISO 8601
 * timestamps.  No NUL terminator is needed, no locale is consulted, nothing
 * is allocated.  All return 0 on success and -1 on bad input, leaving *out
 * untouched on failure.
 */
#ifndef CCS_PARSE_H
#define CCS_PARSE_H

#include <stdint.h>

#include "ccscore/plugin.h"

/* [+-]?[0-9]+ fitting in int64_t.  Empty, junk or overflow: -1. */
int parse_int64(ccs_str s, int64_t *out);

/* A decimal number: [+-]? (digits [. digits?] | . digits) ([eE][+-]? digits)?
 * e.g. -12.5, 3, 1e3, .5, 5.  The value is exactly what strtod() gives for
 * the same text.  Rejected: empty, nan, inf, hex, spaces anywhere, a value
 * that overflows to infinity, and texts longer than PARSE_DOUBLE_MAX_LEN. */
#define PARSE_DOUBLE_MAX_LEN 511

/* The longest plausible duration of one contact's part (a wait, a talk, a
 * hold, an after-call work) in seconds, for every source: more is a data
 * error, rejected with the file and line. */
#define CCS_MAX_DURATION_S 86400.0
int parse_double(ccs_str s, double *out);

/* 0/1, true/false, yes/no (case-insensitive) to 0 or 1. */
int parse_bool01(ccs_str s, int *out);

/* Days since 1970-01-01 in the proleptic Gregorian calendar, and back.
 * days_from_civil() expects a valid date (see days_in_month()). */
int32_t days_from_civil(int y, int m, int d);
void civil_from_days(int32_t z, int *y, int *m, int *d);
/* 28..31, or 0 when m is not 1..12. */
int days_in_month(int y, int m);

/* ISO 8601: YYYY-MM-DD, optionally followed by 'T' or ' ' and HH:MM or
 * HH:MM:SS (an optional .fraction or ,fraction after the seconds is
 * ignored), optionally followed by Z or an offset +HH:MM, -HH:MM, +HHMM or
 * +HH.  Validates month 1-12, the day within the month (leap years
 * included), hour 0-23, minute 0-59, second 0-60, offset hours 0-23 and
 * minutes 0-59.  A zone needs a time.
 * With an offset, the UTC instant is day * 86400 + second - offset_s. */
typedef struct iso_time {
    int32_t day;      /* days since epoch of the written date */
    int32_t second;   /* second of that day as written (0 without a time) */
    int has_time;
    int has_offset;   /* 1 for Z too */
    int32_t offset_s; /* east of UTC */
} iso_time;

int parse_iso8601(ccs_str s, iso_time *out);

/* YYYY-MM-DD only. */
int parse_date(ccs_str s, int32_t *day);

#endif /* CCS_PARSE_H */
