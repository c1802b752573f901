/* Text helpers of the policy reader (policy_file.c). */
#ifndef CCS_POLICY_TEXT_H
#define CCS_POLICY_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define POL_MAX_FILE_SIZE ((size_t)16 << 20)

/* Skip leading blanks; also cut trailing ones (in place). */
char *pol_ltrim(char *s);
char *pol_trim(char *s);
/* Cut s at its inline comment: a ';' preceded by whitespace (inih's rule). */
void pol_strip_inline_comment(char *s);
/* [a-z0-9_]+ */
bool pol_valid_ident(const char *s, size_t n);
/* Read all of fd (at most POL_MAX_FILE_SIZE); NULL with *err (a message)
 * or *errnum (an errno) set on failure. */
char *pol_slurp(int fd, size_t *len, const char **err, int *errnum);

#endif
