/* The history store's file: the [history] keys and settings, where the
 * store lives, its schema and migrations, and opening it (0600, WAL, busy
 * timeout).  Recording is in record.c, the verbs' shared parts in verbs.c. */
#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"

#define NOLIMIT 0, 0

const ccs_key history_keys[] = {
    { "path", CCS_KEY_PATH, NULL,
      "history store, an SQLite file (relative to this file; default $XDG_STATE_HOME/ccscore/history.sqlite)",
      NULL, NOLIMIT },
    { "persistent_periods", CCS_KEY_INT, "3",
      "consecutive recorded periods below target that make a persistent shortfall", NULL, 2, 1000 },
    { "window", CCS_KEY_INT, "4", "impact: periods compared before and after an activity", NULL, 1, 1000 },
    { "report_periods", CCS_KEY_INT, "8", "the report's Trends section: the last N recorded periods shown",
      NULL, 2, 520 },
    { "interventions", CCS_KEY_PATH, NULL, "improvement activities (interventions.csv) for 'ccscore impact'",
      NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

/* ------------------------------------------------------------ settings */

char *policy_resolve_path(const char *value, const char *set_in)
{
    if (value[0] == '/' || !set_in)
        return strdup(value);
    const char *slash = strrchr(set_in, '/');
    char *out = NULL;
    if (!slash)
        return strdup(value);
    if (asprintf(&out, "%.*s/%s", (int)(slash - set_in), set_in, value) < 0)
        return NULL;
    return out;
}

int history_settings_load(const policy *p, history_settings *s, diag_list *d)
{
    history_settings tmp;
    if (!s)
        s = &tmp;
    memset(s, 0, sizeof *s);
    s->persistent_periods = 3;
    s->window = 4;
    s->report_periods = 8;
    size_t before = d->n;
    const pol_section *sec = pol_find_section(&p->raw, "history", NULL);
    for (size_t j = 0; sec && j < sec->n; j++) {
        const pol_entry *e = &sec->entries[j];
        const ccs_key *k = history_keys;
        while (k->name && strcmp(k->name, e->key) != 0)
            k++;
        if (!k->name) {
            diag_add(d, e->file, e->line,
                     "unknown key '%s' in [history]; known keys: path, persistent_periods, window, report_periods, interventions",
                     e->key);
            continue;
        }
        cfg_value v;
        memset(&v, 0, sizeof v);
        char err[512];
        if (parse_key_value(k, e->value, &v, err, sizeof err) != 0) {
            diag_add(d, e->file, e->line, "%s", err);
            continue;
        }
        if (strcmp(k->name, "path") == 0) {
            free(s->path);
            s->path = policy_resolve_path(e->value, e->file);
        } else if (strcmp(k->name, "interventions") == 0) {
            free(s->interventions);
            s->interventions = policy_resolve_path(e->value, e->file);
        } else if (strcmp(k->name, "report_periods") == 0) {
            s->report_periods = (long)v.i;
        } else if (strcmp(k->name, "persistent_periods") == 0) {
            s->persistent_periods = (long)v.i;
        } else {
            s->window = (long)v.i;
        }
    }
    if (s == &tmp)
        history_settings_free(&tmp);
    return d->n == before ? 0 : -1;
}

void history_settings_free(history_settings *s)
{
    free(s->path);
    free(s->interventions);
    memset(s, 0, sizeof *s);
}

int history_store_path(const char *cli, const history_settings *s, char *out, size_t len)
{
    int n;
    if (cli)
        n = snprintf(out, len, "%s", cli);
    else if (s && s->path)
        n = snprintf(out, len, "%s", s->path);
    else {
        const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
        if (xdg && xdg[0] == '/')
            n = snprintf(out, len, "%s/ccscore/history.sqlite", xdg);
        else if (home && home[0])
            n = snprintf(out, len, "%s/.local/state/ccscore/history.sqlite", home);
        else
            return -1;
    }
    return n > 0 && (size_t)n < len ? 0 : -1;
}

/* ------------------------------------------------------------ schema */

typedef int (*migration_fn)(sqlite3 *db, char **err);

static int migrate_1(sqlite3 *db, char **err)
{
    static const char sql[] =
        "CREATE TABLE schema_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE periods("
        " id INTEGER PRIMARY KEY,"
        " kind TEXT NOT NULL CHECK (kind IN ('day','week','month')),"
        " period_id INTEGER NOT NULL," /* calendar id: day, Monday's day, year*12+month-1 */
        " name TEXT NOT NULL,"
        " first_day TEXT NOT NULL, last_day TEXT NOT NULL,"
        " organisation TEXT NOT NULL,"
        " policy_sha256 TEXT NOT NULL,"
        " min_sample INTEGER NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " ccscore_version TEXT NOT NULL,"
        " UNIQUE (kind, period_id));"
        "CREATE TABLE entities("
        " period INTEGER NOT NULL REFERENCES periods(id),"
        " entity TEXT NOT NULL, entity_id TEXT NOT NULL, team TEXT,"
        " score REAL,"
        " PRIMARY KEY (period, entity, entity_id));"
        "CREATE TABLE figures("
        " period INTEGER NOT NULL REFERENCES periods(id),"
        " entity TEXT NOT NULL, entity_id TEXT NOT NULL, team TEXT,"
        " metric TEXT NOT NULL, type TEXT NOT NULL, unit TEXT,"
        " direction INTEGER NOT NULL, weight REAL NOT NULL,"
        " value REAL," /* NULL when undefined */
        " n INTEGER NOT NULL,"
        " successes INTEGER," /* rates: value = successes / n */
        " sum REAL,"          /* means and indexes: value * n */
        " sumsq REAL,"        /* sum of squares, when the metric exposes it */
        " ci_low REAL, ci_high REAL,"
        " has_target INTEGER NOT NULL, target REAL, target_from_objective INTEGER NOT NULL,"
        " status TEXT," /* meets, near, below, insufficient; NULL: not judged */
        " score REAL,"  /* the figure's points, 100 x max(0, 1 - gap), when judged */
        " PRIMARY KEY (period, entity, entity_id, metric));"
        "CREATE INDEX figures_by_entity ON figures(entity, entity_id, metric);"
        "CREATE TABLE findings("
        " period INTEGER NOT NULL REFERENCES periods(id),"
        " rule TEXT NOT NULL, severity TEXT NOT NULL, owner TEXT, reference TEXT,"
        " agent_id TEXT, measured TEXT, limit_value TEXT, message TEXT);"
        "CREATE INDEX findings_by_period ON findings(period);"
        "CREATE TABLE feedback("
        " period INTEGER NOT NULL REFERENCES periods(id),"
        " entity TEXT NOT NULL, entity_id TEXT, style TEXT, text TEXT NOT NULL);"
        "CREATE INDEX feedback_by_period ON feedback(period);";
    return sqlite3_exec(db, sql, NULL, NULL, err);
}

/* Schema 2: the personal objectives in force when a run recorded (one row
 * per agent, metric and start; recorded again, replaced). */
static int migrate_2(sqlite3 *db, char **err)
{
    static const char sql[] =
        "CREATE TABLE objectives("
        " agent_id TEXT NOT NULL, metric TEXT NOT NULL, target REAL NOT NULL,"
        " from_day TEXT NOT NULL, to_day TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " PRIMARY KEY (agent_id, metric, from_day));";
    return sqlite3_exec(db, sql, NULL, NULL, err);
}

/* Migration i brings a store from schema version i to i + 1. */
static const migration_fn migrations[] = { migrate_1, migrate_2 };
#define NMIGRATIONS ((int)(sizeof migrations / sizeof *migrations))

static int user_version(sqlite3 *db, int *v)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
    if (rc == 0)
        *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc;
}

static int migrate(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    int v;
    if (user_version(db, &v) != 0) {
        snprintf(err, errlen, "%s: not a history store: %s", path, sqlite3_errmsg(db));
        return -1;
    }
    if (v == NMIGRATIONS)
        return 0;
    if (v > NMIGRATIONS) {
        snprintf(err, errlen, "%s: history store of schema %d, newer than this ccscore knows (%d): upgrade ccscore",
                 path, v, NMIGRATIONS);
        return -1;
    }
    char *msg = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    /* Another run may have migrated while we waited for the lock. */
    if (user_version(db, &v) != 0)
        goto fail;
    for (; v < NMIGRATIONS; v++) {
        if (migrations[v](db, &msg) != SQLITE_OK)
            goto fail;
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
    }
    if (sqlite3_exec(db,
                     "INSERT OR REPLACE INTO schema_info VALUES ('created_by', 'ccscore " PACKAGE_VERSION "');"
                     "COMMIT",
                     NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    snprintf(err, errlen, "%s: cannot prepare the history store: %s", path, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* mkdir -p of the file's folder, new folders 0700 (the store is personal). */
static int make_parent(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return -1;
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf)
        return 0;
    *slash = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

sqlite3 *history_open(const char *path, int create, char *err, size_t errlen)
{
    if (create) {
        /* Create the file ourselves so that it is born 0600 whatever the
         * umask; SQLite gives its -wal and -shm files the same mode. */
        if (make_parent(path) != 0) {
            snprintf(err, errlen, "%s: cannot create the history store's folder: %s", path, strerror(errno));
            return NULL;
        }
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            snprintf(err, errlen, "%s: cannot create the history store: %s", path, strerror(errno));
            return NULL;
        }
        close(fd);
    } else if (access(path, F_OK) != 0) {
        snprintf(err, errlen, "%s: no history store here; record one with 'ccscore record --all' (or give --history FILE)",
                 path);
        return NULL;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open the history store: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
                     NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: not a history store: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    if (migrate(db, path, err, errlen) != 0) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

int history_configured_store(ccs_host *h, const run_options *o, char *path, size_t len, history_config *cfg,
                             diag_list *d)
{
    history_settings s;
    if (history_settings_load(&h->pol, &s, d) != 0)
        return -1;
    int rc = (!o->history && !s.path) || history_store_path(o->history, &s, path, len) != 0 ? 1 : 0;
    cfg->report_periods = s.report_periods;
    cfg->persistent_periods = s.persistent_periods;
    history_settings_free(&s);
    return rc == 0 && access(path, F_OK) != 0 ? 1 : rc;
}
