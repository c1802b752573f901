/* `ccscore impact`'s shared parts: the activities it judges (read by
 * interventions.c) and the job. */
#ifndef CCS_IMPACT_H
#define CCS_IMPACT_H

#include "history.h"

typedef struct intervention {
    char *agent, *team, *kind, *metric; /* agent or team set; metric may be NULL */
    int32_t started_on, ended_on;
    int32_t before_first, before_last, after_first, after_last; /* period ids */
    uint64_t line;
} intervention;

typedef struct window_stats {
    double succ_or_sum;        /* rates: successes; means: sum */
    double n;
    double vals[64];           /* per-period values (means), up to 64 periods */
    double ns[64];
    int32_t pids[64];
    int k;
} window_stats;

typedef struct result {
    const intervention *iv;
    char metric[64];
    char type[8], unit[16];
    int direction;
    int judged;                /* 0: insufficient data */
    double before, after, change, comp_change, effect, lo, hi;
    double n_before, n_after;
    const char *verdict;
} result;

typedef struct impact_job {
    history_verb *v;
    enum period_kind kind;
    long window;
    intervention *ivs;
    size_t nivs;
    result *res;
    size_t nres;
    const char *format;
} impact_job;

/* Read interventions.csv into j->ivs, with each activity's before and after
 * windows of j->window periods of kind j->kind.  Returns 0, or -1 with every
 * bad row in d (file:line and what to write instead). */
int read_interventions(impact_job *j, const char *path, diag_list *d);

#endif
