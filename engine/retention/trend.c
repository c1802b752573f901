/* Retention: the falling-performance factor from the history store (when one
 * is configured: --history or [history] path, and it exists).  An agent's
 * score over the last [history] report_periods recorded periods of the run's
 * kind, up to the window's end, is falling when the trend method's OLS slope
 * has a 95% t interval wholly below zero (history_direction: "worsening"). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "retention.h"

static char *fact_of(sqlite3_stmt *st, enum period_kind kind, long want)
{
    double x[520], y[520];
    int32_t ids[520];
    size_t k = 0;
    while (k < (size_t)want && k < 520 && sqlite3_step(st) == SQLITE_ROW) {
        ids[k] = sqlite3_column_int(st, 0);
        y[k++] = sqlite3_column_double(st, 1);
    }
    if (k < 3)
        return NULL;
    /* The rows came newest first: put them in time order. */
    double yy[520];
    for (size_t i = 0; i < k; i++) {
        x[i] = history_period_x(kind, ids[k - 1 - i], ids[k - 1]);
        yy[i] = y[k - 1 - i];
    }
    stats_slope fit;
    int has_fit;
    if (strcmp(history_direction(x, yy, k, 1, &fit, &has_fit), "worsening") != 0)
        return NULL;
    char *fact = NULL;
    if (asprintf(&fact, "score falling over %zu recorded %ss: %.0f to %.0f (%.1f points a %s, 95%% interval %.1f to %.1f)",
                 k, period_kind_name(kind), ret_whole(yy[0]), ret_whole(yy[k - 1]), fit.slope, period_kind_name(kind),
                 fit.ci_low, fit.ci_high) < 0)
        return NULL;
    return fact;
}

int ret_trend_facts(retention *rt, ccs_host *h, const run_options *o, diag_list *d)
{
    history_settings s;
    char path[4096], err[1024];
    if (history_settings_load(&h->pol, &s, d) != 0)
        return -1;
    long want = s.report_periods;
    int configured = (o->history || s.path) && history_store_path(o->history, &s, path, sizeof path) == 0 &&
                     access(path, F_OK) == 0;
    history_settings_free(&s);
    if (!configured)
        return 0;
    sqlite3 *db = history_open(path, 0, err, sizeof err);
    if (!db) {
        diag_add(d, NULL, 0, "%s", err);
        return -1;
    }
    enum period_kind kind = h->run.period_kind;
    int32_t upto = period_of_day(kind, rt->to);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT p.period_id, e.score FROM entities e JOIN periods p ON p.id = e.period"
                                " WHERE p.kind = ?1 AND p.period_id <= ?2 AND e.entity = 'agent'"
                                " AND e.entity_id = ?3 AND e.score IS NOT NULL ORDER BY p.period_id DESC",
                                -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    uint32_t n = h->run.agents.n;
    rt->trend_facts = rc == 0 ? calloc(n ? n : 1, sizeof *rt->trend_facts) : NULL;
    for (uint32_t a = 0; rt->trend_facts && a < n; a++) {
        sqlite3_bind_text(st, 1, period_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, upto);
        sqlite3_bind_text(st, 3, strtab_get(&h->run.agents, (int32_t)a), -1, SQLITE_STATIC);
        rt->trend_facts[a] = fact_of(st, kind, want);
        sqlite3_reset(st);
    }
    rt->ntrend_facts = rt->trend_facts ? n : 0;
    if (rc != 0 || !rt->trend_facts)
        diag_add(d, NULL, 0, "%s: cannot read the history for the retention trend: %s", path, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rt->trend_facts ? 0 : -1;
}
