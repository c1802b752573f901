/* The report's Trends section from the history store (issue 12): for the
 * organisation and each team (never agents: the report is read by teams),
 * each targeted metric's value in the last [history] report_periods recorded
 * periods up to the report's, its direction by trend's method, and a line
 * chart.  Nothing when no store is configured, when it does not exist yet,
 * or when it holds fewer than 2 such periods. */
#include "history.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "scorecard.h"
#include "table.h"

#define NCOLS(a) (sizeof(a) / sizeof *(a))
#define MAX_PERIODS 520

static const ccs_column series_cols[] = {
    { "metric", NULL, CCS_VAL_ID, NULL, 0 },
    { "period", NULL, CCS_VAL_ID, NULL, 0 },
    { "value", NULL, CCS_VAL_NUMBER, NULL, 1 },
    { "unit", NULL, CCS_VAL_TEXT, NULL, 0 },
    { "n", NULL, CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column direction_cols[] = {
    { "metric", NULL, CCS_VAL_ID, NULL, 0 },
    { "periods", "periods used", CCS_VAL_COUNT, NULL, 0 },
    { "first", NULL, CCS_VAL_NUMBER, NULL, 1 },
    { "latest", NULL, CCS_VAL_NUMBER, NULL, 1 },
    { "unit", NULL, CCS_VAL_TEXT, NULL, 0 },
    { "direction", NULL, CCS_VAL_TEXT, NULL, 0 },
    { "slope", "slope per period", CCS_VAL_NUMBER, NULL, 2 },
    { "slope_ci_low", "95% CI low", CCS_VAL_NUMBER, NULL, 2 },
    { "slope_ci_high", "95% CI high", CCS_VAL_NUMBER, NULL, 2 },
};

typedef struct trends {
    sqlite3 *db;
    sqlite3_stmt *points;
    const policy *pol;
    enum period_kind kind;
    int32_t ids[MAX_PERIODS];
    size_t nids;
    table_builder *tables;     /* two per entity: series, direction */
    size_t ntables;
    char **names;              /* owned table names and titles */
    size_t nnames;
    ccs_chart *charts;
    size_t ncharts;
    int oom;
} trends;

static char *keep(trends *t, const char *fmt, const char *a, const char *b)
{
    char *s = NULL;
    char **grown = realloc(t->names, (t->nnames + 1) * sizeof *grown);
    if (!grown || asprintf(&s, fmt, a, b) < 0) {
        if (grown)
            t->names = grown;
        t->oom = 1;
        return NULL;
    }
    t->names = grown;
    t->names[t->nnames++] = s;
    return s;
}

/* The last recorded periods of the kind up to the report's, oldest first. */
static int load_periods(trends *t, int32_t upto, long want)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db,
                           "SELECT period_id FROM periods WHERE kind = ?1 AND period_id <= ?2"
                           " ORDER BY period_id DESC LIMIT ?3",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, period_kind_name(t->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, upto);
    sqlite3_bind_int64(st, 3, want < MAX_PERIODS ? want : MAX_PERIODS);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        t->ids[t->nids++] = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    for (size_t i = 0; i < t->nids / 2; i++) {
        int32_t x = t->ids[i];
        t->ids[i] = t->ids[t->nids - 1 - i];
        t->ids[t->nids - 1 - i] = x;
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* One metric of one entity: its rows in the series table and its line in
 * the direction table.  Rates are shown in percent (points per period). */
static int add_metric(trends *t, const char *entity, const char *id, const char *metric, table_builder *ser,
                      table_builder *dir)
{
    sqlite3_stmt *st = t->points;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, period_kind_name(t->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, t->ids[0]);
    sqlite3_bind_int(st, 3, t->ids[t->nids - 1]);
    sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, metric, -1, SQLITE_STATIC);
    double x[MAX_PERIODS], y[MAX_PERIODS], first = 0, latest = 0;
    size_t k = 0, rows = 0;
    int direction = 1, rc;
    char unit[16] = "";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int rate = strcmp((const char *)sqlite3_column_text(st, 6), "rate") == 0;
        const unsigned char *u = sqlite3_column_text(st, 7);
        snprintf(unit, sizeof unit, "%s", rate ? "%" : u ? (const char *)u : "");
        direction = sqlite3_column_int(st, 5);
        int defined = sqlite3_column_type(st, 2) != SQLITE_NULL;
        double v = sqlite3_column_double(st, 2) * (rate ? 100.0 : 1.0);
        const unsigned char *status = sqlite3_column_text(st, 4);
        int64_t n = sqlite3_column_int64(st, 3);
        tb_text(ser, metric);
        tb_text(ser, (const char *)sqlite3_column_text(st, 1));
        tb_opt(ser, defined, v);
        tb_text(ser, unit[0] ? unit : NULL);
        tb_num(ser, (double)n);
        rows++;
        /* trend's rule: judged and not insufficient, or untargeted with n
         * at least min_sample */
        if (defined && (status ? strcmp((const char *)status, "insufficient") != 0
                               : n >= sqlite3_column_int64(st, 8)) && k < MAX_PERIODS) {
            x[k] = history_period_x(t->kind, sqlite3_column_int(st, 0), t->ids[0]);
            y[k] = v;
            if (!k)
                first = v;
            latest = v;
            k++;
        }
    }
    if (rc != SQLITE_DONE)
        return -1;
    if (!rows)
        return 0;
    stats_slope fit;
    int has_fit;
    const char *verdict = history_direction(x, y, k, direction, &fit, &has_fit);
    tb_text(dir, metric);
    tb_num(dir, (double)k);
    tb_opt(dir, k > 0, first);
    tb_opt(dir, k > 0, latest);
    tb_text(dir, unit[0] ? unit : NULL);
    tb_text(dir, verdict);
    tb_opt(dir, has_fit, fit.slope);
    tb_opt(dir, has_fit, fit.ci_low);
    tb_opt(dir, has_fit, fit.ci_high);
    return 0;
}

/* The two tables and the chart of one entity. */
static int add_entity(trends *t, const char *entity, const char *id, size_t index)
{
    table_builder *grown = realloc(t->tables, (t->ntables + 2) * sizeof *grown);
    ccs_chart *charts = realloc(t->charts, (t->ncharts + 1) * sizeof *charts);
    if (grown)
        t->tables = grown;
    if (charts)
        t->charts = charts;
    if (!grown || !charts)
        return -1;
    int org = strcmp(entity, "organisation") == 0;
    char num[32];
    snprintf(num, sizeof num, "%zu", index);
    const char *who = org ? "Organisation" : keep(t, "Team %s%s", id, "");
    const char *sname = org ? "organisation" : keep(t, "team_%s%s", num, "");
    const char *dname = org ? "organisation_direction" : keep(t, "team_%s%s", num, "_direction");
    const char *stitle = keep(t, "%s%s: each metric by period", who, "");
    const char *dtitle = keep(t, "%s%s: direction", who, "");
    if (t->oom)
        return -1;
    table_builder *ser = &t->tables[t->ntables++], *dir = &t->tables[t->ntables++];
    tb_init(ser, sname, stitle, series_cols, NCOLS(series_cols));
    tb_init(dir, dname, dtitle, direction_cols, NCOLS(direction_cols));
    /* The per-period values are for JSON, CSV and the chart; the text
     * report shows the direction table (first, latest, slope). */
    ser->t.flags = CCS_TABLE_DETAIL;
    t->charts[t->ncharts++] = (ccs_chart){ stitle, CCS_CHART_LINE, sname, "period", "value", "metric" };
    for (size_t i = 0; i < t->pol->ninstances; i++) {
        const ccs_config *c = t->pol->instances[i];
        if (c->kind == CCS_COMPONENT_METRIC && cfg_has(c, "target") &&
            add_metric(t, entity, id, c->instance, ser, dir) != 0)
            return -1;
    }
    return ser->oom || dir->oom ? -1 : 0;
}

/* Every entity: the organisation, then the teams by id. */
static int add_entities(trends *t)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db,
                           "SELECT DISTINCT f.entity, f.entity_id FROM figures f JOIN periods p ON p.id = f.period"
                           " WHERE p.kind = ?1 AND p.period_id BETWEEN ?2 AND ?3"
                           " AND f.entity IN ('organisation', 'team')"
                           " ORDER BY f.entity = 'team', f.entity_id",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, period_kind_name(t->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, t->ids[0]);
    sqlite3_bind_int(st, 3, t->ids[t->nids - 1]);
    int rc;
    size_t teams = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *entity = (const char *)sqlite3_column_text(st, 0);
        int team = strcmp(entity, "team") == 0;
        if (add_entity(t, entity, (const char *)sqlite3_column_text(st, 1), team ? ++teams : 0) != 0)
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int add_section(ccs_host *h, trends *t, diag_list *d)
{
    char first[32], last[32], note[256], why[256];
    period_name(t->kind, t->ids[0], first, sizeof first);
    period_name(t->kind, t->ids[t->nids - 1], last, sizeof last);
    snprintf(note, sizeof note, "The last %zu recorded %s periods, %s to %s, from the history store.", t->nids,
             period_kind_name(t->kind), first, last);
    const char *notes[] = {
        note,
        "Direction: an OLS slope over the periods with enough data; improving or worsening only when its 95% t "
        "interval excludes zero, steady with 4 or more periods, else not enough data.",
        "Rates are in percent and their slopes in points per period; each period's value is in the JSON and CSV "
        "reports and the chart.",
    };
    ccs_table *tables = calloc(t->ntables ? t->ntables : 1, sizeof *tables);
    if (!tables)
        return -1;
    for (size_t i = 0; i < t->ntables; i++)
        tables[i] = *tb_table(&t->tables[i]);
    ccs_report_section sec = { sizeof sec, "trends", "Trends", NCOLS(notes), notes, t->ntables, tables,
                               t->ncharts, t->charts };
    int rc = section_list_add(&h->report_sections, &sec, why, sizeof why);
    free(tables);
    if (rc != CCS_OK)
        diag_add(d, NULL, 0, "the Trends section: %s", why);
    return rc == CCS_OK ? 0 : -1;
}

static void trends_free(trends *t)
{
    for (size_t i = 0; i < t->ntables; i++)
        tb_free(&t->tables[i]);
    for (size_t i = 0; i < t->nnames; i++)
        free(t->names[i]);
    free(t->tables);
    free(t->names);
    free(t->charts);
    sqlite3_finalize(t->points);
    sqlite3_close(t->db);
}

int history_trends_section(ccs_host *h, const run_options *o, const report_model *m, diag_list *d)
{
    char path[4096], err[1024];
    history_config cfg;
    int rc = history_configured_store(h, o, path, sizeof path, &cfg, d);
    enum period_kind kind;
    int32_t upto;
    if (rc != 0 || period_parse(m->rep.period, &kind, &upto) != 0)
        return rc < 0 ? -1 : 0;
    trends t;
    memset(&t, 0, sizeof t);
    t.pol = &h->pol;
    t.kind = h->run.period_kind;
    t.db = history_open(path, 0, err, sizeof err);
    if (!t.db) {
        diag_add(d, NULL, 0, "%s", err);
        return -1;
    }
    rc = 0;
    if (sqlite3_prepare_v2(t.db,
                           "SELECT p.period_id, p.name, f.value, f.n, f.status, f.direction, f.type, f.unit,"
                           " p.min_sample FROM figures f JOIN periods p ON p.id = f.period"
                           " WHERE p.kind = ?1 AND p.period_id BETWEEN ?2 AND ?3 AND f.entity = ?4"
                           " AND f.entity_id = ?5 AND f.metric = ?6 ORDER BY p.period_id",
                           -1, &t.points, NULL) != SQLITE_OK ||
        load_periods(&t, upto, cfg.report_periods) != 0)
        rc = -1;
    else if (t.nids >= 2)
        rc = add_entities(&t) == 0 ? add_section(h, &t, d) : -1;
    if (rc != 0 && !d->n)
        diag_add(d, NULL, 0, "%s: cannot read the history for the Trends section: %s", path, sqlite3_errmsg(t.db));
    trends_free(&t);
    return rc;
}
