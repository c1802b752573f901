/* The improvement activities for `ccscore impact`, from interventions.csv
 * (agent_id or team, kind, started_on, optional ended_on, metric, notes:
 * never read) and from activity.csv's coaching and training spans (agent_id,
 * activity, start, end), each recognised by its header.  Read with
 * lib/csvread; each activity gets its before and after windows here. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "csvread.h"
#include "impact.h"
#include "parse.h"
#include "vec.h"

enum { COL_AGENT, COL_TEAM, COL_KIND, COL_STARTED, COL_ENDED, COL_METRIC, COL_ACTIVITY, COL_START, NCOLS };

static int32_t period_next(enum period_kind k, int32_t id)
{
    return k == PERIOD_WEEK ? id + 7 : id + 1;
}

static char *slice_dup(ccs_str s)
{
    if (!s.len)
        return NULL;
    char *p = malloc(s.len + 1);
    if (p) {
        memcpy(p, s.ptr, s.len);
        p[s.len] = '\0';
    }
    return p;
}

/* The header: which column holds what, and which kind of file it is: an
 * interventions file (agent_id or team, kind, started_on...) or an activity
 * file (agent_id, activity, start, end).  Returns 0, or -1 with the error. */
static int read_header(csv_reader *r, const char *path, int *col, int *activity, diag_list *d)
{
    static const char *const names[NCOLS] = { "agent_id", "team", "kind", "started_on", "ended_on", "metric",
                                              "activity", "start" };
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *why;
    int rc = csv_next(r, &f, &nf, &line, &why);
    if (rc != 1) {
        diag_add(d, path, 1, "%s",
                 rc == 0 ? "empty file: expected a header agent_id,team,kind,started_on,ended_on,metric,notes" : why);
        return -1;
    }
    for (int c = 0; c < NCOLS; c++)
        col[c] = -1;
    for (size_t i = 0; i < nf; i++)
        for (int c = 0; c < NCOLS; c++)
            if (f[i].len == strlen(names[c]) && memcmp(f[i].ptr, names[c], f[i].len) == 0)
                col[c] = (int)i;
    *activity = col[COL_AGENT] >= 0 && col[COL_ACTIVITY] >= 0 && col[COL_START] >= 0;
    if (!*activity && ((col[COL_AGENT] < 0 && col[COL_TEAM] < 0) || col[COL_KIND] < 0 || col[COL_STARTED] < 0)) {
        diag_add(d, path, 1,
                 "not an interventions file: the header needs agent_id or team, kind and started_on "
                 "(and may have ended_on, metric, notes), or be an activity file (agent_id, activity, start, end)");
        return -1;
    }
    return 0;
}

/* One row's fields checked; the dates parsed.  Returns 0, or -1 with the
 * error at path:line. */
static int check_row(const ccs_str *v, const char *path, uint64_t line, int32_t *start, int32_t *end, diag_list *d)
{
    if (!v[COL_AGENT].len == !v[COL_TEAM].len) {
        diag_add(d, path, line, "give either agent_id or team (one of them, not both)");
        return -1;
    }
    if (parse_date(v[COL_STARTED], start) != 0) {
        diag_add(d, path, line, "started_on must be a date YYYY-MM-DD, not '%.*s'", (int)v[COL_STARTED].len,
                 v[COL_STARTED].ptr);
        return -1;
    }
    *end = *start;
    if (v[COL_ENDED].len && parse_date(v[COL_ENDED], end) != 0) {
        diag_add(d, path, line, "ended_on must be a date YYYY-MM-DD or empty, not '%.*s'", (int)v[COL_ENDED].len,
                 v[COL_ENDED].ptr);
        return -1;
    }
    if (*end < *start) {
        diag_add(d, path, line, "ended_on is before started_on");
        return -1;
    }
    if (!v[COL_KIND].len) {
        diag_add(d, path, line, "kind is empty (coaching, training, buddying, process_change...)");
        return -1;
    }
    return 0;
}

/* Append an activity with its windows: before = the window periods before
 * the one it started in, after = the window periods after the one it ended
 * in. */
static int add_intervention(impact_job *j, const ccs_str *v, int32_t start, int32_t end, uint64_t line)
{
    intervention *grown = realloc(j->ivs, (j->nivs + 1) * sizeof *grown);
    if (!grown)
        return -1;
    j->ivs = grown;
    intervention *iv = &j->ivs[j->nivs++];
    memset(iv, 0, sizeof *iv);
    iv->agent = slice_dup(v[COL_AGENT]);
    iv->team = slice_dup(v[COL_TEAM]);
    iv->kind = slice_dup(v[COL_KIND]);
    iv->metric = slice_dup(v[COL_METRIC]);
    iv->started_on = start;
    iv->ended_on = end;
    iv->line = line;
    int32_t p0 = period_of_day(j->kind, start), p1 = period_of_day(j->kind, end);
    iv->before_last = period_prev(j->kind, p0);
    iv->before_first = iv->before_last;
    for (long w = 1; w < j->window; w++)
        iv->before_first = period_prev(j->kind, iv->before_first);
    iv->after_first = period_next(j->kind, p1);
    iv->after_last = iv->after_first;
    for (long w = 1; w < j->window; w++)
        iv->after_last = period_next(j->kind, iv->after_last);
    return 0;
}

/* activity.csv's coaching and training spans: one activity per agent, kind
 * and period in which the spans start (from the first span's local day to
 * the last's), judged on every metric with a target. */
typedef struct span_group {
    char *agent;
    const char *kind;
    int32_t period, first, last;
    uint64_t line;
} span_group;

static int add_span(span_group **g, size_t *n, size_t *cap, const ccs_str *v, int32_t day, enum period_kind kind,
                    uint64_t line)
{
    const char *k = v[COL_ACTIVITY].len == 8 && memcmp(v[COL_ACTIVITY].ptr, "coaching", 8) == 0 ? "coaching"
                    : v[COL_ACTIVITY].len == 8 && memcmp(v[COL_ACTIVITY].ptr, "training", 8) == 0 ? "training"
                                                                                                 : NULL;
    if (!k || !v[COL_AGENT].len)
        return 0;
    int32_t period = period_of_day(kind, day);
    for (size_t i = 0; i < *n; i++) {
        span_group *e = &(*g)[i];
        if (e->kind == k && e->period == period && strlen(e->agent) == v[COL_AGENT].len &&
            memcmp(e->agent, v[COL_AGENT].ptr, v[COL_AGENT].len) == 0) {
            e->first = day < e->first ? day : e->first;
            e->last = day > e->last ? day : e->last;
            return 0;
        }
    }
    span_group *e = VEC_PUSH(*g, *n, *cap);
    if (!e || !(e->agent = slice_dup(v[COL_AGENT])))
        return -1;
    *e = (span_group){ e->agent, k, period, day, day, line };
    return 0;
}

/* A span's local day in the organisation's timezone (set by the policy). */
static int span_day(ccs_str s, int32_t *day)
{
    iso_time t;
    if (parse_iso8601(s, &t) != 0)
        return -1;
    *day = t.day;
    if (t.has_offset) {
        int32_t minute;
        calendar_local(calendar_for_thread(), (int64_t)t.day * 86400 + t.second - t.offset_s, day, &minute);
    }
    return 0;
}

static int read_activity(impact_job *j, csv_reader *r, const char *path, const int *col, diag_list *d)
{
    span_group *g = NULL;
    size_t n = 0, cap = 0, before = d->n;
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *why;
    int rc, oom = 0;
    while (!oom && (rc = csv_next(r, &f, &nf, &line, &why)) != 0) {
        if (rc < 0) {
            diag_add(d, path, line, "%s", why);
            if (rc == -2)
                break;
            continue;
        }
        ccs_str none = { "", 0 }, v[NCOLS];
        for (int c = 0; c < NCOLS; c++)
            v[c] = col[c] >= 0 && (size_t)col[c] < nf ? f[col[c]] : none;
        int32_t day;
        if (span_day(v[COL_START], &day) != 0)
            diag_add(d, path, line, "start must be an ISO 8601 time (2026-11-16T09:00:00+00:00), not '%.*s'",
                     (int)v[COL_START].len, v[COL_START].ptr);
        else
            oom = add_span(&g, &n, &cap, v, day, j->kind, line) != 0;
    }
    for (size_t i = 0; i < n; i++) {
        ccs_str none = { "", 0 }, v[NCOLS];
        for (int c = 0; c < NCOLS; c++)
            v[c] = none;
        v[COL_AGENT] = (ccs_str){ g[i].agent, strlen(g[i].agent) };
        v[COL_KIND] = (ccs_str){ g[i].kind, strlen(g[i].kind) };
        oom |= !oom && add_intervention(j, v, g[i].first, g[i].last, g[i].line) != 0;
        free(g[i].agent);
    }
    free(g);
    if (oom)
        diag_add(d, path, 0, "out of memory");
    return d->n == before ? 0 : -1;
}

int read_interventions(impact_job *j, const char *path, diag_list *d)
{
    char err[512];
    csv_reader *r = csv_open(path, NULL, err, sizeof err);
    if (!r) {
        diag_add(d, path, 0, "%s", err);
        return -1;
    }
    int col[NCOLS], activity;
    if (read_header(r, path, col, &activity, d) != 0) {
        csv_close(r);
        return -1;
    }
    if (activity) {
        int rc = read_activity(j, r, path, col, d);
        csv_close(r);
        return rc;
    }
    const ccs_str *f;
    size_t nf, before = d->n;
    uint64_t line;
    const char *why;
    int rc;
    while ((rc = csv_next(r, &f, &nf, &line, &why)) != 0) {
        if (rc < 0) {
            diag_add(d, path, line, "%s", why);
            if (rc == -2)
                break;
            continue;
        }
        ccs_str none = { "", 0 }, v[NCOLS];
        for (int c = 0; c < NCOLS; c++)
            v[c] = col[c] >= 0 && (size_t)col[c] < nf ? f[col[c]] : none;
        int32_t start, end;
        if (check_row(v, path, line, &start, &end, d) != 0)
            continue;
        if (add_intervention(j, v, start, end, line) != 0)
            break;
    }
    csv_close(r);
    return d->n == before ? 0 : -1;
}
