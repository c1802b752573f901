/*
 * Tests of lib/stats against values worked out independently:
 *  - Student t quantiles: the closed forms for 1 and 2 degrees of freedom
 *    (tan(pi (p - 1/2)); (2p - 1) sqrt(2 / (4 p (1 - p)))), the published
 *    table (NIST/SEMATECH e-Handbook 1.3.6.7.2, three decimals) and the
 *    normal limit;
 *  - OLS slopes, their standard errors and 95% intervals: the numbers that
 *    tests/stats_reference.py prints from Python's
 *    statistics.linear_regression and the textbook standard error;
 *  - Welch-Satterthwaite degrees of freedom worked by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "stats.h"

static void t_quantile_closed_forms(void **state)
{
    (void)state;
    const double ps[] = { 0.6, 0.9, 0.975, 0.995 };
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
        double p = ps[i];
        assert_float_equal(stats_t_quantile(p, 1), tan(M_PI * (p - 0.5)), 1e-9);
        assert_float_equal(stats_t_quantile(p, 2), (2 * p - 1) * sqrt(2.0 / (4 * p * (1 - p))), 1e-9);
        assert_float_equal(stats_t_quantile(1 - p, 2), -(2 * p - 1) * sqrt(2.0 / (4 * p * (1 - p))), 1e-9);
    }
    assert_float_equal(stats_t_quantile(0.975, 1), 12.7062047361747, 1e-9);
    assert_float_equal(stats_t_quantile(0.5, 7), 0.0, 0.0);
}

static void t_quantile_table(void **state)
{
    (void)state;
    static const struct { double df, t; } nist[] = {
        { 3, 3.182 }, { 4, 2.776 }, { 5, 2.571 }, { 6, 2.447 }, { 10, 2.228 }, { 30, 2.042 }, { 100, 1.984 },
    };
    for (size_t i = 0; i < sizeof nist / sizeof *nist; i++)
        assert_float_equal(stats_t_quantile(0.975, nist[i].df), nist[i].t, 0.0005);
    /* the normal limit */
    assert_float_equal(stats_t_quantile(0.975, 1e7), STATS_Z975, 1e-6);
    /* the CDF inverts the quantile */
    assert_float_equal(stats_t_cdf(stats_t_quantile(0.9, 4.5), 4.5), 0.9, 1e-12);
    assert_float_equal(stats_incbeta(0.3, 2.0, 2.0), 3 * 0.09 - 2 * 0.027, 1e-12); /* 3x^2 - 2x^3 */
}

static void check_slope(const double *x, const double *y, size_t n, double slope, double se, double t_table)
{
    stats_slope s;
    assert_int_equal(stats_ols_slope(x, y, n, &s), 0);
    assert_float_equal(s.slope, slope, 1e-9);
    assert_float_equal(s.se, se, 1e-9);
    /* the table's t has three decimals */
    double tol = 0.0005 * se + 1e-9;
    assert_float_equal(s.ci_low, slope - t_table * se, tol);
    assert_float_equal(s.ci_high, slope + t_table * se, tol);
}

static void ols_against_python(void **state)
{
    (void)state;
    const double x1[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    const double y1[] = { 0.61, 0.63, 0.62, 0.66, 0.67, 0.66, 0.70, 0.71 };
    check_slope(x1, y1, 8, 0.01404761905, 0.001849393682, 2.447);
    const double x2[] = { 0, 1, 2, 3, 4, 5 };
    const double y2[] = { 300, 310, 295, 305, 298, 306 };
    check_slope(x2, y2, 6, 0.1142857143, 1.498116732, 2.776);
    const double x3[] = { 0, 1, 3 };
    const double y3[] = { 10, 12, 15 };
    check_slope(x3, y3, 3, 1.642857143, 0.1237179148, 12.706);
}

static void ols_refuses_too_little(void **state)
{
    (void)state;
    stats_slope s;
    const double x[] = { 0, 1, 1 }, y[] = { 1, 2, 3 };
    assert_int_equal(stats_ols_slope(x, y, 2, &s), -1); /* no interval from 2 points */
    const double xs[] = { 2, 2, 2 };
    assert_int_equal(stats_ols_slope(xs, y, 3, &s), -1); /* no spread in x */
    /* a perfect line: se 0, the interval is the slope itself */
    const double yl[] = { 1, 3, 7 }, xl[] = { 0, 1, 3 };
    assert_int_equal(stats_ols_slope(xl, yl, 3, &s), 0);
    assert_float_equal(s.slope, 2.0, 1e-12);
    assert_float_equal(s.ci_low, 2.0, 1e-9);
    assert_float_equal(s.ci_high, 2.0, 1e-9);
}

static void welch_by_hand(void **state)
{
    (void)state;
    /* two equal terms of 4 df each: (1 + 1)^2 / (1/4 + 1/4) = 8 */
    const double v[] = { 1, 1 }, df[] = { 4, 4 };
    assert_float_equal(stats_welch_df(v, df, 2), 8.0, 1e-12);
    /* s1^2/n1 = 2, 3 df; s2^2/n2 = 0.5, 9 df: 6.25 / (4/3 + 0.25/9) = 4.591836... */
    const double v2[] = { 2, 0.5 }, df2[] = { 3, 9 };
    assert_float_equal(stats_welch_df(v2, df2, 2), 6.25 / (4.0 / 3.0 + 0.25 / 9.0), 1e-12);
}

/* NPS by hand: 10 answers, 5 promoters, 2 detractors: 100 (0.5 - 0.2) = 30;
 * the scores' variance E[x^2] - 30^2 = 10000 x 0.7 - 900 = 6100, so the
 * interval is 30 -+ z sqrt(610).  One promoter and one detractor: 0 -+ z
 * sqrt(5000) = 138.6, clipped to -100..100.  All promoters: 100, 100, 100. */
static void nps_by_hand(void **state)
{
    (void)state;
    double v, lo, hi;
    stats_nps(5, 2, 10, &v, &lo, &hi);
    assert_true(fabs(v - 30.0) < 1e-12);
    assert_true(fabs(lo - (30.0 - STATS_Z975 * sqrt(610.0))) < 1e-12 && fabs(lo - -18.40753950185256) < 1e-9);
    assert_true(fabs(hi - 78.40753950185257) < 1e-9);
    stats_nps(1, 1, 2, &v, &lo, &hi);
    assert_true(v == 0.0 && lo == -100.0 && hi == 100.0);
    stats_nps(4, 0, 4, &v, &lo, &hi);
    assert_true(v == 100.0 && lo == 100.0 && hi == 100.0);
}

/* Occupancy (DOMAIN.md): 15900 s handled in 16200 s staffed = 0.98148...;
 * nothing staffed is no figure (not 0, not infinity). */
static void occupancy_by_hand(void **state)
{
    (void)state;
    double occ = -1;
    assert_int_equal(stats_occupancy(15900, 16200, &occ), 0);
    assert_true(fabs(occ - 0.9814814814814815) < 1e-15);
    occ = -1;
    assert_int_equal(stats_occupancy(100, 0, &occ), -1);
    assert_int_equal(stats_occupancy(100, -5, &occ), -1);
    assert_true(occ == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_quantile_closed_forms),
        cmocka_unit_test(t_quantile_table),
        cmocka_unit_test(ols_against_python),
        cmocka_unit_test(ols_refuses_too_little),
        cmocka_unit_test(welch_by_hand),
        cmocka_unit_test(nps_by_hand),
        cmocka_unit_test(occupancy_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
