/* A growing text buffer for plugins that build reports and JSON in memory.
 * Out of memory is sticky: later appends do nothing and `oom` stays set, so
 * callers check once at the end. */
#ifndef CCS_STRBUF_H
#define CCS_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
    char *p;        /* NUL-terminated once anything was appended; NULL before */
    size_t n, cap;
    int oom;
} strbuf;

void strbuf_put(strbuf *b, const char *s, size_t len);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string, quotes included (NULL as ""): json_escape(), see
 * json.h. */
void strbuf_json(strbuf *b, const char *s);

#endif
