/* The csv sink: one row per entity and metric, then input counts, findings
 * and the cells of report sections, all in the same 21 columns (points,
 * method, band and review came with ABI 1.3's scoring rules and are empty on
 * rows other than metric rows; at, the day a finding concerns, with 1.4 and
 * is empty on rows other than findings). */
#include <stdio.h>
#include <string.h>

#include "report.h"

void csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_num(FILE *f, int has, double v)
{
    if (has)
        json_num(f, v);
}

/* points, method, band, review (rule ids separated by spaces). */
static void csv_scoring(FILE *f, const ccs_report *r, const ccs_card_scoring *cs, size_t i)
{
    fputc(',', f);
    if (!cs)
        return (void)fputs(",,,", f);
    csv_num(f, cs->figures[i].has_points, cs->figures[i].points);
    fprintf(f, ",%s,", r->scoring[i].method == CCS_SCORING_BANDS ? "bands" : "linear");
    csv_field(f, cs->band);
    fputc(',', f);
    for (size_t k = 0; k < cs->nreview; k++) {
        fputs(k ? " " : "", f);
        csv_field(f, cs->review[k]);
    }
}

static void csv_card_rows(FILE *f, const ccs_report *r, const ccs_scorecard *c)
{
    const ccs_card_scoring *cs = ccs_card_scoring_of(r, c);
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        csv_field(f, r->period);
        fprintf(f, ",%s,", entity_name(c->entity));
        csv_field(f, c->id);
        fputc(',', f);
        csv_field(f, c->name);
        fputc(',', f);
        csv_field(f, c->entity == CCS_ENTITY_AGENT || c->entity == CCS_ENTITY_TEAM ? c->team : "");
        fputc(',', f);
        csv_num(f, c->has_score, c->score);
        fputc(',', f);
        csv_field(f, m->name);
        fputc(',', f);
        csv_num(f, m->defined, m->value);
        fprintf(f, ",%llu,", (unsigned long long)m->n);
        csv_field(f, m->unit);
        fputc(',', f);
        csv_num(f, m->has_target, m->target);
        fputc(',', f);
        csv_field(f, status_name(m->status));
        fputc(',', f);
        csv_num(f, m->has_target, m->gap);
        fputc(',', f);
        csv_num(f, m->has_ci, m->ci_low);
        fputc(',', f);
        csv_num(f, m->has_ci, m->ci_high);
        fputc(',', f);
        csv_num(f, m->has_previous, m->previous);
        csv_scoring(f, r, cs, i);
        fputs(",\n", f);
    }
}

int csv_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    (void)ctx;
    FILE *f = out;
    fputs("period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous,points,method,band,review,at\n", f);
    for (size_t i = 0; i < r->nagents; i++)
        csv_card_rows(f, r, &r->agents[i]);
    for (size_t i = 0; i < r->nteams; i++)
        csv_card_rows(f, r, &r->teams[i]);
    for (size_t i = 0; i < r->nqueues; i++)
        csv_card_rows(f, r, &r->queues[i]);
    csv_card_rows(f, r, r->organisation_card);
    /* Input counts as rows of their own, so nothing read goes unaccounted. */
    for (size_t i = 0; i < r->ninputs; i++) {
        const ccs_input_stats *s = &r->inputs[i];
        const char *what[3] = { "rows_read", "rows_accepted", "rows_rejected" };
        uint64_t v[3] = { s->read, s->accepted, s->rejected };
        for (int k = 0; k < 3; k++) {
            csv_field(f, r->period);
            fputs(",input,", f);
            csv_field(f, s->source);
            fputc(',', f);
            csv_field(f, s->path);
            fprintf(f, ",,,%s,%llu,,,,,,,,,,,,,\n", what[k], (unsigned long long)v[k]);
        }
    }
    /* Findings as rows of their own, in the same columns: id = the record
     * reference, name = the message, team = the agent concerned, metric = the
     * rule, value = the measured value, unit = the owner, target = the limit,
     * status = the severity. */
    for (size_t i = 0; i < r->nfindings; i++) {
        const ccs_finding *x = &r->findings[i];
        csv_field(f, r->period);
        fputs(",finding,", f);
        csv_field(f, x->reference);
        fputc(',', f);
        csv_field(f, x->message);
        fputc(',', f);
        csv_field(f, x->agent_id);
        fputs(",,", f);
        csv_field(f, x->rule);
        fputc(',', f);
        csv_field(f, x->measured);
        fputs(",,", f);
        csv_field(f, x->owner);
        fputc(',', f);
        csv_field(f, x->limit);
        fputc(',', f);
        char day[11];
        csv_field(f, severity_name(x->severity));
        fputs(",,,,,,,,,", f);
        csv_field(f, finding_at(r, i, day));
        fputc('\n', f);
    }
    sections_csv(f, r);
    return CCS_OK;
}
