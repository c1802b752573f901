#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

void diag_init(diag_list *d)
{
    d->items = NULL;
    d->n = d->cap = 0;
}

void diag_free(diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    diag_init(d);
}

void diag_add(diag_list *d, const char *file, unsigned long line, const char *fmt, ...)
{
    if (!VEC_GROW(d->items, d->n, d->cap))
        return; /* out of memory: the caller still sees d->n > 0 if any was kept */
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    diag *e = &d->items[d->n++];
    e->file = file ? strdup(file) : NULL;
    e->line = line;
    e->message = msg ? msg : strdup("out of memory");
}

char *diag_format(const diag *e, char *buf, size_t len)
{
    if (e->file && e->line)
        snprintf(buf, len, "%s:%lu: error: %s", e->file, e->line, e->message);
    else if (e->file)
        snprintf(buf, len, "%s: error: %s", e->file, e->message);
    else
        snprintf(buf, len, "error: %s", e->message);
    return buf;
}

void diag_print(const diag_list *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag *e = &d->items[i];
        if (e->file && e->line)
            fprintf(out, "%s:%lu: error: %s\n", e->file, e->line, e->message);
        else if (e->file)
            fprintf(out, "%s: error: %s\n", e->file, e->message);
        else
            fprintf(out, "error: %s\n", e->message);
    }
}
