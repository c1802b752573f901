/* Tests for engine/score.c: Wilson intervals, judging one figure against its
 * target, the weighted 0-100 score and the order of shortfalls. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "score.h"
#include "stats.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

/* ------------------------------------------------------------ Wilson */

/* Expected bounds computed outside this code base, with Python's decimal
 * module at 50 digits, from the bounds as roots of the quadratic
 *   (n + z^2) p^2 - (2k + z^2) p + k^2 / n = 0,
 * i.e. p = ((2k + z^2) -/+ z sqrt(z^2 + 4k(n - k)/n)) / (2(n + z^2)),
 * with z = 1.959963984540054 (a different form from the centre +- half
 * width used by score.c). */
static const struct {
    uint64_t k, n;
    double lo, hi;
} wilson_cases[] = {
    { 81, 100, 0.72221154620935624, 0.8748524849023126 },
    { 0, 10, 0.0, 0.2775327998628892 },
    { 10, 10, 0.72246720013711074, 1.0 },
    { 1, 1, 0.20654931437723742, 1.0 },
    { 0, 1, 0.0, 0.79345068562276255 },
    { 5, 20, 0.11186170140766567, 0.46870087761874402 },
    { 430, 500, 0.82683313505554601, 0.88767733981213648 },
    { 1, 3, 0.061491944720396242, 0.79234039919795229 },
};

static void test_wilson_known_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof wilson_cases / sizeof *wilson_cases; i++) {
        double lo = -1, hi = -1;
        stats_wilson(wilson_cases[i].k, wilson_cases[i].n, &lo, &hi);
        assert_close(lo, wilson_cases[i].lo, 1e-12);
        assert_close(hi, wilson_cases[i].hi, 1e-12);
    }
}

static void test_wilson_bounds_and_symmetry(void **state)
{
    (void)state;
    double lo, hi, lo2, hi2;
    /* k = 0 and k = n pin an end exactly at 0 and 1. */
    stats_wilson(0, 10, &lo, &hi);
    assert_true(lo == 0.0);
    stats_wilson(10, 10, &lo, &hi);
    assert_true(hi <= 1.0);
    /* Symmetry: the interval for k failures mirrors that for k successes. */
    for (uint64_t n = 1; n <= 60; n++) {
        for (uint64_t k = 0; k <= n; k++) {
            stats_wilson(k, n, &lo, &hi);
            stats_wilson(n - k, n, &lo2, &hi2);
            assert_true(lo >= 0.0 && hi <= 1.0 && lo <= hi);
            double p = (double)k / (double)n;
            assert_true(lo <= p + 1e-15 && p <= hi + 1e-15);
            assert_close(lo, 1.0 - hi2, 1e-12);
            assert_close(hi, 1.0 - lo2, 1e-12);
        }
    }
    /* No trials: know nothing. */
    stats_wilson(0, 0, &lo, &hi);
    assert_true(lo == 0.0 && hi == 1.0);
    /* More trials at the same rate: a narrower interval. */
    stats_wilson(8, 10, &lo, &hi);
    stats_wilson(800, 1000, &lo2, &hi2);
    assert_true(hi2 - lo2 < hi - lo);
}

/* ------------------------------------------------------------ judging */

static ccs_metric_score figure(double value, uint64_t n, double target, int direction)
{
    ccs_metric_score m;
    memset(&m, 0, sizeof m);
    m.name = "x";
    m.defined = 1;
    m.value = value;
    m.n = n;
    m.has_target = 1;
    m.target = target;
    m.direction = direction;
    m.weight = 2.0;
    /* Junk that judging must overwrite. */
    m.status = -7;
    m.gap = 99.0;
    m.weighted_gap = 99.0;
    return m;
}

static void test_judge_higher_is_better(void **state)
{
    (void)state;
    /* Target 80, near 10%: 80 and above meets, 72..80 near, under 72 below.
     * All values are exact in binary so gaps are exact. */
    ccs_metric_score m = figure(80.0, 100, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);
    assert_true(m.gap == 0.0 && m.weighted_gap == 0.0);

    m = figure(95.0, 100, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);
    assert_true(m.gap == 0.0);

    /* 76: gap 4/80 = 0.05, weighted 2 * 0.05. */
    m = figure(76.0, 100, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);
    assert_close(m.gap, 0.05, 1e-15);
    assert_close(m.weighted_gap, 0.1, 1e-15);

    /* 72: gap 8/80 = 0.1 == near: still near. */
    m = figure(72.0, 100, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);
    assert_close(m.gap, 0.1, 1e-15);

    /* 71: gap 9/80 = 0.1125: below. */
    m = figure(71.0, 100, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);
    assert_close(m.gap, 0.1125, 1e-15);
    assert_close(m.weighted_gap, 0.225, 1e-15);
}

static void test_judge_lower_is_better(void **state)
{
    (void)state;
    /* AHT target 300 s, near 10%: up to 300 meets, to 330 near, over below. */
    ccs_metric_score m = figure(300.0, 50, 300.0, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);

    m = figure(240.0, 50, 300.0, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);
    assert_true(m.gap == 0.0);

    m = figure(315.0, 50, 300.0, -1); /* 15 / 300 = 0.05 */
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);
    assert_close(m.gap, 0.05, 1e-15);

    m = figure(330.0, 50, 300.0, -1); /* 30 / 300 = 0.1 == near */
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);

    m = figure(450.0, 50, 300.0, -1); /* 150 / 300 = 0.5 */
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);
    assert_close(m.gap, 0.5, 1e-15);
    assert_close(m.weighted_gap, 1.0, 1e-15);

    /* A value above the target is on the wrong side only for
     * lower-is-better: the same 450 meets when higher is better. */
    m = figure(450.0, 50, 300.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);
}

static void test_judge_decimal_boundaries(void **state)
{
    (void)state;
    /* Rates are fractions k / n and targets are parsed decimals.  72 of 100
     * against a target of 0.8 is exactly 10% short: with near = 10% that is
     * near, although 0.8 - 0.72 is 0.08000000000000007 in binary. */
    ccs_metric_score m = figure(72.0 / 100.0, 100, 0.8, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);
    assert_close(m.gap, 0.1, 1e-12);

    /* 76 of 100 against 0.8 with the default near of 5%. */
    m = figure(76.0 / 100.0, 100, 0.8, +1);
    judge_metric(&m, 5.0 / 100.0, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);

    /* Transfer rate (lower is better) 11 of 100 against 0.1, near 10%. */
    m = figure(11.0 / 100.0, 100, 0.1, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);

    /* A value equal to the target up to rounding meets: 0.1 + 0.2 against
     * a lower-is-better target of 0.3. */
    m = figure(0.1 + 0.2, 100, 0.3, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);
    assert_true(m.gap == 0.0);

    /* But a real shortfall just past the band is still below: 71.9 of 100. */
    m = figure(0.719, 1000, 0.8, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);
}

static void test_judge_insufficient(void **state)
{
    (void)state;
    /* n below the minimum sample: not enough data, never below, however far
     * off the value is; and no gap is charged. */
    ccs_metric_score m = figure(0.0, 29, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_INSUFFICIENT);
    assert_true(m.gap == 0.0 && m.weighted_gap == 0.0);

    m = figure(10000.0, 1, 300.0, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_INSUFFICIENT);

    m = figure(0.0, 0, 80.0, +1);
    judge_metric(&m, 0.1, 1);
    assert_int_equal(m.status, CCS_STATUS_INSUFFICIENT);

    /* n exactly at the minimum is enough. */
    m = figure(0.0, 30, 80.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);

    /* Undefined value (e.g. no contacts): not enough data. */
    m = figure(0.0, 500, 80.0, +1);
    m.defined = 0;
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_INSUFFICIENT);
    assert_true(m.gap == 0.0 && m.weighted_gap == 0.0);
}

static void test_judge_no_target(void **state)
{
    (void)state;
    ccs_metric_score m = figure(10.0, 500, 80.0, +1);
    m.has_target = 0;
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NONE);
    assert_true(m.gap == 0.0 && m.weighted_gap == 0.0);

    /* No target wins over too small a sample or no value. */
    m = figure(10.0, 1, 80.0, +1);
    m.has_target = 0;
    m.defined = 0;
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NONE);
}

static void test_judge_zero_target(void **state)
{
    (void)state;
    /* Target 0 (e.g. no compliance breaches, lower is better): the gap is
     * the absolute excess, since there is no share of 0. */
    ccs_metric_score m = figure(0.0, 100, 0.0, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_MEETS);

    m = figure(0.0625, 100, 0.0, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_NEAR);
    assert_true(m.gap == 0.0625);
    assert_true(m.weighted_gap == 0.125);

    m = figure(0.5, 100, 0.0, -1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);
    assert_true(m.gap == 0.5);

    /* Higher is better with target 0: a negative value (NPS -25) is short
     * by 25 absolute. */
    m = figure(-25.0, 100, 0.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);
    assert_true(m.gap == 25.0);

    /* A negative target scales by its magnitude: NPS target -10, value -12,
     * short by 2 of 10 = 0.2. */
    m = figure(-12.0, 100, -10.0, +1);
    judge_metric(&m, 0.1, 30);
    assert_int_equal(m.status, CCS_STATUS_BELOW);
    assert_close(m.gap, 0.2, 1e-15);
}

/* ------------------------------------------------------------ score */

static ccs_metric_score judged(const char *name, int status, double gap, double weight)
{
    ccs_metric_score m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.defined = 1;
    m.has_target = 1;
    m.status = status;
    m.gap = gap;
    m.weight = weight;
    m.weighted_gap = weight * gap;
    return m;
}

static void test_weighted_score_worked_example(void **state)
{
    (void)state;
    /* Weights 2, 1, 1; gaps 0, 0.1, 0.5 -> points 100, 90, 50;
     * (2 * 100 + 1 * 90 + 1 * 50) / (2 + 1 + 1) = 340 / 4 = 85. */
    ccs_metric_score m[3] = {
        judged("a", CCS_STATUS_MEETS, 0.0, 2.0),
        judged("b", CCS_STATUS_NEAR, 0.1, 1.0),
        judged("c", CCS_STATUS_BELOW, 0.5, 1.0),
    };
    double s = -1.0;
    assert_int_equal(weighted_score(m, 3, &s), 0);
    assert_close(s, 85.0, 1e-12);
}

static void test_weighted_score_exclusions_and_clamp(void **state)
{
    (void)state;
    /* The example again, plus figures that must not count: not enough data
     * (even with a gap and a big weight), no target. */
    ccs_metric_score m[5] = {
        judged("a", CCS_STATUS_MEETS, 0.0, 2.0),
        judged("skip1", CCS_STATUS_INSUFFICIENT, 0.9, 10.0),
        judged("b", CCS_STATUS_NEAR, 0.1, 1.0),
        judged("skip2", CCS_STATUS_NONE, 0.0, 5.0),
        judged("c", CCS_STATUS_BELOW, 0.5, 1.0),
    };
    double s = -1.0;
    assert_int_equal(weighted_score(m, 5, &s), 0);
    assert_close(s, 85.0, 1e-12);

    /* A gap over 1 is worth 0 points, not negative: weights 1 and 1, gaps
     * 0 and 3 -> (100 + 0) / 2 = 50. */
    ccs_metric_score c[2] = {
        judged("a", CCS_STATUS_MEETS, 0.0, 1.0),
        judged("b", CCS_STATUS_BELOW, 3.0, 1.0),
    };
    assert_int_equal(weighted_score(c, 2, &s), 0);
    assert_close(s, 50.0, 1e-12);
    /* Gap exactly 1: 0 points as well. */
    c[1].gap = 1.0;
    assert_int_equal(weighted_score(c, 2, &s), 0);
    assert_close(s, 50.0, 1e-12);

    /* Everything meets: 100. */
    ccs_metric_score all[2] = {
        judged("a", CCS_STATUS_MEETS, 0.0, 1.0),
        judged("b", CCS_STATUS_MEETS, 0.0, 3.0),
    };
    assert_int_equal(weighted_score(all, 2, &s), 0);
    assert_close(s, 100.0, 1e-12);
}

static void test_weighted_score_nothing_judged(void **state)
{
    (void)state;
    ccs_metric_score m[2] = {
        judged("a", CCS_STATUS_INSUFFICIENT, 0.0, 1.0),
        judged("b", CCS_STATUS_NONE, 0.0, 1.0),
    };
    double s = 42.0;
    assert_int_equal(weighted_score(m, 2, &s), -1);
    assert_true(s == 42.0); /* untouched */
    assert_int_equal(weighted_score(m, 0, &s), -1);
    assert_true(s == 42.0);
}

/* ------------------------------------------------------------ shortfalls */

static void test_order_shortfalls(void **state)
{
    (void)state;
    ccs_metric_score m[7] = {
        judged("aht", CCS_STATUS_NEAR, 0.05, 1.0),   /* wg 0.05 */
        judged("fcr", CCS_STATUS_MEETS, 0.0, 3.0),   /* excluded */
        judged("csat", CCS_STATUS_BELOW, 0.2, 2.0),  /* wg 0.4 */
        judged("qa", CCS_STATUS_INSUFFICIENT, 0.9, 5.0), /* excluded */
        judged("sl", CCS_STATUS_BELOW, 0.4, 1.0),    /* wg 0.4, ties csat */
        judged("abandon", CCS_STATUS_BELOW, 0.5, 1.0), /* wg 0.5 */
        judged("hold", CCS_STATUS_NONE, 0.0, 1.0),   /* excluded */
    };
    /* 2 * 0.2 and 1 * 0.4 are the same double (doubling is exact), so csat
     * and sl tie on weighted gap and go by name. */
    assert_true(m[2].weighted_gap == m[4].weighted_gap);
    size_t out[7];
    for (size_t i = 0; i < 7; i++)
        out[i] = 999;
    size_t k = order_shortfalls(m, 7, out);
    assert_int_equal(k, 4);
    assert_int_equal(out[0], 5); /* abandon 0.5 */
    assert_int_equal(out[1], 2); /* csat 0.4 (c < s) */
    assert_int_equal(out[2], 4); /* sl 0.4 */
    assert_int_equal(out[3], 0); /* aht 0.05 */
    assert_int_equal(out[4], 999); /* nothing written past k */

    /* Nothing short: nothing written. */
    ccs_metric_score ok[2] = {
        judged("a", CCS_STATUS_MEETS, 0.0, 1.0),
        judged("b", CCS_STATUS_INSUFFICIENT, 0.0, 1.0),
    };
    out[0] = 999;
    assert_int_equal(order_shortfalls(ok, 2, out), 0);
    assert_int_equal(out[0], 999);
    assert_int_equal(order_shortfalls(ok, 0, out), 0);
}

static void test_order_shortfalls_ties_by_name(void **state)
{
    (void)state;
    /* All the same weighted gap: alphabetical whatever the input order. */
    const char *names[] = { "zeta", "alpha", "mu", "beta", "omega", "gamma" };
    ccs_metric_score m[6];
    for (size_t i = 0; i < 6; i++)
        m[i] = judged(names[i], i % 2 ? CCS_STATUS_NEAR : CCS_STATUS_BELOW, 0.25, 1.0);
    size_t out[6];
    assert_int_equal(order_shortfalls(m, 6, out), 6);
    const char *want[] = { "alpha", "beta", "gamma", "mu", "omega", "zeta" };
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(m[out[i]].name, want[i]);
}

static void test_judge_then_score_end_to_end(void **state)
{
    (void)state;
    /* From raw figures through judging to score and order, near = 10%,
     * minimum sample 30:
     *   csat 0.85 vs 0.8 higher, w 2: meets, 100 points
     *   aht 330 vs 300 lower, w 1: gap 0.1, near, 90 points
     *   sl 0.4 vs 0.8 higher, w 1: gap 0.5, below, 50 points
     *   fcr n = 5: insufficient, out
     * Score (200 + 90 + 50) / 4 = 85; shortfalls sl (0.5) then aht (0.1). */
    ccs_metric_score m[4] = {
        figure(0.85, 100, 0.8, +1), figure(330.0, 100, 300.0, -1),
        figure(0.4, 100, 0.8, +1), figure(0.1, 5, 0.7, +1),
    };
    m[0].name = "csat";
    m[1].name = "aht";
    m[2].name = "sl";
    m[3].name = "fcr";
    m[1].weight = m[2].weight = m[3].weight = 1.0;
    for (size_t i = 0; i < 4; i++)
        judge_metric(&m[i], 0.1, 30);
    assert_int_equal(m[0].status, CCS_STATUS_MEETS);
    assert_int_equal(m[1].status, CCS_STATUS_NEAR);
    assert_int_equal(m[2].status, CCS_STATUS_BELOW);
    assert_int_equal(m[3].status, CCS_STATUS_INSUFFICIENT);
    double s;
    assert_int_equal(weighted_score(m, 4, &s), 0);
    assert_close(s, 85.0, 1e-9);
    size_t out[4];
    assert_int_equal(order_shortfalls(m, 4, out), 2);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson_known_values),
        cmocka_unit_test(test_wilson_bounds_and_symmetry),
        cmocka_unit_test(test_judge_higher_is_better),
        cmocka_unit_test(test_judge_lower_is_better),
        cmocka_unit_test(test_judge_decimal_boundaries),
        cmocka_unit_test(test_judge_insufficient),
        cmocka_unit_test(test_judge_no_target),
        cmocka_unit_test(test_judge_zero_target),
        cmocka_unit_test(test_weighted_score_worked_example),
        cmocka_unit_test(test_weighted_score_exclusions_and_clamp),
        cmocka_unit_test(test_weighted_score_nothing_judged),
        cmocka_unit_test(test_order_shortfalls),
        cmocka_unit_test(test_order_shortfalls_ties_by_name),
        cmocka_unit_test(test_judge_then_score_end_to_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
