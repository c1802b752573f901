/* A mustache renderer: see mustache.h; mustache_internal.h lists its files.
 * This one builds and frees the data a template is rendered with.
 *
 * The renderer as a whole:
 *
 * Compiling turns the source into a flat array of nodes; a section node
 * records where its children end, so rendering is a loop over index ranges.
 * Standalone lines (a line holding only a section, inverted, closing,
 * comment, partial or delimiter tag, and whitespace) are dropped whole while
 * compiling.  A standalone partial is indented: the spec indents every line
 * of the partial's source, so such a partial is compiled once per indent, on
 * first use.
 */
#include "mustache_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const mst_value *mstp_get_len(const mst_value *map, const char *key, size_t len)
{
    if (!map || map->type != MST_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strlen(map->keys[i]) == len && memcmp(map->keys[i], key, len) == 0)
            return map->items[i];
    return NULL;
}

const mst_value *mst_get(const mst_value *map, const char *key)
{
    return mstp_get_len(map, key, strlen(key));
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

