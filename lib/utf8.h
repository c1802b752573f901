/* UTF-8 validation, once for every writer (JSON, text widths, HTML). */
#ifndef CCS_UTF8_H
#define CCS_UTF8_H

#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at p (at most avail bytes), or 0
 * when p does not start one: RFC 3629, no overlong forms, no surrogates,
 * nothing above U+10FFFF.  On a NUL-terminated string avail may be 4: the
 * NUL fails the continuation test before anything beyond it is read. */
size_t utf8_seq_len(const unsigned char *p, size_t avail);

#endif
