/* Data files that can be read only once (a FIFO, a shell's <(...), a
 * device): copied into a private folder, so that the header is probed and
 * the records read from the copy, and the file itself is opened once. */
#ifndef CCS_SPOOL_H
#define CCS_SPOOL_H

/* 0 with *copy NULL for a regular file (read in place), 0 with *copy the
 * copy's path (TMPDIR/ccscore-input.XXXXXX/NAME, mode 0600) for anything
 * else; -1 with errno when it cannot be read or copied. */
int spool_stream(const char *path, char **copy);
/* Remove a copy and its folder, and free the path (NULL: nothing). */
void spool_drop(char *copy);

#endif
