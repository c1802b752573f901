/* long_calls: an example metric, built outside ccscore's tree with the
 * installed build include (see Makefile: `make`, `make check`, `make
 * install`).  The share of handled contacts whose handle time (talk + hold +
 * after-call work) is over a threshold.
 *
 * In the policy:
 *
 *   [organisation]
 *   plugin_path = /opt/acme/ccscore-plugins
 *   modules = csv kpi_core report long_calls
 *
 *   [metric long_calls]
 *   over_s = 900
 *   target = 5%
 */
#include <stdlib.h>

#include <ccscore/plugin.h>

static const ccs_host_api *api;

typedef struct { double over_s; } long_calls_inst;
typedef struct { uint64_t handled, long_ones; } long_calls_acc;

static int create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    long_calls_inst *in = malloc(sizeof *in);
    if (!in)
        return CCS_ERR;
    in->over_s = api->config_number(cfg, "over_s");
    *inst = in;
    return CCS_OK;
}

static void add(const void *inst, void *acc, const ccs_record *rec)
{
    const ccs_contact *c = (const ccs_contact *)rec;
    long_calls_acc *a = acc;
    if (c->outcome != CCS_OUTCOME_ANSWERED)
        return;
    a->handled++;
    a->long_ones += c->talk_s + c->hold_s + c->acw_s > ((const long_calls_inst *)inst)->over_s;
}

static void merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    long_calls_acc *d = dst;
    const long_calls_acc *s = src;
    d->handled += s->handled;
    d->long_ones += s->long_ones;
}

static void result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const long_calls_acc *a = acc;
    out->n = a->handled;
    out->successes = a->long_ones; /* the host adds the Wilson interval */
    out->defined = a->handled > 0;
    out->value = a->handled ? (double)a->long_ones / (double)a->handled : 0.0;
}

/* Designated initializers: the ops struct grows at the end (ABI 1.3 added
 * acc_free and finish, which this metric does not need), so a plugin that
 * names its fields builds warning-free against later headers too. */
static const ccs_metric_ops ops = {
    .size = sizeof(ccs_metric_ops),
    .records = CCS_REC_CONTACT,
    .type = CCS_METRIC_RATE,
    .unit = "%",
    .direction = -1,
    .acc_size = sizeof(long_calls_acc),
    .add = add,
    .merge = merge,
    .result = result,
};

static const ccs_key keys[] = {
    { "over_s", CCS_KEY_NUMBER, "900", "a contact handled for longer than this is long", NULL, 1, 86400 },
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_METRIC, "long_calls",
    "share of handled contacts longer than over_s", keys, create, free, &ops,
};

static int init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &component);
}

CCS_MODULE(long_calls, "1.0", "example: share of long contacts", init, NULL)
