/* The html plugin's components and entry, and the html sink: the whole
 * report as one page (overview, agents, shortfalls, trends, findings, every
 * section, the input counts). */
#include "html.h"

const ccs_host_api *html_api;

static void inputs(FILE *f, const ccs_report *r)
{
    fputs("<section id=\"input\">\n<h2>Input</h2>\n<div class=\"scroll\"><table>\n<thead><tr>"
          "<th scope=\"col\">Source</th><th scope=\"col\">Stream</th><th scope=\"col\" class=\"n\">Rows read</th>"
          "<th scope=\"col\" class=\"n\">Accepted</th><th scope=\"col\" class=\"n\">Rejected</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < r->ninputs; i++) {
        const ccs_input_stats *s = &r->inputs[i];
        fputs("<tr><th scope=\"row\">", f);
        h_esc(f, s->source);
        fputs("</th><td>", f);
        h_esc(f, s->stream);
        fprintf(f, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>\n",
                (unsigned long long)s->read, (unsigned long long)s->accepted, (unsigned long long)s->rejected);
    }
    fputs("</tbody></table></div>\n</section>\n", f);
}

static int html_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    (void)ctx;
    FILE *f = out;
    char title[512];
    snprintf(title, sizeof title, "%s: performance report, %s", r->organisation ? r->organisation : "ccscore",
             r->period ? r->period : "");
    page_begin(f, title);
    cards_header(f, r);
    cards_overview(f, r);
    cards_agents(f, r);
    cards_shortfalls(f, r);
    cards_trends(f, r);
    findings_html(f, r);
    sections_html(f, r);
    inputs(f, r);
    page_end(f);
    return ferror(f) ? CCS_ERR : CCS_OK;
}

static const ccs_sink_ops html_ops = { sizeof(ccs_sink_ops), "html", html_write, 0 };
static const ccs_sink_ops files_ops = { sizeof(ccs_sink_ops), "html_files", html_files_write, CCS_SINK_OWN_FILES };

static const ccs_component components[] = {
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "html",
      "the report as one self-contained HTML page: overview with bullet charts, agents, shortfalls, trends, "
      "findings by owner, every section (no external requests)",
      NULL, NULL, NULL, &html_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "html_files",
      "one HTML page per agent for one-to-ones (their figures, trend and feedback; no other agent) in the "
      "folder 'path' (each atomic)",
      NULL, html_files_create, html_files_destroy, &files_ops },
};

static int html_init(ccs_host *host, const ccs_host_api *host_api)
{
    html_api = host_api;
    for (size_t i = 0; i < sizeof components / sizeof components[0]; i++)
        if (html_api->register_component(host, &components[i]) != CCS_OK)
            return CCS_ERR;
    return CCS_OK;
}

CCS_MODULE(html, "1.2", "the HTML report and per-agent HTML pages", html_init, NULL)
