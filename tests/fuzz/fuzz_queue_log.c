/* Fuzz harness: the queue_log source (plugins/sources/queue_log/) through
 * the test host (tests/testhost.h: the engine's key validation, a UTC
 * calendar): format recognition, line splitting, every event of the call
 * state machine, sessions, pauses, the end of the file.
 *
 * The first byte picks the keys (exits_as, acw) and the stream; the rest is
 * the file, written to a private temporary file and read with read().  Every
 * record handed to emit() is checked against the promises of
 * <ccscore/plugin.h> and the source's own limits (a wait or a talk time of
 * at most a day), and every log line must name a real line (never "line 0")
 * and a call id (never "callid ?"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccscore/plugin.h"
#include "../testhost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const ccs_module *queue_log_LTX_ccs_module_entry(void);

static testhost *host;
static const ccs_component *registered;
static const ccs_config *configs[4];
static char path[64];

static void cleanup(void)
{
    unlink(path);
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
    (void)arg;
    if (rec->line == 0)
        abort();
    for (uint32_t i = 0; i < rec->nfields; i++)
        check_str(rec->fields[i]);
    if (rec->kind == CCS_REC_CONTACT) {
        const ccs_contact *c = (const ccs_contact *)rec;
        check_str(c->contact_id);
        check_str(c->agent_id);
        check_str(c->queue);
        /* acw_s -1: the log holds no after-call work (issue 11). */
        if (c->contact_id.len == 0 || !(c->wait_s >= 0) || !(c->talk_s >= 0) ||
            !(c->acw_s >= 0 || c->acw_s == -1) ||
            c->wait_s > 86400 || c->talk_s > 86400 ||
            (c->outcome != CCS_OUTCOME_ANSWERED && c->outcome != CCS_OUTCOME_ABANDONED))
            abort();
    } else if (rec->kind == CCS_REC_ACTIVITY) {
        const ccs_activity *a = (const ccs_activity *)rec;
        check_str(a->agent_id);
        check_str(a->queue);
        check_str(a->reason);
        if (a->end < a->start)
            abort();
    } else {
        abort();
    }
    return CCS_OK;
}

static void setup(void)
{
    host = testhost_new("UTC");
    host->keep_records = 0;
    host->on_emit = check_record;
    if (testhost_load(host, queue_log_LTX_ccs_module_entry()) != CCS_OK ||
        !(registered = testhost_component(host, "queue_log")))
        abort();
    static const char *keys[4] = {
        "",
        "exits_as = skip\n",
        "acw_s = 30\nwrapup_reasons = wrap|acw\nbreak_reasons = break\n",
        "exits_as = skip\nacw_s = 5\nlunch_reasons = lunch\nagent_map = SIP/8007=A007, Agent/1=A1\n",
    };
    for (int i = 0; i < 4; i++)
        if (!(configs[i] = testhost_config_as(host, "queue_log", "contacts", keys[i]))) {
            fprintf(stderr, "%s", testhost_errors(host));
            abort();
        }
    snprintf(path, sizeof path, "/tmp/ccscore-fuzz-ql.XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    atexit(cleanup);
}

/* The warnings about incomplete calls and repeated lines name real lines
 * (never line 0) and a callid.  Read from the start of each warning, where
 * the file's path puts it: a callid may hold any text, even these words. */
static void check_log(const char *log)
{
    char head[96];
    snprintf(head, sizeof head, "warning: %s: ", path);
    size_t hl = strlen(head);
    for (const char *p = log; p && *p;) {
        const char *nl = strchr(p, '\n');
        if (strncmp(p, head, hl) == 0) {
            const char *w = p + hl;
            unsigned long long count, at = 1, of = 1;
            int used = 0;
            if (sscanf(w, "%llu call%*[s] still in progress at the end of the file (incomplete: counted, not "
                          "scored; the first at line %llu, callid %n", &count, &at, &used) >= 2) {
                if (at == 0 || used == 0 || !nl || nl - (w + used) < 2 || nl[-1] != ')')
                    abort(); /* line 0, or "callid )" */
            } else if (sscanf(w, "%llu repeated line%*[s] ignored (exact repeats of earlier lines, counted once; "
                                 "the first at line %llu repeats line %llu)", &count, &at, &of) == 3) {
                if (count == 0 || at == 0 || of == 0 || of >= at)
                    abort();
            }
        }
        p = nl ? nl + 1 : NULL;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!registered)
        setup();
    FILE *f = fopen(path, "wb");
    if (!f || (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1))
        abort();
    fclose(f);
    const ccs_config *cfg = configs[data[0] & 3];
    uint32_t stream = data[0] & 4 ? CCS_REC_ACTIVITY : CCS_REC_CONTACT;
    testhost_clear(host);
    ccs_source_ctx ctx = testhost_source(host, cfg, stream);
    void *inst = NULL;
    if (registered->create(host, cfg, &inst) != CCS_OK)
        abort();
    const ccs_source_ops *ops = registered->ops;
    if (ops->probe) {
        ops->probe(inst, (const char *)data + 1, size - 1);
        ops->probe(NULL, (const char *)data + 1, size - 1);
    }
    ops->read(inst, &ctx, path);
    registered->destroy(inst);
    for (size_t i = 0; i < host->nrejected; i++)
        if (host->rejected_lines[i] == 0)
            abort();
    check_log(host->log);
    return 0;
}
