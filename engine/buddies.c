/* `ccscore buddies`: the buddy plan of lib/buddy.c, which the coaching
 * feedback follows too, as text, JSON (docs/report.schema.json, "buddies")
 * and CSV.  The plan's settings are the coaching component's keys, so that
 * both name the same buddy. */
#include <stdio.h>
#include <string.h>

#include "datefmt.h"
#include "json.h"
#include "people.h"

void buddies_params(const ccs_host *h, buddy_params *p)
{
    buddy_params_default(p);
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        const ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_FEEDBACK || strcmp(c->comp->comp.name, "coaching") != 0)
            continue;
        if (cfg_has(c, "buddy_margin"))
            p->margin = cfg_number(c, "buddy_margin");
        if (cfg_has(c, "buddy_min_n"))
            p->min_n = (uint64_t)cfg_int(c, "buddy_min_n");
        if (cfg_has(c, "max_mentees"))
            p->max_mentees = (int)cfg_int(c, "max_mentees");
        if (cfg_has(c, "max_focus"))
            p->focus = (int)cfg_int(c, "max_focus");
        if (cfg_has(c, "review_after_days"))
            p->review_days = (int)cfg_int(c, "review_after_days");
        return;
    }
}

static const ccs_metric_score *fig(const buddies_model *b, size_t agent, size_t metric)
{
    return &b->rep->agents[agent].metrics[metric];
}

static void day_or_null(jsonw *w, int32_t day)
{
    char d[11];
    if (day == INT32_MIN) {
        jsonw_null(w);
        return;
    }
    fmt_day(d, day);
    jsonw_string(w, d);
}

static void json_pair(jsonw *w, const buddies_model *b, const buddy_pair *p)
{
    const ccs_scorecard *m = &b->rep->agents[p->mentee], *bd = &b->rep->agents[p->buddy];
    jsonw_inline(w);
    jsonw_begin_object(w);
    jsonw_key(w, "mentee"); jsonw_string(w, m->id);
    jsonw_key(w, "buddy"); jsonw_string(w, bd->id);
    jsonw_key(w, "metric"); jsonw_string(w, fig(b, p->mentee, p->metric)->name);
    jsonw_key(w, "team"); jsonw_string(w, m->team);
    jsonw_key(w, "buddy_team"); jsonw_string(w, bd->team);
    jsonw_key(w, "reason"); jsonw_string(w, buddy_reason_name(p->reason));
    jsonw_key(w, "mentee_value"); jsonw_number(w, fig(b, p->mentee, p->metric)->value);
    jsonw_key(w, "buddy_value"); jsonw_number(w, fig(b, p->buddy, p->metric)->value);
    jsonw_key(w, "target"); jsonw_number(w, fig(b, p->mentee, p->metric)->target);
    jsonw_key(w, "buddy_n"); jsonw_uint(w, fig(b, p->buddy, p->metric)->n);
    jsonw_key(w, "margin"); jsonw_number(w, p->margin);
    jsonw_end_object(w);
}

int buddies_write_json(void *arg, FILE *out)
{
    const buddies_model *b = arg;
    jsonw w;
    jsonw_file(&w, out, 1);
    jsonw_begin_object(&w);
    jsonw_key(&w, "organisation"); jsonw_string(&w, b->rep->organisation);
    jsonw_key(&w, "period"); jsonw_string(&w, b->rep->period);
    jsonw_key(&w, "max_mentees"); jsonw_int(&w, b->params.max_mentees);
    jsonw_key(&w, "buddy_margin"); jsonw_number(&w, b->params.margin);
    jsonw_key(&w, "new_starter_days"); jsonw_int(&w, BUDDY_NEW_DAYS);
    jsonw_key(&w, "review_on"); day_or_null(&w, b->plan.review_day);
    jsonw_key(&w, "pairs");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < b->plan.npairs; i++)
        json_pair(&w, b, &b->plan.pairs[i]);
    jsonw_end_array(&w);
    jsonw_key(&w, "unpaired");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < b->plan.nunpaired; i++) {
        const buddy_unpaired *u = &b->plan.unpaired[i];
        const ccs_scorecard *m = &b->rep->agents[u->mentee];
        jsonw_inline(&w);
        jsonw_begin_object(&w);
        jsonw_key(&w, "mentee"); jsonw_string(&w, m->id);
        jsonw_key(&w, "metric"); jsonw_string(&w, fig(b, u->mentee, u->metric)->name);
        jsonw_key(&w, "team"); jsonw_string(&w, m->team);
        jsonw_key(&w, "reason"); jsonw_string(&w, buddy_reason_name(u->reason));
        jsonw_key(&w, "why"); jsonw_string(&w, buddy_why_name(u->why));
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    return w.err || ferror(out) ? -1 : 0;
}

static const char *reason_text(int reason)
{
    switch (reason) {
    case BUDDY_NEW_STARTER_BELOW: return "new starter, below target";
    case BUDDY_BELOW: return "below target";
    default: return "near target";
    }
}

int buddies_write_text(void *arg, FILE *out)
{
    const buddies_model *b = arg;
    char review[11] = "?";
    if (b->plan.review_day != INT32_MIN)
        fmt_day(review, b->plan.review_day);
    fprintf(out, "Buddy plan: %s, %s\n", b->rep->organisation, b->rep->period);
    fprintf(out, "(a buddy meets the target by at least %.0f%% on enough data; at most %d mentee%s each; "
            "new starters below target first; review on %s)\n\n",
            100 * b->params.margin, b->params.max_mentees, b->params.max_mentees == 1 ? "" : "s", review);
    fprintf(out, "%-10s %-8s %-10s %-8s %-15s %-26s\n", "mentee", "team", "buddy", "team", "figure", "why");
    for (size_t i = 0; i < b->plan.npairs; i++) {
        const buddy_pair *p = &b->plan.pairs[i];
        const ccs_scorecard *m = &b->rep->agents[p->mentee], *bd = &b->rep->agents[p->buddy];
        fprintf(out, "%-10s %-8s %-10s %-8s %-15s %s\n", m->id, m->team, bd->id, bd->team,
                fig(b, p->mentee, p->metric)->name, reason_text(p->reason));
    }
    if (!b->plan.npairs)
        fprintf(out, "(no pairs)\n");
    if (b->plan.nunpaired)
        fprintf(out, "\nUnpaired\n");
    for (size_t i = 0; i < b->plan.nunpaired; i++) {
        const buddy_unpaired *u = &b->plan.unpaired[i];
        const ccs_scorecard *m = &b->rep->agents[u->mentee];
        fprintf(out, "  %-10s %-8s %-15s %s: %s\n", m->id, m->team, fig(b, u->mentee, u->metric)->name,
                reason_text(u->reason), buddy_why_text(u->why));
    }
    return ferror(out) ? -1 : 0;
}

int buddies_write_csv(void *arg, FILE *out)
{
    const buddies_model *b = arg;
    char review[11] = "";
    if (b->plan.review_day != INT32_MIN)
        fmt_day(review, b->plan.review_day);
    fputs("kind,mentee,team,buddy,buddy_team,metric,reason,why,review_on\n", out);
    for (size_t i = 0; i < b->plan.npairs; i++) {
        const buddy_pair *p = &b->plan.pairs[i];
        const ccs_scorecard *m = &b->rep->agents[p->mentee], *bd = &b->rep->agents[p->buddy];
        const char *f[] = { "pair", m->id, m->team, bd->id, bd->team, fig(b, p->mentee, p->metric)->name,
                            buddy_reason_name(p->reason), "", review };
        for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
            if (k)
                fputc(',', out);
            people_csv_field(out, f[k]);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < b->plan.nunpaired; i++) {
        const buddy_unpaired *u = &b->plan.unpaired[i];
        const ccs_scorecard *m = &b->rep->agents[u->mentee];
        const char *f[] = { "unpaired", m->id, m->team, "", "", fig(b, u->mentee, u->metric)->name,
                            buddy_reason_name(u->reason), buddy_why_name(u->why), review };
        for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
            if (k)
                fputc(',', out);
            people_csv_field(out, f[k]);
        }
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
