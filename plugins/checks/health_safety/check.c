/* One agent through every rule, in the order the findings come out: each
 * working day (rest break, young workers' daily hours, screen work, daily
 * rest), then the weeks (weekly rest, young workers' weekly hours, the
 * averages); and every agent, in id order, at the end of the input. */
#include "hs.h"

static int check_days(agent_days *d)
{
    for (size_t k = 0; k < d->ng; k++) {
        if (hs_measure_day(d, k) != 0)
            return -1;
        hs_rule_rest_break(d, k);
        hs_rule_young_daily(d, k);
        hs_rule_screen(d, k);
        hs_rule_daily_rest(d, k);
    }
    return 0;
}

static int check_weeks(agent_days *d)
{
    agent_weeks w;
    if (hs_weeks_init(&w, d) != 0)
        return -1;
    hs_rule_weekly_rest(d, &w);
    hs_rule_young_weekly(d, &w);
    hs_rule_averages(d, &w);
    hs_weeks_free(&w);
    return 0;
}

static int check_agent(hs_inst *h, agent *a)
{
    agent_days d;
    if (hs_days_init(&d, h, a) != 0)
        return -1;
    int rc = check_days(&d);
    if (rc == 0 && h->have_days)
        rc = check_weeks(&d);
    hs_days_free(&d);
    return rc;
}

int hs_finish(void *inst, ccs_host *host)
{
    hs_inst *h = inst;
    h->host = host;
    /* agents in id order, so the findings come out the same on every run */
    hs_sort_agents(h);
    for (size_t i = 0; i < h->nagents; i++)
        if (h->agents[i].n && check_agent(h, &h->agents[i]) != 0) {
            hs_api->log(host, CCS_LOG_ERROR, "out of memory while checking agent %s", h->agents[i].id);
            return CCS_ERR;
        }
    return hs_section(h, host);
}
