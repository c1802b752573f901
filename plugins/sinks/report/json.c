/* The json sink: the whole report model as one JSON object
 * (docs/report.schema.json), and the JSON helpers of the report plugin. */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "report.h"

/* A JSON string (NULL as null).  JSON text must be UTF-8 (RFC 8259), but the
 * data may come from a Latin-1 or Windows-1252 export: json_escape_file()
 * writes each byte that does not start a well-formed sequence as U+FFFD, so
 * the report always parses. */
void json_str(FILE *f, const char *s)
{
    if (!s)
        fputs("null", f);
    else
        json_escape_file(f, s, strlen(s));
}

/* Shortest text that reads back as the same double (null when not finite). */
void json_num(FILE *f, double v)
{
    char buf[JSON_NUMBER_MAX];
    fwrite(buf, 1, json_format_number(buf, v), f);
}

void json_opt(FILE *f, int has, double v)
{
    if (has)
        json_num(f, v);
    else
        fputs("null", f);
}

static void json_review(FILE *f, const ccs_card_scoring *cs)
{
    fputs(", \"review\": [", f);
    for (size_t i = 0; cs && i < cs->nreview; i++) {
        fputs(i ? ", " : "", f);
        json_str(f, cs->review[i]);
    }
    fputs("]", f);
}

static void json_card(FILE *f, const ccs_report *r, const ccs_scorecard *c, const char *indent)
{
    const ccs_card_scoring *cs = ccs_card_scoring_of(r, c);
    fprintf(f, "%s{\"id\": ", indent);
    json_str(f, c->id);
    fputs(", \"name\": ", f);
    json_str(f, c->name);
    fputs(", \"team\": ", f);
    json_str(f, c->entity == CCS_ENTITY_AGENT || c->entity == CCS_ENTITY_TEAM ? c->team : NULL);
    fputs(", \"score\": ", f);
    json_opt(f, c->has_score, c->score);
    fputs(", \"band\": ", f);
    json_str(f, cs ? cs->band : NULL);
    json_review(f, cs);
    fputs(",\n", f);
    fprintf(f, "%s \"metrics\": {", indent);
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        fprintf(f, "%s\n%s  ", i ? "," : "", indent);
        json_str(f, m->name);
        fputs(": {\"value\": ", f);
        json_opt(f, m->defined, m->value);
        fprintf(f, ", \"n\": %llu, \"unit\": ", (unsigned long long)m->n);
        json_str(f, m->unit);
        fputs(", \"target\": ", f);
        json_opt(f, m->has_target, m->target);
        fputs(", \"target_source\": ", f);
        json_str(f, !m->has_target ? NULL : m->target_from_objective ? "objective" : "policy");
        fprintf(f, ", \"direction\": \"%s\", \"weight\": ", m->direction < 0 ? "lower" : "higher");
        json_num(f, m->weight);
        fputs(", \"status\": ", f);
        json_str(f, status_name(m->status));
        fputs(", \"gap\": ", f);
        json_num(f, m->gap);
        fputs(", \"points\": ", f);
        json_opt(f, cs && cs->figures[i].has_points, cs ? cs->figures[i].points : 0);
        fputs(", \"ci_low\": ", f);
        json_opt(f, m->has_ci, m->ci_low);
        fputs(", \"ci_high\": ", f);
        json_opt(f, m->has_ci, m->ci_high);
        fputs(", \"previous\": ", f);
        json_opt(f, m->has_previous, m->previous);
        fputs("}", f);
    }
    fprintf(f, "\n%s },\n%s \"shortfalls\": [", indent, indent);
    for (size_t i = 0; i < c->nshortfalls; i++) {
        const ccs_metric_score *m = &c->metrics[c->shortfalls[i]];
        fputs(i ? ", {\"metric\": " : "{\"metric\": ", f);
        json_str(f, m->name);
        fputs(", \"gap\": ", f);
        json_num(f, m->gap);
        fputs(", \"weighted_gap\": ", f);
        json_num(f, m->weighted_gap);
        fputs("}", f);
    }
    fputs("]}", f);
}

static void json_cards(FILE *f, const ccs_report *r, const char *key, const ccs_scorecard *cards,
                       size_t n)
{
    fprintf(f, "  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n" : "\n", f);
        json_card(f, r, &cards[i], "    ");
    }
    fputs(n ? "\n  ],\n" : "],\n", f);
}

static void json_head(FILE *f, const ccs_report *r)
{
    fprintf(f, "{\n  \"schema_version\": %d,\n  \"organisation\": ", r->schema_version);
    json_str(f, r->organisation);
    fputs(",\n  \"timezone\": ", f);
    json_str(f, r->timezone);
    fputs(",\n  \"period\": {\"id\": ", f);
    json_str(f, r->period);
    fputs(", \"kind\": ", f);
    json_str(f, r->period_kind);
    fputs(", \"start\": ", f);
    json_str(f, r->period_start);
    fputs(", \"end\": ", f);
    json_str(f, r->period_end);
    fputs(", \"previous\": ", f);
    json_str(f, r->previous_period);
    fprintf(f, "},\n  \"min_sample\": %llu,\n  \"input\": [", (unsigned long long)r->min_sample);
    for (size_t i = 0; i < r->ninputs; i++) {
        const ccs_input_stats *s = &r->inputs[i];
        fputs(i ? ",\n    {\"source\": " : "\n    {\"source\": ", f);
        json_str(f, s->source);
        fputs(", \"stream\": ", f);
        json_str(f, s->stream);
        fputs(", \"path\": ", f);
        json_str(f, s->path);
        fprintf(f, ", \"read\": %llu, \"accepted\": %llu, \"rejected\": %llu}",
                (unsigned long long)s->read, (unsigned long long)s->accepted,
                (unsigned long long)s->rejected);
    }
    fputs(r->ninputs ? "\n  ],\n  \"rejected_rows\": [" : "],\n  \"rejected_rows\": [", f);
    for (size_t i = 0; i < r->nrow_errors; i++) {
        fputs(i ? ",\n    {\"file\": " : "\n    {\"file\": ", f);
        json_str(f, r->row_errors[i].file);
        fprintf(f, ", \"line\": %llu, \"reason\": ", (unsigned long long)r->row_errors[i].line);
        json_str(f, r->row_errors[i].reason);
        fputs("}", f);
    }
    fputs(r->nrow_errors ? "\n  ],\n" : "],\n", f);
}

static void json_list(FILE *f, const double *v, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        json_num(f, v[i]);
    }
    fputc(']', f);
}

/* The scoring rules (ABI 1.3): each metric's method, score bands, review gate. */
static void json_scoring(FILE *f, const ccs_report *r)
{
    int has = CCS_HAS_FIELD(r, ccs_report, review_on);
    fputs("  \"scoring\": {\"metrics\": {", f);
    for (size_t i = 0; has && i < r->nscoring; i++) {
        const ccs_metric_scoring *m = &r->scoring[i];
        fprintf(f, "%s\n    ", i ? "," : "");
        json_str(f, m->name);
        fprintf(f, ": {\"method\": \"%s\"", m->method == CCS_SCORING_BANDS ? "bands" : "linear");
        if (m->method == CCS_SCORING_BANDS) {
            fputs(", \"bands\": ", f);
            json_list(f, m->bands, m->nbands);
            fputs(", \"points\": ", f);
            json_list(f, m->points, m->nbands + 1);
        }
        fputc('}', f);
    }
    fputs(has && r->nscoring ? "\n  },\n  \"score_bands\": [" : "},\n  \"score_bands\": [", f);
    for (size_t i = 0; has && i < r->nscore_bands; i++) {
        fputs(i ? ", {\"from\": " : "{\"from\": ", f);
        json_num(f, r->score_bands[i].from);
        fputs(", \"label\": ", f);
        json_str(f, r->score_bands[i].label);
        fputc('}', f);
    }
    fputs("], \"review_on\": ", f);
    json_str(f, has && r->review_on ? severity_name(r->review_on) : NULL);
    fputs("},\n", f);
}

static void json_findings(FILE *f, const ccs_report *r)
{
    fprintf(f, "  \"findings_other_periods\": %zu,\n", findings_other(r));
    fputs("  \"findings\": [", f);
    for (size_t i = 0; i < r->nfindings; i++) {
        const ccs_finding *x = &r->findings[i];
        char day[11];
        fputs(i ? ",\n    {\"rule\": " : "\n    {\"rule\": ", f);
        json_str(f, x->rule);
        fputs(", \"at\": ", f);
        json_str(f, finding_at(r, i, day));
        fputs(", \"severity\": ", f);
        json_str(f, severity_name(x->severity));
        fputs(", \"owner\": ", f);
        json_str(f, x->owner);
        fputs(", \"reference\": ", f);
        json_str(f, x->reference);
        fputs(", \"agent_id\": ", f);
        json_str(f, x->agent_id);
        fputs(", \"measured\": ", f);
        json_str(f, x->measured);
        fputs(", \"limit\": ", f);
        json_str(f, x->limit);
        fputs(", \"message\": ", f);
        json_str(f, x->message);
        fputs("}", f);
    }
    fputs(r->nfindings ? "\n  ],\n" : "],\n", f);
}

static void json_feedback(FILE *f, const ccs_report *r)
{
    fputs("  \"feedback\": [", f);
    for (size_t i = 0; i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        fprintf(f, "%s\n    {\"entity\": \"%s\", \"id\": ", i ? "," : "", entity_name(t->entity));
        json_str(f, t->id);
        fputs(", \"style\": ", f);
        json_str(f, t->style);
        fputs(", \"text\": ", f);
        json_str(f, t->text);
        fputs("}", f);
    }
    fputs(r->nfeedback ? "\n  ],\n" : "],\n", f);
}

int json_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    (void)ctx;
    FILE *f = out;
    json_head(f, r);
    json_scoring(f, r);
    json_cards(f, r, "agents", r->agents, r->nagents);
    json_cards(f, r, "teams", r->teams, r->nteams);
    json_cards(f, r, "queues", r->queues, r->nqueues);
    fputs("  \"organisation_scorecard\":\n", f);
    json_card(f, r, r->organisation_card, "    ");
    fputs(",\n", f);
    json_findings(f, r);
    json_feedback(f, r);
    sections_json(f, r);
    fputs("}\n", f);
    return CCS_OK;
}
