/* qa: comments (comments.csv, ABI 1.4) of the period counted per team and
 * route, and per topic for each team and agent: complaints, compliments,
 * others.  Only
 * the topic labels and counts reach the report, never a comment's text.
 * The per-agent table is data for JSON and CSV (CCS_TABLE_DETAIL). */
#include <stdlib.h>
#include <string.h>

#include "qa.h"
#include "table.h"

static const ccs_column team_cols[] = {
    { "team", "Team", CCS_VAL_ID, NULL, 0 },
    { "topic", "Topic", CCS_VAL_ID, NULL, 0 },
    { "complaints", "Complaints", CCS_VAL_COUNT, NULL, 0 },
    { "compliments", "Compliments", CCS_VAL_COUNT, NULL, 0 },
    { "other", "Other comments", CCS_VAL_COUNT, NULL, 0 },
};
static const ccs_column agent_cols[] = {
    { "agent", "Agent", CCS_VAL_ID, NULL, 0 },
    { "topic", "Topic", CCS_VAL_ID, NULL, 0 },
    { "complaints", "Complaints", CCS_VAL_COUNT, NULL, 0 },
    { "compliments", "Compliments", CCS_VAL_COUNT, NULL, 0 },
    { "other", "Other comments", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column route_cols[] = {
    { "team", "Team", CCS_VAL_ID, NULL, 0 },
    { "complaints", "Complaints", CCS_VAL_COUNT, NULL, 0 },
    { "compliments", "Compliments", CCS_VAL_COUNT, NULL, 0 },
    { "peer", "Peer", CCS_VAL_COUNT, NULL, 0 },
    { "self", "Self-assessments", CCS_VAL_COUNT, NULL, 0 },
    { "mystery_shopper", "Mystery shoppers", CCS_VAL_COUNT, NULL, 0 },
    { "customer", "Other customer", CCS_VAL_COUNT, NULL, 0 },
};

/* Comments per team and route (routes 1..6 of enum ccs_comment_route). */
typedef struct routes {
    uint64_t k[6];
} routes;

typedef struct tally {
    uint64_t k[3];             /* complaints, compliments, other */
} tally;

static int slot(int route)
{
    return route == CCS_ROUTE_COMPLAINT ? 0 : route == CCS_ROUTE_COMPLIMENT ? 1 : 2;
}

static const char *topic_name(const qa_inst *q, size_t t)
{
    return t < q->topics.n ? strtab_get(&q->topics, (int32_t)t) : "(no topic)";
}

/* Rows of nonzero tallies: owner names x topics. */
static void fill(const qa_inst *q, table_builder *b, const tally *t, const strtab *owners, size_t ntopics)
{
    for (size_t o = 0; o < owners->n; o++)
        for (size_t k = 0; k < ntopics; k++) {
            const tally *x = &t[o * ntopics + k];
            if (!x->k[0] && !x->k[1] && !x->k[2])
                continue;
            tb_text(b, strtab_get(owners, (int32_t)o));
            tb_text(b, topic_name(q, k));
            for (int r = 0; r < 3; r++)
                tb_num(b, (double)x->k[r]);
        }
}

static int add(const qa_inst *q, ccs_host *host, const tally *team, const tally *agent, const routes *per_team,
               const strtab *teams, size_t ntopics)
{
    table_builder tb[3];
    tb_init(&tb[0], "routes", "Comments per team", route_cols, 7);
    tb_init(&tb[1], "teams", "Comment topics per team", team_cols, 5);
    tb_init(&tb[2], "agents", "Comment topics per agent", agent_cols, 5);
    tb[2].t.flags = CCS_TABLE_DETAIL;
    for (size_t t = 0; t < teams->n; t++) {
        tb_text(&tb[0], strtab_get(teams, (int32_t)t));
        for (int r = 0; r < 6; r++)
            tb_num(&tb[0], (double)per_team[t].k[r]);
    }
    fill(q, &tb[1], team, teams, ntopics);
    fill(q, &tb[2], agent, &q->agents, ntopics);
    int rc = CCS_ERR;
    if (!tb[0].oom && !tb[1].oom && !tb[2].oom) {
        const char *notes[1] = { "Comments of the period by route and topic (comments.csv); their text is never read" };
        ccs_table t[3] = { *tb_table(&tb[0]), *tb_table(&tb[1]), *tb_table(&tb[2]) };
        ccs_report_section sec = { sizeof sec, "comments", "Comments: complaints, compliments and other routes", 1,
                                   notes, 3, t, 0, NULL };
        rc = qa_api->add_report_section(host, &sec);
    }
    for (int i = 0; i < 3; i++)
        tb_free(&tb[i]);
    return rc;
}

int qa_topics(const qa_inst *q, ccs_host *host, const ccs_report *rep, const qa_result *res)
{
    if (!q->ncm || !CCS_HAS_FIELD(qa_api, ccs_host_api, add_report_section))
        return CCS_OK;
    strtab teams;
    strtab_init(&teams);
    int32_t *team_of = malloc((q->agents.n ? q->agents.n : 1) * sizeof *team_of);
    for (size_t a = 0; team_of && a < q->agents.n; a++)
        team_of[a] = -1;
    for (size_t a = 0; team_of && a < rep->nagents; a++) {
        const ccs_scorecard *c = &rep->agents[a];
        int32_t i = strtab_find(&q->agents, c->id, strlen(c->id));
        if (i >= 0 && c->team)
            team_of[i] = strtab_intern_str(&teams, c->team);
    }
    size_t ntopics = q->topics.n + 1, nteams = teams.n ? teams.n : 1;
    tally *team = calloc(nteams * ntopics, sizeof *team);
    tally *agent = calloc((q->agents.n ? q->agents.n : 1) * ntopics, sizeof *agent);
    routes *per_team = calloc(nteams, sizeof *per_team);
    int rc = CCS_ERR;
    if (team_of && team && agent && per_team) {
        for (size_t i = 0; i < q->ncm; i++) {
            const qa_comment *m = &q->cm[i];
            if (!qa_in_period(res, m->day))
                continue;
            size_t k = m->topic >= 0 ? (size_t)m->topic : q->topics.n;
            agent[(size_t)m->agent * ntopics + k].k[slot(m->route)]++;
            if (team_of[m->agent] < 0)
                continue;
            team[(size_t)team_of[m->agent] * ntopics + k].k[slot(m->route)]++;
            if (m->route >= CCS_ROUTE_COMPLAINT && m->route <= CCS_ROUTE_CUSTOMER)
                per_team[team_of[m->agent]].k[m->route - CCS_ROUTE_COMPLAINT]++;
        }
        rc = add(q, host, team, agent, per_team, &teams, ntopics);
    }
    free(per_team);
    free(team_of);
    free(team);
    free(agent);
    strtab_free(&teams);
    return rc;
}
