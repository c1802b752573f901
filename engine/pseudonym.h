/* Pseudonyms for agents ([organisation] pseudonymise = yes): a keyed hash
 * (HMAC-SHA-256, from nettle) of the agent id, with a secret key read from
 * the file that pseudonym_key names.  The same agent gets the same pseudonym
 * in every run with the same key, so reports stay comparable over time, but
 * nobody without the key can tell who it is; the mapping is never written. */
#ifndef CCS_PSEUDONYM_H
#define CCS_PSEUDONYM_H

#include <stddef.h>

/* "a-" and 16 hex digits (64 bits of the HMAC). */
#define PSEUDONYM_LEN 18
#define PSEUDONYM_MIN_KEY 16
#define PSEUDONYM_MAX_KEY 4096

/* Read the key file: refused when it is not a regular file, is readable or
 * writable by group or others, or holds fewer than PSEUDONYM_MIN_KEY bytes.
 * Returns 0 with a malloc'd key, or -1 with why (what is wrong, and the fix). */
int pseudonym_load_key(const char *path, unsigned char **key, size_t *len, char *why, size_t whylen);

/* out gets PSEUDONYM_LEN characters and a NUL. */
void pseudonym_of(const unsigned char *key, size_t keylen, const char *id, size_t idlen, char *out);

/* Overwrite and free a key. */
void pseudonym_free_key(unsigned char *key, size_t len);

#endif
