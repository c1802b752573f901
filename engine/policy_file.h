/* Policy files: the raw structure of a policy INI file (sections, keys,
 * includes), with every syntax error collected in a diag_list.  Whether a key
 * is known and its value valid is checked elsewhere, against the declared
 * keys; this module only does syntax, sections and includes.
 *
 * Format (parsed with inih; see policy_file.c for the exact rules):
 *
 *     ; comment            # comment too (';' and '#' at line start)
 *     include = common.ini ; only before the first section, relative to
 *                          ; the including file's folder; several allowed
 *     [organisation]
 *     name = Example      ; inline comments need a space before the ';'
 *     [metric aht]        ; also source, check, feedback, sink; NAME is [a-z0-9_]+
 *     kind = mean
 *
 * An included file is loaded first; the including file then overrides it:
 * a section with the same kind and name merges, a key set again replaces the
 * value and its file:line.  Lines are at most POL_MAX_LINE bytes. */
#ifndef CCS_POLICY_FILE_H
#define CCS_POLICY_FILE_H

#include <stddef.h>

#include "diag.h"

/* Longest line accepted, in bytes, not counting "\n" or "\r\n". */
#define POL_MAX_LINE 200
/* Deepest include nesting: the top file includes level 1, and so on. */
#define POL_MAX_INCLUDE_DEPTH 16

typedef struct pol_entry {
    char *key;          /* [a-z0-9_]+ */
    char *value;        /* trimmed, inline comment removed; "" allowed */
    const char *file;   /* where it was (last) set; points into pol_file.files */
    unsigned line;
    unsigned load;      /* internal: which file load set it */
} pol_entry;

typedef struct pol_section {
    char *kind;         /* organisation, source, metric, check, feedback, sink */
    char *name;         /* NULL for [organisation] */
    const char *file;   /* header of the last file that declared it */
    unsigned line;
    pol_entry *entries; /* in order of first appearance */
    size_t n, cap;
    unsigned load;      /* internal: which file load declared it last */
} pol_section;

typedef struct pol_file {
    pol_section *sections; /* in order of first appearance */
    size_t n, cap;
    char **files;          /* owned copies of every file name read, each once */
    size_t nfiles;
} pol_file;

/* Load path and everything it includes into *out (which is overwritten, not
 * freed first).  Every problem found is added to d as "file:line: error: ...".
 * Returns 0 when no diagnostic was added, -1 otherwise; in both cases *out
 * holds what could be loaded and must be released with policy_file_free(). */
int policy_file_load(const char *path, pol_file *out, diag_list *d);
void policy_file_free(pol_file *p);

/* NULL when absent.  name is NULL for [organisation]. */
const pol_section *pol_find_section(const pol_file *p, const char *kind, const char *name);
const pol_entry *pol_find_entry(const pol_section *s, const char *key);

#endif
