/* Issue 11: what a user must know about a run before trusting its figures:
 * periods relative to today for scheduled runs (--period last-week,
 * last-month, yesterday), a period that the data covers only in part, and a
 * run scored under the bundled example's rules because no -c was given.
 * Said in a report section of its own ("run"), so every sink shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datefmt.h"
#include "engine_int.h"
#include "parse.h"

/* Today's local date: CCSCORE_NOW's date, its instant on the organisation's
 * calendar, or the clock's.  -1 when CCSCORE_NOW is malformed. */
static int local_today(const char *now_env, int32_t *today)
{
    int64_t now = (int64_t)time(NULL);
    if (now_env && *now_env) {
        ccs_str s = { now_env, strlen(now_env) };
        if (parse_date(s, today) == 0)
            return 0;
        if (parse_int64(s, &now) != 0)
            return -1;
    }
    int32_t minute;
    calendar_local(calendar_for_thread(), now, today, &minute);
    return 0;
}

int resolve_period(const char *text, const char *now_env, enum period_kind *kind, int32_t *id)
{
    static const struct { const char *name; enum period_kind kind; } rel[] = {
        { "yesterday", PERIOD_DAY }, { "last-week", PERIOD_WEEK }, { "last-month", PERIOD_MONTH },
    };
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        if (strcmp(text, rel[i].name) != 0)
            continue;
        int32_t today;
        if (local_today(now_env, &today) != 0)
            return -2;
        *kind = rel[i].kind;
        *id = period_prev(*kind, period_of_day(*kind, today));
        return 0;
    }
    return period_parse(text, kind, id) == 0 ? 0 : -1;
}

/* The run section's notes, and its one-row coverage table when partial. */
typedef struct run_info {
    char notes[2][400];
    const char *note_ptrs[2];
    size_t nnotes;
    ccs_cell cells[4];
} run_info;

static const ccs_column coverage_columns[] = {
    { "period", "Period", CCS_VAL_ID, NULL, 0 },
    { "days_in_period", "Days in the period", CCS_VAL_COUNT, NULL, 0 },
    { "days_covered", "Days the data covers", CCS_VAL_COUNT, NULL, 0 },
    { "partial", "Partial period", CCS_VAL_BOOL, NULL, 0 },
};

/* The days of [from, to] on a day of the week that has data anywhere in the
 * run (a centre closed on Sundays has six days a week). */
static int32_t trading_days(unsigned weekdays, int32_t from, int32_t to)
{
    int32_t n = 0;
    for (int32_t day = from; day <= to; day++)
        n += (weekdays >> (((day % 7) + 10) % 7)) & 1u;
    return n;
}

/* The trading days of the report's period inside the data's span; 0 when
 * it covers them all. */
static int coverage(const ccs_host *h, const ccs_report *rep, run_info *ri)
{
    enum period_kind kind;
    int32_t id, first, last;
    const run_state *r = &h->run;
    if (!rep->period || period_parse(rep->period, &kind, &id) != 0 || r->data_first_day > r->data_last_day)
        return 0;
    period_days(kind, id, &first, &last);
    int32_t lo = first > r->data_first_day ? first : r->data_first_day;
    int32_t hi = last < r->data_last_day ? last : r->data_last_day;
    int32_t days = trading_days(r->data_weekdays, first, last);
    int32_t covered = hi >= lo ? trading_days(r->data_weekdays, lo, hi) : 0;
    if (covered >= days)
        return 0;
    char a[11], b[11];
    fmt_day(a, lo);
    fmt_day(b, hi);
    snprintf(ri->notes[ri->nnotes++], sizeof ri->notes[0],
             "Partial period: the data covers %d of the %d days of %s (%s to %s; days of the week "
             "without any data are not counted); its figures are not comparable with a full period's.",
             (int)covered, (int)days, rep->period, a, b);
    ri->cells[0] = (ccs_cell){ 1, 0, rep->period };
    ri->cells[1] = (ccs_cell){ 1, days, NULL };
    ri->cells[2] = (ccs_cell){ 1, covered, NULL };
    ri->cells[3] = (ccs_cell){ 1, 1, NULL };
    return 1;
}

int add_run_section(ccs_host *h, const ccs_report *rep)
{
    run_info ri;
    memset(&ri, 0, sizeof ri);
    if (h->files_only)
        snprintf(ri.notes[ri.nnotes++], sizeof ri.notes[0],
                 "No policy given (-c): only the files named were read, scored under the bundled "
                 "example's rules and targets; write a policy for your own.");
    int partial = coverage(h, rep, &ri);
    if (!ri.nnotes)
        return 0;
    for (size_t i = 0; i < ri.nnotes; i++)
        ri.note_ptrs[i] = ri.notes[i];
    ccs_table t = { "coverage", "Period coverage", CCS_TABLE_FACTS, 4, coverage_columns, 1, ri.cells, 0 };
    ccs_report_section s = { sizeof s, "run", "About this run", ri.nnotes, ri.note_ptrs,
                             partial ? 1 : 0, partial ? &t : NULL, 0, NULL };
    char why[256];
    section_list *l = &h->report_sections;
    if (section_list_add(l, &s, why, sizeof why) != CCS_OK) {
        fprintf(stderr, "ccscore: error: %s\n", why);
        return -1;
    }
    /* First in the report: it says how to read the rest. */
    ccs_report_section mine = l->items[l->n - 1];
    memmove(l->items + 1, l->items, (l->n - 1) * sizeof *l->items);
    l->items[0] = mine;
    return 0;
}
