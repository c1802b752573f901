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
    int progress;              /* progress line on stderr */
    int has_period;            /* --period given: period_id holds it */
    int32_t period_id;
    run_state run;
    ccs_finding *findings;
    size_t nfindings, capfindings;
    ccs_feedback_text *feedback;
    size_t nfeedback, capfeedback;
    ccs_section *sections;
    size_t nsections, capsections;
    section_list report_sections; /* ABI 1.2: sections as data */
    diag_list *diags;          /* where error_at() goes while set (create()) */
};

struct ccs_source_ctx {
    ccs_host *host;
    source_input *input;
    run_state *run;            /* where records go: the host's, or a thread's shard */
    uint64_t bytes_done, rows_done; /* progress, read by the main thread (atomic) */
};

extern const ccs_host_api host_api;

void host_init(ccs_host *h);
void host_free(ccs_host *h);
/* Where built-in plugins and the example organisation live: the build tree
 * when this binary runs from it, else the installed folders. */
const char *host_plugin_dir(void);
const char *host_data_dir(void);

#endif
