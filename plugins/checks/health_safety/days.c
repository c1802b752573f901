/* An agent's working days: the spans in time order, split into presence and
 * rest, grouped into days (a span that starts before the day's last span
 * ends stays with that day), and each day measured piece by piece: working
 * time, the longest break inside the day, the longest stretch of screen work. */
#include <stdlib.h>
#include <string.h>

#include "hs.h"

static int is_presence(int k)
{
    return k == CCS_ACT_SHIFT || k == CCS_ACT_TRAINING || k == CCS_ACT_COACHING || k == CCS_ACT_LOGIN ||
           k == CCS_ACT_PAUSE || k == CCS_ACT_WRAPUP;
}

static int is_rest(int k)
{
    return k == CCS_ACT_BREAK || k == CCS_ACT_LUNCH;
}

static int is_off_screen_work(int k)
{
    return k == CCS_ACT_TRAINING || k == CCS_ACT_COACHING || k == CCS_ACT_PAUSE;
}

static int span_cmp(const void *x, const void *y)
{
    const span *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e < b->e ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static int i64_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

int hs_days_init(agent_days *d, hs_inst *h, agent *a)
{
    memset(d, 0, sizeof *d);
    d->h = h;
    d->a = a;
    d->young = a->young == 1;
    qsort(a->spans, a->n, sizeof *a->spans, span_cmp);
    d->pres = malloc((a->n + 1) * sizeof *d->pres);
    d->rest = malloc((a->n + 1) * sizeof *d->rest);
    d->g = malloc((a->n + 1) * sizeof *d->g);
    if (!d->pres || !d->rest || !d->g) {
        hs_days_free(d);
        return -1;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (is_presence(a->spans[i].kind))
            d->pres[d->np++] = a->spans[i];
        else if (is_rest(a->spans[i].kind))
            d->rest[d->nr++] = a->spans[i];
    }
    for (size_t i = 0; i < d->np; i++) {
        const span *p = &d->pres[i];
        day_group *cur = d->ng ? &d->g[d->ng - 1] : NULL;
        if (cur && (p->day == cur->day || p->s <= cur->ee)) {
            cur->last = i + 1;
            if (p->e > cur->ee)
                cur->ee = p->e;
            continue;
        }
        d->g[d->ng++] = (day_group){ i, i + 1, p->s, p->e, p->day, 0, 0, 0 };
    }
    return 0;
}

void hs_days_free(agent_days *d)
{
    free(d->pres);
    free(d->rest);
    free(d->g);
    d->pres = d->rest = NULL;
    d->g = NULL;
}

/* The sorted, distinct instants where something starts or ends inside the
 * day's envelope; NULL when out of memory. */
static int64_t *day_points(const agent_days *d, const day_group *g, size_t *npoints)
{
    size_t np = g->last - g->first;
    size_t cap = 2 * (np + d->nr) + 2, n = 0;
    int64_t *pts = malloc(cap * sizeof *pts);
    if (!pts)
        return NULL;
    pts[n++] = g->es;
    pts[n++] = g->ee;
    for (size_t i = g->first; i < g->last; i++) {
        pts[n++] = d->pres[i].s;
        pts[n++] = d->pres[i].e;
    }
    for (size_t i = 0; i < d->nr; i++) {
        const span *r = &d->rest[i];
        if (r->e <= g->es || r->s >= g->ee)
            continue;
        pts[n++] = r->s < g->es ? g->es : r->s;
        pts[n++] = r->e > g->ee ? g->ee : r->e;
    }
    qsort(pts, n, sizeof *pts, i64_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || pts[i] != pts[u - 1])
            pts[u++] = pts[i];
    *npoints = u;
    return pts;
}

/* What the piece [a, b) of the day is: working time, and screen work. */
static void classify(const agent_days *d, const day_group *g, int64_t a, int64_t b, int *work, int *screen)
{
    int in_p = 0, in_off_work = 0, in_rest = 0, in_override = 0;
    for (size_t i = g->first; i < g->last; i++) {
        const span *p = &d->pres[i];
        if (p->s <= a && p->e >= b) {
            in_p = 1;
            if (is_off_screen_work(p->kind))
                in_off_work = 1;
            if (p->kind == CCS_ACT_TRAINING || p->kind == CCS_ACT_COACHING)
                in_override = 1;
        }
    }
    for (size_t i = 0; i < d->nr && !in_rest; i++)
        if (d->rest[i].s <= a && d->rest[i].e >= b)
            in_rest = 1;
    *work = in_p && (!in_rest || in_override);
    *screen = *work && !in_off_work;
}

/* Classify every elementary piece of the envelope and measure the day. */
int hs_measure_day(agent_days *d, size_t k)
{
    day_group *g = &d->g[k];
    size_t u;
    int64_t *pts = day_points(d, g, &u);
    if (!pts)
        return -1;
    g->work = 0;
    g->longest_break = 0;
    g->longest_screen = 0;
    int64_t break_start = -1;          /* current run of non-work */
    int64_t screen_start = -1, off_start = -1; /* current screen stretch and interruption */
    for (size_t i = 0; i + 1 < u; i++) {
        int64_t a = pts[i], b = pts[i + 1];
        int work, screen;
        classify(d, g, a, b, &work, &screen);
        if (work) {
            g->work += b - a;
            if (break_start >= 0 && break_start > g->es && a - break_start > g->longest_break)
                g->longest_break = a - break_start;
            break_start = -1;
        } else if (break_start < 0)
            break_start = a;
        /* screen stretches: an interruption shorter than screen_break does not end one */
        if (screen) {
            if (off_start >= 0 && a - off_start >= d->h->lim.screen_break)
                screen_start = -1;
            off_start = -1;
            if (screen_start < 0)
                screen_start = a;
            if (b - screen_start > g->longest_screen)
                g->longest_screen = b - screen_start;
        } else if (off_start < 0)
            off_start = a;
    }
    /* a non-work run that reaches the envelope's end is not a break */
    free(pts);
    return 0;
}
