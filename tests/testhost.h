/* The one stand-in for the engine in plugin unit tests and fuzz harnesses.
 *
 * A plugin's keys are validated by the engine's own code: testhost_config()
 * writes the keys given as a [KIND NAME] section of a small policy file and
 * loads it with policy_load() (engine/policy.c, engine/policy_file.c), so a
 * value is parsed, range-checked and defaulted exactly as `ccscore run` does,
 * and api->config_*() are the engine's cfg_*().  Everything a plugin hands
 * the host is kept, as deep copies, for the test to look at: findings,
 * feedback, legacy sections (add_section), ABI 1.2 sections (through the
 * engine's section_list), emitted records, rejected lines, log lines.
 * local_time()/local_to_utc() are the engine's calendar in a fixed zone:
 * Europe/London, or the zone given to testhost_new() ("UTC").
 *
 * Plugins see the test host as their ccs_host: pass `th` wherever a plugin
 * takes a host.  Load the modules (testhost_load) before making configs. */
#ifndef CCS_TESTHOST_H
#define CCS_TESTHOST_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "diag.h"
#include "modules.h"
#include "sections.h"

/* Called on every record before it is kept; CCS_ERR makes emit() refuse it
 * (reading stops).  For checks of the ABI's promises in a test or fuzzer. */
typedef int (*testhost_emit_fn)(ccs_host *host, const ccs_record *rec, void *arg);

struct ccs_host {
    module_set modules;             /* what the modules' init() registered */
    const char *timezone;           /* "Europe/London" or "UTC" */

    ccs_finding *findings;          /* add_finding, in order */
    size_t nfindings, capfindings;
    int32_t *findings_at;           /* parallel: add_finding_at's day, INT32_MIN from add_finding */
    size_t capfindings_at;
    ccs_feedback_text *feedback;    /* add_feedback */
    size_t nfeedback, capfeedback;
    ccs_section *sections;          /* legacy add_section (ABI 1.1) */
    size_t nsections, capsections;
    section_list report_sections;   /* add_report_section (ABI 1.2) */

    /* emit, in order (when keep_records): copies of the typed structs (at
     * least the kind's size), their slices (NUL-terminated), raw fields and
     * file name owned by the copy. */
    ccs_record **records;
    size_t nrecords, caprecords;
    int keep_records;               /* 1 by default */
    testhost_emit_fn on_emit;
    void *on_emit_arg;
    uint64_t *rejected_lines;       /* reject: line and reason, in order */
    char **rejected_why;
    size_t nrejected, caprejected, capwhy;

    char *log;                      /* every log() and error_at() line, "level: message\n"; never NULL */
    size_t loglen, logcap;

    char **columns[5];              /* per stream (bit of CCS_REC_*): set_columns or testhost_columns */
    size_t ncolumns[5];
    uint64_t shard_first_line;      /* what shard_first_line() answers: set it before a shard_merge() */
    int has_period;                 /* report_period(): testhost_period() sets it */
    int32_t period_first, period_last;

    struct policy **policies;       /* every testhost_config()'s, alive until testhost_free */
    size_t npolicies, cappolicies;
    char *errors;                   /* the last testhost_config()'s problems, "line N: ..." lines */
};
typedef struct ccs_host testhost;

/* What a source's read() writes into; see testhost_source(). */
struct ccs_source_ctx {
    testhost *host;
    uint32_t stream;                /* what source_stream() answers */
    int fail;                       /* on_bad_row = fail: the first reject stops reading */
    int stopped;
    uint64_t emitted, rejected;     /* by this context */
    uint64_t bytes_done, rows_done; /* the last progress() */
};

extern const ccs_host_api testhost_api;

/* A new host; tz NULL is Europe/London.  Aborts when the zone is unknown. */
testhost *testhost_new(const char *tz);
void testhost_free(testhost *th);
/* Run a module's init() against the host; its components are registered. */
int testhost_load(testhost *th, const ccs_module *m);
/* A registered component by name (any kind), or NULL. */
const ccs_component *testhost_component(const testhost *th, const char *name);

/* The keys of an instance of `component` named after it (or `instance`),
 * from INI lines "key = value\n...", validated by the engine.  NULL when the
 * engine found a problem: testhost_errors() says which ("line N: ..."). */
ccs_config *testhost_config(testhost *th, const char *component, const char *keys);
ccs_config *testhost_config_as(testhost *th, const char *component, const char *instance,
                               const char *keys);
const char *testhost_errors(const testhost *th);

/* Where a source reads into: `stream` to read; cfg (may be NULL) gives
 * on_bad_row as the engine reads it. */
ccs_source_ctx testhost_source(testhost *th, const ccs_config *cfg, uint32_t stream);
/* Column names a check finds with column_index(), as a source's header
 * would set them; names ends with NULL. */
void testhost_columns(testhost *th, uint32_t stream, const char *const *names);
/* The period report_period() answers (local days, inclusive). */
void testhost_period(testhost *th, int32_t first_day, int32_t last_day);

/* Findings of a rule: how many, and the first (NULL when none). */
size_t testhost_count(const testhost *th, const char *rule);
const ccs_finding *testhost_first(const testhost *th, const char *rule);
/* Records kept of a kind (CCS_REC_*): how many, and the i-th of them. */
size_t testhost_nrecords(const testhost *th, uint32_t kind);
const ccs_record *testhost_record_of(const testhost *th, uint32_t kind, size_t i);
/* A report section (either kind) by name, or NULL. */
const ccs_section *testhost_section(const testhost *th, const char *name);
const ccs_report_section *testhost_report_section(const testhost *th, const char *name);
/* Forget everything captured (findings, feedback, sections, records,
 * rejections, log); configs and components stay. */
void testhost_clear(testhost *th);

#endif
