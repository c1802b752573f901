/* Retention: advice to management, tied to the figures.  Each kind of advice
 * has a condition on the figures and a template in the [retention]
 * templates folder (advice_<kind>.mustache); a kind whose template the
 * organisation left out gives no advice.  Templates see the figures as
 * text already rounded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "retention.h"
#include "vec.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    while (VEC_GROW(buf, n + 4096, cap)) {
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got < 4096)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Render advice_<kind>.mustache with data (freed here) into rt->advice. */
static int render(retention *rt, size_t *cap, const char *kind, mst_value *data, diag_list *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/advice_%s.mustache", rt->set->templates, kind);
    size_t len = 0;
    char *text = data ? slurp(path, &len) : NULL;
    int rc = 0;
    if (text) {
        mst_error err;
        memset(&err, 0, sizeof err);
        mst_template *t = mst_compile(text, len, path, NULL, &err);
        char *out = NULL;
        size_t outlen;
        if (!t || mst_render(t, data, MST_ESCAPE_NONE, &out, &outlen, &err) != 0) {
            diag_add(d, err.file[0] ? err.file : path, (unsigned long)err.line, "%s", err.message);
            rc = -1;
        } else {
            while (outlen && (out[outlen - 1] == '\n' || out[outlen - 1] == ' '))
                out[--outlen] = 0;
            char **slot = outlen ? VEC_PUSH(rt->advice, rt->nadvice, *cap) : NULL;
            if (slot)
                *slot = out;
            else
                free(out);
        }
        mst_template_free(t);
    } else if (data && errno != ENOENT) {
        diag_add(d, path, 0, "cannot read the advice template: %s", strerror(errno));
        rc = -1;
    }
    free(text);
    mst_free(data);
    return rc;
}

static mst_value *attrition_data(const retention *rt)
{
    const ret_group *g = &rt->org;
    if (!g->has_rate || g->annualised_rate < rt->set->high_attrition)
        return NULL;
    mst_value *m = mst_map();
    mst_put_strf(m, "leavers", "%zu", g->leavers);
    mst_put_strf(m, "average_headcount", "%.1f", g->average_headcount);
    mst_put_strf(m, "annualised", "%.0f%%", 100.0 * g->annualised_rate);
    mst_put_strf(m, "threshold", "%.0f%%", 100.0 * rt->set->high_attrition);
    return m;
}

static mst_value *early_data(const retention *rt)
{
    const ret_group *g = &rt->org;
    if (g->leavers < 2 || g->early_leavers * 2 < g->leavers)
        return NULL;
    mst_value *m = mst_map();
    mst_put_strf(m, "early", "%zu", g->early_leavers);
    mst_put_strf(m, "leavers", "%zu", g->leavers);
    mst_put_strf(m, "days", "%ld", rt->set->early_days);
    if (g->nearly_reasons && g->early_reasons[0].leavers >= 2) {
        mst_put_str(m, "reason", g->early_reasons[0].reason);
        mst_put_strf(m, "reason_leavers", "%zu", g->early_reasons[0].leavers);
    }
    return m;
}

static mst_value *reason_data(const retention *rt)
{
    const ret_group *g = &rt->org;
    if (!g->nreasons || g->reasons[0].leavers < 2 || g->reasons[0].leavers * 3 < g->leavers)
        return NULL;
    mst_value *m = mst_map();
    mst_put_str(m, "reason", g->reasons[0].reason);
    mst_put_strf(m, "reason_leavers", "%zu", g->reasons[0].leavers);
    mst_put_strf(m, "leavers", "%zu", g->leavers);
    return m;
}

/* The shown team with the lowest eNPS, when it is below low_enps. */
static mst_value *team_enps_data(const retention *rt, const char *const *items)
{
    const ret_group *low = NULL;
    for (size_t i = 0; i < rt->nteams; i++)
        if (rt->teams[i].enps.shown && (!low || rt->teams[i].enps.value < low->enps.value))
            low = &rt->teams[i];
    if (!low || low->enps.value >= rt->set->low_enps)
        return NULL;
    mst_value *m = mst_map();
    mst_put_str(m, "team", low->name);
    mst_put_strf(m, "enps", "%.0f", ret_whole(low->enps.value));
    mst_put_strf(m, "n", "%zu", low->enps.n);
    char others[512] = "";
    size_t used = 0, k = 0;
    for (size_t i = 0; i < rt->nteams; i++)
        if (&rt->teams[i] != low && rt->teams[i].enps.shown && used < sizeof others - 64)
            used += (size_t)snprintf(others + used, sizeof others - used, "%s%s %.0f", k++ ? ", " : "",
                                     rt->teams[i].name, ret_whole(rt->teams[i].enps.value));
    if (k)
        mst_put_str(m, "others", others);
    size_t worst = RET_MAX_ITEMS;
    for (size_t i = 0; rt->survey && i < rt->survey->nitems; i++)
        if (low->item_n[i] && (worst == RET_MAX_ITEMS || low->item_mean[i] < low->item_mean[worst]))
            worst = i;
    if (worst < RET_MAX_ITEMS) {
        mst_put_str(m, "item", items[worst]);
        mst_put_strf(m, "item_mean", "%.1f", low->item_mean[worst]);
    }
    return m;
}

/* The organisation's lowest item, when its average is under 3 of 5. */
static mst_value *item_data(const retention *rt, const char *const *items)
{
    const ret_group *g = &rt->org;
    size_t worst = RET_MAX_ITEMS;
    for (size_t i = 0; g->enps.shown && rt->survey && i < rt->survey->nitems; i++)
        if (g->item_n[i] >= (size_t)rt->set->min_answers &&
            (worst == RET_MAX_ITEMS || g->item_mean[i] < g->item_mean[worst]))
            worst = i;
    if (worst == RET_MAX_ITEMS || g->item_mean[worst] >= 3.0)
        return NULL;
    mst_value *m = mst_map();
    mst_put_str(m, "item", items[worst]);
    mst_put_strf(m, "mean", "%.1f", g->item_mean[worst]);
    mst_put_strf(m, "n", "%zu", g->item_n[worst]);
    return m;
}

/* Current agents listed for sustained occupancy or missing coaching: how
 * many of those judged, never who. */
static mst_value *load_data(const retention *rt, int occupancy)
{
    size_t k = occupancy ? rt->occ_high : rt->coach_none;
    if (!k)
        return NULL;
    mst_value *m = mst_map();
    mst_put_strf(m, "agents", "%zu", k);
    mst_put_strf(m, "judged", "%zu", occupancy ? rt->occ_judged : rt->coach_judged);
    mst_put_strf(m, "weeks", "%ld", occupancy ? rt->set->occupancy_weeks : rt->set->coaching_weeks);
    mst_put_strf(m, "over", "%g%%", rt->set->high_occupancy * 100.0);
    return m;
}

int ret_advice(retention *rt, diag_list *d)
{
    if (!rt->set->templates)
        return 0;
    const char *const *items = rt->survey ? (const char *const *)rt->survey->items : NULL;
    size_t cap = 0;
    int rc = render(rt, &cap, "early_leavers", early_data(rt), d);
    rc |= render(rt, &cap, "reason", reason_data(rt), d);
    rc |= render(rt, &cap, "attrition", attrition_data(rt), d);
    rc |= render(rt, &cap, "team_enps", team_enps_data(rt, items), d);
    rc |= render(rt, &cap, "item", item_data(rt, items), d);
    rc |= render(rt, &cap, "occupancy", load_data(rt, 1), d);
    rc |= render(rt, &cap, "coaching", load_data(rt, 0), d);
    return rc ? -1 : 0;
}
