/* The test host (see testhost.h): making one, its plugins' configs through
 * the engine's policy loader, looking at what was captured, and cleaning up.
 * The function table plugins call is in testhost_api.c. */
#include "testhost_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "policy.h"

#define HEADER_LINES 6 /* of the policy file testhost_config() writes */

/* ---------------------------------------------------------------- the host */

testhost *testhost_new(const char *tz)
{
    testhost *th = th_must(calloc(1, sizeof *th));
    th->timezone = tz ? tz : "Europe/London";
    char why[512];
    if (calendar_set_timezone(th->timezone, why, sizeof why) != 0) {
        fprintf(stderr, "testhost: %s\n", why);
        abort();
    }
    th->keep_records = 1;
    th->log = th_must(calloc(1, 1));
    th->logcap = 1;
    return th;
}

int testhost_load(testhost *th, const ccs_module *m)
{
    th->modules.loading = m->name;
    int rc = m->init(th, &testhost_api);
    th->modules.loading = NULL;
    if (th->modules.register_error) {
        th_logf(th, "error: %s\n", th->modules.register_error);
        free(th->modules.register_error);
        th->modules.register_error = NULL;
        return CCS_ERR;
    }
    return rc;
}

const ccs_component *testhost_component(const testhost *th, const char *name)
{
    for (size_t i = 0; i < th->modules.ncomps; i++)
        if (strcmp(th->modules.comps[i].comp.name, name) == 0)
            return &th->modules.comps[i].comp;
    return NULL;
}

/* The policy file's problems, lines counted in the keys the test gave. */
static void keep_errors(testhost *th, const diag_list *d, const char *path)
{
    free(th->errors);
    th->errors = NULL;
    size_t len = 0;
    for (size_t i = 0; i < d->n; i++) {
        const diag *e = &d->items[i];
        char line[1024];
        if (e->file && strcmp(e->file, path) == 0 && e->line > HEADER_LINES)
            snprintf(line, sizeof line, "line %lu: %s\n", e->line - HEADER_LINES, e->message);
        else if (e->file && strcmp(e->file, path) == 0)
            snprintf(line, sizeof line, "%s\n", e->message);
        else
            snprintf(line, sizeof line, "%s\n", diag_format(e, (char[1024]){ 0 }, 1024));
        th->errors = th_must(realloc(th->errors, len + strlen(line) + 1));
        memcpy(th->errors + len, line, strlen(line) + 1);
        len += strlen(line);
    }
}

/* Write the section into a policy file of its own (in the working folder,
 * so that a relative path key means what it says) and load it. */
static ccs_config *load_config(testhost *th, const component_entry *e, const char *instance, const char *keys)
{
    char path[] = "testhost-XXXXXX.ini";
    int fd = mkstemps(path, 4);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        perror("testhost: policy file in the working folder");
        abort();
    }
    fprintf(f, "[organisation]\nname = test\ntimezone = %s\nmodules =\n[%s %s]\nuse = %s\n%s\n", th->timezone,
            component_kind_name(e->comp.kind), instance, e->comp.name, keys ? keys : "");
    fclose(f);
    policy *p = th_must(calloc(1, sizeof *p));
    diag_list d;
    diag_init(&d);
    int rc = policy_load(p, path, &th->modules, th, &testhost_api, &d);
    keep_errors(th, &d, path);
    diag_free(&d);
    unlink(path);
    ccs_config *cfg = rc == 0 ? policy_instance(p, e->comp.kind, instance) : NULL;
    if (!cfg) {
        policy_free(p);
        free(p);
        return NULL;
    }
    TH_GROW(th->policies, th->npolicies, th->cappolicies);
    th->policies[th->npolicies++] = p;
    return cfg;
}

ccs_config *testhost_config_as(testhost *th, const char *component, const char *instance, const char *keys)
{
    const ccs_component *c = testhost_component(th, component);
    if (!c) {
        free(th->errors);
        th->errors = th_must(strdup("no such component (load its module first)\n"));
        return NULL;
    }
    return load_config(th, (const component_entry *)c, instance, keys);
}

ccs_config *testhost_config(testhost *th, const char *component, const char *keys)
{
    return testhost_config_as(th, component, component, keys);
}

const char *testhost_errors(const testhost *th)
{
    return th->errors ? th->errors : "";
}

ccs_source_ctx testhost_source(testhost *th, const ccs_config *cfg, uint32_t stream)
{
    ccs_source_ctx ctx = { th, stream, 0, 0, 0, 0, 0, 0 };
    ctx.fail = cfg && cfg_has(cfg, "on_bad_row") && cfg_enum(cfg, "on_bad_row") == BAD_ROW_FAIL;
    return ctx;
}

void testhost_columns(testhost *th, uint32_t stream, const char *const *names)
{
    int b = th_stream_bit(stream);
    if (b < 0)
        abort();
    size_t n = 0;
    while (names && names[n])
        n++;
    ccs_str *s = th_must(calloc(n ? n : 1, sizeof *s));
    for (size_t i = 0; i < n; i++)
        s[i] = (ccs_str){ names[i], strlen(names[i]) };
    th_columns_set(th, b, s, n);
    free(s);
}

void testhost_period(testhost *th, int32_t first_day, int32_t last_day)
{
    th->has_period = 1;
    th->period_first = first_day;
    th->period_last = last_day;
}

/* ---------------------------------------------------------------- lookups */

size_t testhost_count(const testhost *th, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < th->nfindings; i++)
        n += strcmp(th->findings[i].rule, rule) == 0;
    return n;
}

const ccs_finding *testhost_first(const testhost *th, const char *rule)
{
    for (size_t i = 0; i < th->nfindings; i++)
        if (strcmp(th->findings[i].rule, rule) == 0)
            return &th->findings[i];
    return NULL;
}

size_t testhost_nrecords(const testhost *th, uint32_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < th->nrecords; i++)
        n += th->records[i]->kind == kind;
    return n;
}

const ccs_record *testhost_record_of(const testhost *th, uint32_t kind, size_t k)
{
    for (size_t i = 0; i < th->nrecords; i++)
        if (th->records[i]->kind == kind && k-- == 0)
            return th->records[i];
    return NULL;
}

const ccs_section *testhost_section(const testhost *th, const char *name)
{
    for (size_t i = 0; i < th->nsections; i++)
        if (strcmp(th->sections[i].name, name) == 0)
            return &th->sections[i];
    return NULL;
}

const ccs_report_section *testhost_report_section(const testhost *th, const char *name)
{
    for (size_t i = 0; i < th->report_sections.n; i++)
        if (strcmp(th->report_sections.items[i].name, name) == 0)
            return &th->report_sections.items[i];
    return NULL;
}

/* ---------------------------------------------------------------- cleanup */

void testhost_clear(testhost *th)
{
    for (size_t i = 0; i < th->nfindings; i++) {
        ccs_finding *f = &th->findings[i];
        free((char *)f->rule);
        free((char *)f->owner);
        free((char *)f->reference);
        free((char *)f->agent_id);
        free((char *)f->measured);
        free((char *)f->limit);
        free((char *)f->message);
    }
    th->nfindings = 0;
    for (size_t i = 0; i < th->nfeedback; i++) {
        free((char *)th->feedback[i].id);
        free((char *)th->feedback[i].style);
        free((char *)th->feedback[i].text);
    }
    th->nfeedback = 0;
    for (size_t i = 0; i < th->nsections; i++) {
        free((char *)th->sections[i].name);
        free((char *)th->sections[i].title);
        free((char *)th->sections[i].text);
        free((char *)th->sections[i].json);
    }
    th->nsections = 0;
    section_list_free(&th->report_sections);
    for (size_t i = 0; i < th->nrecords; i++)
        th_free_record(th->records[i]);
    th->nrecords = 0;
    for (size_t i = 0; i < th->nrejected; i++)
        free(th->rejected_why[i]);
    th->nrejected = 0;
    th->loglen = 0;
    th->log[0] = '\0';
}

void testhost_free(testhost *th)
{
    if (!th)
        return;
    testhost_clear(th);
    free(th->findings);
    free(th->findings_at);
    free(th->feedback);
    free(th->sections);
    free(th->records);
    free(th->rejected_lines);
    free(th->rejected_why);
    free(th->log);
    for (int b = 0; b < 5; b++)
        th_columns_set(th, b, NULL, 0);
    for (size_t i = 0; i < th->npolicies; i++) {
        policy_free(th->policies[i]);
        free(th->policies[i]);
    }
    free(th->policies);
    free(th->errors);
    /* Components' strings live in the plugin: only the registry goes. */
    free(th->modules.comps);
    free(th->modules.register_error);
    free(th);
}
