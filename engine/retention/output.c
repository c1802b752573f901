/* Retention as JSON and text (`ccscore retention`). */
#include <string.h>

#include "datefmt.h"
#include "json.h"
#include "retention.h"

static void opt_num(jsonw *w, const char *key, int present, double v)
{
    jsonw_key(w, key);
    if (present)
        jsonw_number(w, v);
    else
        jsonw_null(w);
}

static void json_enps(jsonw *w, const ret_enps *e)
{
    jsonw_key(w, "enps");
    jsonw_inline(w);
    jsonw_begin_object(w);
    opt_num(w, "value", e->shown, e->value);
    jsonw_key(w, "n");
    jsonw_uint(w, e->n);
    opt_num(w, "ci_low", e->shown, e->ci_low);
    opt_num(w, "ci_high", e->shown, e->ci_high);
    jsonw_end_object(w);
}

static void json_group(jsonw *w, const retention *rt, const ret_group *g)
{
    jsonw_begin_object(w);
    if (g->name) {
        jsonw_key(w, "team");
        jsonw_string(w, g->name);
    }
    jsonw_key(w, "headcount_start");
    jsonw_uint(w, g->headcount_start);
    jsonw_key(w, "headcount_end");
    jsonw_uint(w, g->headcount_end);
    jsonw_key(w, "average_headcount");
    jsonw_number(w, g->average_headcount);
    jsonw_key(w, "leavers");
    jsonw_uint(w, g->leavers);
    jsonw_key(w, "early_leavers");
    jsonw_uint(w, g->early_leavers);
    opt_num(w, "early_share", g->leavers > 0, g->leavers ? (double)g->early_leavers / (double)g->leavers : 0);
    opt_num(w, "attrition_rate", g->has_rate, g->attrition_rate);
    opt_num(w, "annualised_rate", g->has_rate, g->annualised_rate);
    opt_num(w, "tenure_median_days", g->has_tenure, g->tenure_median_days);
    jsonw_key(w, "reasons");
    jsonw_begin_array(w);
    for (size_t i = 0; i < g->nreasons; i++) {
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "reason");
        jsonw_string(w, g->reasons[i].reason);
        jsonw_key(w, "leavers");
        jsonw_uint(w, g->reasons[i].leavers);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    json_enps(w, &g->enps);
    jsonw_key(w, "items");
    jsonw_begin_array(w);
    for (size_t i = 0; g->enps.shown && rt->survey && i < rt->survey->nitems; i++) {
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "item");
        jsonw_string(w, rt->survey->items[i]);
        opt_num(w, "mean", g->item_n[i] > 0, g->item_mean[i]);
        jsonw_key(w, "n");
        jsonw_uint(w, g->item_n[i]);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}

/* One factor's entry of risk_data: its settings (the occupancy threshold
 * and minimum hours when occ is set), who it judged and who not. */
static void json_factor(jsonw *w, const char *name, const ret_settings *occ, long weeks, size_t judged,
                        size_t unknown)
{
    jsonw_key(w, name);
    jsonw_inline(w);
    jsonw_begin_object(w);
    if (occ) {
        jsonw_key(w, "over");
        jsonw_number(w, occ->high_occupancy);
    }
    jsonw_key(w, "weeks");
    jsonw_int(w, weeks);
    if (occ) {
        jsonw_key(w, "min_hours");
        jsonw_number(w, occ->occupancy_min_hours);
    }
    jsonw_key(w, "judged");
    jsonw_int(w, (int64_t)judged);
    jsonw_key(w, "not_enough_data");
    jsonw_int(w, (int64_t)unknown);
    jsonw_end_object(w);
}

static void json_risks(jsonw *w, const retention *rt)
{
    jsonw_key(w, "at_risk");
    jsonw_begin_array(w);
    for (size_t i = 0; i < rt->nrisks; i++) {
        const ret_risk *k = &rt->risks[i];
        jsonw_begin_object(w);
        jsonw_key(w, "agent");
        jsonw_string(w, k->agent);
        jsonw_key(w, "team");
        jsonw_string(w, k->team);
        jsonw_key(w, "factors");
        jsonw_begin_array(w);
        for (const char *s = k->factors; s;) {
            const char *end = strstr(s, "; ");
            jsonw_string_len(w, s, end ? (size_t)(end - s) : strlen(s));
            s = end ? end + 2 : NULL;
        }
        jsonw_end_array(w);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "risk_data");
    jsonw_begin_object(w);
    json_factor(w, "occupancy", rt->set, rt->set->occupancy_weeks, rt->occ_judged, rt->occ_unknown);
    json_factor(w, "coaching", NULL, rt->set->coaching_weeks, rt->coach_judged, rt->coach_unknown);
    jsonw_end_object(w);
}

int ret_write_json(const retention *rt, FILE *f)
{
    jsonw w;
    jsonw_file(&w, f, 1);
    char day[11];
    jsonw_begin_object(&w);
    jsonw_key(&w, "window");
    jsonw_inline(&w);
    jsonw_begin_object(&w);
    fmt_day(day, rt->from);
    jsonw_key(&w, "from");
    jsonw_string(&w, day);
    fmt_day(day, rt->to);
    jsonw_key(&w, "to");
    jsonw_string(&w, day);
    jsonw_key(&w, "days");
    jsonw_int(&w, rt->to - rt->from + 1);
    jsonw_end_object(&w);
    jsonw_key(&w, "min_answers");
    jsonw_int(&w, rt->set->min_answers);
    jsonw_key(&w, "organisation");
    json_group(&w, rt, &rt->org);
    jsonw_key(&w, "teams");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < rt->nteams; i++)
        json_group(&w, rt, &rt->teams[i]);
    jsonw_end_array(&w);
    json_risks(&w, rt);
    jsonw_key(&w, "advice");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < rt->nadvice; i++)
        jsonw_string(&w, rt->advice[i]);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    fputc('\n', f);
    return w.err || ferror(f) ? -1 : 0;
}

/* ------------------------------------------------------------ text */

static void text_enps(FILE *f, const retention *rt, const ret_group *g)
{
    if (!g->enps.shown) {
        fprintf(f, "  eNPS: not shown (%zu answers: under %ld, or showing it would reveal a smaller group)\n",
                g->enps.n, rt->set->min_answers);
        return;
    }
    fprintf(f, "  eNPS: %.0f on %zu answers (95%% interval %.0f to %.0f)\n", ret_whole(g->enps.value), g->enps.n,
            ret_whole(g->enps.ci_low), ret_whole(g->enps.ci_high));
    for (size_t i = 0; rt->survey && i < rt->survey->nitems; i++)
        if (g->item_n[i])
            fprintf(f, "  %s: %.2f of 5 on %zu answers\n", rt->survey->items[i], g->item_mean[i], g->item_n[i]);
}

static void text_group(FILE *f, const retention *rt, const ret_group *g)
{
    fprintf(f, "%s%s\n", g->name ? "Team " : "Organisation", g->name ? g->name : "");
    fprintf(f, "  headcount: %zu at the start, %zu at the end, average %.1f\n", g->headcount_start,
            g->headcount_end, g->average_headcount);
    if (g->has_rate)
        fprintf(f, "  leavers: %zu; attrition %.1f%% (annualised %.1f%%)\n", g->leavers, 100.0 * g->attrition_rate,
                100.0 * g->annualised_rate);
    else
        fprintf(f, "  leavers: %zu; attrition: no headcount\n", g->leavers);
    if (g->leavers)
        fprintf(f, "  early leavers (under %ld days): %zu of %zu (%.0f%%)\n", rt->set->early_days, g->early_leavers,
                g->leavers, 100.0 * (double)g->early_leavers / (double)g->leavers);
    if (g->has_tenure)
        fprintf(f, "  tenure of leavers: median %.0f days (n %zu)\n", g->tenure_median_days, g->tenure_n);
    for (size_t i = 0; i < g->nreasons; i++)
        fprintf(f, "  reason: %s: %zu\n", g->reasons[i].reason, g->reasons[i].leavers);
    text_enps(f, rt, g);
}

int ret_write_text(const retention *rt, FILE *f)
{
    char from[11], to[11];
    fmt_day(from, rt->from);
    fmt_day(to, rt->to);
    fprintf(f, "Retention %s to %s (%ld days)\n\n", from, to, (long)(rt->to - rt->from + 1));
    text_group(f, rt, &rt->org);
    for (size_t i = 0; i < rt->nteams; i++) {
        fputc('\n', f);
        text_group(f, rt, &rt->teams[i]);
    }
    fprintf(f, "\nAt risk (management only; current agents, each factor a fact):\n");
    if (!rt->nrisks)
        fprintf(f, "  none\n");
    for (size_t i = 0; i < rt->nrisks; i++)
        fprintf(f, "  %s (%s): %s\n", rt->risks[i].agent, rt->risks[i].team ? rt->risks[i].team : "no team",
                rt->risks[i].factors);
    char note[1024];
    ret_risk_note(rt, note, sizeof note);
    fprintf(f, "  %s\n", note);
    fprintf(f, "\nAdvice:\n");
    if (!rt->nadvice)
        fprintf(f, "  none%s\n", rt->set->templates ? "" : " ([retention] templates is not set)");
    for (size_t i = 0; i < rt->nadvice; i++)
        fprintf(f, "  - %s\n", rt->advice[i]);
    fprintf(f, "\nAttrition = leavers / average headcount ((start + end) / 2), annualised x 365 / days.\n"
               "eNPS = %% answering 9-10 minus %% answering 0-6; 95%% interval: normal approximation of the\n"
               "mean of +100/0/-100 scores, clipped to -100..100.\n");
    return ferror(f) ? -1 : 0;
}
