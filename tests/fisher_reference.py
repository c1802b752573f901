#!/usr/bin/env python3
"""Reference p-values for tests/test_fisher.c, worked out independently of
the C code (lib/fisher.c uses lgamma in floating point): exact rational
arithmetic with math.comb, the hypergeometric sum written out.

Two-sided Fisher exact test of the 2x2 table [[a, b], [c, d]]: with the
margins fixed, P(x) = C(a+b, x) C(c+d, a+c-x) / C(n, a+c) for every x the
margins allow; p = the sum of P(x) over the x with P(x) <= P(a) (exactly, in
rationals, so no tolerance is needed here).

Published checks: Fisher's tea-tasting table [[3, 1], [1, 3]] gives
p = 0.4857 (Agresti, Categorical Data Analysis, 3.5.2: 0.486; R's
fisher.test: 0.4857); [[1, 9], [11, 3]] gives p = 0.002759 (R's
documentation example for fisher.test, Wikipedia's worked example).

    python3 tests/fisher_reference.py
"""
from fractions import Fraction
from math import comb

CASES = [
    (3, 1, 1, 3),      # tea tasting
    (1, 9, 11, 3),     # Wikipedia / R
    (10, 10, 10, 10),  # no difference: p = 1
    (7, 5, 12, 3),     # a chance difference, ratio under 0.8
    (8, 12, 19, 3),    # a real difference
    (0, 5, 5, 0),
    (50, 50, 70, 30),
    (120, 80, 150, 50),
]


def fisher(a, b, c, d):
    r1, r2, c1 = a + b, c + d, a + c
    n = r1 + r2
    total = comb(n, c1)

    def prob(x):
        return Fraction(comb(r1, x) * comb(r2, c1 - x), total)

    observed = prob(a)
    lo, hi = max(0, c1 - r2), min(c1, r1)
    return sum((prob(x) for x in range(lo, hi + 1) if prob(x) <= observed), Fraction(0))


if __name__ == "__main__":
    for a, b, c, d in CASES:
        print(f"    {{ {a}, {b}, {c}, {d}, {float(fisher(a, b, c, d)):.15g} }},")
