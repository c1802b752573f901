/* Report sections as data (ABI 1.2): the host's deep copy of what plugins
 * hand it, validated once here so that every sink can trust the shape. */
#ifndef CCS_SECTIONS_H
#define CCS_SECTIONS_H

#include <stddef.h>

#include "ccscore/plugin.h"

typedef struct section_list {
    ccs_report_section *items;
    size_t n, cap;
} section_list;

/* Check `in` and append a deep copy.  On a bad shape returns CCS_ERR and
 * writes the reason to why (no copy is kept); out of memory: CCS_ERR with
 * why "out of memory". */
int section_list_add(section_list *l, const ccs_report_section *in, char *why, size_t whylen);
void section_list_free(section_list *l);

#endif
