/* Fuzz harness: the csv source plugin itself (plugins/sources/csv.c), rows to
 * typed records, through the test host (tests/testhost.h: the engine's own
 * key validation and calendar): column mapping, every field parser, the time
 * cache, the limits and the duplicate window.
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
#include "../testhost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const ccs_module *csv_LTX_ccs_module_entry(void);

static testhost *host;
static const ccs_component *registered;
static unsigned char knobs;

/* The instance's keys for a knobs byte, validated by the engine once. */
static const ccs_config *config_for(unsigned char k)
{
    static const ccs_config *made[256];
    if (made[k])
        return made[k];
    char keys[512];
    snprintf(keys, sizeof keys,
             "answered_as = answered|ANS\nabandoned_as = abandoned|ABN\n"
             "max_line_bytes = %d\nmax_fields = %d\nmax_note_bytes = %d\nduplicate_window = %d\n",
             k & 1 ? 64 + (k >> 4) * 16 : 1048576, k & 2 ? 1 + (k >> 4) : 512, k & 4 ? (k >> 4) : 65536,
             k & 8 ? (k >> 4) : 65536);
    made[k] = testhost_config(host, "csv", keys);
    if (!made[k]) {
        fprintf(stderr, "%s", testhost_errors(host));
        abort();
    }
    return made[k];
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

static int check_record(ccs_host *h, const ccs_record *rec, void *arg)
{
    (void)h;
    if (rec->kind != *(const uint32_t *)arg || rec->line == 0)
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
    return CCS_OK;
}

/* Rejected lines are counted from 1. */
static void check_rejects(void)
{
    for (size_t i = 0; i < host->nrejected; i++)
        if (host->rejected_lines[i] == 0)
            abort();
}

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
        host = testhost_new(NULL);
        host->keep_records = 0;
        host->on_emit = check_record;
        if (testhost_load(host, csv_LTX_ccs_module_entry()) != CCS_OK ||
            !(registered = testhost_component(host, "csv")))
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
    uint32_t stream = kinds[(data[0] >> 2) & 3];
    const ccs_config *cfg = config_for(knobs);
    testhost_clear(host);
    host->on_emit_arg = &stream;
    ccs_source_ctx ctx = testhost_source(host, cfg, stream);
    void *inst = NULL;
    if (registered->create(host, cfg, &inst) != CCS_OK)
        abort();
    const ccs_source_ops *ops = registered->ops;
    ops->probe(inst, (const char *)data + 1, size - 1);
    ops->probe(NULL, (const char *)data + 1, size - 1);
    ops->read(inst, &ctx, path);
    /* A thread's share from the first line start in the middle. */
    size_t mid = (size - 1) / 2;
    const uint8_t *nl = memchr(data + 1 + mid, '\n', size - 1 - mid);
    if (nl) {
        ccs_source_ctx part = testhost_source(host, cfg, stream);
        uint64_t stop = 0, lines = 0, begin = (uint64_t)(nl - (data + 1)) + 1;
        ops->read_range(inst, &part, path, begin, (uint64_t)size, &stop, &lines);
        if (stop < begin && part.emitted + part.rejected > 0)
            abort();
    }
    registered->destroy(inst);
    check_rejects();
    return 0;
}
