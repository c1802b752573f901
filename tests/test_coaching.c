/* The coaching feedback plugin on a hand-made report: strengths first in order
 * of margin, at most max_focus focus areas that are the largest weighted gaps,
 * buddies who meet the target with margin and sample in the same team, careful
 * wording when most figures are below, figures with too little data never
 * shortfalls, team texts that name nobody; the organisation's overrides;
 * template errors reported as file:line when the policy loads; and the report
 * section "coaching" (tables of what was chosen) as the host keeps it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

#define FIX TEST_SRCDIR "/fixtures/coaching"

/* ------------------------------------------------------------ the report */

static ccs_metric_score M(const char *name, double value, double target, uint64_t n, int status, int has_prev,
                          double prev)
{
    ccs_metric_score m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.defined = 1;
    m.value = value;
    m.n = n;
    m.has_target = 1;
    m.target = target;
    m.status = status;
    m.has_previous = has_prev;
    m.previous = prev;
    m.weight = 2;
    m.direction = 1;
    m.type = CCS_METRIC_RATE;
    m.unit = "%";
    if (strcmp(name, "aht") == 0) {
        m.type = CCS_METRIC_MEAN;
        m.unit = "s";
        m.direction = -1;
    } else if (strcmp(name, "transfer_rate") == 0) {
        m.direction = -1;
        m.weight = 1;
    } else if (strcmp(name, "qa") == 0) {
        m.type = CCS_METRIC_MEAN;
        m.unit = "pts";
    } else if (strcmp(name, "service_level") == 0 || strcmp(name, "abandon_rate") == 0) {
        m.weight = 1;
        m.direction = strcmp(name, "abandon_rate") == 0 ? -1 : 1;
    }
    if (status == CCS_STATUS_NEAR || status == CCS_STATUS_BELOW) {
        m.gap = fabs(target - value) / fabs(target);
        m.weighted_gap = m.weight * m.gap;
    }
    return m;
}

enum { MEETS = CCS_STATUS_MEETS, NEAR = CCS_STATUS_NEAR, BELOW = CCS_STATUS_BELOW, INSUF = CCS_STATUS_INSUFFICIENT };

/* metrics per card: aht fcr csat transfer_rate qa handled */
static ccs_metric_score ann[6], bob[6], cara[6], eve[6], dan[6], fay[6], t1[7], t2[6], q1[2];
static size_t ann_sf[] = { 4 }, bob_sf[] = { 1, 0, 2 }, fay_sf[] = { 1, 0 }, t1_sf[] = { 4, 1, 5 };
static ccs_scorecard agents[6], teams[2], queues[1], org;
static ccs_finding finding = { "rest_break", CCS_SEV_ADVISORY, "scheduling", "r1", "A2", "15 min", "20 min",
                               "break shorter than 20 minutes" };
static ccs_report rep;

static ccs_metric_score handled(double v)
{
    ccs_metric_score m = M("handled", v, 0, (uint64_t)v, CCS_STATUS_NONE, 0, 0);
    m.has_target = 0;
    m.type = CCS_METRIC_INDEX;
    m.unit = "";
    return m;
}

static ccs_scorecard card(int entity, const char *id, const char *name, const char *team, ccs_metric_score *m,
                          size_t nm, const size_t *sf, size_t nsf)
{
    ccs_scorecard c;
    memset(&c, 0, sizeof c);
    c.entity = entity;
    c.id = id;
    c.name = name;
    c.team = team;
    c.nmetrics = nm;
    c.metrics = m;
    c.shortfalls = sf;
    c.nshortfalls = nsf;
    return c;
}

static void build_report(void)
{
    ann[0] = M("aht", 300, 400, 100, MEETS, 0, 0);          /* margin .25 */
    ann[1] = M("fcr", 0.85, 0.75, 100, MEETS, 1, 0.80);     /* .133, improved */
    ann[2] = M("csat", 0.90, 0.80, 60, MEETS, 0, 0);        /* .125 */
    ann[3] = M("transfer_rate", 0.08, 0.12, 100, MEETS, 0, 0); /* .333: the top strength */
    ann[4] = M("qa", 84, 85, 5, NEAR, 0, 0);
    ann[5] = handled(100);
    bob[0] = M("aht", 500, 400, 100, BELOW, 0, 0);          /* weighted gap .5 */
    bob[1] = M("fcr", 0.55, 0.75, 100, BELOW, 0, 0);        /* .533: the largest */
    bob[1].target_from_objective = 1;
    bob[2] = M("csat", 0.70, 0.80, 60, BELOW, 1, 0.60);     /* .25 */
    bob[3] = M("transfer_rate", 0.10, 0.12, 100, MEETS, 0, 0);
    bob[4] = M("qa", 50, 85, 1, INSUF, 0, 0);               /* too little data: never a shortfall */
    bob[5] = handled(100);
    for (int i = 0; i < 5; i++)
        cara[i] = M(bob[i].name, bob[i].value, bob[i].target, 4, INSUF, 0, 0);
    cara[5] = handled(4);
    eve[0] = M("aht", 390, 400, 100, MEETS, 0, 0);          /* margin .025: too thin for a buddy */
    eve[1] = M("fcr", 0.95, 0.75, 40, MEETS, 0, 0);         /* 40 < buddy_min_n */
    eve[2] = M("csat", 0.85, 0.80, 60, MEETS, 0, 0);
    eve[3] = M("transfer_rate", 0.11, 0.12, 100, MEETS, 0, 0);
    eve[4] = M("qa", 90, 85, 5, MEETS, 0, 0);
    eve[5] = handled(100);
    for (int i = 0; i < 5; i++)                              /* the best, but another team */
        dan[i] = M(bob[i].name, i == 0 ? 200 : i == 3 ? 0.01 : i == 4 ? 99 : 0.99, bob[i].target, 200, MEETS, 0, 0);
    dan[5] = handled(200);
    fay[0] = M("aht", 410, 400, 100, NEAR, 1, 450);         /* no strength, but an improvement */
    fay[1] = M("fcr", 0.70, 0.75, 100, BELOW, 0, 0);
    fay[2] = M("csat", 0.70, 0.80, 3, INSUF, 0, 0);
    fay[3] = M("transfer_rate", 0.10, 0.12, 3, INSUF, 0, 0);
    fay[4] = M("qa", 80, 85, 2, INSUF, 0, 0);
    fay[5] = handled(100);

    t1[0] = M("aht", 380, 400, 400, MEETS, 0, 0);
    t1[1] = M("fcr", 0.74, 0.75, 400, NEAR, 0, 0);
    t1[2] = M("csat", 0.81, 0.80, 240, MEETS, 0, 0);
    t1[3] = M("transfer_rate", 0.10, 0.12, 400, MEETS, 0, 0);
    t1[4] = M("qa", 80, 85, 20, BELOW, 0, 0);
    t1[5] = M("service_level", 0.70, 0.80, 400, BELOW, 0, 0);
    t1[6] = handled(404);
    for (int i = 0; i < 6; i++)
        t2[i] = dan[i];
    q1[0] = M("abandon_rate", 0.09, 0.06, 500, BELOW, 0, 0);
    q1[1] = M("service_level", 0.85, 0.80, 500, MEETS, 0, 0);

    agents[0] = card(CCS_ENTITY_AGENT, "A1", "Ann Strong", "t1", ann, 6, ann_sf, 1);
    agents[1] = card(CCS_ENTITY_AGENT, "A2", "Bob Struggle", "t1", bob, 6, bob_sf, 3);
    agents[2] = card(CCS_ENTITY_AGENT, "A3", "Cara Few", "t1", cara, 6, NULL, 0);
    agents[3] = card(CCS_ENTITY_AGENT, "A4", "Dan Other", "t2", dan, 6, NULL, 0);
    agents[4] = card(CCS_ENTITY_AGENT, "A5", "Eve Thin", "t1", eve, 6, NULL, 0);
    agents[5] = card(CCS_ENTITY_AGENT, "A6", "Fay Rising", "t1", fay, 6, fay_sf, 2);
    teams[0] = card(CCS_ENTITY_TEAM, "t1", NULL, "t1", t1, 7, t1_sf, 3);
    teams[1] = card(CCS_ENTITY_TEAM, "t2", NULL, "t2", t2, 6, NULL, 0);
    queues[0] = card(CCS_ENTITY_QUEUE, "q1", NULL, NULL, q1, 2, NULL, 0);
    org = card(CCS_ENTITY_ORG, "org", "Org", NULL, t2, 6, NULL, 0);

    memset(&rep, 0, sizeof rep);
    rep.size = sizeof rep;
    rep.organisation = "Test";
    rep.period = "2026-W47";
    rep.period_kind = "week";
    rep.period_start = "2026-11-16";
    rep.period_end = "2026-11-22";
    rep.previous_period = "2026-W46";
    rep.min_sample = 30;
    rep.nagents = 6;
    rep.agents = agents;
    rep.nteams = 2;
    rep.teams = teams;
    rep.nqueues = 1;
    rep.queues = queues;
    rep.organisation_card = &org;
    rep.nfindings = 1;
    rep.findings = &finding;
}

/* ------------------------------------------------------------ the plugin */

typedef struct loaded {
    ccs_host host;
    diag_list d;
    char path[64];
    ccs_config *cfg;
    int rc;
} loaded;

static void load(loaded *l, const char *section)
{
    snprintf(l->path, sizeof l->path, "/tmp/ccs_test_coaching_XXXXXX");
    int fd = mkstemp(l->path);
    assert_true(fd >= 0);
    char text[2048];
    int n = snprintf(text, sizeof text, "[organisation]\nmodules = coaching\n[feedback coaching]\n%s", section);
    assert_int_equal(write(fd, text, (size_t)n), n);
    close(fd);
    host_init(&l->host);
    diag_init(&l->d);
    l->host.modules.builtin_dir = TEST_BUILDDIR "/plugins";
    l->host.have_policy = 1;
    int rc = policy_load(&l->host.pol, l->path, &l->host.modules, &l->host, &host_api, &l->d);
    diag_print(&l->d, stderr);
    assert_int_equal(rc, 0);
    l->cfg = policy_instance(&l->host.pol, CCS_COMPONENT_FEEDBACK, "coaching");
    assert_non_null(l->cfg);
    l->host.diags = &l->d;
    l->rc = l->cfg->comp->comp.create(&l->host, l->cfg, &l->cfg->inst);
    l->host.diags = NULL;
    l->cfg->created = 1;
}

static void unload(loaded *l)
{
    diag_free(&l->d);
    host_free(&l->host);
    unlink(l->path);
}

static void render(loaded *l)
{
    assert_int_equal(l->rc, CCS_OK);
    build_report();
    const ccs_feedback_ops *ops = l->cfg->comp->comp.ops;
    assert_int_equal(ops->render(l->cfg->inst, &l->host, &rep), CCS_OK);
}

static const char *text_of(const loaded *l, int entity, const char *id)
{
    for (size_t i = 0; i < l->host.nfeedback; i++)
        if (l->host.feedback[i].entity == entity && strcmp(l->host.feedback[i].id, id) == 0)
            return l->host.feedback[i].text;
    fail_msg("no feedback for %s", id);
    return NULL;
}

/* The line of `text` that starts with `key` and a space, without them. */
static void line_of(const char *text, const char *key, char *out, size_t len)
{
    size_t k = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, k) == 0 && p[k] == ' ') {
            const char *e = strchr(p, '\n');
            snprintf(out, len, "%.*s", (int)(e ? e - p - (ptrdiff_t)k - 1 : (ptrdiff_t)strlen(p + k + 1)), p + k + 1);
            return;
        }
    }
    fail_msg("no line %s in:\n%s", key, text);
}

#define BASE "templates = " FIX "/base\n"

static void test_strengths_first(void **state)
{
    (void)state;
    loaded l;
    load(&l, BASE);
    render(&l);
    char s[512];
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A1"), "OPEN", s, sizeof s);
    assert_string_equal(s, "transfer_rate");
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A1"), "STRENGTHS", s, sizeof s);
    assert_string_equal(s, "transfer_rate aht fcr ");                 /* by margin; summary: 3 */
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A6"), "OPEN", s, sizeof s);
    assert_string_equal(s, "improvement:aht");                        /* nothing on target, aht improved */
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A3"), "OPEN", s, sizeof s);
    assert_string_equal(s, "neutral");
    unload(&l);
}

static void test_focus_and_buddies(void **state)
{
    (void)state;
    loaded l;
    load(&l, BASE "buddy_min_n = 50\n");
    render(&l);
    char s[512];
    const char *bob_text = text_of(&l, CCS_ENTITY_AGENT, "A2");
    /* The two largest weighted gaps; Ann is the teammate who meets both
     * targets with margin (Eve: too few for fcr, too thin a margin on aht;
     * Dan: another team). */
    line_of(bob_text, "FOCUS", s, sizeof s);
    assert_string_equal(s, "1:fcr:Ann Strong:ask-anything-else 2:aht:Ann Strong:talk-it-through ");
    line_of(bob_text, "CAREFUL", s, sizeof s);
    assert_string_equal(s, "yes");
    line_of(bob_text, "INSUFFICIENT", s, sizeof s);
    assert_string_equal(s, "qa ");
    /* FCR: 5 points of 100 contacts; the team's 400 move by a quarter of
     * Bob's 20-point gap: 74.0% -> 79.0%. */
    line_of(bob_text, "IMPACT", s, sizeof s);
    assert_string_equal(s, "5-fewer-repeats;team:74.0%->79.0%  "); /* aht: no impact template */
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A1"), "CAREFUL", s, sizeof s);
    assert_string_equal(s, "no");
    /* Nothing judged: no focus, every figure "not enough data". */
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A3"), "FOCUS", s, sizeof s);
    assert_string_equal(s, "");
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A3"), "INSUFFICIENT", s, sizeof s);
    assert_string_equal(s, "aht fcr csat transfer_rate qa ");
    unload(&l);
}

static void test_max_focus_one_and_buddy_sample(void **state)
{
    (void)state;
    loaded l;
    load(&l, BASE "max_focus = 1\nbuddy_min_n = 30\n");
    render(&l);
    char s[512];
    /* With 40 observations Eve qualifies for fcr, and her margin is larger. */
    line_of(text_of(&l, CCS_ENTITY_AGENT, "A2"), "FOCUS", s, sizeof s);
    assert_string_equal(s, "1:fcr:Eve Thin:ask-anything-else ");
    unload(&l);
}

static void test_team_names_nobody(void **state)
{
    (void)state;
    loaded l;
    load(&l, BASE);
    render(&l);
    const char *t = text_of(&l, CCS_ENTITY_TEAM, "t1");
    char s[512];
    line_of(t, "TEAM", s, sizeof s);
    assert_string_equal(s, "t1 ");
    line_of(t, "WINS", s, sizeof s);
    assert_string_equal(s, "transfer_rate aht csat ");
    /* qa then fcr; service level is pressure, not a focus area.  Counts of
     * members on target (judged ones only), not names. */
    line_of(t, "FOCUS", s, sizeof s);
    assert_string_equal(s, "qa:1/2 fcr:2/4 ");
    line_of(t, "PRESSURE", s, sizeof s);
    assert_string_equal(s, "service_level@our team's calls abandon_rate@the q1 queue ");
    for (size_t i = 0; i < rep.nagents; i++)
        assert_null(strstr(t, rep.agents[i].name));
    unload(&l);
}

static void test_overrides_and_formal(void **state)
{
    (void)state;
    loaded l;
    load(&l, BASE "overrides = " FIX "/org\nstyle = formal\n");
    render(&l);
    const char *bob_text = text_of(&l, CCS_ENTITY_AGENT, "A2");
    assert_string_equal(bob_text, "FORMAL Bob Struggle objective:fcr=75.0% finding:rest_break\n");
    assert_string_equal(l.host.feedback[0].style, "formal");
    unload(&l);
    load(&l, BASE "overrides = " FIX "/org\n");
    render(&l);
    assert_non_null(strstr(text_of(&l, CCS_ENTITY_AGENT, "A2"), ":org-own-fcr-action "));
    unload(&l);
}

static void test_template_errors_at_load(void **state)
{
    (void)state;
    loaded l;
    load(&l, "templates = " FIX "/broken\n");
    assert_int_equal(l.rc, CCS_ERR);
    assert_int_equal(l.d.n, 1);
    char buf[1024];
    diag_format(&l.d.items[0], buf, sizeof buf);
    assert_string_equal(buf, FIX "/broken/action_qa.mustache:2: error: section 'focus' is never closed");
    unload(&l);
    /* style = formal needs agent_formal.mustache, which this folder lacks. */
    load(&l, "templates = " FIX "/org\nstyle = formal\n");
    assert_int_equal(l.rc, CCS_ERR);
    assert_int_equal(l.d.n, 1);
    assert_non_null(strstr(l.d.items[0].message, "no template agent_formal.mustache"));
    unload(&l);
    load(&l, "templates = " FIX "/nowhere\n");
    assert_int_equal(l.rc, CCS_ERR);
    assert_non_null(strstr(l.d.items[0].message, "cannot open the template folder"));
    unload(&l);
}

/* ------------------------------------------------------------ the section */

static const ccs_table *table_of(const loaded *l, const char *name)
{
    const section_list *sl = &l->host.report_sections;
    for (size_t i = 0; i < sl->n; i++) {
        if (strcmp(sl->items[i].name, "coaching") != 0)
            continue;
        for (size_t t = 0; t < sl->items[i].ntables; t++)
            if (strcmp(sl->items[i].tables[t].name, name) == 0)
                return &sl->items[i].tables[t];
    }
    fail_msg("no table %s in the section coaching", name);
    return NULL;
}

static const ccs_cell *cell(const ccs_table *t, size_t row, const char *column)
{
    assert_true(row < t->nrows);
    for (size_t c = 0; c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, column) == 0)
            return &t->cells[row * t->ncolumns + c];
    fail_msg("no column %s in table %s", column, t->name);
    return NULL;
}

/* The row of table t whose column `key` is the text `id` (the first from row
 * `from`). */
static size_t row_of(const ccs_table *t, const char *key, const char *id, size_t from)
{
    for (size_t r = from; r < t->nrows; r++)
        if (cell(t, r, key)->present && strcmp(cell(t, r, key)->text, id) == 0)
            return r;
    fail_msg("no row %s = %s in table %s", key, id, t->name);
    return 0;
}

static void test_section_as_data(void **state)
{
    (void)state;
    loaded l;
    load(&l, BASE "buddy_min_n = 50\n");
    render(&l);
    assert_int_equal(l.host.report_sections.n, 1);
    const ccs_table *set = table_of(&l, "settings");
    assert_int_equal(set->nrows, 1);
    assert_true(set->flags & CCS_TABLE_FACTS);
    assert_int_equal((int)cell(set, 0, "max_focus")->number, 2);
    assert_string_equal(cell(set, 0, "style")->text, "informal");

    const ccs_table *ag = table_of(&l, "agents");
    assert_int_equal(ag->nrows, rep.nagents);
    size_t a1 = row_of(ag, "id", "A1", 0), a2 = row_of(ag, "id", "A2", 0);
    assert_string_equal(cell(ag, a1, "opening")->text, "strength");
    assert_string_equal(cell(ag, a1, "strengths")->text, "transfer_rate, aht, fcr");  /* by margin; summary: 3 */
    assert_int_equal((int)cell(ag, a1, "careful")->number, 0);
    assert_int_equal((int)cell(ag, a2, "careful")->number, 1);
    assert_string_equal(cell(ag, row_of(ag, "id", "A6", 0), "opening")->text, "improvement");
    size_t a3 = row_of(ag, "id", "A3", 0);
    assert_string_equal(cell(ag, a3, "opening")->text, "neutral");
    assert_string_equal(cell(ag, a3, "strengths")->text, "");

    /* Bob's two focus areas, in rank order, each with Ann as the buddy. */
    const ccs_table *fo = table_of(&l, "focus");
    size_t f1 = row_of(fo, "agent", "A2", 0), f2 = row_of(fo, "agent", "A2", f1 + 1);
    assert_int_equal((int)cell(fo, f1, "rank")->number, 1);
    assert_string_equal(cell(fo, f1, "metric")->text, "fcr");
    assert_string_equal(cell(fo, f1, "label")->text, "first-contact resolution");
    assert_string_equal(cell(fo, f1, "buddy")->text, "A1");
    assert_int_equal((int)cell(fo, f2, "rank")->number, 2);
    assert_string_equal(cell(fo, f2, "metric")->text, "aht");
    assert_string_equal(cell(fo, f2, "buddy")->text, "A1");
    for (size_t r = 0; r < fo->nrows; r++) /* Cara: nothing judged, no focus */
        assert_string_not_equal(cell(fo, r, "agent")->text, "A3");

    /* Labels once per figure, not per agent. */
    const ccs_table *lb = table_of(&l, "labels");
    assert_string_equal(cell(lb, row_of(lb, "metric", "aht", 0), "label")->text, "average handle time");
    for (size_t i = 0; i < lb->nrows; i++)
        for (size_t j = i + 1; j < lb->nrows; j++)
            assert_string_not_equal(cell(lb, i, "metric")->text, cell(lb, j, "metric")->text);
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strengths_first),
        cmocka_unit_test(test_focus_and_buddies),
        cmocka_unit_test(test_max_focus_one_and_buddy_sample),
        cmocka_unit_test(test_team_names_nobody),
        cmocka_unit_test(test_overrides_and_formal),
        cmocka_unit_test(test_template_errors_at_load),
        cmocka_unit_test(test_section_as_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
