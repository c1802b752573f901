/* The test host's ccs_host_api (see testhost.h): the engine's typed keys and
 * calendar, and deep copies of everything plugins hand over.  The refusals of
 * findings, feedback and legacy sections mirror engine/hostapi.c's. */
#include "testhost_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "output.h"
#include "policy.h"

void *th_must(void *p)
{
    if (!p) {
        fprintf(stderr, "testhost: out of memory\n");
        abort();
    }
    return p;
}

static char *dup_or_null(const char *s)
{
    return s ? th_must(strdup(s)) : NULL;
}

static void append(testhost *th, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void append(testhost *th, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0)
        return;
    if (vec_reserve((void **)&th->log, &th->logcap, th->loglen + (size_t)n + 1, 1) != 0)
        th_must(NULL);
    vsnprintf(th->log + th->loglen, (size_t)n + 1, fmt, ap);
    th->loglen += (size_t)n;
}

void th_logf(testhost *th, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(th, fmt, ap);
    va_end(ap);
}

int th_stream_bit(uint32_t kind)
{
    for (int b = 0; b < 5; b++)
        if (kind == 1u << b)
            return b;
    return -1;
}

/* ---------------------------------------------------------------- keys */

static int th_register(ccs_host *h, const ccs_component *c)
{
    return modules_register(&h->modules, c);
}

static int th_has(const ccs_config *c, const char *k) { return cfg_has(c, k); }
static const char *th_string(const ccs_config *c, const char *k) { return cfg_string(c, k); }
static int64_t th_int(const ccs_config *c, const char *k) { return cfg_int(c, k); }
static double th_number(const ccs_config *c, const char *k) { return cfg_number(c, k); }
static int th_bool(const ccs_config *c, const char *k) { return cfg_bool(c, k); }
static int th_enum(const ccs_config *c, const char *k) { return cfg_enum(c, k); }
static const char *th_instance(const ccs_config *c) { return c->instance; }

/* ---------------------------------------------------------------- log */

static void th_log(ccs_host *h, int level, const char *fmt, ...)
{
    static const char *names[] = { "log", "error", "warning", "info", "debug" };
    th_logf(h, "%s: ", names[level >= 1 && level <= 4 ? level : 0]);
    va_list ap;
    va_start(ap, fmt);
    append(h, fmt, ap);
    va_end(ap);
    th_logf(h, "\n");
}

static void th_error_at(ccs_host *h, const char *file, uint64_t line, const char *fmt, ...)
{
    if (file && line)
        th_logf(h, "%s:%llu: error: ", file, (unsigned long long)line);
    else if (file)
        th_logf(h, "%s: error: ", file);
    else
        th_logf(h, "error: ");
    va_list ap;
    va_start(ap, fmt);
    append(h, fmt, ap);
    va_end(ap);
    th_logf(h, "\n");
}

/* ---------------------------------------------------------------- records */

/* Where a kind's ccs_str members are. */
static const size_t *string_members(uint32_t kind, size_t *n, size_t *size)
{
    static const size_t contact[] = {
        offsetof(ccs_contact, contact_id), offsetof(ccs_contact, agent_id), offsetof(ccs_contact, team),
        offsetof(ccs_contact, queue), offsetof(ccs_contact, channel), offsetof(ccs_contact, customer_id),
        offsetof(ccs_contact, notes),
    };
    static const size_t evaluation[] = { offsetof(ccs_evaluation, agent_id), offsetof(ccs_evaluation, evaluator) };
    static const size_t agent[] = {
        offsetof(ccs_agent, agent_id), offsetof(ccs_agent, name), offsetof(ccs_agent, team),
        offsetof(ccs_agent, leave_reason),
    };
    static const size_t activity[] = {
        offsetof(ccs_activity, agent_id), offsetof(ccs_activity, queue), offsetof(ccs_activity, reason),
    };
    static const size_t objective[] = { offsetof(ccs_objective, agent_id), offsetof(ccs_objective, metric) };
#define KIND(k, type, list) \
    case k: *n = sizeof list / sizeof list[0]; *size = sizeof(type); return list;
    switch (kind) {
    KIND(CCS_REC_CONTACT, ccs_contact, contact)
    KIND(CCS_REC_EVALUATION, ccs_evaluation, evaluation)
    KIND(CCS_REC_AGENT, ccs_agent, agent)
    KIND(CCS_REC_ACTIVITY, ccs_activity, activity)
    KIND(CCS_REC_OBJECTIVE, ccs_objective, objective)
    }
#undef KIND
    *n = 0;
    *size = sizeof(ccs_record);
    return NULL;
}

static ccs_str copy_str(ccs_str s)
{
    char *p = th_must(malloc(s.len + 1));
    if (s.len)
        memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    return (ccs_str){ p, s.len };
}

static ccs_record *copy_record(const ccs_record *r)
{
    size_t n, size;
    const size_t *members = string_members(r->kind, &n, &size);
    size_t have = r->size < size ? size : r->size;
    char *buf = th_must(calloc(1, have));
    memcpy(buf, r, r->size < sizeof *r ? sizeof *r : r->size);
    for (size_t i = 0; i < n; i++) {
        ccs_str *s = (ccs_str *)(buf + members[i]);
        *s = copy_str(*s);
    }
    ccs_record *c = (ccs_record *)buf;
    c->file = dup_or_null(r->file);
    if (r->fields && r->nfields) {
        ccs_str *fields = th_must(calloc(r->nfields, sizeof *fields));
        for (uint32_t i = 0; i < r->nfields; i++)
            fields[i] = copy_str(r->fields[i]);
        c->fields = fields;
    } else {
        c->fields = NULL;
    }
    return c;
}

void th_free_record(ccs_record *c)
{
    size_t n, size;
    const size_t *members = string_members(c->kind, &n, &size);
    for (size_t i = 0; i < n; i++)
        free((char *)((ccs_str *)((char *)c + members[i]))->ptr);
    for (uint32_t i = 0; c->fields && i < c->nfields; i++)
        free((char *)c->fields[i].ptr);
    free((ccs_str *)c->fields);
    free((char *)c->file);
    free(c);
}

static int th_emit(ccs_source_ctx *ctx, const ccs_record *rec)
{
    testhost *th = ctx->host;
    if (ctx->stopped)
        return CCS_ERR;
    if (!rec || th_stream_bit(rec->kind) < 0 || rec->size < sizeof *rec) {
        th_logf(th, "error: record refused: no known kind or too small\n");
        return CCS_ERR;
    }
    if (th->on_emit && th->on_emit(th, rec, th->on_emit_arg) != CCS_OK)
        return CCS_ERR;
    ctx->emitted++;
    if (th->keep_records) {
        TH_GROW(th->records, th->nrecords, th->caprecords);
        th->records[th->nrecords++] = copy_record(rec);
    }
    return CCS_OK;
}

static int th_reject(ccs_source_ctx *ctx, uint64_t line, const char *fmt, ...)
{
    testhost *th = ctx->host;
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    TH_GROW(th->rejected_lines, th->nrejected, th->caprejected);
    TH_GROW(th->rejected_why, th->nrejected, th->capwhy);
    th->rejected_lines[th->nrejected] = line;
    th->rejected_why[th->nrejected++] = th_must(strdup(why));
    ctx->rejected++;
    if (ctx->fail)
        ctx->stopped = 1;
    return ctx->stopped ? CCS_ERR : CCS_OK;
}

/* Like the engine's: the line named is counted like `line` (a test reads
 * one file or one share, and sees both counted from its begin). */
static int th_reject_ref(ccs_source_ctx *ctx, uint64_t line, const char *before, uint64_t other,
                         const char *after)
{
    return th_reject(ctx, line, "%s%llu%s", before, (unsigned long long)other, after);
}

static uint32_t th_source_stream(const ccs_source_ctx *ctx)
{
    return ctx->stream;
}

void th_columns_set(testhost *th, int b, const ccs_str *names, size_t n)
{
    for (size_t i = 0; i < th->ncolumns[b]; i++)
        free(th->columns[b][i]);
    free(th->columns[b]);
    th->columns[b] = n ? th_must(calloc(n, sizeof *th->columns[b])) : NULL;
    th->ncolumns[b] = n;
    for (size_t i = 0; i < n; i++)
        th->columns[b][i] = (char *)copy_str(names[i]).ptr;
}

static uint32_t th_set_columns(ccs_source_ctx *ctx, const ccs_str *names, size_t n)
{
    int b = th_stream_bit(ctx->stream);
    if (b < 0)
        return 0;
    th_columns_set(ctx->host, b, names, n);
    return ctx->stream;
}

static int th_column_index(ccs_host *h, uint32_t stream, const char *name)
{
    int b = th_stream_bit(stream);
    for (size_t i = 0; b >= 0 && i < h->ncolumns[b]; i++)
        if (strcmp(h->columns[b][i], name) == 0)
            return (int)i;
    return -1;
}

static void th_local_time(ccs_host *h, int64_t utc, int32_t *day, int32_t *minute)
{
    (void)h;
    calendar_local(calendar_for_thread(), utc, day, minute);
}

static int64_t th_local_to_utc(ccs_host *h, int32_t day, int32_t second)
{
    (void)h;
    return calendar_to_utc(calendar_for_thread(), day, second);
}

static ccs_host *th_source_host(ccs_source_ctx *ctx)
{
    return ctx->host;
}

static void th_progress(ccs_source_ctx *ctx, uint64_t bytes, uint64_t rows)
{
    ctx->bytes_done = bytes;
    ctx->rows_done = rows;
}

/* ---------------------------------------------------------------- results */

static int th_add_finding_at(ccs_host *h, const ccs_finding *f, int32_t at)
{
    if (!f || !f->rule || !*f->rule || f->severity < CCS_SEV_INFO || f->severity > CCS_SEV_CRITICAL) {
        th_logf(h, "error: finding refused: it needs a rule id and a severity from %d (info) to %d (critical)\n",
              CCS_SEV_INFO, CCS_SEV_CRITICAL);
        return CCS_ERR;
    }
    TH_GROW(h->findings, h->nfindings, h->capfindings);
    TH_GROW(h->findings_at, h->nfindings, h->capfindings_at);
    h->findings_at[h->nfindings] = at;
    h->findings[h->nfindings++] = (ccs_finding){
        dup_or_null(f->rule), f->severity, dup_or_null(f->owner), dup_or_null(f->reference),
        dup_or_null(f->agent_id), dup_or_null(f->measured), dup_or_null(f->limit), dup_or_null(f->message),
    };
    return CCS_OK;
}

static int th_add_finding(ccs_host *h, const ccs_finding *f)
{
    return th_add_finding_at(h, f, INT32_MIN);
}

static int th_add_feedback(ccs_host *h, const ccs_feedback_text *t)
{
    if (!t || !t->text || t->entity < CCS_ENTITY_AGENT || t->entity > CCS_ENTITY_ORG) {
        th_logf(h, "error: feedback refused: it needs a text and an entity from %d (agent) to %d (organisation)\n",
              CCS_ENTITY_AGENT, CCS_ENTITY_ORG);
        return CCS_ERR;
    }
    TH_GROW(h->feedback, h->nfeedback, h->capfeedback);
    h->feedback[h->nfeedback++] =
        (ccs_feedback_text){ t->entity, dup_or_null(t->id), dup_or_null(t->style), dup_or_null(t->text) };
    return CCS_OK;
}

static int th_add_section(ccs_host *h, const ccs_section *s)
{
    if (!s || !module_name_valid(s->name) || (!s->text && !s->json)) {
        th_logf(h, "error: section refused: it needs a [a-z0-9_]+ name and a text or a JSON value\n");
        return CCS_ERR;
    }
    TH_GROW(h->sections, h->nsections, h->capsections);
    h->sections[h->nsections++] = (ccs_section){ dup_or_null(s->name), dup_or_null(s->title ? s->title : s->name),
                                                 dup_or_null(s->text), dup_or_null(s->json) };
    return CCS_OK;
}

static int th_add_report_section(ccs_host *h, const ccs_report_section *s)
{
    char why[256];
    if (section_list_add(&h->report_sections, s, why, sizeof why) != CCS_OK) {
        th_logf(h, "error: %s\n", why);
        return CCS_ERR;
    }
    return CCS_OK;
}

static int th_report_period(ccs_host *h, int32_t *first, int32_t *last)
{
    if (!h->has_period)
        return CCS_ERR;
    *first = h->period_first;
    *last = h->period_last;
    return CCS_OK;
}

struct ccs_output {
    testhost *host;
    atomic_file *file;
};

static ccs_output *th_output_open(ccs_host *h, const char *path)
{
    char err[512];
    ccs_output *o = th_must(calloc(1, sizeof *o));
    o->host = h;
    if (!(o->file = atomic_open(path, 0640, err, sizeof err))) {
        th_logf(h, "error: %s\n", err);
        free(o);
        return NULL;
    }
    return o;
}

static void *th_output_file(ccs_output *o)
{
    return o ? atomic_stream(o->file) : NULL;
}

static int th_output_close(ccs_output *o, int keep)
{
    if (!o)
        return CCS_ERR;
    char err[512];
    int rc = atomic_close(o->file, keep, err, sizeof err);
    if (rc != 0)
        th_logf(o->host, "error: %s\n", err);
    free(o);
    return rc == 0 ? CCS_OK : CCS_ERR;
}

static uint64_t th_shard_first_line(ccs_host *h)
{
    return h->shard_first_line;
}

const ccs_host_api testhost_api = {
    .size = sizeof(ccs_host_api),
    .abi_major = CCS_ABI_MAJOR,
    .abi_minor = CCS_ABI_MINOR,
    .register_component = th_register,
    .log = th_log,
    .config_has = th_has,
    .config_string = th_string,
    .config_int = th_int,
    .config_number = th_number,
    .config_bool = th_bool,
    .config_enum = th_enum,
    .config_instance = th_instance,
    .emit = th_emit,
    .reject = th_reject,
    .source_stream = th_source_stream,
    .set_columns = th_set_columns,
    .local_time = th_local_time,
    .local_to_utc = th_local_to_utc,
    .source_host = th_source_host,
    .column_index = th_column_index,
    .add_finding = th_add_finding,
    .add_finding_at = th_add_finding_at,
    .reject_ref = th_reject_ref,
    .add_feedback = th_add_feedback,
    .progress = th_progress,
    .add_section = th_add_section,
    .error_at = th_error_at,
    .report_period = th_report_period,
    .add_report_section = th_add_report_section,
    .output_open = th_output_open,
    .output_file = th_output_file,
    .output_close = th_output_close,
    .shard_first_line = th_shard_first_line,
};

