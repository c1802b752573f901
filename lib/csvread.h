/*
 * A streaming RFC 4180 CSV reader built for speed on large exports.
 *
 * The input is read with read(2) into one large buffer; every field handed
 * back is a slice into that buffer (quoted fields are unescaped in place), so
 * reading a row costs no allocation.  A record may be as long as
 * max_record_bytes; longer ones are rejected and skipped without buffering
 * them.
 *
 * Dialect: comma separator, '"' quoting with "" as an escaped quote, LF or
 * CRLF line ends.  Quoted fields may hold commas, quotes and line breaks.
 * Lenient where it costs nothing: a quote in the middle of an unquoted field
 * is data (ab"c), a lone CR inside an unquoted field is data, and a CR at the
 * very end of the input is dropped like the CR of a CRLF.  A UTF-8 BOM at the
 * very start is skipped; completely empty lines are skipped (but counted).
 *
 * After a malformed record (csv_next() returns -1) the reader resumes at the
 * physical line after the one on which that record started, so that a stray
 * quote costs one record and not the rest of the file.
 */
#ifndef CCS_CSVREAD_H
#define CCS_CSVREAD_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"

/* Limits; a zero member means its default. */
typedef struct csv_limits {
    size_t max_record_bytes; /* default 1 MiB; a record's text without its line end */
    size_t max_fields;       /* default 512 */
    size_t buffer_bytes;     /* initial read buffer, default 256 KiB (tests use tiny
                                ones to exercise buffer boundaries); minimum 4.
                                Small enough to stay in the CPU's L2 cache with
                                the per-row tables: a 4 MiB buffer, refilled,
                                pushed them out (7% of a one-thread run) */
} csv_limits;

#define CSV_DEFAULT_MAX_RECORD_BYTES ((size_t)1 << 20)
#define CSV_DEFAULT_MAX_FIELDS ((size_t)512)
#define CSV_DEFAULT_BUFFER_BYTES ((size_t)256 << 10)

typedef struct csv_reader csv_reader;

/* Open a file for reading.  NULL on failure with a message in err (e.g.
 * "cannot open: No such file or directory"); lim may be NULL for defaults. */
csv_reader *csv_open(const char *path, const csv_limits *lim, char *err, size_t errlen);

/* Read from memory (tests, fuzzing).  The buffer is not modified and must
 * stay valid until csv_close(); the reader copies from it as it goes.
 * NULL only when out of memory. */
csv_reader *csv_open_mem(const char *data, size_t len, const csv_limits *lim);

/* Next record.  Returns
 *   1  a record: fields[0..*nfields-1] stay valid until the next call;
 *   0  end of input;
 *  -1  a malformed record, *err says why ("unterminated quoted field",
 *      "record longer than 1048576 bytes", "more than 512 fields",
 *      "character after closing quote", "NUL byte in record"); the reader
 *      goes on at the next physical line and the caller may continue;
 *  -2  an I/O error or out of memory, *err says why; stop (every later call
 *      returns -2 again).
 * *line is the 1-based physical line on which the record (or the malformed
 * record) starts.  Any output pointer may be NULL. */
int csv_next(csv_reader *r, const ccs_str **fields, size_t *nfields, uint64_t *line,
             const char **err);

/* Read only the records that start in [begin, end) of a file opened with
 * csv_open(), before its first csv_next(): begin must be the start of a
 * record (or 0), and the last record may run past end.  Line numbers count
 * from 1 at begin.  csv_next() returns 0 at the first record starting at or
 * past end, and csv_bytes_read() then gives that record's offset, where the
 * next range must begin.  For splitting one file across threads. */
int csv_set_range(csv_reader *r, uint64_t begin, uint64_t end);
/* After csv_next() returned 0 at a range's end: read on to `end` (a thread
 * that reads on past its share, plugins/sources/csv/read.c). */
void csv_extend_range(csv_reader *r, uint64_t end);

/* Bytes of input consumed so far, including a BOM and skipped lines: the
 * offset just past the last record returned.  For progress reports. */
uint64_t csv_bytes_read(const csv_reader *r);

/* Current size of the internal buffer (for tests of bounded memory). */
size_t csv_buffer_size(const csv_reader *r);

void csv_close(csv_reader *r);

#endif /* CCS_CSVREAD_H */
