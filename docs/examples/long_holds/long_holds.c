/* long_holds: an example check, built outside ccscore's tree with the
 * installed build include (see Makefile).  One rule: a handled contact kept
 * on hold for longer than max_hold_s is an advisory finding, with the
 * record's file:line as evidence.
 *
 * In the policy:
 *
 *   [organisation]
 *   modules = csv kpi_core report long_holds
 *
 *   [check long_holds]
 *   max_hold_s = 60
 *
 * add() sees every record of the data (all periods); the findings are
 * raised in finish() for the contacts of the period the report covers.
 * Records are only valid during add(), so what is kept is copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ccscore/plugin.h>

static const ccs_host_api *api;

typedef struct {
    char agent[64], reference[300];
    int32_t local_day;
    double hold_s;
} long_hold;

typedef struct {
    double max_hold_s;
    long_hold *holds;
    size_t n, cap;
    int out_of_memory;
} long_holds_inst;

static int create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    long_holds_inst *in = calloc(1, sizeof *in);
    if (!in)
        return CCS_ERR;
    in->max_hold_s = api->config_number(cfg, "max_hold_s");
    *inst = in;
    return CCS_OK;
}

static void destroy(void *inst)
{
    long_holds_inst *in = inst;
    if (in)
        free(in->holds);
    free(in);
}

static void add(void *inst, ccs_host *host, const ccs_record *rec)
{
    (void)host;
    long_holds_inst *in = inst;
    const ccs_contact *c = (const ccs_contact *)rec;
    if (c->outcome != CCS_OUTCOME_ANSWERED || c->hold_s <= in->max_hold_s)
        return;
    if (in->n == in->cap) {
        size_t cap = in->cap ? 2 * in->cap : 16;
        long_hold *grown = realloc(in->holds, cap * sizeof *grown);
        if (!grown) {
            in->out_of_memory = 1;
            return;
        }
        in->holds = grown;
        in->cap = cap;
    }
    long_hold *h = &in->holds[in->n++];
    snprintf(h->agent, sizeof h->agent, "%.*s", (int)c->agent_id.len, c->agent_id.ptr);
    snprintf(h->reference, sizeof h->reference, "%s:%llu", rec->file,
             (unsigned long long)rec->line);
    h->local_day = c->local_day;
    h->hold_s = c->hold_s;
}

static int finish(void *inst, ccs_host *host)
{
    long_holds_inst *in = inst;
    int32_t first, last;
    if (in->out_of_memory) {
        api->log(host, CCS_LOG_ERROR, "out of memory");
        return CCS_ERR;
    }
    if (api->report_period(host, &first, &last) != CCS_OK)
        return CCS_OK; /* no data: nothing to say */
    char limit[32];
    snprintf(limit, sizeof limit, "%.0f s", in->max_hold_s);
    for (size_t i = 0; i < in->n; i++) {
        const long_hold *h = &in->holds[i];
        if (h->local_day < first || h->local_day > last)
            continue;
        char measured[32];
        snprintf(measured, sizeof measured, "%.0f s", h->hold_s);
        ccs_finding f = {
            "long_hold", CCS_SEV_ADVISORY, "team leader", h->reference,
            h->agent[0] ? h->agent : NULL, measured, limit,
            "A customer was kept on hold for longer than the policy allows.",
        };
        if (api->add_finding(host, &f) != CCS_OK) /* copied by the host */
            return CCS_ERR;
    }
    return CCS_OK;
}

static const ccs_check_ops ops = {
    .size = sizeof(ccs_check_ops), .records = CCS_REC_CONTACT, .add = add, .finish = finish,
};

static const ccs_key keys[] = {
    { "max_hold_s", CCS_KEY_NUMBER, "60", "a contact on hold for longer than this is a finding",
      NULL, 1, 3600 },
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "long_holds",
    "advisory finding for each contact held longer than max_hold_s", keys, create, destroy, &ops,
};

static int init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &component);
}

CCS_MODULE(long_holds, "1.0", "example: contacts held too long", init, NULL)
