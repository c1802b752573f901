/* score_tsv: an example sink, built outside ccscore's tree with the
 * installed build include (see Makefile).  `ccscore run -f tsv` writes one
 * tab-separated line per agent: the agent's id, its score (or "-") and
 * each metric's value, under a header line of the metric names.
 *
 * The report and everything in it is valid only during write(); the host
 * writes `out` atomically (to -o FILE, or stdout).
 */
#include <stdio.h>

#include <ccscore/plugin.h>

static const ccs_host_api *api;

static void print_value(FILE *f, int defined, double value)
{
    if (defined)
        fprintf(f, "\t%.6g", value);
    else
        fputs("\t-", f);
}

static int write_report(void *inst, const ccs_report *report, void *out, const ccs_sink_ctx *ctx)
{
    (void)inst;
    FILE *f = out;
    fputs("agent\tscore", f);
    const ccs_scorecard *org = report->organisation_card;
    for (size_t m = 0; org && m < org->nmetrics; m++)
        fprintf(f, "\t%s", org->metrics[m].name);
    fputc('\n', f);
    for (size_t a = 0; a < report->nagents; a++) {
        const ccs_scorecard *card = &report->agents[a];
        fputs(card->id, f);
        print_value(f, card->has_score, card->score);
        for (size_t m = 0; m < card->nmetrics; m++)
            print_value(f, card->metrics[m].defined, card->metrics[m].value);
        fputc('\n', f);
    }
    if (ferror(f)) {
        if (CCS_HAS_FIELD(ctx, ccs_sink_ctx, host))
            api->log(ctx->host, CCS_LOG_ERROR, "could not write the report");
        return CCS_ERR;
    }
    return CCS_OK;
}

static const ccs_sink_ops ops = {
    .size = sizeof(ccs_sink_ops), .format = "tsv", .write = write_report,
};

static const ccs_key keys[] = {
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_SINK, "score_tsv",
    "agents' scores and metric values as tab-separated values (--format tsv)", keys, NULL, NULL,
    &ops,
};

static int init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &component);
}

CCS_MODULE(score_tsv, "1.0", "example: scores as tab-separated values", init, NULL)
