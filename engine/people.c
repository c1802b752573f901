/* `ccscore skills` and `ccscore buddies`: preparing the run and writing the
 * verb's output (see people.h). */
#include <stdio.h>
#include <string.h>

#include "engine_int.h"
#include "output.h"
#include "people.h"

static int has_instance_of(const policy *p, int kind, const char *component)
{
    for (size_t i = 0; i < p->ninstances; i++)
        if (p->instances[i]->kind == kind && strcmp(p->instances[i]->comp->comp.name, component) == 0)
            return 1;
    return 0;
}

int people_prepare(ccs_host *h, const run_options *o, diag_list *d)
{
    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 &&
        strcmp(o->format, "csv") != 0) {
        diag_add(d, NULL, 0, "unknown --format '%s': %s writes text, json or csv", o->format,
                 o->people == PEOPLE_SKILLS ? "skills" : "buddies");
        return -1;
    }
    if (o->people != PEOPLE_SKILLS || has_instance_of(&h->pol, CCS_COMPONENT_CHECK, "workload"))
        return 0;
    const component_entry *ce = modules_find(&h->modules, CCS_COMPONENT_CHECK, "workload");
    if (!ce && modules_load(&h->modules, h, &host_api, "workload", d, NULL, 0) != 0)
        return -1;
    ce = modules_find(&h->modules, CCS_COMPONENT_CHECK, "workload");
    if (!ce) {
        diag_add(d, NULL, 0, "the workload module registers no 'workload' check");
        return -1;
    }
    return policy_add_default_instance(&h->pol, ce, "workload", d) ? 0 : -1;
}

/* The format: --format, else -o's extension (.json, .csv), else text. */
static const char *people_format(const run_options *o)
{
    if (o->format)
        return o->format;
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    if (dot && (strcmp(dot, ".json") == 0 || strcmp(dot, ".csv") == 0))
        return dot + 1;
    return "text";
}

static int emit(const ccs_host *h, const run_options *o, write_fn fn, void *arg, diag_list *d)
{
    if (!o->output) {
        int rc = fn(arg, stdout);
        if (fflush(stdout) != 0 || rc != 0) {
            diag_add(d, NULL, 0, "could not write to standard output");
            return EXIT_USAGE;
        }
        return EXIT_OK;
    }
    char err[512];
    mode_t mode = h->have_policy ? (mode_t)h->pol.org.output_mode : 0640;
    if (write_atomic(o->output, mode, fn, arg, err, sizeof err) != 0) {
        diag_add(d, o->output, 0, "%s", err);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static write_fn pick(const char *format, write_fn text, write_fn json, write_fn csv)
{
    return strcmp(format, "json") == 0 ? json : strcmp(format, "csv") == 0 ? csv : text;
}

int people_write(ccs_host *h, const run_options *o, const report_model *m, diag_list *d)
{
    const char *format = people_format(o);
    int rc = EXIT_USAGE;
    if (o->people == PEOPLE_SKILLS) {
        skills_model s;
        if (skills_build(h, m, &s) == 0 && skills_pick(&s) == 0 && skills_suggest(&s, &m->rep) == 0)
            rc = emit(h, o, pick(format, skills_write_text, skills_write_json, skills_write_csv), &s, d);
        else
            diag_add(d, NULL, 0, "out of memory");
        skills_free(&s);
        return rc;
    }
    buddies_model b = { .rep = &m->rep };
    buddies_params(h, &b.params);
    if (buddy_plan_build(&m->rep, &b.params, &b.plan) == 0)
        rc = emit(h, o, pick(format, buddies_write_text, buddies_write_json, buddies_write_csv), &b, d);
    else
        diag_add(d, NULL, 0, "out of memory");
    buddy_plan_free(&b.plan);
    return rc;
}
