/* Pseudonyms at intake ([organisation] pseudonymise = yes): agent ids and
 * roster names are replaced by their keyed hash as records enter the engine
 * (api->emit), before any metric, check, feedback or sink sees a record, so
 * no output, finding, message or file name can carry them.  The roster name
 * becomes the pseudonym too (an agent appears under one name only).  The raw
 * columns handed on with the record (`fields`) get the same replacement for
 * every column equal to the raw id or name.
 *
 * Each run_state (the host's, and each reading thread's shard) has its own
 * cache, raw id -> pseudonym interned in a strtab, so the HMAC runs once per
 * distinct id per thread and no lock is needed. */
#ifndef CCS_INTAKE_H
#define CCS_INTAKE_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "strtab.h"

typedef struct intake {
    const unsigned char *key;  /* NULL: records pass unchanged */
    size_t keylen;
    strtab raw;                /* raw id or name -> index into pseud */
    char **pseud;              /* index -> pseudonym (PSEUDONYM_LEN chars) */
    size_t cappseud;
    void *rec;                 /* the rewritten record */
    size_t caprec;
    ccs_str *fields;           /* its rewritten columns */
    size_t capfields;
} intake;

void intake_init(intake *in, const unsigned char *key, size_t keylen);
void intake_free(intake *in);
/* The record to hand on: rec itself, or a copy with pseudonyms (valid until
 * the next call).  NULL when out of memory. */
const ccs_record *intake_record(intake *in, const ccs_record *rec);

/* Issue 11: rec as coming from `file` (the name a spooled input was given
 * on the command line, not its temporary copy); NULL when out of memory. */
const ccs_record *intake_named(intake *in, const ccs_record *rec, const char *file);

#endif
