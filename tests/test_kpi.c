/* kpi_core against hand-worked values: DOMAIN.md's service-level example in
 * all five variants, abandon rate with short abandons, AHT and friends, FCR,
 * transfer rate, CSAT top-2-box, NPS, QA with auto-fail; and merging partial
 * accumulators gives the same figures as one pass. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

#include "host.h"

static ccs_host host;
static diag_list d;
static char policy_path[] = "/tmp/ccs_test_kpi_XXXXXX";

static const char policy_text[] =
    "[organisation]\n"
    "modules = kpi_core\n"
    "[metric sl_offered]\nuse = service_level\nvariant = offered\n"
    "[metric sl_answered]\nuse = service_level\nvariant = answered\n"
    "[metric sl_abandons_in]\nuse = service_level\nvariant = abandons_in\n"
    "[metric sl_abandons_after]\nuse = service_level\nvariant = abandons_after\n"
    "[metric sl_short]\nuse = service_level\nvariant = short_excluded\nshort_abandon_s = 5\n"
    "[metric abandon_all]\nuse = abandon_rate\n"
    "[metric abandon_short]\nuse = abandon_rate\nshort_abandon_s = 5\n"
    "[metric aht]\n[metric talk]\n[metric hold]\n[metric acw]\n[metric asa]\n[metric handled]\n"
    "[metric fcr]\n[metric transfer_rate]\n[metric csat]\n[metric nps]\n[metric qa]\n";

static int setup(void **state)
{
    (void)state;
    int fd = mkstemp(policy_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, policy_text, sizeof policy_text - 1), (ssize_t)(sizeof policy_text - 1));
    close(fd);
    host_init(&host);
    diag_init(&d);
    host.modules.builtin_dir = TEST_BUILDDIR "/plugins";
    host.have_policy = 1;
    int rc = policy_load(&host.pol, policy_path, &host.modules, &host, &host_api, &d);
    diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < host.pol.ninstances; i++) {
        ccs_config *c = host.pol.instances[i];
        if (c->comp->comp.create)
            assert_int_equal(c->comp->comp.create(&host, c, &c->inst), CCS_OK);
        c->created = 1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    diag_free(&d);
    host_free(&host);
    unlink(policy_path);
    return 0;
}

typedef struct metric_run {
    const ccs_config *cfg;
    const ccs_metric_ops *ops;
    unsigned char *acc;
} metric_run;

static metric_run start(const char *name)
{
    metric_run m;
    m.cfg = policy_instance(&host.pol, CCS_COMPONENT_METRIC, name);
    assert_non_null(m.cfg);
    m.ops = m.cfg->comp->comp.ops;
    m.acc = calloc(1, m.ops->acc_size);
    return m;
}

static ccs_result finish(metric_run *m)
{
    ccs_result r;
    memset(&r, 0, sizeof r);
    m->ops->result(m->cfg->inst, m->acc, &r);
    free(m->acc);
    return r;
}

static ccs_contact contact(int outcome, double wait)
{
    ccs_contact c;
    memset(&c, 0, sizeof c);
    c.hdr.kind = CCS_REC_CONTACT;
    c.hdr.size = sizeof c;
    c.outcome = outcome;
    c.wait_s = wait;
    c.resolved = -1;
    c.nps = -1;
    return c;
}

/* DOMAIN.md: 1000 answered (860 within 20 s), 60 abandoned (20 within 20 s,
 * 10 of those within 5 s). */
static void feed_domain_example(metric_run *m)
{
    ccs_contact c;
    for (int i = 0; i < 1000; i++) {
        /* 20 s exactly is within; 20.5 s is not. */
        c = contact(CCS_OUTCOME_ANSWERED, i < 430 ? 3 : i < 860 ? 20 : 20.5);
        m->ops->add(m->cfg->inst, m->acc, &c.hdr);
    }
    for (int i = 0; i < 60; i++) {
        c = contact(CCS_OUTCOME_ABANDONED, i < 10 ? 5 : i < 20 ? 19 : 45);
        m->ops->add(m->cfg->inst, m->acc, &c.hdr);
    }
}

static void check_rate(const char *metric, uint64_t k, uint64_t n, double pct)
{
    metric_run m = start(metric);
    feed_domain_example(&m);
    ccs_result r = finish(&m);
    assert_true(r.defined);
    assert_int_equal(r.successes, k);
    assert_int_equal(r.n, n);
    /* The percentages DOMAIN.md quotes, to its one decimal. */
    assert_true(r.value * 100 > pct - 0.05 && r.value * 100 < pct + 0.05);
    assert_true(r.value == (double)k / (double)n);
}

static void test_service_level_variants(void **state)
{
    (void)state;
    check_rate("sl_offered", 860, 1060, 81.1);
    check_rate("sl_answered", 860, 1000, 86.0);
    check_rate("sl_abandons_in", 880, 1060, 83.0);
    check_rate("sl_abandons_after", 860, 1040, 82.7);
    check_rate("sl_short", 860, 1050, 81.9);
}

static void test_abandon_rate(void **state)
{
    (void)state;
    check_rate("abandon_all", 60, 1060, 5.66);
    check_rate("abandon_short", 50, 1050, 4.76);
}

static void feed_contacts(metric_run *m, int from, int to)
{
    /* talk, hold, acw, wait, transferred, resolved, csat, nps per contact */
    static const double rows[][8] = {
        { 300, 30, 60, 10, 0, 1, 5, 10 },
        { 200, 0, 40, 25, 1, 0, 4, 9 },
        { 400, 60, 90, 5, 0, 1, 3, 7 },
        { 100, 0, 20, 0, 0, -1, 0, -1 },  /* no resolved flag, no survey */
        { 250, 10, 50, 40, 1, 1, 1, 0 },
    };
    for (int i = from; i < to; i++) {
        ccs_contact c = contact(CCS_OUTCOME_ANSWERED, rows[i][3]);
        c.talk_s = rows[i][0];
        c.hold_s = rows[i][1];
        c.acw_s = rows[i][2];
        c.transferred = (int)rows[i][4];
        c.resolved = (int)rows[i][5];
        c.csat = (int)rows[i][6];
        c.nps = (int)rows[i][7];
        m->ops->add(m->cfg->inst, m->acc, &c.hdr);
    }
    /* An abandoned contact counts in none of the per-contact figures. */
    ccs_contact ab = contact(CCS_OUTCOME_ABANDONED, 100);
    ab.csat = 5;
    ab.nps = 10;
    if (to == 5)
        m->ops->add(m->cfg->inst, m->acc, &ab.hdr);
}

static ccs_result whole(const char *metric)
{
    metric_run m = start(metric);
    feed_contacts(&m, 0, 5);
    return finish(&m);
}

static void test_contact_figures(void **state)
{
    (void)state;
    /* handle times: 390, 240, 550, 120, 310 -> 1610 / 5 */
    ccs_result r = whole("aht");
    assert_int_equal(r.n, 5);
    assert_true(r.value == 1610.0 / 5);
    assert_true(whole("talk").value == 1250.0 / 5);
    assert_true(whole("hold").value == 100.0 / 5);
    assert_true(whole("acw").value == 260.0 / 5);
    assert_true(whole("asa").value == 80.0 / 5);
    r = whole("handled");
    assert_true(r.value == 5 && r.n == 5);
    /* FCR: 4 contacts carry a flag, 3 resolved */
    r = whole("fcr");
    assert_int_equal(r.n, 4);
    assert_int_equal(r.successes, 3);
    r = whole("transfer_rate");
    assert_int_equal(r.n, 5);
    assert_int_equal(r.successes, 2);
    /* CSAT answers 5, 4, 3, 1: two in the top two boxes */
    r = whole("csat");
    assert_int_equal(r.n, 4);
    assert_int_equal(r.successes, 2);
    assert_true(r.value == 0.5);
    /* NPS answers 10, 9, 7, 0: 2 promoters, 1 detractor of 4 -> 25 */
    r = whole("nps");
    assert_int_equal(r.n, 4);
    assert_true(r.value == 25.0);
    /* per-answer scores 100, 100, 0, -100: mean 25, E[s^2] = 7500, variance 7500 - 625 = 6875 */
    assert_true(r.has_ci);
    double half = 1.959963984540054 * sqrt(6875.0 / 4);
    assert_true(fabs(r.ci_low - (25 - half)) < 1e-9 && fabs(r.ci_high - fmin(100, 25 + half)) < 1e-9);
}

static void test_merge_equals_one_pass(void **state)
{
    (void)state;
    const char *names[] = { "aht", "fcr", "csat", "nps", "transfer_rate", "asa", "handled" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        metric_run a = start(names[i]), b = start(names[i]);
        feed_contacts(&a, 0, 2);
        feed_contacts(&b, 2, 5);
        a.ops->merge(a.cfg->inst, a.acc, b.acc);
        free(b.acc);
        ccs_result merged = finish(&a), one = whole(names[i]);
        assert_true(merged.value == one.value);
        assert_int_equal(merged.n, one.n);
        assert_int_equal(merged.successes, one.successes);
    }
}

static void test_qa(void **state)
{
    (void)state;
    metric_run m = start("qa");
    ccs_evaluation e;
    memset(&e, 0, sizeof e);
    e.hdr.kind = CCS_REC_EVALUATION;
    /* 90/100 -> 90; 40/50 -> 80; 45/50 with auto-fail -> 0 */
    double scores[][3] = { { 90, 100, 0 }, { 40, 50, 0 }, { 45, 50, 1 } };
    for (int i = 0; i < 3; i++) {
        e.score = scores[i][0];
        e.max_score = scores[i][1];
        e.auto_fail = (int)scores[i][2];
        m.ops->add(m.cfg->inst, m.acc, &e.hdr);
    }
    ccs_result r = finish(&m);
    assert_int_equal(r.n, 3);
    assert_true(r.value == 170.0 / 3);
}

static void test_empty_is_undefined(void **state)
{
    (void)state;
    const char *names[] = { "aht", "fcr", "csat", "nps", "sl_offered", "qa" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        metric_run m = start(names[i]);
        ccs_result r = finish(&m);
        assert_false(r.defined);
        assert_int_equal(r.n, 0);
    }
    /* handled is a count: zero is a real value */
    metric_run m = start("handled");
    ccs_result r = finish(&m);
    assert_true(r.defined && r.value == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_level_variants),
        cmocka_unit_test(test_abandon_rate),
        cmocka_unit_test(test_contact_figures),
        cmocka_unit_test(test_merge_equals_one_pass),
        cmocka_unit_test(test_qa),
        cmocka_unit_test(test_empty_is_undefined),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
