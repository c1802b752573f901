/* The organisation's policy: the raw INI (policy_file.c) validated against the
 * keys the engine and the loaded components declare, as typed values. */
#ifndef CCS_POLICY_H
#define CCS_POLICY_H

#include <stdint.h>

#include "calendar.h"
#include "ccscore/plugin.h"
#include "diag.h"
#include "modules.h"
#include "policy_file.h"
#include "severity.h"

typedef struct cfg_value {
    const ccs_key *key;
    const char *text;          /* as written (or the default); NULL when unset */
    char *owned;               /* resolved path, when the key is a path */
    const char *file;          /* where it was set, NULL for a default */
    unsigned line;
    int64_t i;
    double d;                  /* numbers, percents (as fractions) */
    int b;                     /* bools */
    int e;                     /* enum index */
} cfg_value;

struct ccs_config {
    char *instance;            /* the section's NAME */
    int kind;                  /* enum ccs_component_kind */
    const component_entry *comp;
    cfg_value *vals;
    size_t nvals;
    const char *file;
    unsigned line;
    void *inst;                /* what the component's create() made */
    int created;
    int adhoc;                 /* made from defaults, not from a section */
    rule_severity *severities; /* checks: `severity = RULE:LEVEL, ...` */
    size_t nseverities;
};

enum fail_level { FAIL_NONE = 0, FAIL_INFO = CCS_SEV_INFO, FAIL_ADVISORY, FAIL_BREACH, FAIL_CRITICAL };
enum on_bad_row { BAD_ROW_REJECT = 0, BAD_ROW_FAIL };

typedef struct org_policy {
    char *name;
    char *timezone;
    enum period_kind period;
    uint64_t min_sample;
    int fail_level;
    int on_bad_row;
    double max_rejected;       /* default share of rows a source may reject (issue 11) */
    int on_bad_row_set;        /* written in the policy (not the default) */
    char **plugin_path;        /* absolute or relative to the policy's folder */
    size_t nplugin_path;
    char **modules;
    size_t nmodules;
    const char *modules_file;
    unsigned modules_line;
    unsigned output_mode;      /* mode of the report files written (0640) */
    int pseudonymise;          /* agents appear in reports by keyed hash */
    unsigned char *pseudonym_key; /* the key (secret; wiped on free) */
    size_t pseudonym_key_len;
    int scoring;               /* default method, CCS_SCORING_* */
    ccs_score_band *score_bands; /* best first; labels owned */
    size_t nscore_bands;
    int review_on;             /* CCS_SEV_*; 0: no review gate */
} org_policy;

typedef struct policy {
    char *path;
    pol_file raw;
    org_policy org;
    ccs_config **instances;
    size_t ninstances;
} policy;

/* Load and check the whole policy: parse, [organisation], module loading (with
 * m and the host API), every component section and key.  Every problem goes
 * into d; returns 0 when d got nothing. */
int policy_load(policy *p, const char *path, module_set *m, ccs_host *host,
                const ccs_host_api *api, diag_list *d);
void policy_free(policy *p);

/* Instance lookup. */
ccs_config *policy_instance(const policy *p, int kind, const char *name);
/* An instance made from a component's defaults, for a sink chosen with
 * --format or a file named on the command line with no matching section. */
ccs_config *policy_add_default_instance(policy *p, const component_entry *c, const char *name,
                                        diag_list *d);

/* Typed access (also what the host API hands to plugins). */
const cfg_value *config_value(const ccs_config *cfg, const char *key);
int cfg_has(const ccs_config *cfg, const char *key);
const char *cfg_string(const ccs_config *cfg, const char *key);
int64_t cfg_int(const ccs_config *cfg, const char *key);
double cfg_number(const ccs_config *cfg, const char *key);
int cfg_bool(const ccs_config *cfg, const char *key);
int cfg_enum(const ccs_config *cfg, const char *key);

/* A metric's direction: the section's `direction`, else the metric's own. */
int metric_direction(const ccs_config *c, const ccs_metric_ops *ops);

/* The keys the engine itself reads in every section of a kind. */
const ccs_key *engine_keys(int kind);
extern const ccs_key organisation_keys[];

/* An octal file mode for output_mode: 0..0777, not writable by others. */
int parse_file_mode(const char *text, unsigned *mode, char *why, size_t whylen);
/* Parse one value against its declaration; -1 with a message in err. */
int parse_key_value(const ccs_key *k, const char *text, cfg_value *out, char *err, size_t errlen);
/* Metric targets depend on the metric's type (rates take 80% or 0.80). */
int parse_target(int metric_type, const char *text, double *out, char *err, size_t errlen);

#endif
