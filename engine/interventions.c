/* interventions.csv for `ccscore impact`: agent_id or team, kind,
 * started_on, optional ended_on, metric, notes (never read).  Read with
 * lib/csvread; each activity gets its before and after windows here. */
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "impact.h"
#include "parse.h"

enum { COL_AGENT, COL_TEAM, COL_KIND, COL_STARTED, COL_ENDED, COL_METRIC, NCOLS };

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

/* The header: which column holds what.  Returns 0, or -1 with the error. */
static int read_header(csv_reader *r, const char *path, int *col, diag_list *d)
{
    static const char *const names[NCOLS] = { "agent_id", "team", "kind", "started_on", "ended_on", "metric" };
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
    if ((col[COL_AGENT] < 0 && col[COL_TEAM] < 0) || col[COL_KIND] < 0 || col[COL_STARTED] < 0) {
        diag_add(d, path, 1,
                 "not an interventions file: the header needs agent_id or team, kind and started_on "
                 "(and may have ended_on, metric, notes)");
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

int read_interventions(impact_job *j, const char *path, diag_list *d)
{
    char err[512];
    csv_reader *r = csv_open(path, NULL, err, sizeof err);
    if (!r) {
        diag_add(d, path, 0, "%s", err);
        return -1;
    }
    int col[NCOLS];
    if (read_header(r, path, col, d) != 0) {
        csv_close(r);
        return -1;
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
