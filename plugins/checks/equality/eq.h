/* equality: an audit that the scoring treats groups of staff fairly.
 *
 * The organisation names the roster columns it chooses to audit
 * (`attributes`, each group_*); the check reads them from the agent stream
 * with api->column_index, with the `adjusted` flag and the metrics that the
 * personal objectives cover.  Once the scorecards are built (review(), ABI
 * 1.3) it works out, per attribute and scored metric and for the overall
 * score band, each group's favourable rate, its impact ratio against the
 * highest group and a two-sided Fisher exact p-value (lib/fisher.h):
 * eq.adverse_impact when the ratio is under `ratio` and p under `alpha`.
 * Groups with fewer than `min_group` judged agents are never shown and never
 * compared.  Adjusted agents judged against a standard target are
 * eq.adjustment_not_applied, and nothing else is said about them. */
#ifndef EQ_H
#define EQ_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "strtab.h"

#define EQ_MAX_ATTRS 8

extern const ccs_host_api *eq_api;

typedef struct eq_agent {
    int adjusted;                  /* 0/1 */
    int32_t group[EQ_MAX_ATTRS];   /* index into values, -1: no value */
} eq_agent;

typedef struct eq_params {
    double ratio, alpha, favourable_score;
    uint64_t min_group;
    char *owner;
} eq_params;

typedef struct eq_inst {
    eq_params p;
    char *attr[EQ_MAX_ATTRS];      /* the group_* columns audited */
    size_t nattrs;
    int col[EQ_MAX_ATTRS];         /* their indices in the agent stream */
    int adjusted_col;
    int have_cols;                 /* columns looked up */
    int seen_attr[EQ_MAX_ATTRS];   /* the roster has the column */
    strtab ids;                    /* agent id -> agents[] */
    eq_agent *agents;
    size_t nagents, capagents;
    strtab values;                 /* group labels */
    strtab objectives;             /* "agent\x1fmetric" of every personal objective */
    strtab objective_agents;       /* agents with any personal objective */
    size_t nbad;                   /* roster values refused (logged) */
} eq_inst;

/* One line of the audit: a group's figures on one metric (or the score). */
typedef struct eq_row {
    size_t attr;
    int32_t group;
    const char *metric;            /* "score" for the overall score band */
    uint64_t n, favourable;
    double rate;
    int compared;                  /* ratio and p present */
    double ratio, p;
    int flagged;
    int best;                      /* the highest group of its comparison */
} eq_row;

typedef struct eq_audit {
    eq_row *rows;
    size_t nrows, cap;
    size_t nflagged, nadjustment;
    int oom;
} eq_audit;

/* groups.c */
void eq_add(void *inst, ccs_host *host, const ccs_record *rec);
/* audit.c */
int eq_compare(eq_inst *e, ccs_host *host, const ccs_report *rep, eq_audit *out);
/* adjust.c */
int eq_adjustments(eq_inst *e, ccs_host *host, const ccs_report *rep, eq_audit *out);
/* section.c */
int eq_section(eq_inst *e, ccs_host *host, const eq_audit *a);

#endif
