/* One JSON writer for the whole program, and its string escaper.
 *
 * Strings: valid UTF-8 is passed through byte for byte; each byte that does
 * not start a well-formed sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) is written as \ufffd, so the output
 * always parses even when the data came from a Latin-1 export.  '"' and '\'
 * are escaped; control characters below 0x20 are written as \b \f \n \r \t
 * or \u00xx (lower-case hex); 0x7f is passed through.
 *
 * Numbers: the shortest of %.15g, %.16g and %.17g that reads back as the
 * same double; NaN and infinities are written as null.
 *
 * The writer (jsonw) puts the commas, and in pretty mode the newlines and
 * the indentation, between members:
 *
 *     jsonw w;  jsonw_file(&w, stdout, 1);
 *     jsonw_begin_object(&w);
 *     jsonw_key(&w, "id");  jsonw_string(&w, "A001");
 *     jsonw_key(&w, "period");
 *     jsonw_inline(&w);                  // this object on one line
 *     jsonw_begin_object(&w);
 *     jsonw_key(&w, "kind"); jsonw_string(&w, "week");
 *     jsonw_key(&w, "days"); jsonw_int(&w, 7);
 *     jsonw_end_object(&w);
 *     jsonw_key(&w, "tags"); jsonw_begin_array(&w); jsonw_end_array(&w);
 *     jsonw_end_object(&w);
 *
 * writes, pretty (2-space indent, one member a line, a newline after the
 * top-level value):
 *
 *     {
 *       "id": "A001",
 *       "period": {"kind": "week", "days": 7},
 *       "tags": []
 *     }
 *
 * and not pretty, on one line with the spacing of ccscore's other JSON:
 *
 *     {"id": "A001", "period": {"kind": "week", "days": 7}, "tags": []}
 *
 * Misuse (a key outside an object, a value without a key in an object,
 * nesting deeper than JSONW_MAX_DEPTH, an end that matches no begin) sets
 * `err`; the output is then not valid JSON, but nothing is written out of
 * bounds.  Write errors are the FILE's (ferror) or the strbuf's (oom). */
#ifndef CCS_JSON_H
#define CCS_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strbuf.h"

#define JSONW_MAX_DEPTH 64

typedef struct jsonw {
    FILE *f;            /* one of f and b */
    strbuf *b;
    int pretty;
    int depth;          /* open containers */
    int after_key;      /* a key was written, its value comes next */
    int next_inline;    /* jsonw_inline() was called */
    int err;
    unsigned char first[JSONW_MAX_DEPTH];  /* no member yet at this level */
    unsigned char object[JSONW_MAX_DEPTH]; /* an object (else an array) */
    unsigned char oneline[JSONW_MAX_DEPTH];
} jsonw;

void jsonw_file(jsonw *w, FILE *f, int pretty);
void jsonw_buf(jsonw *w, strbuf *b, int pretty);

/* In pretty mode, lay out the next object or array (and all it contains)
 * on one line.  No effect when not pretty. */
void jsonw_inline(jsonw *w);
void jsonw_begin_object(jsonw *w);
void jsonw_end_object(jsonw *w);
void jsonw_begin_array(jsonw *w);
void jsonw_end_array(jsonw *w);
/* Inside an object, before each value. */
void jsonw_key(jsonw *w, const char *key);

void jsonw_string(jsonw *w, const char *s);                 /* NULL: null */
void jsonw_string_len(jsonw *w, const char *s, size_t len); /* NULL: null */
void jsonw_number(jsonw *w, double v);                      /* not finite: null */
void jsonw_int(jsonw *w, int64_t v);
void jsonw_uint(jsonw *w, uint64_t v);
void jsonw_bool(jsonw *w, int v);
void jsonw_null(jsonw *w);
/* An already-complete JSON value, written as it is (NULL: null). */
void jsonw_raw(jsonw *w, const char *json);

/* s[0..len) as a quoted JSON string. */
void json_escape(strbuf *b, const char *s, size_t len);
void json_escape_file(FILE *f, const char *s, size_t len);

/* The number as JSON text ("null" when not finite) into out; its length. */
#define JSON_NUMBER_MAX 32
size_t json_format_number(char out[JSON_NUMBER_MAX], double v);

#endif /* CCS_JSON_H */
