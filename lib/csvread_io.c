/* The CSV reader's input side (see csvread.h): opening a file or memory,
 * filling the buffer, reading a range of a file, closing. */
#include "csvread_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int csvr_error(csv_reader *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errbuf, sizeof r->errbuf, fmt, ap);
    va_end(ap);
    return code;
}

/* ------------------------------------------------------------------------
 * Input
 * ---------------------------------------------------------------------- */

static ssize_t source_read(csv_reader *r, char *dst, size_t want)
{
    if (r->fd >= 0)
        return read(r->fd, dst, want);
    size_t n = r->mem_len - r->mem_pos;
    if (n > want)
        n = want;
    if (n == 0)
        return 0;
    memcpy(dst, r->mem + r->mem_pos, n);
    r->mem_pos += n;
    return (ssize_t)n;
}

/* Skip a byte-order mark at the very start of the input.  0, or -1 on a
 * read error. */
int csvr_skip_bom(csv_reader *r)
{
    while (r->end - r->start < 3 && !r->eof)
        if (csvr_fill(r))
            return -1;
    if (r->end - r->start >= 3 && memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0)
        r->start += 3;
    r->bom_checked = 1;
    return 0;
}

int csvr_fill(csv_reader *r)
{
    if (r->start > 0) {
        size_t keep = r->end - r->start;
        memmove(r->buf, r->buf + r->start, keep);
        r->base += r->start;
        r->start = 0;
        r->end = keep;
    }
    if (r->end == r->cap) {
        /* One record fills the buffer; it can need up to max_record + 2
         * bytes (its text and CR LF) before it is known to be over-long. */
        size_t limit = r->max_record + 2;
        size_t ncap = r->cap <= limit / 2 ? r->cap * 2 : limit;
        if (ncap <= r->cap) /* cannot happen: the caller checks the window */
            return csvr_error(r, -1, "internal error: CSV buffer full");
        char *nbuf = realloc(r->buf, ncap);
        if (!nbuf)
            return csvr_error(r, -1, "out of memory");
        r->buf = nbuf;
        r->cap = ncap;
    }
    /* Fill the buffer completely so that a record cut by the buffer's end is
     * re-parsed at most once per buffer-full, even from a pipe. */
    while (r->end < r->cap && !r->eof) {
        ssize_t n = source_read(r, r->buf + r->end, r->cap - r->end);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return csvr_error(r, -1, "read error: %s", strerror(errno));
        }
        if (n == 0)
            r->eof = 1;
        r->end += (size_t)n;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Opening and closing
 * ---------------------------------------------------------------------- */

static csv_reader *reader_new(const csv_limits *lim, size_t default_buffer)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->fd = -1;
    r->line = 1;
    r->stop_at = UINT64_MAX;
    r->max_record = lim && lim->max_record_bytes ? lim->max_record_bytes
                                                 : CSV_DEFAULT_MAX_RECORD_BYTES;
    if (r->max_record > SIZE_MAX / 4) /* keeps max_record + 2 and doublings safe */
        r->max_record = SIZE_MAX / 4;
    r->max_fields = lim && lim->max_fields ? lim->max_fields : CSV_DEFAULT_MAX_FIELDS;
    if (r->max_fields > SIZE_MAX / (2 * sizeof(ccs_str)))
        r->max_fields = SIZE_MAX / (2 * sizeof(ccs_str));
    r->cap = lim && lim->buffer_bytes ? lim->buffer_bytes : default_buffer;
    if (r->cap < MIN_BUFFER_BYTES)
        r->cap = MIN_BUFFER_BYTES;
    r->fields_cap = r->max_fields < INITIAL_FIELDS ? r->max_fields : INITIAL_FIELDS;
    r->buf = malloc(r->cap);
    r->fields = malloc(r->fields_cap * sizeof *r->fields);
    r->escaped = malloc(r->fields_cap);
    if (!r->buf || !r->fields || !r->escaped) {
        csv_close(r);
        return NULL;
    }
    return r;
}

csv_reader *csv_open(const char *path, const csv_limits *lim, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (err && errlen)
            snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t bufsize = CSV_DEFAULT_BUFFER_BYTES;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (err && errlen)
                snprintf(err, errlen, "cannot open: %s", strerror(EISDIR));
            close(fd);
            return NULL;
        }
        /* No need for the whole default buffer to read a small file (+1 to see its end at once). */
        if (S_ISREG(st.st_mode) && (uint64_t)st.st_size < bufsize)
            bufsize = (size_t)st.st_size + 1;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    csv_reader *r = reader_new(lim, bufsize);
    if (!r) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        close(fd);
        return NULL;
    }
    r->fd = fd;
    return r;
}

csv_reader *csv_open_mem(const char *data, size_t len, const csv_limits *lim)
{
    size_t bufsize = len < CSV_DEFAULT_BUFFER_BYTES ? len + 1 : CSV_DEFAULT_BUFFER_BYTES;
    csv_reader *r = reader_new(lim, bufsize);
    if (!r)
        return NULL;
    r->mem = data;
    r->mem_len = data ? len : 0;
    return r;
}

int csv_set_range(csv_reader *r, uint64_t begin, uint64_t end)
{
    if (r->fd < 0 || r->base || r->end || r->bom_checked)
        return -1; /* files only, before the first read */
    if (begin && lseek(r->fd, (off_t)begin, SEEK_SET) != (off_t)begin)
        return -1;
    r->base = begin;
    r->bom_checked = begin != 0; /* a BOM can only stand at offset 0 */
    r->stop_at = end;
    return 0;
}

void csv_extend_range(csv_reader *r, uint64_t end)
{
    r->stop_at = end;
}

uint64_t csv_bytes_read(const csv_reader *r)
{
    return r->base + r->start;
}

size_t csv_buffer_size(const csv_reader *r)
{
    return r->cap;
}

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->buf);
    free(r->fields);
    free(r->escaped);
    free(r);
}
