/* The CSV reader's state, shared by its two files: csvread.c parses records
 * (the hot path, see there for how it works) and csvread_io.c opens, fills
 * and closes (the input side).  Not for users of csvread.h. */
#ifndef CCS_CSVREAD_INTERNAL_H
#define CCS_CSVREAD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "csvread.h"

#define MIN_BUFFER_BYTES ((size_t)4) /* room for a BOM check */
#define INITIAL_FIELDS ((size_t)32)

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
    unsigned char *escaped; /* per field: 1 when it holds "" pairs to undo */
    size_t fields_cap;

    uint64_t stop_at;    /* records starting at or past this offset are not read */
    uint64_t line;       /* physical line number of buf[start] */
    int eof;             /* the source has nothing more to give */
    int bom_checked;
    int skipping;        /* after a bad record: discard through the next LF */
    int failed;          /* -2 was returned; every later call returns it */
    int mapped;          /* buf is the whole file, mapped (csvread_io.c): then
                            cap = end = its size, eof is set from the start and
                            csvr_fill is never needed */
    int guard;           /* the mapping's mapguard slot */
    size_t released;     /* pages of the mapping before this are given back */
    char *scratch;       /* mapped: the current record's unescaped fields */
    size_t scratch_cap;
    char errbuf[192];
};

/* Write the reason to r->errbuf and return code. */
int csvr_error(csv_reader *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Move the unconsumed bytes to the front of the buffer, grow it if they fill
 * it, and read until it is full or the input ends.  0, or -1 with errbuf set
 * (the caller returns -2). */
int csvr_fill(csv_reader *r);

/* For a mapped file: give back the pages before the current record once
 * enough of them have been read, so that resident memory stays flat however
 * large the file. */
#define CSV_RELEASE_BYTES ((size_t)8 << 20)
void csvr_release(csv_reader *r);

/* For a mapped file, at its end or a bad record: -1 with errbuf set when
 * the file shrank while it was being read (the bytes that are gone read as
 * zeros, see mapguard.h), else 0. */
int csvr_map_check(csv_reader *r);

#endif
