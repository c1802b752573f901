/*
 * A guard for memory-mapped input files: reading a page of a mapping whose
 * file has since been truncated raises SIGBUS, which would kill the whole
 * run.  A guarded range instead gets a page of zeros where the file is gone,
 * the fault is counted, and the reader that owns the range sees the count
 * and stops with an I/O error (a NUL byte is never valid CSV, so the zeros
 * cannot pass as data before then).
 *
 * The SIGBUS handler is installed by mapguard_add() (again if another has
 * replaced it since) and stays; faults outside every guarded range go to
 * the handler that was there before (or the default action: the process
 * dies as it would have).
 * Thread-safe: ranges are claimed and released with atomics, and the
 * handler only reads them.  At most MAPGUARD_SLOTS ranges at a time.
 */
#ifndef CCS_MAPGUARD_H
#define CCS_MAPGUARD_H

#include <stddef.h>

#define MAPGUARD_SLOTS 64

/* Guard [addr, addr + len) (addr page-aligned, as mmap gives it).  Returns
 * a slot number for mapguard_faults() and mapguard_remove(), or -1 when
 * every slot is taken or the handler cannot be installed (then the caller
 * reads the file without mapping it). */
int mapguard_add(void *addr, size_t len);

/* How many faults were answered with zeros in this slot's range. */
unsigned mapguard_faults(int slot);

/* Stop guarding (before munmap). */
void mapguard_remove(int slot);

#endif
