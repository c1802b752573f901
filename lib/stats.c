#include "stats.h"

#include <float.h>
#include <math.h>

/* Continued fraction of the incomplete beta (modified Lentz's method). */
static double betacf(double x, double a, double b)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 1000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return h;
}

double stats_incbeta(double x, double a, double b)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    double bt = exp(lbt);
    if (x < (a + 1.0) / (a + b + 2.0))
        return bt * betacf(x, a, b) / a;
    return 1.0 - bt * betacf(1.0 - x, b, a) / b;
}

double stats_t_cdf(double t, double df)
{
    double x = df / (df + t * t);
    double tail = 0.5 * stats_incbeta(x, df / 2.0, 0.5); /* P(T > |t|) */
    return t >= 0 ? 1.0 - tail : tail;
}

double stats_t_quantile(double p, double df)
{
    if (p == 0.5)
        return 0.0;
    if (p < 0.5)
        return -stats_t_quantile(1.0 - p, df);
    /* Bisection on [0, hi]: the CDF is monotone; 200 halvings reach the
     * limits of a double. */
    double lo = 0.0, hi = 1.0;
    while (stats_t_cdf(hi, df) < p && hi < 1e12)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > DBL_EPSILON * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (stats_t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

int stats_ols_slope(const double *x, const double *y, size_t n, stats_slope *out)
{
    out->n = n;
    if (n < 3)
        return -1;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 0))
        return -1;
    out->slope = sxy / sxx;
    out->intercept = my - out->slope * mx;
    double ssr = 0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - out->intercept - out->slope * x[i];
        ssr += r * r;
    }
    double df = (double)n - 2.0;
    out->se = sqrt(ssr / df / sxx);
    double t = stats_t_quantile(0.975, df);
    out->ci_low = out->slope - t * out->se;
    out->ci_high = out->slope + t * out->se;
    return 0;
}

double stats_welch_df(const double *v, const double *df, size_t k)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < k; i++) {
        num += v[i];
        if (df[i] > 0)
            den += v[i] * v[i] / df[i];
    }
    return den > 0 ? num * num / den : INFINITY;
}

void stats_wilson(uint64_t k, uint64_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    double z = STATS_Z975, z2 = z * z, nn = (double)n, p = (double)k / nn;
    double denom = 1.0 + z2 / nn;
    double centre = (p + z2 / (2.0 * nn)) / denom;
    double half = z / denom * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
    /* Rounding can push an end a hair past [0, 1] when k is 0 or n. */
    *lo = k == 0 ? 0.0 : fmax(0.0, centre - half);
    *hi = fmin(1.0, centre + half);
}

void stats_nps(uint64_t promoters, uint64_t detractors, uint64_t n, double *value, double *lo, double *hi)
{
    double nn = (double)n, p = (double)promoters / nn, d = (double)detractors / nn;
    *value = 100.0 * (p - d);
    /* Each answer scores +100, 0 or -100: the normal interval of that mean. */
    double var = 10000.0 * (p + d) - *value * *value;
    double half = STATS_Z975 * sqrt(var > 0 ? var / nn : 0.0);
    *lo = fmax(-100.0, *value - half);
    *hi = fmin(100.0, *value + half);
}

int stats_occupancy(double handled_s, double staffed_s, double *occupancy)
{
    if (!(staffed_s > 0))
        return -1;
    *occupancy = handled_s / staffed_s;
    return 0;
}
