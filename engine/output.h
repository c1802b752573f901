/* Writing files whole or not at all: a temporary file in the target's
 * folder, renamed into place once complete.  The same code serves the
 * engine's reports and the plugins' own files (api->output_open). */
#ifndef CCS_OUTPUT_H
#define CCS_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

typedef struct atomic_file atomic_file;

/* A temporary file beside `path` with `mode`; NULL with a reason in err. */
atomic_file *atomic_open(const char *path, mode_t mode, char *err, size_t errlen);
FILE *atomic_stream(atomic_file *a);
/* keep: flush, sync and rename into place (0, or -1 with a reason in err,
 * the target untouched); !keep: remove the temporary file.  Frees a. */
int atomic_close(atomic_file *a, int keep, char *err, size_t errlen);

typedef int (*write_fn)(void *arg, FILE *out);

/* Returns 0, or -1 with a reason in err; the target is untouched on failure. */
int write_atomic(const char *path, mode_t mode, write_fn fn, void *arg, char *err, size_t errlen);

/* The verbs whose only formats are text and json (trend, impact, compare,
 * explain): 0 when `format` is one of them, else -1 after saying so on
 * stderr, naming the verb. */
int format_text_or_json(const char *verb, const char *format);

#endif
