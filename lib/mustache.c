/* A mustache renderer: see mustache.h.
 *
 * Compiling turns the source into a flat array of nodes; a section node
 * records where its children end, so rendering is a loop over index ranges.
 * Standalone lines (a line holding only a section, inverted, closing,
 * comment, partial or delimiter tag, and whitespace) are dropped whole while
 * compiling.  A standalone partial is indented: the spec indents every line
 * of the partial's source, so such a partial is compiled once per indent, on
 * first use.
 */
#include "mustache.h"
#include "strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ values */

static mst_value *new_value(int type)
{
    mst_value *v = calloc(1, sizeof *v);
    if (v)
        v->type = type;
    return v;
}

mst_value *mst_null(void) { return new_value(MST_NULL); }
mst_value *mst_bool(int b) { return new_value(b ? MST_TRUE : MST_FALSE); }
mst_value *mst_list(void) { return new_value(MST_LIST); }
mst_value *mst_map(void) { return new_value(MST_MAP); }

mst_value *mst_number(double x)
{
    mst_value *v = new_value(MST_NUMBER);
    if (v)
        v->num = x;
    return v;
}

mst_value *mst_string_len(const char *s, size_t len)
{
    mst_value *v = new_value(MST_STRING);
    if (!v)
        return NULL;
    v->str = malloc(len + 1);
    if (!v->str) {
        free(v);
        return NULL;
    }
    if (len)
        memcpy(v->str, s, len);
    v->str[len] = '\0';
    v->len = len;
    return v;
}

mst_value *mst_string(const char *s)
{
    return mst_string_len(s ? s : "", s ? strlen(s) : 0);
}

static mst_value *vstringf(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    mst_value *v = new_value(MST_STRING);
    if (!v || !(v->str = malloc((size_t)n + 1))) {
        free(v);
        return NULL;
    }
    vsnprintf(v->str, (size_t)n + 1, fmt, ap);
    v->len = (size_t)n;
    return v;
}

mst_value *mst_stringf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mst_value *v = vstringf(fmt, ap);
    va_end(ap);
    return v;
}

static int grow_items(mst_value *c)
{
    if (c->n < c->cap)
        return 0;
    size_t cap = c->cap ? c->cap * 2 : 4;
    mst_value **items = realloc(c->items, cap * sizeof *items);
    if (!items)
        return -1;
    c->items = items;
    if (c->type == MST_MAP) {
        char **keys = realloc(c->keys, cap * sizeof *keys);
        if (!keys)
            return -1;
        c->keys = keys;
    }
    c->cap = cap;
    return 0;
}

int mst_push(mst_value *list, mst_value *v)
{
    if (!list || !v || list->type != MST_LIST || grow_items(list) != 0) {
        mst_free(v);
        return -1;
    }
    list->items[list->n++] = v;
    return 0;
}

int mst_put(mst_value *map, const char *key, mst_value *v)
{
    if (!map || !v || map->type != MST_MAP) {
        mst_free(v);
        return -1;
    }
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) {
            mst_free(map->items[i]);
            map->items[i] = v;
            return 0;
        }
    char *k = strdup(key);
    if (!k || grow_items(map) != 0) {
        free(k);
        mst_free(v);
        return -1;
    }
    map->keys[map->n] = k;
    map->items[map->n++] = v;
    return 0;
}

int mst_put_str(mst_value *map, const char *key, const char *s)
{
    return mst_put(map, key, mst_string(s));
}

int mst_put_strf(mst_value *map, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mst_value *v = vstringf(fmt, ap);
    va_end(ap);
    return mst_put(map, key, v);
}

int mst_put_num(mst_value *map, const char *key, double v)
{
    return mst_put(map, key, mst_number(v));
}

int mst_put_bool(mst_value *map, const char *key, int b)
{
    return mst_put(map, key, mst_bool(b));
}

static const mst_value *get_len(const mst_value *map, const char *key, size_t len)
{
    if (!map || map->type != MST_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strncmp(map->keys[i], key, len) == 0 && map->keys[i][len] == '\0')
            return map->items[i];
    return NULL;
}

const mst_value *mst_get(const mst_value *map, const char *key)
{
    return get_len(map, key, strlen(key));
}

void mst_free(mst_value *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        mst_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

/* ================================================================ templates */

enum node_kind { N_TEXT = 1, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

typedef struct node {
    int kind;
    const char *s;             /* text, or the tag's name; points into src */
    size_t len;
    size_t end;                /* sections: index of the first node after the children */
    const char *indent;        /* standalone partials: the whitespace before the tag */
    size_t indent_len;
    int line;
} node;

typedef struct partial_entry {
    char *name;
    char *indent;              /* "" for the partial as written */
    char *text;                /* the partial's source (the unindented entry owns it) */
    size_t len;
    char *file;
    mst_template *t;           /* NULL: unknown partial (renders as nothing) */
} partial_entry;

typedef struct registry {
    mst_options opt;
    partial_entry *e;
    size_t n, cap;
} registry;

struct mst_template {
    char *src;
    size_t len;
    char *file;
    node *nodes;
    size_t nnodes, capnodes;
    registry *reg;             /* shared by a template and all its partials */
    int owns_reg;
};

static void set_error(mst_error *err, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_error(mst_error *err, const char *file, int line, const char *fmt, ...)
{
    if (!err)
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "<template>");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

static int add_node(mst_template *t, int kind, const char *s, size_t len, int line)
{
    if (t->nnodes == t->capnodes) {
        size_t cap = t->capnodes ? t->capnodes * 2 : 16;
        node *grown = realloc(t->nodes, cap * sizeof *grown);
        if (!grown)
            return -1;
        t->nodes = grown;
        t->capnodes = cap;
    }
    node *n = &t->nodes[t->nnodes++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->s = s;
    n->len = len;
    n->line = line;
    return 0;
}

static const char *find(const char *hay, size_t haylen, size_t from, const char *needle, size_t nlen)
{
    if (nlen == 0 || from > haylen)
        return NULL;
    for (size_t i = from; i + nlen <= haylen; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
            return hay + i;
    return NULL;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_space((*s)[*len - 1]))
        (*len)--;
}

static partial_entry *reg_find(registry *r, const char *name, size_t nlen, const char *indent,
                               size_t ilen)
{
    for (size_t i = 0; i < r->n; i++) {
        partial_entry *e = &r->e[i];
        if (strlen(e->name) == nlen && memcmp(e->name, name, nlen) == 0 &&
            strlen(e->indent) == ilen && memcmp(e->indent, indent, ilen) == 0)
            return e;
    }
    return NULL;
}

static partial_entry *reg_add(registry *r, const char *name, size_t nlen, const char *indent,
                              size_t ilen)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        partial_entry *grown = realloc(r->e, cap * sizeof *grown);
        if (!grown)
            return NULL;
        r->e = grown;
        r->cap = cap;
    }
    partial_entry *e = &r->e[r->n];
    memset(e, 0, sizeof *e);
    e->name = strndup(name, nlen);
    e->indent = strndup(indent, ilen);
    if (!e->name || !e->indent) {
        free(e->name);
        free(e->indent);
        return NULL;
    }
    r->n++;
    return e;
}

static mst_template *compile_with(const char *text, size_t len, const char *file, registry *reg,
                                  mst_error *err);

/* Load and compile partial `name` as written (no indent), once. */
static int need_partial(registry *r, const char *name, size_t nlen, const char *file, int line,
                        mst_error *err)
{
    if (reg_find(r, name, nlen, "", 0))
        return 0;
    partial_entry *e = reg_add(r, name, nlen, "", 0);
    if (!e) {
        set_error(err, file, line, "out of memory");
        return -1;
    }
    size_t idx = (size_t)(e - r->e); /* the array may move while compiling */
    char *pfile = NULL;
    size_t plen = 0;
    char *text = r->opt.load ? r->opt.load(r->opt.load_arg, e->name, &plen, &pfile) : NULL;
    if (!text) {
        free(pfile);
        if (r->opt.strict_partials) {
            set_error(err, file, line, "unknown partial '%.*s'", (int)nlen, name);
            return -1;
        }
        return 0;
    }
    e->text = text;
    e->len = plen;
    e->file = pfile;
    mst_template *t = compile_with(text, plen, pfile ? pfile : e->name, r, err);
    if (!t)
        return -1;
    r->e[idx].t = t;
    return 0;
}

static mst_template *compile_with(const char *text, size_t len, const char *file, registry *reg,
                                  mst_error *err)
{
    mst_template *t = calloc(1, sizeof *t);
    if (!t) {
        set_error(err, file, 0, "out of memory");
        return NULL;
    }
    t->reg = reg;
    t->src = malloc(len + 1);
    t->file = strdup(file ? file : "<template>");
    if (!t->src || !t->file)
        goto oom;
    if (len)
        memcpy(t->src, text, len);
    t->src[len] = '\0';
    t->len = len;

    const char *src = t->src;
    char otag[64] = "{{", ctag[64] = "}}";
    size_t olen = 2, clen = 2;
    size_t pos = 0, text_start = 0;
    int line = 1;
    size_t counted = 0;        /* newlines counted up to here */
    size_t stack[256];
    int depth = 0;

    for (;;) {
        const char *o = find(src, len, pos, otag, olen);
        if (!o) {
            if (text_start < len && add_node(t, N_TEXT, src + text_start, len - text_start, line) != 0)
                goto oom;
            break;
        }
        size_t tpos = (size_t)(o - src);
        for (; counted < tpos; counted++)
            if (src[counted] == '\n')
                line++;
        size_t after = tpos + olen;
        char type = after < len ? src[after] : '\0';
        if (!strchr("#^/!>&{=", type) || type == '\0')
            type = 0;
        char close[72];
        if (type == '{' || type == '=')
            snprintf(close, sizeof close, "%c%s", type == '{' ? '}' : '=', ctag);
        else
            snprintf(close, sizeof close, "%s", ctag);
        size_t closelen = strlen(close);
        size_t cstart = after + (type ? 1 : 0);
        const char *c = find(src, len, cstart, close, closelen);
        if (!c && type == '{') { /* "{{{x}}" : accept the plain closing */
            c = find(src, len, cstart, ctag, clen);
            closelen = clen;
        }
        if (!c) {
            set_error(err, t->file, line, "tag '%.*s' is never closed (expected '%s')", (int)olen, otag,
                      close);
            goto fail;
        }
        const char *name = src + cstart;
        size_t nlen = (size_t)(c - name);
        size_t tag_end = (size_t)(c - src) + closelen;
        if (type != '!' && type != '=')
            trim(&name, &nlen);
        if (type != '!' && type != '=' && nlen == 0) {
            set_error(err, t->file, line, "empty tag '%s%s'", otag, close);
            goto fail;
        }

        /* Standalone? */
        size_t ls = tpos, le = tag_end;
        int standalone = 0;
        if (type && type != '&' && type != '{') {
            while (ls > text_start && is_blank(src[ls - 1]))
                ls--;
            int line_start = ls == 0 || src[ls - 1] == '\n';
            if (ls > 0 && ls == text_start && src[ls - 1] != '\n')
                line_start = 0;
            while (le < len && is_blank(src[le]))
                le++;
            int line_end = 1;
            if (le == len)
                ;
            else if (src[le] == '\n')
                le++;
            else if (src[le] == '\r' && le + 1 < len && src[le + 1] == '\n')
                le += 2;
            else
                line_end = 0;
            standalone = line_start && line_end;
        }
        size_t text_end = standalone ? ls : tpos;
        if (text_end > text_start && add_node(t, N_TEXT, src + text_start, text_end - text_start, line) != 0)
            goto oom;
        text_start = pos = standalone ? le : tag_end;

        switch (type) {
        case '!':
            break;
        case '=': {
            const char *d = name;
            size_t dl = nlen;
            trim(&d, &dl);
            size_t a = 0;
            while (a < dl && !is_space(d[a]))
                a++;
            size_t b = a;
            while (b < dl && is_space(d[b]))
                b++;
            if (a == 0 || b == dl || a >= sizeof otag || dl - b >= sizeof ctag ||
                memchr(d, '=', dl) != NULL) {
                set_error(err, t->file, line,
                          "bad delimiter change '%.*s': give two delimiters without spaces or '=', "
                          "e.g. {{=<%% %%>=}}", (int)nlen, name);
                goto fail;
            }
            for (size_t k = b; k < dl; k++)
                if (is_space(d[k])) {
                    set_error(err, t->file, line, "bad delimiter change '%.*s': more than two delimiters",
                              (int)nlen, name);
                    goto fail;
                }
            memcpy(otag, d, a);
            otag[a] = '\0';
            olen = a;
            memcpy(ctag, d + b, dl - b);
            ctag[dl - b] = '\0';
            clen = dl - b;
            break;
        }
        case '#':
        case '^':
            if (depth == (int)(sizeof stack / sizeof stack[0])) {
                set_error(err, t->file, line, "sections nested too deeply");
                goto fail;
            }
            stack[depth++] = t->nnodes;
            if (add_node(t, type == '#' ? N_SECTION : N_INVERTED, name, nlen, line) != 0)
                goto oom;
            break;
        case '/': {
            if (depth == 0) {
                set_error(err, t->file, line, "closing tag '%.*s' but no section is open", (int)nlen, name);
                goto fail;
            }
            node *open = &t->nodes[stack[depth - 1]];
            if (open->len != nlen || memcmp(open->s, name, nlen) != 0) {
                set_error(err, t->file, line, "closing tag '%.*s' but section '%.*s' (line %d) is open",
                          (int)nlen, name, (int)open->len, open->s, open->line);
                goto fail;
            }
            open->end = t->nnodes;
            depth--;
            break;
        }
        case '>': {
            if (add_node(t, N_PARTIAL, name, nlen, line) != 0)
                goto oom;
            if (standalone) {
                t->nodes[t->nnodes - 1].indent = src + ls;
                t->nodes[t->nnodes - 1].indent_len = tpos - ls;
            }
            /* the nodes array may move: copy what need_partial reads */
            if (need_partial(reg, name, nlen, t->file, line, err) != 0)
                goto fail;
            break;
        }
        case '&':
        case '{':
            if (add_node(t, N_RAW, name, nlen, line) != 0)
                goto oom;
            break;
        default:
            if (add_node(t, N_VAR, name, nlen, line) != 0)
                goto oom;
        }
    }
    if (depth) {
        node *open = &t->nodes[stack[depth - 1]];
        set_error(err, t->file, open->line, "section '%.*s' is never closed", (int)open->len, open->s);
        goto fail;
    }
    return t;
oom:
    set_error(err, t->file, 0, "out of memory");
fail:
    mst_template_free(t);
    return NULL;
}

static void registry_free(registry *r)
{
    for (size_t i = 0; i < r->n; i++) {
        mst_template_free(r->e[i].t);
        free(r->e[i].name);
        free(r->e[i].indent);
        free(r->e[i].text);
        free(r->e[i].file);
    }
    free(r->e);
    free(r);
}

mst_template *mst_compile(const char *text, size_t len, const char *file, const mst_options *opt,
                          mst_error *err)
{
    registry *reg = calloc(1, sizeof *reg);
    if (!reg) {
        set_error(err, file, 0, "out of memory");
        return NULL;
    }
    if (opt)
        reg->opt = *opt;
    mst_template *t = compile_with(text, len, file, reg, err);
    if (!t) {
        registry_free(reg);
        return NULL;
    }
    t->owns_reg = 1;
    return t;
}

void mst_template_free(mst_template *t)
{
    if (!t)
        return;
    if (t->owns_reg)
        registry_free(t->reg);
    free(t->src);
    free(t->file);
    free(t->nodes);
    free(t);
}

/* ================================================================ rendering */

static void put_escaped(strbuf *b, const char *s, size_t len, int escape)
{
    if (escape != MST_ESCAPE_HTML) {
        strbuf_put(b, s, len);
        return;
    }
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        strbuf_put(b, s + from, i - from);
        strbuf_put(b, rep, strlen(rep));
        from = i + 1;
    }
    strbuf_put(b, s + from, len - from);
}

typedef struct stack {
    const mst_value **v;
    size_t n, cap;
} stack;

static int push(stack *s, const mst_value *v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        const mst_value **grown = realloc(s->v, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->v = grown;
        s->cap = cap;
    }
    s->v[s->n++] = v;
    return 0;
}

/* Resolve a (dotted) name against the context stack; NULL when missing. */
static const mst_value *lookup(const stack *s, const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return s->n ? s->v[s->n - 1] : NULL;
    const char *dot = memchr(name, '.', len);
    size_t first = dot ? (size_t)(dot - name) : len;
    const mst_value *v = NULL;
    for (size_t i = s->n; i-- > 0 && !v;)
        v = get_len(s->v[i], name, first);
    while (v && dot) {
        const char *part = dot + 1;
        size_t rest = len - (size_t)(part - name);
        dot = memchr(part, '.', rest);
        size_t plen = dot ? (size_t)(dot - part) : rest;
        v = get_len(v, part, plen);
    }
    return v;
}

static int falsey(const mst_value *v)
{
    return !v || v->type == MST_NULL || v->type == MST_FALSE || (v->type == MST_LIST && v->n == 0);
}

static void put_value(strbuf *b, const mst_value *v, int escape)
{
    if (!v)
        return;
    char tmp[40];
    switch (v->type) {
    case MST_STRING:
        put_escaped(b, v->str, v->len, escape);
        break;
    case MST_NUMBER:
        if (!isfinite(v->num))
            break;
        if (v->num == floor(v->num) && fabs(v->num) < 1e15) {
            snprintf(tmp, sizeof tmp, "%.0f", v->num);
            strbuf_put(b, tmp, strlen(tmp));
            break;
        }
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, v->num);
            if (strtod(tmp, NULL) == v->num)
                break;
        }
        strbuf_put(b, tmp, strlen(tmp));
        break;
    case MST_TRUE:
        strbuf_put(b, "true", 4);
        break;
    case MST_FALSE:
        strbuf_put(b, "false", 5);
        break;
    default:
        break;
    }
}

typedef struct render_state {
    strbuf out;
    stack ctx;
    int escape;
    mst_error *err;
    int failed;
    int depth;
} render_state;

static const mst_template *indented_partial(registry *r, const node *n, mst_error *err, int *failed)
{
    partial_entry *e = reg_find(r, n->s, n->len, n->indent ? n->indent : "", n->indent ? n->indent_len : 0);
    if (e)
        return e->t;
    partial_entry *plain = reg_find(r, n->s, n->len, "", 0);
    if (!plain || !plain->t)
        return NULL;
    /* Indent every line of the partial's source, but not after its last
     * newline. */
    size_t il = n->indent_len, lines = 1;
    for (size_t i = 0; i < plain->len; i++)
        lines += plain->text[i] == '\n';
    char *src = malloc(plain->len + il * lines + 1);
    if (!src) {
        *failed = 1;
        return NULL;
    }
    size_t k = 0;
    memcpy(src, n->indent, il);
    k = il;
    for (size_t i = 0; i < plain->len; i++) {
        src[k++] = plain->text[i];
        if (plain->text[i] == '\n' && i + 1 < plain->len) {
            memcpy(src + k, n->indent, il);
            k += il;
        }
    }
    size_t pidx = (size_t)(plain - r->e);
    e = reg_add(r, n->s, n->len, n->indent, il);
    if (!e) {
        free(src);
        *failed = 1;
        return NULL;
    }
    size_t eidx = (size_t)(e - r->e);
    mst_template *t = compile_with(src, k, r->e[pidx].file ? r->e[pidx].file : r->e[pidx].name, r, err);
    free(src);
    if (!t) {
        *failed = 1;
        return NULL;
    }
    r->e[eidx].t = t;
    return t;
}

static void render_range(render_state *st, const mst_template *t, size_t from, size_t to)
{
    for (size_t i = from; i < to && !st->failed; i++) {
        const node *n = &t->nodes[i];
        switch (n->kind) {
        case N_TEXT:
            strbuf_put(&st->out, n->s, n->len);
            break;
        case N_VAR:
        case N_RAW:
            put_value(&st->out, lookup(&st->ctx, n->s, n->len), n->kind == N_VAR ? st->escape : MST_ESCAPE_NONE);
            break;
        case N_SECTION: {
            const mst_value *v = lookup(&st->ctx, n->s, n->len);
            if (!falsey(v)) {
                if (v->type == MST_LIST) {
                    for (size_t k = 0; k < v->n && !st->failed; k++) {
                        if (push(&st->ctx, v->items[k]) != 0) {
                            st->failed = 1;
                            break;
                        }
                        render_range(st, t, i + 1, n->end);
                        st->ctx.n--;
                    }
                } else if (push(&st->ctx, v) != 0) {
                    st->failed = 1;
                } else {
                    render_range(st, t, i + 1, n->end);
                    st->ctx.n--;
                }
            }
            i = n->end - 1;
            break;
        }
        case N_INVERTED:
            if (falsey(lookup(&st->ctx, n->s, n->len)))
                render_range(st, t, i + 1, n->end);
            i = n->end - 1;
            break;
        case N_PARTIAL: {
            if (st->depth > 100) /* a partial that includes itself without end */
                break;
            const mst_template *p = indented_partial(t->reg, n, st->err, &st->failed);
            if (p) {
                st->depth++;
                render_range(st, p, 0, p->nnodes);
                st->depth--;
            }
            break;
        }
        }
    }
}

int mst_render(const mst_template *t, const mst_value *data, int escape, char **out, size_t *outlen,
               mst_error *err)
{
    render_state st;
    memset(&st, 0, sizeof st);
    st.escape = escape;
    st.err = err;
    if (data && push(&st.ctx, data) != 0)
        st.failed = 1;
    if (!st.failed)
        render_range(&st, t, 0, t->nnodes);
    free(st.ctx.v);
    if (!st.out.p && !st.out.oom)
        st.out.p = calloc(1, 1);
    if (st.failed || st.out.oom || !st.out.p) {
        free(st.out.p);
        *out = NULL;
        return -1;
    }
    *out = st.out.p;
    if (outlen)
        *outlen = st.out.n;
    return 0;
}
