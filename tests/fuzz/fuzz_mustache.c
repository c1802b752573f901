/* Fuzz harness: the mustache renderer (lib/mustache_*.c).  The input is
 * split at lines "===" into the template and up to three partials, named
 * "a", "b" and "loop"; the template is compiled (partials loaded then) and,
 * when it compiles, rendered against a small fixed tree of values (strings
 * with HTML specials, a list of maps, nested lists, numbers, booleans) with
 * both escapes.  A template that compiles must render (never fail except
 * out of memory, never read outside its text: ASan) and its output stays
 * within the renderer's bound (MST_MAX_OUTPUT); a render may fail only by
 * passing that bound or MST_MAX_STEPS, with the error saying so. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct parts {
    const char *p[4];
    size_t n[4];
    int count;
} parts;

static char *load(void *arg, const char *name, size_t *len, char **file)
{
    const parts *ps = arg;
    static const char *const names[3] = { "a", "b", "loop" };
    for (int i = 0; i < 3; i++)
        if (i + 1 < ps->count && strcmp(name, names[i]) == 0) {
            char *s = malloc(ps->n[i + 1] + 1);
            if (!s)
                return NULL;
            memcpy(s, ps->p[i + 1], ps->n[i + 1]);
            s[ps->n[i + 1]] = '\0';
            *len = ps->n[i + 1];
            *file = strdup(names[i]);
            return s;
        }
    return NULL;
}

static mst_value *data_tree(void)
{
    mst_value *root = mst_map();
    mst_put_str(root, "name", "A & <b>\"c\"</b>'d'");
    mst_put_str(root, "period", "2026-W47");
    mst_put_num(root, "n", 3.5);
    mst_put_bool(root, "yes", 1);
    mst_put_bool(root, "no", 0);
    mst_value *list = mst_list();
    for (int i = 0; i < 3; i++) {
        mst_value *m = mst_map();
        mst_put_strf(m, "id", "A%03d", i);
        mst_put_num(m, "score", i * 10);
        mst_value *inner = mst_list();
        mst_push(inner, mst_string("x"));
        mst_push(inner, mst_number(i));
        mst_put(m, "items", inner);
        mst_push(list, m);
    }
    mst_put(root, "agents", list);
    mst_value *sub = mst_map();
    mst_put_str(sub, "title", "Sub <t>");
    mst_put(root, "org", sub);
    return root;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static mst_value *tree;
    if (!tree)
        tree = data_tree();
    parts ps = { .count = 0 };
    const char *t = (const char *)data, *end = t + size;
    const char *start = t;
    while (ps.count < 4) {
        const char *sep = NULL;
        for (const char *q = start; q + 4 <= end && ps.count < 3; q++)
            if ((q == t || q[-1] == '\n') && memcmp(q, "===", 3) == 0 && q[3] == '\n') {
                sep = q;
                break;
            }
        ps.p[ps.count] = start;
        ps.n[ps.count] = (size_t)((sep ? sep : end) - start);
        ps.count++;
        if (!sep)
            break;
        start = sep + 4;
    }
    /* a lower bound on the work than the default, for the fuzzer's speed */
    mst_options opt = { load, &ps, (int)(size & 1), 100000 };
    mst_error err;
    mst_template *tp = mst_compile(ps.p[0], ps.n[0], "fuzz.mustache", &opt, &err);
    if (!tp) {
        if (err.message[0] == '\0')
            abort();
        return 0;
    }
    for (int esc = 0; esc < 2; esc++) {
        char *out = NULL;
        size_t outlen = 0;
        memset(&err, 0, sizeof err);
        if (mst_render(tp, tree, esc, &out, &outlen, &err) != 0) {
            /* only past the bounds (recursion through sections over the
             * same list), and saying so */
            if (out || !strstr(err.message, "the template renders more than"))
                abort();
            continue;
        }
        if (strlen(out) > outlen || outlen > MST_MAX_OUTPUT)
            abort();
        free(out);
    }
    mst_template_free(tp);
    return 0;
}
