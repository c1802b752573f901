/* The running engine as plugins see it (opaque to them): modules, policy,
 * calendar, the run's accumulated state, findings and feedback. */
#ifndef CCS_HOST_H
#define CCS_HOST_H

#include "calendar.h"
#include "ccscore/plugin.h"
#include "diag.h"
#include "modules.h"
#include "pipeline.h"
#include "policy.h"
#include "sections.h"

struct ccs_host {
    module_set modules;
    policy pol;
    int have_policy;
    int default_policy;        /* no -c: the queue_log and workload modules load when a file needs them */
    const char *component;     /* whose callback runs, for log prefixes */
    int verbose;
    int jobs;                  /* threads for large inputs */
    uint64_t merge_first_line; /* while a check merges a shard: the line its share begins on */
    int progress;              /* progress line on stderr */
    int has_period;            /* --period given: period_id holds it */
    int files_only;            /* data files named without -c: only they are read (issue 11) */
    int32_t period_id;
    run_state run;
    ccs_finding *findings;
    size_t nfindings, capfindings;
    int32_t *findings_at;      /* parallel: the day each concerns; FINDING_AT_PERIOD: the period's */
    size_t capfindings_at;
    size_t nfindings_other;    /* dropped by findings_keep_period(): other periods' */
    ccs_feedback_text *feedback;
    size_t nfeedback, capfeedback;
    ccs_section *sections;
    size_t nsections, capsections;
    section_list report_sections; /* ABI 1.2: sections as data */
    diag_list *diags;          /* where error_at() goes while set (create()) */
    /* compare and explain (issue 15).  compare reads the data once for two
     * policies: on the reading host, twin's checks see every accepted record
     * too, and the twin reads its columns from reads_from.  explain sees
     * every accepted record through observe (serial reads only). */
    struct ccs_host *twin;
    const struct ccs_host *reads_from;
    void (*observe)(void *arg, const run_state *r, const ccs_record *rec);
    void *observe_arg;
};

struct ccs_source_ctx {
    ccs_host *host;
    source_input *input;
    run_state *run;            /* where records go: the host's, or a thread's shard */
    uint64_t bytes_done, rows_done; /* progress, read by the main thread (atomic) */
};

extern const ccs_host_api host_api;

/* A finding added without a day (add_finding, or a module older than ABI
 * 1.4) concerns the report's period: its first day. */
#define FINDING_AT_PERIOD INT32_MIN
/* Keep only the findings whose day lies in [first, last] (in order), giving
 * those without a day the day `first`; counts the others in
 * nfindings_other.  Called once the checks have finished and the period is
 * known, so that the report, the review gate, the history and the exit
 * status all see the period's findings only. */
void findings_keep_period(ccs_host *h, int32_t first, int32_t last);

void host_init(ccs_host *h);
void host_free(ccs_host *h);
/* Where built-in plugins and the example organisation live: the build tree
 * when this binary runs from it, else the installed folders. */
const char *host_plugin_dir(void);
const char *host_data_dir(void);

#endif
