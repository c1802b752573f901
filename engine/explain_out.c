/* ccscore explain: the figures explained, as text or JSON. */
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "explain.h"
#include "history.h"
#include "json.h"

static void fmt_at(char out[32], int64_t t)
{
    int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - day * 86400;
    char date[11];
    fmt_day(date, (int32_t)day);
    snprintf(out, 32, "%sT%02d:%02d:%02dZ", date, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

static const metric_slot *slot_of(const explain_job *j, const xfigure *f)
{
    return &j->host.run.metrics[f->metric];
}

static double contrib_of(const explain_job *j, const xfigure *f, size_t rec)
{
    return j->contrib[rec * j->host.run.nmetrics + f->metric].value;
}

/* The status in words, with the rule that gave it. */
static void status_text(char *buf, size_t len, const explain_job *j, const xfigure *f)
{
    const ccs_metric_score *m = f->m;
    const metric_slot *s = slot_of(j, f);
    switch (m->status) {
    case CCS_STATUS_MEETS:
        snprintf(buf, len, "meets: at or better than the target");
        break;
    case CCS_STATUS_NEAR:
        snprintf(buf, len, "near: %.1f%% short of the target, within the near band of %.1f%%", m->gap * 100,
                 s->near * 100);
        break;
    case CCS_STATUS_BELOW:
        snprintf(buf, len, "below: %.1f%% short of the target, beyond the near band of %.1f%%", m->gap * 100,
                 s->near * 100);
        break;
    case CCS_STATUS_INSUFFICIENT:
        snprintf(buf, len, "insufficient: n = %llu is under the minimum sample of %llu (not enough data, never below)",
                 (unsigned long long)m->n, (unsigned long long)s->min_sample);
        break;
    default:
        snprintf(buf, len, "not judged: %s", m->defined ? "no target" : "no value");
    }
}

static void text_records(FILE *out, const explain_job *j, const xfigure *f)
{
    fprintf(out, "Records counted (%zu)\n", f->ncounted);
    if (f->ncounted)
        fprintf(out, "  %-20s %-22s %s\n", "reference", "at", "value");
    for (size_t i = 0; i < f->ncounted; i++) {
        const xrec *x = &j->recs[f->counted[i]];
        char at[32];
        fmt_at(at, x->at);
        fprintf(out, "  %-20s %-22s %.15g\n", x->ref, at, contrib_of(j, f, f->counted[i]));
    }
    size_t outside = 0;
    for (size_t i = 0; i < f->nleft; i++)
        outside += f->left[i].outside;
    fprintf(out, "Left out (%zu)\n", f->nleft);
    for (size_t i = 0; i < f->nleft; i++)
        if (!f->left[i].outside)
            fprintf(out, "  %-20s %s\n", f->left[i].ref, f->left[i].reason);
    if (outside)
        fprintf(out, "  %zu record%s outside the period (each is listed with --format json)\n", outside,
                outside == 1 ? "" : "s");
}

static void text_follows(FILE *out, const explain_job *j, const xfigure *f)
{
    const ccs_metric_score *m = f->m;
    const metric_slot *s = slot_of(j, f);
    char v[32], rc[32], t[32], st[256];
    fprintf(out, "How the figure follows\n");
    if (!m->defined) {
        fprintf(out, "  value     none: no record counts\n");
    } else {
        cmp_format_value(v, sizeof v, m->type, m->unit, m->value);
        cmp_format_value(rc, sizeof rc, m->type, m->unit, f->recomputed);
        fprintf(out, "  value     %s = the mean of the %zu values above (recomputed: %s%s)\n", v, f->ncounted, rc,
                f->matches ? "" : "; this figure is not a plain mean of its records alone");
    }
    fprintf(out, "  n         %llu; the minimum sample is %llu\n", (unsigned long long)m->n,
            (unsigned long long)s->min_sample);
    if (m->has_ci) {
        cmp_format_value(v, sizeof v, m->type, m->unit, m->ci_low);
        cmp_format_value(rc, sizeof rc, m->type, m->unit, m->ci_high);
        fprintf(out, "  interval  95%% from %s to %s%s\n", v, rc, m->type == CCS_METRIC_RATE ? " (Wilson)" : "");
    }
    if (m->has_target) {
        cmp_format_value(t, sizeof t, m->type, m->unit, m->target);
        fprintf(out, "  target    %s (%s), from %s\n", t, m->direction < 0 ? "lower is better" : "higher is better",
                f->target_from);
    } else {
        fprintf(out, "  target    %s\n", f->target_from);
    }
    status_text(st, sizeof st, j, f);
    fprintf(out, "  status    %s\n", st);
    if (f->p && f->p->has_points)
        fprintf(out, "  points    %.1f of 100, weight %g%s\n", f->p->points, m->weight,
                s->rule.method == CCS_SCORING_BANDS ? " (by the metric's bands)" : " (100 x (1 - shortfall))");
    else
        fprintf(out, "  points    none: the figure counts for nothing in the score\n");
}

int explain_write_text(void *arg, FILE *out)
{
    const explain_job *j = arg;
    const ccs_report *rep = &j->model.rep;
    for (size_t i = 0; i < j->nfigs; i++) {
        const xfigure *f = &j->figs[i];
        fprintf(out, "%sExplain: %s %s, %s, period %s (%s to %s)\n\n", i ? "\n" : "",
                history_entity_name(j->card->entity), j->card->id, f->m->name, rep->period, rep->period_start,
                rep->period_end);
        text_records(out, j, f);
        text_follows(out, j, f);
    }
    if (j->card->has_score)
        fprintf(out, "\nThe card's score %.1f is the weighted mean of its figures' points.\n", j->card->score);
    return ferror(out) ? -1 : 0;
}

static void json_num_or_null(jsonw *w, int has, double v)
{
    if (has)
        jsonw_number(w, v);
    else
        jsonw_null(w);
}

static void json_lists(jsonw *w, const explain_job *j, const xfigure *f)
{
    jsonw_key(w, "records");
    jsonw_begin_array(w);
    for (size_t i = 0; i < f->ncounted; i++) {
        const xrec *x = &j->recs[f->counted[i]];
        char at[32];
        fmt_at(at, x->at);
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "reference");
        jsonw_string(w, x->ref);
        jsonw_key(w, "at");
        jsonw_string(w, at);
        jsonw_key(w, "value");
        jsonw_number(w, contrib_of(j, f, f->counted[i]));
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "excluded");
    jsonw_begin_array(w);
    for (size_t i = 0; i < f->nleft; i++) {
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "reference");
        jsonw_string(w, f->left[i].ref);
        jsonw_key(w, "reason");
        jsonw_string(w, f->left[i].reason);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

static void json_figure(jsonw *w, const explain_job *j, const xfigure *f)
{
    const ccs_metric_score *m = f->m;
    char st[256];
    jsonw_begin_object(w);
    jsonw_key(w, "entity");
    jsonw_string(w, history_entity_name(j->card->entity));
    jsonw_key(w, "id");
    jsonw_string(w, j->card->id);
    jsonw_key(w, "metric");
    jsonw_string(w, m->name);
    jsonw_key(w, "period");
    jsonw_string(w, j->model.rep.period);
    jsonw_key(w, "value");
    json_num_or_null(w, m->defined, m->value);
    jsonw_key(w, "n");
    jsonw_uint(w, m->n);
    jsonw_key(w, "recomputed");
    json_num_or_null(w, f->ncounted > 0, f->recomputed);
    jsonw_key(w, "matches");
    jsonw_bool(w, f->matches);
    json_lists(w, j, f);
    jsonw_key(w, "ci_low");
    json_num_or_null(w, m->has_ci, m->ci_low);
    jsonw_key(w, "ci_high");
    json_num_or_null(w, m->has_ci, m->ci_high);
    jsonw_key(w, "target");
    json_num_or_null(w, m->has_target, m->target);
    jsonw_key(w, "target_from");
    jsonw_string(w, f->target_from);
    jsonw_key(w, "min_sample");
    jsonw_uint(w, slot_of(j, f)->min_sample);
    jsonw_key(w, "status");
    jsonw_string(w, cmp_status_name(m->status));
    status_text(st, sizeof st, j, f);
    jsonw_key(w, "why");
    jsonw_string(w, st);
    jsonw_key(w, "weight");
    jsonw_number(w, m->weight);
    jsonw_key(w, "points");
    json_num_or_null(w, f->p && f->p->has_points, f->p ? f->p->points : 0);
    jsonw_end_object(w);
}

int explain_write_json(void *arg, FILE *out)
{
    const explain_job *j = arg;
    jsonw w;
    jsonw_file(&w, out, 1);
    if (j->metric && j->nfigs == 1) {
        json_figure(&w, j, &j->figs[0]);
    } else {
        jsonw_begin_object(&w);
        jsonw_key(&w, "entity");
        jsonw_string(&w, history_entity_name(j->card->entity));
        jsonw_key(&w, "id");
        jsonw_string(&w, j->card->id);
        jsonw_key(&w, "score");
        json_num_or_null(&w, j->card->has_score, j->card->score);
        jsonw_key(&w, "figures");
        jsonw_begin_array(&w);
        for (size_t i = 0; i < j->nfigs; i++)
            json_figure(&w, j, &j->figs[i]);
        jsonw_end_array(&w);
        jsonw_end_object(&w);
    }
    return w.err || ferror(out) ? -1 : 0;
}
