/* Checks on every thread (ABI 1.4): while a thread reads its share of a
 * large file, each check that reads the stream has a state of its own in
 * that thread's run_state; the thread's findings wait there and are handed
 * on in file order when the shards are merged. */
#ifndef CCS_CHECK_SHARDS_H
#define CCS_CHECK_SHARDS_H

#include <stdint.h>

#include "ccscore/plugin.h"
#include "pipeline.h"

struct ccs_host;

/* Whether a check has the four shard ops. */
int check_can_shard(const ccs_check_ops *ops);
/* A state per check of the policy that reads `stream`, in the shard; -1 out
 * of memory (the shard's run_free() releases what was made). */
int check_shards_open(run_state *shard, const struct ccs_host *h, uint32_t stream);
/* One record to every shard check that takes its kind. */
void check_shards_add(struct ccs_host *h, run_state *shard, const ccs_record *rec);
/* The shard's findings onto the host's, in order, then every check's merge. */
int check_shards_merge(struct ccs_host *h, run_state *shard);
/* Release the states and findings a shard still holds (run_free calls it). */
void check_shards_free(run_state *shard);

/* The shard this thread is reading into, NULL on the main run: the host API
 * keeps a shard's findings and columns apart through it. */
void check_shard_enter(run_state *shard);
run_state *check_shard_current(void);

void finding_free(ccs_finding *f);

#endif
