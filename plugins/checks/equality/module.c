/* equality: the keys, an instance from the policy, the component and the
 * module (see eq.h for the model).
 *
 * Why a check with a review() hook (ABI 1.3) and not a feedback component:
 * the audit needs both the roster's group columns, which only checks receive
 * (records through add()), and the scorecards, which only exist once the
 * report is built.  A feedback component sees the report but no record, so
 * it would have to re-read the roster itself; a pair of components sharing
 * module state would need two policy sections and would lose the policy's
 * per-rule severities (the host applies them to checks' findings).  review()
 * is called after the scorecards and before feedback, with the check named,
 * so its findings and section are a check's like any other. */
#include <stdlib.h>
#include <string.h>

#include "eq.h"

const ccs_host_api *eq_api;

#define NOLIMIT 0, 0
static const ccs_key eq_keys[] = {
    { "attributes", CCS_KEY_STRING, "group_pattern group_shift group_site",
      "the roster's group_* columns to audit (space-separated; only these are read; absent ones are skipped)", NULL,
      NOLIMIT },
    { "ratio", CCS_KEY_NUMBER, "0.8", "flag a group whose favourable rate is under this share of the highest group's",
      NULL, 0, 1 },
    { "alpha", CCS_KEY_NUMBER, "0.05", "... when the difference is significant at this level (two-sided Fisher exact)",
      NULL, 0, 1 },
    { "min_group", CCS_KEY_INT, "10", "groups with fewer judged agents are never shown and never compared", NULL, 2,
      1000000 },
    { "favourable_score", CCS_KEY_NUMBER, "75", "the score band: a score at least this is favourable", NULL, 0, 100 },
    { "owner", CCS_KEY_STRING, "HR", "who acts on these findings (never the agent's manager alone)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void eq_destroy(void *inst)
{
    eq_inst *e = inst;
    if (!e)
        return;
    for (size_t i = 0; i < e->nattrs; i++)
        free(e->attr[i]);
    free(e->agents);
    strtab_free(&e->ids);
    strtab_free(&e->values);
    strtab_free(&e->objectives);
    strtab_free(&e->objective_agents);
    free(e->p.owner);
    free(e);
}

static int attr_ok(const char *s, size_t len)
{
    if (len <= 6 || len > 64 || strncmp(s, "group_", 6) != 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static int parse_attributes(eq_inst *e, ccs_host *host, const char *list)
{
    const char *p = list;
    while (*p) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, " ,");
        if (!len)
            break;
        if (!attr_ok(p, len)) {
            eq_api->error_at(host, NULL, 0, "attributes: '%.*s' is not a roster column named group_[a-z0-9_]+; "
                             "name only the group_* columns to audit", (int)len, p);
            return CCS_ERR;
        }
        if (e->nattrs == EQ_MAX_ATTRS) {
            eq_api->error_at(host, NULL, 0, "attributes: at most %d group columns", EQ_MAX_ATTRS);
            return CCS_ERR;
        }
        if (!(e->attr[e->nattrs] = strndup(p, len)))
            return CCS_ERR;
        e->col[e->nattrs++] = -1;
        p += len;
    }
    return CCS_OK;
}

static int eq_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    eq_inst *e = calloc(1, sizeof *e);
    if (!e)
        return CCS_ERR;
    strtab_init(&e->ids);
    strtab_init(&e->values);
    strtab_init(&e->objectives);
    strtab_init(&e->objective_agents);
    e->adjusted_col = -1;
    e->p.ratio = eq_api->config_number(cfg, "ratio");
    e->p.alpha = eq_api->config_number(cfg, "alpha");
    e->p.min_group = (uint64_t)eq_api->config_int(cfg, "min_group");
    e->p.favourable_score = eq_api->config_number(cfg, "favourable_score");
    e->p.owner = strdup(eq_api->config_string(cfg, "owner"));
    if (!e->p.owner || parse_attributes(e, host, eq_api->config_string(cfg, "attributes")) != CCS_OK) {
        eq_destroy(e);
        return CCS_ERR;
    }
    *inst = e;
    return CCS_OK;
}

static int eq_review(void *inst, ccs_host *host, const ccs_report *rep)
{
    eq_inst *e = inst;
    eq_audit a = { 0 };
    int rc = eq_compare(e, host, rep, &a);
    if (rc == CCS_OK)
        rc = eq_adjustments(e, host, rep, &a);
    if (rc == CCS_OK)
        rc = eq_section(e, host, &a);
    else
        eq_api->log(host, CCS_LOG_ERROR, "out of memory for the audit");
    free(a.rows);
    return rc;
}

static const ccs_check_ops eq_ops = { .size = sizeof(ccs_check_ops), .records = CCS_REC_AGENT | CCS_REC_OBJECTIVE,
                                      .add = eq_add, .review = eq_review };

static const ccs_component eq_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "equality",
    "equality audit of the scorecards (four-fifths rule, CC27 3.3); owner HR, never an individual named. Rules:\n"
    "        eq.adverse_impact          advisory: a group's favourable rate on a metric (meets its target) or the\n"
    "                                   score band (score >= favourable_score) is under `ratio` of the highest\n"
    "                                   group's, and two-sided Fisher exact p < alpha; reference ATTRIBUTE=GROUP:METRIC\n"
    "        eq.adjustment_not_applied  breach: an agent flagged `adjusted` in the roster judged against the standard\n"
    "                                   target on a metric their personal objectives cover (or any, with none)\n"
    "      Groups come from the roster columns named in `attributes` (group_*); groups with fewer than min_group\n"
    "      judged agents are never shown and never compared",
    eq_keys, eq_create, eq_destroy, &eq_ops,
};

static int eq_init(ccs_host *host, const ccs_host_api *host_api)
{
    eq_api = host_api;
    /* review() is read from ABI 1.3 on: an older host would never call it */
    if (host_api->abi_major == 1 && host_api->abi_minor < 3) {
        host_api->log(host, CCS_LOG_ERROR, "needs a host with plugin ABI 1.3 or later");
        return CCS_ERR;
    }
    return eq_api->register_component(host, &eq_component);
}

CCS_MODULE(equality, "1.0", "equality: impact ratios of the scorecards per group, reasonable adjustments", eq_init,
           NULL)
