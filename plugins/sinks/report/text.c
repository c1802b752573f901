/* The text sink: readable tables of scorecards, shortfalls, sections,
 * findings and (with --feedback) the feedback texts; colour on a terminal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

typedef struct paint {
    int on;
    const unsigned char *cols; /* per metric index: 1 when the tables show it */
    const ccs_report *r;
} paint;

/* ABI 1.3: after the score, the review mark (when the policy sets a gate)
 * and the band (when it sets score bands). */
static void text_rules(FILE *f, const ccs_scorecard *c, paint p)
{
    const ccs_card_scoring *cs = c ? ccs_card_scoring_of(p.r, c) : NULL;
    if (CCS_HAS_FIELD(p.r, ccs_report, review_on) && p.r->review_on)
        fputs(!c ? " " : cs && cs->nreview ? "R" : " ", f);
    if (CCS_HAS_FIELD(p.r, ccs_report, review_on) && p.r->nscore_bands)
        fprintf(f, " %-14.14s", !c ? "band" : cs && cs->band ? cs->band : "-");
}

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
    text_rules(f, c, p);
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
    text_rules(f, NULL, p);
    for (size_t i = 0; c && i < c->nmetrics; i++)
        if (p.cols[i])
            fprintf(f, " %10.10s", c->metrics[i].name);
    fputc('\n', f);
}

static void text_targets(FILE *f, const ccs_scorecard *c, paint p)
{
    fprintf(f, "%-36s %5s", "target", "");
    if (CCS_HAS_FIELD(p.r, ccs_report, review_on))
        fprintf(f, "%s%s", p.r->review_on ? " " : "", p.r->nscore_bands ? "               " : "");
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

/* The scoring rules in words: banded metrics, score bands, the review gate. */
static void text_rules_legend(FILE *f, const ccs_report *r)
{
    if (!CCS_HAS_FIELD(r, ccs_report, review_on))
        return;
    size_t banded = 0;
    for (size_t i = 0; i < r->nscoring; i++) {
        const ccs_metric_scoring *m = &r->scoring[i];
        if (m->method != CCS_SCORING_BANDS)
            continue;
        const ccs_metric_score *ms = &r->organisation_card->metrics[i];
        fprintf(f, "%s %s:", banded++ ? ";" : "Scoring by bands (points; other metrics linear):", m->name);
        for (size_t k = 0; k < m->nbands; k++) {
            char v[32];
            format_value(v, sizeof v, ms, m->bands[k]);
            fprintf(f, " %g at %s %s,", m->points[k], ms->direction < 0 ? "<=" : ">=", v);
        }
        fprintf(f, " else %g", m->points[m->nbands]);
    }
    if (banded)
        fputc('\n', f);
    for (size_t i = 0; i < r->nscore_bands; i++)
        fprintf(f, "%s%g %s", i ? ", " : "Score bands (lowest score, band): ", r->score_bands[i].from,
                r->score_bands[i].label);
    if (r->nscore_bands)
        fputc('\n', f);
    if (r->review_on)
        fprintf(f, "R: review before publishing: a finding at %s or above is attributed to the agent "
                "(see Review); the score is unchanged\n", severity_name(r->review_on));
}

static void text_review(FILE *f, const ccs_report *r)
{
    if (!CCS_HAS_FIELD(r, ccs_report, review_on) || !r->review_on)
        return;
    fputs("\nReview before publishing (findings attributed to the agent)\n", f);
    size_t listed = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_card_scoring *cs = ccs_card_scoring_of(r, &r->agents[i]);
        if (!cs || !cs->nreview)
            continue;
        fprintf(f, "  R %s %s:", r->agents[i].id, r->agents[i].name ? r->agents[i].name : "");
        for (size_t k = 0; k < cs->nreview; k++)
            fprintf(f, "%s %s", k ? "," : "", cs->review[k]);
        fputc('\n', f);
        listed++;
    }
    if (!listed)
        fputs("  none\n", f);
}

static void text_heading(FILE *f, const ccs_report *r, paint p)
{
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
    text_rules_legend(f, r);
}

static void text_scorecards(FILE *f, const ccs_report *r, paint p)
{
    const ccs_scorecard *org = r->organisation_card;
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
}

static void text_shortfalls(FILE *f, const ccs_report *r)
{
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
}

static void text_findings(FILE *f, const ccs_report *r)
{
    size_t other = findings_other(r);
    if (!r->nfindings && !other)
        return;
    fputs("\nFindings\n", f);
    if (other)
        fprintf(f, "  %zu finding%s of other periods not shown (run with their --period)\n", other,
                other == 1 ? "" : "s");
    for (size_t i = 0; i < r->nfindings; i++) {
        const ccs_finding *x = &r->findings[i];
        char day[11];
        const char *at = finding_at(r, i, day);
        fprintf(f, "  %s%s[%s] %s %s: %s\n", at ? at : "", at ? " " : "", severity_name(x->severity), x->rule,
                x->reference ? x->reference : "", x->message ? x->message : "");
        if (x->measured || x->limit || x->owner)
            fprintf(f, "      measured: %s; limit: %s; owner: %s\n", x->measured ? x->measured : "-",
                    x->limit ? x->limit : "-", x->owner ? x->owner : "-");
    }
}

static void text_feedback(FILE *f, const ccs_report *r)
{
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

int text_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    FILE *f = out;
    unsigned char *cols = table_columns(r);
    if (!cols)
        return CCS_ERR;
    paint p = { ctx && ctx->colour, cols, r };
    text_heading(f, r, p);
    text_scorecards(f, r, p);
    text_shortfalls(f, r);
    text_review(f, r);
    /* Sections of 1.1 modules (ready-made text), then sections as data. */
    for (size_t i = 0; i < legacy_section_count(r); i++)
        if (r->sections[i].text)
            fprintf(f, "\n%s\n%s", r->sections[i].title, r->sections[i].text);
    sections_text(f, r);
    text_findings(f, r);
    if (ctx && CCS_HAS_FIELD(ctx, ccs_sink_ctx, feedback) && ctx->feedback)
        text_feedback(f, r);
    free(cols);
    return CCS_OK;
}
