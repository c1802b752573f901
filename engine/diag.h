/* Diagnostics: GNU-style "file:line: error: message" lines, collected so that
 * a command can report every problem, not only the first. */
#ifndef CCS_DIAG_H
#define CCS_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef struct diag {
    char *file;          /* may be NULL: message has no location */
    unsigned long line;  /* 0: no line */
    char *message;       /* without the "file:line: error: " prefix */
} diag;

typedef struct diag_list {
    diag *items;
    size_t n, cap;
} diag_list;

void diag_init(diag_list *d);
void diag_free(diag_list *d);
/* Record an error at file:line (file NULL or line 0 for less). */
void diag_add(diag_list *d, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Print all as "file:line: error: message\n". */
void diag_print(const diag_list *d, FILE *out);
/* Format one diagnostic into buf (for tests); returns buf. */
char *diag_format(const diag *e, char *buf, size_t len);

#endif
