/* health_safety: the keys, an instance from the policy, the component and
 * the module (see hs.h for the model and the rules). */
#include <stdlib.h>
#include <string.h>

#include "hs.h"

const ccs_host_api *hs_api;

#define NOLIMIT 0, 0
static const ccs_key hs_keys[] = {
    { "break_after_min", CCS_KEY_INT, "360", "a working day longer than this (minutes) needs a rest break", NULL, 1, 1440 },
    { "break_min", CCS_KEY_INT, "20", "shortest uninterrupted rest break that counts (minutes)", NULL, 1, 1440 },
    { "young_break_after_min", CCS_KEY_INT, "270", "young workers: a day longer than this (minutes) needs a break", NULL, 1, 1440 },
    { "young_break_min", CCS_KEY_INT, "30", "young workers: shortest break that counts (minutes)", NULL, 1, 1440 },
    { "daily_rest_h", CCS_KEY_NUMBER, "11", "least consecutive rest between working days (hours)", NULL, 0, 48 },
    { "young_daily_rest_h", CCS_KEY_NUMBER, "12", "young workers: least rest between working days (hours)", NULL, 0, 48 },
    { "weekly_rest", CCS_KEY_ENUM, "7_days", "weekly rest: weekly_rest_h in each 7 days (Monday to Sunday), or "
      "fortnightly_rest_h (or two of 24 h) in each 14 days", "7_days|14_days", NOLIMIT },
    { "weekly_rest_h", CCS_KEY_NUMBER, "24", "least uninterrupted rest in each 7 days (hours)", NULL, 0, 168 },
    { "fortnightly_rest_h", CCS_KEY_NUMBER, "48", "least uninterrupted rest in each 14 days (hours)", NULL, 0, 336 },
    { "max_weekly_h", CCS_KEY_NUMBER, "48", "most working hours a week on average over the reference period, "
      "unless the agent opted out (opt_out_48h)", NULL, 0, 168 },
    { "reference_weeks", CCS_KEY_INT, "17", "reference period for averages (weeks, rolling; the data's weeks when fewer)", NULL, 1, 52 },
    { "young_daily_max_h", CCS_KEY_NUMBER, "8", "young workers: most working hours a day", NULL, 0, 24 },
    { "young_weekly_max_h", CCS_KEY_NUMBER, "40", "young workers: most working hours a week", NULL, 0, 168 },
    { "night_max_h", CCS_KEY_NUMBER, "8", "night workers: most working hours per 24 h on average over the reference period", NULL, 0, 24 },
    { "night_exclude_rest_days", CCS_KEY_BOOL, "yes", "night average: leave one weekly rest day per week out of the days counted (WTR reg 6)", NULL, NOLIMIT },
    { "screen_max_min", CCS_KEY_INT, "60", "most continuous screen work before a break or change of activity (minutes)", NULL, 1, 1440 },
    { "screen_break_min", CCS_KEY_INT, "5", "shortest pause, break or change of activity that ends screen work (minutes)", NULL, 1, 1440 },
    { "owner", CCS_KEY_STRING, "workforce planning", "who acts on these findings (never the agent)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void hs_destroy(void *inst)
{
    hs_inst *h = inst;
    if (!h)
        return;
    for (size_t i = 0; i < h->nagents; i++)
        free(h->agents[i].spans);
    free(h->agents);
    strtab_free(&h->ids);
    free(h->lim.owner);
    tally_free(&h->tally);
    free(h);
}

static int hs_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    const ccs_host_api *api = hs_api;
    hs_inst *h = calloc(1, sizeof *h);
    if (!h)
        return CCS_ERR;
    strtab_init(&h->ids);
    hs_limits *L = &h->lim;
    L->break_after = api->config_int(cfg, "break_after_min") * 60;
    L->break_len = api->config_int(cfg, "break_min") * 60;
    L->young_break_after = api->config_int(cfg, "young_break_after_min") * 60;
    L->young_break_len = api->config_int(cfg, "young_break_min") * 60;
    L->daily_rest = (int64_t)(api->config_number(cfg, "daily_rest_h") * 3600 + 0.5);
    L->young_daily_rest = (int64_t)(api->config_number(cfg, "young_daily_rest_h") * 3600 + 0.5);
    L->weekly_rest_mode = api->config_enum(cfg, "weekly_rest");
    L->weekly_rest = (int64_t)(api->config_number(cfg, "weekly_rest_h") * 3600 + 0.5);
    L->fortnight_rest = (int64_t)(api->config_number(cfg, "fortnightly_rest_h") * 3600 + 0.5);
    L->max_weekly_h = api->config_number(cfg, "max_weekly_h");
    L->reference_weeks = (int)api->config_int(cfg, "reference_weeks");
    L->young_daily_max_h = api->config_number(cfg, "young_daily_max_h");
    L->young_weekly_max_h = api->config_number(cfg, "young_weekly_max_h");
    L->night_max_h = api->config_number(cfg, "night_max_h");
    L->night_exclude_rest = api->config_bool(cfg, "night_exclude_rest_days");
    L->screen_max = api->config_int(cfg, "screen_max_min") * 60;
    L->screen_break = api->config_int(cfg, "screen_break_min") * 60;
    L->owner = strdup(api->config_string(cfg, "owner"));
    if (!L->owner) {
        hs_destroy(h);
        return CCS_ERR;
    }
    *inst = h;
    return CCS_OK;
}

static const ccs_check_ops hs_ops = { .size = sizeof(ccs_check_ops),
                                      .records = CCS_REC_AGENT | CCS_REC_ACTIVITY,
                                      .add = hs_add,
                                      .finish = hs_finish,
                                      .shard_new = hs_shard_new,
                                      .shard_add = hs_shard_add,
                                      .shard_merge = hs_shard_merge,
                                      .shard_free = hs_shard_free };

static const ccs_component hs_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "health_safety",
    "working-time checks over the activity stream (WTR 1998, 2003/88/EC, HSE); owner "
    "workforce planning, never the agent's score. Rules:\n"
    "        hs.rest_break         breach: a day over break_after_min of work without an uninterrupted\n"
    "                              break of break_min (young workers: young_break_*)\n"
    "        hs.daily_rest         breach: less than daily_rest_h between working days (young: young_daily_rest_h)\n"
    "        hs.weekly_rest        breach: no weekly_rest_h rest in a Monday-Sunday week (or fortnightly_rest_h in 14 days)\n"
    "        hs.weekly_hours       breach: over max_weekly_h a week on average over reference_weeks, no opt_out_48h\n"
    "        hs.young_daily_hours  breach: a young worker over young_daily_max_h in a day\n"
    "        hs.young_weekly_hours breach: a young worker over young_weekly_max_h in a week\n"
    "        hs.night_hours        breach: a night worker over night_max_h per 24 h on average over reference_weeks\n"
    "        hs.screen_break       advisory: over screen_max_min of continuous screen work without a pause, break,\n"
    "                              training or coaching of screen_break_min\n"
    "      Working time = shift/training/coaching/login/pause/wrapup spans minus break/lunch; a working day is the\n"
    "      spans starting on one local day (a night shift stays with the day it starts)",
    hs_keys, hs_create, hs_destroy, &hs_ops,
};

int hs_init(ccs_host *host, const ccs_host_api *host_api)
{
    hs_api = host_api;
    return hs_api->register_component(host, &hs_component);
}

CCS_MODULE(health_safety, "1.0", "health and safety: working time, rest, night work, screen breaks", hs_init, NULL)
