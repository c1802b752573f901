/* Issue 11: data files that cannot be read in place, standard input ("-"),
 * gzip files (FILE.gz) and (issue 20) FIFOs, a shell's <(...) and devices,
 * which can be read only once, copied into a private temporary file (mode
 * 0600, removed when the run ends) that sources then read like any other:
 * probed by header, split across threads. */
#ifndef CCS_SPOOL_H
#define CCS_SPOOL_H

#include <stddef.h>

/* Whether `name` must be spooled: "-", a name ending in ".gz", or a file
 * that exists and is neither a regular file nor a folder. */
int spool_needed(const char *name);
/* The temporary copy's path (malloc'd: TMPDIR/ccscore-input-XXXXXX/NAME, the
 * name given without .gz, "stdin" for "-"), or NULL with the reason in err. */
char *spool_input(const char *name, char *err, size_t errlen);
/* Remove a copy and its folder, and free the path (NULL: nothing). */
void spool_remove(char *copy);

#endif
