/* workload: workflow pressure per queue and interval, with Erlang C.
 *
 * A check component that takes contacts and activity records and, when all
 * input is read, adds the report section "workload": per queue and interval
 * (15, 30 or 60 minutes of the organisation's local day) over the report's
 * period, the contacts offered, answered, abandoned (short abandons apart),
 * other exits (queue_log timeouts and exits), service level (the policy's
 * variant), ASA, AHT, occupancy where activity data exists, agents staffed,
 * and the agents Erlang C requires for the target (DOMAIN.md's method, with
 * maximum occupancy) and the gap; the intervals that missed the target,
 * ranked by contacts affected, each with a plain-language suggestion; and the
 * typical week (weekday x interval) of the period for planners.
 *
 * Agents staffed in an interval: the agent-seconds logged in to the queue
 * (login activity with that queue; a login without a queue counts for the
 * queue where the agent answered most contacts in the period), less pauses
 * other than wrap-up, divided by the interval's length; where a queue has no
 * login activity at all, the number of agents who answered its contacts in
 * the interval.  Occupancy = (talk + hold + ACW of the interval's answered
 * contacts + wrap-up pauses) / staffed agent-seconds.
 *
 * Memory grows with queues x days x intervals and with activity spans, never
 * with contacts.
 *
 * The files: module.c (keys, instance, registration), intervals.c (records
 * into cells of queue x day x interval, activity spread over them),
 * staffing.c (service level, Erlang C, suggestions), section.c (the report
 * section), pattern.c (the typical week), shard.c (each reading thread's
 * cells and spans, merged in file order). */
#ifndef CCS_WORKLOAD_H
#define CCS_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "strtab.h"
#include "table.h"

/* The host's API, set when the module is loaded (module.c). */
extern const ccs_host_api *wl_api;

enum wl_variant { V_OFFERED, V_ANSWERED, V_ABANDONS_IN, V_ABANDONS_AFTER, V_SHORT_EXCLUDED };
extern const char *const wl_variant_names[];

/* One queue x local day x interval. */
typedef struct cell {
    int32_t queue, day, slot;
    uint64_t offered, answered, abandoned, short_ab, exits, ans_in, ab_in, ab_after;
    double wait_ans, handle;   /* sums over answered contacts */
    double staffed_s, busy_s, break_s;
    int32_t *agents;           /* distinct agents answering */
    size_t nagents, capagents;
} cell;

/* An activity span of an agent (login, pause...). */
typedef struct span {
    int32_t agent, queue;      /* queue -1: none given */
    int kind;
    int64_t start, end;
} span;

typedef struct wl_inst {
    int interval_min;
    double target, threshold, short_s, max_occ, shrinkage;
    int variant, max_bottlenecks, show_intervals;
    strtab queues, agents;
    strtab cellkeys;           /* cell keys (queue, day, interval) -> index in cells */
    cell *cells;
    size_t ncells, capcells;
    span *spans;
    size_t nspans, capspans;
    unsigned char *queue_has_login;
} wl_inst;

/* The figures of one cell (an interval, or a queue's whole period). */
typedef struct fig {
    int has_sl;
    double sl, num, den;
    double asa, aht, occupancy, staffed, traffic;
    int has_asa, has_aht, has_occ, from_activity, has_required;
    int required;
} fig;

/* The cells of the report's period, and per-queue figures over it. */
typedef struct wl_period {
    int has_period;
    int32_t first, last;       /* local days; INT32_MIN/INT32_MAX without a period */
    size_t nq;                 /* queues */
    cell **in;                 /* the period's cells, by queue, day, interval */
    size_t nin;
    cell *tot;                 /* per queue: sums over the period */
    double *qaht;              /* per queue: AHT over the period, 0 without answers */
    int *peak;                 /* per queue: most agents required in one interval */
    int32_t *qorder;           /* queue indices by name */
} wl_period;

/* intervals.c: records in, activity spread over intervals. */
cell *wl_cell(wl_inst *w, int32_t q, int32_t d, int32_t s);
cell *wl_find_cell(const wl_inst *w, int32_t q, int32_t d, int32_t s);
/* Agent a among the cell's agents answering, once; -1 when out of memory. */
int wl_cell_add_agent(cell *c, int32_t a);
void wl_add_contact(wl_inst *w, ccs_host *host, const ccs_contact *k);
void wl_add_activity(wl_inst *w, const ccs_activity *a);
void wl_spread_activity(wl_inst *w, ccs_host *host);
void wl_free_cells(wl_inst *w);

/* staffing.c: service level, Erlang C, suggestions. */
void wl_service_level(const wl_inst *w, const cell *c, fig *f);
void wl_figures(const wl_inst *w, const cell *c, double fallback_aht, fig *f);
/* Agents Erlang C requires for `offered` contacts of `aht` seconds in one
 * interval; -1 when it cannot say. */
int wl_required(const wl_inst *w, double offered, double aht);
int wl_to_schedule(const wl_inst *w, int required);
void wl_suggestion(const wl_inst *w, const cell *c, const fig *f, const double *queue_aht, char *out,
                   size_t len);

/* pattern.c: the tables weekly_pattern and typical_week; -1: no memory. */
int wl_pattern_tables(const wl_inst *w, const wl_period *p, table_builder *weekly, table_builder *typical);

/* section.c */
int wl_finish(void *inst, ccs_host *host);

/* module.c: a record in; an instance (or a shard) freed. */
void wl_add(void *inst, ccs_host *host, const ccs_record *rec);
void wl_destroy(void *inst);

/* shard.c: the check on every reading thread (ABI 1.4). */
void *wl_shard_new(void *inst);
void wl_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec);
int wl_shard_merge(void *inst, void *shard, ccs_host *host);
void wl_shard_free(void *inst, void *shard);

#endif
