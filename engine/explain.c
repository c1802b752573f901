/* ccscore explain --agent ID | --team ID [--metric M]: the records behind a
 * figure.
 *
 * The run reads the data as `ccscore run` does, on one thread, and sees
 * every accepted contact and evaluation (host->observe).  Those of the agent
 * (or team) are kept with what each metric makes of the record alone: a
 * fresh accumulator, add(), finish(), result().  That is the record's
 * contribution (seconds for a mean, 0 or 1 for a rate, the evaluation's
 * score for QA); the mean of the contributions of the records counted is the
 * figure, and the output checks it.  Rows the sources rejected are matched
 * to the agent (or team) by the fields of their line in the file. */
#include "explain.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "output.h"
#include "vec.h"

static void explain_usage(FILE *out)
{
    fprintf(out,
"Usage: ccscore explain (--agent ID | --team ID) [--metric M] [-c POLICY]\n"
"                       [--period P] [--format text|json] [-o FILE] [FILE...]\n"
"\n"
"The records behind a figure: every contact, survey or evaluation counted,\n"
"with its reference and its contribution (seconds for a mean, 0 or 1 for a\n"
"rate, the evaluation's score for QA); every record of the agent or team\n"
"left out, and why (outside the period, no survey, not handled, rejected row\n"
"with its file:line); then how the value, n, the interval, the target and\n"
"where it came from, the status and the points follow.  The mean of the\n"
"listed values is the figure.  Without --metric, every figure of the card.\n"
"\n"
"  -a, --agent ID        the agent\n"
"  -t, --team ID         the team\n"
"  -m, --metric M        one metric (the policy's [metric M])\n"
"  -c, --config POLICY   the policy (default: the bundled example)\n"
"  -p, --period P        2026-W46, 2026-11 or 2026-11-20; default: the latest\n"
"  -f, --format FORMAT   text (default) or json\n"
"  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
"  -h, --help            this help\n");
}

static int parse_explain(int argc, char **argv, explain_job *j)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' }, { "period", required_argument, NULL, 'p' },
        { "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
        { "agent", required_argument, NULL, 'a' },  { "team", required_argument, NULL, 't' },
        { "metric", required_argument, NULL, 'm' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:p:f:o:a:t:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': j->policy = optarg; break;
        case 'p': j->period = optarg; break;
        case 'f': j->format = optarg; break;
        case 'o': j->output = optarg; break;
        case 'a': j->agent = optarg; break;
        case 't': j->team = optarg; break;
        case 'm': j->metric = optarg; break;
        case 'h': explain_usage(stdout); return EXIT_OK;
        default: fprintf(stderr, "Try 'ccscore explain --help'.\n"); return EXIT_USAGE;
        }
    }
    if (!j->agent == !j->team) {
        fprintf(stderr, "ccscore: error: explain needs one of --agent ID or --team ID\n");
        return EXIT_USAGE;
    }
    if (!j->format)
        j->format = "text";
    if (format_text_or_json("explain", j->format) != 0)
        return EXIT_USAGE;
    j->files = argv + optind;
    j->nfiles = (size_t)(argc - optind);
    return -1;
}

static char *dup_str(ccs_str s)
{
    char *p = malloc(s.len + 1);
    if (p) {
        memcpy(p, s.ptr, s.len);
        p[s.len] = '\0';
    }
    return p;
}

static int str_is(ccs_str s, const char *z)
{
    return z && s.len == strlen(z) && memcmp(s.ptr, z, s.len) == 0;
}

/* What one metric makes of one record alone: add() now, on a fresh
 * accumulator; finish() and result() once every input is read (settle()),
 * since finish() may consult what the instance gathered from every record
 * (fcr_repeat: the customer's later contacts; plugin.h, ABI 1.4 note). */
static void contribution(const metric_slot *s, const ccs_record *rec, xcontrib *out)
{
    out->counted = 0;
    out->acc = calloc(1, s->ops->acc_size + 16);
    if (out->acc)
        s->ops->add(s->cfg->inst, out->acc, rec);
}

static void settle(const metric_slot *s, xcontrib *c, int compute)
{
    if (!c->acc)
        return;
    if (compute) {
        if (s->finish)
            s->finish(s->cfg->inst, c->acc);
        ccs_result res;
        memset(&res, 0, sizeof res);
        s->ops->result(s->cfg->inst, c->acc, &res);
        c->counted = res.defined && res.n > 0;
        c->value = res.value;
    }
    if (s->acc_free)
        s->acc_free(s->cfg->inst, c->acc);
    free(c->acc);
    c->acc = NULL;
}

/* Every kept record's contributions (compute), or only their memory freed. */
static void settle_all(explain_job *j, int compute)
{
    const run_state *r = &j->host.run;
    for (size_t i = 0; j->contrib && i < j->nrecs; i++)
        for (size_t m = 0; m < r->nmetrics; m++)
            settle(&r->metrics[m], &j->contrib[i * r->nmetrics + m], compute);
}

static int keep_record(explain_job *j, const run_state *r, const ccs_record *rec, ccs_str agent, ccs_str team)
{
    xrec *x = VEC_PUSH(j->recs, j->nrecs, j->caprecs);
    if (!x || vec_reserve((void **)&j->contrib, &j->capcontrib, j->nrecs * (r->nmetrics + 1), sizeof *j->contrib))
        return -1;
    x->kind = rec->kind;
    x->agent = dup_str(agent);
    x->team = dup_str(team);
    if (rec->kind == CCS_REC_CONTACT) {
        const ccs_contact *c = (const ccs_contact *)rec;
        x->ref = dup_str(c->contact_id);
        x->at = c->started_at;
        x->day = c->local_day;
        x->outcome = c->outcome;
        x->csat = c->csat;
        x->nps = c->nps;
    } else {
        const ccs_evaluation *e = (const ccs_evaluation *)rec;
        size_t len = strlen(rec->file) + 24;
        if ((x->ref = malloc(len)))
            snprintf(x->ref, len, "%s:%llu", rec->file, (unsigned long long)rec->line);
        x->at = e->evaluated_at;
        x->day = e->local_day;
    }
    if (!x->agent || !x->team || !x->ref)
        return -1;
    for (size_t m = 0; m < r->nmetrics; m++) {
        xcontrib *c = &j->contrib[(j->nrecs - 1) * r->nmetrics + m];
        c->counted = 0;
        c->acc = NULL;
        if (r->metrics[m].ops->records & rec->kind)
            contribution(&r->metrics[m], rec, c);
    }
    return 0;
}

/* host->observe: keep the agent's records, or for a team every record that
 * may be the team's (its team field, or none: decided by the roster later). */
static void observe(void *arg, const run_state *r, const ccs_record *rec)
{
    explain_job *j = arg;
    ccs_str agent, team = { "", 0 };
    if (rec->kind == CCS_REC_CONTACT) {
        agent = ((const ccs_contact *)rec)->agent_id;
        team = ((const ccs_contact *)rec)->team;
    } else if (rec->kind == CCS_REC_EVALUATION) {
        agent = ((const ccs_evaluation *)rec)->agent_id;
    } else {
        return;
    }
    int want = j->agent ? str_is(agent, j->agent) : (str_is(team, j->team) || team.len == 0);
    if (want && !j->oom && keep_record(j, r, rec, agent, team) != 0)
        j->oom = 1;
}

static int read_data(explain_job *j, enum period_kind kind, int has_period, diag_list *d)
{
    ccs_host *h = &j->host;
    const char *path = j->policy ? j->policy : engine_default_policy();
    if (open_policy(h, path, d) != 0 || create_instances(h, d) != 0)
        return -1;
    run_free(&h->run);
    run_init(&h->run, has_period ? kind : h->pol.org.period);
    if (run_set_clock(&h->run, getenv("CCSCORE_NOW")) != 0) {
        diag_add(d, NULL, 0, "CCSCORE_NOW must be a date (YYYY-MM-DD) or seconds since 1970");
        return -1;
    }
    if (h->pol.org.pseudonymise)
        run_set_pseudonym_key(&h->run, h->pol.org.pseudonym_key, h->pol.org.pseudonym_key_len);
    if (run_add_metrics(&h->run, &h->pol, d) != 0 || plan_inputs(h, j->files, j->nfiles, d) != 0)
        return -1;
    h->jobs = 0;
    h->observe = observe;
    h->observe_arg = j;
    int rc = read_inputs(h);
    h->observe = NULL;
    print_row_errors(&h->run);
    settle_all(j, 1);
    if (rc != 0 || j->oom) {
        diag_add(d, NULL, 0, j->oom ? "out of memory" : "input refused (on_bad_row = fail, or unreadable)");
        return -1;
    }
    return 0;
}

/* The card explained: the agent's, or the team's. */
static int find_card(explain_job *j, diag_list *d)
{
    const ccs_report *rep = &j->model.rep;
    const ccs_scorecard *cards = j->agent ? rep->agents : rep->teams;
    size_t n = j->agent ? rep->nagents : rep->nteams;
    const char *id = j->agent ? j->agent : j->team;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cards[i].id, id) == 0) {
            j->card = &cards[i];
            return 0;
        }
    diag_add(d, NULL, 0, "no %s '%s' in the report for %s: check the id (ids are as in the report%s)",
             j->agent ? "agent" : "team", id, rep->period,
             j->host.pol.org.pseudonymise ? ", pseudonymised" : "");
    return -1;
}

/* Is a kept record the team's?  Its team field, else its agent's team. */
static int in_team(const explain_job *j, const xrec *x)
{
    if (!j->team || *x->team)
        return 1;
    const run_state *r = &j->host.run;
    int32_t a = strtab_find(&r->agents, x->agent, strlen(x->agent));
    if (a < 0)
        return 0;
    int32_t t = r->ainfo[a].roster_team != NO_ID ? r->ainfo[a].roster_team : r->ainfo[a].seen_team;
    return t != NO_ID && strcmp(strtab_get(&r->teams, t), j->team) == 0;
}

/* Why a record of the period gives this metric nothing. */
static const char *not_counted_why(const metric_slot *s, const xrec *x)
{
    const char *comp = s->cfg->comp->comp.name;
    if (x->kind == CCS_REC_CONTACT && x->outcome == CCS_OUTCOME_ABANDONED)
        return "abandoned: not handled";
    if (x->kind == CCS_REC_CONTACT && ((strcmp(comp, "csat") == 0 && x->csat == 0) ||
                                       (strcmp(comp, "nps") == 0 && x->nps < 0)))
        return "no survey";
    if (x->kind == CCS_REC_CONTACT && strcmp(comp, "fcr") == 0)
        return "no resolved flag";
    if (x->kind == CCS_REC_CONTACT && strcmp(comp, "fcr_repeat") == 0)
        return "not judged: no customer id, or its window runs past the latest contact in the data";
    return "not counted by this metric";
}

/* The report's period: --period, else the latest in the data. */
static int32_t report_period_id(const explain_job *j)
{
    const run_state *r = &j->host.run;
    int32_t pid = r->periods[0];
    for (size_t i = 1; i < r->nperiods; i++)
        if (r->periods[i] > pid)
            pid = r->periods[i];
    return j->host.has_period ? j->host.period_id : pid;
}

static int classify(explain_job *j, xfigure *f)
{
    const run_state *r = &j->host.run;
    const metric_slot *s = &r->metrics[f->metric];
    int32_t first, last;
    period_days(r->period_kind, report_period_id(j), &first, &last);
    f->counted = calloc(j->nrecs + 1, sizeof *f->counted);
    if (!f->counted)
        return -1;
    double sum = 0;
    for (size_t i = 0; i < j->nrecs; i++) {
        const xrec *x = &j->recs[i];
        const xcontrib *c = &j->contrib[i * r->nmetrics + f->metric];
        if (!(s->ops->records & x->kind) || !in_team(j, x))
            continue;
        const char *why = NULL;
        if (x->day < first || x->day > last)
            why = "outside the period";
        else if (!c->counted)
            why = not_counted_why(s, x);
        if (why) {
            xleft *l = VEC_PUSH(f->left, f->nleft, f->capleft);
            if (!l || !(l->reason = strdup(why)))
                return -1;
            l->ref = x->ref;
            l->outside = why[0] == 'o';
            continue;
        }
        f->counted[f->ncounted++] = i;
        sum += c->value;
    }
    f->recomputed = f->ncounted ? sum / (double)f->ncounted : 0;
    double v = f->m->value, diff = f->recomputed - v;
    f->matches = f->m->defined && f->ncounted == f->m->n && (diff < 0 ? -diff : diff) <= 1e-9 * (1 + (v < 0 ? -v : v));
    if (!f->m->defined)
        f->matches = f->ncounted == 0;
    return 0;
}

/* Does a line of the file hold id as one of its comma-separated fields? */
static int line_names(const char *line, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = line; p;) {
        const char *q = p;
        if (*q == '"')
            q++;
        if (strncmp(q, id, n) == 0 && (q[n] == ',' || q[n] == '"' || q[n] == '\n' || q[n] == '\r' || !q[n]))
            return 1;
        p = strchr(p, ',');
        if (p)
            p++;
    }
    return 0;
}

/* The rows rejected (of those kept) whose line names the agent or team. */
static int scan_rejected(explain_job *j)
{
    const run_state *r = &j->host.run;
    const char *id = j->agent ? j->agent : j->team;
    for (size_t e = 0; e < r->nrow_errors; e++) {
        const ccs_row_error *re = &r->row_errors[e];
        FILE *f = fopen(re->file, "r");
        if (!f)
            continue;
        char *line = NULL;
        size_t cap = 0;
        uint64_t at = 0;
        while (getline(&line, &cap, f) >= 0 && ++at < re->line)
            ;
        int hit = at == re->line && line && line_names(line, id);
        free(line);
        fclose(f);
        if (hit && !VEC_GROW(j->rejected, j->nrejected, j->caprejected))
            return -1;
        if (hit)
            j->rejected[j->nrejected++] = e;
    }
    return 0;
}

static uint32_t stream_of_file(const run_state *r, const char *file)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (r->inputs[i].path == file || strcmp(r->inputs[i].path, file) == 0)
            return r->inputs[i].stream;
    return 0;
}

static int add_rejected(explain_job *j, xfigure *f)
{
    const run_state *r = &j->host.run;
    const metric_slot *s = &r->metrics[f->metric];
    for (size_t i = 0; i < j->nrejected; i++) {
        const ccs_row_error *re = &r->row_errors[j->rejected[i]];
        if (!(stream_of_file(r, re->file) & s->ops->records))
            continue;
        xleft *l = VEC_PUSH(f->left, f->nleft, f->capleft);
        size_t len = strlen(re->file) + strlen(re->reason) + 64;
        if (!l || !(l->reason = malloc(len)) || !(l->owned_ref = malloc(len)))
            return -1;
        snprintf(l->owned_ref, len, "%s:%llu", re->file, (unsigned long long)re->line);
        snprintf(l->reason, len, "rejected row: %s", re->reason);
        l->ref = l->owned_ref;
    }
    return 0;
}

/* Where the target came from: a personal objective (and objectives of the
 * agent for this metric whose dates miss the period), or the policy's key. */
static int explain_target(explain_job *j, xfigure *f)
{
    const run_state *r = &j->host.run;
    const metric_slot *s = &r->metrics[f->metric];
    int32_t first, last, agent = j->agent ? strtab_find(&r->agents, j->agent, strlen(j->agent)) : NO_ID;
    period_days(r->period_kind, report_period_id(j), &first, &last);
    const cfg_value *v = config_value(s->cfg, "target");
    if (s->has_target && v && v->file)
        snprintf(f->target_from, sizeof f->target_from, "policy %s:%u ([metric %s] target = %s)", v->file, v->line,
                 s->name, v->text);
    else
        snprintf(f->target_from, sizeof f->target_from, "none: the policy sets no target for %s", s->name);
    for (size_t i = 0; agent != NO_ID && i < r->nobjectives; i++) {
        const objective *o = &r->objectives[i];
        if (o->agent != agent || o->metric != f->metric)
            continue;
        char a[11], b[11];
        fmt_day(a, o->from_day);
        fmt_day(b, o->to_day);
        if (o->from_day > last || o->to_day < first) {
            xleft *l = VEC_PUSH(f->left, f->nleft, f->capleft);
            if (!l || !(l->reason = malloc(96)))
                return -1;
            snprintf(l->reason, 96, "objective dates: %s to %s miss the period", a, b);
            l->ref = "objective";
        } else if (f->m->target_from_objective && o->target == f->m->target) {
            snprintf(f->target_from, sizeof f->target_from, "personal objective, %s to %s (objectives file)", a, b);
        }
    }
    return 0;
}

static int explain_figures(explain_job *j, diag_list *d)
{
    const run_state *r = &j->host.run;
    j->figs = calloc(r->nmetrics + 1, sizeof *j->figs);
    if (!j->figs || scan_rejected(j) != 0)
        return -1;
    const ccs_card_scoring *cs = ccs_card_scoring_of(&j->model.rep, j->card);
    for (size_t m = 0; m < j->card->nmetrics; m++) {
        if (j->metric && strcmp(j->card->metrics[m].name, j->metric) != 0)
            continue;
        xfigure *f = &j->figs[j->nfigs++];
        f->metric = m;
        f->m = &j->card->metrics[m];
        f->p = cs ? &cs->figures[m] : NULL;
        if (classify(j, f) != 0 || add_rejected(j, f) != 0 || explain_target(j, f) != 0)
            return -1;
    }
    if (j->metric && !j->nfigs) {
        diag_add(d, j->host.pol.path, 0, "no metric '%s' in this policy: name one of its [metric NAME] sections",
                 j->metric);
        return -1;
    }
    return 0;
}

static void job_free(explain_job *j)
{
    for (size_t i = 0; i < j->nfigs; i++) {
        for (size_t k = 0; k < j->figs[i].nleft; k++) {
            free(j->figs[i].left[k].reason);
            free(j->figs[i].left[k].owned_ref);
        }
        free(j->figs[i].left);
        free(j->figs[i].counted);
    }
    free(j->figs);
    for (size_t i = 0; i < j->nrecs; i++) {
        free(j->recs[i].ref);
        free(j->recs[i].agent);
        free(j->recs[i].team);
    }
    free(j->recs);
    settle_all(j, 0); /* none left unless the read failed */
    free(j->contrib);
    free(j->rejected);
    report_model_free(&j->model);
    host_free(&j->host);
}

int explain_main(int argc, char **argv)
{
    explain_job j;
    memset(&j, 0, sizeof j);
    int rc = parse_explain(argc, argv, &j);
    if (rc >= 0)
        return rc;
    rc = EXIT_USAGE;
    enum period_kind kind = PERIOD_WEEK;
    int32_t period_id = 0;
    if (j.period && period_parse(j.period, &kind, &period_id) != 0) {
        fprintf(stderr, "ccscore: error: bad --period '%s': use 2026-W46 (ISO week), 2026-11 (month) or 2026-11-20 (day)\n",
                j.period);
        return EXIT_USAGE;
    }
    diag_list d;
    diag_init(&d);
    host_init(&j.host);
    j.host.has_period = j.period != NULL;
    j.host.period_id = period_id;
    if (read_data(&j, kind, j.period != NULL, &d) != 0 || finish_checks(&j.host) != 0 ||
        build_report(&j.host, j.period != NULL, period_id, &j.model, &d) != 0 || find_card(&j, &d) != 0 ||
        explain_figures(&j, &d) != 0)
        goto out;
    write_fn fn = strcmp(j.format, "json") == 0 ? explain_write_json : explain_write_text;
    if (!j.output) {
        if (fn(&j, stdout) != 0 || fflush(stdout) != 0)
            diag_add(&d, NULL, 0, "cannot write to standard output");
    } else {
        char err[1024];
        if (write_atomic(j.output, (mode_t)j.host.pol.org.output_mode, fn, &j, err, sizeof err) != 0)
            diag_add(&d, NULL, 0, "%s", err);
    }
    if (!d.n)
        rc = EXIT_OK;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    job_free(&j);
    return rc;
}
