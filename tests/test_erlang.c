/*
 * Tests of lib/erlang: the worked example of DOMAIN.md to four
 * decimals, and every figure against an independent computation of Erlang C
 * that shares no code with the library: the direct factorial formula in long
 * double for small N, and a log-space sum (lgammal, log-sum-exp) for large
 * traffic (A = 500 and more), where powers and factorials overflow a double.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "erlang.h"

/* ------------------------------------------------ independent methods */

/* Pw = (A^N/N! x N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! x N/(N-A)). */
static long double pw_factorial(long double a, int n)
{
    long double term = 1.0L, sum = 0.0L; /* term = A^k / k! */
    for (int k = 0; k < n; k++) {
        sum += term;
        term = powl(a, (long double)(k + 1)) / tgammal((long double)(k + 2));
    }
    long double last = term * (long double)n / ((long double)n - a);
    return last / (sum + last);
}

/* The same in logarithms: ln(A^k/k!) = k ln A - lgamma(k + 1). */
static long double pw_logspace(long double a, int n)
{
    long double la = logl(a), max = -INFINITY;
    long double lt_last = (long double)n * la - lgammal((long double)n + 1) +
                          logl((long double)n / ((long double)n - a));
    for (int k = 0; k < n; k++) {
        long double lt = (long double)k * la - lgammal((long double)k + 1);
        if (lt > max)
            max = lt;
    }
    if (lt_last > max)
        max = lt_last;
    long double sum = 0.0L;
    for (int k = 0; k < n; k++)
        sum += expl((long double)k * la - lgammal((long double)k + 1) - max);
    long double last = expl(lt_last - max);
    return last / (sum + last);
}

static void near_rel(double got, long double want, double rel, const char *what, double a, int n)
{
    long double diff = fabsl((long double)got - want);
    if (diff > rel * fabsl(want) + 1e-300L)
        fail_msg("%s(A=%g, N=%d) = %.17g, independent %.17Lg (rel. diff %Lg)", what, a, n, got,
                 want, diff / fabsl(want));
}

/* ------------------------------------------------ the worked example */

static void near4(double got, double want, const char *what)
{
    /* "to four decimals": the value rounds to the quoted figure. */
    if (fabs(got - want) > 0.00005)
        fail_msg("%s = %.6f, DOMAIN.md says %.4f", what, got, want);
}

static void test_worked_example(void **state)
{
    (void)state;
    double a = erlang_traffic(100, 1800, 180);
    assert_true(a == 10.0);
    erlang_figures f;
    erlang_figures_for(a, 11, 180, 20, &f);
    near4(f.pw, 0.6821, "Pw(11)");
    near4(f.sl, 0.3896, "SL(11)");
    near4(erlang_service_level(a, 12, 180, 20), 0.6402, "SL(12)");
    near4(erlang_service_level(a, 13, 180, 20), 0.7956, "SL(13)");
    erlang_figures_for(a, 14, 180, 20, &f);
    near4(f.pw, 0.1741, "Pw(14)");
    near4(f.sl, 0.8884, "SL(14)");
    if (fabs(f.asa - 7.84) > 0.005)
        fail_msg("ASA(14) = %.4f, DOMAIN.md says 7.84", f.asa);
    if (fabs(f.occupancy - 0.714) > 0.0005)
        fail_msg("occupancy(14) = %.4f, DOMAIN.md says 0.714", f.occupancy);

    erlang_plan p;
    assert_int_equal(erlang_required(a, 180, 20, 0.80, 1.0, 0.30, &p), 0);
    assert_int_equal(p.raw_for_sl, 14);
    assert_int_equal(p.raw, 14);
    assert_int_equal(p.staff, 20); /* 14 / 0.7 is 20.000000000000004 in doubles */
    assert_int_equal(p.by_occupancy, 0);
    assert_int_equal(erlang_required(a, 180, 20, 0.80, 0.85, 0.0, &p), 0);
    assert_int_equal(p.raw, 14); /* 10/14 = 71% is under 85% */
    assert_int_equal(p.staff, 14);
}

static void test_occupancy_cap(void **state)
{
    (void)state;
    erlang_plan p;
    /* 10 / 0.70 = 14.29: 15 agents; 15 / 0.7 = 21.4: 22 scheduled. */
    assert_int_equal(erlang_required(10, 180, 20, 0.80, 0.70, 0.30, &p), 0);
    assert_int_equal(p.raw_for_sl, 14);
    assert_int_equal(p.raw, 15);
    assert_int_equal(p.by_occupancy, 1);
    assert_int_equal(p.staff, 22);
    assert_true(fabs(p.at.occupancy - 10.0 / 15.0) < 1e-15);
    /* 10 / 0.8 = 12.5 is below the 14 the SL needs: no change. */
    assert_int_equal(erlang_required(10, 180, 20, 0.80, 0.80, 0.0, &p), 0);
    assert_int_equal(p.raw, 14);
    assert_int_equal(p.by_occupancy, 0);
    /* 8 / 0.8 = 10 exactly (not 11). */
    assert_int_equal(erlang_required(8, 180, 0, 0.0, 0.80, 0.0, &p), 0);
    assert_int_equal(p.raw, 10);
}

static void test_edges(void **state)
{
    (void)state;
    erlang_plan p;
    assert_int_equal(erlang_required(0, 180, 20, 0.8, 0.85, 0.3, &p), 0);
    assert_int_equal(p.raw, 0);
    assert_int_equal(p.staff, 0);
    assert_int_equal(erlang_required(10, 0, 20, 0.8, 0.85, 0.3, &p), -1);
    assert_int_equal(erlang_required(10, 180, 20, 1.0, 0.85, 0.3, &p), -1);
    assert_int_equal(erlang_required(10, 180, 20, 0.8, 0.85, 1.0, &p), -1);
    assert_int_equal(erlang_required(-1, 180, 20, 0.8, 0.85, 0.3, &p), -1);
    assert_int_equal(erlang_required(NAN, 180, 20, 0.8, 0.85, 0.3, &p), -1);
    /* N <= A: the queue never clears. */
    erlang_figures f;
    erlang_figures_for(10, 10, 180, 20, &f);
    assert_true(f.pw == 1.0 && f.sl == 0.0 && isinf(f.asa));
    erlang_figures_for(10, 5, 180, 20, &f);
    assert_true(f.pw == 1.0 && f.sl == 0.0);
    /* Erlang B: B(0) = 1; B(1) = A / (1 + A). */
    assert_true(erlang_b(3, 0) == 1.0);
    assert_true(fabs(erlang_b(3, 1) - 0.75) < 1e-15);
}

/* ------------------------------------------------ against independent values */

static void test_small_traffic_factorial(void **state)
{
    (void)state;
    static const double loads[] = { 0.05, 0.5, 1.0, 2.3, 7.25, 10.0, 19.9, 42.0, 80.5 };
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        double a = loads[i];
        for (int n = (int)floor(a) + 1; n <= (int)floor(a) + 25 && n <= 150; n++) {
            long double want = pw_factorial(a, n);
            near_rel(erlang_c(a, n), want, 1e-12, "Pw", a, n);
            /* SL and ASA from the independent Pw. */
            long double sl = 1.0L - want * expl(-((long double)n - a) * 20.0L / 180.0L);
            near_rel(erlang_service_level(a, n, 180, 20), sl, 1e-12, "SL", a, n);
            long double asa = want * 180.0L / ((long double)n - a);
            near_rel(erlang_asa(a, n, 180), asa, 1e-12, "ASA", a, n);
        }
    }
}

static void test_methods_agree(void **state)
{
    (void)state;
    /* The two independent methods agree where both work: the log-space one
     * is then trusted where the factorial one overflows. */
    for (int n = 31; n <= 60; n += 7)
        near_rel((double)pw_logspace(30, n), pw_factorial(30, n), 1e-13, "logspace", 30, n);
}

static void test_large_traffic(void **state)
{
    (void)state;
    static const double loads[] = { 500.0, 733.3, 1000.0, 5000.0 };
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        double a = loads[i];
        int base = (int)floor(a);
        static const int above[] = { 1, 2, 5, 10, 20, 40, 80 };
        for (size_t j = 0; j < sizeof above / sizeof above[0]; j++) {
            int n = base + above[j];
            long double want = pw_logspace(a, n);
            double got = erlang_c(a, n);
            assert_true(isfinite(got) && got > 0 && got <= 1);
            near_rel(got, want, 1e-9, "Pw", a, n);
        }
        /* Required agents: the smallest N whose independent SL reaches 80/20
         * with an AHT of 300 s. */
        erlang_plan p;
        assert_int_equal(erlang_required(a, 300, 20, 0.80, 1.0, 0.0, &p), 0);
        int want_n = base + 1;
        for (;; want_n++) {
            long double sl = 1.0L - pw_logspace(a, want_n) *
                                        expl(-((long double)want_n - a) * 20.0L / 300.0L);
            if (sl >= 0.80L)
                break;
        }
        if (p.raw != want_n)
            fail_msg("A=%g: %d agents, independent %d", a, p.raw, want_n);
        assert_true(p.at.sl >= 0.80);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_occupancy_cap),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_small_traffic_factorial),
        cmocka_unit_test(test_methods_agree),
        cmocka_unit_test(test_large_traffic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
