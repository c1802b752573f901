/* The JSON writer and escaper.  See json.h. */
#include "json.h"
#include "utf8.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ escaping */

typedef void (*put_fn)(void *ctx, const char *s, size_t len);

static void put_buf(void *ctx, const char *s, size_t len)
{
    strbuf_put(ctx, s, len);
}

static void put_file(void *ctx, const char *s, size_t len)
{
    fwrite(s, 1, len, ctx);
}

static void escape(put_fn put, void *ctx, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
    put(ctx, "\"", 1);
    while (p < end) {
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            p++;
            continue;
        }
        size_t n = c >= 0x80 ? utf8_seq(p, (size_t)(end - p)) : 0;
        if (n) {
            p += n;
            continue;
        }
        if (p > run)
            put(ctx, (const char *)run, (size_t)(p - run));
        char esc[8];
        switch (c) {
        case '"': put(ctx, "\\\"", 2); break;
        case '\\': put(ctx, "\\\\", 2); break;
        case '\b': put(ctx, "\\b", 2); break;
        case '\f': put(ctx, "\\f", 2); break;
        case '\n': put(ctx, "\\n", 2); break;
        case '\r': put(ctx, "\\r", 2); break;
        case '\t': put(ctx, "\\t", 2); break;
        default:
            if (c >= 0x80) {
                put(ctx, "\\ufffd", 6);
            } else {
                static const char hex[] = "0123456789abcdef";
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                put(ctx, esc, 6);
            }
        }
        run = ++p;
    }
    if (p > run)
        put(ctx, (const char *)run, (size_t)(p - run));
    put(ctx, "\"", 1);
}

void json_escape(strbuf *b, const char *s, size_t len)
{
    escape(put_buf, b, s, len);
}

void json_escape_file(FILE *f, const char *s, size_t len)
{
    escape(put_file, f, s, len);
}

size_t json_format_number(char out[JSON_NUMBER_MAX], double v)
{
    if (!isfinite(v)) {
        memcpy(out, "null", 5);
        return 4;
    }
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, JSON_NUMBER_MAX, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
    return (size_t)n;
}

/* -------------------------------------------------------------- writer */

static void put(jsonw *w, const char *s, size_t len)
{
    if (w->f)
        fwrite(s, 1, len, w->f);
    else if (w->b)
        strbuf_put(w->b, s, len);
}

static void puts_(jsonw *w, const char *s)
{
    put(w, s, strlen(s));
}

static void init(jsonw *w, FILE *f, strbuf *b, int pretty)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->b = b;
    w->pretty = pretty != 0;
}

void jsonw_file(jsonw *w, FILE *f, int pretty)
{
    init(w, f, NULL, pretty);
}

void jsonw_buf(jsonw *w, strbuf *b, int pretty)
{
    init(w, NULL, b, pretty);
}

void jsonw_inline(jsonw *w)
{
    w->next_inline = 1;
}

static int multiline(const jsonw *w, int level)
{
    return w->pretty && !w->oneline[level];
}

static void newline_indent(jsonw *w, int depth)
{
    static const char spaces[] = "                                ";
    put(w, "\n", 1);
    for (size_t n = (size_t)depth * 2; n > 0;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        put(w, spaces, k);
        n -= k;
    }
}

/* Before a key, or a value in an array or at the top level. */
static void member(jsonw *w)
{
    if (w->depth == 0)
        return;
    int i = w->depth - 1;
    if (!w->first[i])
        put(w, ",", 1);
    if (multiline(w, i))
        newline_indent(w, w->depth);
    else if (!w->first[i])
        put(w, " ", 1);
    w->first[i] = 0;
}

static void before_value(jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0 && w->object[w->depth - 1])
        w->err = 1; /* a value in an object needs a key */
    member(w);
}

/* After a whole value: at the top level in pretty mode, a newline. */
static void after_value(jsonw *w)
{
    if (w->depth == 0 && w->pretty)
        put(w, "\n", 1);
}

static void begin(jsonw *w, int object)
{
    before_value(w);
    int oneline = w->next_inline || (w->depth > 0 && w->oneline[w->depth - 1]);
    w->next_inline = 0;
    put(w, object ? "{" : "[", 1);
    if (w->depth >= JSONW_MAX_DEPTH) {
        w->err = 1;
        return;
    }
    w->first[w->depth] = 1;
    w->object[w->depth] = (unsigned char)object;
    w->oneline[w->depth] = (unsigned char)oneline;
    w->depth++;
}

static void end(jsonw *w, int object)
{
    if (w->depth == 0 || w->object[w->depth - 1] != object || w->after_key) {
        w->err = 1;
        w->after_key = 0;
        if (w->depth == 0)
            return;
    }
    int i = --w->depth;
    if (multiline(w, i) && !w->first[i])
        newline_indent(w, w->depth);
    put(w, object ? "}" : "]", 1);
    after_value(w);
}

void jsonw_begin_object(jsonw *w) { begin(w, 1); }
void jsonw_end_object(jsonw *w) { end(w, 1); }
void jsonw_begin_array(jsonw *w) { begin(w, 0); }
void jsonw_end_array(jsonw *w) { end(w, 0); }

void jsonw_key(jsonw *w, const char *key)
{
    if (w->depth == 0 || !w->object[w->depth - 1] || w->after_key)
        w->err = 1;
    member(w);
    if (!key)
        key = "";
    if (w->f)
        json_escape_file(w->f, key, strlen(key));
    else if (w->b)
        json_escape(w->b, key, strlen(key));
    put(w, ": ", 2);
    w->after_key = 1;
}

static void scalar(jsonw *w, const char *text, size_t len)
{
    before_value(w);
    put(w, text, len);
    after_value(w);
}

void jsonw_string_len(jsonw *w, const char *s, size_t len)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    before_value(w);
    if (w->f)
        json_escape_file(w->f, s, len);
    else if (w->b)
        json_escape(w->b, s, len);
    after_value(w);
}

void jsonw_string(jsonw *w, const char *s)
{
    jsonw_string_len(w, s, s ? strlen(s) : 0);
}

void jsonw_number(jsonw *w, double v)
{
    char buf[JSON_NUMBER_MAX];
    size_t n = json_format_number(buf, v);
    scalar(w, buf, n);
}

void jsonw_int(jsonw *w, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    scalar(w, buf, (size_t)n);
}

void jsonw_uint(jsonw *w, uint64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRIu64, v);
    scalar(w, buf, (size_t)n);
}

void jsonw_bool(jsonw *w, int v)
{
    if (v)
        scalar(w, "true", 4);
    else
        scalar(w, "false", 5);
}

void jsonw_null(jsonw *w)
{
    scalar(w, "null", 4);
}

void jsonw_raw(jsonw *w, const char *json)
{
    if (!json) {
        jsonw_null(w);
        return;
    }
    before_value(w);
    puts_(w, json);
    after_value(w);
}
