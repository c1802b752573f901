/* Why rows were rejected: each reason's kind (the reason with its quoted
 * values taken out) counted per input file, with the first value seen, so
 * that a run that rejects too many rows (max_rejected) names the most common
 * cause and the key that fixes it. */
#ifndef CCS_REJECTS_H
#define CCS_REJECTS_H

#include <stddef.h>
#include <stdint.h>

#include "strtab.h"

#define REJECT_KINDS_KEPT 256

typedef struct reject_tally {
    strtab kinds;              /* "path\n kind" */
    uint64_t *counts;
    char **examples;           /* the first quoted value of the kind, or NULL */
    size_t cap, capex;
} reject_tally;

void reject_tally_init(reject_tally *t);
void reject_tally_free(reject_tally *t);
/* Count one rejected row of file `path` for `reason` (n times). */
void reject_tally_add(reject_tally *t, const char *path, const char *reason, uint64_t n);
/* Add a thread's tally into the run's. */
void reject_tally_merge(reject_tally *to, const reject_tally *from);
/* The most common kind for `path`: its text (without the quoted value),
 * count and example (NULL when none); 0, or -1 when the file has none. */
int reject_tally_top(const reject_tally *t, const char *path, const char **kind, uint64_t *count,
                     const char **example);

/* A reason naming another line of the file: before, the line's number (none
 * when line is 0), after; malloc'd (NULL when out of memory). */
char *reject_reason(const char *before, uint64_t line, const char *after);
/* A shard's reason with the number of the line it names (ref, counted from
 * the shard's begin; 0: none) put in at offset `at`, made absolute with the
 * shard's first line; takes text. */
char *reject_reason_absolute(char *text, uint64_t ref, size_t at, uint64_t first_line);

#endif
