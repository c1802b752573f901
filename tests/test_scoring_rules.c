/* Tests for engine/scoring_rules.c: points by bands at, just better and just
 * worse than every threshold (lower-is-better seconds, higher-is-better
 * rates), linear points, the weighted mean of points worked out by hand,
 * score bands at their edges and every refusal of score_bands, and how a
 * plugin finds a card's scoring data (ABI 1.3). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scoring_rules.h"

static metric_rule rule(size_t n, const double *bands, const double *points)
{
    metric_rule r;
    memset(&r, 0, sizeof r);
    r.method = CCS_SCORING_BANDS;
    r.nbands = n;
    memcpy(r.bands, bands, n * sizeof *bands);
    memcpy(r.points, points, (n + 1) * sizeof *points);
    return r;
}

/* AHT in bands 300, 360, 420 s earning 100, 80, 50, 0 (lower is better). */
static void test_bands_lower_is_better_seconds(void **state)
{
    (void)state;
    const double b[] = { 300, 360, 420 }, p[] = { 100, 80, 50, 0 };
    metric_rule r = rule(3, b, p);
    const struct { double v, want; } cases[] = {
        { 0, 100 },    { 299.9, 100 }, { 300, 100 },  /* better than, at T1 */
        { 300.1, 80 }, { 359.9, 80 },  { 360, 80 },   /* just worse than T1; at T2 */
        { 360.1, 50 }, { 419.9, 50 },  { 420, 50 },   /* just worse than T2; at T3 */
        { 420.1, 0 },  { 9999, 0 },                   /* worse than the last */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double got = band_points(&r, -1, cases[i].v);
        if (got != cases[i].want)
            fail_msg("AHT %.1f s: %g points, want %g", cases[i].v, got, cases[i].want);
    }
}

/* A rate in bands 90%, 80%, 70% earning 100, 70, 40, 10 (higher is better). */
static void test_bands_higher_is_better_percent(void **state)
{
    (void)state;
    const double b[] = { 0.90, 0.80, 0.70 }, p[] = { 100, 70, 40, 10 };
    metric_rule r = rule(3, b, p);
    const struct { double v, want; } cases[] = {
        { 1.0, 100 },   { 0.901, 100 }, { 0.90, 100 },
        { 0.899, 70 },  { 0.801, 70 },  { 0.80, 70 },
        { 0.799, 40 },  { 0.701, 40 },  { 0.70, 40 },
        { 0.699, 10 },  { 0.0, 10 },
        /* decimals held in binary: 0.1 + 0.6 is 0.7 written as 0.69999999999999996 */
        { 0.1 + 0.6, 40 }, { 72.0 / 90.0, 70 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double got = band_points(&r, +1, cases[i].v);
        if (got != cases[i].want)
            fail_msg("rate %.17g: %g points, want %g", cases[i].v, got, cases[i].want);
    }
    /* lower is better at a rounded edge: 0.1 + 0.2 is 0.30000000000000004 */
    const double b2[] = { 0.3 }, p2[] = { 100, 0 };
    metric_rule r2 = rule(1, b2, p2);
    assert_true(band_points(&r2, -1, 0.1 + 0.2) == 100);
    assert_true(band_points(&r2, -1, 0.3001) == 0);
}

static ccs_metric_score fig(int status, double gap, double value, uint64_t n, int dir)
{
    ccs_metric_score m;
    memset(&m, 0, sizeof m);
    m.status = status;
    m.gap = gap;
    m.value = value;
    m.n = n;
    m.defined = 1;
    m.direction = dir;
    m.weight = 1;
    return m;
}

static void test_figure_points(void **state)
{
    (void)state;
    double pts = -1;
    ccs_metric_score m = fig(CCS_STATUS_NEAR, 0.04, 0, 50, 1);
    assert_int_equal(figure_points(&m, NULL, 30, 1, &pts), 0);
    assert_true(fabs(pts - 96.0) < 1e-12);          /* 100 x (1 - 0.04) */
    m = fig(CCS_STATUS_BELOW, 1.5, 0, 50, 1);
    assert_int_equal(figure_points(&m, NULL, 30, 1, &pts), 0);
    assert_true(pts == 0);                          /* floored at 0 */
    m = fig(CCS_STATUS_INSUFFICIENT, 0, 0, 5, 1);
    assert_int_equal(figure_points(&m, NULL, 30, 1, &pts), -1);
    m = fig(CCS_STATUS_NONE, 0, 0, 50, 1);
    assert_int_equal(figure_points(&m, NULL, 30, 1, &pts), -1);

    const double b[] = { 300, 360, 420 }, p[] = { 100, 80, 50, 0 };
    metric_rule r = rule(3, b, p);
    m = fig(CCS_STATUS_BELOW, 0.2, 380, 40, -1);    /* bands ignore the gap */
    assert_int_equal(figure_points(&m, &r, 30, 1, &pts), 0);
    assert_true(pts == 50);
    m = fig(CCS_STATUS_NONE, 0, 290, 40, -1);       /* bands need no target */
    assert_int_equal(figure_points(&m, &r, 30, 1, &pts), 0);
    assert_true(pts == 100);
    m = fig(CCS_STATUS_INSUFFICIENT, 0, 290, 29, -1); /* one short of the sample */
    assert_int_equal(figure_points(&m, &r, 30, 1, &pts), -1);
    m.n = 30;
    assert_int_equal(figure_points(&m, &r, 30, 1, &pts), 0);
    m.defined = 0;
    assert_int_equal(figure_points(&m, &r, 30, 1, &pts), -1);
    m.defined = 1;
    assert_int_equal(figure_points(&m, &r, 30, 0, &pts), -1); /* does not apply */
}

/* By hand: weights 2, 1, 1, 3 with points 80, 50, (none), 100:
 * (2 x 80 + 1 x 50 + 3 x 100) / (2 + 1 + 3) = 510 / 6 = 85. */
static void test_weighted_points(void **state)
{
    (void)state;
    ccs_metric_score m[4];
    memset(m, 0, sizeof m);
    m[0].weight = 2;
    m[1].weight = 1;
    m[2].weight = 1;
    m[3].weight = 3;
    ccs_figure_points p[4] = { { 1, 80 }, { 1, 50 }, { 0, 0 }, { 1, 100 } };
    double score = -1;
    assert_int_equal(weighted_points(m, p, 4, &score), 0);
    assert_true(fabs(score - 85.0) < 1e-12);
    ccs_figure_points none[4] = { { 0, 0 } };
    assert_int_equal(weighted_points(m, none, 4, &score), -1);
}

static void test_score_bands_edges(void **state)
{
    (void)state;
    ccs_score_band *b;
    size_t n;
    char err[256];
    assert_int_equal(score_bands_parse("90 excellent, 75 good, 60 developing, 0 needs support", &b, &n,
                                       err, sizeof err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(b[3].label, "needs support");
    const struct { double s; const char *want; } cases[] = {
        { 100, "excellent" }, { 90, "excellent" }, { 89.99, "good" }, { 75, "good" },
        { 74.99, "developing" }, { 60, "developing" }, { 59.99, "needs support" },
        { 0, "needs support" },
        /* a mean of decimals a hair under the edge: (89.7 + 90.3) / 2 */
        { (89.7 + 90.3) / 2, "excellent" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(score_band_of(b, n, cases[i].s), cases[i].want);
    score_bands_free(b, n);
}

static void test_score_bands_refusals(void **state)
{
    (void)state;
    const struct { const char *text, *want; } cases[] = {
        { "90 excellent, 95 good, 0 low",
          "'score_bands' band 2 ('95 good') starts no lower than the band before it; list bands highest first" },
        { "90 excellent, 50 fair",
          "'score_bands' band 2 ('50 fair') is the last and must start at 0, so that every score has a band" },
        { "excellent, 0 low", "'score_bands' band 1 ('excellent') must start with its lowest score, 0 to 100" },
        { "101 top, 0 low", "'score_bands' band 1 ('101 top') must start with its lowest score, 0 to 100" },
        { "90, 0 low",
          "'score_bands' band 1 ('90') needs a label of letters, digits, spaces, '-' or '_' after its lowest score" },
        { "90 <b>top</b>, 0 low",
          "'score_bands' band 1 ('90 <b>top</b>') needs a label of letters, digits, spaces, '-' or '_' after its lowest score" },
        { "90 top,, 0 low",
          "'score_bands' lists up to 16 bands as 'LOWEST-SCORE LABEL' separated by commas (90 excellent, "
          "75 good, 60 developing, 0 needs support), not '90 top,, 0 low'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ccs_score_band *b = (ccs_score_band *)1;
        size_t n = 9;
        char err[512] = "";
        assert_int_equal(score_bands_parse(cases[i].text, &b, &n, err, sizeof err), -1);
        assert_string_equal(err, cases[i].want);
        assert_null(b);
        assert_int_equal(n, 0);
    }
}

/* ABI 1.3: a card's scoring data from the parallel arrays; NULL from a host
 * whose report is the 1.2 size, and for a card that is not the report's. */
static void test_card_scoring_of(void **state)
{
    (void)state;
    ccs_scorecard cards[6];
    ccs_card_scoring cs[6];
    memset(cards, 0, sizeof cards);
    memset(cs, 0, sizeof cs);
    ccs_report r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.nagents = 2, r.agents = cards, r.agents_scoring = cs;
    r.nteams = 1, r.teams = cards + 2, r.teams_scoring = cs + 2;
    r.nqueues = 2, r.queues = cards + 3, r.queues_scoring = cs + 3;
    r.organisation_card = cards + 5, r.organisation_scoring = cs + 5;
    for (int i = 0; i < 6; i++)
        assert_ptr_equal(ccs_card_scoring_of(&r, &cards[i]), &cs[i]);
    ccs_scorecard other;
    assert_null(ccs_card_scoring_of(&r, &other));
    r.size = (uint32_t)offsetof(ccs_report, nscoring); /* a 1.2 host */
    assert_null(ccs_card_scoring_of(&r, &cards[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands_lower_is_better_seconds),
        cmocka_unit_test(test_bands_higher_is_better_percent),
        cmocka_unit_test(test_figure_points),
        cmocka_unit_test(test_weighted_points),
        cmocka_unit_test(test_score_bands_edges),
        cmocka_unit_test(test_score_bands_refusals),
        cmocka_unit_test(test_card_scoring_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
