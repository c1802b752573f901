/* The history store (issue 12): an SQLite file holding, per recorded period
 * and entity, every figure with its value, n and sufficient statistics,
 * target, status and score, the period's findings and feedback, and the
 * policy's fingerprint.  `ccscore run --record` and `ccscore record` write
 * it; `ccscore trend` and `ccscore impact` read it. */
#ifndef CCS_HISTORY_H
#define CCS_HISTORY_H

#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "ccscore/plugin.h"
#include "diag.h"
#include "engine.h"
#include "host.h"
#include "stats.h"

struct ccs_host;
struct policy;
struct report_model;

/* The schema this ccscore writes (PRAGMA user_version). */
#define HISTORY_SCHEMA_VERSION 2

/* [history] keys: where the store lives and how the history verbs judge. */
extern const ccs_key history_keys[];

typedef struct history_settings {
    char *path;                /* resolved against the policy file; NULL: unset */
    long persistent_periods;   /* consecutive periods below target that persist */
    long window;               /* impact: periods before and after */
    char *interventions;       /* interventions.csv, resolved; NULL: unset */
    long report_periods;       /* the report's Trends: recorded periods shown */
} history_settings;

/* Read and check the policy's [history] section (called by policy_load, so
 * that check-config reports its errors); s may be NULL to only check. */
int history_settings_load(const struct policy *p, history_settings *s, diag_list *d);
void history_settings_free(history_settings *s);
/* value resolved against the folder of set_in (the policy file that set it). */
char *policy_resolve_path(const char *value, const char *set_in);

/* The store's path: --history FILE, else [history] path, else
 * $XDG_STATE_HOME/ccscore/history.sqlite (~/.local/state/... without it). */
int history_store_path(const char *cli, const history_settings *s, char *out, size_t len);

/* Open the store: with create, make it (mode 0600, its folder 0700) when
 * missing; bring its schema up to date (migrations); WAL, 5 s busy timeout.
 * Returns NULL with a message in err. */
sqlite3 *history_open(const char *path, int create, char *err, size_t errlen);

/* Store the run's report period (and with o->record_all every other period
 * of the data, from the same run state) in one transaction; a period
 * recorded again replaces itself. */
int history_record(struct ccs_host *h, const run_options *o, struct report_model *m, diag_list *d);

/* Names stored in the entity and status columns. */
const char *history_entity_name(int entity);
const char *history_status_name(int status);

/* The direction of a series (trend's method, shared with the report's
 * Trends section): an OLS slope of y on x over k usable points; `improving`
 * when its 95% t interval lies wholly on the metric's good side of zero
 * (direction > 0: higher is better), `worsening` on the bad side, else
 * `steady` with 4 or more points, else `not enough data`.  *has_fit says
 * whether fit holds a slope and interval (3 or more points). */
#define HISTORY_TREND_METHOD "ols slope, 95% t interval"
const char *history_direction(const double *x, const double *y, size_t k, int direction, stats_slope *fit,
                              int *has_fit);
/* x of a period: weeks and days count one per period, months one per month. */
double history_period_x(enum period_kind k, int32_t id, int32_t base);

/* The report's Trends section (when a store is configured: --history or
 * [history] path, it exists, and it holds 2 or more periods up to the
 * report's): for the organisation and each team, each targeted metric's
 * last [history] report_periods recorded values, its direction, and a
 * chart.  Added to h->report_sections; 0 also when there is nothing to add. */
int history_trends_section(struct ccs_host *h, const run_options *o, const struct report_model *m, diag_list *d);

/* Where a run's store is (--history, else [history] path), when one is
 * configured and exists: 0 with its path and settings; 1 when there is none;
 * -1 with a diagnostic when [history] is wrong. */
typedef struct history_config {
    long report_periods, persistent_periods;
} history_config;
int history_configured_store(struct ccs_host *h, const run_options *o, char *path, size_t len, history_config *cfg,
                             diag_list *d);

/* persistent.c: the report's persistent shortfalls (ABI 1.4) from the store
 * and the report's own period, onto m->rep before feedback is rendered; and
 * the managers' section that lists them.  0 also when there is no store. */
int history_persistent(struct ccs_host *h, const run_options *o, struct report_model *m, diag_list *d);
int history_persistent_section(struct ccs_host *h, const struct report_model *m, diag_list *d);

/* JSON output helpers for the history verbs. */
void history_json_str(FILE *f, const char *s);
void history_json_num(FILE *f, double v);

/* What a history verb works with: the policy (for [history], the period
 * kind and the metrics), its settings and the open store. */
typedef struct history_verb {
    ccs_host host;
    history_settings settings;
    sqlite3 *db;
    char path[4096];
} history_verb;

/* Load the policy (the bundled example without one) and open the store
 * (--history, else [history] path, else the default).  Returns 0, or -1
 * after printing the diagnostics; call history_verb_close() either way. */
int history_verb_open(history_verb *v, const char *policy_path, const char *cli_history);
void history_verb_close(history_verb *v);
/* Write via fn to path atomically (0640-like policy mode), or to stdout. */
int history_verb_output(history_verb *v, const char *path, int (*fn)(void *, FILE *), void *arg);

#endif
