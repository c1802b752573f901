/* Inside the test host: helpers shared by testhost.c and testhost_api.c. */
#ifndef CCS_TESTHOST_IMPL_H
#define CCS_TESTHOST_IMPL_H

#include <stddef.h>

#include "testhost.h"
#include "vec.h"

/* p, or abort with "out of memory". */
void *th_must(void *p);
/* Room for p[n] (lib/vec.h), or abort with "out of memory". */
#define TH_GROW(p, n, cap) \
    do { \
        if (!VEC_GROW(p, n, cap)) \
            th_must(NULL); \
    } while (0)
/* Append to the host's log. */
void th_logf(testhost *th, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 0..4 for a CCS_REC_* kind, -1 for anything else. */
int th_stream_bit(uint32_t kind);
/* Replace the column names of stream bit b (copies). */
void th_columns_set(testhost *th, int b, const ccs_str *names, size_t n);
/* Free a record copied by emit(). */
void th_free_record(ccs_record *c);

#endif
