/* mustache: rendering a compiled template with data (see mustache.h): a
 * loop over the template's node ranges with a stack of contexts for name
 * lookup; partials are rendered in place, indented ones compiled on first
 * use (mustache_parse.c). */
#include "mustache_internal.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Resolve a (dotted) name against the context stack; NULL when missing.
 * Each level searched counts as a step of the render's work (*steps): deep
 * partials nested in sections make a stack of a hundred levels, and a name
 * looked up through all of them on every tag made a 172-byte template cost
 * a thousand times its tags (issue 20, the fuzzer's timeout). */
static const mst_value *lookup(const stack *s, const char *name, size_t len, size_t *steps)
{
    if (len == 1 && name[0] == '.')
        return s->n ? s->v[s->n - 1] : NULL;
    const char *dot = memchr(name, '.', len);
    size_t first = dot ? (size_t)(dot - name) : len;
    const mst_value *v = NULL;
    for (size_t i = s->n; i-- > 0 && !v;) {
        v = mstp_get_len(s->v[i], name, first);
        ++*steps;
    }
    while (v && dot) {
        const char *part = dot + 1;
        size_t rest = len - (size_t)(part - name);
        dot = memchr(part, '.', rest);
        size_t plen = dot ? (size_t)(dot - part) : rest;
        v = mstp_get_len(v, part, plen);
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
    size_t steps;
} render_state;

/* Past MST_MAX_OUTPUT bytes or MST_MAX_STEPS steps: fail, naming the tag. */
static int over_bounds(render_state *st, const mst_template *t, const node *n)
{
    const char *what = NULL;
    char msg[160];
    size_t max = t->reg->opt.max_steps ? t->reg->opt.max_steps : MST_MAX_STEPS;
    if (++st->steps > max)
        snprintf(msg, sizeof msg, "more than %zu steps (tags and context levels searched)", max), what = msg;
    else if (st->out.n > MST_MAX_OUTPUT)
        snprintf(msg, sizeof msg, "more than %u bytes", MST_MAX_OUTPUT), what = msg;
    if (!what)
        return 0;
    st->failed = 1;
    if (st->err) {
        snprintf(st->err->file, sizeof st->err->file, "%s", t->file);
        st->err->line = n->line;
        snprintf(st->err->message, sizeof st->err->message,
                 "the template renders %s (sections nested over the same list, or a partial repeating "
                 "itself?): simplify it",
                 what);
    }
    return 1;
}

static void render_range(render_state *st, const mst_template *t, size_t from, size_t to)
{
    for (size_t i = from; i < to && !st->failed; i++) {
        const node *n = &t->nodes[i];
        if (over_bounds(st, t, n))
            break;
        switch (n->kind) {
        case N_TEXT:
            strbuf_put(&st->out, n->s, n->len);
            break;
        case N_VAR:
        case N_RAW:
            put_value(&st->out, lookup(&st->ctx, n->s, n->len, &st->steps),
                      n->kind == N_VAR ? st->escape : MST_ESCAPE_NONE);
            break;
        case N_SECTION: {
            const mst_value *v = lookup(&st->ctx, n->s, n->len, &st->steps);
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
            if (falsey(lookup(&st->ctx, n->s, n->len, &st->steps)))
                render_range(st, t, i + 1, n->end);
            i = n->end - 1;
            break;
        case N_PARTIAL: {
            if (st->depth > 100) /* a partial that includes itself without end */
                break;
            const mst_template *p = mstp_indented_partial(t->reg, n, st->err, &st->failed);
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
