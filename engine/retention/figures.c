/* Retention figures over a window [from, to] (DOMAIN.md): headcount at the
 * start (employed at the end of the day before `from`) and at the end (at
 * the end of `to`), average = (start + end) / 2, attrition = leavers /
 * average, annualised x 365 / days; a leaver is a roster row whose left_on
 * falls in the window (left_on is the first day no longer employed, so a
 * leaver on `from` counts in the start headcount and one on `to` not in the
 * end headcount).  Each roster row is one employment spell: a rehire counts
 * once per spell, and never twice at one moment unless the roster overlaps
 * its spells.  Early leavers: service (left_on - hired_on) under early_days. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "retention.h"
#include "stats.h"
#include "vec.h"

static int employed_at(const roster_row *w, int32_t day)
{
    return w->hired_on != INT32_MIN && w->hired_on <= day && (w->left_on == INT32_MIN || w->left_on > day);
}

/* The leave reason as a category: lower case, blanks squeezed, at most 40
 * bytes, "not given" when empty. */
static void reason_key(const char *in, char *out, size_t len)
{
    size_t o = 0;
    for (const char *s = in ? in : ""; *s && o + 1 < len && o < 40; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f || c == ' ') {
            if (o && out[o - 1] != ' ')
                out[o++] = ' ';
            continue;
        }
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = 0;
    if (!o)
        snprintf(out, len, "not given");
}

static int add_reason(ret_reason **v, size_t *n, size_t *cap, const char *raw)
{
    char key[48];
    reason_key(raw, key, sizeof key);
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].reason, key) == 0) {
            (*v)[i].leavers++;
            return 0;
        }
    ret_reason *r = VEC_PUSH(*v, *n, *cap);
    if (!r || !(r->reason = strdup(key)))
        return -1;
    r->leavers = 1;
    return 0;
}

static int by_leavers(const void *a, const void *b)
{
    const ret_reason *x = a, *y = b;
    if (x->leavers != y->leavers)
        return x->leavers > y->leavers ? -1 : 1;
    return strcmp(x->reason, y->reason);
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The roster figures of the rows of team `team` (NO_ID - 1: every row). */
static int roster_figures(ret_group *g, const run_state *r, const retention *rt, int32_t team)
{
    size_t cap = 0, capearly = 0, ntenure = 0;
    double *tenure = malloc((r->nroster ? r->nroster : 1) * sizeof *tenure);
    if (!tenure)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < r->nroster && rc == 0; i++) {
        const roster_row *w = &r->roster[i];
        if (team != NO_ID - 1 && w->team != team)
            continue;
        g->headcount_start += employed_at(w, rt->from - 1);
        g->headcount_end += employed_at(w, rt->to);
        if (w->left_on == INT32_MIN || w->left_on < rt->from || w->left_on > rt->to)
            continue;
        g->leavers++;
        if (w->hired_on != INT32_MIN && w->hired_on <= w->left_on) {
            tenure[ntenure++] = (double)(w->left_on - w->hired_on);
            if (w->left_on - w->hired_on < rt->set->early_days) {
                g->early_leavers++;
                rc = add_reason(&g->early_reasons, &g->nearly_reasons, &capearly, w->reason);
            }
        }
        if (rc == 0)
            rc = add_reason(&g->reasons, &g->nreasons, &cap, w->reason);
    }
    if (g->nreasons) /* qsort's base must not be NULL, even for no items */
        qsort(g->reasons, g->nreasons, sizeof *g->reasons, by_leavers);
    if (g->nearly_reasons)
        qsort(g->early_reasons, g->nearly_reasons, sizeof *g->early_reasons, by_leavers);
    g->average_headcount = (double)(g->headcount_start + g->headcount_end) / 2.0;
    g->has_rate = g->average_headcount > 0;
    if (g->has_rate) {
        g->attrition_rate = (double)g->leavers / g->average_headcount;
        g->annualised_rate = g->attrition_rate * 365.0 / (double)(rt->to - rt->from + 1);
    }
    g->tenure_n = ntenure;
    if ((g->has_tenure = ntenure > 0) != 0) {
        qsort(tenure, ntenure, sizeof *tenure, by_double);
        g->tenure_median_days = ntenure % 2 ? tenure[ntenure / 2]
                                            : (tenure[ntenure / 2 - 1] + tenure[ntenure / 2]) / 2.0;
    }
    free(tenure);
    return rc;
}

void ret_enps_compute(ret_enps *e)
{
    if (!e->n)
        return;
    stats_nps(e->promoters, e->detractors, e->n, &e->value, &e->ci_low, &e->ci_high);
}

/* Survey figures of the answers of survey team st (-1: all) in the window. */
static void survey_figures(ret_group *g, const retention *rt, int32_t st)
{
    const ret_survey *s = rt->survey;
    double sum[RET_MAX_ITEMS] = { 0 };
    for (size_t i = 0; s && i < s->nanswers; i++) {
        const ret_answer *a = &s->answers[i];
        if (a->day < rt->from || a->day > rt->to || (st >= 0 && a->team != st))
            continue;
        if (a->enps >= 0) {
            g->enps.n++;
            g->enps.promoters += a->enps >= 9;
            g->enps.detractors += a->enps <= 6;
        }
        for (size_t k = 0; k < s->nitems; k++)
            if (a->items[k] > 0) {
                sum[k] += a->items[k];
                g->item_n[k]++;
            }
    }
    for (size_t k = 0; s && k < s->nitems; k++)
        g->item_mean[k] = g->item_n[k] ? sum[k] / (double)g->item_n[k] : 0.0;
    ret_enps_compute(&g->enps);
    g->enps.shown = g->enps.n >= (size_t)rt->set->min_answers;
}

static int32_t survey_team(const ret_survey *s, const char *name)
{
    for (size_t i = 0; s && i < s->nteams; i++)
        if (strcmp(s->teams[i], name) == 0)
            return (int32_t)i;
    return -2; /* no answers from that team */
}

/* Anonymity: a team under min_answers is not shown; when the hidden teams'
 * answers together are fewer than min_answers, the organisation's figure
 * minus the shown teams would reveal them, so the smallest shown team is
 * hidden too (until the hidden answers reach min_answers or none is shown). */
static void suppress(retention *rt)
{
    size_t hidden = rt->org.enps.n; /* answers of teams not shown, or not on the roster */
    for (size_t i = 0; i < rt->nteams; i++)
        hidden -= rt->teams[i].enps.shown ? rt->teams[i].enps.n : 0;
    while (hidden > 0 && hidden < (size_t)rt->set->min_answers) {
        ret_group *smallest = NULL;
        for (size_t i = 0; i < rt->nteams; i++)
            if (rt->teams[i].enps.shown && (!smallest || rt->teams[i].enps.n < smallest->enps.n))
                smallest = &rt->teams[i];
        if (!smallest)
            break;
        smallest->enps.shown = 0;
        hidden += smallest->enps.n;
    }
    if (!rt->org.enps.shown)
        for (size_t i = 0; i < rt->nteams; i++)
            rt->teams[i].enps.shown = 0;
}

int ret_figures(retention *rt, const run_state *r, diag_list *d)
{
    (void)d;
    if (roster_figures(&rt->org, r, rt, NO_ID - 1) != 0)
        return -1;
    survey_figures(&rt->org, rt, -1);
    /* Teams in the order the run interned them (roster order first). */
    rt->teams = calloc(r->teams.n ? r->teams.n : 1, sizeof *rt->teams);
    if (!rt->teams)
        return -1;
    for (uint32_t t = 0; t < r->teams.n; t++) {
        int used = 0;
        for (size_t i = 0; i < r->nroster && !used; i++)
            used = r->roster[i].team == (int32_t)t;
        if (!used)
            continue;
        ret_group *g = &rt->teams[rt->nteams++];
        g->name = strtab_get(&r->teams, (int32_t)t);
        if (roster_figures(g, r, rt, (int32_t)t) != 0)
            return -1;
        int32_t st = survey_team(rt->survey, g->name);
        if (st >= 0)
            survey_figures(g, rt, st);
    }
    suppress(rt);
    return 0;
}

static void group_free(ret_group *g)
{
    for (size_t i = 0; i < g->nreasons; i++)
        free(g->reasons[i].reason);
    free(g->reasons);
    for (size_t i = 0; i < g->nearly_reasons; i++)
        free(g->early_reasons[i].reason);
    free(g->early_reasons);
}

void ret_free(retention *rt)
{
    group_free(&rt->org);
    for (size_t i = 0; i < rt->nteams; i++)
        group_free(&rt->teams[i]);
    free(rt->teams);
    for (size_t i = 0; i < rt->nrisks; i++)
        free(rt->risks[i].factors);
    free(rt->risks);
    for (size_t i = 0; i < rt->nadvice; i++)
        free(rt->advice[i]);
    free(rt->advice);
    for (size_t i = 0; i < rt->ntrend_facts; i++)
        free(rt->trend_facts[i]);
    free(rt->trend_facts);
    memset(rt, 0, sizeof *rt);
}
