#!/usr/bin/env python3
"""Reference values for tests/test_stats.c, worked out independently of the C
code: the OLS slope from Python's statistics.linear_regression, its standard
error from the textbook formula se = sqrt(SSR / (n - 2) / Sxx), and the
Student t quantiles from a published table (NIST/SEMATECH e-Handbook of
Statistical Methods, 1.3.6.7.2, upper critical values, alpha = 0.025).

Run it to print the numbers the C test asserts:
    python3 tests/stats_reference.py
"""
import math
import statistics

# NIST table, t_{0.975, df}
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 10: 2.228, 30: 2.042, 100: 1.984}

CASES = {
    # weeks 0..7, a rising series
    "rising": ([0, 1, 2, 3, 4, 5, 6, 7], [0.61, 0.63, 0.62, 0.66, 0.67, 0.66, 0.70, 0.71]),
    # no trend: the slope's interval straddles 0
    "flat": ([0, 1, 2, 3, 4, 5], [300.0, 310.0, 295.0, 305.0, 298.0, 306.0]),
    # three points with a gap (a week not recorded): df = 1
    "gap": ([0, 1, 3], [10.0, 12.0, 15.0]),
}


def slope_ci(x, y, t):
    slope, intercept = statistics.linear_regression(x, y)
    mx = statistics.fmean(x)
    sxx = sum((a - mx) ** 2 for a in x)
    ssr = sum((b - intercept - slope * a) ** 2 for a, b in zip(x, y))
    se = math.sqrt(ssr / (len(x) - 2) / sxx)
    return slope, se, slope - t * se, slope + t * se


if __name__ == "__main__":
    for name, (x, y) in CASES.items():
        df = len(x) - 2
        s, se, lo, hi = slope_ci(x, y, T975[df])
        print(f"{name}: df={df} t={T975[df]} slope={s:.10g} se={se:.10g} ci=({lo:.10g}, {hi:.10g})")
