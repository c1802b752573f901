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

struct ccs_host;
struct policy;
struct report_model;

/* The schema this ccscore writes (PRAGMA user_version). */
#define HISTORY_SCHEMA_VERSION 1

/* [history] keys: where the store lives and how the history verbs judge. */
extern const ccs_key history_keys[];

typedef struct history_settings {
    char *path;                /* resolved against the policy file; NULL: unset */
    long persistent_periods;   /* consecutive periods below target that persist */
    long window;               /* impact: periods before and after */
    char *interventions;       /* interventions.csv, resolved; NULL: unset */
} history_settings;

/* Read and check the policy's [history] section (called by policy_load, so
 * that check-config reports its errors); s may be NULL to only check. */
int history_settings_load(const struct policy *p, history_settings *s, diag_list *d);
void history_settings_free(history_settings *s);

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
