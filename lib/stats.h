/* Small statistics for the history verbs: Student's t quantiles, the
 * ordinary least-squares slope with its t interval, and the normal and Welch
 * intervals of a difference in differences.  Pure functions. */
#ifndef CCS_STATS_H
#define CCS_STATS_H

#include <stddef.h>

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

#endif
