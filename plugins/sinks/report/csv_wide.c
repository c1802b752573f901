/* The csv_wide sink (issue 11): the scorecards laid out for a spreadsheet,
 * one row per card (agents, then teams, queues and the organisation) and
 * four columns per metric: its value, n, target and status.  Rates are
 * percentages (81.8, not 0.818) and the header says each column's unit, so
 * a sheet needs no conversion; durations stay seconds. */
#include <math.h>
#include <stdio.h>

#include "report.h"

static void pct_or_num(FILE *f, int has, const ccs_metric_score *m, double v)
{
    if (!has)
        return;
    if (m->type == CCS_METRIC_RATE)
        fprintf(f, "%.10g", round(v * 100.0 * 1e8) / 1e8);
    else
        json_num(f, v);
}

static void wide_header(FILE *f, const ccs_scorecard *org)
{
    fputs("period,entity,id,name,team,score,band,review", f);
    for (size_t i = 0; i < org->nmetrics; i++) {
        const ccs_metric_score *m = &org->metrics[i];
        const char *u = m->type == CCS_METRIC_RATE ? "%" : m->unit;
        fputc(',', f);
        if (*u)
            fprintf(f, "%s (%s),%s n,%s target (%s),%s status", m->name, u, m->name, m->name, u, m->name);
        else
            fprintf(f, "%s,%s n,%s target,%s status", m->name, m->name, m->name, m->name);
    }
    fputc('\n', f);
}

static void wide_row(FILE *f, const ccs_report *r, const ccs_scorecard *c)
{
    const ccs_card_scoring *cs = ccs_card_scoring_of(r, c);
    csv_field(f, r->period);
    fprintf(f, ",%s,", entity_name(c->entity));
    csv_field(f, c->id);
    fputc(',', f);
    csv_field(f, c->name);
    fputc(',', f);
    csv_field(f, c->entity == CCS_ENTITY_AGENT || c->entity == CCS_ENTITY_TEAM ? c->team : "");
    fputc(',', f);
    if (c->has_score)
        json_num(f, c->score);
    fputc(',', f);
    csv_field(f, cs ? cs->band : NULL);
    fputc(',', f);
    for (size_t k = 0; cs && k < cs->nreview; k++) {
        fputs(k ? " " : "", f);
        csv_field(f, cs->review[k]);
    }
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        fputc(',', f);
        pct_or_num(f, m->defined, m, m->value);
        fprintf(f, ",%llu,", (unsigned long long)m->n);
        pct_or_num(f, m->has_target, m, m->target);
        fputc(',', f);
        csv_field(f, status_name(m->status));
    }
    fputc('\n', f);
}

int csv_wide_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    (void)ctx;
    FILE *f = out;
    wide_header(f, r->organisation_card);
    for (size_t i = 0; i < r->nagents; i++)
        wide_row(f, r, &r->agents[i]);
    for (size_t i = 0; i < r->nteams; i++)
        wide_row(f, r, &r->teams[i]);
    for (size_t i = 0; i < r->nqueues; i++)
        wide_row(f, r, &r->queues[i]);
    wide_row(f, r, r->organisation_card);
    return CCS_OK;
}
