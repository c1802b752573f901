/* The html_files sink: one page per agent, ready for a one-to-one: the
 * agent's own figures against their targets (bullet charts with the
 * intervals), the change since the previous period, and their feedback
 * texts.  A page names no other agent's figures: no team table, no ranks
 * (a feedback text may name a colleague as a buddy, as the feedback plugin
 * wrote it).  Each page is written whole or not at all (the host's atomic
 * output), as FOLDER/agent-ID.html. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html.h"

typedef struct html_files {
    char *folder;
} html_files;

int html_files_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    const char *path = html_api->config_string(cfg, "path");
    if (!path || !*path) {
        html_api->log(host, CCS_LOG_ERROR, "[sink %s] needs 'path = FOLDER' (where the agents' pages go)",
                      html_api->config_instance(cfg));
        return CCS_ERR;
    }
    html_files *hf = calloc(1, sizeof *hf);
    if (!hf || !(hf->folder = strdup(path))) {
        free(hf);
        return CCS_ERR;
    }
    *inst = hf;
    return CCS_OK;
}

void html_files_destroy(void *inst)
{
    html_files *hf = inst;
    if (hf)
        free(hf->folder);
    free(hf);
}

/* FOLDER/agent-ID.html: letters, digits, '-', '_' and '.' of the id kept
 * (no leading dot), anything else as '_'. */
static char *page_path(const char *folder, const char *id)
{
    size_t len = strlen(folder) + strlen(id) + 16;
    char *out = malloc(len);
    if (!out)
        return NULL;
    size_t k = (size_t)snprintf(out, len, "%s/agent-", folder);
    for (const char *p = *id ? id : "unnamed"; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_' || (c == '.' && p != id);
        out[k++] = ok ? c : '_';
    }
    snprintf(out + k, len - k, ".html");
    return out;
}

static void change_row(FILE *f, const ccs_metric_score *m)
{
    char title[64], a[H_VALUE], b[H_VALUE];
    h_metric_title(title, sizeof title, m->name);
    h_value(a, m, m->previous);
    h_value(b, m, m->value);
    double d = m->value - m->previous;
    const char *word = fabs(d) < 1e-12 ? "the same" : (d > 0) == (m->direction > 0) ? "better" : "worse";
    fputs("<tr><th scope=\"row\">", f);
    h_esc(f, title);
    fprintf(f, "</th><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s %s</td></tr>\n", a, b,
            fabs(d) < 1e-12 ? "=" : d > 0 ? "\xE2\x86\x91" : "\xE2\x86\x93", word);
}

static void changes(FILE *f, const ccs_report *r, const ccs_scorecard *c)
{
    size_t n = 0;
    fputs("<h2>Since last period</h2>\n", f);
    for (size_t i = 0; i < c->nmetrics; i++) {
        const ccs_metric_score *m = &c->metrics[i];
        if (!h_metric_shown(m) || !m->defined || !m->has_previous)
            continue;
        if (!n++) {
            fputs("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"n\">", f);
            h_esc(f, r->previous_period ? r->previous_period : "previous");
            fputs("</th><th scope=\"col\" class=\"n\">", f);
            h_esc(f, r->period);
            fputs("</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n", f);
        }
        change_row(f, m);
    }
    fputs(n ? "</tbody></table></div>\n" : "<p>No figures from the previous period to compare with.</p>\n", f);
}

/* Feedback texts are short Markdown: '#' headings, '- ' lists, paragraphs
 * separated by blank lines, **strong**, a line in _italics_; shown as such. */
static void inline_md(FILE *f, const char *s, size_t len)
{
    char *line = strndup(s, len);
    if (!line)
        return;
    int strong = 0;
    for (char *p = line; p;) {
        char *mark = strstr(p, "**");
        if (mark)
            *mark = '\0';
        h_esc(f, p);
        if (!mark)
            break;
        fputs(strong ? "</strong>" : "<strong>", f);
        strong = !strong;
        p = mark + 2;
    }
    if (strong)
        fputs("</strong>", f);
    free(line);
}

enum { MD_NONE, MD_PARA, MD_LIST };

static int md_close(FILE *f, int block)
{
    fputs(block == MD_PARA ? "</p>\n" : block == MD_LIST ? "</ul>\n" : "", f);
    return MD_NONE;
}

static void feedback_md(FILE *f, const char *text)
{
    int block = MD_NONE;
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) {
            block = md_close(f, block);
        } else if (p[0] == '#') {
            size_t k = strspn(p, "#");
            block = md_close(f, block);
            fputs("<h3>", f);
            inline_md(f, p + k + (p[k] == ' '), len - k - (p[k] == ' '));
            fputs("</h3>\n", f);
        } else if (len > 1 && (p[0] == '-' || p[0] == '*') && p[1] == ' ') {
            if (block != MD_LIST)
                block = md_close(f, block), fputs("<ul>\n", f), block = MD_LIST;
            fputs("<li>", f);
            inline_md(f, p + 2, len - 2);
            fputs("</li>\n", f);
        } else {
            if (block == MD_LIST)
                block = md_close(f, block);
            fputs(block == MD_PARA ? "<br>\n" : "<p>", f);
            block = MD_PARA;
            int em = len > 2 && p[0] == '_' && p[len - 1] == '_'; /* a line in _italics_ */
            fputs(em ? "<em>" : "", f);
            inline_md(f, p + em, len - 2 * (size_t)em);
            fputs(em ? "</em>" : "", f);
        }
        p = end ? end + 1 : NULL;
    }
    md_close(f, block);
}

static void agent_page(FILE *f, const ccs_report *r, const ccs_scorecard *c)
{
    char title[512];
    snprintf(title, sizeof title, "%s (%s): %s %s", c->name ? c->name : c->id, c->id,
             r->period_kind ? r->period_kind : "period", r->period ? r->period : "");
    page_begin(f, title);
    h_elem(f, "h1", NULL, title);
    fputs("\n<p class=\"meta\">", f);
    h_esc(f, r->organisation);
    if (c->has_score)
        fprintf(f, ". Score %.1f of 100", c->score);
    fputs(". Status: <span class=\"st meets\">\xE2\x9C\x93 meets</span>, <span class=\"st near\">~ near</span>, "
          "<span class=\"st below\">! below</span>, <span class=\"st insufficient\">? not enough data</span>.</p>\n"
          "<h2>Your figures</h2>\n",
          f);
    cards_figures(f, c, "Each figure against its target, with its 95% interval");
    changes(f, r, c);
    fputs("<h2>Feedback</h2>\n<div class=\"feedback\">\n", f);
    size_t n = 0;
    for (size_t i = 0; i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        if (t->entity == CCS_ENTITY_AGENT && t->id && strcmp(t->id, c->id) == 0 && t->text)
            feedback_md(f, t->text), n++;
    }
    if (!n)
        fputs("<p>No feedback text this period.</p>\n", f);
    fputs("</div>\n", f);
    page_end(f);
}

static int write_page(ccs_host *host, const char *folder, const ccs_report *r, const ccs_scorecard *c)
{
    char *path = page_path(folder, c->id ? c->id : "");
    ccs_output *o = path ? html_api->output_open(host, path) : NULL; /* logs why when NULL */
    free(path);
    if (!o)
        return CCS_ERR;
    FILE *f = html_api->output_file(o);
    if (!f) {
        html_api->output_close(o, 0);
        return CCS_ERR;
    }
    agent_page(f, r, c);
    return html_api->output_close(o, !ferror(f));
}

int html_files_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)out;
    html_files *hf = inst;
    ccs_host *host = ctx && CCS_HAS_FIELD(ctx, ccs_sink_ctx, host) ? ctx->host : NULL;
    if (!host || !CCS_HAS_FIELD(html_api, ccs_host_api, output_close))
        return CCS_ERR; /* a host older than ABI 1.2 */
    if (mkdir(hf->folder, 0750) != 0 && errno != EEXIST) {
        html_api->log(host, CCS_LOG_ERROR, "cannot create the folder %s: %s", hf->folder, strerror(errno));
        return CCS_ERR;
    }
    int rc = CCS_OK;
    for (size_t i = 0; i < r->nagents; i++)
        if (write_page(host, hf->folder, r, &r->agents[i]) != CCS_OK)
            rc = CCS_ERR;
    return rc;
}
