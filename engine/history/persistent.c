/* Persistent shortfalls in a run (issue 12, point 5): an agent below target
 * on a metric in the report's period and in each of the recorded periods just
 * before it, [history] persistent_periods or more in a row.  The history
 * store says what came before; the report's own period comes from the run,
 * so the run of a period that is not recorded yet (or is recorded again)
 * counts the same.  The list goes onto the report (ABI 1.4) for the
 * agent's formal feedback, and into a "Persistent shortfalls" section for
 * managers; team feedback never sees it.
 *
 * The rule is trend's (engine/trend.c): a recorded period without the
 * agent's figure, or with any status other than below, ends the run. */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "scorecard.h"
#include "table.h"
#include "vec.h"

#define MAX_BACK 520           /* earlier periods looked at: ten years of weeks */

typedef struct lookback {
    sqlite3 *db;
    sqlite3_stmt *figures;
    int32_t ids[MAX_BACK];     /* recorded periods before the report's, newest first */
    size_t nids;
} lookback;

static int load_earlier_periods(lookback *lb, enum period_kind kind, int32_t before)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(lb->db,
                           "SELECT period_id FROM periods WHERE kind = ?1 AND period_id < ?2"
                           " ORDER BY period_id DESC LIMIT ?3",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, period_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, before);
    sqlite3_bind_int(st, 3, MAX_BACK);
    while (sqlite3_step(st) == SQLITE_ROW)
        lb->ids[lb->nids++] = sqlite3_column_int(st, 0);
    return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/* The run of periods below target that ends with the report's period (which
 * is below): 1 + the earlier recorded periods, newest first, in which the
 * agent was below on the metric too.  *since gets the run's first period. */
static uint32_t run_length(lookback *lb, const char *agent, const char *metric, char *since, size_t len)
{
    sqlite3_stmt *st = lb->figures;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, agent, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
    uint32_t run = 1;
    while (run - 1 < lb->nids && sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_int(st, 0) != lb->ids[run - 1] ||
            strcmp((const char *)sqlite3_column_text(st, 2), "below") != 0)
            break;
        snprintf(since, len, "%s", (const char *)sqlite3_column_text(st, 1));
        run++;
    }
    return run;
}

/* Walk the report's agents; keep each run long enough in the model (the
 * report's cards are sorted by id and their metrics are in policy order, so
 * the list comes out sorted by agent, then by the policy's metric order). */
static int find_runs(lookback *lb, report_model *m, long need)
{
    const ccs_report *r = &m->rep;
    size_t cap = 0, scap = 0;
    for (size_t a = 0; a < r->nagents; a++) {
        const ccs_scorecard *c = &r->agents[a];
        for (size_t i = 0; i < c->nmetrics; i++) {
            const ccs_metric_score *s = &c->metrics[i];
            if (s->status != CCS_STATUS_BELOW)
                continue;
            char since[sizeof *m->persistent_since];
            snprintf(since, sizeof since, "%s", r->period);
            uint32_t run = run_length(lb, c->id, s->name, since, sizeof since);
            if (run < (uint32_t)need)
                continue;
            if (!VEC_GROW(m->persistent, m->npersistent, cap) || !VEC_GROW(m->persistent_since, m->npersistent, scap))
                return -1;
            memcpy(m->persistent_since[m->npersistent], since, sizeof since);
            m->persistent[m->npersistent++] = (ccs_persistent_shortfall){ c->id, s->name, NULL, run };
        }
    }
    /* since points into persistent_since, which no longer moves. */
    for (size_t i = 0; i < m->npersistent; i++)
        m->persistent[i].since = m->persistent_since[i];
    return 0;
}

int history_persistent(ccs_host *h, const run_options *o, report_model *m, diag_list *d)
{
    char path[4096], err[1024];
    history_config cfg;
    enum period_kind kind;
    int32_t id;
    int rc = history_configured_store(h, o, path, sizeof path, &cfg, d);
    if (rc != 0 || period_parse(m->rep.period, &kind, &id) != 0)
        return rc < 0 ? -1 : 0;
    lookback lb;
    memset(&lb, 0, sizeof lb);
    lb.db = history_open(path, 0, err, sizeof err);
    if (!lb.db) {
        diag_add(d, NULL, 0, "%s", err);
        return -1;
    }
    rc = sqlite3_prepare_v2(lb.db,
                            "SELECT p.period_id, p.name, f.status FROM figures f JOIN periods p ON p.id = f.period"
                            " WHERE p.kind = ?3 AND p.period_id < ?4 AND f.entity = 'agent'"
                            " AND f.entity_id = ?1 AND f.metric = ?2 ORDER BY p.period_id DESC",
                            -1, &lb.figures, NULL) == SQLITE_OK &&
                 load_earlier_periods(&lb, kind, id) == 0
             ? 0
             : -1;
    if (rc == 0) {
        sqlite3_bind_text(lb.figures, 3, period_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_int(lb.figures, 4, id);
        m->persistent_need = cfg.persistent_periods;
        rc = find_runs(&lb, m, cfg.persistent_periods);
    }
    if (rc != 0)
        diag_add(d, NULL, 0, "%s: cannot read the history for persistent shortfalls: %s", path,
                 sqlite3_errmsg(lb.db));
    sqlite3_finalize(lb.figures);
    sqlite3_close(lb.db);
    if (rc == 0 && m->npersistent) {
        m->rep.npersistent = m->npersistent;
        m->rep.persistent = m->persistent;
    }
    return rc;
}

static const ccs_column persistent_cols[] = {
    { "agent", NULL, CCS_VAL_ID, NULL, 0 },
    { "team", NULL, CCS_VAL_ID, NULL, 0 },
    { "metric", NULL, CCS_VAL_ID, NULL, 0 },
    { "periods", "periods in a row", CCS_VAL_COUNT, NULL, 0 },
    { "since", NULL, CCS_VAL_ID, NULL, 0 },
};

static const char *team_of(const ccs_report *r, const char *agent)
{
    for (size_t i = 0; i < r->nagents; i++)
        if (strcmp(r->agents[i].id, agent) == 0)
            return r->agents[i].team;
    return NULL;
}

int history_persistent_section(ccs_host *h, const report_model *m, diag_list *d)
{
    const ccs_report *r = &m->rep;
    if (!r->npersistent)
        return 0;
    char note[256], why[256];
    snprintf(note, sizeof note,
             "Agents below target on a figure in %s and in each recorded %s just before it, at least %ld %ss in "
             "a row ([history] persistent_periods).",
             r->period, r->period_kind, m->persistent_need, r->period_kind);
    const char *notes[] = {
        note,
        "For managers only: raise it with the person in a one-to-one, with care and support; never in team "
        "meetings or team feedback.",
    };
    table_builder tb;
    tb_init(&tb, "persistent", "Persistent shortfalls", persistent_cols,
            sizeof persistent_cols / sizeof *persistent_cols);
    for (size_t i = 0; i < r->npersistent; i++) {
        const ccs_persistent_shortfall *p = &r->persistent[i];
        tb_text(&tb, p->agent_id);
        tb_text(&tb, team_of(r, p->agent_id));
        tb_text(&tb, p->metric);
        tb_num(&tb, p->periods);
        tb_text(&tb, p->since);
    }
    int rc = CCS_ERR;
    if (!tb.oom) {
        ccs_report_section sec = { sizeof sec, "persistent", "Persistent shortfalls", 2, notes, 1, tb_table(&tb), 0,
                                   NULL };
        rc = section_list_add(&h->report_sections, &sec, why, sizeof why);
    } else {
        snprintf(why, sizeof why, "out of memory");
    }
    tb_free(&tb);
    if (rc != CCS_OK)
        diag_add(d, NULL, 0, "the Persistent shortfalls section: %s", why);
    return rc == CCS_OK ? 0 : -1;
}
