/* Objectives over time (issue 12): for each personal objective recorded in
 * the store (agent_id, metric, target, from, to), over the recorded periods
 * that start on or after `from` and no later than `to`:
 *  - start: the value of the first such period, latest: of the last;
 *  - projection: an ordinary least-squares line of value on the period's
 *    last day, over the periods with data (not `insufficient`), evaluated at
 *    `to`; `on track` when it reaches the target on the metric's good side
 *    (at or above for higher-is-better, at or below otherwise), else `not on
 *    track`; claimed only with 3 or more periods, else `not enough data`. */
#include "trend_objectives.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

static double day_of(const char *s)
{
    int32_t d = 0;
    ccs_str v = { s, strlen(s) };
    parse_date(v, &d);
    return (double)d;
}

/* Start, latest and the projection of one objective. */
static int follow(sqlite3_stmt *st, enum period_kind kind, objective_view *o)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, period_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, o->agent, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, o->metric, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, o->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, o->to, -1, SQLITE_STATIC);
    double x[512], y[512];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 2) == SQLITE_NULL || strcmp(col(st, 3), "insufficient") == 0)
            continue;
        double v = sqlite3_column_double(st, 2);
        if (!o->npoints) {
            snprintf(o->start_period, sizeof o->start_period, "%s", col(st, 0));
            o->start = v;
        }
        snprintf(o->latest_period, sizeof o->latest_period, "%s", col(st, 0));
        o->latest = v;
        snprintf(o->type, sizeof o->type, "%s", col(st, 4));
        snprintf(o->unit, sizeof o->unit, "%s", col(st, 5));
        o->direction = sqlite3_column_int(st, 6);
        if (o->npoints < 512) {
            x[o->npoints] = day_of(col(st, 1));
            y[o->npoints] = v;
            o->npoints++;
        }
    }
    if (rc != SQLITE_DONE)
        return -1;
    stats_slope fit;
    o->verdict = "not enough data";
    if (o->npoints >= 3 && stats_ols_slope(x, y, o->npoints, &fit) == 0) {
        o->projected = fit.intercept + fit.slope * day_of(o->to);
        int ok = o->direction < 0 ? o->projected <= o->target : o->projected >= o->target;
        o->verdict = ok ? "on track" : "not on track";
    }
    return 0;
}

int objectives_load(sqlite3 *db, enum period_kind kind, const char *agent, objective_view **out, size_t *n)
{
    sqlite3_stmt *q, *st;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT agent_id, metric, target, from_day, to_day FROM objectives"
                           " WHERE ?1 IS NULL OR agent_id = ?1 ORDER BY agent_id, metric, from_day",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT p.name, p.last_day, f.value, f.status, f.type, f.unit, f.direction"
                           " FROM figures f JOIN periods p ON p.id = f.period"
                           " WHERE p.kind = ?1 AND f.entity = 'agent' AND f.entity_id = ?2 AND f.metric = ?3"
                           " AND p.first_day >= ?4 AND p.first_day <= ?5 ORDER BY p.period_id",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return -1;
    }
    if (agent)
        sqlite3_bind_text(q, 1, agent, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        objective_view *grown = realloc(*out, (*n + 1) * sizeof *grown);
        if (!grown)
            break;
        *out = grown;
        objective_view *o = &grown[(*n)++];
        memset(o, 0, sizeof *o);
        snprintf(o->agent, sizeof o->agent, "%s", col(q, 0));
        snprintf(o->metric, sizeof o->metric, "%s", col(q, 1));
        o->target = sqlite3_column_double(q, 2);
        snprintf(o->from, sizeof o->from, "%s", col(q, 3));
        snprintf(o->to, sizeof o->to, "%s", col(q, 4));
        if (follow(st, kind, o) != 0) {
            rc = SQLITE_ERROR;
            break;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void opt(FILE *f, int has, double v)
{
    if (has)
        history_json_num(f, v);
    else
        fputs("null", f);
}

void objectives_json(FILE *f, const objective_view *o, size_t n, int with_agent)
{
    fputs(",\n \"objectives\": [", f);
    for (size_t i = 0; i < n; i++, o++) {
        fprintf(f, "%s\n  {", i ? "," : "");
        if (with_agent) {
            fputs("\"agent_id\": ", f);
            history_json_str(f, o->agent);
            fputs(", ", f);
        }
        fputs("\"metric\": ", f);
        history_json_str(f, o->metric);
        fputs(", \"target\": ", f);
        history_json_num(f, o->target);
        fputs(", \"from\": ", f);
        history_json_str(f, o->from);
        fputs(", \"to\": ", f);
        history_json_str(f, o->to);
        fputs(", \"start_period\": ", f);
        history_json_str(f, o->npoints ? o->start_period : NULL);
        fputs(", \"start\": ", f);
        opt(f, o->npoints > 0, o->start);
        fputs(", \"latest_period\": ", f);
        history_json_str(f, o->npoints ? o->latest_period : NULL);
        fputs(", \"latest\": ", f);
        opt(f, o->npoints > 0, o->latest);
        fprintf(f, ", \"periods\": %zu, \"projected\": ", o->npoints);
        opt(f, strcmp(o->verdict, "not enough data") != 0, o->projected);
        fputs(", \"verdict\": ", f);
        history_json_str(f, o->verdict);
        fputc('}', f);
    }
    fputs(n ? "\n ]" : "]", f);
}

static void fmt(char *buf, size_t len, const objective_view *o, double v)
{
    if (strcmp(o->type, "rate") == 0 || (!o->type[0] && v >= 0 && v <= 1))
        snprintf(buf, len, "%.1f%%", 100.0 * v);
    else
        snprintf(buf, len, "%.1f%s%s", v, o->unit[0] ? " " : "", o->unit);
}

void objectives_text(FILE *f, const objective_view *o, size_t n, int with_agent)
{
    fprintf(f, "\nObjectives%s (start, latest, and a straight line through the recorded periods to the end date):\n",
            with_agent ? ", for managers" : "");
    if (!n)
        fputs("  none recorded\n", f);
    for (size_t i = 0; i < n; i++, o++) {
        char t[48], s[48] = "-", l[48] = "-", p[48] = "-";
        fmt(t, sizeof t, o, o->target);
        if (o->npoints) {
            fmt(s, sizeof s, o, o->start);
            fmt(l, sizeof l, o, o->latest);
        }
        if (strcmp(o->verdict, "not enough data") != 0)
            fmt(p, sizeof p, o, o->projected);
        if (with_agent)
            fprintf(f, "  %s", o->agent);
        fprintf(f, "  %s target %s, %s to %s: start %s (%s), latest %s (%s), projected %s at %s; %s (%zu periods)\n",
                o->metric, t, o->from, o->to, s, o->npoints ? o->start_period : "-", l,
                o->npoints ? o->latest_period : "-", p, o->to, o->verdict, o->npoints);
    }
}
