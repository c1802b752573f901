/* A mustache renderer (https://mustache.github.io/mustache.5.html, spec
 * v1.x): variables (escaped {{x}} and raw {{{x}}} / {{& x}}), sections,
 * inverted sections, comments, partials, set delimiters, dotted names, the
 * implicit iterator and the standalone-line rules.  No lambdas.
 *
 * Templates are compiled once (every error is found then, with the file and
 * line) and rendered many times against a small tree of values that the
 * caller builds (mst_value).
 */
#ifndef CCS_MUSTACHE_H
#define CCS_MUSTACHE_H

#include <stdarg.h>
#include <stddef.h>

/* ------------------------------------------------------------ values */

enum mst_type { MST_NULL = 0, MST_FALSE, MST_TRUE, MST_NUMBER, MST_STRING, MST_LIST, MST_MAP };

typedef struct mst_value mst_value;
struct mst_value {
    int type;                  /* enum mst_type */
    double num;                /* MST_NUMBER */
    char *str;                 /* MST_STRING, NUL-terminated, owned */
    size_t len;
    mst_value **items;         /* MST_LIST, MST_MAP: owned */
    char **keys;               /* MST_MAP: owned */
    size_t n, cap;
};

/* Constructors return NULL only when out of memory; the put/push functions
 * take ownership of `v` (and free it when they fail). */
mst_value *mst_null(void);
mst_value *mst_bool(int b);
mst_value *mst_number(double v);
mst_value *mst_string(const char *s);
mst_value *mst_string_len(const char *s, size_t len);
mst_value *mst_stringf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
mst_value *mst_list(void);
mst_value *mst_map(void);
int mst_push(mst_value *list, mst_value *v);
int mst_put(mst_value *map, const char *key, mst_value *v);   /* replaces */
/* Shorthands for a map member. */
int mst_put_str(mst_value *map, const char *key, const char *s);
int mst_put_strf(mst_value *map, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int mst_put_num(mst_value *map, const char *key, double v);
int mst_put_bool(mst_value *map, const char *key, int b);
const mst_value *mst_get(const mst_value *map, const char *key);
void mst_free(mst_value *v);

/* ------------------------------------------------------------ templates */

enum mst_escape {
    MST_ESCAPE_HTML = 0,       /* & < > " ' as entities (HTML output; the spec's default) */
    MST_ESCAPE_NONE            /* plain text and Markdown: values as they are */
};

typedef struct mst_error {
    char file[512];            /* the template (or partial) file */
    int line;                  /* 1-based; 0 when not about a place */
    char message[512];
} mst_error;

/* Where partials come from: return the text of partial `name` (malloc'd; the
 * template takes ownership) with its length, and the file name to give in
 * messages (malloc'd, may be NULL), or NULL when there is no such partial. */
typedef char *(*mst_loader)(void *arg, const char *name, size_t *len, char **file);

typedef struct mst_options {
    mst_loader load;           /* NULL: no partials */
    void *load_arg;
    int strict_partials;       /* 1: an unknown partial is a compile error;
                                  0: it renders as nothing (the spec) */
    size_t max_steps;          /* 0: MST_MAX_STEPS; less for a quicker stop */
} mst_options;

typedef struct mst_template mst_template;

/* Compile `text` (len bytes) read from `file`.  Every partial it uses is
 * loaded and compiled now, so that any error surfaces here.  Returns NULL and
 * fills *err on error. */
mst_template *mst_compile(const char *text, size_t len, const char *file, const mst_options *opt,
                          mst_error *err);
void mst_template_free(mst_template *t);

/* Bounds on one render, whatever the template and the data: its output
 * (bytes) and its work (steps: tags and texts visited, and each context
 * level searched for a name).  A render that would pass
 * either fails with an error instead of running for ever (a partial that
 * includes itself twice, sections nested over the same list). */
#define MST_MAX_OUTPUT (16u << 20)
#define MST_MAX_STEPS 4000000u

/* Render into a malloc'd NUL-terminated string (*out, *outlen).  Returns 0,
 * or -1 when out of memory (or when a partial compiled on demand fails,
 * described in *err when err is not NULL). */
int mst_render(const mst_template *t, const mst_value *data, int escape, char **out, size_t *outlen,
               mst_error *err);

#endif
