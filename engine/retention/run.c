/* Retention in a run: the window, the survey, the figures, and either the
 * verb's output or the report's section; `ccscore retention` itself. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"
#include "output.h"
#include "parse.h"
#include "retention.h"

/* The same date 12 months before `to`, plus one day: 12 months up to `to`. */
static int32_t year_before(int32_t to)
{
    int y, m, d;
    civil_from_days(to, &y, &m, &d);
    int dim = days_in_month(y - 1, m);
    return days_from_civil(y - 1, m, d > dim ? dim : d) + 1;
}

static int window(retention *rt, const run_options *o, const ccs_report *rep, const run_state *r, diag_list *d)
{
    ccs_str s;
    int32_t last = r->last_day;
    if (!o->retention && rep && rep->period_end) {
        s = (ccs_str){ rep->period_end, strlen(rep->period_end) };
        parse_date(s, &last);
    }
    rt->to = last;
    if (o->to && parse_date((ccs_str){ o->to, strlen(o->to) }, &rt->to) != 0) {
        diag_add(d, NULL, 0, "--to '%s' is not a date (YYYY-MM-DD)", o->to);
        return -1;
    }
    rt->from = year_before(rt->to);
    if (o->from && parse_date((ccs_str){ o->from, strlen(o->from) }, &rt->from) != 0) {
        diag_add(d, NULL, 0, "--from '%s' is not a date (YYYY-MM-DD)", o->from);
        return -1;
    }
    if (rt->from > rt->to) {
        diag_add(d, NULL, 0, "--from is after --to: the window needs from <= to");
        return -1;
    }
    return 0;
}

static int print_out(void *arg, FILE *f)
{
    const retention *rt = ((void **)arg)[0];
    const char *format = ((void **)arg)[1];
    return strcmp(format, "json") == 0 ? ret_write_json(rt, f) : ret_write_text(rt, f);
}

static int emit(ccs_host *h, const run_options *o, const retention *rt, diag_list *d)
{
    const char *format = o->format ? o->format : "text";
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        diag_add(d, NULL, 0, "retention writes text or json, not '%s'", format);
        return -1;
    }
    void *arg[2] = { (void *)rt, (void *)format };
    if (!o->output)
        return print_out(arg, stdout) != 0 || fflush(stdout) != 0 ? -1 : 0;
    char err[1024];
    if (write_atomic(o->output, (mode_t)h->pol.org.output_mode, print_out, arg, err, sizeof err) != 0) {
        diag_add(d, NULL, 0, "%s", err);
        return -1;
    }
    return 0;
}

static int read_survey(const char *path, ret_survey *s, diag_list *d)
{
    diag_list rows;
    diag_init(&rows);
    int rc = ret_survey_read(path, s, &rows);
    diag_print(&rows, stderr);
    if (rc != 0)
        diag_add(d, path, 0, "the staff survey cannot be used (see above)");
    diag_free(&rows);
    return rc;
}

int retention_run(ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d)
{
    if (!h->run.nroster) {
        if (o->retention)
            diag_add(d, NULL, 0, "retention needs the roster (agents.csv with hired_on and left_on): the data has none");
        return o->retention ? -1 : 0;
    }
    ret_settings set;
    if (ret_settings_load(&h->pol, &set, d) != 0)
        return -1;
    retention rt;
    memset(&rt, 0, sizeof rt);
    rt.set = &set;
    ret_survey survey;
    memset(&survey, 0, sizeof survey);
    const char *path = o->survey ? o->survey : set.survey;
    int rc = window(&rt, o, rep, &h->run, d);
    if (rc == 0 && path && (rc = read_survey(path, &survey, d)) == 0)
        rt.survey = &survey;
    if (rc == 0)
        rc = ret_figures(&rt, &h->run, d) != 0 || ret_trend_facts(&rt, h, o, d) != 0 ||
             ret_risks(&rt, &h->run, rep) != 0 || ret_advice(&rt, d) != 0 ? -1 : 0;
    if (rc == 0)
        rc = o->retention ? emit(h, o, &rt, d) : ret_add_section(h, &rt, d);
    ret_free(&rt);
    ret_survey_free(&survey);
    ret_settings_free(&set);
    return rc;
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: ccscore retention [-c POLICY] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
"                         [--format text|json] [-o FILE] [--history FILE] [FILE...]\n"
"\n"
"Attrition, early leavers (under [retention] early_days, default 90), leaving\n"
"reasons, tenure of leavers, eNPS with n and a 95%% interval and survey item\n"
"averages, per organisation and team; current agents at risk with each factor\n"
"as a fact; advice from the [retention] templates.  Window: the 12 months up\n"
"to the data's last day unless --from/--to say otherwise.  Attrition =\n"
"leavers / ((headcount at the start + at the end) / 2), annualised x 365 / days.\n"
"Files: a staff survey (header answered_on,team,enps[,agent_id][,items]; a plain\n"
"file, not - or .gz) replaces\n"
"[retention] survey; other data files replace the policy's sources.\n"
"A team with fewer than [retention] min_answers (default 5) answers is not shown.\n"
"At risk: current agents only; a falling score comes from the history store\n"
"(--history FILE or [history] path) when there is one; occupancy over\n"
"[retention] high_occupancy (85%%) in each of the last occupancy_weeks (4)\n"
"calendar weeks, and no coaching in the last coaching_weeks (6), from the\n"
"activity data (\"not enough data\" is counted, never guessed).\n");
}

void retention_take_survey(run_options *o)
{
    size_t n = 0;
    for (size_t i = 0; i < o->nfiles; i++) {
        char head[4096];
        /* standard input, FILE.gz and FIFOs can be read once only, by their
         * source (spool.h): never probed here */
        FILE *f = spool_needed(o->files[i]) ? NULL : fopen(o->files[i], "rb");
        size_t got = f ? fread(head, 1, sizeof head, f) : 0;
        if (f)
            fclose(f);
        if (f && !o->survey && ret_survey_header(head, got))
            o->survey = o->files[i];
        else
            o->files[n++] = o->files[i];
    }
    o->nfiles = n;
}

int retention_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' }, { "from", required_argument, NULL, 'F' },
        { "to", required_argument, NULL, 'T' },     { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
        { "history", required_argument, NULL, 'H' },
        { NULL, 0, NULL, 0 },
    };
    run_options o = { .colour = -1, .retention = 1 };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': o.policy = optarg; break;
        case 'F': o.from = optarg; break;
        case 'T': o.to = optarg; break;
        case 'f': o.format = optarg; break;
        case 'o': o.output = optarg; break;
        case 'H': o.history = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: fprintf(stderr, "Try 'ccscore retention --help'.\n"); return EXIT_USAGE;
        }
    }
    o.files = argv + optind;
    o.nfiles = (size_t)(argc - optind);
    retention_take_survey(&o);
    return engine_run(&o);
}
