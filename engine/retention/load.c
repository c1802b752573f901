/* Retention: the occupancy and coaching risk factors of one current agent,
 * from the run's per agent-week summary (agent_load.h), judged over calendar
 * weeks (Monday to Sunday) up to the one holding the window's last day.
 *
 * Sustained occupancy: over high_occupancy in each of the last
 * occupancy_weeks weeks, each with at least occupancy_min_hours staffed.  A
 * week short of that is not enough data: the agent is not listed for it
 * (unless another week already shows it was not sustained).
 * Coaching: no coaching activity in the last coaching_weeks weeks; an agent
 * hired since those weeks began is judged over their service, and says so.
 * With no coaching records in the data at all nothing is judged. */
#include <stdio.h>
#include <string.h>

#include "datefmt.h"
#include "retention.h"

void ret_add_fact(strbuf *b, size_t *n, const char *text)
{
    if ((*n)++)
        strbuf_puts(b, "; ");
    strbuf_puts(b, text);
}

/* 1 when the agent's occupancy was high in every week, 0 when some week
 * says it was not, -1 when some week has not enough data.  pct gets the
 * weeks' figures ("88.2%, 91.0%"). */
static int high_weeks(const retention *rt, const agent_load *a, int32_t first, int32_t last, char *pct, size_t len)
{
    int lacking = 0;
    size_t used = 0;
    pct[0] = '\0';
    for (int32_t w = first; w <= last; w++) {
        const load_week *k = load_get(a, w);
        double staffed, occ;
        if (!k || load_occupancy(k, &staffed, &occ) != 0 || staffed < rt->set->occupancy_min_hours * 3600.0) {
            lacking = 1;
            continue;
        }
        if (!(occ > rt->set->high_occupancy))
            return 0;
        if (used < len)
            used += (size_t)snprintf(pct + used, len - used, "%s%.1f%%", used ? ", " : "", occ * 100.0);
    /* facts are "; "-separated (ret_risk): a figure list never holds one */
    }
    return lacking ? -1 : 1;
}

static int occupancy_fact(retention *rt, const agent_load *a, strbuf *b, size_t *n)
{
    int32_t last = load_week_of(rt->to), first = last - (int32_t)rt->set->occupancy_weeks + 1;
    char pct[512], mon[11], sun[11], fact[768];
    int high = high_weeks(rt, a, first, last, pct, sizeof pct);
    if (high < 0) {
        rt->occ_unknown++;
        return 0;
    }
    rt->occ_judged++;
    if (high == 0)
        return 0;
    rt->occ_high++;
    fmt_day(mon, load_monday(first));
    fmt_day(sun, load_monday(last) + 6);
    snprintf(fact, sizeof fact, "occupancy over %g%% in each of the last %ld week%s (%s in the weeks %s to %s)",
             rt->set->high_occupancy * 100.0, rt->set->occupancy_weeks, rt->set->occupancy_weeks == 1 ? "" : "s", pct,
             mon, sun);
    ret_add_fact(b, n, fact);
    return 0;
}

/* The latest coaching day of the agent up to the window's end; INT32_MIN:
 * none.  Weeks are summed, so a coaching later in the last week than --to
 * hides an earlier one in that week. */
static int32_t last_coaching(const retention *rt, const agent_load *a)
{
    int32_t best = INT32_MIN;
    for (size_t i = 0; a && i < a->nweeks; i++)
        if (a->w[i].coaching && a->w[i].coached_on <= rt->to && a->w[i].coached_on > best)
            best = a->w[i].coached_on;
    return best;
}

static void coaching_fact(retention *rt, const agent_load *a, int32_t hired_on, strbuf *b, size_t *n)
{
    if (!rt->has_coaching_data) {
        rt->coach_unknown++;
        return;
    }
    rt->coach_judged++;
    int32_t since = load_monday(load_week_of(rt->to) - (int32_t)rt->set->coaching_weeks + 1);
    int32_t last = last_coaching(rt, a);
    char fact[256], from[11], hired[11], on[11];
    if (hired_on != INT32_MIN && hired_on > since) {
        if (last >= hired_on)
            return;
        rt->coach_none++;
        fmt_day(hired, hired_on);
        snprintf(fact, sizeof fact, "no coaching or one-to-one in %ld days' service (hired %s, under %ld weeks ago)",
                 (long)(rt->to - hired_on), hired, rt->set->coaching_weeks);
        ret_add_fact(b, n, fact);
        return;
    }
    if (last >= since)
        return;
    rt->coach_none++;
    fmt_day(from, since);
    if (last == INT32_MIN)
        snprintf(fact, sizeof fact, "no coaching or one-to-one in the last %ld week%s (from %s, none on record)",
                 rt->set->coaching_weeks, rt->set->coaching_weeks == 1 ? "" : "s", from);
    else {
        fmt_day(on, last);
        snprintf(fact, sizeof fact, "no coaching or one-to-one in the last %ld week%s (from %s, the last on %s)",
                 rt->set->coaching_weeks, rt->set->coaching_weeks == 1 ? "" : "s", from, on);
    }
    ret_add_fact(b, n, fact);
}

int ret_load_facts(retention *rt, const run_state *r, const char *agent, int32_t hired_on, strbuf *b, size_t *n)
{
    const agent_load *a = load_find(&r->load, agent);
    rt->has_coaching_data = r->load.coaching > 0;
    if (a)
        occupancy_fact(rt, a, b, n);
    else
        rt->occ_unknown++;
    coaching_fact(rt, a, hired_on, b, n);
    return b->oom ? -1 : 0;
}

void ret_risk_note(const retention *rt, char *buf, size_t len)
{
    snprintf(buf, len,
             "Occupancy = (talk + hold + ACW) / (that + available idle), per calendar week; over %g%% in each of "
             "the last %ld weeks (each with %g h staffed or more): judged for %zu current agents, not enough data "
             "for %zu. No coaching or one-to-one in the last %ld weeks: judged for %zu, not enough data for %zu%s.",
             rt->set->high_occupancy * 100.0, rt->set->occupancy_weeks, rt->set->occupancy_min_hours,
             rt->occ_judged, rt->occ_unknown, rt->set->coaching_weeks, rt->coach_judged, rt->coach_unknown,
             rt->has_coaching_data ? "" : " (the data has no coaching records)");
}
