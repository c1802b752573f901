/* Findings grouped by owner (in the order each owner first appears), each
 * group most severe first: a count per owner and severity, then each
 * finding's day, rule, reference, masked evidence, limit and message as the
 * checks wrote them (never raw personal text: the checks mask it). */
#include <stdlib.h>
#include <string.h>

#include "html.h"

static const char *owner_of(const ccs_finding *x)
{
    return x->owner && *x->owner ? x->owner : "unassigned";
}

static int first_of_owner(const ccs_report *r, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(owner_of(&r->findings[k]), owner_of(&r->findings[i])) == 0)
            return 0;
    return 1;
}

static void owner_counts(FILE *f, const ccs_report *r, const char *owner)
{
    size_t count[CCS_SEV_CRITICAL + 1] = { 0 }, total = 0;
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(owner_of(&r->findings[i]), owner) == 0) {
            int s = r->findings[i].severity;
            count[s >= CCS_SEV_INFO && s <= CCS_SEV_CRITICAL ? s : 0]++;
            total++;
        }
    fprintf(f, "<p>%zu finding%s:", total, total == 1 ? "" : "s");
    int first = 1;
    for (int s = CCS_SEV_CRITICAL; s >= CCS_SEV_INFO; s--)
        if (count[s]) {
            fprintf(f, "%s <span class=\"sev %s\" data-severity=\"%s\" data-count=\"%zu\">%zu %s</span>",
                    first ? "" : ",", severity_name(s), severity_name(s), count[s], count[s], severity_name(s));
            first = 0;
        }
    fputs("</p>\n", f);
}

static void finding_row(FILE *f, const ccs_report *r, size_t i)
{
    const ccs_finding *x = &r->findings[i];
    char day[11];
    const char *at = finding_at(r, i, day);
    fprintf(f, "<tr data-severity=\"%s\" data-at=\"%s\"><td class=\"sev %s\">%s</td><td class=\"n\">%s</td><td>",
            severity_name(x->severity), at ? at : "", severity_name(x->severity), severity_name(x->severity),
            at ? at : "-");
    h_esc(f, x->rule);
    fputs("</td><td>", f);
    h_esc(f, x->reference);
    fputs("</td><td>", f);
    h_esc(f, x->agent_id ? x->agent_id : "-");
    fputs("</td><td>", f);
    h_esc(f, x->measured ? x->measured : "-");
    fputs("</td><td>", f);
    h_esc(f, x->limit ? x->limit : "-");
    fputs("</td><td>", f);
    h_esc(f, x->message);
    fputs("</td></tr>\n", f);
}

static void owner_group(FILE *f, const ccs_report *r, const char *owner)
{
    fputs("<h3>", f);
    h_esc(f, owner);
    fputs("</h3>\n", f);
    owner_counts(f, r, owner);
    fputs("<div class=\"scroll\"><table class=\"sortable findings\">\n<thead><tr><th scope=\"col\">Severity</th>"
          "<th scope=\"col\">Day</th><th scope=\"col\">Rule</th><th scope=\"col\">Reference</th><th scope=\"col\">Agent</th>"
          "<th scope=\"col\">Measured</th><th scope=\"col\">Limit</th><th scope=\"col\">What to do</th></tr></thead>\n"
          "<tbody>\n",
          f);
    for (int s = CCS_SEV_CRITICAL; s >= 0; s--)
        for (size_t i = 0; i < r->nfindings; i++) {
            const ccs_finding *x = &r->findings[i];
            int sev = x->severity >= CCS_SEV_INFO && x->severity <= CCS_SEV_CRITICAL ? x->severity : 0;
            if (sev == s && strcmp(owner_of(x), owner) == 0)
                finding_row(f, r, i);
        }
    fputs("</tbody></table></div>\n", f);
}

void findings_html(FILE *f, const ccs_report *r)
{
    fputs("<section id=\"findings\">\n<h2>Findings</h2>\n", f);
    if (!r->nfindings)
        fputs("<p>No findings in this period.</p>\n", f);
    else
        fprintf(f, "<p class=\"note\">%zu finding%s, grouped by who owns them, most severe first; evidence is "
                   "masked as the checks report it.</p>\n",
                r->nfindings, r->nfindings == 1 ? "" : "s");
    size_t other = findings_other(r);
    if (other)
        fprintf(f, "<p class=\"note\">%zu finding%s of other periods not shown (run with their --period).</p>\n",
                other, other == 1 ? "" : "s");
    for (size_t i = 0; i < r->nfindings; i++)
        if (first_of_owner(r, i))
            owner_group(f, r, owner_of(&r->findings[i]));
    fputs("</section>\n", f);
}
