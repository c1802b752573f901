/* A test-only sink that writes its report in two halves with a pause in
 * between (key pause_s), so that a test can kill ccscore in the middle of
 * writing and check that the previous report is still whole. */
#include <stdio.h>
#include <unistd.h>

#include "ccscore/plugin.h"

static const ccs_host_api *api;

typedef struct { int pause_s; } slow;

static int slow_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    static slow s;
    s.pause_s = (int)api->config_int(cfg, "pause_s");
    *inst = &s;
    return CCS_OK;
}

static int slow_write(void *inst, const ccs_report *rep, void *out, const ccs_sink_ctx *ctx)
{
    (void)ctx;
    const slow *s = inst;
    FILE *f = out;
    fprintf(f, "report of %s for %s\n", rep->organisation, rep->period);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "first half, line %d\n", i);
    fflush(f); /* the temporary file now holds half a report */
    if (s->pause_s > 0)
        sleep((unsigned)s->pause_s);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "second half, line %d\n", i);
    fprintf(f, "end of report\n");
    return CCS_OK;
}

static const ccs_sink_ops ops = { sizeof(ccs_sink_ops), "slow", slow_write };

static const ccs_key keys[] = {
    { "pause_s", CCS_KEY_INT, "0", "seconds to pause half-way through writing", NULL, 0, 3600 },
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_SINK, "slow", "writes slowly (test module)",
    keys, slow_create, NULL, &ops,
};

static int init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &component);
}

CCS_MODULE(mod_slowsink, "1.0", "test sink that pauses half-way", init, NULL)
