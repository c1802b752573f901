/* report: the text, json and csv sinks.  Each writes the whole report model to
 * the FILE the engine hands it (the engine makes files atomic). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccscore/plugin.h"
#include "json.h"

static const ccs_host_api *api;

static const char *status_name(int s)
{
    switch (s) {
    case CCS_STATUS_MEETS: return "meets";
    case CCS_STATUS_NEAR: return "near";
    case CCS_STATUS_BELOW: return "below";
    case CCS_STATUS_INSUFFICIENT: return "insufficient";
    default: return NULL;
    }
}

static const char *severity_name(int s)
{
    switch (s) {
    case CCS_SEV_INFO: return "info";
    case CCS_SEV_ADVISORY: return "advisory";
    case CCS_SEV_BREACH: return "breach";
    case CCS_SEV_CRITICAL: return "critical";
    default: return "unknown";
    }
}

static const char *entity_name(int e)
{
    switch (e) {
    case CCS_ENTITY_AGENT: return "agent";
    case CCS_ENTITY_TEAM: return "team";
    case CCS_ENTITY_QUEUE: return "queue";
    default: return "organisation";
    }
}

/* Sections came with a later report struct: read them only when there. */
static int has_sections(const ccs_report *r)
{
    return r->size >= offsetof(ccs_report, sections) + sizeof r->sections && r->nsections;
}

/* ================================================================ JSON */

/* A JSON string (NULL as null).  JSON text must be UTF-8 (RFC 8259), but the
 * data may come from a Latin-1 or Windows-1252 export: json_escape_file()
 * writes each byte that does not start a well-formed sequence as U+FFFD, so
 * the report always parses. */
static void json_str(FILE *f, const char *s)
{
    if (!s)
        fputs("null", f);
    else
        json_escape_file(f, s, strlen(s));
}

/* Shortest text that reads back as the same double (null when not finite). */
static void json_num(FILE *f, double v)
{
    char buf[JSON_NUMBER_MAX];
    fwrite(buf, 1, json_format_number(buf, v), f);
}

static void json_opt(FILE *f, int has, double v)
{
    if (has)
        json_num(f, v);
    else
        fputs("null", f);
}

static void json_card(FILE *f, const ccs_scorecard *c, const char *indent)
{
    fprintf(f, "%s{\"id\": ", indent);
    json_str(f, c->id);
    fputs(", \"name\": ", f);
    json_str(f, c->name);
    fputs(", \"team\": ", f);
    json_str(f, c->entity == CCS_ENTITY_AGENT || c->entity == CCS_ENTITY_TEAM ? c->team : NULL);
    fputs(", \"score\": ", f);
    json_opt(f, c->has_score, c->score);
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

static void json_cards(FILE *f, const char *key, const ccs_scorecard *cards, size_t n)
{
    fprintf(f, "  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n" : "\n", f);
        json_card(f, &cards[i], "    ");
    }
    fputs(n ? "\n  ],\n" : "],\n", f);
}

static int json_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    (void)ctx;
    FILE *f = out;
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
    json_cards(f, "agents", r->agents, r->nagents);
    json_cards(f, "teams", r->teams, r->nteams);
    json_cards(f, "queues", r->queues, r->nqueues);
    fputs("  \"organisation_scorecard\":\n", f);
    json_card(f, r->organisation_card, "    ");
    fputs(",\n  \"findings\": [", f);
    for (size_t i = 0; i < r->nfindings; i++) {
        const ccs_finding *x = &r->findings[i];
        fputs(i ? ",\n    {\"rule\": " : "\n    {\"rule\": ", f);
        json_str(f, x->rule);
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
    fputs(r->nfindings ? "\n  ],\n  \"feedback\": [" : "],\n  \"feedback\": [", f);
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
    fputs(r->nfeedback ? "\n  ],\n  \"sections\": {" : "],\n  \"sections\": {", f);
    size_t nsec = has_sections(r) ? r->nsections : 0, shown = 0;
    for (size_t i = 0; i < nsec; i++) {
        if (!r->sections[i].json)
            continue;
        fputs(shown++ ? ",\n    " : "\n    ", f);
        json_str(f, r->sections[i].name);
        fputs(": ", f);
        fputs(r->sections[i].json, f);
    }
    fputs(shown ? "\n  }\n}\n" : "}\n}\n", f);
    return CCS_OK;
}

/* ================================================================ CSV */

static void csv_field(FILE *f, const char *s)
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

static void csv_card_rows(FILE *f, const ccs_report *r, const ccs_scorecard *c)
{
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
        fputc('\n', f);
    }
}

static int csv_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    (void)ctx;
    FILE *f = out;
    fputs("period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous\n", f);
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
            fprintf(f, ",,,%s,%llu,,,,,,,,\n", what[k], (unsigned long long)v[k]);
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
        csv_field(f, severity_name(x->severity));
        fputs(",,,,\n", f);
    }
    return CCS_OK;
}

/* ================================================================ text */

typedef struct paint {
    int on;
    const unsigned char *cols; /* per metric index: 1 when the tables show it */
} paint;

static const char *colour_of(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return "\033[32m";
    case CCS_STATUS_NEAR: return "\033[33m";
    case CCS_STATUS_BELOW: return "\033[31m";
    case CCS_STATUS_INSUFFICIENT: return "\033[2m";
    default: return "";
    }
}

static char mark_of(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return ' ';
    case CCS_STATUS_NEAR: return '~';
    case CCS_STATUS_BELOW: return '!';
    case CCS_STATUS_INSUFFICIENT: return '?';
    default: return ' ';
    }
}

static void format_value(char *buf, size_t len, const ccs_metric_score *m, double v)
{
    if (m->type == CCS_METRIC_RATE)
        snprintf(buf, len, "%.1f%%", v * 100.0);
    else if (strcmp(m->unit, "s") == 0)
        snprintf(buf, len, "%.0fs", v);
    else if (m->type == CCS_METRIC_INDEX && v == floor(v))
        snprintf(buf, len, "%.0f", v);
    else
        snprintf(buf, len, "%.1f", v);
}

/* The columns of the tables: figures with a target, plus handled. */
static int shown(const ccs_metric_score *m)
{
    return m->has_target || strcmp(m->name, "handled") == 0;
}

static void mark_columns(const ccs_scorecard *cards, size_t n, unsigned char *cols)
{
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < cards[k].nmetrics; i++)
            cols[i] |= shown(&cards[k].metrics[i]) != 0;
}

/* One column set for every table, decided over all cards: a card where a
 * metric does not apply (a queue-only figure on an agent) has no target for
 * it, and deciding per card would shift that row's later columns. */
static unsigned char *table_columns(const ccs_report *r)
{
    size_t nm = r->organisation_card->nmetrics;
    unsigned char *cols = calloc(nm ? nm : 1, 1);
    if (!cols)
        return NULL;
    mark_columns(r->organisation_card, 1, cols);
    mark_columns(r->agents, r->nagents, cols);
    mark_columns(r->teams, r->nteams, cols);
    mark_columns(r->queues, r->nqueues, cols);
    return cols;
}

static void text_row(FILE *f, const ccs_scorecard *c, int with_name, paint p)
{
    char score[16];
    if (c->has_score)
        snprintf(score, sizeof score, "%5.1f", c->score);
    else
        snprintf(score, sizeof score, "%5s", "-");
    if (with_name)
        fprintf(f, "%-8.8s %-18.18s %-8.8s %s", c->id, c->name ? c->name : "", c->team ? c->team : "", score);
    else
        fprintf(f, "%-36.36s %s", c->id, score);
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        if (!p.cols[i])
            continue;
        char v[32];
        if (m->defined)
            format_value(v, sizeof v, m, m->value);
        else
            snprintf(v, sizeof v, "-");
        if (p.on && m->status)
            fprintf(f, " %s%9s%c\033[0m", colour_of(m->status), v, mark_of(m->status));
        else
            fprintf(f, " %9s%c", v, mark_of(m->status));
    }
    fputc('\n', f);
}

static void text_header(FILE *f, const ccs_scorecard *c, int with_name, paint p)
{
    if (with_name)
        fprintf(f, "%-8s %-18s %-8s %5s", "agent", "name", "team", "score");
    else
        fprintf(f, "%-36s %5s", "", "score");
    for (size_t i = 0; c && i < c->nmetrics; i++)
        if (p.cols[i])
            fprintf(f, " %10.10s", c->metrics[i].name);
    fputc('\n', f);
}

static void text_targets(FILE *f, const ccs_scorecard *c, paint p)
{
    fprintf(f, "%-36s %5s", "target", "");
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        if (!p.cols[i])
            continue;
        char v[32] = "";
        if (m->has_target) {
            format_value(v + 1, sizeof v - 1, m, m->target);
            v[0] = m->direction < 0 ? '<' : '>';
        }
        fprintf(f, " %9s ", v);
    }
    fputc('\n', f);
}

static int text_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    FILE *f = out;
    const ccs_scorecard *org = r->organisation_card;
    unsigned char *cols = table_columns(r);
    if (!cols)
        return CCS_ERR;
    paint p = { ctx && ctx->colour, cols };
    fprintf(f, "%s%s%s: %s %s (%s to %s, %s)\n", p.on ? "\033[1m" : "", r->organisation,
            p.on ? "\033[0m" : "", r->period_kind, r->period, r->period_start, r->period_end, r->timezone);
    if (r->previous_period)
        fprintf(f, "Trends against %s.\n", r->previous_period);
    fputs("\nInput\n", f);
    for (size_t i = 0; i < r->ninputs; i++) {
        const ccs_input_stats *s = &r->inputs[i];
        fprintf(f, "  %-12s %-40s read %llu, accepted %llu, rejected %llu\n", s->stream, s->path,
                (unsigned long long)s->read, (unsigned long long)s->accepted,
                (unsigned long long)s->rejected);
    }
    fprintf(f, "\nMarks: ! below target, ~ near target, ? fewer than %llu observations (not judged)\n",
            (unsigned long long)r->min_sample);

    fputs("\nOrganisation and queues\n", f);
    text_header(f, org, 0, p);
    text_targets(f, org, p);
    text_row(f, org, 0, p);
    for (size_t i = 0; i < r->nqueues; i++)
        text_row(f, &r->queues[i], 0, p);

    fputs("\nTeams\n", f);
    text_header(f, org, 0, p);
    for (size_t i = 0; i < r->nteams; i++)
        text_row(f, &r->teams[i], 0, p);

    fputs("\nAgents\n", f);
    text_header(f, org, 1, p);
    for (size_t i = 0; i < r->nagents; i++)
        text_row(f, &r->agents[i], 1, p);

    fputs("\nShortfalls (largest weighted gap first)\n", f);
    size_t listed = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *c = &r->agents[i];
        if (!c->nshortfalls)
            continue;
        listed++;
        fprintf(f, "  %s %s:", c->id, c->name ? c->name : "");
        for (size_t k = 0; k < c->nshortfalls && k < 3; k++) {
            const ccs_metric_score *m = &c->metrics[c->shortfalls[k]];
            char v[32], t[32];
            format_value(v, sizeof v, m, m->value);
            format_value(t, sizeof t, m, m->target);
            fprintf(f, "%s %s %s vs %s%s", k ? ";" : "", m->name, v, t,
                    m->target_from_objective ? " (objective)" : "");
        }
        fputc('\n', f);
    }
    if (!listed)
        fputs("  none\n", f);

    for (size_t i = 0; has_sections(r) && i < r->nsections; i++)
        if (r->sections[i].text)
            fprintf(f, "\n%s\n%s", r->sections[i].title, r->sections[i].text);

    if (r->nfindings) {
        fputs("\nFindings\n", f);
        for (size_t i = 0; i < r->nfindings; i++) {
            const ccs_finding *x = &r->findings[i];
            fprintf(f, "  [%s] %s %s: %s\n", severity_name(x->severity), x->rule,
                    x->reference ? x->reference : "", x->message ? x->message : "");
            if (x->measured || x->limit || x->owner)
                fprintf(f, "      measured: %s; limit: %s; owner: %s\n", x->measured ? x->measured : "-",
                        x->limit ? x->limit : "-", x->owner ? x->owner : "-");
        }
    }
    if (ctx && ctx->size >= offsetof(ccs_sink_ctx, feedback) + sizeof ctx->feedback && ctx->feedback) {
        fputs("\nFeedback\n", f);
        if (!r->nfeedback)
            fputs("  none (the policy enables no feedback component)\n", f);
        for (size_t i = 0; i < r->nfeedback; i++) {
            const ccs_feedback_text *t = &r->feedback[i];
            fprintf(f, "\n---- %s %s%s%s%s\n", entity_name(t->entity), t->id ? t->id : "",
                    t->style ? " (" : "", t->style ? t->style : "", t->style ? ")" : "");
            fputs(t->text, f);
            size_t len = strlen(t->text);
            if (len && t->text[len - 1] != '\n')
                fputc('\n', f);
        }
    }
    free(cols);
    return CCS_OK;
}

/* ================================================================ files */

/* The `files` sink: one Markdown file per agent and per team with its
 * feedback, in the folder that the sink's `path` names, each written whole or
 * not at all (a temporary file in the same folder, renamed into place). */
typedef struct files_sink {
    char *folder;
} files_sink;

static int files_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    const char *path = api->config_string(cfg, "path");
    if (!path || !*path) {
        api->log(host, CCS_LOG_ERROR, "[sink %s] needs 'path = FOLDER' (where the feedback files go)",
                 api->config_instance(cfg));
        return CCS_ERR;
    }
    files_sink *fs = calloc(1, sizeof *fs);
    if (!fs || !(fs->folder = strdup(path))) {
        free(fs);
        return CCS_ERR;
    }
    *inst = fs;
    return CCS_OK;
}

static void files_destroy(void *inst)
{
    files_sink *fs = inst;
    if (fs)
        free(fs->folder);
    free(fs);
}

/* A file name from an id: letters, digits, '-', '_' and '.' kept (no leading
 * dot), anything else as '_'. */
static void safe_name(char *out, size_t len, const char *prefix, const char *id)
{
    size_t k = (size_t)snprintf(out, len, "%s", prefix);
    for (const char *p = id && *id ? id : "unnamed"; *p && k + 4 < len; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_' || (c == '.' && p != id);
        out[k++] = ok ? c : '_';
    }
    snprintf(out + k, len - k, ".md");
}

static int write_whole(ccs_host *host, const char *path, const ccs_report *r, int entity, const char *id)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return CCS_ERR;
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        api->log(host, CCS_LOG_ERROR, "cannot create a temporary file beside %s: %s", path, strerror(errno));
        free(tmp);
        return CCS_ERR;
    }
    FILE *f = fchmod(fd, 0640) == 0 ? fdopen(fd, "w") : NULL;
    int ok = f != NULL;
    if (!f)
        close(fd);
    for (size_t i = 0; ok && i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        if (t->entity != entity || !t->id || strcmp(t->id, id) != 0)
            continue;
        fputs(t->text, f);
        size_t tl = strlen(t->text);
        if (tl && t->text[tl - 1] != '\n')
            fputc('\n', f);
    }
    if (f) {
        ok = ok && !ferror(f) && fflush(f) == 0 && fsync(fileno(f)) == 0;
        ok = (fclose(f) == 0) && ok;
    }
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        api->log(host, CCS_LOG_ERROR, "%s: could not be written: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok ? CCS_OK : CCS_ERR;
}

/* Needs the host to log: the engine sets the component while write() runs,
 * but the sink API hands no host, so keep the one create() saw. */
static ccs_host *files_host;

static int files_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)out;
    (void)ctx;
    files_sink *fs = inst;
    if (mkdir(fs->folder, 0750) != 0 && errno != EEXIST) {
        api->log(files_host, CCS_LOG_ERROR, "cannot create the folder %s: %s", fs->folder, strerror(errno));
        return CCS_ERR;
    }
    int rc = CCS_OK;
    for (size_t i = 0; i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        if (t->entity != CCS_ENTITY_AGENT && t->entity != CCS_ENTITY_TEAM)
            continue;
        int seen = 0; /* one file per entity, with all its texts */
        for (size_t k = 0; k < i && !seen; k++)
            seen = r->feedback[k].entity == t->entity && r->feedback[k].id && t->id &&
                   strcmp(r->feedback[k].id, t->id) == 0;
        if (seen || !t->id)
            continue;
        char name[256];
        safe_name(name, sizeof name, t->entity == CCS_ENTITY_AGENT ? "agent-" : "team-", t->id);
        size_t plen = strlen(fs->folder) + strlen(name) + 2;
        char *path = malloc(plen);
        if (!path)
            return CCS_ERR;
        snprintf(path, plen, "%s/%s", fs->folder, name);
        if (write_whole(files_host, path, r, t->entity, t->id) != CCS_OK)
            rc = CCS_ERR;
        free(path);
    }
    return rc;
}

static int files_create_host(ccs_host *host, const ccs_config *cfg, void **inst)
{
    files_host = host;
    return files_create(host, cfg, inst);
}

/* ================================================================ module */

#define NOLIMIT 0, 0
static const ccs_sink_ops text_ops = { sizeof(ccs_sink_ops), "text", text_write, 0 };
static const ccs_sink_ops json_ops = { sizeof(ccs_sink_ops), "json", json_write, 0 };
static const ccs_sink_ops csv_ops = { sizeof(ccs_sink_ops), "csv", csv_write, 0 };
static const ccs_sink_ops files_ops = { sizeof(ccs_sink_ops), "files", files_write, CCS_SINK_OWN_FILES };

static const ccs_component components[] = {
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "text", "readable tables; colour on a terminal",
      NULL, NULL, NULL, &text_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "json", "the JSON report (docs/report.schema.json)",
      NULL, NULL, NULL, &json_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "csv", "one row per entity and metric, for spreadsheets; then input counts (entity input) and "
      "findings (entity finding: id = reference, name = message, team = agent, metric = rule, value = measured, "
      "unit = owner, target = limit, status = severity)",
      NULL, NULL, NULL, &csv_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "files",
      "feedback as one Markdown file per agent and per team in the folder 'path' (each atomic)",
      NULL, files_create_host, files_destroy, &files_ops },
};

static int report_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    for (size_t i = 0; i < sizeof components / sizeof components[0]; i++)
        if (api->register_component(host, &components[i]) != CCS_OK)
            return CCS_ERR;
    return CCS_OK;
}

CCS_MODULE(report, "1.1", "report sinks: text, json, csv, files", report_init, NULL)
