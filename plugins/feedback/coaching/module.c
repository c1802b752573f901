/* coaching: motivational feedback for agents and teams, rendered from the
 * organisation's mustache templates.
 *
 * For each agent it builds a view model from the scorecard: strengths first
 * (figures meeting target, largest margin first, and improvements since the
 * previous period), then at most max_focus focus areas taken in the order of
 * the scorecard's shortfalls (largest weighted gap first), each with a next
 * action from the organisation's action library (action_<metric>.mustache),
 * a buddy (from the buddy plan, lib/buddy.h: the same as `ccscore buddies`)
 * and what closing the gap means for the team (impact_<metric>.mustache).
 * Figures with too little data are listed as such, never as shortfalls.  Team
 * feedback celebrates the team's results and names nobody.
 *
 * Templates live in the folder `templates`; a file of the same name in the
 * organisation's folder `overrides` replaces it.  Every template of both
 * folders is compiled when the policy loads, so a template error is a policy
 * error (file:line: error: ...) that `ccscore check-config` reports.
 *
 * The plugin also adds a report section "coaching" (tables, section.c): per
 * agent the opening, strengths, focus areas and buddies it chose, for audit
 * and tests.  coaching.h lists the plugin's files.
 */
#include <stdlib.h>
#include <string.h>

#include "coaching.h"

const ccs_host_api *coaching_api;

static int coaching_render(void *inst, ccs_host *host, const ccs_report *r)
{
    const coaching *c = inst;
    coaching_section sec;
    buddy_plan plan;
    if (co_buddy_plan(c, r, &plan) != 0)
        return CCS_ERR;
    co_section_init(&sec, c);
    int rc = CCS_OK;
    for (size_t i = 0; i < r->nagents && rc == CCS_OK; i++)
        rc = co_agent_feedback(c, host, r, &r->agents[i], &plan, &sec);
    buddy_plan_free(&plan);
    for (size_t i = 0; i < r->nteams && rc == CCS_OK; i++)
        rc = co_team_feedback(c, host, r, &r->teams[i]);
    if (rc == CCS_OK)
        rc = co_section_add(&sec, host);
    co_section_free(&sec);
    return rc;
}

static void coaching_destroy(void *inst)
{
    coaching *c = inst;
    if (!c)
        return;
    for (size_t i = 0; i < c->ntpls; i++) {
        mst_template_free(c->tpls[i].t);
        free(c->tpls[i].name);
    }
    free(c->tpls);
    free(c->dir);
    free(c->over);
    free(c);
}

static int coaching_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    const char *dir = coaching_api->config_string(cfg, "templates");
    if (!dir || !*dir) {
        coaching_api->log(host, CCS_LOG_ERROR, "needs 'templates = FOLDER' (e.g. ../templates/en)");
        return CCS_ERR;
    }
    coaching *c = calloc(1, sizeof *c);
    if (!c)
        return CCS_ERR;
    c->dir = strdup(dir);
    coaching_api->log(host, CCS_LOG_INFO, "templates from %s", dir);
    const char *over = coaching_api->config_has(cfg, "overrides") ? coaching_api->config_string(cfg, "overrides") : NULL;
    c->over = over && *over ? strdup(over) : NULL;
    c->formal = coaching_api->config_enum(cfg, "style") == 1;
    c->detailed = coaching_api->config_enum(cfg, "depth") == 1;
    c->max_focus = (int)coaching_api->config_int(cfg, "max_focus");
    c->buddy_margin = coaching_api->config_number(cfg, "buddy_margin");
    c->buddy_min_n = (uint64_t)coaching_api->config_int(cfg, "buddy_min_n");
    c->max_mentees = (int)coaching_api->config_int(cfg, "max_mentees");
    c->review_days = (int)coaching_api->config_int(cfg, "review_after_days");
    int errors = co_compile_all(host, c);
    const char *need[2] = { c->formal ? "agent_formal" : "agent_informal", c->formal ? "team_formal" : "team_informal" };
    for (int i = 0; i < 2; i++)
        if (!co_find_tpl(c, need[i]) && !errors) {
            co_report_error(host, c->dir, 0, "no template %s.mustache here%s%s: style = %s needs it", need[i],
                         c->over ? " or in " : "", c->over ? c->over : "", c->formal ? "formal" : "informal");
            errors++;
        }
    if (errors) {
        coaching_destroy(c);
        return CCS_ERR;
    }
    *inst = c;
    return CCS_OK;
}

#define NOLIMIT 0, 0
static const ccs_key coaching_keys[] = {
    { "templates", CCS_KEY_PATH, "@datadir/templates/en", "folder of the feedback templates (default: the "
      "installed English ones)", NULL, NOLIMIT },
    { "overrides", CCS_KEY_PATH, NULL, "the organisation's folder: its templates replace those of the same name",
      NULL, NOLIMIT },
    { "style", CCS_KEY_ENUM, "informal", "informal: a short weekly note; formal: a review with trends and objectives",
      "informal|formal", NOLIMIT },
    { "depth", CCS_KEY_ENUM, "summary", "how much data to pass on", "summary|detailed", NOLIMIT },
    { "max_focus", CCS_KEY_INT, "2", "most focus areas per person", NULL, 1, 3 },
    { "buddy_margin", CCS_KEY_PERCENT, "5%", "a buddy beats the target by at least this share of it", NULL, 0, 1 },
    { "buddy_min_n", CCS_KEY_INT, "0",
      "a buddy's figure rests on at least this many observations (0: the figure's own minimum sample)", NULL, 0, 1e9 },
    { "max_mentees", CCS_KEY_INT, "2", "most colleagues one buddy takes on (the buddy plan, `ccscore buddies`)",
      NULL, 1, 100 },
    { "review_after_days", CCS_KEY_INT, "28", "the buddy plan's review, this many days after the period", NULL, 1, 366 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_feedback_ops coaching_ops = { sizeof(ccs_feedback_ops), coaching_render };

static const ccs_component coaching_component = {
    sizeof(ccs_component), CCS_COMPONENT_FEEDBACK, "coaching",
    "motivational feedback per agent and team from the organisation's templates",
    coaching_keys, coaching_create, coaching_destroy, &coaching_ops,
};

static int coaching_init(ccs_host *host, const ccs_host_api *host_api)
{
    coaching_api = host_api;
    return coaching_api->register_component(host, &coaching_component);
}

CCS_MODULE(coaching, "1.0", "coaching feedback from mustache templates", coaching_init, NULL)
