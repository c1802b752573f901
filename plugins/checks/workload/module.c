/* workload: the component's keys, its instance and its registration (see
 * workload.h for what it does). */
#include <stdlib.h>

#include "strtab.h"

#include "ccscore/plugin.h"
#include "workload.h"

const ccs_host_api *wl_api;

#define NOLIMIT 0, 0

const char *const wl_variant_names[] = { "offered", "answered", "abandons_in", "abandons_after", "short_excluded" };

void wl_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    wl_inst *w = inst;
    if (rec->kind == CCS_REC_CONTACT)
        wl_add_contact(w, host, (const ccs_contact *)rec);
    else if (rec->kind == CCS_REC_ACTIVITY)
        wl_add_activity(w, (const ccs_activity *)rec);
}

static const ccs_key wl_keys[] = {
    { "interval", CCS_KEY_ENUM, "30", "interval length in minutes", "15|30|60", NOLIMIT },
    { "target", CCS_KEY_PERCENT, "80%", "service level target (share answered within threshold_s)", NULL, 0.01, 0.999 },
    { "threshold_s", CCS_KEY_NUMBER, "20", "service level threshold, seconds of wait", NULL, 0, 3600 },
    { "variant", CCS_KEY_ENUM, "offered", "how abandons count in the service level (as kpi_core's service_level)",
      "offered|answered|abandons_in|abandons_after|short_excluded", NOLIMIT },
    { "short_abandon_s", CCS_KEY_NUMBER, "5", "an abandon within this many seconds is a short abandon", NULL, 0, 600 },
    { "max_occupancy", CCS_KEY_PERCENT, "85%", "Erlang C: raise agents until occupancy is at most this", NULL, 0.05, 1 },
    { "shrinkage", CCS_KEY_PERCENT, "30%", "paid time not on the phones, for agents to schedule", NULL, 0, 0.95 },
    { "max_bottlenecks", CCS_KEY_INT, "10", "bottlenecks listed in the text report (all are in the JSON)", NULL, 0, 10000 },
    { "show_intervals", CCS_KEY_BOOL, "no", "list every interval in the text report too", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

void wl_destroy(void *inst)
{
    wl_inst *w = inst;
    if (!w)
        return;
    wl_free_cells(w);
    strtab_free(&w->queues);
    strtab_free(&w->agents);
    free(w);
}

static int wl_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    wl_inst *w = calloc(1, sizeof *w);
    if (!w)
        return CCS_ERR;
    static const int minutes[] = { 15, 30, 60 };
    int iv = wl_api->config_enum(cfg, "interval");
    w->interval_min = minutes[iv >= 0 && iv < 3 ? iv : 1];
    w->target = wl_api->config_number(cfg, "target");
    w->threshold = wl_api->config_number(cfg, "threshold_s");
    w->variant = wl_api->config_enum(cfg, "variant");
    if (w->variant < 0)
        w->variant = V_OFFERED;
    w->short_s = wl_api->config_number(cfg, "short_abandon_s");
    w->max_occ = wl_api->config_number(cfg, "max_occupancy");
    w->shrinkage = wl_api->config_number(cfg, "shrinkage");
    w->max_bottlenecks = (int)wl_api->config_int(cfg, "max_bottlenecks");
    w->show_intervals = wl_api->config_bool(cfg, "show_intervals");
    *inst = w;
    return CCS_OK;
}

/* With the shard ops (ABI 1.4, shard.c) the files it reads are read on every thread. */
static const ccs_check_ops wl_ops = { .size = sizeof(ccs_check_ops),
                                      .records = CCS_REC_CONTACT | CCS_REC_ACTIVITY,
                                      .add = wl_add,
                                      .finish = wl_finish,
                                      .shard_new = wl_shard_new,
                                      .shard_add = wl_shard_add,
                                      .shard_merge = wl_shard_merge,
                                      .shard_free = wl_shard_free };

static const ccs_component wl_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "workload",
    "Workflow pressure: per queue and interval, offered/answered/abandoned, SL, ASA, AHT, occupancy, "
    "agents staffed vs Erlang C required; bottlenecks with suggestions; the typical week. Adds the report "
    "section 'workload' with the tables settings (facts), intervals (detail; printed with show_intervals), "
    "queues, bottlenecks (max_bottlenecks printed), weekly_pattern (detail) and typical_week, and a chart "
    "of the typical week; no value where a figure has no data",
    wl_keys, wl_create, wl_destroy, &wl_ops,
};

static int wl_init(ccs_host *host, const ccs_host_api *host_api)
{
    wl_api = host_api;
    return wl_api->register_component(host, &wl_component);
}

CCS_MODULE(workload, "1.0", "Workflow pressure per queue and interval, with Erlang C staffing", wl_init, NULL)
