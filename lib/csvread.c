/*
 * Streaming RFC 4180 CSV reader; see csvread.h for the dialect.
 *
 * How it works: the unconsumed input sits in buf[start, end).  A record is
 * parsed only once it lies whole in the buffer; when the parser runs off the
 * end of the buffered bytes it reports P_MORE, the caller moves the partial
 * record to the front of the buffer (growing the buffer only when a single
 * record fills it, never beyond max_record_bytes + 2), reads more and parses
 * the record again from its start.  Re-parsing is cheap because the buffer
 * is refilled completely each time, and it keeps the parser free of
 * resumable state.  The parser never writes to the buffer: "" escapes are
 * undone in place only after the whole record has been found, so a re-parse
 * always sees the original bytes.
 *
 * The parser looks at no more than max_record_bytes + 2 bytes of a record
 * (its text, then at most CR LF); a record that does not end within that
 * window is over-long whatever follows, so neither memory nor scanning time
 * depend on how long a bad line is.
 *
 * This file is the parser and csv_next (the hot path); csvread_io.c opens,
 * fills and closes.
 */
#include "csvread_internal.h"

#include <stdlib.h>
#include <string.h>

/* What parsing the record at the front of the buffer gave. */
enum {
    P_RECORD = 1, /* a record: see struct scan */
    P_EMPTY,      /* an empty line, to skip */
    P_MORE,       /* the record goes on past the bytes given */
    P_ERROR,      /* malformed: reason in errbuf */
    P_NOMEM       /* the fields array could not grow */
};

struct scan {
    size_t len;   /* bytes consumed, line end included */
    uint64_t nls; /* LFs among them, for line numbers */
    size_t nf;    /* fields found */
    int flags;    /* the general parser's: r->escaped says which fields hold "" pairs */
    size_t nesc;  /* the fast parser's: the fields with "" pairs are r->escaped_at[0, nesc) */
};

/* ------------------------------------------------------------------------
 * Parsing one record from p[0, n)
 *
 * at_eof says that p + n is the end of the input rather than the end of what
 * is buffered or of the window (the caller never sets it for a full window);
 * only then may the input's end close a record, and only then is P_MORE
 * never returned.
 * ---------------------------------------------------------------------- */

static int grow_fields(csv_reader *r, size_t i);

/* Called once per field: the common case inline, growing out of line.  The
 * fast parser's fields never hold "" pairs: it leaves r->escaped alone. */
static inline __attribute__((always_inline)) int add_slice(csv_reader *r, size_t i, const char *ptr, size_t len)
{
    if (__builtin_expect(i >= r->fields_cap, 0)) {
        int rc = grow_fields(r, i);
        if (rc)
            return rc;
    }
    r->fields[i].ptr = ptr;
    r->fields[i].len = len;
    return 0;
}

/* A field of the general parser, with whether it holds "" pairs to undo. */
static inline __attribute__((always_inline)) int add_field(csv_reader *r, size_t i, const char *ptr,
                                                           size_t len, int escaped)
{
    int rc = add_slice(r, i, ptr, len);
    if (!rc)
        r->escaped[i] = (unsigned char)escaped;
    return rc;
}

static int grow_fields(csv_reader *r, size_t i)
{
    if (i >= r->max_fields)
        return csvr_error(r, P_ERROR, "more than %zu fields", r->max_fields);
    if (i >= r->fields_cap) {
        size_t ncap = r->fields_cap * 2;
        if (ncap > r->max_fields)
            ncap = r->max_fields;
        ccs_str *nf = realloc(r->fields, ncap * sizeof *nf);
        if (!nf)
            return P_NOMEM;
        r->fields = nf;
        unsigned char *ne = realloc(r->escaped, ncap);
        if (!ne)
            return P_NOMEM;
        r->escaped = ne;
        r->fields_cap = ncap;
    }
    return 0;
}

static int check_length(csv_reader *r, size_t text)
{
    if (text > r->max_record)
        return csvr_error(r, P_ERROR, "record longer than %zu bytes", r->max_record);
    return 0;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first byte in [s, end) equal to any of a, b, c, d, or NULL.  The CSV
 * scan's inner loop: sixteen bytes at a time where SSE2 is there. */
static inline const char *find_any4(const char *s, const char *end, char a, char b, char c, char d)
{
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c),
                  vd = _mm_set1_epi8(d);
    while (end - s >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return s + __builtin_ctz(mask);
        s += 16;
    }
#endif
    for (; s < end; s++)
        if (*s == a || *s == b || *s == c || *s == d)
            return s;
    return NULL;
}

/* How a field of parse_general ended, besides P_MORE, P_ERROR and P_NOMEM:
 * at a comma (the next field follows) or at the record's end. */
enum { FIELD_NEXT = 0, FIELD_LAST = 16 };

/* Where a record whose last field ends at s (an LF, a CR, or the input's
 * end) stops: *text is its length without the line end and *sp moves past
 * the line end.  A CR must be followed by LF, or end the input. */
static inline __attribute__((always_inline)) int line_end(csv_reader *r, const char *p, const char *end,
                                                          const char **sp, int at_eof, uint64_t *nls,
                                                          size_t *text)
{
    const char *s = *sp;
    if (s == end) { /* the input's end (P_MORE was returned otherwise) */
        *text = (size_t)(end - p);
        return FIELD_LAST;
    }
    if (*s == '\n') {
        *text = (size_t)(s - p);
        *sp = s + 1;
        (*nls)++;
        return FIELD_LAST;
    }
    if (*s == '\r') {
        if (s + 1 == end) {
            if (!at_eof)
                return P_MORE;
            *text = (size_t)(s - p); /* a CR ending the input */
            *sp = s + 1;
            return FIELD_LAST;
        }
        if (s[1] == '\n') {
            *text = (size_t)(s - p);
            *sp = s + 2;
            (*nls)++;
            return FIELD_LAST;
        }
    }
    return csvr_error(r, P_ERROR, "character after closing quote");
}

/* A quoted field from its opening quote at *sp: up to the closing quote ("" is
 * an escaped quote; LFs are data), then a comma or the line's end. */
static inline __attribute__((always_inline)) int quoted_field(csv_reader *r, const char *p, const char *end,
                                                              const char **sp, int at_eof, size_t *nf,
                                                              uint64_t *nls, size_t *text)
{
    const char *f = *sp + 1, *s = f;
    int escaped = 0, rc;
    for (;;) { /* find the closing quote */
        s = find_any4(s, end, '"', '\n', '\0', '"');
        if (!s)
            return at_eof ? csvr_error(r, P_ERROR, "unterminated quoted field") : P_MORE;
        if (*s == '"') {
            if (s + 1 == end && !at_eof)
                return P_MORE; /* "" or a closing quote? */
            if (s + 1 < end && s[1] == '"') {
                escaped = 1;
                s += 2;
                continue;
            }
            break;
        }
        if (*s == '\0')
            return csvr_error(r, P_ERROR, "NUL byte in record");
        (*nls)++; /* an LF inside the quotes */
        s++;
    }
    if ((rc = add_field(r, (*nf)++, f, (size_t)(s - f), escaped)))
        return rc;
    s++; /* past the closing quote: only a separator or line end may follow */
    if (s < end && *s == ',') {
        *sp = s + 1;
        return FIELD_NEXT;
    }
    *sp = s;
    return line_end(r, p, end, sp, at_eof, nls, text);
}

/* An unquoted field at *sp: runs to a comma or the line's end; quotes are
 * data. */
static inline __attribute__((always_inline)) int plain_field(csv_reader *r, const char *p, const char *end,
                                                             const char **sp, int at_eof, size_t *nf,
                                                             uint64_t *nls, size_t *text)
{
    const char *f = *sp, *s = find_any4(f, end, ',', '\n', '\0', ',');
    int rc;
    if (!s)
        s = end;
    if (s == end && !at_eof)
        return P_MORE;
    if (s < end && *s == '\0')
        return csvr_error(r, P_ERROR, "NUL byte in record");
    if (s < end && *s == ',') {
        if ((rc = add_field(r, (*nf)++, f, (size_t)(s - f), 0)))
            return rc;
        *sp = s + 1;
        return FIELD_NEXT;
    }
    const char *e = s; /* at the LF or the input's end */
    if (e > f && e[-1] == '\r')
        e--;
    if ((rc = add_field(r, (*nf)++, f, (size_t)(e - f), 0)))
        return rc;
    *text = (size_t)(e - p);
    if (s < end) {
        s++;
        (*nls)++;
    }
    *sp = s;
    return FIELD_LAST;
}

/* A record from its first byte: fields quoted or not; quoted fields may run
 * over several lines. */
static int parse_general(csv_reader *r, const char *p, size_t n, int at_eof, struct scan *sc)
{
    const char *s = p, *end = p + n;
    size_t nf = 0, text = 0;
    uint64_t nls = 0;
    int rc;
    do /* one field per turn; s is at its first byte */
        rc = s < end && *s == '"' ? quoted_field(r, p, end, &s, at_eof, &nf, &nls, &text)
                                  : plain_field(r, p, end, &s, at_eof, &nf, &nls, &text);
    while (rc == FIELD_NEXT);
    if (rc != FIELD_LAST)
        return rc;
    if ((rc = check_length(r, text)))
        return rc;
    sc->len = (size_t)(s - p);
    sc->nls = nls;
    sc->nf = nf;
    sc->flags = 1;
    sc->nesc = 0;
    return P_RECORD;
}

#if defined(__SSE2__)
/* Bit i set where s[i] == c, for s[0, 64). */
static inline uint64_t eq_mask64(__m128i v0, __m128i v1, __m128i v2, __m128i v3, char c)
{
    const __m128i k = _mm_set1_epi8(c);
    return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, k)) |
           (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, k)) << 16 |
           (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, k)) << 32 |
           (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v3, k)) << 48;
}

/* Bit i set where s[i] is an LF, a quote or a NUL (the bytes that stop the
 * field loop), for s[0, 64): the compares ORed before one mask per 16 bytes. */
static inline uint64_t event_mask64(__m128i v0, __m128i v1, __m128i v2, __m128i v3)
{
    const __m128i lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
#define CSV_EVENTS(v) _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, quote)), _mm_cmpeq_epi8(v, nul))
    uint64_t m = (uint64_t)(unsigned)_mm_movemask_epi8(CSV_EVENTS(v0)) |
                 (uint64_t)(unsigned)_mm_movemask_epi8(CSV_EVENTS(v1)) << 16 |
                 (uint64_t)(unsigned)_mm_movemask_epi8(CSV_EVENTS(v2)) << 32 |
                 (uint64_t)(unsigned)_mm_movemask_epi8(CSV_EVENTS(v3)) << 48;
#undef CSV_EVENTS
    return m;
}

/* Store the fields that end at the commas in seps (bit i: cur[i]), the
 * first starting at *f, from out on, without a check each: the caller made
 * room for 64.  Returns the slot after the last; *f is where the next field
 * starts. */
static inline ccs_str *block_fields(ccs_str *out, const char *cur, uint64_t seps, const char **f)
{
    const char *start = *f;
    for (; seps; seps &= seps - 1) {
        const char *c = cur + __builtin_ctzll(seps);
        out->ptr = start;
        out->len = (size_t)(c - start);
        out++;
        start = c + 1;
    }
    *f = start;
    return out;
}

/* The closing quote of a quoted field whose text starts at s, with LFs
 * inside counted in *nls and *escaped set when "" pairs are there; NULL when
 * the fast parser leaves the record to the general one (a NUL, or too close
 * to the end of the bytes given). */
static inline const char *closing_quote(const char *s, const char *end, uint64_t *nls, int *escaped)
{
    for (;;) {
        s = find_any4(s, end, '"', '\n', '\0', '"');
        if (!s || *s == '\0' || end - s < 3)
            return NULL;
        if (*s == '\n') {
            ++*nls;
            s++;
        } else if (s[1] == '"') {
            *escaped = 1;
            s += 2;
        } else {
            return s;
        }
    }
}

/* The common record, 64 bytes at a time: comma, LF, quote and NUL positions
 * come as bit masks, so an unquoted field costs a few instructions.  Quoted
 * fields are taken too, "" pairs and line breaks inside them included (up to
 * FAST_ESCAPED_MAX fields with pairs).  Returns 0 when the record needs the
 * general parser: a quote inside an unquoted field, text after a closing
 * quote, a NUL, more fields than allowed, too long, or too close to the end
 * of the bytes given; errors come from the general parser only. */
static int parse_simple(csv_reader *r, const char *p, size_t n, struct scan *sc)
{
    const char *f = p, *cur = p, *end = p + n, *le, *te;
    size_t nf = 0, nesc = 0, room = r->fields_cap < r->max_fields ? r->fields_cap : r->max_fields;
    uint64_t nls = 1; /* the record's own LF, and any inside quotes */
    int rc;
    for (;;) {
        if (end - cur < 64 || (size_t)(cur - p) > r->max_record)
            return 0;
        const __m128i *q = (const __m128i *)(const void *)cur;
        __m128i v0 = _mm_loadu_si128(q), v1 = _mm_loadu_si128(q + 1), v2 = _mm_loadu_si128(q + 2),
                v3 = _mm_loadu_si128(q + 3);
        uint64_t events = event_mask64(v0, v1, v2, v3);
        uint64_t before = events ? (events & (0 - events)) - 1 : ~(uint64_t)0;
        uint64_t seps = eq_mask64(v0, v1, v2, v3, ',') & before;
        if (nf + 64 < room) { /* the usual case: room for any block's fields */
            nf = (size_t)(block_fields(r->fields + nf, cur, seps, &f) - r->fields);
            seps = 0;
        }
        for (; seps; seps &= seps - 1) { /* near the limit or the array's end: field by field */
            const char *c = cur + __builtin_ctzll(seps);
            if (nf >= r->max_fields)
                return 0; /* errors come from the general parser only */
            if ((rc = add_slice(r, nf++, f, (size_t)(c - f))))
                return rc;
            room = r->fields_cap < r->max_fields ? r->fields_cap : r->max_fields;
            f = c + 1;
        }
        if (!events) {
            cur += 64;
            continue;
        }
        const char *hit = cur + __builtin_ctzll(events);
        if (*hit == '\n') {
            le = te = hit;
            if (te > f && te[-1] == '\r')
                te--;
            if (nf >= r->max_fields)
                return 0;
            if ((rc = add_slice(r, nf++, f, (size_t)(te - f))))
                return rc;
            break;
        }
        /* A quote opening a field: take it when it closes and is followed
         * by a separator or the line's end.  Inside, LFs are data and ""
         * is a quote (undone when the record is handed out). */
        if (*hit != '"' || hit != f)
            return 0;
        int escaped = 0;
        const char *close = closing_quote(hit + 1, end, &nls, &escaped);
        if (!close || nf >= r->max_fields)
            return 0;
        if (escaped) {
            if (nesc == FAST_ESCAPED_MAX)
                return 0;
            r->escaped_at[nesc++] = (uint32_t)nf;
        }
        if ((rc = add_slice(r, nf++, hit + 1, (size_t)(close - hit - 1))))
            return rc;
        if (close[1] == ',') {
            f = cur = close + 2;
            continue;
        }
        if (close[1] == '\n' || (close[1] == '\r' && close[2] == '\n')) {
            te = close + 1;
            le = close[1] == '\n' ? close + 1 : close + 2;
            break;
        }
        return 0; /* text after the closing quote */
    }
    if ((size_t)(te - p) > r->max_record)
        return 0; /* let the general parser say so */
    sc->len = (size_t)(le + 1 - p);
    sc->nls = nls;
    sc->nf = nf;
    sc->flags = 0;
    sc->nesc = nesc;
    return P_RECORD;
}
#endif

/* One record; an empty line (nothing but its line end) is P_EMPTY. */
static int parse_record(csv_reader *r, const char *p, size_t n, int at_eof, struct scan *sc)
{
    if (n > 0 && (p[0] == '\n' || (p[0] == '\r' && n > 1 && p[1] == '\n'))) {
        sc->len = p[0] == '\n' ? 1 : 2;
        sc->nls = 1;
        return P_EMPTY;
    }
    if (n == 0 || (n == 1 && p[0] == '\r' && at_eof)) {
        if (!at_eof)
            return P_MORE;
        sc->len = n;
        sc->nls = 0;
        return P_EMPTY;
    }
#if defined(__SSE2__)
    int rc = parse_simple(r, p, n, sc);
    if (rc)
        return rc;
#endif
    return parse_general(r, p, n, at_eof, sc);
}

/* Undo "" escapes of a quoted field, in place (the field only shrinks).
 * Every quote inside a quoted field is the first of a pair. */
static void unescape(csv_reader *r, ccs_str *f)
{
    char *field = r->buf + (f->ptr - r->buf); /* the writable bytes behind the slice */
    char *s = memchr(field, '"', f->len);
    if (!s)
        return;
    char *e = field + f->len;
    char *d = s;
    while (s < e) {
        if (*s == '"')
            s++; /* keep the second quote of the pair */
        *d++ = *s++;
    }
    f->len = (size_t)(d - field);
}

/* ------------------------------------------------------------------------
 * Reading records
 * ---------------------------------------------------------------------- */

/* After a bad record, resume after the line on which it started.  0, or -1
 * on a read error. */
static int skip_bad_line(csv_reader *r)
{
    while (r->skipping) {
        char *p = r->buf + r->start;
        char *nl = memchr(p, '\n', r->end - r->start);
        if (nl) {
            r->start = (size_t)(nl + 1 - r->buf);
            r->line++;
            r->skipping = 0;
        } else {
            r->start = r->end; /* streamed away: an over-long line costs no memory */
            if (r->eof)
                r->skipping = 0;
            else if (csvr_fill(r))
                return -1;
        }
    }
    return 0;
}

/* csv_next's endings: no more records (0), a bad record (-1), a read error
 * or out of memory (-2, for good). */
static int no_more(const csv_reader *r, uint64_t *line)
{
    if (line)
        *line = r->line;
    return 0;
}

static int bad_record(csv_reader *r, uint64_t *line, const char **err)
{
    if (line)
        *line = r->line;
    if (err)
        *err = r->errbuf;
    r->skipping = 1;
    return -1;
}

static int io_error(csv_reader *r, uint64_t *line, const char **err)
{
    r->failed = 1;
    if (line)
        *line = r->line;
    if (err)
        *err = r->errbuf;
    return -2;
}

/* Hand out the record parse_record found at the front of the buffer. */
static inline __attribute__((always_inline)) int take_record(csv_reader *r, const struct scan *sc,
                                                             const ccs_str **fields, size_t *nfields,
                                                             uint64_t *line)
{
    for (size_t i = 0; sc->flags && i < sc->nf; i++)
        if (r->escaped[i])
            unescape(r, &r->fields[i]);
    for (size_t i = 0; i < sc->nesc; i++)
        unescape(r, &r->fields[r->escaped_at[i]]);
    if (fields)
        *fields = r->fields;
    if (nfields)
        *nfields = sc->nf;
    if (line)
        *line = r->line;
    r->start += sc->len;
    r->line += sc->nls;
    return 1;
}

int csv_next(csv_reader *r, const ccs_str **fields, size_t *nfields, uint64_t *line,
             const char **err)
{
    if (fields)
        *fields = NULL;
    if (nfields)
        *nfields = 0;
    if (err)
        *err = NULL;
    if (r->failed || (!r->bom_checked && csvr_skip_bom(r) != 0))
        return io_error(r, line, err);
    for (;;) {
        if (r->skipping && skip_bad_line(r) != 0)
            return io_error(r, line, err);
        if (r->base + r->start >= r->stop_at) /* the end of a range */
            return no_more(r, line);
        size_t avail = r->end - r->start;
        if (avail == 0) {
            if (r->eof)
                return no_more(r, line);
            if (csvr_fill(r))
                return io_error(r, line, err);
            continue;
        }
        /* Parse at most max_record + 2 bytes.  A full window is never taken
         * to end at the input's end, even when it does: the record is
         * over-long either way, and so the outcome does not depend on
         * whether the last read has already seen the end of the input. */
        size_t limit = r->max_record + 2;
        size_t window = avail < limit ? avail : limit;
        struct scan sc = { 0, 0, 0, 0, 0 };
        int rc = parse_record(r, r->buf + r->start, window, r->eof && avail < limit, &sc);
        if (rc == P_RECORD)
            return take_record(r, &sc, fields, nfields, line);
        if (rc == P_EMPTY) {
            r->start += sc.len;
            r->line += sc.nls;
            continue;
        }
        if (rc == P_MORE && window < limit) {
            if (csvr_fill(r))
                return io_error(r, line, err);
            continue;
        }
        if (rc == P_MORE)
            csvr_error(r, P_ERROR, "record longer than %zu bytes", r->max_record);
        else if (rc != P_ERROR) { /* P_NOMEM */
            csvr_error(r, -1, "out of memory");
            return io_error(r, line, err);
        }
        return bad_record(r, line, err);
    }
}

