/* equality against hand-made rosters and scorecards, through the test host
 * (testhost.h) and the check's review(): who counts as favourable, ties and
 * empty comparisons, agents missing from the roster, the score band's edge,
 * min_group, and which adjusted agents are reported.  Ratios by hand (4 of
 * 10 against 10 of 10 is 0.40); p-values from tests/fisher_reference.py's
 * exact sums: [[4,6],[10,0]] 0.0108359, [[0,10],[10,0]] 0.0000108,
 * [[5,5],[10,0]] 0.0325077. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "testhost.h"

const ccs_module *equality_LTX_ccs_module_entry(void);

static testhost *th;
static const ccs_component *component;
static void *inst;

#define MAXA 40
static ccs_scorecard cards[MAXA];
static ccs_metric_score metrics[MAXA][1];
static char ids[MAXA][8];
static size_t ncards;

static const ccs_check_ops *ops(void)
{
    return component->ops;
}

static void start(const char *keys)
{
    testhost_free(th);
    th = testhost_new("UTC");
    assert_int_equal(testhost_load(th, equality_LTX_ccs_module_entry()), CCS_OK);
    component = testhost_component(th, "equality");
    assert_non_null(component);
    const ccs_config *cfg = testhost_config(th, "equality", keys);
    if (!cfg)
        fail_msg("%s", testhost_errors(th));
    static const char *const cols[] = { "agent_id", "name", "team", "group_pattern", "adjusted", NULL };
    testhost_columns(th, CCS_REC_AGENT, cols);
    inst = NULL;
    assert_int_equal(component->create(th, cfg, &inst), CCS_OK);
    ncards = 0;
}

static void stop(void)
{
    component->destroy(inst);
    inst = NULL;
}

/* An agent: on the roster (group may be NULL: not on it at all), and on
 * the scorecards with one metric fcr of `status` and a score. */
static void agent(const char *group, int adjusted, int status, double score, int from_objective)
{
    size_t i = ncards++;
    snprintf(ids[i], sizeof ids[i], "A%03zu", i);
    if (group) {
        ccs_str f[5] = { { ids[i], strlen(ids[i]) }, { "n", 1 }, { "t", 1 }, { group, strlen(group) },
                         { adjusted ? "1" : "0", 1 } };
        ccs_agent a;
        memset(&a, 0, sizeof a);
        a.hdr = (ccs_record){ CCS_REC_AGENT, sizeof a, "agents.csv", i + 2, f, 5, CCS_REC_AGENT };
        a.agent_id = f[0];
        ops()->add(inst, th, &a.hdr);
    }
    metrics[i][0] = (ccs_metric_score){ .name = "fcr", .unit = "%", .type = CCS_METRIC_RATE, .defined = 1,
                                        .has_target = 1, .target = 0.75, .target_from_objective = from_objective,
                                        .status = status };
    cards[i] = (ccs_scorecard){ .entity = CCS_ENTITY_AGENT, .id = ids[i], .has_score = 1, .score = score,
                                .nmetrics = 1, .metrics = metrics[i] };
}

static void objective(const char *id, const char *metric)
{
    ccs_objective o;
    memset(&o, 0, sizeof o);
    o.hdr = (ccs_record){ CCS_REC_OBJECTIVE, sizeof o, "objectives.csv", 2, NULL, 0, CCS_REC_OBJECTIVE };
    o.agent_id = (ccs_str){ id, strlen(id) };
    o.metric = (ccs_str){ metric, strlen(metric) };
    ops()->add(inst, th, &o.hdr);
}

static void review(void)
{
    static ccs_scorecard org;
    org = (ccs_scorecard){ .entity = CCS_ENTITY_ORG, .id = "org", .nmetrics = 1, .metrics = metrics[0] };
    ccs_report rep;
    memset(&rep, 0, sizeof rep);
    rep.size = sizeof rep;
    rep.nagents = ncards;
    rep.agents = cards;
    rep.organisation_card = &org;
    assert_int_equal(ops()->review(inst, th, &rep), CCS_OK);
}

/* The rows of the section's table, as "group metric n fav ratio p flagged". */
static void rows(char *out, size_t len)
{
    const ccs_report_section *s = testhost_report_section(th, "equality");
    assert_non_null(s);
    const ccs_table *t = &s->tables[0];
    out[0] = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const ccs_cell *c = &t->cells[r * t->ncolumns];
        size_t at = strlen(out);
        snprintf(out + at, len - at, "%s %s %.0f %.0f %s%.2f %s%.6f %.0f\n", c[1].text, c[2].text, c[3].number,
                 c[4].number, c[6].present ? "" : "-", c[6].number, c[7].present ? "" : "-", c[7].number,
                 c[8].number);
    }
}

static void many(const char *group, int n, int nfav, int adjusted)
{
    for (int i = 0; i < n; i++)
        agent(group, adjusted, i < nfav ? CCS_STATUS_MEETS : CCS_STATUS_BELOW, i < nfav ? 80 : 50, 0);
}

static void flagged_with_hand_figures(void **state)
{
    (void)state;
    start("attributes = group_pattern\n");
    many("full_time", 10, 10, 0);
    many("part_time", 10, 4, 0);
    review();
    char got[1024];
    rows(got, sizeof got);
    assert_string_equal(got, "full_time fcr 10 10 1.00 -0.000000 0\n"
                             "part_time fcr 10 4 0.40 0.010836 1\n"
                             "full_time score 10 10 1.00 -0.000000 0\n"
                             "part_time score 10 4 0.40 0.010836 1\n");
    assert_int_equal(testhost_count(th, "eq.adverse_impact"), 2);
    const ccs_finding *f = testhost_first(th, "eq.adverse_impact");
    assert_string_equal(f->reference, "group_pattern=part_time:fcr");
    assert_null(f->agent_id);
    assert_string_equal(f->owner, "HR");
    assert_int_equal(f->severity, CCS_SEV_ADVISORY);
    stop();
}

static void left_out(void **state)
{
    (void)state;
    start("attributes = group_pattern\nmin_group = 10\n");
    many("day", 10, 10, 0);
    many("night", 9, 0, 0);                                  /* under min_group: never shown */
    agent("night", 0, CCS_STATUS_INSUFFICIENT, 50, 0);       /* not judged on fcr: not counted */
    agent(NULL, 0, CCS_STATUS_BELOW, 50, 0);                 /* not on the roster */
    review();
    char got[1024];
    rows(got, sizeof got);
    /* night has 10 scores, so the score band compares it; fcr has 9 judged */
    assert_string_equal(got, "day fcr 10 10 -0.00 -0.000000 0\n"
                             "day score 10 10 1.00 -0.000000 0\n"
                             "night score 10 0 0.00 0.000011 1\n");
    assert_int_equal(testhost_count(th, "eq.adverse_impact"), 1);
    assert_string_equal(testhost_first(th, "eq.adverse_impact")->reference, "group_pattern=night:score");
    stop();
}

static void ties_zero_and_band_edge(void **state)
{
    (void)state;
    start("attributes = group_pattern\nfavourable_score = 80\n");
    /* fcr: nobody meets it, so no ratio; score: 80 is favourable, 79.99 not */
    for (int i = 0; i < 10; i++)
        agent("a", 0, CCS_STATUS_NEAR, 80, 0);
    for (int i = 0; i < 10; i++)
        agent("b", 0, CCS_STATUS_BELOW, i < 5 ? 80 : 79.99, 0);
    review();
    char got[1024];
    rows(got, sizeof got);
    assert_string_equal(got, "a fcr 10 0 -0.00 -0.000000 0\n"
                             "b fcr 10 0 -0.00 -0.000000 0\n"
                             "a score 10 10 1.00 -0.000000 0\n"
                             "b score 10 5 0.50 0.032508 1\n");
    stop();
}

static void adjustments(void **state)
{
    (void)state;
    start("attributes = group_pattern\n");
    agent("x", 1, CCS_STATUS_MEETS, 90, 1);   /* A000: objective applied */
    agent("x", 1, CCS_STATUS_BELOW, 50, 0);   /* A001: objective on aht only: fcr not concerned */
    agent("x", 1, CCS_STATUS_BELOW, 50, 0);   /* A002: an fcr objective not applied */
    agent("x", 1, CCS_STATUS_INSUFFICIENT, 50, 0); /* A003: not judged */
    agent("x", 0, CCS_STATUS_BELOW, 50, 0);   /* A004: not adjusted */
    objective("A000", "fcr");
    objective("A001", "aht");
    objective("A002", "fcr");
    review();
    assert_int_equal(testhost_count(th, "eq.adjustment_not_applied"), 1);
    const ccs_finding *f = testhost_first(th, "eq.adjustment_not_applied");
    assert_string_equal(f->agent_id, "A002");
    assert_string_equal(f->reference, "fcr");
    assert_int_equal(f->severity, CCS_SEV_BREACH);
    assert_string_equal(f->measured, "standard target 75.0%");
    stop();
}

static void bad_attributes(void **state)
{
    (void)state;
    testhost_free(th);
    th = testhost_new("UTC");
    assert_int_equal(testhost_load(th, equality_LTX_ccs_module_entry()), CCS_OK);
    component = testhost_component(th, "equality");
    const ccs_config *cfg = testhost_config(th, "equality", "attributes = group_a Group_b\n");
    void *i = NULL;
    assert_int_equal(component->create(th, cfg, &i), CCS_ERR);
    assert_non_null(strstr(th->log, "attributes: 'Group_b' is not a roster column named group_[a-z0-9_]+"));
}

static int teardown(void **state)
{
    (void)state;
    testhost_free(th);
    th = NULL;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flagged_with_hand_figures),
        cmocka_unit_test(left_out),
        cmocka_unit_test(ties_zero_and_band_edge),
        cmocka_unit_test(adjustments),
        cmocka_unit_test(bad_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
