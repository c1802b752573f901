#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_int.h"
#include "history.h"
#include "people.h"
#include "retention.h"
#include "scorecard.h"

const char *engine_default_policy(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/example/policy.ini", host_data_dir());
    return path;
}

int open_policy(ccs_host *h, const char *path, diag_list *d)
{
    h->modules.builtin_dir = host_plugin_dir();
    h->have_policy = 1;
    return policy_load(&h->pol, path, &h->modules, h, &host_api, d);
}

int create_instances(ccs_host *h, diag_list *d)
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

int finish_checks(ccs_host *h)
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

/* ABI 1.3: checks that audit the scorecards (equality) see the report once
 * it is built; h->component names the check, so the policy's severities apply. */
int review_checks(ccs_host *h, const ccs_report *rep)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_CHECK)
            continue;
        const ccs_check_ops *ops = c->comp->comp.ops;
        if (!CCS_HAS_FIELD(ops, ccs_check_ops, review) || !ops->review)
            continue;
        h->component = c->instance;
        int rc = ops->review(c->inst, h, rep);
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

/* Issue 11: the report, the review gate, the history and the exit status
 * see only the findings of the report's period (checks see every record, as
 * context for rules over a reference window).  Called after the checks
 * finish and again for findings added later (review), which it dates. */
static void keep_period_findings(ccs_host *h)
{
    int32_t first, last;
    if (host_api.report_period(h, &first, &last) == CCS_OK)
        findings_keep_period(h, first, last);
}

/* What the run gathered in the host (findings, feedback, sections) onto
 * the report; again after the Trends section is added. */
static void attach_host_parts(ccs_report *rep, ccs_host *h)
{
    keep_period_findings(h);
    rep->findings_at = h->findings_at;
    rep->nfindings_other = h->nfindings_other;
    rep->nfindings = h->nfindings;
    rep->findings = h->findings;
    rep->nfeedback = h->nfeedback;
    rep->feedback = h->feedback;
    rep->nsections = h->nsections;
    rep->sections = h->sections;
    rep->nreport_sections = h->report_sections.n;
    rep->report_sections = h->report_sections.items;
}

/* The policy (the bundled example's when no -c; then, with data files
 * named, only those are read), the period (relative ones resolved on the
 * organisation's calendar) and the run's settings.  0, or -1 when said. */
static int setup_run(ccs_host *h, const run_options *o, const char **format, diag_list *d)
{
    const char *path = o->policy ? o->policy : engine_default_policy();
    h->verbose = o->verbose; /* -v: plugins' info messages, -vv: their debug ones too */
    h->default_policy = o->policy == NULL; /* a queue_log named without -c loads its modules */
    if (open_policy(h, path, d) != 0 ||
        (!o->agent && !o->team && !o->people && choose_format(h, o, format) != 0) ||
        (o->people && people_prepare(h, o, d) != 0))
        return -1;
    enum period_kind kind = h->pol.org.period;
    const char *now = getenv("CCSCORE_NOW");
    int prc = o->period ? resolve_period(o->period, now, &kind, &h->period_id) : 0;
    if (prc == -1) {
        fprintf(stderr, "ccscore: error: bad --period '%s': use 2026-W46 (ISO week), 2026-11 (month), 2026-11-20 (day), "
                "last-week, last-month or yesterday\n", o->period);
        return -1;
    }
    if (prc == -2 || run_set_clock(&h->run, now) != 0) {
        fprintf(stderr, "ccscore: error: CCSCORE_NOW must be a date (YYYY-MM-DD) or seconds since 1970\n");
        return -1;
    }
    h->jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (h->jobs < 1)
        h->jobs = 1;
    h->progress = isatty(STDERR_FILENO);
    h->has_period = o->period != NULL;
    h->files_only = !o->policy && o->nfiles > 0;
    if (h->files_only) { /* not the example's name on someone else's data */
        char *name = strdup("Your data (no policy: the example's rules)");
        if (name) {
            free(h->pol.org.name);
            h->pol.org.name = name;
        }
    }
    run_free(&h->run);
    run_init(&h->run, kind);
    run_set_clock(&h->run, now);
    if (h->pol.org.pseudonymise)
        run_set_pseudonym_key(&h->run, h->pol.org.pseudonym_key, h->pol.org.pseudonym_key_len);
    if (create_instances(h, d) != 0 || run_add_metrics(&h->run, &h->pol, d) != 0)
        return -1;
    return plan_inputs(h, o->files, o->nfiles, d);
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
    const char *format = "text";
    if (setup_run(&h, o, &format, &d) != 0)
        goto out;
    int read_rc = read_inputs(&h);
    run_periods_from_activity(&h.run);
    print_row_errors(&h.run);
    if (read_rc != 0) {
        fprintf(stderr, "ccscore: error: input refused (on_bad_row = fail, or unreadable); no report written\n");
        goto out;
    }
    if (check_rejected(&h) != 0 || finish_checks(&h) != 0)
        goto out;
    keep_period_findings(&h);
    if (build_report(&h, h.has_period, h.period_id, &model, &d) != 0)
        goto out;
    if (add_run_section(&h, &model.rep) != 0)
        goto out;
    if (review_checks(&h, &model.rep) != 0)
        goto out;
    attach_host_parts(&model.rep, &h); /* review() may have moved the findings (qa adds many) */
    if (history_persistent(&h, o, &model, &d) != 0 || history_persistent_section(&h, &model, &d) != 0 ||
        render_feedback(&h, &model.rep) != 0)
        goto out;
    attach_host_parts(&model.rep, &h);
    if (o->record && history_record(&h, o, &model, &d) != 0)
        goto out;
    if (!o->record_only && !o->people && history_trends_section(&h, o, &model, &d) != 0)
        goto out;
    if (!o->record_only && !o->agent && !o->team && retention_run(&h, o, &model.rep, &d) != 0)
        goto out;
    attach_host_parts(&model.rep, &h);
    if (o->record_only || o->retention || o->people) { /* retention printed its own; people: skills, buddies */
        rc = o->people ? people_write(&h, o, &model, &d) : EXIT_OK;
        goto out;
    }
    if (o->agent || o->team) {
        if (print_feedback_for(&h, o, &model.rep, &d) == 0 && !d.n)
            rc = EXIT_OK;
        goto out;
    }
    if (write_outputs(&h, o, format, &model.rep, &d) != 0 || d.n)
        goto out;
    rc = findings_exit_status(&h, &model.rep);
out:
    diag_print(&d, stderr);
    diag_free(&d);
    report_model_free(&model);
    host_free(&h);
    return rc;
}

int engine_check_config(const char *path, char **files, size_t nfiles)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    if (open_policy(&h, path, &d) == 0 && create_instances(&h, &d) == 0) {
        run_add_metrics(&h.run, &h.pol, &d);
        if (plan_inputs(&h, files, nfiles, &d) == 0)
            check_headers(&h, &d);
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
