/* A well-formed test module: one metric that counts contact records. */
#include "ccscore/plugin.h"

typedef struct { uint64_t n; } count_acc;

static void add(const void *inst, void *acc, const ccs_record *r)
{
    (void)inst;
    (void)r;
    ((count_acc *)acc)->n++;
}

static void merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    ((count_acc *)dst)->n += ((const count_acc *)src)->n;
}

static void result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    out->n = ((const count_acc *)acc)->n;
    out->value = (double)out->n;
    out->defined = 1;
}

static const ccs_metric_ops ops = {
    sizeof(ccs_metric_ops), CCS_REC_CONTACT, CCS_METRIC_INDEX, "", 1, sizeof(count_acc),
    add, merge, result, 0, NULL, NULL,
};

static const ccs_key keys[] = {
    { "scale", CCS_KEY_NUMBER, "1", "a number key, for tests", NULL, 0, 10 },
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_METRIC, "good_count", "counts contacts (test module)",
    keys, NULL, NULL, &ops,
};

static int init(ccs_host *host, const ccs_host_api *api)
{
    return api->register_component(host, &component);
}

CCS_MODULE(mod_good, "1.0", "test module that loads", init, NULL)
