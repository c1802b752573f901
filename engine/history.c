#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "host.h"
#include "json.h"
#include "policy.h"
#include "pseudonym.h"
#include "scorecard.h"

#define NOLIMIT 0, 0

const ccs_key history_keys[] = {
    { "path", CCS_KEY_PATH, NULL,
      "history store, an SQLite file (relative to this file; default $XDG_STATE_HOME/ccscore/history.sqlite)",
      NULL, NOLIMIT },
    { "persistent_periods", CCS_KEY_INT, "3",
      "consecutive recorded periods below target that make a persistent shortfall", NULL, 2, 1000 },
    { "window", CCS_KEY_INT, "4", "impact: periods compared before and after an activity", NULL, 1, 1000 },
    { "interventions", CCS_KEY_PATH, NULL, "improvement activities (interventions.csv) for 'ccscore impact'",
      NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

/* ------------------------------------------------------------ settings */

static char *resolve_against(const char *value, const char *set_in)
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
    size_t before = d->n;
    const pol_section *sec = pol_find_section(&p->raw, "history", NULL);
    for (size_t j = 0; sec && j < sec->n; j++) {
        const pol_entry *e = &sec->entries[j];
        const ccs_key *k = history_keys;
        while (k->name && strcmp(k->name, e->key) != 0)
            k++;
        if (!k->name) {
            diag_add(d, e->file, e->line,
                     "unknown key '%s' in [history]; known keys: path, persistent_periods, window, interventions",
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
            s->path = resolve_against(e->value, e->file);
        } else if (strcmp(k->name, "interventions") == 0) {
            free(s->interventions);
            s->interventions = resolve_against(e->value, e->file);
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

/* Migration i brings a store from schema version i to i + 1. */
static const migration_fn migrations[] = { migrate_1 };
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

/* ------------------------------------------------------------ names, JSON */

const char *history_entity_name(int entity)
{
    switch (entity) {
    case CCS_ENTITY_AGENT: return "agent";
    case CCS_ENTITY_TEAM: return "team";
    case CCS_ENTITY_QUEUE: return "queue";
    default: return "organisation";
    }
}

const char *history_status_name(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return "meets";
    case CCS_STATUS_NEAR: return "near";
    case CCS_STATUS_BELOW: return "below";
    case CCS_STATUS_INSUFFICIENT: return "insufficient";
    default: return NULL;
    }
}

static const char *severity_name(int s)
{
    switch (s) {
    case CCS_SEV_INFO: return "info";
    case CCS_SEV_ADVISORY: return "advisory";
    case CCS_SEV_BREACH: return "breach";
    default: return "critical";
    }
}

static const char *type_name(int t)
{
    return t == CCS_METRIC_RATE ? "rate" : t == CCS_METRIC_MEAN ? "mean" : "index";
}

/* Thin wrappers over lib/json's escaper and number format. */
void history_json_str(FILE *f, const char *s)
{
    if (!s)
        fputs("null", f);
    else
        json_escape_file(f, s, strlen(s));
}

void history_json_num(FILE *f, double v)
{
    char buf[JSON_NUMBER_MAX];
    fwrite(buf, 1, json_format_number(buf, v), f);
}

/* ------------------------------------------------------------ recording */

typedef struct recorder {
    sqlite3 *db;
    sqlite3_stmt *period, *period_id, *del_entities, *del_figures, *del_findings, *del_feedback;
    sqlite3_stmt *entity, *figure, *finding, *feedback;
    char fingerprint[2 * SHA256_DIGEST_SIZE + 1];
    char recorded_at[32];
    const org_policy *org;
} recorder;

static int prepare_all(recorder *r)
{
    static const char *const sql[] = {
        "INSERT INTO periods(kind, period_id, name, first_day, last_day, organisation, policy_sha256,"
        " min_sample, recorded_at, ccscore_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        " ON CONFLICT (kind, period_id) DO UPDATE SET name = ?3, first_day = ?4, last_day = ?5,"
        " organisation = ?6, policy_sha256 = ?7, min_sample = ?8, recorded_at = ?9, ccscore_version = ?10",
        "SELECT id FROM periods WHERE kind = ?1 AND period_id = ?2",
        "DELETE FROM entities WHERE period = ?1",
        "DELETE FROM figures WHERE period = ?1",
        "DELETE FROM findings WHERE period = ?1",
        "DELETE FROM feedback WHERE period = ?1",
        "INSERT INTO entities VALUES (?1, ?2, ?3, ?4, ?5)",
        "INSERT INTO figures VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
        " ?17, ?18, ?19, ?20, ?21)",
        "INSERT INTO findings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "INSERT INTO feedback VALUES (?1, ?2, ?3, ?4, ?5)",
    };
    sqlite3_stmt **out[] = { &r->period, &r->period_id, &r->del_entities, &r->del_figures, &r->del_findings,
                             &r->del_feedback, &r->entity, &r->figure, &r->finding, &r->feedback };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
        if (sqlite3_prepare_v3(r->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, out[i], NULL) != SQLITE_OK)
            return -1;
    return 0;
}

static void finalize_all(recorder *r)
{
    sqlite3_stmt *all[] = { r->period, r->period_id, r->del_entities, r->del_figures, r->del_findings,
                            r->del_feedback, r->entity, r->figure, r->finding, r->feedback };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        sqlite3_finalize(all[i]);
}

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* SHA-256 of every policy file's bytes (the policy and what it includes),
 * in the order they were read: a changed rule changes the fingerprint. */
static int policy_fingerprint(const policy *p, char *hex)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    for (size_t i = 0; i < p->raw.nfiles; i++) {
        FILE *f = fopen(p->raw.files[i], "rb");
        if (!f)
            return -1;
        unsigned char buf[8192];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0)
            sha256_update(&ctx, got, buf);
        fclose(f);
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        sprintf(hex + 2 * i, "%02x", digest[i]);
    return 0;
}

static int store_card(recorder *r, sqlite3_int64 pid, const ccs_scorecard *c, const char *id)
{
    const char *entity = history_entity_name(c->entity);
    sqlite3_bind_int64(r->entity, 1, pid);
    bind_text(r->entity, 2, entity);
    bind_text(r->entity, 3, id);
    bind_text(r->entity, 4, c->team && c->team[0] ? c->team : NULL);
    if (c->has_score)
        sqlite3_bind_double(r->entity, 5, c->score);
    if (step_done(r->entity) != 0)
        return -1;
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        sqlite3_stmt *st = r->figure;
        sqlite3_bind_int64(st, 1, pid);
        bind_text(st, 2, entity);
        bind_text(st, 3, id);
        bind_text(st, 4, c->team && c->team[0] ? c->team : NULL);
        bind_text(st, 5, m->name);
        bind_text(st, 6, type_name(m->type));
        bind_text(st, 7, m->unit);
        sqlite3_bind_int(st, 8, m->direction);
        sqlite3_bind_double(st, 9, m->weight);
        if (m->defined)
            sqlite3_bind_double(st, 10, m->value);
        sqlite3_bind_int64(st, 11, (sqlite3_int64)m->n);
        if (m->defined && m->type == CCS_METRIC_RATE) {
            /* A rate's value is successes / n exactly, so the count comes
             * back by rounding (the scorecard does not carry it). */
            double k = m->value * (double)m->n;
            if (fabs(k - llround(k)) < 1e-6)
                sqlite3_bind_int64(st, 12, (sqlite3_int64)llround(k));
        } else if (m->defined) {
            /* The metric API gives means, not sums: value x n is the sum;
             * sums of squares are not exposed, so sumsq (14) stays NULL. */
            sqlite3_bind_double(st, 13, m->value * (double)m->n);
        }
        if (m->has_ci) {
            sqlite3_bind_double(st, 15, m->ci_low);
            sqlite3_bind_double(st, 16, m->ci_high);
        }
        sqlite3_bind_int(st, 17, m->has_target);
        if (m->has_target)
            sqlite3_bind_double(st, 18, m->target);
        sqlite3_bind_int(st, 19, m->target_from_objective);
        bind_text(st, 20, history_status_name(m->status));
        if (m->status == CCS_STATUS_MEETS || m->status == CCS_STATUS_NEAR || m->status == CCS_STATUS_BELOW)
            sqlite3_bind_double(st, 21, 100.0 * fmax(0.0, 1.0 - m->gap));
        if (step_done(st) != 0)
            return -1;
    }
    return 0;
}

static int store_period(recorder *r, const ccs_report *rep, enum period_kind kind, int32_t period_id,
                        int with_findings)
{
    sqlite3_stmt *st = r->period;
    bind_text(st, 1, period_kind_name(kind));
    sqlite3_bind_int(st, 2, period_id);
    bind_text(st, 3, rep->period);
    bind_text(st, 4, rep->period_start);
    bind_text(st, 5, rep->period_end);
    bind_text(st, 6, rep->organisation);
    bind_text(st, 7, r->fingerprint);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)rep->min_sample);
    bind_text(st, 9, r->recorded_at);
    bind_text(st, 10, PACKAGE_VERSION);
    if (step_done(st) != 0)
        return -1;
    bind_text(r->period_id, 1, period_kind_name(kind));
    sqlite3_bind_int(r->period_id, 2, period_id);
    if (sqlite3_step(r->period_id) != SQLITE_ROW) {
        sqlite3_reset(r->period_id);
        return -1;
    }
    sqlite3_int64 pid = sqlite3_column_int64(r->period_id, 0);
    sqlite3_reset(r->period_id);
    sqlite3_stmt *dels[] = { r->del_entities, r->del_figures, r->del_findings, r->del_feedback };
    for (size_t i = 0; i < (with_findings ? 4u : 2u); i++) {
        sqlite3_bind_int64(dels[i], 1, pid);
        if (step_done(dels[i]) != 0)
            return -1;
    }
    const ccs_scorecard *groups[] = { rep->agents, rep->teams, rep->queues, rep->organisation_card };
    size_t counts[] = { rep->nagents, rep->nteams, rep->nqueues, rep->organisation_card ? 1 : 0 };
    for (size_t g = 0; g < 4; g++)
        for (size_t i = 0; i < counts[g]; i++) {
            const ccs_scorecard *c = &groups[g][i];
            const char *id = c->id;
            char pseudo[PSEUDONYM_LEN + 1];
            /* Cards of periods other than the report's were built here and
             * not pseudonymised by the run: do it the same way. */
            if (c->entity == CCS_ENTITY_AGENT && r->org->pseudonymise && !with_findings) {
                pseudonym_of(r->org->pseudonym_key, r->org->pseudonym_key_len, id, strlen(id), pseudo);
                id = pseudo;
            }
            if (store_card(r, pid, c, id) != 0)
                return -1;
        }
    if (!with_findings)
        return 0;
    for (size_t i = 0; i < rep->nfindings; i++) {
        const ccs_finding *f = &rep->findings[i];
        sqlite3_bind_int64(r->finding, 1, pid);
        bind_text(r->finding, 2, f->rule);
        bind_text(r->finding, 3, severity_name(f->severity));
        bind_text(r->finding, 4, f->owner);
        bind_text(r->finding, 5, f->reference);
        bind_text(r->finding, 6, f->agent_id);
        bind_text(r->finding, 7, f->measured);
        bind_text(r->finding, 8, f->limit);
        bind_text(r->finding, 9, f->message);
        if (step_done(r->finding) != 0)
            return -1;
    }
    for (size_t i = 0; i < rep->nfeedback; i++) {
        const ccs_feedback_text *t = &rep->feedback[i];
        sqlite3_bind_int64(r->feedback, 1, pid);
        bind_text(r->feedback, 2, history_entity_name(t->entity));
        bind_text(r->feedback, 3, t->id);
        bind_text(r->feedback, 4, t->style);
        bind_text(r->feedback, 5, t->text ? t->text : "");
        if (step_done(r->feedback) != 0)
            return -1;
    }
    return 0;
}

/* For the SIGKILL test: CCSCORE_TEST_SLEEP_IN_RECORD=SECONDS sleeps inside
 * the open transaction, after the first period is written. */
static void test_sleep(void)
{
    const char *s = getenv("CCSCORE_TEST_SLEEP_IN_RECORD");
    if (s && *s) {
        fprintf(stderr, "ccscore: test: sleeping %s s inside the recording\n", s);
        sleep((unsigned)atoi(s));
    }
}

static int by_id32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int history_record(ccs_host *h, const run_options *o, report_model *m, diag_list *d)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    history_settings s;
    if (history_settings_load(&h->pol, &s, d) != 0)
        return -1;
    char path[4096], err[1024];
    if (history_store_path(o->history, &s, path, sizeof path) != 0) {
        history_settings_free(&s);
        diag_add(d, NULL, 0, "no place for the history store: give --history FILE, [history] path, or set HOME");
        return -1;
    }
    history_settings_free(&s);
    enum period_kind kind;
    int32_t main_id;
    if (period_parse(m->rep.period, &kind, &main_id) != 0) {
        diag_add(d, NULL, 0, "cannot record period '%s'", m->rep.period);
        return -1;
    }
    kind = h->run.period_kind;
    recorder r;
    memset(&r, 0, sizeof r);
    r.org = &h->pol.org;
    if (policy_fingerprint(&h->pol, r.fingerprint) != 0) {
        diag_add(d, h->pol.path, 0, "cannot read the policy again to fingerprint it: %s", strerror(errno));
        return -1;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r.recorded_at, sizeof r.recorded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    r.db = history_open(path, 1, err, sizeof err);
    if (!r.db) {
        diag_add(d, NULL, 0, "%s", err);
        return -1;
    }
    int rc = -1;
    size_t nrecorded = 0;
    int32_t *ids = NULL;
    char first[32] = "", last[32] = "";
    if (prepare_all(&r) != 0 || sqlite3_exec(r.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        goto db_error;
    if (store_period(&r, &m->rep, kind, main_id, 1) != 0)
        goto db_error;
    nrecorded++;
    test_sleep();
    if (o->record_all) {
        size_t n = h->run.nperiods;
        ids = malloc((n ? n : 1) * sizeof *ids);
        if (!ids)
            goto db_error;
        memcpy(ids, h->run.periods, n * sizeof *ids);
        qsort(ids, n, sizeof *ids, by_id32);
        period_name(kind, ids[0], first, sizeof first);
        period_name(kind, ids[n - 1], last, sizeof last);
        for (size_t i = 0; i < n; i++) {
            if (ids[i] == main_id)
                continue;
            report_model pm;
            if (build_report(h, 1, ids[i], &pm, d) != 0) {
                report_model_free(&pm);
                goto out;
            }
            int src = store_period(&r, &pm.rep, kind, ids[i], 0);
            report_model_free(&pm);
            if (src != 0)
                goto db_error;
            nrecorded++;
        }
    }
    if (sqlite3_exec(r.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto db_error;
    rc = 0;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o->verbose)
        fprintf(stderr, "ccscore: recording took %.3f s\n",
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (o->record_only) {
        if (nrecorded > 1)
            printf("recorded %zu periods (%s to %s) in %s\n", nrecorded, first, last, path);
        else
            printf("recorded %s in %s\n", m->rep.period, path);
    } else if (o->verbose) {
        fprintf(stderr, "ccscore: recorded %s in %s\n", m->rep.period, path);
    }
    goto out;
db_error:
    diag_add(d, NULL, 0, "%s: cannot record the history: %s", path, sqlite3_errmsg(r.db));
out:
    if (rc != 0)
        sqlite3_exec(r.db, "ROLLBACK", NULL, NULL, NULL);
    free(ids);
    finalize_all(&r);
    sqlite3_close(r.db);
    return rc;
}

/* ------------------------------------------------------------ verbs */

#include "output.h"

int history_verb_open(history_verb *v, const char *policy_path, const char *cli_history)
{
    memset(v, 0, sizeof *v);
    host_init(&v->host);
    diag_list d;
    diag_init(&d);
    const char *path = policy_path ? policy_path : engine_default_policy();
    v->host.modules.builtin_dir = host_plugin_dir();
    v->host.have_policy = 1;
    int rc = -1;
    char err[1024];
    if (policy_load(&v->host.pol, path, &v->host.modules, &v->host, &host_api, &d) != 0 ||
        history_settings_load(&v->host.pol, &v->settings, &d) != 0)
        goto out;
    if (history_store_path(cli_history, &v->settings, v->path, sizeof v->path) != 0) {
        diag_add(&d, NULL, 0, "no history store: give --history FILE or [history] path");
        goto out;
    }
    v->db = history_open(v->path, 0, err, sizeof err);
    if (!v->db) {
        diag_add(&d, NULL, 0, "%s", err);
        goto out;
    }
    rc = 0;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    return rc;
}

void history_verb_close(history_verb *v)
{
    sqlite3_close(v->db);
    history_settings_free(&v->settings);
    host_free(&v->host);
}

int history_verb_output(history_verb *v, const char *path, int (*fn)(void *, FILE *), void *arg)
{
    if (!path) {
        if (fn(arg, stdout) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "ccscore: error: cannot write to standard output\n");
            return -1;
        }
        return 0;
    }
    char err[1024];
    if (write_atomic(path, (mode_t)v->host.pol.org.output_mode, fn, arg, err, sizeof err) != 0) {
        fprintf(stderr, "ccscore: error: %s\n", err);
        return -1;
    }
    return 0;
}
