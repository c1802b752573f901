/* ccscore compare -c CURRENT -c PROPOSED: the same data scored under two
 * policies, read once.
 *
 * How the data is read once: the current policy's host reads it (its
 * sources, or the files named on the command line) into cells whose
 * accumulators hold the current policy's metrics followed by the proposed
 * one's, every metric of each (so a metric whose settings differ, say a
 * repeat window, is computed under each policy's own settings).  The
 * proposed host's checks see every accepted record (host->twin).  Each
 * policy is then scored on a view of that one run: the same cells, its own
 * metric slots and its own objectives. */
#include "compare.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "output.h"

static void compare_usage(FILE *out)
{
    fprintf(out,
"Usage: ccscore compare -c CURRENT -c PROPOSED [--period P] [--format text|json]\n"
"                       [-o FILE] [FILE...]\n"
"\n"
"Score the same data under the current and a proposed policy (the data is\n"
"read once, with the current policy's sources or the FILEs named) and show\n"
"what the proposal changes: each agent's, team's and the organisation's\n"
"score before and after, every figure whose status (meets, near, below,\n"
"insufficient) moves, with its value, both targets, both statuses and both\n"
"points, the findings that appear or disappear, and a summary in words.\n"
"\n"
"  -c, --config POLICY   twice: the current policy, then the proposed one\n"
"  -p, --period P        2026-W46, 2026-11 or 2026-11-20; default: the latest\n"
"  -f, --format FORMAT   text (default) or json\n"
"  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
"  -h, --help            this help\n");
}

typedef struct cmp_opts {
    const char *policy[2];
    const char *period, *format, *output;
    char **files;
    size_t nfiles;
} cmp_opts;

static int parse_compare(int argc, char **argv, cmp_opts *o)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "period", required_argument, NULL, 'p' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c, npol = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:p:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (npol == 2) {
                fprintf(stderr, "ccscore: error: compare takes -c twice: the current policy, then the proposed one\n");
                return EXIT_USAGE;
            }
            o->policy[npol++] = optarg;
            break;
        case 'p': o->period = optarg; break;
        case 'f': o->format = optarg; break;
        case 'o': o->output = optarg; break;
        case 'h': compare_usage(stdout); return EXIT_OK;
        default: fprintf(stderr, "Try 'ccscore compare --help'.\n"); return EXIT_USAGE;
        }
    }
    if (npol != 2) {
        fprintf(stderr, "ccscore: error: compare needs -c CURRENT -c PROPOSED (two policies)\n");
        return EXIT_USAGE;
    }
    if (!o->format)
        o->format = "text";
    if (format_text_or_json("compare", o->format) != 0)
        return EXIT_USAGE;
    o->files = argv + optind;
    o->nfiles = (size_t)(argc - optind);
    return -1;
}

/* Append the proposed policy's metric slots after the current one's, their
 * accumulators after the current one's in each cell. */
static int add_proposed_metrics(run_state *r, const policy *p, diag_list *d)
{
    run_state tmp;
    run_init(&tmp, r->period_kind);
    int rc = run_add_metrics(&tmp, p, d);
    metric_slot *all = rc == 0 ? realloc(r->metrics, (r->nmetrics + tmp.nmetrics + 1) * sizeof *all) : NULL;
    if (!all) {
        run_free(&tmp);
        return -1;
    }
    r->metrics = all;
    size_t first = r->nmetrics;
    for (size_t i = 0; i < tmp.nmetrics; i++) {
        metric_slot s = tmp.metrics[i];
        s.offset += r->acc_bytes;
        r->metrics[r->nmetrics++] = s;
    }
    r->acc_bytes += tmp.acc_bytes;
    for (int b = 0; b < NSTREAMS && rc == 0; b++) {
        size_t *grown = realloc(r->by_kind[b], (r->nby_kind[b] + tmp.nby_kind[b] + 1) * sizeof *grown);
        if (!grown) {
            rc = -1;
            break;
        }
        r->by_kind[b] = grown;
        for (size_t i = 0; i < tmp.nby_kind[b]; i++)
            r->by_kind[b][r->nby_kind[b]++] = first + tmp.by_kind[b][i];
    }
    run_free(&tmp);
    return rc;
}

/* A policy's view of the shared run: metric slots [from, from + n) and the
 * objectives that name one of them, re-indexed. */
static int make_view(const run_state *full, run_state *view, size_t from, size_t n)
{
    *view = *full;
    view->metrics = full->metrics + from;
    view->nmetrics = n;
    view->objectives = calloc(full->nobjectives + 1, sizeof *view->objectives);
    if (!view->objectives)
        return -1;
    view->nobjectives = view->capobjectives = 0;
    for (size_t i = 0; i < full->nobjectives; i++) {
        const char *name = full->metrics[full->objectives[i].metric].name;
        for (size_t m = 0; m < n; m++)
            if (strcmp(view->metrics[m].name, name) == 0) {
                view->objectives[view->nobjectives] = full->objectives[i];
                view->objectives[view->nobjectives++].metric = m;
                break;
            }
    }
    return 0;
}

typedef struct cmp_job {
    cmp_opts o;
    scored s[2];
    run_state full;            /* the one reading, owned here */
    int have_full;
    cmp_result res;
} cmp_job;

static int open_both(cmp_job *j, diag_list *d)
{
    for (int i = 0; i < 2; i++) {
        ccs_host *h = &j->s[i].host;
        if (open_policy(h, j->o.policy[i], d) != 0 || create_instances(h, d) != 0)
            return -1;
    }
    if (!j->o.period && j->s[0].host.pol.org.period != j->s[1].host.pol.org.period) {
        diag_add(d, j->s[1].host.pol.path, 0,
                 "the proposed policy scores by %s, the current one by %s: give --period to compare the same period",
                 period_kind_name(j->s[1].host.pol.org.period), period_kind_name(j->s[0].host.pol.org.period));
        return -1;
    }
    return 0;
}

/* Read the data once into the current host's run, with both metric sets. */
static int read_once(cmp_job *j, enum period_kind kind, diag_list *d)
{
    ccs_host *a = &j->s[0].host, *b = &j->s[1].host;
    run_free(&a->run);
    run_init(&a->run, kind);
    if (run_set_clock(&a->run, getenv("CCSCORE_NOW")) != 0) {
        diag_add(d, NULL, 0, "CCSCORE_NOW must be a date (YYYY-MM-DD) or seconds since 1970");
        return -1;
    }
    if (a->pol.org.pseudonymise)
        run_set_pseudonym_key(&a->run, a->pol.org.pseudonym_key, a->pol.org.pseudonym_key_len);
    if (run_add_metrics(&a->run, &a->pol, d) != 0 || add_proposed_metrics(&a->run, &b->pol, d) != 0)
        return -1;
    if (plan_inputs(a, j->o.files, j->o.nfiles, d) != 0)
        return -1;
    a->twin = b;
    b->reads_from = a;
    a->jobs = 0; /* one thread: both policies' checks see records in order */
    int rc = read_inputs(a);
    print_row_errors(&a->run);
    a->twin = NULL;
    if (rc != 0) {
        diag_add(d, NULL, 0, "input refused (on_bad_row = fail, or unreadable); nothing compared");
        return -1;
    }
    return 0;
}

static int score_both(cmp_job *j, int has_period, int32_t period_id, diag_list *d)
{
    ccs_host *a = &j->s[0].host, *b = &j->s[1].host;
    size_t nfull = a->run.nmetrics;
    j->full = a->run;
    j->have_full = 1;
    size_t ncur = 0;
    for (size_t i = 0; i < a->pol.ninstances; i++)
        ncur += a->pol.instances[i]->kind == CCS_COMPONENT_METRIC;
    run_free(&b->run);
    if (make_view(&j->full, &a->run, 0, ncur) != 0 || make_view(&j->full, &b->run, ncur, nfull - ncur) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        ccs_host *h = &j->s[i].host;
        h->has_period = has_period;
        h->period_id = period_id;
        if (finish_checks(h) != 0 || build_report(h, has_period, period_id, &j->s[i].model, d) != 0 ||
            review_checks(h, &j->s[i].model.rep) != 0)
            return -1;
        j->s[i].model.rep.nfindings = h->nfindings;
        j->s[i].model.rep.findings = h->findings;
    }
    return 0;
}

/* Give each host back a run it may free: the current one the full run, the
 * proposed one nothing of it. */
static void cmp_job_free(cmp_job *j)
{
    compare_result_free(&j->res);
    for (int i = 0; i < 2; i++)
        report_model_free(&j->s[i].model);
    ccs_host *a = &j->s[0].host, *b = &j->s[1].host;
    if (j->have_full) {
        free(a->run.objectives);
        free(b->run.objectives);
        a->run = j->full;
        run_init(&b->run, PERIOD_WEEK);
    }
    b->reads_from = NULL;
    /* The full run's accumulators include the proposed policy's metrics:
     * free them (host_free(a)) while its instances live. */
    host_free(a);
    host_free(b);
}

int compare_main(int argc, char **argv)
{
    cmp_job j;
    memset(&j, 0, sizeof j);
    int rc = parse_compare(argc, argv, &j.o);
    if (rc >= 0)
        return rc;
    rc = EXIT_USAGE;
    enum period_kind kind = PERIOD_WEEK;
    int32_t period_id = 0;
    if (j.o.period && period_parse(j.o.period, &kind, &period_id) != 0) {
        fprintf(stderr, "ccscore: error: bad --period '%s': use 2026-W46 (ISO week), 2026-11 (month) or 2026-11-20 (day)\n",
                j.o.period);
        return EXIT_USAGE;
    }
    diag_list d;
    diag_init(&d);
    host_init(&j.s[0].host);
    host_init(&j.s[1].host);
    if (open_both(&j, &d) != 0)
        goto out;
    if (read_once(&j, j.o.period ? kind : j.s[0].host.pol.org.period, &d) != 0 ||
        score_both(&j, j.o.period != NULL, period_id, &d) != 0 || compare_diff(&j.s[0], &j.s[1], &j.res) != 0)
        goto out;
    write_fn fn = strcmp(j.o.format, "json") == 0 ? compare_write_json : compare_write_text;
    if (!j.o.output) {
        if (fn(&j.res, stdout) != 0 || fflush(stdout) != 0)
            diag_add(&d, NULL, 0, "cannot write to standard output");
    } else {
        char err[1024];
        if (write_atomic(j.o.output, (mode_t)j.s[0].host.pol.org.output_mode, fn, &j.res, err, sizeof err) != 0)
            diag_add(&d, NULL, 0, "%s", err);
    }
    if (!d.n)
        rc = EXIT_OK;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    cmp_job_free(&j);
    return rc;
}
