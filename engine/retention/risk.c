/* Retention: agents at risk, each factor a plain fact with its figure (no
 * score), and advice to management from the policy's advice templates.
 * Only current agents (employed at the end of the window) are ever listed:
 * a leaver never is. */
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "mustache.h"
#include "retention.h"
#include "strbuf.h"
#include "vec.h"

/* The agent's latest spell, or NULL when it has no roster row. */
static const roster_row *latest_spell(const run_state *r, int32_t agent)
{
    const roster_row *best = NULL;
    for (size_t i = 0; i < r->nroster; i++) {
        const roster_row *w = &r->roster[i];
        if (w->agent == agent && (!best || w->hired_on > best->hired_on))
            best = w;
    }
    return best;
}

/* Working-time breaches (hs.*, breach or worse) attributed to the agent. */
static void breaches(strbuf *b, size_t *n, const ccs_report *rep, const char *agent)
{
    size_t count = 0;
    for (size_t i = 0; rep && i < rep->nfindings; i++) {
        const ccs_finding *f = &rep->findings[i];
        count += f->agent_id && strcmp(f->agent_id, agent) == 0 && strncmp(f->rule, "hs.", 3) == 0 &&
                 f->severity >= CCS_SEV_BREACH;
    }
    char fact[128];
    snprintf(fact, sizeof fact, "%zu working-time breach%s in the run's findings", count, count == 1 ? "" : "es");
    if (count)
        ret_add_fact(b, n, fact);
}

static const ret_group *team_group(const retention *rt, const char *team)
{
    for (size_t i = 0; team && i < rt->nteams; i++)
        if (strcmp(rt->teams[i].name, team) == 0)
            return &rt->teams[i];
    return NULL;
}

/* The factors of one current agent into b; how many are personal. */
static size_t factors(retention *rt, const run_state *r, const ccs_report *rep, const roster_row *w,
                      strbuf *b, size_t *n)
{
    char fact[256], day[11];
    int32_t service = rt->to - w->hired_on;
    if (service < rt->set->early_days) {
        fmt_day(day, w->hired_on);
        snprintf(fact, sizeof fact, "%ld days' service (hired %s, under %ld)", (long)service, day,
                 rt->set->early_days);
        ret_add_fact(b, n, fact);
    }
    breaches(b, n, rep, strtab_get(&r->agents, w->agent));
    if ((size_t)w->agent < rt->ntrend_facts && rt->trend_facts[w->agent])
        ret_add_fact(b, n, rt->trend_facts[w->agent]);
    ret_load_facts(rt, r, strtab_get(&r->agents, w->agent), w->hired_on, b, n);
    size_t personal = *n;
    const ret_group *g = team_group(rt, w->team == NO_ID ? NULL : strtab_get(&r->teams, w->team));
    if (personal && g && g->enps.shown && g->enps.value < rt->set->low_enps) {
        snprintf(fact, sizeof fact, "team %s's eNPS is %.0f on %zu answers (below %g)", g->name, ret_whole(g->enps.value),
                 g->enps.n, rt->set->low_enps);
        ret_add_fact(b, n, fact);
    }
    return personal;
}

int ret_risks(retention *rt, const run_state *r, const ccs_report *rep)
{
    size_t cap = 0;
    for (uint32_t a = 0; a < r->agents.n; a++) {
        const roster_row *w = latest_spell(r, (int32_t)a);
        if (!w || w->hired_on == INT32_MIN || w->hired_on > rt->to ||
            (w->left_on != INT32_MIN && w->left_on <= rt->to))
            continue; /* not on the roster, not yet hired, or a leaver */
        strbuf b = { 0 };
        size_t n = 0;
        if (factors(rt, r, rep, w, &b, &n) == 0) {
            free(b.p);
            continue;
        }
        ret_risk *k = VEC_PUSH(rt->risks, rt->nrisks, cap);
        if (!k || b.oom) {
            free(b.p);
            return -1;
        }
        k->agent = strtab_get(&r->agents, (int32_t)a);
        k->team = w->team == NO_ID ? NULL : strtab_get(&r->teams, w->team);
        k->factors = b.p;
        k->nfactors = n;
    }
    return 0;
}
