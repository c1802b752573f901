/* The mustache renderer's insides, shared by its three files:
 *   mustache_value.c   building and freeing data (mst_value)
 *   mustache_parse.c   compiling templates and their partials
 *   mustache_render.c  rendering a compiled template with data
 * Not for users of mustache.h. */
#ifndef CCS_MUSTACHE_INTERNAL_H
#define CCS_MUSTACHE_INTERNAL_H

#include <stddef.h>

#include "mustache.h"

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

/* mustache_value.c: the value of `key` (len bytes) in a map, or NULL. */
const mst_value *mstp_get_len(const mst_value *map, const char *key, size_t len);

/* mustache_parse.c: the partial of node n compiled with the node's indent
 * (once, on first use); NULL when unknown, or with *failed set on error. */
const mst_template *mstp_indented_partial(registry *r, const node *n, mst_error *err, int *failed);

#endif
