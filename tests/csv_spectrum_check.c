/*
 * Optional check of lib/csvread against the csv-spectrum acid
 * tests: each DIR/csvs/NAME.csv is read (first row = header) and compared
 * with DIR/json/NAME.json, an array of objects keyed by the header (or a
 * single object for a one-row file).  Not part of `make check`.
 *
 *   csv_spectrum_check DIR      e.g. DIR = shared/testdata/csv-spectrum
 *
 * Prints one line per file and "N passed, M failed"; exits 0 when all
 * passed, 1 when some failed, 2 when DIR cannot be read.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/* ------------------------------------------------------------------------
 * Just enough JSON: objects whose values are all strings, alone or in an
 * array.
 * ---------------------------------------------------------------------- */

typedef struct json_pair {
    char *key, *val;
    size_t klen, vlen;
} json_pair;

typedef struct json_object {
    json_pair *pairs;
    size_t n;
} json_object;

typedef struct json_doc {
    json_object *objects;
    size_t n;
    const char *error; /* NULL when parsed */
} json_doc;

static void *grow(void *p, size_t n, size_t size)
{
    /* Room for element n (0-based): capacity doubles at powers of two. */
    if (n == 0 || (n & (n - 1)) == 0) {
        p = realloc(p, (n ? 2 * n : 1) * size);
        if (!p) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    return p;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *d, unsigned cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string at p (on its opening quote); NULL on a syntax error. */
static const char *json_string(const char *p, char **out, size_t *len)
{
    if (*p != '"')
        return NULL;
    p++;
    const char *q = p;
    while (*q && *q != '"')
        q += *q == '\\' && q[1] ? 2 : 1;
    char *d = malloc((size_t)(q - p) + 1); /* unescaping only shrinks */
    if (!d)
        return NULL;
    *out = d;
    while (*p != '"') {
        if (!*p)
            return NULL;
        if (*p != '\\') {
            *d++ = *p++;
            continue;
        }
        p++;
        switch (*p++) {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '/': *d++ = '/'; break;
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (hex4(p, &cp))
                return NULL;
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00) { /* a surrogate pair */
                if (p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return NULL;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            d += put_utf8(d, cp);
            break;
        }
        default:
            return NULL;
        }
    }
    *len = (size_t)(d - *out);
    *d = '\0';
    return p + 1;
}

static const char *json_object_parse(const char *p, json_object *o)
{
    o->pairs = NULL;
    o->n = 0;
    if (*p != '{')
        return NULL;
    p = skip_ws(p + 1);
    if (*p == '}')
        return p + 1;
    for (;;) {
        o->pairs = grow(o->pairs, o->n, sizeof *o->pairs);
        json_pair *pr = &o->pairs[o->n++];
        pr->key = pr->val = NULL;
        if (!(p = json_string(p, &pr->key, &pr->klen)))
            return NULL;
        p = skip_ws(p);
        if (*p != ':')
            return NULL;
        p = skip_ws(p + 1);
        if (!(p = json_string(p, &pr->val, &pr->vlen)))
            return NULL; /* only string values are expected */
        p = skip_ws(p);
        if (*p == '}')
            return p + 1;
        if (*p != ',')
            return NULL;
        p = skip_ws(p + 1);
    }
}

static void json_parse(const char *text, json_doc *doc)
{
    const char *p = skip_ws(text);
    doc->objects = NULL;
    doc->n = 0;
    doc->error = NULL;
    if (*p == '{') { /* a single row */
        doc->objects = grow(NULL, 0, sizeof *doc->objects);
        if (!(p = json_object_parse(p, &doc->objects[doc->n++])))
            goto bad;
    } else if (*p == '[') {
        p = skip_ws(p + 1);
        if (*p != ']') {
            for (;;) {
                doc->objects = grow(doc->objects, doc->n, sizeof *doc->objects);
                if (!(p = json_object_parse(p, &doc->objects[doc->n++])))
                    goto bad;
                p = skip_ws(p);
                if (*p == ']')
                    break;
                if (*p != ',')
                    goto bad;
                p = skip_ws(p + 1);
            }
        }
        p++;
    } else {
        goto bad;
    }
    if (*skip_ws(p) == '\0')
        return;
bad:
    doc->error = "JSON not understood";
}

static void json_free(json_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++) {
        for (size_t j = 0; j < doc->objects[i].n; j++) {
            free(doc->objects[i].pairs[j].key);
            free(doc->objects[i].pairs[j].val);
        }
        free(doc->objects[i].pairs);
    }
    free(doc->objects);
}

/* ------------------------------------------------------------------------
 * The comparison
 * ---------------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* Why the current file failed; several reasons are joined with "; ". */
static char reason[1024];

static int failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int failf(const char *fmt, ...)
{
    size_t used = strlen(reason);
    if (used && used + 2 < sizeof reason) {
        memcpy(reason + used, "; ", 3);
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason + used, sizeof reason - used, fmt, ap);
    va_end(ap);
    return -1;
}

static const json_pair *lookup(const json_object *o, const char *key, size_t klen)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->pairs[i].klen == klen && memcmp(o->pairs[i].key, key, klen) == 0)
            return &o->pairs[i];
    return NULL;
}

/* 0 when the CSV file reads as the JSON file says; -1 with `reason`. */
static int check_one(const char *csv_path, const char *json_path)
{
    reason[0] = '\0';
    char *json_text = slurp(json_path);
    if (!json_text)
        return failf("cannot read %s", json_path);
    json_doc doc;
    json_parse(json_text, &doc);
    free(json_text);
    if (doc.error) {
        json_free(&doc);
        return failf("%s: %s", json_path, doc.error);
    }

    char err[256];
    csv_reader *r = csv_open(csv_path, NULL, err, sizeof err);
    if (!r) {
        json_free(&doc);
        return failf("%s: %s", csv_path, err);
    }

    char **header = NULL;
    size_t *header_len = NULL, nheader = 0, row = 0;
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *msg;
    int rc, result = 0;
    while ((rc = csv_next(r, &f, &nf, &line, &msg)) != 0) {
        if (rc < 0) {
            result = failf("line %llu: %s", (unsigned long long)line, msg);
            break;
        }
        if (!header) { /* keep copies: fields live only until the next call */
            nheader = nf;
            header = calloc(nf ? nf : 1, sizeof *header);
            header_len = calloc(nf ? nf : 1, sizeof *header_len);
            for (size_t i = 0; i < nf; i++) {
                header[i] = malloc(f[i].len + 1);
                memcpy(header[i], f[i].ptr, f[i].len);
                header_len[i] = f[i].len;
            }
            continue;
        }
        if (row >= doc.n) {
            result = failf("line %llu: a row the JSON does not have", (unsigned long long)line);
            break;
        }
        const json_object *o = &doc.objects[row++];
        if (nf != nheader || o->n != nheader) {
            result = failf("line %llu: %zu fields, header %zu, JSON %zu",
                           (unsigned long long)line, nf, nheader, o->n);
            break;
        }
        for (size_t i = 0; i < nf; i++) { /* report every column that differs */
            const json_pair *pr = lookup(o, header[i], header_len[i]);
            if (!pr)
                result = failf("line %llu: column %.*s missing from the JSON",
                               (unsigned long long)line, (int)header_len[i], header[i]);
            else if (pr->vlen != f[i].len || memcmp(pr->val, f[i].ptr, f[i].len) != 0)
                result = failf("line %llu, column %.*s: read \"%.*s\", JSON has \"%s\"",
                               (unsigned long long)line, (int)header_len[i], header[i],
                               (int)f[i].len, f[i].ptr, pr->val);
        }
        if (result)
            break;
    }
    if (result == 0 && row != doc.n)
        result = failf("%zu rows read, the JSON has %zu", row, doc.n);

    for (size_t i = 0; i < nheader; i++)
        free(header[i]);
    free(header);
    free(header_len);
    csv_close(r);
    json_free(&doc);
    return result;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CSV-SPECTRUM-DIR (holding csvs/ and json/)\n", argv[0]);
        return 2;
    }
    char path[4096], json_path[4096];
    snprintf(path, sizeof path, "%s/csvs", argv[1]);
    DIR *dir = opendir(path);
    if (!dir) {
        perror(path);
        return 2;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 4 && strcmp(de->d_name + len - 4, ".csv") == 0) {
            names = grow(names, n, sizeof *names);
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(dir);
    qsort(names, n, sizeof *names, by_name);

    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        size_t stem = strlen(names[i]) - 4;
        snprintf(path, sizeof path, "%s/csvs/%s", argv[1], names[i]);
        snprintf(json_path, sizeof json_path, "%s/json/%.*s.json", argv[1], (int)stem, names[i]);
        if (check_one(path, json_path) == 0) {
            printf("ok   %s\n", names[i]);
            passed++;
        } else {
            printf("FAIL %s: %s\n", names[i], reason);
            failed++;
        }
        free(names[i]);
    }
    free(names);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
