/* workload: the report section "workload" as data (ABI 1.2): the settings
 * (facts), the queues over the period, the bottlenecks (intervals below
 * target, most contacts affected first, each with a suggestion), every
 * interval (detail, printed with show_intervals), and the typical week
 * (pattern.c) with a chart over it. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "workload.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static const ccs_column settings_columns[] = {
    { "interval_minutes", "interval", CCS_VAL_NUMBER, "minutes", 0 },
    { "target", "service level target", CCS_VAL_RATE, NULL, 0 },
    { "threshold_s", "answered within", CCS_VAL_DURATION, NULL, 0 },
    { "variant", "service level variant", CCS_VAL_TEXT, NULL, 0 },
    { "short_abandon_s", "short abandon within", CCS_VAL_DURATION, NULL, 0 },
    { "max_occupancy", "Erlang C occupancy at most", CCS_VAL_RATE, NULL, 0 },
    { "shrinkage", "shrinkage", CCS_VAL_RATE, NULL, 0 },
    { "period_first", "first day", CCS_VAL_DATE, NULL, 0 },
    { "period_last", "last day", CCS_VAL_DATE, NULL, 0 },
};

static const ccs_column queue_columns[] = {
    { "queue", NULL, CCS_VAL_ID, NULL, 0 },
    { "offered", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "answered", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "abandoned", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "short_abandons", "(short)", CCS_VAL_COUNT, NULL, 0 },
    { "other_exits", "exits", CCS_VAL_COUNT, NULL, 0 },
    { "service_level", "SL", CCS_VAL_RATE, NULL, 1 },
    { "asa", "ASA", CCS_VAL_DURATION, NULL, 1 },
    { "aht", "AHT", CCS_VAL_DURATION, NULL, 1 },
    { "occupancy", NULL, CCS_VAL_RATE, NULL, 1 },
    { "peak_required", "peak required", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column bottleneck_columns[] = {
    { "queue", NULL, CCS_VAL_ID, NULL, 0 },
    { "date", NULL, CCS_VAL_DATE, NULL, 0 },
    { "weekday", "day", CCS_VAL_TEXT, NULL, 0 },
    { "start", NULL, CCS_VAL_TIME, NULL, 0 },
    { "end", NULL, CCS_VAL_TIME, NULL, 0 },
    { "service_level", "SL", CCS_VAL_RATE, NULL, 0 },
    { "affected", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "required", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "staffed", NULL, CCS_VAL_NUMBER, "agents", 2 },
    { "suggestion", NULL, CCS_VAL_TEXT, NULL, 0 },
};

static const ccs_column interval_columns[] = {
    { "queue", NULL, CCS_VAL_ID, NULL, 0 },
    { "date", NULL, CCS_VAL_DATE, NULL, 0 },
    { "weekday", "day", CCS_VAL_TEXT, NULL, 0 },
    { "start", NULL, CCS_VAL_TIME, NULL, 0 },
    { "end", NULL, CCS_VAL_TIME, NULL, 0 },
    { "offered", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "answered", "answ", CCS_VAL_COUNT, NULL, 0 },
    { "abandoned", "aband", CCS_VAL_COUNT, NULL, 0 },
    { "short_abandons", "(short)", CCS_VAL_COUNT, NULL, 0 },
    { "other_exits", "exits", CCS_VAL_COUNT, NULL, 0 },
    { "service_level", "SL", CCS_VAL_RATE, NULL, 1 },
    { "asa", "ASA", CCS_VAL_DURATION, NULL, 1 },
    { "aht", "AHT", CCS_VAL_DURATION, NULL, 1 },
    { "occupancy", "occ", CCS_VAL_RATE, NULL, 1 },
    { "staffed", NULL, CCS_VAL_NUMBER, "agents", 2 },
    { "staffed_from", "from", CCS_VAL_TEXT, NULL, 0 },
    { "traffic", NULL, CCS_VAL_NUMBER, "Erlang", 4 },
    { "required", "req", CCS_VAL_COUNT, NULL, 0 },
    { "gap", NULL, CCS_VAL_NUMBER, "agents", 2 },
};

/* ------------------------------------------------ the period */

typedef struct ranked {
    const cell *c;
    fig f;
    double affected;
} ranked;

static int by_affected(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->affected != y->affected)
        return x->affected < y->affected ? 1 : -1;
    if (x->c->day != y->c->day)
        return x->c->day < y->c->day ? -1 : 1;
    if (x->c->slot != y->c->slot)
        return x->c->slot < y->c->slot ? -1 : 1;
    return x->c->queue < y->c->queue ? -1 : x->c->queue > y->c->queue;
}

static int by_time(const void *a, const void *b)
{
    const cell *x = *(cell *const *)a, *y = *(cell *const *)b;
    if (x->queue != y->queue)
        return x->queue < y->queue ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static int by_queue_name(const void *a, const void *b, void *arg)
{
    const strtab *q = arg;
    return strcmp(strtab_get(q, *(const int32_t *)a), strtab_get(q, *(const int32_t *)b));
}

static void period_close(wl_period *p)
{
    free(p->tot);
    free(p->qaht);
    free(p->peak);
    free(p->in);
    free(p->qorder);
}

static void add_to(cell *t, const cell *c)
{
    t->offered += c->offered; t->answered += c->answered; t->abandoned += c->abandoned;
    t->short_ab += c->short_ab; t->exits += c->exits; t->ans_in += c->ans_in;
    t->ab_in += c->ab_in; t->ab_after += c->ab_after; t->wait_ans += c->wait_ans;
    t->handle += c->handle; t->staffed_s += c->staffed_s; t->busy_s += c->busy_s;
}

/* The period's cells in order and the queues' sums over them. */
static int period_open(wl_inst *w, ccs_host *host, wl_period *p)
{
    memset(p, 0, sizeof *p);
    p->first = INT32_MIN;
    p->last = INT32_MAX;
    p->has_period = CCS_HAS_FIELD(wl_api, ccs_host_api, report_period) && wl_api->report_period &&
                    wl_api->report_period(host, &p->first, &p->last) == CCS_OK;
    size_t nq = p->nq = w->queues.n;
    p->tot = calloc(nq ? nq : 1, sizeof *p->tot);
    p->qaht = calloc(nq ? nq : 1, sizeof *p->qaht);
    p->peak = calloc(nq ? nq : 1, sizeof *p->peak);
    p->in = calloc(w->ncells ? w->ncells : 1, sizeof *p->in);
    p->qorder = calloc(nq ? nq : 1, sizeof *p->qorder);
    if (!p->tot || !p->qaht || !p->peak || !p->in || !p->qorder) {
        period_close(p);
        return -1;
    }
    for (size_t i = 0; i < w->ncells; i++) {
        cell *c = &w->cells[i];
        if (c->day < p->first || c->day > p->last)
            continue;
        p->in[p->nin++] = c;
        add_to(&p->tot[c->queue], c);
    }
    for (size_t q = 0; q < nq; q++) {
        p->qaht[q] = p->tot[q].answered ? p->tot[q].handle / (double)p->tot[q].answered : 0;
        p->qorder[q] = (int32_t)q;
    }
    if (nq > 1) /* qsort(NULL, 0) is undefined */
        qsort_r(p->qorder, nq, sizeof *p->qorder, by_queue_name, &w->queues);
    if (p->nin > 1)
        qsort(p->in, p->nin, sizeof *p->in, by_time);
    return 0;
}

/* ------------------------------------------------ the tables */

static void settings_table(const wl_inst *w, const wl_period *p, table_builder *b)
{
    tb_init(b, "settings", NULL, settings_columns, NCOLS(settings_columns));
    b->t.flags = CCS_TABLE_FACTS;
    tb_num(b, w->interval_min);
    tb_num(b, w->target);
    tb_num(b, w->threshold);
    tb_text(b, wl_variant_names[w->variant]);
    tb_num(b, w->short_s);
    tb_num(b, w->max_occ);
    tb_num(b, w->shrinkage);
    tb_opt(b, p->has_period, p->first);
    tb_opt(b, p->has_period, p->last);
}

static void num_or_none(table_builder *b, int has, double v)
{
    tb_opt(b, has && isfinite(v), v);
}

/* A cell's queue, date, weekday, start and end. */
static void when(const wl_inst *w, const cell *c, table_builder *b)
{
    tb_text(b, strtab_get(&w->queues, c->queue));
    tb_num(b, c->day);
    tb_text(b, weekday_name(c->day));
    tb_num(b, c->slot * w->interval_min);
    tb_num(b, (c->slot + 1) * w->interval_min);
}

static void interval_row(const wl_inst *w, const cell *c, const fig *f, table_builder *b)
{
    when(w, c, b);
    tb_num(b, (double)c->offered);
    tb_num(b, (double)c->answered);
    tb_num(b, (double)c->abandoned);
    tb_num(b, (double)c->short_ab);
    tb_num(b, (double)c->exits);
    num_or_none(b, f->has_sl, f->sl);
    num_or_none(b, f->has_asa, f->asa);
    num_or_none(b, f->has_aht, f->aht);
    num_or_none(b, f->has_occ, f->occupancy);
    tb_num(b, f->staffed);
    tb_text(b, f->from_activity ? "activity" : "contacts");
    num_or_none(b, f->has_required, f->traffic);
    tb_opt(b, f->has_required, f->required);
    tb_opt(b, f->has_required, (double)f->required - f->staffed);
}

/* Every interval of the period; the queues' peaks and the intervals below
 * target on the way (*bad, *nbad). */
static int intervals_table(const wl_inst *w, wl_period *p, table_builder *b, ranked **bad, size_t *nbad)
{
    tb_init(b, "intervals", "Intervals", interval_columns, NCOLS(interval_columns));
    b->t.flags = w->show_intervals ? 0 : CCS_TABLE_DETAIL;
    *nbad = 0;
    *bad = calloc(p->nin ? p->nin : 1, sizeof **bad);
    if (!*bad)
        return -1;
    for (size_t i = 0; i < p->nin; i++) {
        const cell *c = p->in[i];
        fig f;
        wl_figures(w, c, p->qaht[c->queue], &f);
        if (f.has_required && f.required > p->peak[c->queue])
            p->peak[c->queue] = f.required;
        interval_row(w, c, &f, b);
        if (f.has_sl && f.sl < w->target - 1e-12)
            (*bad)[(*nbad)++] = (ranked){ c, f, f.den - f.num };
    }
    if (*nbad > 1)
        qsort(*bad, *nbad, sizeof **bad, by_affected);
    return 0;
}

static void queues_table(const wl_inst *w, const wl_period *p, table_builder *b)
{
    tb_init(b, "queues", "Queues over the period", queue_columns, NCOLS(queue_columns));
    for (size_t k = 0; k < p->nq; k++) {
        int32_t q = p->qorder[k];
        const cell *c = &p->tot[q];
        fig f;
        memset(&f, 0, sizeof f);
        wl_service_level(w, c, &f);
        int has_occ = c->staffed_s > 0;
        tb_text(b, strtab_get(&w->queues, q));
        tb_num(b, (double)c->offered);
        tb_num(b, (double)c->answered);
        tb_num(b, (double)c->abandoned);
        tb_num(b, (double)c->short_ab);
        tb_num(b, (double)c->exits);
        num_or_none(b, f.has_sl, f.sl);
        num_or_none(b, c->answered > 0, c->answered ? c->wait_ans / (double)c->answered : 0);
        num_or_none(b, c->answered > 0, p->qaht[q]);
        num_or_none(b, has_occ, has_occ ? (c->handle + c->busy_s) / c->staffed_s : 0);
        tb_num(b, p->peak[q]);
    }
}

static void bottlenecks_table(const wl_inst *w, const wl_period *p, const ranked *bad, size_t nbad,
                              table_builder *b)
{
    tb_init(b, "bottlenecks", "Bottlenecks", bottleneck_columns, NCOLS(bottleneck_columns));
    /* The text lists max_bottlenecks of them (none with 0). */
    if (w->max_bottlenecks > 0)
        b->t.shown = (size_t)w->max_bottlenecks;
    else
        b->t.flags = CCS_TABLE_DETAIL;
    for (size_t i = 0; i < nbad; i++) {
        char why[512];
        wl_suggestion(w, bad[i].c, &bad[i].f, p->qaht, why, sizeof why);
        when(w, bad[i].c, b);
        tb_num(b, bad[i].f.sl);
        tb_num(b, bad[i].affected);
        tb_opt(b, bad[i].f.has_required, bad[i].f.required);
        tb_num(b, bad[i].f.staffed);
        tb_text(b, why);
    }
}

/* ------------------------------------------------ the section */

enum { T_SETTINGS, T_INTERVALS, T_QUEUES, T_BOTTLENECKS, T_WEEKLY, T_TYPICAL, NTABLES };

static int hand_over(ccs_host *host, const wl_period *p, table_builder *tb, size_t nbad)
{
    char title[128], note[128], a[16], b[16];
    if (p->has_period) {
        fmt_day(a, p->first);
        fmt_day(b, p->last);
        snprintf(title, sizeof title, "Workload and staffing by queue and interval (%s to %s)", a, b);
    } else {
        snprintf(title, sizeof title, "Workload and staffing by queue and interval");
    }
    snprintf(note, sizeof note, "%zu interval%s below target%s", nbad, nbad == 1 ? "" : "s",
             nbad ? ", most contacts affected first" : "");
    const char *notes[] = { note };
    ccs_table tables[NTABLES];
    for (int i = 0; i < NTABLES; i++) {
        if (tb[i].oom)
            return CCS_ERR;
        tables[i] = *tb_table(&tb[i]);
    }
    static const ccs_chart chart = { "Typical week: contacts offered per interval", CCS_CHART_LINE,
                                     "typical_week", "start", "mon,tue,wed,thu,fri,sat,sun", NULL };
    ccs_report_section sec = { sizeof sec, "workload", title, 1, notes, NTABLES, tables, 1, &chart };
    if (!CCS_HAS_FIELD(wl_api, ccs_host_api, add_report_section) || !wl_api->add_report_section) {
        wl_api->log(host, CCS_LOG_ERROR, "the host cannot take report sections as data (ABI 1.2)");
        return CCS_ERR;
    }
    return wl_api->add_report_section(host, &sec);
}

int wl_finish(void *inst, ccs_host *host)
{
    wl_inst *w = inst;
    wl_spread_activity(w, host);
    wl_period p;
    if (period_open(w, host, &p) != 0)
        return CCS_ERR;
    table_builder tb[NTABLES];
    memset(tb, 0, sizeof tb);
    ranked *bad = NULL;
    size_t nbad = 0;
    int rc = CCS_ERR;
    settings_table(w, &p, &tb[T_SETTINGS]);
    if (intervals_table(w, &p, &tb[T_INTERVALS], &bad, &nbad) == 0 &&
        wl_pattern_tables(w, &p, &tb[T_WEEKLY], &tb[T_TYPICAL]) == 0) {
        queues_table(w, &p, &tb[T_QUEUES]);
        bottlenecks_table(w, &p, bad, nbad, &tb[T_BOTTLENECKS]);
        rc = hand_over(host, &p, tb, nbad);
    }
    for (int i = 0; i < NTABLES; i++)
        tb_free(&tb[i]);
    free(bad);
    period_close(&p);
    return rc;
}
