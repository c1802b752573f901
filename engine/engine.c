#include "engine.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "host.h"
#include "output.h"
#include "parallel.h"
#include "pseudonym.h"
#include "scorecard.h"

const char *engine_default_policy(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/example/policy.ini", host_data_dir());
    return path;
}

static int open_policy(ccs_host *h, const char *path, diag_list *d)
{
    h->modules.builtin_dir = host_plugin_dir();
    h->have_policy = 1;
    return policy_load(&h->pol, path, &h->modules, h, &host_api, d);
}

/* Run every instance's create() in policy order. */
static int create_instances(ccs_host *h, diag_list *d)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->created || !c->comp->comp.create) {
            c->created = 1;
            continue;
        }
        h->component = c->instance;
        h->diags = d;
        int rc = c->comp->comp.create(h, c, &c->inst);
        h->diags = NULL;
        h->component = NULL;
        if (rc != CCS_OK) {
            diag_add(d, c->file, c->line, "[%s %s] (%s from module '%s') failed to start",
                     component_kind_name(c->kind), c->instance, c->comp->comp.name, c->comp->module);
            return -1;
        }
        c->created = 1;
    }
    return 0;
}

static int read_head(const char *path, char *buf, size_t len, size_t *got)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    *got = fread(buf, 1, len, f);
    fclose(f);
    return 0;
}

static uint32_t probe_with(const ccs_config *c, const char *head, size_t len)
{
    const ccs_source_ops *ops = c->comp->comp.ops;
    return ops->probe ? ops->probe(c->inst, head, len) : 0;
}

/* The stream a policy source reads: its `stream` key, its name when that is a
 * stream's name, or what its file's header says. */
static uint32_t source_stream(const ccs_config *c, const char *path)
{
    const char *s = cfg_string(c, "stream");
    if (s)
        return stream_from_name(s);
    uint32_t by_name = stream_from_name(c->instance);
    if (by_name)
        return by_name;
    char head[4096];
    size_t got;
    if (path && read_head(path, head, sizeof head, &got) == 0)
        return probe_with(c, head, got);
    return 0;
}

static source_input *add_input(run_state *r, ccs_config *c, const char *path, uint32_t stream,
                               int default_bad_row)
{
    source_input *grown = realloc(r->inputs, (r->ninputs + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    r->inputs = grown;
    source_input *in = &r->inputs[r->ninputs++];
    memset(in, 0, sizeof *in);
    in->cfg = c;
    in->ops = c->comp->comp.ops;
    in->path = strdup(path);
    in->stream = stream;
    in->on_bad_row = cfg_has(c, "on_bad_row") ? cfg_enum(c, "on_bad_row") : default_bad_row;
    in->stats.source = c->instance;
    in->stats.path = in->path;
    in->stats.stream = stream_name(stream);
    return in;
}

/* The inputs of this run: the policy's sources, with any file named on the
 * command line replacing the source of the same stream. */
static int plan_inputs(ccs_host *h, char **files, size_t nfiles, diag_list *d)
{
    policy *p = &h->pol;
    run_state *r = &h->run;
    size_t before = d->n;
    uint32_t replaced = 0;
    for (size_t f = 0; f < nfiles; f++) {
        char head[4096];
        size_t got;
        if (read_head(files[f], head, sizeof head, &got) != 0) {
            diag_add(d, files[f], 0, "cannot read data file: %s", strerror(errno));
            continue;
        }
        ccs_config *match = NULL;
        uint32_t stream = 0;
        /* The policy's own sources first: they know its column mapping. */
        for (size_t i = 0; i < p->ninstances && !stream; i++) {
            ccs_config *c = p->instances[i];
            if (c->kind == CCS_COMPONENT_SOURCE && (stream = probe_with(c, head, got)))
                match = c;
        }
        for (size_t i = 0; i < h->modules.ncomps && !stream; i++) {
            const component_entry *ce = &h->modules.comps[i];
            const ccs_source_ops *ops = ce->comp.ops;
            if (ce->comp.kind != CCS_COMPONENT_SOURCE || !ops->probe)
                continue;
            if ((stream = ops->probe(NULL, head, got))) {
                char name[64];
                snprintf(name, sizeof name, "%s_cli", stream_name(stream));
                match = policy_add_default_instance(p, ce, name, d);
                if (match && create_instances(h, d) != 0)
                    return -1;
            }
        }
        if (!stream || !match) {
            diag_add(d, files[f], 1,
                     "cannot tell what this file holds: its header matches no source "
                     "(contacts, evaluations, agents, objectives or activity) of the policy or the plugins");
            continue;
        }
        if (replaced & stream) {
            diag_add(d, files[f], 0, "a second %s file on the command line; give one per kind",
                     stream_name(stream));
            continue;
        }
        replaced |= stream;
        add_input(r, match, files[f], stream, p->org.on_bad_row);
    }
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_SOURCE || c->adhoc)
            continue;
        const char *path = cfg_string(c, "path");
        uint32_t stream = source_stream(c, path);
        if (stream && (replaced & stream))
            continue;
        const cfg_value *pv = config_value(c, "path");
        if (!path) {
            diag_add(d, c->file, c->line, "[source %s] has no 'path'", c->instance);
            continue;
        }
        if (access(path, R_OK) != 0) {
            diag_add(d, pv->file, pv->line, "cannot read data file '%s': %s", path, strerror(errno));
            continue;
        }
        if (!stream) {
            diag_add(d, pv->file, pv->line,
                     "cannot tell what '%s' holds from its header; set 'stream =' in [source %s]",
                     path, c->instance);
            continue;
        }
        add_input(r, c, path, stream, p->org.on_bad_row);
    }
    return d->n == before ? 0 : -1;
}

static int stream_order(uint32_t s)
{
    /* Roster and objectives first: contacts and evaluations need them. */
    switch (s) {
    case CCS_REC_AGENT: return 0;
    case CCS_REC_OBJECTIVE: return 1;
    case CCS_REC_CONTACT: return 2;
    case CCS_REC_EVALUATION: return 3;
    default: return 4;
    }
}

static int read_inputs(ccs_host *h)
{
    run_state *r = &h->run;
    for (int pass = 0; pass <= 4; pass++) {
        for (size_t i = 0; i < r->ninputs; i++) {
            source_input *in = &r->inputs[i];
            if (stream_order(in->stream) != pass)
                continue;
            h->component = in->cfg->instance;
            uint64_t size = 0;
            int jobs = parallel_jobs(h, in, &size), rc;
            if (jobs >= 1) {
                rc = read_parallel(h, in, size, jobs) == 0 ? CCS_OK : CCS_ERR;
            } else {
                ccs_source_ctx ctx = { h, in, r, 0, 0 };
                rc = in->ops->read(in->cfg->inst, &ctx, in->path);
            }
            h->component = NULL;
            if (rc != CCS_OK) {
                fprintf(stderr, "%s: error: could not read this %s file\n", in->path,
                        stream_name(in->stream));
                return -1;
            }
            if (in->stopped)
                return -1;
        }
    }
    return 0;
}

static void print_row_errors(const run_state *r)
{
    for (size_t i = 0; i < r->nrow_errors; i++)
        fprintf(stderr, "%s:%llu: error: %s\n", r->row_errors[i].file,
                (unsigned long long)r->row_errors[i].line, r->row_errors[i].reason);
    if (r->total_row_errors > r->nrow_errors)
        fprintf(stderr, "ccscore: %llu more rejected rows not shown\n",
                (unsigned long long)(r->total_row_errors - r->nrow_errors));
}

typedef struct sink_job {
    ccs_host *host;
    ccs_config *cfg;
    const ccs_report *report;
    ccs_sink_ctx ctx;
} sink_job;

static int sink_write(void *arg, FILE *out)
{
    sink_job *j = arg;
    const ccs_sink_ops *ops = j->cfg->comp->comp.ops;
    j->host->component = j->cfg->instance;
    int rc = ops->write(j->cfg->inst, j->report, out, &j->ctx);
    j->host->component = NULL;
    return rc == CCS_OK && !ferror(out) ? 0 : -1;
}

static ccs_config *sink_for_format(ccs_host *h, const char *format, diag_list *d)
{
    policy *p = &h->pol;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind == CCS_COMPONENT_SINK && strcmp(((const ccs_sink_ops *)c->comp->comp.ops)->format, format) == 0)
            return c;
    }
    for (size_t i = 0; i < h->modules.ncomps; i++) {
        const component_entry *ce = &h->modules.comps[i];
        if (ce->comp.kind == CCS_COMPONENT_SINK &&
            strcmp(((const ccs_sink_ops *)ce->comp.ops)->format, format) == 0) {
            ccs_config *c = policy_add_default_instance(p, ce, format, d);
            if (c && create_instances(h, d) == 0)
                return c;
            return NULL;
        }
    }
    diag_add(d, NULL, 0, "no sink writes the format '%s' (loaded modules offer: text, json, csv)", format);
    return NULL;
}

static const char *format_from_name(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && strcmp(dot, ".json") == 0)
        return "json";
    if (dot && strcmp(dot, ".csv") == 0)
        return "csv";
    return "text";
}

static int write_outputs(ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d)
{
    const char *format = o->format ? o->format : format_from_name(o->output);
    ccs_config *main_sink = sink_for_format(h, format, d);
    if (!main_sink)
        return -1;
    sink_job job = { h, main_sink, rep, { sizeof(ccs_sink_ctx), 0, o->verbose, o->feedback, h } };
    char err[1024];
    if (o->output) {
        if (write_atomic(o->output, (mode_t)h->pol.org.output_mode, sink_write, &job, err, sizeof err) != 0) {
            diag_add(d, NULL, 0, "%s", err);
            return -1;
        }
    } else {
        job.ctx.colour = o->colour < 0 ? isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL : o->colour;
        if (sink_write(&job, stdout) != 0 || fflush(stdout) != 0) {
            diag_add(d, NULL, 0, "cannot write the report to standard output");
            return -1;
        }
    }
    /* The policy's sinks that name a file are written on every run, and so
     * are sinks that write files of their own (one per agent...). */
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_SINK)
            continue;
        const ccs_sink_ops *sops = c->comp->comp.ops;
        if (sops->size >= offsetof(ccs_sink_ops, flags) + sizeof sops->flags &&
            (sops->flags & CCS_SINK_OWN_FILES)) {
            sink_job fj = { h, c, rep, { sizeof(ccs_sink_ctx), 0, o->verbose, 1, h } };
            h->component = c->instance;
            int frc = sops->write(c->inst, rep, NULL, &fj.ctx);
            h->component = NULL;
            if (frc != CCS_OK)
                diag_add(d, c->file, c->line, "[sink %s] could not write its files", c->instance);
            continue;
        }
        const char *path = cfg_string(c, "path");
        if (!path)
            continue;
        sink_job pj = { h, c, rep, { sizeof(ccs_sink_ctx), 0, o->verbose, o->feedback, h } };
        if (write_atomic(path, (mode_t)h->pol.org.output_mode, sink_write, &pj, err, sizeof err) != 0)
            diag_add(d, NULL, 0, "%s", err);
    }
    return 0;
}

static int by_card_id(const void *a, const void *b)
{
    return strcmp(((const ccs_scorecard *)a)->id, ((const ccs_scorecard *)b)->id);
}

/* pseudonymise = yes: every agent's id and name in the report (and in the
 * findings) become the keyed hash of the id, before feedback is rendered and
 * before any sink writes, so that no report carries them.  Agents are put in
 * order of their pseudonyms so that the order does not betray the ids
 * either.  The mapping is not kept. */
static int pseudonymise_report(ccs_host *h, report_model *m)
{
    const org_policy *o = &h->pol.org;
    size_t n = m->rep.nagents;
    m->pseudonyms = malloc((n ? n : 1) * (PSEUDONYM_LEN + 1));
    if (!m->pseudonyms)
        return -1;
    ccs_scorecard *cards = m->cards; /* the agents come first */
    for (size_t i = 0; i < n; i++) {
        char *p = m->pseudonyms + i * (PSEUDONYM_LEN + 1);
        pseudonym_of(o->pseudonym_key, o->pseudonym_key_len, cards[i].id, strlen(cards[i].id), p);
        cards[i].id = p;
        cards[i].name = p;
    }
    if (n)
        qsort(cards, n, sizeof *cards, by_card_id);
    for (size_t i = 0; i < h->nfindings; i++) {
        ccs_finding *f = &h->findings[i];
        if (!f->agent_id)
            continue;
        char p[PSEUDONYM_LEN + 1];
        pseudonym_of(o->pseudonym_key, o->pseudonym_key_len, f->agent_id, strlen(f->agent_id), p);
        free((char *)f->agent_id);
        f->agent_id = strdup(p);
    }
    return 0;
}

static int finish_checks(ccs_host *h)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_CHECK)
            continue;
        const ccs_check_ops *ops = c->comp->comp.ops;
        h->component = c->instance;
        int rc = ops->finish ? ops->finish(c->inst, h) : CCS_OK;
        h->component = NULL;
        if (rc != CCS_OK)
            return -1;
    }
    return 0;
}

static int render_feedback(ccs_host *h, const ccs_report *rep)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_FEEDBACK)
            continue;
        const ccs_feedback_ops *ops = c->comp->comp.ops;
        h->component = c->instance;
        int rc = ops->render ? ops->render(c->inst, h, rep) : CCS_OK;
        h->component = NULL;
        if (rc != CCS_OK)
            return -1;
    }
    return 0;
}

/* `ccscore feedback --agent ID` (or --team ID): print that entity's feedback
 * texts instead of writing the report. */
static int print_feedback_for(const ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d)
{
    int entity = o->agent ? CCS_ENTITY_AGENT : CCS_ENTITY_TEAM;
    const char *id = o->agent ? o->agent : o->team;
    const ccs_scorecard *cards = o->agent ? rep->agents : rep->teams;
    size_t ncards = o->agent ? rep->nagents : rep->nteams, found = 0;
    for (size_t i = 0; i < ncards; i++)
        found += strcmp(cards[i].id, id) == 0;
    if (!found) {
        diag_add(d, NULL, 0, "no %s '%s' in the data of %s", o->agent ? "agent" : "team", id, rep->period);
        return -1;
    }
    int any_component = 0;
    for (size_t i = 0; i < h->pol.ninstances; i++)
        any_component |= h->pol.instances[i]->kind == CCS_COMPONENT_FEEDBACK;
    if (!any_component) {
        diag_add(d, h->pol.path, 0, "the policy enables no feedback component: add a [feedback coaching] section");
        return -1;
    }
    size_t shown = 0;
    for (size_t i = 0; i < h->nfeedback; i++) {
        const ccs_feedback_text *t = &h->feedback[i];
        if (t->entity != entity || !t->id || strcmp(t->id, id) != 0)
            continue;
        fputs(shown++ ? "\n" : "", stdout);
        fputs(t->text, stdout);
        size_t len = strlen(t->text);
        if (len && t->text[len - 1] != '\n')
            fputc('\n', stdout);
    }
    if (fflush(stdout) != 0) {
        diag_add(d, NULL, 0, "cannot write to standard output");
        return -1;
    }
    return 0;
}

int engine_run(const run_options *o)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    int rc = EXIT_USAGE;
    report_model model;
    memset(&model, 0, sizeof model);
    enum period_kind kind;
    int32_t period_id = 0;
    const char *path = o->policy ? o->policy : engine_default_policy();

    if (o->period && period_parse(o->period, &kind, &period_id) != 0) {
        fprintf(stderr, "ccscore: error: bad --period '%s': use 2026-W46 (ISO week), 2026-11 (month) or 2026-11-20 (day)\n",
                o->period);
        goto out;
    }
    if (open_policy(&h, path, &d) != 0)
        goto out;
    h.jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (h.jobs < 1)
        h.jobs = 1;
    h.progress = isatty(STDERR_FILENO);
    h.has_period = o->period != NULL;
    h.period_id = period_id;
    run_free(&h.run);
    run_init(&h.run, o->period ? kind : h.pol.org.period);
    if (run_set_clock(&h.run, getenv("CCSCORE_NOW")) != 0) {
        fprintf(stderr, "ccscore: error: CCSCORE_NOW must be a date (YYYY-MM-DD) or seconds since 1970\n");
        goto out;
    }
    if (create_instances(&h, &d) != 0 || run_add_metrics(&h.run, &h.pol, &d) != 0)
        goto out;
    if (plan_inputs(&h, o->files, o->nfiles, &d) != 0)
        goto out;
    int read_rc = read_inputs(&h);
    print_row_errors(&h.run);
    if (read_rc != 0) {
        fprintf(stderr, "ccscore: error: input refused (on_bad_row = fail, or unreadable); no report written\n");
        goto out;
    }
    if (finish_checks(&h) != 0 || build_report(&h, o->period != NULL, period_id, &model, &d) != 0)
        goto out;
    if (h.pol.org.pseudonymise && pseudonymise_report(&h, &model) != 0) {
        diag_add(&d, NULL, 0, "out of memory");
        goto out;
    }
    if (render_feedback(&h, &model.rep) != 0)
        goto out;
    model.rep.nfindings = h.nfindings;
    model.rep.findings = h.findings;
    model.rep.nfeedback = h.nfeedback;
    model.rep.feedback = h.feedback;
    model.rep.nsections = h.nsections;
    model.rep.sections = h.sections;
    model.rep.nreport_sections = h.report_sections.n;
    model.rep.report_sections = h.report_sections.items;
    if (o->record && history_record(&h, o, &model, &d) != 0)
        goto out;
    if (o->record_only) {
        rc = EXIT_OK;
        goto out;
    }
    if (o->agent || o->team) {
        if (print_feedback_for(&h, o, &model.rep, &d) == 0 && !d.n)
            rc = EXIT_OK;
        goto out;
    }
    if (write_outputs(&h, o, &model.rep, &d) != 0 || d.n)
        goto out;
    rc = EXIT_OK;
    for (size_t i = 0; i < h.nfindings && h.pol.org.fail_level != FAIL_NONE; i++)
        if (h.findings[i].severity >= h.pol.org.fail_level)
            rc = EXIT_FINDINGS;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    report_model_free(&model);
    host_free(&h);
    return rc;
}

int engine_check_config(const char *path)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    if (open_policy(&h, path, &d) == 0 && create_instances(&h, &d) == 0) {
        run_add_metrics(&h.run, &h.pol, &d);
        plan_inputs(&h, NULL, 0, &d);
    }
    int rc = d.n ? EXIT_USAGE : EXIT_OK;
    diag_print(&d, stderr);
    if (rc == EXIT_OK)
        printf("%s: policy OK (%zu components configured)\n", path, h.pol.ninstances);
    else
        fprintf(stderr, "%s: %zu error%s\n", path, d.n, d.n == 1 ? "" : "s");
    diag_free(&d);
    host_free(&h);
    return rc;
}

static const char *key_type_name(int t)
{
    switch (t) {
    case CCS_KEY_STRING: return "string";
    case CCS_KEY_INT: return "integer";
    case CCS_KEY_NUMBER: return "number";
    case CCS_KEY_BOOL: return "yes/no";
    case CCS_KEY_ENUM: return "choice";
    case CCS_KEY_PATH: return "path";
    case CCS_KEY_PERCENT: return "percent";
    default: return "?";
    }
}

static void print_keys(const ccs_key *k, const ccs_key *skip)
{
    for (; k && k->name; k++) {
        int dup = 0;
        for (const ccs_key *s = skip; s && s->name && !dup; s++)
            dup = strcmp(s->name, k->name) == 0;
        if (dup)
            continue;
        printf("      %-18s %-8s %s", k->name, key_type_name(k->type), k->help ? k->help : "");
        if (k->type == CCS_KEY_ENUM && k->choices)
            printf(" [%s]", k->choices);
        if (k->default_value)
            printf(" (default: %s)", k->default_value);
        printf("\n");
    }
}

int engine_plugins(const char *path)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    int rc = EXIT_OK;
    if (path) {
        if (open_policy(&h, path, &d) != 0)
            rc = EXIT_USAGE;
    } else {
        h.modules.builtin_dir = host_plugin_dir();
        modules_add_dir(&h.modules, host_plugin_dir());
    }
    char **names;
    size_t n = modules_available(&h.modules, &names);
    for (size_t i = 0; i < n; i++) {
        modules_load(&h.modules, &h, &host_api, names[i], &d, NULL, 0);
        free(names[i]);
    }
    free(names);
    printf("Plugin folders:");
    for (size_t i = 0; i < h.modules.ndirs; i++)
        printf(" %s", h.modules.dirs[i]);
    printf("\n\n[organisation] keys:\n");
    print_keys(organisation_keys, NULL);
    printf("\n[history] keys:\n");
    print_keys(history_keys, NULL);
    for (size_t m = 0; m < h.modules.nmods; m++) {
        const loaded_module *lm = &h.modules.mods[m];
        printf("\nmodule %s %s: %s\n", lm->name, lm->desc->version ? lm->desc->version : "",
               lm->desc->description ? lm->desc->description : "");
        for (size_t i = 0; i < h.modules.ncomps; i++) {
            const component_entry *ce = &h.modules.comps[i];
            if (strcmp(ce->module, lm->name) != 0)
                continue;
            printf("  [%s %s]  %s\n", component_kind_name(ce->comp.kind), ce->comp.name,
                   ce->comp.help ? ce->comp.help : "");
            if (ce->comp.kind == CCS_COMPONENT_METRIC) {
                const ccs_metric_ops *ops = ce->comp.ops;
                printf("      (%s, unit '%s', %s is better)\n",
                       ops->type == CCS_METRIC_RATE ? "rate" : ops->type == CCS_METRIC_MEAN ? "mean" : "index",
                       ops->unit ? ops->unit : "", ops->direction < 0 ? "lower" : "higher");
            }
            print_keys(engine_keys(ce->comp.kind), NULL);
            print_keys(ce->comp.keys, engine_keys(ce->comp.kind));
        }
    }
    if (d.n) {
        diag_print(&d, stderr);
        rc = EXIT_USAGE;
    }
    diag_free(&d);
    host_free(&h);
    return rc;
}
