/* UTF-8 well-formedness (RFC 3629) and the replacement of what is not: the
 * one place that decides, for the JSON escaper and the text and CSV sinks
 * (the README promises reports replace invalid UTF-8 with U+FFFD). */
#ifndef CCS_UTF8_H
#define CCS_UTF8_H

#include <stddef.h>
#include <stdio.h>

/* Length of the well-formed sequence at p (at most avail bytes), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF.  On a NUL-terminated
 * string avail may be 4: the NUL fails the continuation test first. */
size_t utf8_seq_len(const unsigned char *p, size_t avail);

/* Write len bytes of s to f, each byte that does not start a well-formed
 * sequence replaced by U+FFFD (EF BF BD).  Returns 0, or -1 on a write
 * error. */
int utf8_write_clean(FILE *f, const char *s, size_t len);

#endif
