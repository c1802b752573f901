#include "fisher.h"

#include <math.h>

static double lchoose(double n, double k)
{
    return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
}

/* log P(X = x) for X hypergeometric: x favourable in the first row of r1,
 * with c1 favourable out of n in all. */
static double log_dhyper(double x, double r1, double r2, double c1)
{
    return lchoose(r1, x) + lchoose(r2, c1 - x) - lchoose(r1 + r2, c1);
}

double fisher_exact_2x2(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    double r1 = (double)a + (double)b, r2 = (double)c + (double)d;
    double c1 = (double)a + (double)c, n = r1 + r2;
    if (r1 == 0 || r2 == 0 || c1 == 0 || c1 == n)
        return 1.0;
    double lo = c1 - r2 > 0 ? c1 - r2 : 0, hi = c1 < r1 ? c1 : r1;
    double observed = log_dhyper((double)a, r1, r2, c1);
    /* R: relErr <- 1 + 10^(-7); sum(d[d <= d[x] * relErr]) */
    double limit = observed + log1p(1e-7);
    double p = 0;
    for (double x = lo; x <= hi; x++) {
        double lp = log_dhyper(x, r1, r2, c1);
        if (lp <= limit)
            p += exp(lp);
    }
    return p > 1.0 ? 1.0 : p;
}
