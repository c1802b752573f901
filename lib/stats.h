/* Small statistics: Student's t quantiles, the ordinary least-squares slope
 * with its t interval, the Welch degrees of freedom (history verbs); the
 * Wilson score interval of a share, the NPS with its interval and occupancy
 * (DOMAIN.md), written once for the engine and the plugins.  Pure functions. */
#ifndef CCS_STATS_H
#define CCS_STATS_H

#include <stddef.h>
#include <stdint.h>

#define STATS_Z975 1.959963984540054

/* Regularised incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1. */
double stats_incbeta(double x, double a, double b);
/* P(T <= t) for Student's t with df > 0 degrees of freedom. */
double stats_t_cdf(double t, double df);
/* The p quantile (0 < p < 1) of Student's t with df > 0 degrees of freedom. */
double stats_t_quantile(double p, double df);

typedef struct stats_slope {
    size_t n;                  /* points used */
    double slope, intercept;
    double se;                 /* standard error of the slope */
    double ci_low, ci_high;    /* 95% t interval, df = n - 2 */
} stats_slope;

/* OLS fit of y on x over n points; needs n >= 3 and at least two distinct
 * x.  Returns 0, or -1 when the slope or its interval is undefined. */
int stats_ols_slope(const double *x, const double *y, size_t n, stats_slope *out);

/* Welch-Satterthwaite degrees of freedom of a sum of independent variance
 * terms v[i] (each s_i^2 / n_i) with df[i] degrees of freedom each. */
double stats_welch_df(const double *v, const double *df, size_t k);

/* 95% Wilson score interval of k successes in n trials, clipped to [0, 1]
 * (exactly 0 when k is 0); [0, 1] when n is 0. */
void stats_wilson(uint64_t k, uint64_t n, double *lo, double *hi);

/* Net promoter score of n answers: 100 (promoters - detractors) / n, and the
 * 95% normal interval of the mean of the answers' +100/0/-100 scores,
 * clipped to [-100, 100].  n > 0. */
void stats_nps(uint64_t promoters, uint64_t detractors, uint64_t n, double *value, double *lo, double *hi);

/* Occupancy = (talk + hold + ACW) / (talk + hold + ACW + available idle),
 * given the handled seconds (talk + hold + ACW, wrap-up pauses included) and
 * the staffed seconds (available for contacts: handled + idle; the caller
 * says what counts as available).  Returns 0, or -1 when nothing was staffed. */
int stats_occupancy(double handled_s, double staffed_s, double *occupancy);

#endif
