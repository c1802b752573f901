/* The scoring rules' part of the report (ABI 1.3): each metric's method and
 * bands, and per card the points of its figures (filled with the card), the
 * band of its score and the rules that put it up for review.
 *
 * Why parallel arrays: ccs_scorecard and ccs_metric_score have no size field
 * and sinks built against ABI 1.2 step through arrays of them, so growing
 * them would move every card after the first.  ccs_report has a size, so the
 * new data hangs off it, one ccs_card_scoring per card in the same order as
 * agents, teams, queues and the organisation card (ccs_card_scoring_of). */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "scorecard.h"
#include "scoring_rules.h"

typedef struct flagged {
    const char *agent, *rule;
} flagged;

static int by_agent_rule(const void *a, const void *b)
{
    const flagged *x = a, *y = b;
    int c = strcmp(x->agent, y->agent);
    return c ? c : strcmp(x->rule, y->rule);
}

/* Findings at or above review_on attributed to an agent, by agent then rule. */
static flagged *review_findings(const ccs_host *h, size_t *n)
{
    *n = 0;
    flagged *f = calloc(h->nfindings + 1, sizeof *f);
    for (size_t i = 0; f && h->pol.org.review_on && i < h->nfindings; i++) {
        const ccs_finding *x = &h->findings[i];
        if (x->agent_id && *x->agent_id && x->rule && x->severity >= h->pol.org.review_on)
            f[(*n)++] = (flagged){ x->agent_id, x->rule };
    }
    if (f)
        qsort(f, *n, sizeof *f, by_agent_rule);
    return f;
}

/* Agent cards are in id order, as are the flagged findings: walk both. */
static void attach_reviews(report_model *out, const flagged *f, size_t nf)
{
    const ccs_report *rep = &out->rep;
    size_t k = 0, used = 0;
    for (size_t i = 0; i < rep->nagents; i++) {
        ccs_card_scoring *cs = &out->card_scoring[i];
        const char *id = rep->agents[i].id;
        while (k < nf && strcmp(f[k].agent, id) < 0)
            k++;
        cs->review = out->review + used;
        for (; k < nf && strcmp(f[k].agent, id) == 0; k++)
            if (!cs->nreview || strcmp(cs->review[cs->nreview - 1], f[k].rule) != 0)
                out->review[used + cs->nreview++] = f[k].rule;
        used += cs->nreview;
    }
}

static void describe_metrics(const run_state *r, ccs_metric_scoring *ms)
{
    for (size_t m = 0; m < r->nmetrics; m++) {
        const metric_rule *rule = &r->metrics[m].rule;
        ms[m].name = r->metrics[m].name;
        ms[m].method = rule->method ? rule->method : CCS_SCORING_LINEAR;
        ms[m].nbands = rule->nbands;
        ms[m].bands = rule->nbands ? rule->bands : NULL;
        ms[m].points = rule->nbands ? rule->points : NULL;
    }
}

int scoring_rules_report(ccs_host *h, report_model *out, size_t ncards, size_t nm)
{
    const run_state *r = &h->run;
    const org_policy *o = &h->pol.org;
    size_t nf = 0;
    flagged *f = review_findings(h, &nf);
    out->card_scoring = calloc(ncards, sizeof *out->card_scoring);
    out->scoring = calloc(nm, sizeof *out->scoring);
    out->review = calloc(nf + 1, sizeof *out->review);
    if (!f || !out->card_scoring || !out->scoring || !out->review) {
        free(f);
        return -1;
    }
    describe_metrics(r, out->scoring);
    for (size_t i = 0; i < ncards; i++) {
        const ccs_scorecard *c = &out->cards[i];
        /* Cards were sorted after filling; their metrics say where they began. */
        size_t began = (size_t)(c->metrics - out->scores) / nm;
        out->card_scoring[i].figures = out->points + began * nm;
        if (c->has_score)
            out->card_scoring[i].band = score_band_of(o->score_bands, o->nscore_bands, c->score);
    }
    attach_reviews(out, f, nf);
    free(f);
    ccs_report *rep = &out->rep;
    rep->nscoring = r->nmetrics;
    rep->scoring = out->scoring;
    rep->agents_scoring = out->card_scoring;
    rep->teams_scoring = out->card_scoring + rep->nagents;
    rep->queues_scoring = rep->teams_scoring + rep->nteams;
    rep->organisation_scoring = rep->queues_scoring + rep->nqueues;
    rep->nscore_bands = o->nscore_bands;
    rep->score_bands = o->score_bands;
    rep->review_on = o->review_on;
    return 0;
}

void scoring_rules_report_free(report_model *m)
{
    free(m->points);
    free(m->card_scoring);
    free(m->scoring);
    free(m->review);
}
