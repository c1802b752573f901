/* Reading one large input with several threads: each reads the records that
 * start in its share of the file into accumulators of its own, merged in file
 * order afterwards. */
#ifndef CCS_PARALLEL_H
#define CCS_PARALLEL_H

#include <stdint.h>

#include "host.h"

/* How many threads to read this input with (0: read it on this thread), and
 * its size. */
int parallel_jobs(const ccs_host *h, const source_input *in, uint64_t *size);
/* Read it; 0, or -1 when a share could not be read (the source logged why). */
int read_parallel(ccs_host *h, source_input *in, uint64_t size, int jobs);

#endif
