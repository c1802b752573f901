/* Conformance check of lib/mustache.c against the public mustache
 * specification's test files (JSON): `make mustache-spec [MUSTACHE_SPEC=dir]`.
 *
 * Runs every test of the given files (default: the required modules
 * comments, delimiters, interpolation, inverted, partials, sections), prints
 * each failure with the expected and actual output, and a pass count.  Exit
 * status 0 only when every test passes.
 *
 * The spec files are read with the small JSON reader below (objects, arrays,
 * strings with escapes, numbers, true, false, null): enough for these files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"

/* ---------------------------------------------------------------- JSON */

typedef struct json_reader {
    const char *p, *end;
    const char *file;
    int failed;
} json_reader;

static void skip_ws(json_reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int fail(json_reader *r, const char *what)
{
    if (!r->failed)
        fprintf(stderr, "%s: error: bad JSON at byte %ld: %s\n", r->file, (long)(r->end - r->p), what);
    r->failed = 1;
    return -1;
}

static void put_utf8(char *out, size_t *k, unsigned cp)
{
    if (cp < 0x80) {
        out[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*k)++] = (char)(0xC0 | (cp >> 6));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*k)++] = (char)(0xE0 | (cp >> 12));
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*k)++] = (char)(0xF0 | (cp >> 18));
        out[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(const char *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
        if (d > 15)
            return -1;
        *v = *v * 16 + d;
    }
    return 0;
}

/* A JSON string at r->p (the opening quote): malloc'd, NUL-terminated. */
static char *json_string(json_reader *r, size_t *outlen)
{
    r->p++;
    char *out = malloc((size_t)(r->end - r->p) + 1); /* never longer than the source */
    size_t k = 0;
    if (!out)
        return NULL;
    while (r->p < r->end && *r->p != '"') {
        char c = *r->p++;
        if (c != '\\') {
            out[k++] = c;
            continue;
        }
        if (r->p >= r->end)
            break;
        c = *r->p++;
        switch (c) {
        case 'n': out[k++] = '\n'; break;
        case 't': out[k++] = '\t'; break;
        case 'r': out[k++] = '\r'; break;
        case 'b': out[k++] = '\b'; break;
        case 'f': out[k++] = '\f'; break;
        case 'u': {
            unsigned cp, lo;
            if (r->end - r->p < 4 || hex4(r->p, &cp) != 0) {
                free(out);
                fail(r, "bad \\u escape");
                return NULL;
            }
            r->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' &&
                hex4(r->p + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r->p += 6;
            }
            put_utf8(out, &k, cp);
            break;
        }
        default: out[k++] = c; /* \" \\ \/ */
        }
    }
    if (r->p >= r->end) {
        free(out);
        fail(r, "unterminated string");
        return NULL;
    }
    r->p++;
    out[k] = '\0';
    if (outlen)
        *outlen = k;
    return out;
}

static mst_value *json_value(json_reader *r);

static mst_value *json_container(json_reader *r, int is_map)
{
    mst_value *v = is_map ? mst_map() : mst_list();
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == (is_map ? '}' : ']')) {
        r->p++;
        return v;
    }
    for (;;) {
        skip_ws(r);
        char *key = NULL;
        if (is_map) {
            if (r->p >= r->end || *r->p != '"' || !(key = json_string(r, NULL))) {
                fail(r, "expected a member name");
                mst_free(v);
                return NULL;
            }
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                free(key);
                mst_free(v);
                fail(r, "expected ':'");
                return NULL;
            }
            r->p++;
        }
        mst_value *item = json_value(r);
        if (!item) {
            free(key);
            mst_free(v);
            return NULL;
        }
        int rc = is_map ? mst_put(v, key, item) : mst_push(v, item);
        free(key);
        if (rc != 0) {
            mst_free(v);
            return NULL;
        }
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == (is_map ? '}' : ']')) {
            r->p++;
            return v;
        }
        mst_free(v);
        fail(r, "expected ',' or the end of a container");
        return NULL;
    }
}

static mst_value *json_value(json_reader *r)
{
    skip_ws(r);
    if (r->p >= r->end) {
        fail(r, "unexpected end");
        return NULL;
    }
    switch (*r->p) {
    case '{': return json_container(r, 1);
    case '[': return json_container(r, 0);
    case '"': {
        size_t len;
        char *s = json_string(r, &len);
        if (!s)
            return NULL;
        mst_value *v = mst_string_len(s, len);
        free(s);
        return v;
    }
    default: break;
    }
    static const struct { const char *word; int type; } words[] = {
        { "true", MST_TRUE }, { "false", MST_FALSE }, { "null", MST_NULL } };
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i].word, n) == 0) {
            r->p += n;
            return words[i].type == MST_NULL ? mst_null() : mst_bool(words[i].type == MST_TRUE);
        }
    }
    char *endp;
    double d = strtod(r->p, &endp);
    if (endp == r->p || endp > r->end) {
        fail(r, "unexpected character");
        return NULL;
    }
    r->p = endp;
    return mst_number(d);
}

/* ---------------------------------------------------------------- runner */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *p = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got + 1 > cap) {
            cap = (n + got + 1) * 2;
            char *grown = realloc(p, cap);
            if (!grown) {
                free(p);
                fclose(f);
                return NULL;
            }
            p = grown;
        }
        memcpy(p + n, chunk, got);
        n += got;
    }
    fclose(f);
    if (!p)
        p = calloc(1, 1);
    else
        p[n] = '\0';
    *len = n;
    return p;
}

static char *load_partial(void *arg, const char *name, size_t *len, char **file)
{
    const mst_value *v = mst_get(arg, name);
    if (!v || v->type != MST_STRING)
        return NULL;
    *len = v->len;
    *file = NULL;
    char *copy = malloc(v->len + 1);
    if (copy)
        memcpy(copy, v->str, v->len + 1);
    return copy;
}

static int run_file(const char *path, int *passed, int *total)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "%s: error: cannot read it\n", path);
        return -1;
    }
    json_reader r = { text, text + len, path, 0 };
    mst_value *doc = json_value(&r);
    free(text);
    const mst_value *tests = doc ? mst_get(doc, "tests") : NULL;
    if (!tests || tests->type != MST_LIST) {
        fprintf(stderr, "%s: error: no \"tests\" array\n", path);
        mst_free(doc);
        return -1;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int file_pass = 0;
    for (size_t i = 0; i < tests->n; i++) {
        const mst_value *t = tests->items[i];
        const mst_value *name = mst_get(t, "name"), *tpl = mst_get(t, "template"),
                        *exp = mst_get(t, "expected"), *data = mst_get(t, "data"),
                        *partials = mst_get(t, "partials");
        (*total)++;
        if (!name || !tpl || !exp || tpl->type != MST_STRING || exp->type != MST_STRING) {
            printf("FAIL %s #%zu: malformed test\n", base, i);
            continue;
        }
        mst_options opt = { load_partial, (void *)partials, 0, 0 };
        mst_error err;
        mst_template *m = mst_compile(tpl->str, tpl->len, "template", &opt, &err);
        char *out = NULL;
        size_t outlen = 0;
        if (!m) {
            printf("FAIL %s: %s: compile error %s:%d: %s\n", base, name->str, err.file, err.line, err.message);
            continue;
        }
        if (mst_render(m, data, MST_ESCAPE_HTML, &out, &outlen, &err) != 0) {
            printf("FAIL %s: %s: render error\n", base, name->str);
        } else if (outlen != exp->len || memcmp(out, exp->str, outlen) != 0) {
            printf("FAIL %s: %s\n  expected: [%s]\n  got:      [%s]\n", base, name->str, exp->str, out);
        } else {
            (*passed)++;
            file_pass++;
        }
        free(out);
        mst_template_free(m);
    }
    printf("%-20s %d/%zu\n", base, file_pass, tests->n);
    mst_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    static const char *required[] = { "comments", "delimiters", "interpolation", "inverted",
                                      "partials", "sections" };
    const char *dir = argc > 1 ? argv[1] : "../shared/testdata/mustache-spec";
    int passed = 0, total = 0, errors = 0;
    if (argc > 2) { /* explicit files */
        for (int i = 2; i < argc; i++)
            errors += run_file(argv[i], &passed, &total) != 0;
    } else {
        for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.json", dir, required[i]);
            errors += run_file(path, &passed, &total) != 0;
        }
    }
    printf("mustache spec: %d of %d tests pass\n", passed, total);
    return errors || passed != total ? 1 : 0;
}
