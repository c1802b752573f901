/* mustache: compiling (see mustache.h).  Compiling turns the source into a
 * flat array of nodes; a section node records where its children end, so
 * rendering is a loop over index ranges.  Standalone lines (a line holding
 * only a section, inverted, closing, comment, partial or delimiter tag, and
 * whitespace) are dropped whole while compiling.  A standalone partial is
 * indented: the spec indents every line of the partial's source, so such a
 * partial is compiled once per indent, on first use (from the renderer).
 *
 * The compiler is a loop over tags: find the next opening delimiter, read
 * the tag (scan_tag), decide whether it stands alone on its line
 * (standalone), emit the text before it, and let the tag's handler (one per
 * kind) add its node or change the state. */
#include "mustache_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---------------------------------------------------------------- the compiler */

/* Handlers' results: go on, stop with the error set, or out of memory. */
enum { P_OK = 0, P_FAIL = -1, P_OOM = -2 };

typedef struct parser {
    mst_template *t;
    registry *reg;
    mst_error *err;
    const char *src;           /* t->src */
    size_t len;
    char otag[64], ctag[64];   /* the current delimiters */
    size_t olen, clen;
    size_t pos, text_start;    /* where to look for the next tag; start of pending text */
    int line;
    size_t counted;            /* newlines counted up to here */
    size_t stack[256];         /* open sections: their node indexes */
    int depth;
} parser;

/* One tag as read from the source. */
typedef struct tag {
    char type;                 /* one of #^/!>&{= or 0 for a variable */
    const char *name;          /* trimmed except in comments and delimiter changes */
    size_t nlen;
    size_t tpos, tag_end;      /* the tag's bytes */
    size_t ls, le;             /* the line around it, when standalone */
    int standalone;
} tag;

/* Read the tag whose opening delimiter is at tpos. */
static int scan_tag(parser *p, size_t tpos, tag *g)
{
    const char *src = p->src;
    size_t len = p->len;
    for (; p->counted < tpos; p->counted++)
        if (src[p->counted] == '\n')
            p->line++;
    size_t after = tpos + p->olen;
    char type = after < len ? src[after] : '\0';
    if (!strchr("#^/!>&{=", type) || type == '\0')
        type = 0;
    char close[72];
    if (type == '{' || type == '=')
        snprintf(close, sizeof close, "%c%s", type == '{' ? '}' : '=', p->ctag);
    else
        snprintf(close, sizeof close, "%s", p->ctag);
    size_t closelen = strlen(close);
    size_t cstart = after + (type ? 1 : 0);
    const char *c = find(src, len, cstart, close, closelen);
    if (!c && type == '{') { /* "{{{x}}" : accept the plain closing */
        c = find(src, len, cstart, p->ctag, p->clen);
        closelen = p->clen;
    }
    if (!c) {
        set_error(p->err, p->t->file, p->line, "tag '%.*s' is never closed (expected '%s')", (int)p->olen,
                  p->otag, close);
        return P_FAIL;
    }
    g->type = type;
    g->tpos = tpos;
    g->name = src + cstart;
    g->nlen = (size_t)(c - g->name);
    g->tag_end = (size_t)(c - src) + closelen;
    if (type != '!' && memchr(src + tpos, '\0', g->tag_end - tpos)) {
        set_error(p->err, p->t->file, p->line, "NUL byte in the tag '%s%.*s': remove it (a template is text)",
                  p->otag, (int)strnlen(g->name, g->nlen), g->name);
        return P_FAIL;
    }
    if (type != '!' && type != '=')
        trim(&g->name, &g->nlen);
    if (type != '!' && type != '=' && g->nlen == 0) {
        set_error(p->err, p->t->file, p->line, "empty tag '%s%s'", p->otag, close);
        return P_FAIL;
    }
    return P_OK;
}

/* Whether the tag is alone on its line but for blanks (variables never
 * are); sets g->ls and g->le to the line's bytes to drop. */
static void standalone(const parser *p, tag *g)
{
    const char *src = p->src;
    size_t ls = g->tpos, le = g->tag_end;
    g->standalone = 0;
    if (g->type && g->type != '&' && g->type != '{') {
        while (ls > p->text_start && is_blank(src[ls - 1]))
            ls--;
        int line_start = ls == 0 || src[ls - 1] == '\n';
        if (ls > 0 && ls == p->text_start && src[ls - 1] != '\n')
            line_start = 0;
        while (le < p->len && is_blank(src[le]))
            le++;
        int line_end = 1;
        if (le == p->len)
            ;
        else if (src[le] == '\n')
            le++;
        else if (src[le] == '\r' && le + 1 < p->len && src[le + 1] == '\n')
            le += 2;
        else
            line_end = 0;
        g->standalone = line_start && line_end;
    }
    g->ls = ls;
    g->le = le;
}

/* {{=<% %>=}}: two new delimiters, without spaces or '='. */
static int tag_delimiters(parser *p, const tag *g)
{
    const char *d = g->name;
    size_t dl = g->nlen;
    trim(&d, &dl);
    size_t a = 0;
    while (a < dl && !is_space(d[a]))
        a++;
    size_t b = a;
    while (b < dl && is_space(d[b]))
        b++;
    if (a == 0 || b == dl || a >= sizeof p->otag || dl - b >= sizeof p->ctag || memchr(d, '=', dl) != NULL) {
        set_error(p->err, p->t->file, p->line,
                  "bad delimiter change '%.*s': give two delimiters without spaces or '=', "
                  "e.g. {{=<%% %%>=}}", (int)g->nlen, g->name);
        return P_FAIL;
    }
    for (size_t k = b; k < dl; k++)
        if (is_space(d[k])) {
            set_error(p->err, p->t->file, p->line, "bad delimiter change '%.*s': more than two delimiters",
                      (int)g->nlen, g->name);
            return P_FAIL;
        }
    memcpy(p->otag, d, a);
    p->otag[a] = '\0';
    p->olen = a;
    memcpy(p->ctag, d + b, dl - b);
    p->ctag[dl - b] = '\0';
    p->clen = dl - b;
    return P_OK;
}

/* {{#name}} or {{^name}}: a section opens. */
static int tag_open(parser *p, const tag *g)
{
    if (p->depth == (int)(sizeof p->stack / sizeof p->stack[0])) {
        set_error(p->err, p->t->file, p->line, "sections nested too deeply");
        return P_FAIL;
    }
    p->stack[p->depth++] = p->t->nnodes;
    return add_node(p->t, g->type == '#' ? N_SECTION : N_INVERTED, g->name, g->nlen, p->line) ? P_OOM : P_OK;
}

/* {{/name}}: the innermost open section, which must be `name`, closes. */
static int tag_close(parser *p, const tag *g)
{
    if (p->depth == 0) {
        set_error(p->err, p->t->file, p->line, "closing tag '%.*s' but no section is open", (int)g->nlen, g->name);
        return P_FAIL;
    }
    node *open = &p->t->nodes[p->stack[p->depth - 1]];
    if (open->len != g->nlen || memcmp(open->s, g->name, g->nlen) != 0) {
        set_error(p->err, p->t->file, p->line, "closing tag '%.*s' but section '%.*s' (line %d) is open",
                  (int)g->nlen, g->name, (int)open->len, open->s, open->line);
        return P_FAIL;
    }
    open->end = p->t->nnodes;
    p->depth--;
    return P_OK;
}

/* {{>name}}: a partial, loaded and compiled now (as written). */
static int tag_partial(parser *p, const tag *g)
{
    mst_template *t = p->t;
    if (add_node(t, N_PARTIAL, g->name, g->nlen, p->line) != 0)
        return P_OOM;
    if (g->standalone) {
        t->nodes[t->nnodes - 1].indent = p->src + g->ls;
        t->nodes[t->nnodes - 1].indent_len = g->tpos - g->ls;
    }
    /* the nodes array may move: copy what need_partial reads */
    return need_partial(p->reg, g->name, g->nlen, t->file, p->line, p->err) ? P_FAIL : P_OK;
}

static int one_tag(parser *p, const tag *g)
{
    switch (g->type) {
    case '!':
        return P_OK;
    case '=':
        return tag_delimiters(p, g);
    case '#':
    case '^':
        return tag_open(p, g);
    case '/':
        return tag_close(p, g);
    case '>':
        return tag_partial(p, g);
    case '&':
    case '{':
        return add_node(p->t, N_RAW, g->name, g->nlen, p->line) ? P_OOM : P_OK;
    default:
        return add_node(p->t, N_VAR, g->name, g->nlen, p->line) ? P_OOM : P_OK;
    }
}

/* Every tag and the text between them, then the end: no section left open. */
static int parse(parser *p)
{
    mst_template *t = p->t;
    for (;;) {
        const char *o = find(p->src, p->len, p->pos, p->otag, p->olen);
        if (!o) {
            if (p->text_start < p->len &&
                add_node(t, N_TEXT, p->src + p->text_start, p->len - p->text_start, p->line) != 0)
                return P_OOM;
            break;
        }
        tag g;
        int rc = scan_tag(p, (size_t)(o - p->src), &g);
        if (rc != P_OK)
            return rc;
        standalone(p, &g);
        size_t text_end = g.standalone ? g.ls : g.tpos;
        if (text_end > p->text_start &&
            add_node(t, N_TEXT, p->src + p->text_start, text_end - p->text_start, p->line) != 0)
            return P_OOM;
        p->text_start = p->pos = g.standalone ? g.le : g.tag_end;
        if ((rc = one_tag(p, &g)) != P_OK)
            return rc;
    }
    if (p->depth) {
        node *open = &t->nodes[p->stack[p->depth - 1]];
        set_error(p->err, t->file, open->line, "section '%.*s' is never closed", (int)open->len, open->s);
        return P_FAIL;
    }
    return P_OK;
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
    int rc = P_OOM;
    if (t->src && t->file) {
        if (len)
            memcpy(t->src, text, len);
        t->src[len] = '\0';
        t->len = len;
        parser p = { .t = t, .reg = reg, .err = err, .src = t->src, .len = len,
                     .otag = "{{", .ctag = "}}", .olen = 2, .clen = 2, .line = 1 };
        rc = parse(&p);
    }
    if (rc == P_OK)
        return t;
    if (rc == P_OOM)
        set_error(err, t->file, 0, "out of memory");
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

/* A partial that includes itself, directly or through others, outside any
 * section never ends (and twice over, doubles at every level): follow the
 * inclusions of t that no section guards; 1 with *err set when one leads
 * back to a partial being followed.  on[] marks the registry's entries on
 * the path, done[] those already cleared. */
static int unguarded_loop(registry *r, const mst_template *t, char *on, char *done, mst_error *err)
{
    for (size_t i = 0; i < t->nnodes; i++) {
        const node *n = &t->nodes[i];
        if (n->kind == N_SECTION || n->kind == N_INVERTED) {
            i = n->end - 1;
            continue;
        }
        if (n->kind != N_PARTIAL)
            continue;
        partial_entry *e = reg_find(r, n->s, n->len, "", 0);
        size_t k = e ? (size_t)(e - r->e) : 0;
        if (!e || !e->t || done[k])
            continue;
        if (on[k]) {
            set_error(err, t->file, n->line,
                      "partial '%.*s' includes itself outside any section, so it would never end: include it "
                      "only inside a section over data that ends (e.g. {{#children}}{{>%.*s}}{{/children}})",
                      (int)n->len, n->s, (int)n->len, n->s);
            return 1;
        }
        on[k] = 1;
        if (unguarded_loop(r, e->t, on, done, err))
            return 1;
        on[k] = 0;
        done[k] = 1;
    }
    return 0;
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
    char *marks = calloc(2 * reg->n + 1, 1);
    if (!marks || unguarded_loop(reg, t, marks, marks + reg->n, err)) {
        if (!marks)
            set_error(err, file, 0, "out of memory");
        free(marks);
        mst_template_free(t);
        return NULL;
    }
    free(marks);
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

const mst_template *mstp_indented_partial(registry *r, const node *n, mst_error *err, int *failed)
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

