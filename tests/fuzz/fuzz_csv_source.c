/* Fuzz harness: the csv source plugin itself (plugins/sources/csv.c), rows to
 * typed records, with a stand-in host: column mapping, every field parser,
 * the time cache, the limits and the duplicate window.
 *
 * The first byte picks the stream (contacts, evaluations, agents,
 * objectives) and small limits; the rest is the file, written to a private
 * temporary file and read with the source's read() and, from its middle,
 * read_range() as a thread's share would be.  Every record handed to emit()
 * is checked against the promises of <ccscore/plugin.h>. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccscore/plugin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const ccs_module *csv_LTX_ccs_module_entry(void);

struct ccs_source_ctx {
    uint32_t stream;
    uint64_t emitted, rejected;
};

static const ccs_component *registered;
static unsigned char knobs;

static int fake_register(ccs_host *h, const ccs_component *c)
{
    (void)h;
    registered = c;
    return CCS_OK;
}

static void fake_log(ccs_host *h, int level, const char *fmt, ...)
{
    (void)h;
    (void)level;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
}

static int64_t fake_int(const ccs_config *cfg, const char *key)
{
    (void)cfg;
    if (strcmp(key, "max_line_bytes") == 0)
        return knobs & 1 ? 64 + (knobs >> 4) * 16 : 1048576;
    if (strcmp(key, "max_fields") == 0)
        return knobs & 2 ? 1 + (knobs >> 4) : 512;
    if (strcmp(key, "max_note_bytes") == 0)
        return knobs & 4 ? (knobs >> 4) : 65536;
    if (strcmp(key, "duplicate_window") == 0)
        return knobs & 8 ? (knobs >> 4) : 65536;
    return 0;
}

static const char *fake_string(const ccs_config *cfg, const char *key)
{
    (void)cfg;
    if (strcmp(key, "answered_as") == 0)
        return "answered|ANS";
    if (strcmp(key, "abandoned_as") == 0)
        return "abandoned|ABN";
    return NULL;
}

static void check_str(ccs_str s)
{
    if (s.len && !s.ptr)
        abort();
    volatile char sink = 0;
    for (size_t i = 0; i < s.len; i++)
        sink ^= s.ptr[i]; /* ASan: the slice must be readable */
    (void)sink;
}

static int fake_emit(ccs_source_ctx *ctx, const ccs_record *rec)
{
    if (rec->kind != ctx->stream || rec->line == 0)
        abort();
    for (uint32_t i = 0; i < rec->nfields; i++)
        check_str(rec->fields[i]);
    switch (rec->kind) {
    case CCS_REC_CONTACT: {
        const ccs_contact *c = (const ccs_contact *)rec;
        check_str(c->contact_id);
        check_str(c->agent_id);
        check_str(c->notes);
        if (c->contact_id.len == 0 || c->wait_s < 0 || c->talk_s < 0 || c->hold_s < 0 || c->acw_s < 0 ||
            c->wait_s > 86400 || c->talk_s > 86400 || c->csat < 0 || c->csat > 5 || c->nps < -1 || c->nps > 10 ||
            (c->outcome != CCS_OUTCOME_ANSWERED && c->outcome != CCS_OUTCOME_ABANDONED) ||
            (knobs & 4 && c->notes.len > (size_t)(knobs >> 4)))
            abort();
        break;
    }
    case CCS_REC_EVALUATION: {
        const ccs_evaluation *e = (const ccs_evaluation *)rec;
        if (!(e->max_score > 0) || e->score < 0 || e->score > e->max_score || e->agent_id.len == 0)
            abort();
        break;
    }
    case CCS_REC_OBJECTIVE: {
        const ccs_objective *o = (const ccs_objective *)rec;
        if (o->to_day < o->from_day || o->metric.len == 0)
            abort();
        break;
    }
    default:
        break;
    }
    ctx->emitted++;
    return CCS_OK;
}

static int fake_reject(ccs_source_ctx *ctx, uint64_t line, const char *fmt, ...)
{
    if (line == 0)
        abort();
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->rejected++;
    return CCS_OK;
}

static uint32_t fake_stream(const ccs_source_ctx *ctx)
{
    return ctx->stream;
}

static uint32_t fake_columns(ccs_source_ctx *ctx, const ccs_str *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_str(names[i]);
    return ctx->stream;
}

static void fake_local_time(ccs_host *h, int64_t utc, int32_t *day, int32_t *minute)
{
    (void)h;
    int64_t d = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    *day = (int32_t)d;
    if (minute)
        *minute = (int32_t)((utc - d * 86400) / 60);
}

static int64_t fake_to_utc(ccs_host *h, int32_t day, int32_t second)
{
    (void)h;
    return (int64_t)day * 86400 + second;
}

static ccs_host *fake_host(ccs_source_ctx *ctx)
{
    (void)ctx;
    return NULL;
}

static void fake_progress(ccs_source_ctx *ctx, uint64_t b, uint64_t r)
{
    (void)ctx;
    (void)b;
    (void)r;
}

static const ccs_host_api api = {
    .size = sizeof(ccs_host_api),
    .abi_major = CCS_ABI_MAJOR,
    .abi_minor = CCS_ABI_MINOR,
    .register_component = fake_register,
    .log = fake_log,
    .config_int = fake_int,
    .config_string = fake_string,
    .emit = fake_emit,
    .reject = fake_reject,
    .source_stream = fake_stream,
    .set_columns = fake_columns,
    .local_time = fake_local_time,
    .local_to_utc = fake_to_utc,
    .source_host = fake_host,
    .progress = fake_progress,
};

static char path[64];

static void cleanup(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!registered) {
        const ccs_module *m = csv_LTX_ccs_module_entry();
        if (m->init(NULL, &api) != CCS_OK || !registered)
            abort();
        snprintf(path, sizeof path, "/tmp/ccscore-fuzz-source.XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(cleanup);
    }
    knobs = data[0];
    FILE *f = fopen(path, "wb");
    if (!f || (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1))
        abort();
    fclose(f);

    static const uint32_t kinds[4] = { CCS_REC_CONTACT, CCS_REC_EVALUATION, CCS_REC_AGENT, CCS_REC_OBJECTIVE };
    ccs_source_ctx ctx = { kinds[(data[0] >> 2) & 3], 0, 0 };
    void *inst = NULL;
    if (registered->create(NULL, NULL, &inst) != CCS_OK)
        abort();
    const ccs_source_ops *ops = registered->ops;
    ops->probe(inst, (const char *)data + 1, size - 1);
    ops->probe(NULL, (const char *)data + 1, size - 1);
    ops->read(inst, &ctx, path);
    /* A thread's share from the first line start in the middle. */
    size_t mid = (size - 1) / 2;
    const uint8_t *nl = memchr(data + 1 + mid, '\n', size - 1 - mid);
    if (nl) {
        ccs_source_ctx part = { ctx.stream, 0, 0 };
        uint64_t stop = 0, lines = 0, begin = (uint64_t)(nl - (data + 1)) + 1;
        ops->read_range(inst, &part, path, begin, (uint64_t)size, &stop, &lines);
        if (stop < begin && part.emitted + part.rejected > 0)
            abort();
    }
    registered->destroy(inst);
    return 0;
}
