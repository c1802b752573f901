/* workload: the typical week of the period.  Per queue, weekday and
 * interval, the mean contacts offered over the period's days of that weekday
 * and the agents Erlang C requires for it (weekly_pattern, for planners'
 * tools); and, all queues together, the offered means and the required
 * agents summed over queues, each sized on its own (typical_week, one row
 * per interval with contacts, one column pair per weekday). */
#include <stdint.h>
#include <stdlib.h>

#include "datefmt.h"
#include "workload.h"

static const ccs_column weekly_columns[] = {
    { "queue", NULL, CCS_VAL_ID, NULL, 0 },
    { "weekday", NULL, CCS_VAL_TEXT, NULL, 0 },
    { "start", NULL, CCS_VAL_TIME, NULL, 0 },
    { "days", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "offered_mean", "offered (mean)", CCS_VAL_NUMBER, "contacts", 1 },
    { "aht", "AHT", CCS_VAL_DURATION, NULL, 1 },
    { "required", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "to_schedule", "to schedule", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column typical_columns[] = {
    { "start", NULL, CCS_VAL_TIME, NULL, 0 },
    { "mon", "Mon", CCS_VAL_NUMBER, NULL, 1 }, { "mon_required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "tue", "Tue", CCS_VAL_NUMBER, NULL, 1 }, { "tue_required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "wed", "Wed", CCS_VAL_NUMBER, NULL, 1 }, { "wed_required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "thu", "Thu", CCS_VAL_NUMBER, NULL, 1 }, { "thu_required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "fri", "Fri", CCS_VAL_NUMBER, NULL, 1 }, { "fri_required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "sat", "Sat", CCS_VAL_NUMBER, NULL, 1 }, { "sat_required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "sun", "Sun", CCS_VAL_NUMBER, NULL, 1 }, { "sun_required", "req", CCS_VAL_COUNT, NULL, 0 },
};

/* Sums per queue x weekday x interval over the period's cells. */
typedef struct week_sums {
    int slots;
    int ndays[7];              /* days of each weekday in the period */
    double *offered, *handle, *answered;
} week_sums;

static size_t week_index(const week_sums *s, size_t queue, int weekday, int slot)
{
    return (queue * 7 + (size_t)weekday) * (size_t)s->slots + (size_t)slot;
}

static int week_sums_fill(const wl_inst *w, const wl_period *p, week_sums *s)
{
    s->slots = 1440 / w->interval_min;
    int32_t lo = p->first, hi = p->last;
    if (!p->has_period) {
        lo = INT32_MAX;
        hi = INT32_MIN;
        for (size_t i = 0; i < p->nin; i++) {
            if (p->in[i]->day < lo) lo = p->in[i]->day;
            if (p->in[i]->day > hi) hi = p->in[i]->day;
        }
    }
    for (int32_t d = lo; p->nin && d <= hi; d++)
        s->ndays[weekday_index(d)]++;
    size_t n = (size_t)7 * (size_t)s->slots * (p->nq ? p->nq : 1);
    s->offered = calloc(n, sizeof *s->offered);
    s->handle = calloc(n, sizeof *s->handle);
    s->answered = calloc(n, sizeof *s->answered);
    if (!s->offered || !s->handle || !s->answered)
        return -1;
    for (size_t i = 0; i < p->nin; i++) {
        const cell *c = p->in[i];
        size_t k = week_index(s, (size_t)c->queue, weekday_index(c->day), c->slot);
        s->offered[k] += (double)c->offered;
        s->handle[k] += c->handle;
        s->answered[k] += (double)c->answered;
    }
    return 0;
}

static void week_sums_free(week_sums *s)
{
    free(s->offered);
    free(s->handle);
    free(s->answered);
}

/* One weekday's cell of one interval: its weekly_pattern rows (one per
 * queue with contacts) and its offered mean and required sum over queues. */
static void weekday_slot(const wl_inst *w, const wl_period *p, const week_sums *s, int d, int slot,
                         table_builder *weekly, double *offered, int *required)
{
    for (size_t q = 0; q < p->nq; q++) {
        size_t k = week_index(s, q, d, slot);
        if (s->offered[k] <= 0)
            continue;
        double mean = s->offered[k] / s->ndays[d];
        double aht = s->answered[k] > 0 ? s->handle[k] / s->answered[k] : p->qaht[q];
        int req = aht > 0 ? wl_required(w, mean, aht) : -1;
        *offered += mean;
        if (req > 0)
            *required += req;
        tb_text(weekly, strtab_get(&w->queues, (int32_t)q));
        tb_text(weekly, weekday_name(4 + d) /* 1970-01-05 was a Monday */);
        tb_num(weekly, slot * w->interval_min);
        tb_num(weekly, s->ndays[d]);
        tb_num(weekly, mean);
        tb_opt(weekly, aht > 0, aht);
        tb_opt(weekly, req >= 0, req);
        tb_opt(weekly, req >= 0, req >= 0 ? wl_to_schedule(w, req) : 0);
    }
}

int wl_pattern_tables(const wl_inst *w, const wl_period *p, table_builder *weekly, table_builder *typical)
{
    tb_init(weekly, "weekly_pattern", "Typical week per queue", weekly_columns,
            sizeof weekly_columns / sizeof weekly_columns[0]);
    weekly->t.flags = CCS_TABLE_DETAIL;
    tb_init(typical, "typical_week",
            "Typical week: contacts offered per interval, mean over the period, and agents required",
            typical_columns, sizeof typical_columns / sizeof typical_columns[0]);
    week_sums s = { 0 };
    if (week_sums_fill(w, p, &s) != 0) {
        week_sums_free(&s);
        return -1;
    }
    for (int slot = 0; slot < s.slots; slot++) {
        double off7[7] = { 0 }, total = 0;
        int req7[7] = { 0 };
        for (int d = 0; d < 7; d++) {
            if (!s.ndays[d])
                continue;
            weekday_slot(w, p, &s, d, slot, weekly, &off7[d], &req7[d]);
            total += off7[d];
        }
        if (total <= 0)
            continue;
        tb_num(typical, slot * w->interval_min);
        for (int d = 0; d < 7; d++) {
            tb_opt(typical, off7[d] > 0, off7[d]);
            tb_opt(typical, off7[d] > 0, req7[d]);
        }
    }
    week_sums_free(&s);
    return weekly->oom || typical->oom ? -1 : 0;
}
