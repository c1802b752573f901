/* The function table plugins call (ccs_host_api), and the engine's paths. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_shards.h"
#include "host.h"
#ifndef CCS_PLUGINDIR /* the fuzz build defines them on the command line */
#include "ccs_paths.h"
#endif
#include "output.h"
#include "vec.h"

static int api_register(ccs_host *h, const ccs_component *c)
{
    return modules_register(&h->modules, c);
}

static void api_log(ccs_host *h, int level, const char *fmt, ...)
{
    if (level == CCS_LOG_DEBUG && h->verbose < 2)
        return;
    if (level == CCS_LOG_INFO && h->verbose < 1)
        return;
    static const char *names[] = { "", "error", "warning", "info", "debug" };
    const run_state *shard = check_shard_current();
    const char *component = shard && shard->component ? shard->component : h->component;
    const char *who = component ? component : (h->modules.loading ? h->modules.loading : "plugin");
    fprintf(stderr, "ccscore: %s: %s: ", who, level >= 1 && level <= 4 ? names[level] : "log");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static const char *api_instance(const ccs_config *cfg)
{
    return cfg->instance;
}

static int api_emit(ccs_source_ctx *ctx, const ccs_record *rec)
{
    if (ctx->input->stopped)
        return CCS_ERR;
    if (run_emit(ctx->host, ctx->run, ctx->input, rec) != CCS_OK || ctx->input->stopped)
        return CCS_ERR;
    return CCS_OK;
}

static int api_reject(ccs_source_ctx *ctx, uint64_t line, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    run_reject(ctx->run, ctx->input, line, reason);
    return ctx->input->stopped ? CCS_ERR : CCS_OK;
}

static int api_reject_ref(ccs_source_ctx *ctx, uint64_t line, const char *before, uint64_t other,
                          const char *after)
{
    run_reject_ref(ctx->run, ctx->input, line, before ? before : "", other, after ? after : "");
    return ctx->input->stopped ? CCS_ERR : CCS_OK;
}

static uint32_t api_source_stream(const ccs_source_ctx *ctx)
{
    return ctx->input->stream;
}

static uint32_t api_set_columns(ccs_source_ctx *ctx, const ccs_str *names, size_t n)
{
    int b = stream_bit(ctx->input->stream);
    if (b < 0)
        return 0;
    strtab *t = &ctx->run->columns[b];
    strtab_free(t);
    strtab_init(t);
    for (size_t i = 0; i < n; i++)
        strtab_intern(t, names[i].ptr, names[i].len);
    return ctx->input->stream;
}

static int api_column_index(ccs_host *h, uint32_t stream, const char *name)
{
    int b = stream_bit(stream);
    const run_state *shard = check_shard_current();
    const run_state *r = shard ? shard : h->reads_from ? &h->reads_from->run : &h->run; /* compare's twin */
    return b < 0 ? -1 : strtab_find(&r->columns[b], name, strlen(name));
}

static void api_local_time(ccs_host *h, int64_t utc, int32_t *day, int32_t *minute)
{
    (void)h;
    calendar_local(calendar_for_thread(), utc, day, minute);
}

static int64_t api_local_to_utc(ccs_host *h, int32_t day, int32_t second)
{
    (void)h;
    return calendar_to_utc(calendar_for_thread(), day, second);
}

static ccs_host *api_source_host(ccs_source_ctx *ctx)
{
    return ctx->host;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int api_add_finding_at(ccs_host *h, const ccs_finding *f, int32_t at)
{
    /* The reports promise a rule id and one of the four severities
     * (docs/report.schema.json): refuse anything else here, by name. */
    if (!f || !f->rule || !*f->rule || f->severity < CCS_SEV_INFO || f->severity > CCS_SEV_CRITICAL) {
        api_log(h, CCS_LOG_ERROR, "finding refused: it needs a rule id and a severity from %d (info) to %d (critical)",
                CCS_SEV_INFO, CCS_SEV_CRITICAL);
        return CCS_ERR;
    }
    /* A thread reading a share of a file keeps its findings apart until the
     * merge (ABI 1.4, check_shards.c), each with its day. */
    run_state *shard = check_shard_current();
    ccs_finding **list = shard ? &shard->findings : &h->findings;
    int32_t **days = shard ? &shard->findings_at : &h->findings_at;
    size_t *n = shard ? &shard->nfindings : &h->nfindings, *cap = shard ? &shard->capfindings : &h->capfindings;
    size_t *capdays = shard ? &shard->capfindings_at : &h->capfindings_at;
    const char *component = shard ? shard->component : h->component;
    if (!VEC_GROW(*list, *n, *cap) || vec_reserve((void **)days, capdays, *n + 1, sizeof **days) != 0)
        return CCS_ERR;
    (*days)[*n] = at;
    ccs_finding *c = &(*list)[(*n)++];
    c->rule = dup_or_null(f->rule);
    c->severity = f->severity;
    /* the policy's `severity = RULE:LEVEL` of the check adding it */
    const ccs_config *cfg = component ? policy_instance(&h->pol, CCS_COMPONENT_CHECK, component) : NULL;
    if (cfg)
        c->severity = severity_for(cfg->severities, cfg->nseverities, f->rule, f->severity);
    c->owner = dup_or_null(f->owner);
    c->reference = dup_or_null(f->reference);
    c->agent_id = dup_or_null(f->agent_id);
    c->measured = dup_or_null(f->measured);
    c->limit = dup_or_null(f->limit);
    c->message = dup_or_null(f->message);
    return CCS_OK;
}

static int api_add_finding(ccs_host *h, const ccs_finding *f)
{
    return api_add_finding_at(h, f, FINDING_AT_PERIOD);
}

void findings_keep_period(ccs_host *h, int32_t first, int32_t last)
{
    size_t kept = 0;
    for (size_t i = 0; i < h->nfindings; i++) {
        int32_t at = h->findings_at[i] == FINDING_AT_PERIOD ? first : h->findings_at[i];
        if (at < first || at > last) {
            finding_free(&h->findings[i]);
            h->nfindings_other++;
            continue;
        }
        h->findings[kept] = h->findings[i];
        h->findings_at[kept++] = at;
    }
    h->nfindings = kept;
}

static int api_add_feedback(ccs_host *h, const ccs_feedback_text *t)
{
    if (!t || !t->text || t->entity < CCS_ENTITY_AGENT || t->entity > CCS_ENTITY_ORG) {
        api_log(h, CCS_LOG_ERROR, "feedback refused: it needs a text and an entity from %d (agent) to %d (organisation)",
                CCS_ENTITY_AGENT, CCS_ENTITY_ORG);
        return CCS_ERR;
    }
    if (!VEC_GROW(h->feedback, h->nfeedback, h->capfeedback))
        return CCS_ERR;
    ccs_feedback_text *c = &h->feedback[h->nfeedback++];
    c->entity = t->entity;
    c->id = dup_or_null(t->id);
    c->style = dup_or_null(t->style);
    c->text = dup_or_null(t->text);
    return CCS_OK;
}

static int api_add_section(ccs_host *h, const ccs_section *sec)
{
    if (!sec || !module_name_valid(sec->name) || (!sec->text && !sec->json)) {
        api_log(h, CCS_LOG_ERROR, "section refused: it needs a [a-z0-9_]+ name and a text or a JSON value");
        return CCS_ERR;
    }
    if (!VEC_GROW(h->sections, h->nsections, h->capsections))
        return CCS_ERR;
    ccs_section *c = &h->sections[h->nsections++];
    c->name = strdup(sec->name);
    c->title = dup_or_null(sec->title ? sec->title : sec->name);
    c->text = dup_or_null(sec->text);
    c->json = dup_or_null(sec->json);
    return CCS_OK;
}

static int api_add_report_section(ccs_host *h, const ccs_report_section *sec)
{
    char why[256];
    if (section_list_add(&h->report_sections, sec, why, sizeof why) != CCS_OK) {
        api_log(h, CCS_LOG_ERROR, "%s", why);
        return CCS_ERR;
    }
    return CCS_OK;
}

/* A plugin's own file, written whole or not at all with output_mode. */
struct ccs_output {
    ccs_host *host;
    atomic_file *file;
};

static ccs_output *api_output_open(ccs_host *h, const char *path)
{
    char err[512];
    ccs_output *o = calloc(1, sizeof *o);
    if (!o) {
        api_log(h, CCS_LOG_ERROR, "%s: out of memory", path);
        return NULL;
    }
    mode_t mode = h->have_policy ? (mode_t)h->pol.org.output_mode : 0640;
    o->host = h;
    if (!(o->file = atomic_open(path, mode, err, sizeof err))) {
        api_log(h, CCS_LOG_ERROR, "%s", err);
        free(o);
        return NULL;
    }
    return o;
}

static void *api_output_file(ccs_output *o)
{
    return o ? atomic_stream(o->file) : NULL;
}

static int api_output_close(ccs_output *o, int keep)
{
    if (!o)
        return CCS_ERR;
    char err[512];
    int rc = atomic_close(o->file, keep, err, sizeof err);
    if (rc != 0)
        api_log(o->host, CCS_LOG_ERROR, "%s", err);
    free(o);
    return rc == 0 ? CCS_OK : CCS_ERR;
}

static void api_progress(ccs_source_ctx *ctx, uint64_t bytes, uint64_t rows)
{
    __atomic_store_n(&ctx->bytes_done, bytes, __ATOMIC_RELAXED);
    __atomic_store_n(&ctx->rows_done, rows, __ATOMIC_RELAXED);
}

static void api_error_at(ccs_host *h, const char *file, uint64_t line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (h->diags) {
        diag_add(h->diags, file, (unsigned long)line, "%s", msg);
        return;
    }
    if (file && line)
        fprintf(stderr, "%s:%llu: error: %s\n", file, (unsigned long long)line, msg);
    else if (file)
        fprintf(stderr, "%s: error: %s\n", file, msg);
    else
        fprintf(stderr, "ccscore: error: %s\n", msg);
}

static int api_report_period(ccs_host *h, int32_t *first, int32_t *last)
{
    const run_state *r = &h->run;
    int32_t pid;
    if (h->has_period) {
        pid = h->period_id;
    } else {
        if (r->nperiods == 0)
            return CCS_ERR;
        pid = r->periods[0];
        for (size_t i = 1; i < r->nperiods; i++)
            if (r->periods[i] > pid)
                pid = r->periods[i];
    }
    period_days(r->period_kind, pid, first, last);
    return CCS_OK;
}

static uint64_t api_shard_first_line(ccs_host *h)
{
    return h->merge_first_line;
}

const ccs_host_api host_api = {
    .size = sizeof(ccs_host_api),
    .abi_major = CCS_ABI_MAJOR,
    .abi_minor = CCS_ABI_MINOR,
    .register_component = api_register,
    .log = api_log,
    .config_has = cfg_has,
    .config_string = cfg_string,
    .config_int = cfg_int,
    .config_number = cfg_number,
    .config_bool = cfg_bool,
    .config_enum = cfg_enum,
    .config_instance = api_instance,
    .emit = api_emit,
    .reject = api_reject,
    .source_stream = api_source_stream,
    .set_columns = api_set_columns,
    .local_time = api_local_time,
    .local_to_utc = api_local_to_utc,
    .source_host = api_source_host,
    .column_index = api_column_index,
    .add_finding = api_add_finding,
    .add_feedback = api_add_feedback,
    .progress = api_progress,
    .add_section = api_add_section,
    .error_at = api_error_at,
    .report_period = api_report_period,
    .add_report_section = api_add_report_section,
    .output_open = api_output_open,
    .output_file = api_output_file,
    .output_close = api_output_close,
    .add_finding_at = api_add_finding_at,
    .reject_ref = api_reject_ref,
    .shard_first_line = api_shard_first_line,
};

void host_init(ccs_host *h)
{
    memset(h, 0, sizeof *h);
    modules_init(&h->modules);
    run_init(&h->run, PERIOD_WEEK);
}

void host_free(ccs_host *h)
{
    run_free(&h->run);
    for (size_t i = 0; i < h->nfindings; i++)
        finding_free(&h->findings[i]);
    free(h->findings);
    free(h->findings_at);
    for (size_t i = 0; i < h->nfeedback; i++) {
        free((char *)h->feedback[i].id);
        free((char *)h->feedback[i].style);
        free((char *)h->feedback[i].text);
    }
    free(h->feedback);
    for (size_t i = 0; i < h->nsections; i++) {
        free((char *)h->sections[i].name);
        free((char *)h->sections[i].title);
        free((char *)h->sections[i].text);
        free((char *)h->sections[i].json);
    }
    free(h->sections);
    section_list_free(&h->report_sections);
    /* Instances are destroyed (by their modules' code) before modules close. */
    if (h->have_policy)
        policy_free(&h->pol);
    modules_free(&h->modules);
}

/* True when this binary is the one in the build tree, so that `./ccscore run`
 * works before `make install` and tests use the fresh plugins. */
static int running_from_build_tree(void)
{
    static int cached = -1;
    if (cached >= 0)
        return cached;
    char exe[PATH_MAX], build[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    cached = 0;
    if (n <= 0)
        return cached;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return cached;
    *slash = '\0';
    /* libtool may put an uninstalled binary in .libs */
    size_t len = strlen(exe);
    if (len > 6 && strcmp(exe + len - 6, "/.libs") == 0)
        exe[len - 6] = '\0';
    if (realpath(CCS_BUILD_BINDIR, build) && strcmp(build, exe) == 0)
        cached = 1;
    return cached;
}

const char *host_plugin_dir(void)
{
    const char *env = getenv("CCSCORE_PLUGIN_DIR");
    if (env && *env)
        return env;
    return running_from_build_tree() ? CCS_BUILD_PLUGINDIR : CCS_PLUGINDIR;
}

const char *host_data_dir(void)
{
    const char *env = getenv("CCSCORE_DATA_DIR");
    if (env && *env)
        return env;
    return running_from_build_tree() ? CCS_BUILD_DATADIR : CCS_DATADIR;
}
