/*
 * Tests of lib/fisher (two-sided Fisher exact test) against values worked
 * out independently: exact rational sums of the hypergeometric
 * probabilities printed by tests/fisher_reference.py, and published values
 * (Fisher's tea-tasting table: p = 0.4857; R's fisher.test example
 * [[1, 9], [11, 3]]: p = 0.002759).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fisher.h"

static void published(void **state)
{
    (void)state;
    assert_float_equal(fisher_exact_2x2(3, 1, 1, 3), 0.4857, 5e-5);
    assert_float_equal(fisher_exact_2x2(1, 9, 11, 3), 0.002759, 5e-7);
}

static void reference(void **state)
{
    (void)state;
    /* python3 tests/fisher_reference.py */
    static const struct { uint64_t a, b, c, d; double p; } cases[] = {
        { 3, 1, 1, 3, 0.485714285714286 },
        { 1, 9, 11, 3, 0.00275945618522008 },
        { 10, 10, 10, 10, 1 },
        { 7, 5, 12, 3, 0.398067632850242 },
        { 8, 12, 19, 3, 0.00318067463812058 },
        { 0, 5, 5, 0, 0.00793650793650794 },
        { 50, 50, 70, 30, 0.00593734116601553 },
        { 120, 80, 150, 50, 0.0019055446506407 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double p = fisher_exact_2x2(cases[i].a, cases[i].b, cases[i].c, cases[i].d);
        assert_float_equal(p, cases[i].p, 1e-9 * cases[i].p); /* relative */
    }
}

static void symmetric_and_degenerate(void **state)
{
    (void)state;
    /* swapping the rows or the columns does not change a two-sided p */
    assert_float_equal(fisher_exact_2x2(7, 5, 12, 3), fisher_exact_2x2(12, 3, 7, 5), 1e-12);
    assert_float_equal(fisher_exact_2x2(7, 5, 12, 3), fisher_exact_2x2(5, 7, 3, 12), 1e-12);
    /* an empty row or an all-favourable column: nothing to test */
    assert_float_equal(fisher_exact_2x2(0, 0, 4, 5), 1.0, 0.0);
    assert_float_equal(fisher_exact_2x2(4, 0, 6, 0), 1.0, 0.0);
    /* large counts stay finite (lgamma, not factorials) */
    double p = fisher_exact_2x2(5000, 5000, 5100, 4900);
    assert_true(p > 0.0 && p <= 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(published),
        cmocka_unit_test(reference),
        cmocka_unit_test(symmetric_and_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
