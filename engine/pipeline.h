/* The run: sources stream records into per-cell accumulators, one cell per
 * (agent, team, queue, channel, period); memory grows with cells, never with
 * rows. */
#ifndef CCS_PIPELINE_H
#define CCS_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "agent_load.h"
#include "ccscore/plugin.h"
#include "contact_keys.h"
#include "intake.h"
#include "rejects.h"
#include "policy.h"
#include "scoring_rules.h"
#include "strtab.h"
#include "team_targets.h"

#define NO_ID (-1)
#define NSTREAMS 6             /* contacts ... activity, comments: CCS_REC_* bits 0..5 */
#define ROW_ERRORS_KEPT 200

typedef struct metric_slot {
    ccs_config *cfg;
    const ccs_metric_ops *ops;
    const char *name;          /* policy instance name */
    size_t offset;             /* of its accumulator inside a cell */
    /* ABI 1.3 ops, NULL when the metric's ops are older or leave them out. */
    void (*acc_free)(const void *inst, void *acc);
    void (*finish)(const void *inst, void *acc);
    int has_target;
    double target;
    int direction;
    double weight, near;
    uint64_t min_sample;
    metric_rule rule;          /* how a figure earns points (scoring_rules.h) */
    team_override *team_overrides; /* [team NAME] METRIC.* (issue 11) */
    size_t nteam_overrides;
} metric_slot;

typedef struct agent_info {
    char *name;                /* roster name, NULL when unknown */
    int32_t roster_team;       /* team index from agents.csv, NO_ID */
    int32_t seen_team;         /* last team seen on a contact, NO_ID */
    int32_t hired_on, left_on; /* INT32_MIN when unknown / employed */
    int in_roster;
} agent_info;

/* Every roster row, for retention (issue 14): one employment spell each, so
 * a rehire's earlier spell is kept beside the current one. */
typedef struct roster_row {
    int32_t agent, team;       /* indexes into agents and teams; team NO_ID */
    int32_t hired_on, left_on; /* INT32_MIN when unknown / employed */
    char *reason;              /* leave_reason, NULL when empty */
} roster_row;

typedef struct objective {
    int32_t agent;
    size_t metric;             /* index into metrics */
    double target;
    int32_t from_day, to_day;
} objective;

typedef struct source_input {
    ccs_config *cfg;
    const ccs_source_ops *ops;
    char *path;                /* as named: in messages and reports ("-": stdin) */
    char *open_path;           /* NULL: path is read; else its spooled copy (stdin, .gz; issue 11) */
    uint32_t stream;           /* CCS_REC_* */
    int on_bad_row;            /* enum on_bad_row */
    int stopped;               /* on_bad_row = fail was triggered */
    double max_rejected;       /* most rows rejected, as a share, before the run stops */
    ccs_input_stats stats;
    int bad_row_chosen;        /* on_bad_row written in the policy for this source */
    uint64_t last_reject_line, last_record_line; /* the latest line rejected, accepted */
} source_input;

typedef struct cell_key {
    int32_t agent, team, queue, period;
    int32_t channel;           /* issue 17: `ccscore skills` reads agent x queue x channel */
} cell_key;

/* One check's own state in a thread's shard (ABI 1.4, check_shards.h). */
typedef struct check_shard {
    ccs_config *cfg;
    const ccs_check_ops *ops;
    void *state;
} check_shard;

typedef struct run_state {
    strtab agents, teams, queues;
    strtab channels;           /* issue 17 */
    agent_info *ainfo;
    size_t ainfo_cap;
    int32_t *periods;          /* period ids seen, index = period slot */
    size_t nperiods, capperiods;
    int32_t last_period_id, last_period_slot;
    int32_t last_day, last_day_slot; /* the period slot of the last local day seen */
    int32_t activity_last_day; /* the latest day of activity records, when has_activity */
    int has_activity;
    enum period_kind period_kind;

    metric_slot *metrics;
    size_t nmetrics;
    size_t acc_bytes;          /* one cell's accumulators, all metrics */
    size_t *by_kind[NSTREAMS];        /* metric indexes per record kind bit */
    size_t nby_kind[NSTREAMS];

    cell_key *cells;
    unsigned char *accs;       /* ncells x acc_bytes */
    size_t ncells, capcells;
    uint32_t *slots;           /* hash: cell index + 1 */
    size_t nslots;

    objective *objectives;
    size_t nobjectives, capobjectives;

    source_input *inputs;
    size_t ninputs;
    ccs_row_error row_errors[ROW_ERRORS_KEPT];
    char *row_error_text[ROW_ERRORS_KEPT];
    /* In a shard: the line (counted from the shard's begin, 0: none) that a
     * kept reason names, and where its number goes in the text; written in
     * when the shard is merged (run_reject_ref). */
    uint64_t row_error_ref[ROW_ERRORS_KEPT];
    size_t row_error_ref_at[ROW_ERRORS_KEPT];
    size_t nrow_errors;
    uint64_t total_row_errors;
    int input_failed;          /* a source could not be read, or on_bad_row = fail */

    strtab columns[NSTREAMS];         /* header of the file being read, per stream */
    int shard;                 /* metrics and by_kind are borrowed from the host's run */
    /* Timestamps of contacts and evaluations must lie in [0, latest_time]
     * (1970 onwards, and at most a day after the run) when check_time. */
    int check_time;
    int64_t latest_time;
    intake pseudonyms;         /* pseudonymise = yes: ids replaced at intake */
    roster_row *roster;        /* issue 14: every roster row, in file order */
    size_t nroster, caproster;
    /* Issue 11: why rows were rejected, and the local days the contacts
     * span (INT32_MAX / INT32_MIN when none). */
    reject_tally rejects;
    int32_t data_first_day, data_last_day;
    unsigned data_weekdays;    /* bit 0 Monday .. 6 Sunday: days of the week with data */
    /* A shard's checks (ABI 1.4), the check running and its findings, handed
     * on in file order at the merge (check_shards.h). */
    check_shard *checks;
    size_t nchecks;
    const char *component;
    ccs_finding *findings;
    int32_t *findings_at;      /* each finding's day (issue 11) */
    size_t nfindings, capfindings, capfindings_at;
    /* Issue 14: handled, staffed and coaching time per agent and week, for
     * retention's occupancy and coaching factors (agent_load.h). */
    load_summary load;
    contact_keys contact_keys; /* each contact row's ids and cell, by its strings */
} run_state;

struct ccs_host;

/* The file a source reads for this input. */
static inline const char *input_open_path(const source_input *in)
{
    return in->open_path ? in->open_path : in->path;
}

void run_init(run_state *r, enum period_kind kind);
/* Refuse records dated before 1970 or later than now + one day; now is the
 * clock, or CCSCORE_NOW (YYYY-MM-DD, or seconds since the epoch) when set. */
int run_set_clock(run_state *r, const char *now_override);
void run_free(run_state *r);
/* Every metric's finish() / acc_free() (ABI 1.3) on n cells of r's layout. */
void run_finish_accs(const run_state *r, unsigned char *accs, size_t n);
void run_free_accs(const run_state *r, unsigned char *accs, size_t n);
/* pseudonymise = yes: agents' ids and names are replaced by keyed hashes as
 * records arrive (run_emit); the key stays the policy's. */
void run_set_pseudonym_key(run_state *r, const unsigned char *key, size_t len);
/* Lay out the policy's metric instances in each cell. */
int run_add_metrics(run_state *r, const policy *p, diag_list *d);
/* Called by sources through the host API: pseudonyms, then run_record. */
int run_emit(struct ccs_host *h, run_state *r, source_input *in, const ccs_record *rec);
int run_record(struct ccs_host *h, run_state *r, source_input *in, const ccs_record *rec);
/* A thread's own accumulators for part of a file, merged in file order. */
void run_init_shard(run_state *shard, const run_state *main);
/* Fold a shard into the main run; its row errors' lines are relative to a
 * range starting at physical line first_line. */
int run_merge_shard(run_state *main, run_state *shard, source_input *in, const source_input *part,
                    uint64_t first_line);
void run_reject(run_state *r, source_input *in, uint64_t line, const char *reason);
/* A rejected row whose reason names line `other` of the same file: before,
 * its number, after (other 0: the reason is just `before`). */
void run_reject_ref(run_state *r, source_input *in, uint64_t line, const char *before, uint64_t other,
                    const char *after);
int32_t run_period_slot(run_state *r, int32_t period_id);
unsigned char *run_cell(run_state *r, const cell_key *k);
/* The index of k's cell, made when new; -1: no memory. */
int64_t run_cell_index(run_state *r, const cell_key *k);
/* An agent's index, interned on first sight (its info then empty); NO_ID
 * for an empty id. */
int32_t run_agent_lookup(run_state *r, ccs_str id);
/* s's index in t, interned on first sight; NO_ID for an empty string. */
static inline int32_t run_intern(strtab *t, ccs_str s)
{
    return s.len ? strtab_intern(t, s.ptr, s.len) : NO_ID;
}
void run_periods_from_activity(run_state *r);
int stream_bit(uint32_t stream);
const char *stream_name(uint32_t stream);
uint32_t stream_from_name(const char *name);

#endif
