/* `ccscore skills` as text, JSON (docs/report.schema.json, "skills") and CSV
 * (one row per figure, strength and suggestion). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "datefmt.h"
#include "json.h"
#include "people.h"

static const char *status_of(int s)
{
    switch (s) {
    case CCS_STATUS_MEETS: return "meets";
    case CCS_STATUS_NEAR: return "near";
    case CCS_STATUS_BELOW: return "below";
    case CCS_STATUS_INSUFFICIENT: return "insufficient";
    default: return NULL;
    }
}

static const char *queue_of(const skills_model *s, long row)
{
    return row < 0 ? NULL : strtab_get(&s->r->queues, s->rows[row].queue);
}

static void json_opt(jsonw *w, int present, double v)
{
    if (present)
        jsonw_number(w, v);
    else
        jsonw_null(w);
}

static void json_metrics(jsonw *w, const ccs_scorecard *c)
{
    jsonw_begin_object(w);
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        jsonw_key(w, m->name);
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "value"); json_opt(w, m->defined, m->value);
        jsonw_key(w, "n"); jsonw_uint(w, m->n);
        jsonw_key(w, "ci_low"); json_opt(w, m->has_ci, m->ci_low);
        jsonw_key(w, "ci_high"); json_opt(w, m->has_ci, m->ci_high);
        jsonw_key(w, "target"); json_opt(w, m->has_target, m->target);
        jsonw_key(w, "status"); jsonw_string(w, status_of(m->status));
        jsonw_end_object(w);
    }
    jsonw_end_object(w);
}

static void json_matrix(jsonw *w, const skills_model *s)
{
    jsonw_key(w, "matrix");
    jsonw_begin_array(w);
    for (size_t i = 0; i < s->nrows; i++) {
        const skill_row *row = &s->rows[i];
        jsonw_begin_object(w);
        jsonw_key(w, "agent_id"); jsonw_string(w, row->card.id);
        jsonw_key(w, "team"); jsonw_string(w, row->card.team);
        jsonw_key(w, "queue"); jsonw_string(w, strtab_get(&s->r->queues, row->queue));
        jsonw_key(w, "channel"); jsonw_string(w, skills_channel_name(s, row));
        jsonw_key(w, "score"); json_opt(w, row->card.has_score, row->card.score);
        jsonw_key(w, "metrics"); json_metrics(w, &row->card);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

static void json_pick(jsonw *w, const skills_model *s, long row)
{
    if (row < 0) {
        jsonw_null(w);
        return;
    }
    jsonw_inline(w);
    jsonw_begin_object(w);
    jsonw_key(w, "queue"); jsonw_string(w, queue_of(s, row));
    jsonw_key(w, "score"); jsonw_number(w, s->rows[row].card.score);
    jsonw_end_object(w);
}

static void json_suggestion(jsonw *w, const skills_model *s, const skill_suggestion *g)
{
    const skill_row *row = &s->rows[g->row];
    jsonw_begin_object(w);
    jsonw_key(w, "queue"); jsonw_string(w, strtab_get(&s->r->queues, row->queue));
    jsonw_key(w, "agent_id"); jsonw_string(w, row->card.id);
    jsonw_key(w, "team"); jsonw_string(w, row->card.team);
    jsonw_key(w, "action"); jsonw_string(w, "move_at_peaks");
    jsonw_key(w, "agent_score"); jsonw_number(w, row->card.score);
    jsonw_key(w, "queue_score"); jsonw_number(w, g->queue_score);
    jsonw_key(w, "share"); json_opt(w, g->share >= 0, g->share);
    jsonw_key(w, "bottlenecks"); jsonw_number(w, g->bottlenecks);
    jsonw_key(w, "affected"); jsonw_number(w, g->affected);
    jsonw_key(w, "worst");
    jsonw_inline(w);
    jsonw_begin_object(w);
    char hm[6], day[11];
    fmt_minute(hm, (int)g->worst_start);
    fmt_day(day, (int32_t)g->worst_day);
    jsonw_key(w, "date"); jsonw_string(w, g->has_day ? day : NULL);
    jsonw_key(w, "start"); jsonw_string(w, hm);
    jsonw_key(w, "service_level"); jsonw_number(w, g->worst_sl);
    jsonw_key(w, "required"); json_opt(w, g->has_required, g->worst_required);
    jsonw_key(w, "staffed"); jsonw_number(w, g->worst_staffed);
    jsonw_end_object(w);
    jsonw_end_object(w);
}

int skills_write_json(void *arg, FILE *out)
{
    const skills_model *s = arg;
    jsonw w;
    jsonw_file(&w, out, 1);
    jsonw_begin_object(&w);
    jsonw_key(&w, "organisation"); jsonw_string(&w, s->rep->organisation);
    jsonw_key(&w, "period"); jsonw_string(&w, s->rep->period);
    jsonw_key(&w, "workload"); jsonw_bool(&w, s->has_workload);
    json_matrix(&w, s);
    jsonw_key(&w, "strengths");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < s->npicks; i++) {
        const skill_pick *p = &s->picks[i];
        jsonw_inline(&w);
        jsonw_begin_object(&w);
        jsonw_key(&w, "agent_id"); jsonw_string(&w, s->rep->agents[p->agent_card].id);
        jsonw_key(&w, "queues_scored"); jsonw_uint(&w, p->nscored);
        jsonw_key(&w, "strongest"); json_pick(&w, s, p->strongest);
        jsonw_key(&w, "weakest"); json_pick(&w, s, p->weakest);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_key(&w, "suggestions");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < s->nsugg; i++)
        json_suggestion(&w, s, &s->sugg[i]);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    return w.err || ferror(out) ? -1 : 0;
}

/* ---- text */

static const char *mark_of(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return "";
    case CCS_STATUS_NEAR: return "~";
    case CCS_STATUS_BELOW: return "!";
    case CCS_STATUS_INSUFFICIENT: return "?";
    default: return "";
    }
}

static void text_value(FILE *out, const ccs_metric_score *m)
{
    char buf[32];
    if (!m->defined)
        snprintf(buf, sizeof buf, "-");
    else if (m->type == CCS_METRIC_RATE)
        snprintf(buf, sizeof buf, "%.1f%%%s", 100 * m->value, mark_of(m->status));
    else if (strcmp(m->unit, "s") == 0)
        snprintf(buf, sizeof buf, "%.0fs%s", m->value, mark_of(m->status));
    else
        snprintf(buf, sizeof buf, "%.1f%s", m->value, mark_of(m->status));
    fprintf(out, " %9s", buf);
}

static void text_matrix(FILE *out, const skills_model *s)
{
    if (!s->nrows)
        return;
    const ccs_scorecard *c0 = &s->rows[0].card;
    fprintf(out, "%-10s %-10s %-8s %6s", "agent", "queue", "channel", "score");
    for (size_t m = 0; m < c0->nmetrics; m++)
        if (c0->metrics[m].has_target || c0->metrics[m].target_from_objective)
            fprintf(out, " %9.9s", c0->metrics[m].name);
    fputc('\n', out);
    for (size_t i = 0; i < s->nrows; i++) {
        const skill_row *row = &s->rows[i];
        char score[16] = "-";
        if (row->card.has_score)
            snprintf(score, sizeof score, "%.1f", row->card.score);
        fprintf(out, "%-10s %-10s %-8s %6s", row->card.id, strtab_get(&s->r->queues, row->queue),
                skills_channel_name(s, row), score);
        for (size_t m = 0; m < row->card.nmetrics; m++)
            if (c0->metrics[m].has_target || c0->metrics[m].target_from_objective)
                text_value(out, &row->card.metrics[m]);
        fputc('\n', out);
    }
}

int skills_write_text(void *arg, FILE *out)
{
    const skills_model *s = arg;
    fprintf(out, "Skills by queue and channel: %s, %s\n", s->rep->organisation, s->rep->period);
    fprintf(out, "(each cell judged as the scorecard judges an agent: ~ near, ! below, ? not enough data)\n\n");
    text_matrix(out, s);
    fprintf(out, "\nStrongest and weakest queue (weighted score over all channels)\n");
    for (size_t i = 0; i < s->npicks; i++) {
        const skill_pick *p = &s->picks[i];
        fprintf(out, "  %-10s ", s->rep->agents[p->agent_card].id);
        if (p->strongest < 0)
            fprintf(out, "not enough data for a score in any queue\n");
        else if (p->weakest < 0)
            fprintf(out, "one queue scored: %s %.1f\n", queue_of(s, p->strongest), s->rows[p->strongest].card.score);
        else
            fprintf(out, "strongest %s %.1f, weakest %s %.1f\n", queue_of(s, p->strongest),
                    s->rows[p->strongest].card.score, queue_of(s, p->weakest), s->rows[p->weakest].card.score);
    }
    fprintf(out, "\nSuggestions\n");
    if (!s->has_workload)
        fprintf(out, "  none: the run had no workload section to show which queues are under pressure\n");
    else if (!s->nsugg)
        fprintf(out, "  none: no queue under pressure has an agent strong in it for whom it is not the main queue\n");
    for (size_t i = 0; i < s->nsugg; i++) {
        const skill_suggestion *g = &s->sugg[i];
        const skill_row *row = &s->rows[g->row];
        char hm[6], day[11] = "?";
        fmt_minute(hm, (int)g->worst_start);
        if (g->has_day)
            fmt_day(day, (int32_t)g->worst_day);
        fprintf(out, "  %s: %s scores %.1f there (queue %.1f) on %.0f%% of their contacts; the queue had %.0f "
                "interval%s below target (%.0f contacts affected, worst %s %s at %.1f%%): move to %s at its peaks, "
                "or skill up for more of it\n",
                strtab_get(&s->r->queues, row->queue), row->card.id, row->card.score, g->queue_score,
                g->share >= 0 ? 100 * g->share : NAN, g->bottlenecks, g->bottlenecks == 1 ? "" : "s", g->affected,
                day, hm, 100 * g->worst_sl, strtab_get(&s->r->queues, row->queue));
    }
    return ferror(out) ? -1 : 0;
}

/* ---- CSV */

void people_csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_num(FILE *out, int present, double v)
{
    fputc(',', out);
    if (present) {
        char b[JSON_NUMBER_MAX];
        json_format_number(b, v);
        fputs(b, out);
    }
}

static void csv_lead(FILE *out, const char *section, const char *agent, const char *team, const char *queue,
                     const char *channel)
{
    const char *f[5] = { section, agent, team, queue, channel };
    for (int i = 0; i < 5; i++) {
        if (i)
            fputc(',', out);
        people_csv_field(out, f[i]);
    }
}

int skills_write_csv(void *arg, FILE *out)
{
    const skills_model *s = arg;
    fputs("section,agent_id,team,queue,channel,metric,value,n,ci_low,ci_high,target,status\n", out);
    for (size_t i = 0; i < s->nrows; i++) {
        const skill_row *row = &s->rows[i];
        const char *q = strtab_get(&s->r->queues, row->queue), *ch = skills_channel_name(s, row);
        csv_lead(out, "matrix", row->card.id, row->card.team, q, ch);
        fputs(",score", out);
        csv_num(out, row->card.has_score, row->card.score);
        fputs(",,,,,\n", out);
        for (size_t m = 0; m < row->card.nmetrics; m++) {
            const ccs_metric_score *ms = &row->card.metrics[m];
            csv_lead(out, "matrix", row->card.id, row->card.team, q, ch);
            fputc(',', out);
            people_csv_field(out, ms->name);
            csv_num(out, ms->defined, ms->value);
            fprintf(out, ",%llu", (unsigned long long)ms->n);
            csv_num(out, ms->has_ci, ms->ci_low);
            csv_num(out, ms->has_ci, ms->ci_high);
            csv_num(out, ms->has_target, ms->target);
            fputc(',', out);
            people_csv_field(out, status_of(ms->status));
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < s->npicks; i++) {
        const skill_pick *p = &s->picks[i];
        const ccs_scorecard *a = &s->rep->agents[p->agent_card];
        long which[2] = { p->strongest, p->weakest };
        for (int k = 0; k < 2; k++) {
            if (which[k] < 0)
                continue;
            csv_lead(out, k ? "weakest" : "strongest", a->id, a->team, queue_of(s, which[k]), "all");
            fputs(",score", out);
            csv_num(out, 1, s->rows[which[k]].card.score);
            fputs(",,,,,\n", out);
        }
    }
    for (size_t i = 0; i < s->nsugg; i++) {
        const skill_suggestion *g = &s->sugg[i];
        const skill_row *row = &s->rows[g->row];
        csv_lead(out, "suggestion", row->card.id, row->card.team, strtab_get(&s->r->queues, row->queue), "all");
        fputs(",move_at_peaks", out);
        csv_num(out, 1, row->card.score);
        fputs(",,,,", out);
        csv_num(out, 1, g->queue_score);
        fputs(",\n", out);
    }
    return ferror(out) ? -1 : 0;
}
