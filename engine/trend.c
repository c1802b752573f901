/* `ccscore trend`: each metric's series for an agent, a team or the whole
 * organisation, read from the history store, with a direction claimed only
 * when the data supports it.
 *
 * Direction: an ordinary least-squares line through the points (x = the
 * period's position on the calendar, so a missing week leaves a gap; y = the
 * value), over the points with enough data (not `insufficient`, and for
 * untargeted figures n at least the organisation's min_sample).  The slope's
 * 95% interval is slope +- t(0.975, k - 2) x SE.  `improving` when the whole
 * interval lies on the metric's good side of zero, `worsening` on the bad
 * side; otherwise `steady` with 4 or more points, else `not enough data`
 * (also with fewer than 3 points, when no interval exists). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "history_verbs.h"
#include "output.h"
#include "stats.h"
#include "trend_objectives.h"

#define TREND_METHOD HISTORY_TREND_METHOD

typedef struct point {
    int32_t period_id;
    char period[32];
    int defined;
    double value;
    int64_t n;
    int has_target;
    double target;
    char status[16];           /* "" when not judged */
    int usable;                /* enough data to enter the slope */
} point;

typedef struct series {
    char metric[64];
    char unit[16];
    char type[8];
    int direction;
    int order;                 /* the policy's metric order, then by name */
    point *pts;
    size_t npts, cap;
    const char *verdict;
    int has_fit;
    stats_slope fit;
} series;

typedef struct shortfall {
    char agent[128], team[128], metric[64], since[32], unit[16], type[8];
    long periods;
    double value, target;
} shortfall;

typedef struct trend_job {
    history_verb *v;
    const char *entity, *id, *metric, *format;
    long last;
    char entity_id[256];
    enum period_kind kind;
    int32_t from_id, to_id;    /* the window of periods shown */
    char from_name[32], to_name[32];
    series *ser;
    size_t nser;
    shortfall *sf;
    size_t nsf;
    objective_view *obj;       /* --agent: the agent's; --org: everyone's */
    size_t nobj;
    int colour;
} trend_job;

static void trend_usage(FILE *out)
{
    fprintf(out,
"Usage: ccscore trend (--agent ID | --team ID | --org) [OPTIONS]\n"
"Each metric's series over the recorded periods, from the history store, with\n"
"a direction (improving, steady, worsening) claimed only when the data\n"
"supports it: an OLS slope over the periods whose 95%% t interval excludes 0.\n"
"\n"
"  -c, --config POLICY   the policy (its [history] path, period, metrics)\n"
"      --history FILE    the history store (default: [history] path, else\n"
"                        $XDG_STATE_HOME/ccscore/history.sqlite)\n"
"  -a, --agent ID        one agent's series\n"
"  -t, --team ID         one team's series\n"
"      --org             the organisation's series, and the persistent\n"
"                        shortfalls (for managers)\n"
"  -m, --metric M        only this metric\n"
"  -n, --last N          the last N periods up to the latest recorded (12)\n"
"  -f, --format F        text (a sparkline per metric) or json\n"
"  -o, --output FILE     write to FILE (atomically) instead of stdout\n");
}

static int metric_order(const policy *p, const char *name)
{
    int k = 0;
    for (size_t i = 0; i < p->ninstances; i++) {
        if (p->instances[i]->kind != CCS_COMPONENT_METRIC)
            continue;
        if (strcmp(p->instances[i]->instance, name) == 0)
            return k;
        k++;
    }
    return 1 << 20;
}

static int by_order(const void *a, const void *b)
{
    const series *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->metric, y->metric);
}

static const char *col(sqlite3_stmt *st, int i)
{
    return sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "";
}

static void copy(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "");
}

/* The latest recorded period of the kind, and the first of the last N. */
static int find_window(trend_job *j, diag_list *d)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(j->v->db, "SELECT max(period_id) FROM periods WHERE kind = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, period_kind_name(j->kind), -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (ok)
        j->to_id = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!ok) {
        diag_add(d, NULL, 0, "%s: no %s periods recorded yet; record some with 'ccscore record --all'", j->v->path,
                 period_kind_name(j->kind));
        return -1;
    }
    j->from_id = j->to_id;
    for (long i = 1; i < j->last; i++)
        j->from_id = period_prev(j->kind, j->from_id);
    period_name(j->kind, j->from_id, j->from_name, sizeof j->from_name);
    period_name(j->kind, j->to_id, j->to_name, sizeof j->to_name);
    return 0;
}

static series *series_for(trend_job *j, const char *metric)
{
    for (size_t i = 0; i < j->nser; i++)
        if (strcmp(j->ser[i].metric, metric) == 0)
            return &j->ser[i];
    series *grown = realloc(j->ser, (j->nser + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    j->ser = grown;
    series *s = &j->ser[j->nser++];
    memset(s, 0, sizeof *s);
    copy(s->metric, sizeof s->metric, metric);
    s->order = metric_order(&j->v->host.pol, metric);
    return s;
}

static int load_series(trend_job *j, diag_list *d)
{
    const char *sql =
        "SELECT p.period_id, p.name, f.metric, f.value, f.n, f.has_target, f.target, f.status, f.direction,"
        " f.unit, f.type, p.min_sample, f.entity_id"
        " FROM figures f JOIN periods p ON p.id = f.period"
        " WHERE p.kind = ?1 AND p.period_id BETWEEN ?2 AND ?3 AND f.entity = ?4"
        " AND (?5 IS NULL OR f.entity_id = ?5) AND (?6 IS NULL OR f.metric = ?6)"
        " ORDER BY f.metric, p.period_id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(j->v->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, period_kind_name(j->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, j->from_id);
    sqlite3_bind_int(st, 3, j->to_id);
    sqlite3_bind_text(st, 4, j->entity, -1, SQLITE_STATIC);
    if (j->id)
        sqlite3_bind_text(st, 5, j->id, -1, SQLITE_STATIC);
    if (j->metric)
        sqlite3_bind_text(st, 6, j->metric, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        series *s = series_for(j, col(st, 2));
        if (!s)
            break;
        if (s->npts == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 16;
            point *grown = realloc(s->pts, cap * sizeof *grown);
            if (!grown)
                break;
            s->pts = grown;
            s->cap = cap;
        }
        point *p = &s->pts[s->npts++];
        memset(p, 0, sizeof *p);
        p->period_id = sqlite3_column_int(st, 0);
        copy(p->period, sizeof p->period, col(st, 1));
        p->defined = sqlite3_column_type(st, 3) != SQLITE_NULL;
        p->value = sqlite3_column_double(st, 3);
        p->n = sqlite3_column_int64(st, 4);
        p->has_target = sqlite3_column_int(st, 5) && sqlite3_column_type(st, 6) != SQLITE_NULL;
        p->target = sqlite3_column_double(st, 6);
        copy(p->status, sizeof p->status, col(st, 7));
        s->direction = sqlite3_column_int(st, 8);
        copy(s->unit, sizeof s->unit, col(st, 9));
        copy(s->type, sizeof s->type, col(st, 10));
        int64_t min_sample = sqlite3_column_int64(st, 11);
        p->usable = p->defined && strcmp(p->status, "insufficient") != 0 && (p->status[0] || p->n >= min_sample);
        if (!j->entity_id[0])
            copy(j->entity_id, sizeof j->entity_id, col(st, 12));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    if (!j->nser) {
        if (j->metric)
            diag_add(d, NULL, 0, "%s: no '%s' figures recorded for %s %s in %s to %s", j->v->path, j->metric,
                     j->entity, j->id ? j->id : "", j->from_name, j->to_name);
        else
            diag_add(d, NULL, 0, "%s: nothing recorded for %s%s%s in %s to %s", j->v->path, j->entity,
                     j->id ? " " : "", j->id ? j->id : "", j->from_name, j->to_name);
        return -1;
    }
    if (!j->entity_id[0] && j->id)
        copy(j->entity_id, sizeof j->entity_id, j->id);
    qsort(j->ser, j->nser, sizeof *j->ser, by_order);
    return 0;
}

static void judge_series(trend_job *j, series *s)
{
    double *x = malloc((s->npts ? s->npts : 1) * sizeof *x), *y = malloc((s->npts ? s->npts : 1) * sizeof *y);
    size_t k = 0;
    for (size_t i = 0; x && y && i < s->npts; i++)
        if (s->pts[i].usable) {
            x[k] = history_period_x(j->kind, s->pts[i].period_id, j->from_id);
            y[k] = s->pts[i].value;
            k++;
        }
    if (x && y)
        s->verdict = history_direction(x, y, k, s->direction, &s->fit, &s->has_fit);
    else
        s->verdict = "not enough data";
    free(x);
    free(y);
}

/* Agents below target on the same metric in each of the latest recorded
 * periods, at least persistent_periods of them in a row (a recorded period
 * without the agent's figure, or with any other status, ends the run). */
static void flush_shortfall(trend_job *j, shortfall *pending, size_t run)
{
    if (run < (size_t)j->v->settings.persistent_periods)
        return;
    pending->periods = (long)run;
    shortfall *grown = realloc(j->sf, (j->nsf + 1) * sizeof *grown);
    if (grown) {
        j->sf = grown;
        j->sf[j->nsf++] = *pending;
    }
}

static int find_shortfalls(trend_job *j)
{
    const char *sql =
        "SELECT f.entity_id, f.team, f.metric, p.period_id, p.name, f.status, f.value, f.target, f.unit, f.type"
        " FROM figures f JOIN periods p ON p.id = f.period"
        " WHERE p.kind = ?1 AND f.entity = 'agent'"
        " ORDER BY f.entity_id, f.metric, p.period_id DESC";
    sqlite3_stmt *st, *ps;
    int32_t *ids = NULL;
    size_t nids = 0, cap = 0;
    /* The recorded periods, newest first. */
    if (sqlite3_prepare_v2(j->v->db, "SELECT period_id FROM periods WHERE kind = ?1 ORDER BY period_id DESC", -1,
                           &ps, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(ps, 1, period_kind_name(j->kind), -1, SQLITE_STATIC);
    while (sqlite3_step(ps) == SQLITE_ROW) {
        if (nids == cap) {
            cap = cap ? 2 * cap : 64;
            int32_t *grown = realloc(ids, cap * sizeof *grown);
            if (!grown)
                break;
            ids = grown;
        }
        ids[nids++] = sqlite3_column_int(ps, 0);
    }
    sqlite3_finalize(ps);
    if (sqlite3_prepare_v2(j->v->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(ids);
        return -1;
    }
    sqlite3_bind_text(st, 1, period_kind_name(j->kind), -1, SQLITE_STATIC);
    char cur_agent[128] = "", cur_metric[64] = "";
    size_t run = 0;
    int broken = 1;
    shortfall pending;
    memset(&pending, 0, sizeof pending);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (strcmp(cur_agent, col(st, 0)) != 0 || strcmp(cur_metric, col(st, 2)) != 0) {
            flush_shortfall(j, &pending, run);
            copy(cur_agent, sizeof cur_agent, col(st, 0));
            copy(cur_metric, sizeof cur_metric, col(st, 2));
            run = 0;
            broken = 0;
        }
        if (broken)
            continue;
        /* Rows come newest first; the run must cover ids[0], ids[1]... */
        if (run >= nids || sqlite3_column_int(st, 3) != ids[run] || strcmp(col(st, 5), "below") != 0) {
            broken = 1;
            continue;
        }
        if (run == 0) {
            memset(&pending, 0, sizeof pending);
            copy(pending.agent, sizeof pending.agent, cur_agent);
            copy(pending.team, sizeof pending.team, col(st, 1));
            copy(pending.metric, sizeof pending.metric, cur_metric);
            copy(pending.unit, sizeof pending.unit, col(st, 8));
            copy(pending.type, sizeof pending.type, col(st, 9));
            pending.value = sqlite3_column_double(st, 6);
            pending.target = sqlite3_column_double(st, 7);
        }
        copy(pending.since, sizeof pending.since, col(st, 4));
        run++;
    }
    flush_shortfall(j, &pending, run);
    sqlite3_finalize(st);
    free(ids);
    return 0;
}

/* ------------------------------------------------------------ output */

static void fmt_value(char *buf, size_t len, const char *type, const char *unit, double v)
{
    if (strcmp(type, "rate") == 0)
        snprintf(buf, len, "%.1f%%", 100.0 * v);
    else if (unit[0])
        snprintf(buf, len, "%.1f %s", v, unit);
    else
        snprintf(buf, len, "%.1f", v);
}

static int write_json(void *arg, FILE *f)
{
    trend_job *j = arg;
    fputs("{\"entity\": ", f);
    history_json_str(f, j->entity);
    fputs(", \"id\": ", f);
    history_json_str(f, j->entity_id);
    fputs(", \"series\": [", f);
    for (size_t i = 0; i < j->nser; i++) {
        const series *s = &j->ser[i];
        fprintf(f, "%s\n  {\"metric\": ", i ? "," : "");
        history_json_str(f, s->metric);
        fputs(", \"points\": [", f);
        for (size_t k = 0; k < s->npts; k++) {
            const point *p = &s->pts[k];
            fprintf(f, "%s\n    {\"period\": ", k ? "," : "");
            history_json_str(f, p->period);
            fputs(", \"value\": ", f);
            if (p->defined)
                history_json_num(f, p->value);
            else
                fputs("null", f);
            fprintf(f, ", \"n\": %lld, \"target\": ", (long long)p->n);
            if (p->has_target)
                history_json_num(f, p->target);
            else
                fputs("null", f);
            fputs(", \"status\": ", f);
            history_json_str(f, p->status[0] ? p->status : NULL);
            fputc('}', f);
        }
        fputs("],\n   \"direction\": ", f);
        history_json_str(f, s->verdict);
        fputs(", \"method\": ", f);
        history_json_str(f, TREND_METHOD);
        double vals[3] = { s->fit.slope, s->fit.ci_low, s->fit.ci_high };
        const char *names[3] = { "slope", "slope_ci_low", "slope_ci_high" };
        for (int k = 0; k < 3; k++) {
            fprintf(f, ", \"%s\": ", names[k]);
            if (s->has_fit)
                history_json_num(f, vals[k]);
            else
                fputs("null", f);
        }
        fputc('}', f);
    }
    fputs("\n ]", f);
    if (strcmp(j->entity, "organisation") == 0) {
        fprintf(f, ",\n \"persistent_shortfalls\": {\"periods\": %ld, \"agents\": [",
                j->v->settings.persistent_periods);
        for (size_t i = 0; i < j->nsf; i++) {
            const shortfall *s = &j->sf[i];
            fprintf(f, "%s\n  {\"agent_id\": ", i ? "," : "");
            history_json_str(f, s->agent);
            fputs(", \"team\": ", f);
            history_json_str(f, s->team[0] ? s->team : NULL);
            fputs(", \"metric\": ", f);
            history_json_str(f, s->metric);
            fputs(", \"since\": ", f);
            history_json_str(f, s->since);
            fprintf(f, ", \"periods\": %ld, \"latest\": ", s->periods);
            history_json_num(f, s->value);
            fputs(", \"target\": ", f);
            history_json_num(f, s->target);
            fputc('}', f);
        }
        fputs(j->nsf ? "\n ]}" : "]}", f);
    }
    if (strcmp(j->entity, "team") != 0)
        objectives_json(f, j->obj, j->nobj, strcmp(j->entity, "organisation") == 0);
    fputs("}\n", f);
    return ferror(f) ? -1 : 0;
}

static int write_text(void *arg, FILE *f)
{
    static const char *const bars[] = { "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
    trend_job *j = arg;
    fprintf(f, "Trend for %s %s, %s to %s (%s periods; %s)\n", j->entity, j->entity_id, j->from_name, j->to_name,
            period_kind_name(j->kind), TREND_METHOD);
    size_t namew = 6;
    for (size_t i = 0; i < j->nser; i++)
        if (strlen(j->ser[i].metric) > namew)
            namew = strlen(j->ser[i].metric);
    for (size_t i = 0; i < j->nser; i++) {
        const series *s = &j->ser[i];
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = 0; k < s->npts; k++)
            if (s->pts[k].defined) {
                lo = fmin(lo, s->pts[k].value);
                hi = fmax(hi, s->pts[k].value);
            }
        fprintf(f, "  %-*s ", (int)namew, s->metric);
        /* One character per calendar period of the window; a blank where
         * nothing was recorded. */
        size_t k = 0;
        int32_t id = j->from_id;
        int cols = 0;
        while (id <= j->to_id && cols < 400) {
            while (k < s->npts && s->pts[k].period_id < id)
                k++;
            if (k < s->npts && s->pts[k].period_id == id && s->pts[k].defined) {
                int b = hi > lo ? (int)floor((s->pts[k].value - lo) / (hi - lo) * 7.0 + 0.5) : 3;
                fputs(bars[b < 0 ? 0 : b > 7 ? 7 : b], f);
            } else {
                fputc(' ', f);
            }
            cols++;
            if (j->kind == PERIOD_MONTH || j->kind == PERIOD_DAY)
                id += 1;
            else
                id += 7;
        }
        const point *latest = NULL;
        for (size_t q = s->npts; q-- > 0;)
            if (s->pts[q].defined) {
                latest = &s->pts[q];
                break;
            }
        char v[48] = "-";
        if (latest)
            fmt_value(v, sizeof v, s->type, s->unit, latest->value);
        fprintf(f, "  %-10s %s", v, s->verdict);
        if (s->has_fit) {
            int rate = strcmp(s->type, "rate") == 0;
            double m = rate ? 100.0 : 1.0;
            fprintf(f, " (slope %+.2f%s per %s, 95%% CI %+.2f to %+.2f)", m * s->fit.slope,
                    rate ? " points" : "", period_kind_name(j->kind), m * s->fit.ci_low, m * s->fit.ci_high);
        }
        fputc('\n', f);
    }
    if (strcmp(j->entity, "organisation") == 0) {
        fprintf(f, "\nPersistent shortfalls (for managers; %ld recorded periods in a row below target):\n",
                j->v->settings.persistent_periods);
        if (!j->nsf)
            fputs("  none\n", f);
        for (size_t i = 0; i < j->nsf; i++) {
            const shortfall *s = &j->sf[i];
            char v[48], t[48];
            fmt_value(v, sizeof v, s->type, s->unit, s->value);
            fmt_value(t, sizeof t, s->type, s->unit, s->target);
            fprintf(f, "  %s (%s): %s below target for %ld periods, since %s; latest %s, target %s\n", s->agent,
                    s->team[0] ? s->team : "no team", s->metric, s->periods, s->since, v, t);
        }
    }
    if (strcmp(j->entity, "team") != 0)
        objectives_text(f, j->obj, j->nobj, strcmp(j->entity, "organisation") == 0);
    return ferror(f) ? -1 : 0;
}

typedef struct trend_args {
    const char *policy, *history, *output;
} trend_args;

/* The command line into j and a.  Returns -1 to go on, else the exit
 * status (help, or a usage error). */
static int parse_args(int argc, char **argv, trend_job *j, trend_args *a)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "history", required_argument, NULL, 'H' },
        { "agent", required_argument, NULL, 'a' },
        { "team", required_argument, NULL, 't' },
        { "org", no_argument, NULL, 'O' },
        { "metric", required_argument, NULL, 'm' },
        { "last", required_argument, NULL, 'n' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int picked = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:a:t:m:n:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': a->policy = optarg; break;
        case 'H': a->history = optarg; break;
        case 'a': j->entity = "agent"; j->id = optarg; picked++; break;
        case 't': j->entity = "team"; j->id = optarg; picked++; break;
        case 'O': j->entity = "organisation"; j->id = NULL; picked++; break;
        case 'm': j->metric = optarg; break;
        case 'o': a->output = optarg; break;
        case 'f': j->format = optarg; break;
        case 'n': {
            char *end;
            j->last = strtol(optarg, &end, 10);
            if (*end || j->last < 1 || j->last > 10000) {
                fprintf(stderr, "ccscore: error: --last takes a number of periods from 1 to 10000\n");
                return EXIT_USAGE;
            }
            break;
        }
        case 'h': trend_usage(stdout); return EXIT_OK;
        default: fprintf(stderr, "Try 'ccscore trend --help'.\n"); return EXIT_USAGE;
        }
    }
    if (picked != 1) {
        fprintf(stderr, "ccscore: error: trend needs one of --agent ID, --team ID or --org\n");
        return EXIT_USAGE;
    }
    if (format_text_or_json("trend", j->format) != 0)
        return EXIT_USAGE;
    if (optind < argc) {
        fprintf(stderr, "ccscore: error: trend reads the history store and takes no data files\n");
        return EXIT_USAGE;
    }
    return -1;
}

int trend_main(int argc, char **argv)
{
    trend_job j;
    memset(&j, 0, sizeof j);
    j.last = 12;
    j.format = "text";
    trend_args a = { NULL, NULL, NULL };
    int rc = parse_args(argc, argv, &j, &a);
    if (rc >= 0)
        return rc;
    history_verb v;
    rc = EXIT_USAGE;
    diag_list d;
    diag_init(&d);
    if (history_verb_open(&v, a.policy, a.history) != 0)
        goto out;
    j.v = &v;
    j.kind = v.host.pol.org.period;
    if (find_window(&j, &d) != 0 || load_series(&j, &d) != 0)
        goto out;
    for (size_t i = 0; i < j.nser; i++)
        judge_series(&j, &j.ser[i]);
    if ((strcmp(j.entity, "organisation") == 0 && find_shortfalls(&j) != 0) ||
        (strcmp(j.entity, "team") != 0 && objectives_load(v.db, j.kind, j.id, &j.obj, &j.nobj) != 0)) {
        diag_add(&d, NULL, 0, "%s: cannot read the history: %s", v.path, sqlite3_errmsg(v.db));
        goto out;
    }
    if (history_verb_output(&v, a.output, strcmp(j.format, "json") == 0 ? write_json : write_text, &j) == 0)
        rc = EXIT_OK;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    for (size_t i = 0; i < j.nser; i++)
        free(j.ser[i].pts);
    free(j.ser);
    free(j.sf);
    free(j.obj);
    history_verb_close(&v);
    return rc;
}
