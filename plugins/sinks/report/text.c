/* The text sink: readable tables of scorecards, shortfalls, sections,
 * findings and (with --feedback) the feedback texts; colour on a terminal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "table.h"

typedef struct paint {
    int on;
    const unsigned char *cols; /* per metric index: 1 when this table (panel) shows it */
    const ccs_report *r;
    int width;                 /* columns a line may take (issue 11) */
    char (*abbr)[12];          /* per metric: its column heading, at most 10 columns */
    int idw, agw, namew, teamw; /* widths of the id columns */
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
    const char *unit = "";
    if (m->type == CCS_METRIC_RATE) {
        fmt_fixed(buf, len, 1, v * 100.0);
        unit = "%";
    } else if (strcmp(m->unit, "s") == 0) {
        fmt_fixed(buf, len, 0, v);
        unit = "s";
    } else {
        fmt_fixed(buf, len, m->type == CCS_METRIC_INDEX && v == floor(v) ? 0 : 1, v);
    }
    size_t n = strlen(buf);
    snprintf(buf + n, len - n, "%s", unit);
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
        fprintf(f, "%-*s %-*.*s %-*s %s", p.agw, c->id, p.namew, p.namew, c->name ? c->name : "", p.teamw,
                c->team ? c->team : "", score);
    else
        fprintf(f, "%-*s %s", p.idw, c->id, score);
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
        fprintf(f, "%-*s %-*s %-*s %5s", p.agw, "agent", p.namew, "name", p.teamw, "team", "score");
    else
        fprintf(f, "%-*s %5s", p.idw, "", "score");
    text_rules(f, NULL, p);
    for (size_t i = 0; c && i < c->nmetrics; i++)
        if (p.cols[i])
            fprintf(f, " %10s", p.abbr[i]);
    fputc('\n', f);
}

static void text_targets(FILE *f, const ccs_scorecard *c, paint p)
{
    fprintf(f, "%-*s %5s", p.idw, "target", "");
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

static void org_table(FILE *f, const ccs_report *r, paint p)
{
    const ccs_scorecard *org = r->organisation_card;
    text_header(f, org, 0, p);
    text_targets(f, org, p);
    text_row(f, org, 0, p);
    for (size_t i = 0; i < r->nqueues; i++)
        text_row(f, &r->queues[i], 0, p);
}

static void team_table(FILE *f, const ccs_report *r, paint p)
{
    text_header(f, r->organisation_card, 0, p);
    for (size_t i = 0; i < r->nteams; i++)
        text_row(f, &r->teams[i], 0, p);
}

static void agent_table(FILE *f, const ccs_report *r, paint p)
{
    text_header(f, r->organisation_card, 1, p);
    for (size_t i = 0; i < r->nagents; i++)
        text_row(f, &r->agents[i], 1, p);
}

/* A table in panels (issue 11): as many metric columns (11 wide each) as
 * fit beside the id columns, then the next ones under them. */
static void panels(FILE *f, const ccs_report *r, paint p, int with_name,
                   void (*table)(FILE *, const ccs_report *, paint))
{
    size_t nm = r->organisation_card->nmetrics;
    int left = with_name ? p.agw + p.namew + p.teamw + 8 : p.idw + 6;
    if (CCS_HAS_FIELD(r, ccs_report, review_on))
        left += (r->review_on ? 1 : 0) + (r->nscore_bands ? 15 : 0);
    size_t per = p.width > left + 11 ? (size_t)(p.width - left) / 11 : 1;
    unsigned char *mask = calloc(nm ? nm : 1, 1);
    if (!mask)
        return;
    const unsigned char *all = p.cols;
    for (size_t i = 0, k, panel = 0; i < nm; panel++) {
        memset(mask, 0, nm);
        for (k = 0; i < nm && k < per; i++)
            if (all[i])
                mask[i] = 1, k++;
        if (!k)
            break;
        if (panel)
            fputc('\n', f);
        p.cols = mask;
        table(f, r, p);
    }
    free(mask);
}

static void text_scorecards(FILE *f, const ccs_report *r, paint p)
{
    fputs("\nOrganisation and queues\n", f);
    panels(f, r, p, 0, org_table);
    fputs("\nTeams\n", f);
    panels(f, r, p, 0, team_table);
    fputs("\nAgents\n", f);
    panels(f, r, p, 1, agent_table);
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

/* The trends the heading announces: each shown figure of the organisation
 * and the teams now and in the previous period. */
static void text_trends(FILE *f, const ccs_report *r, paint p)
{
    if (!r->previous_period)
        return;
    fprintf(f, "\nTrends against %s (now, then)\n", r->previous_period);
    for (size_t k = 0; k <= r->nteams; k++) {
        const ccs_scorecard *c = k ? &r->teams[k - 1] : r->organisation_card;
        fprintf(f, "  %s:", c->id);
        size_t shown = 0;
        for (size_t i = 0; i < c->nmetrics; i++) {
            const ccs_metric_score *m = &c->metrics[i];
            if (!p.cols[i] || !m->defined)
                continue;
            char v[32], w[32] = "-";
            format_value(v, sizeof v, m, m->value);
            if (m->has_previous)
                format_value(w, sizeof w, m, m->previous);
            fprintf(f, "%s %s %s (%s)", shown++ ? "," : "", m->name, v, w);
        }
        fputc('\n', f);
    }
}

/* Column headings of at most 10 columns, each once, and a legend line for
 * those shortened (issue 11). */
static void abbreviate(FILE *f, const ccs_report *r, paint p)
{
    const ccs_scorecard *org = r->organisation_card;
    size_t shortened = 0;
    for (size_t i = 0; i < org->nmetrics; i++) {
        fit_abbrev(org->metrics[i].name, 10, p.abbr[i], sizeof p.abbr[i]);
        for (size_t k = 0; k < i; k++)
            if (strcmp(p.abbr[k], p.abbr[i]) == 0) /* the same short name twice: number it */
                snprintf(p.abbr[i] + (strlen(p.abbr[i]) > 8 ? 8 : strlen(p.abbr[i])), 3, "%zu", i % 100);
        if (p.cols[i] && strcmp(p.abbr[i], org->metrics[i].name) != 0)
            fprintf(f, "%s%s = %s", shortened++ ? ", " : "Columns: ", p.abbr[i], org->metrics[i].name);
    }
    if (shortened)
        fputc('\n', f);
}

static int max_width(const ccs_scorecard *cards, size_t n, int what, int min, int cap)
{
    int w = min;
    for (size_t i = 0; i < n; i++) {
        const char *s = what == 0 ? cards[i].id : what == 1 ? cards[i].name : cards[i].team;
        int sw = s ? (int)text_width(s) : 0;
        w = sw > w ? sw : w;
    }
    return w > cap ? cap : w;
}

static void set_widths(paint *p, const ccs_report *r)
{
    p->idw = max_width(r->organisation_card, 1, 0, 6, 36);
    p->idw = max_width(r->queues, r->nqueues, 0, p->idw, 36);
    p->idw = max_width(r->teams, r->nteams, 0, p->idw, 36);
    p->agw = max_width(r->agents, r->nagents, 0, 5, 24);
    p->namew = max_width(r->agents, r->nagents, 1, 4, 18);
    p->teamw = max_width(r->agents, r->nagents, 2, 4, 16);
}

/* Write part of the report to memory, then out with its lines fitted. */
#define FITTED(f, width, call)                                                 \
    do {                                                                       \
        char *buf_ = NULL;                                                     \
        size_t len_ = 0;                                                       \
        FILE *m_ = open_memstream(&buf_, &len_);                               \
        if (m_) {                                                              \
            call;                                                              \
            if (fclose(m_) == 0)                                               \
                fit_text(f, width, buf_, len_);                                \
        }                                                                      \
        free(buf_);                                                            \
    } while (0)

int text_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    FILE *f = out;
    unsigned char *cols = table_columns(r);
    size_t nm = r->organisation_card->nmetrics;
    char (*abbr)[12] = calloc(nm ? nm : 1, sizeof *abbr);
    if (!cols || !abbr) {
        free(cols);
        free(abbr);
        return CCS_ERR;
    }
    paint p = { ctx && ctx->colour, cols, r, 80, abbr, 0, 0, 0, 0 };
    if (ctx && CCS_HAS_FIELD(ctx, ccs_sink_ctx, width) && ctx->width > 0)
        p.width = ctx->width;
    set_widths(&p, r);
    FITTED(f, p.width, (text_heading(m_, r, p), abbreviate(m_, r, p)));
    text_scorecards(f, r, p);
    FITTED(f, p.width, (text_trends(m_, r, p), text_shortfalls(m_, r), text_review(m_, r)));
    /* Sections of 1.1 modules (ready-made text), then sections as data. */
    for (size_t i = 0; i < legacy_section_count(r); i++)
        if (r->sections[i].text)
            FITTED(f, p.width, fprintf(m_, "\n%s\n%s", r->sections[i].title, r->sections[i].text));
    FITTED(f, p.width, (sections_text(m_, r, p.width), text_findings(m_, r)));
    if (ctx && CCS_HAS_FIELD(ctx, ccs_sink_ctx, feedback) && ctx->feedback)
        FITTED(f, p.width, text_feedback(m_, r));
    free(cols);
    free(abbr);
    return CCS_OK;
}
