/* The CSV reader's state, shared by its two files: csvread.c parses records
 * (the hot path, see there for how it works) and csvread_io.c opens, fills
 * and closes (the input side).  Not for users of csvread.h. */
#ifndef CCS_CSVREAD_INTERNAL_H
#define CCS_CSVREAD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "csvread.h"

#define MIN_BUFFER_BYTES ((size_t)4) /* room for a BOM check */
/* Fields of a record before the array grows: enough that the fast parser
 * can take a 64-byte block of separators without checking each (csvread.c). */
#define INITIAL_FIELDS ((size_t)128)
/* Fields with "" pairs the fast parser takes in one record; a record with
 * more goes to the general parser. */
#define FAST_ESCAPED_MAX 16

struct csv_reader {
    int fd;              /* -1 when reading from memory */
    const char *mem;     /* the memory source, and how far it has been copied */
    size_t mem_len, mem_pos;

    char *buf;
    size_t cap;          /* allocated size of buf */
    size_t start, end;   /* unconsumed input is buf[start, end) */
    uint64_t base;       /* input offset of buf[0] */

    size_t max_record;
    size_t max_fields;

    ccs_str *fields;
    unsigned char *escaped; /* per field: 1 when it holds "" pairs to undo (general parser) */
    size_t fields_cap;
    uint32_t escaped_at[FAST_ESCAPED_MAX]; /* the fast parser's fields with "" pairs */

    uint64_t stop_at;    /* records starting at or past this offset are not read */
    uint64_t line;       /* physical line number of buf[start] */
    int eof;             /* the source has nothing more to give */
    int bom_checked;
    int skipping;        /* after a bad record: discard through the next LF */
    int failed;          /* -2 was returned; every later call returns it */
    char errbuf[96];
};

/* Skip a byte-order mark at the very start of the input.  0, or -1 on a
 * read error. */
int csvr_skip_bom(csv_reader *r);

/* Write the reason to r->errbuf and return code. */
int csvr_error(csv_reader *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Move the unconsumed bytes to the front of the buffer, grow it if they fill
 * it, and read until it is full or the input ends.  0, or -1 with errbuf set
 * (the caller returns -2). */
int csvr_fill(csv_reader *r);

#endif
