/* Recording periods in the history store: one transaction per run; every
 * card's figures with their sufficient statistics, the report period's
 * findings and feedback, and the policy's fingerprint. */
#include "history.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "host.h"
#include "policy.h"
#include "pseudonym.h"
#include "datefmt.h"
#include "scorecard.h"

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

/* ------------------------------------------------------------ recording */

typedef struct recorder {
    sqlite3 *db;
    sqlite3_stmt *period, *period_id, *del_entities, *del_figures, *del_findings, *del_feedback;
    sqlite3_stmt *entity, *figure, *finding, *feedback, *objective;
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
        "INSERT OR REPLACE INTO objectives VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    };
    sqlite3_stmt **out[] = { &r->period, &r->period_id, &r->del_entities, &r->del_figures, &r->del_findings,
                             &r->del_feedback, &r->entity, &r->figure, &r->finding, &r->feedback, &r->objective };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
        if (sqlite3_prepare_v3(r->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, out[i], NULL) != SQLITE_OK)
            return -1;
    return 0;
}

static void finalize_all(recorder *r)
{
    sqlite3_stmt *all[] = { r->period, r->period_id, r->del_entities, r->del_figures, r->del_findings,
                            r->del_feedback, r->entity, r->figure, r->finding, r->feedback, r->objective };
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

/* The run's personal objectives (agent ids as the run holds them, so
 * pseudonyms under pseudonymise = yes). */
static int store_objectives(recorder *r, const run_state *run)
{
    for (size_t i = 0; i < run->nobjectives; i++) {
        const objective *o = &run->objectives[i];
        char from[11], to[11];
        fmt_day(from, o->from_day);
        fmt_day(to, o->to_day);
        bind_text(r->objective, 1, strtab_get(&run->agents, o->agent));
        bind_text(r->objective, 2, run->metrics[o->metric].name);
        sqlite3_bind_double(r->objective, 3, o->target);
        bind_text(r->objective, 4, from);
        bind_text(r->objective, 5, to);
        bind_text(r->objective, 6, r->recorded_at);
        if (step_done(r->objective) != 0)
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

/* The store's path and the recorder's fingerprint and time stamp. */
static int recorder_setup(ccs_host *h, const run_options *o, recorder *r, char *path, size_t len, diag_list *d)
{
    history_settings s;
    if (history_settings_load(&h->pol, &s, d) != 0)
        return -1;
    int rc = history_store_path(o->history, &s, path, len);
    history_settings_free(&s);
    if (rc != 0) {
        diag_add(d, NULL, 0, "no place for the history store: give --history FILE, [history] path, or set HOME");
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->org = &h->pol.org;
    if (policy_fingerprint(&h->pol, r->fingerprint) != 0) {
        diag_add(d, h->pol.path, 0, "cannot read the policy again to fingerprint it: %s", strerror(errno));
        return -1;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r->recorded_at, sizeof r->recorded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

/* record --all: every other period of the data, built from the same run
 * state.  Returns 0, -1 on a store error, -2 when a period cannot be built
 * (d says why); *first and *last name the range. */
static int record_others(ccs_host *h, recorder *r, enum period_kind kind, int32_t main_id, size_t *nrecorded,
                         char *first, char *last, diag_list *d)
{
    size_t n = h->run.nperiods;
    int32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return -1;
    memcpy(ids, h->run.periods, n * sizeof *ids);
    qsort(ids, n, sizeof *ids, by_id32);
    period_name(kind, ids[0], first, 32);
    period_name(kind, ids[n - 1], last, 32);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (ids[i] == main_id)
            continue;
        report_model pm;
        if (build_report(h, 1, ids[i], &pm, d) != 0)
            rc = -2;
        else if (store_period(r, &pm.rep, kind, ids[i], 0) != 0)
            rc = -1;
        else
            (*nrecorded)++;
        report_model_free(&pm);
    }
    free(ids);
    return rc;
}

static void say_recorded(const run_options *o, const report_model *m, size_t nrecorded, const char *first,
                         const char *last, const char *path, const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o->verbose)
        fprintf(stderr, "ccscore: recording took %.3f s\n",
                (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9);
    if (o->record_only) {
        if (nrecorded > 1)
            printf("recorded %zu periods (%s to %s) in %s\n", nrecorded, first, last, path);
        else
            printf("recorded %s in %s\n", m->rep.period, path);
    } else if (o->verbose) {
        fprintf(stderr, "ccscore: recorded %s in %s\n", m->rep.period, path);
    }
}

int history_record(ccs_host *h, const run_options *o, report_model *m, diag_list *d)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char path[4096], err[1024];
    recorder r;
    enum period_kind kind;
    int32_t main_id;
    if (period_parse(m->rep.period, &kind, &main_id) != 0) {
        diag_add(d, NULL, 0, "cannot record period '%s'", m->rep.period);
        return -1;
    }
    kind = h->run.period_kind;
    if (recorder_setup(h, o, &r, path, sizeof path, d) != 0)
        return -1;
    r.db = history_open(path, 1, err, sizeof err);
    if (!r.db) {
        diag_add(d, NULL, 0, "%s", err);
        return -1;
    }
    int rc = -1;
    size_t nrecorded = 0;
    char first[32] = "", last[32] = "";
    if (prepare_all(&r) != 0 || sqlite3_exec(r.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
        store_period(&r, &m->rep, kind, main_id, 1) != 0 || store_objectives(&r, &h->run) != 0)
        goto db_error;
    nrecorded++;
    test_sleep();
    if (o->record_all) {
        int orc = record_others(h, &r, kind, main_id, &nrecorded, first, last, d);
        if (orc == -2)
            goto out;
        if (orc != 0)
            goto db_error;
    }
    if (sqlite3_exec(r.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto db_error;
    rc = 0;
    say_recorded(o, m, nrecorded, first, last, path, &t0);
    goto out;
db_error:
    diag_add(d, NULL, 0, "%s: cannot record the history: %s", path, sqlite3_errmsg(r.db));
out:
    if (rc != 0)
        sqlite3_exec(r.db, "ROLLBACK", NULL, NULL, NULL);
    finalize_all(&r);
    sqlite3_close(r.db);
    return rc;
}
