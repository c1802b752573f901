/* The report's own parts: the heading, the overview (the organisation and
 * each team: score, and each figure against its target with its interval),
 * the agents table, the shortfalls and the trends.  Figures carry their
 * values in data-* attributes (data-entity, data-id, data-metric,
 * data-value, data-n, data-target, data-ci-low, data-ci-high,
 * data-previous, data-status; data-score on a card or row), the numbers
 * exactly as the JSON report has them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static const char *card_name(const ccs_scorecard *c)
{
    return c->name && *c->name ? c->name : c->id;
}

static void card_attrs(FILE *f, const ccs_scorecard *c)
{
    fprintf(f, " data-entity=\"%s\" data-id=\"", entity_name(c->entity));
    h_esc(f, c->id);
    fputc('"', f);
}

/* The data-* attributes of one figure. */
static void figure_attrs(FILE *f, const ccs_scorecard *c, const ccs_metric_score *m)
{
    card_attrs(f, c);
    fputs(" data-metric=\"", f);
    h_esc(f, m->name);
    fputc('"', f);
    if (m->defined)
        h_data(f, "value", m->value);
    h_data(f, "n", (double)m->n);
    if (m->has_target)
        h_data(f, "target", m->target);
    if (m->defined && m->has_ci) {
        h_data(f, "ci-low", m->ci_low);
        h_data(f, "ci-high", m->ci_high);
    }
    if (m->has_previous)
        h_data(f, "previous", m->previous);
    fprintf(f, " data-status=\"%s\"", h_status_class(m->status));
}

void cards_header(FILE *f, const ccs_report *r)
{
    fputs("<h1>", f);
    h_esc(f, r->organisation);
    fputs(": performance report</h1>\n<p class=\"meta\">", f);
    h_esc(f, r->period_kind);
    fputc(' ', f);
    h_esc(f, r->period);
    if (r->period_start && r->period_end) {
        fputs(" (", f);
        h_esc(f, r->period_start);
        fputs(" to ", f);
        h_esc(f, r->period_end);
        fputc(')', f);
    }
    if (r->previous_period) {
        fputs(", compared with ", f);
        h_esc(f, r->previous_period);
    }
    fprintf(f, "; at least %llu contacts before a figure is judged", (unsigned long long)r->min_sample);
    fputs(". Status: <span class=\"st meets\">\xE2\x9C\x93 meets</span>, <span class=\"st near\">~ near</span>, "
          "<span class=\"st below\">! below</span>, <span class=\"st insufficient\">? not enough data</span>; "
          "bars show each figure (dot) against its target (line) with its 95% interval (grey).</p>\n",
          f);
    fputs("<nav aria-label=\"contents\"><ul><li><a href=\"#overview\">Overview</a></li>"
          "<li><a href=\"#agents\">Agents</a></li><li><a href=\"#shortfalls\">Shortfalls</a></li>"
          "<li><a href=\"#trends\">Trends</a></li><li><a href=\"#findings\">Findings</a></li>",
          f);
    for (size_t i = 0; i < report_section_count(r); i++) {
        fputs("<li><a href=\"#s-", f);
        h_esc(f, r->report_sections[i].name);
        fputs("\">", f);
        h_esc(f, r->report_sections[i].title ? r->report_sections[i].title : r->report_sections[i].name);
        fputs("</a></li>", f);
    }
    fputs("</ul></nav>\n", f);
}

static void figure_row(FILE *f, const ccs_scorecard *c, const ccs_metric_score *m)
{
    char title[64], v[H_VALUE], t[H_VALUE], lo[H_VALUE], hi[H_VALUE];
    h_metric_title(title, sizeof title, m->name);
    h_value(v, m, m->defined ? m->value : NAN);
    h_value(t, m, m->has_target ? m->target : NAN);
    fputs("<tr", f);
    figure_attrs(f, c, m);
    fputs("><th scope=\"row\">", f);
    h_esc(f, title);
    fprintf(f, "</th><td class=\"n\"><span class=\"st %s\">%s</span> %s <span class=\"vh\">%s</span>",
            h_status_class(m->status), h_status_mark(m->status), v, h_status_word(m->status));
    fprintf(f, "<br><small>n %llu", (unsigned long long)m->n);
    if (m->defined && m->has_ci) {
        h_value(lo, m, m->ci_low);
        h_value(hi, m, m->ci_high);
        fprintf(f, ", %s&ndash;%s", lo, hi);
    }
    fputs("</small></td><td class=\"chart\">", f);
    chart_bullet(f, m);
    if (m->has_target)
        fprintf(f, "<small>target %s&nbsp;%s%s</small>", m->direction < 0 ? "&le;" : "&ge;", t,
                m->target_from_objective ? " (objective)" : "");
    fputs("</td></tr>\n", f);
}

void cards_figures(FILE *f, const ccs_scorecard *c, const char *caption)
{
    fputs("<div class=\"scroll\"><table class=\"figs\"><caption>", f);
    h_esc(f, caption);
    fputs("</caption>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"n\">Value "
          "<small>(n, 95% interval)</small></th>"
          "<th scope=\"col\">Against target</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < c->nmetrics; i++)
        if (h_metric_shown(&c->metrics[i]))
            figure_row(f, c, &c->metrics[i]);
    fputs("</tbody></table></div>\n", f);
}

static void overview_card(FILE *f, const ccs_scorecard *c)
{
    char caption[256];
    fputs("<div class=\"card\"", f);
    card_attrs(f, c);
    if (c->has_score)
        h_data(f, "score", c->score);
    fputs(">\n<h3>", f);
    h_esc(f, c->entity == CCS_ENTITY_ORG ? "Whole organisation" : card_name(c));
    fputs("</h3>\n<p><span class=\"score\">", f);
    if (c->has_score)
        fprintf(f, "%.1f</span> of 100", c->score);
    else
        fputs("-</span> no score (no figure with enough data)", f);
    fprintf(f, "; %zu figure%s below target</p>\n", c->nshortfalls, c->nshortfalls == 1 ? "" : "s");
    snprintf(caption, sizeof caption, "Figures of %s", c->entity == CCS_ENTITY_ORG ? "the organisation" : card_name(c));
    cards_figures(f, c, caption);
    fputs("</div>\n", f);
}

void cards_overview(FILE *f, const ccs_report *r)
{
    fputs("<section id=\"overview\">\n<h2>Overview</h2>\n<div class=\"cards\">\n", f);
    if (r->organisation_card)
        overview_card(f, r->organisation_card);
    for (size_t i = 0; i < r->nteams; i++)
        overview_card(f, &r->teams[i]);
    fputs("</div>\n</section>\n", f);
}

/* The metric columns of the agents table: those any agent shows. */
static unsigned char *agent_columns(const ccs_report *r, size_t *ncols)
{
    *ncols = 0;
    for (size_t k = 0; k < r->nagents; k++)
        *ncols = r->agents[k].nmetrics > *ncols ? r->agents[k].nmetrics : *ncols;
    unsigned char *cols = calloc(*ncols ? *ncols : 1, 1);
    for (size_t k = 0; cols && k < r->nagents; k++)
        for (size_t i = 0; i < r->agents[k].nmetrics; i++)
            cols[i] |= h_metric_shown(&r->agents[k].metrics[i]) != 0;
    return cols;
}

static void agent_row(FILE *f, const ccs_scorecard *c, const unsigned char *cols, size_t ncols)
{
    fputs("<tr", f);
    card_attrs(f, c);
    if (c->has_score)
        h_data(f, "score", c->score);
    fputs("><th scope=\"row\">", f);
    h_esc(f, c->id);
    fputs("</th><td>", f);
    h_esc(f, c->name);
    fputs("</td><td>", f);
    h_esc(f, c->team);
    if (c->has_score)
        fprintf(f, "</td><td class=\"n\" data-sort=\"%.6f\">%.1f</td>", c->score, c->score);
    else
        fputs("</td><td class=\"n\" data-sort=\"-1\">-</td>", f);
    for (size_t i = 0; i < ncols; i++) {
        if (!cols[i])
            continue;
        if (i >= c->nmetrics) {
            fputs("<td class=\"n\">-</td>", f);
            continue;
        }
        const ccs_metric_score *m = &c->metrics[i];
        char v[H_VALUE];
        h_value(v, m, m->defined ? m->value : NAN);
        fprintf(f, "<td class=\"n %s\"", m->status ? h_status_class(m->status) : "");
        figure_attrs(f, c, m);
        fprintf(f, " data-sort=\"%.9g\">%s%s%s</td>", m->defined ? m->value : -1e300, h_status_mark(m->status),
                *h_status_mark(m->status) ? " " : "", v);
    }
    fputs("</tr>\n", f);
}

void cards_agents(FILE *f, const ccs_report *r)
{
    size_t ncols;
    unsigned char *cols = agent_columns(r, &ncols);
    fputs("<section id=\"agents\">\n<h2>Agents</h2>\n", f);
    if (!r->nagents || !cols) {
        fputs("<p>No agent has figures in this period.</p>\n</section>\n", f);
        free(cols);
        return;
    }
    fputs("<p class=\"note\">Each figure with its status symbol; select a heading to sort.</p>\n"
          "<div class=\"scroll\"><table class=\"sortable agents\">\n<thead><tr><th scope=\"col\">Agent</th>"
          "<th scope=\"col\">Name</th><th scope=\"col\">Team</th><th scope=\"col\" class=\"n\">Score</th>",
          f);
    const ccs_scorecard *first = &r->agents[0];
    for (size_t i = 0; i < ncols; i++) {
        char title[64];
        if (!cols[i])
            continue;
        h_metric_title(title, sizeof title, i < first->nmetrics ? first->metrics[i].name : "");
        fputs("<th scope=\"col\" class=\"n\">", f);
        h_esc(f, title);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t k = 0; k < r->nagents; k++)
        agent_row(f, &r->agents[k], cols, ncols);
    fputs("</tbody></table></div>\n</section>\n", f);
    free(cols);
}

void cards_shortfalls(FILE *f, const ccs_report *r)
{
    size_t listed = 0;
    fputs("<section id=\"shortfalls\">\n<h2>Shortfalls</h2>\n", f);
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *c = &r->agents[i];
        if (!c->nshortfalls)
            continue;
        if (!listed++)
            fputs("<p class=\"note\">Up to three figures per agent, largest weighted gap to target first.</p>\n"
                  "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Agent</th><th scope=\"col\">Team</th>"
                  "<th scope=\"col\">Focus</th></tr></thead>\n<tbody>\n",
                  f);
        fputs("<tr><th scope=\"row\">", f);
        h_esc(f, c->id);
        fputc(' ', f);
        h_esc(f, c->name);
        fputs("</th><td>", f);
        h_esc(f, c->team);
        fputs("</td><td>", f);
        for (size_t k = 0; k < c->nshortfalls && k < 3; k++) {
            const ccs_metric_score *m = &c->metrics[c->shortfalls[k]];
            char title[64], v[H_VALUE], t[H_VALUE];
            h_metric_title(title, sizeof title, m->name);
            h_value(v, m, m->value);
            h_value(t, m, m->target);
            fprintf(f, "%s<span class=\"st %s\">%s</span> ", k ? "; " : "", h_status_class(m->status),
                    h_status_mark(m->status));
            h_esc(f, title);
            fprintf(f, " %s against %s%s", v, t, m->target_from_objective ? " (objective)" : "");
        }
        fputs("</td></tr>\n", f);
    }
    fputs(listed ? "</tbody></table></div>\n" : "<p>No agent is below target.</p>\n", f);
    fputs("</section>\n", f);
}

void cards_trends(FILE *f, const ccs_report *r)
{
    const ccs_scorecard *org = r->organisation_card;
    fputs("<section id=\"trends\">\n<h2>Trends</h2>\n", f);
    if (!org || !r->previous_period) {
        fputs("<p>The data has no previous period to compare with.</p>\n</section>\n", f);
        return;
    }
    fputs("<p class=\"note\">Each figure this period against the previous one, for the whole organisation "
          "(thick line) and each team; the dashed line is the target. <code>ccscore trend</code> reads "
          "longer trends from the history store.</p>\n<div class=\"multiples\">\n",
          f);
    size_t n = r->nteams + 1;
    const ccs_scorecard **cards = malloc(n * sizeof *cards);
    if (!cards) {
        fputs("</div>\n</section>\n", f);
        return;
    }
    cards[0] = org;
    for (size_t i = 0; i < r->nteams; i++)
        cards[i + 1] = &r->teams[i];
    for (size_t i = 0; i < org->nmetrics; i++) {
        if (!org->metrics[i].has_target)
            continue;
        char title[64];
        h_metric_title(title, sizeof title, org->metrics[i].name);
        fputs("<figure><figcaption>", f);
        h_esc(f, title);
        fputs("</figcaption>", f);
        chart_trend(f, r, cards, n, i);
        fputs("</figure>\n", f);
    }
    free(cards);
    fputs("</div>\n</section>\n", f);
}
