/* Writing reports whole or not at all: a temporary file in the target's
 * folder, renamed into place once complete. */
#ifndef CCS_OUTPUT_H
#define CCS_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

typedef int (*write_fn)(void *arg, FILE *out);

/* Returns 0, or -1 with a reason in err; the target is untouched on failure. */
int write_atomic(const char *path, mode_t mode, write_fn fn, void *arg, char *err, size_t errlen);

#endif
