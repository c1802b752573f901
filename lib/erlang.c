/* Erlang C, from the Erlang B recursion.  See erlang.h. */
#include "erlang.h"

#include <math.h>

/* Whole numbers computed as quotients (14 / 0.7 = 20.000000000000004) must
 * not round up past the exact answer. */
#define CEIL_SLACK 1e-9

static int ceil_whole(double x)
{
    return (int)ceil(x - CEIL_SLACK);
}

double erlang_traffic(double calls, double interval_s, double aht_s)
{
    if (!(interval_s > 0))
        return 0.0;
    return calls * aht_s / interval_s;
}

/* One step of the recursion: B(k) from B(k-1). */
static double b_step(double a, int k, double prev)
{
    double ab = a * prev;
    return ab / ((double)k + ab);
}

double erlang_b(double a, int n)
{
    double b = 1.0;
    if (!(a > 0))
        return n > 0 ? 0.0 : 1.0;
    for (int k = 1; k <= n; k++)
        b = b_step(a, k, b);
    return b;
}

static double pw_from_b(double a, int n, double b)
{
    if (!(a > 0))
        return 0.0;
    if ((double)n <= a)
        return 1.0;
    double pw = (double)n * b / ((double)n - a * (1.0 - b));
    return pw > 1.0 ? 1.0 : pw;
}

double erlang_c(double a, int n)
{
    return pw_from_b(a, n, erlang_b(a, n));
}

static void figures_from_b(double a, int n, double b, double aht_s, double threshold_s,
                           erlang_figures *out)
{
    out->agents = n;
    out->pw = pw_from_b(a, n, b);
    if (a > 0 && (double)n <= a) {
        out->sl = 0.0;
        out->asa = INFINITY;
        out->occupancy = 1.0;
        return;
    }
    double spare = (double)n - a;
    out->sl = 1.0 - out->pw * exp(-spare * threshold_s / aht_s);
    out->asa = out->pw * aht_s / spare;
    out->occupancy = n > 0 ? a / (double)n : 0.0;
}

void erlang_figures_for(double a, int n, double aht_s, double threshold_s, erlang_figures *out)
{
    figures_from_b(a, n, erlang_b(a, n), aht_s, threshold_s, out);
}

double erlang_service_level(double a, int n, double aht_s, double threshold_s)
{
    erlang_figures f;
    erlang_figures_for(a, n, aht_s, threshold_s, &f);
    return f.sl;
}

double erlang_asa(double a, int n, double aht_s)
{
    erlang_figures f;
    erlang_figures_for(a, n, aht_s, 0, &f);
    return f.asa;
}

int erlang_required(double a, double aht_s, double threshold_s, double target_sl,
                    double max_occupancy, double shrinkage, erlang_plan *out)
{
    if (!(a >= 0) || !isfinite(a) || a > 1e7 || !(aht_s > 0) || !(threshold_s >= 0) ||
        !(target_sl >= 0) || target_sl >= 1 || !(max_occupancy > 0) || !(shrinkage >= 0) ||
        shrinkage >= 1)
        return -1;
    out->traffic = a;
    out->by_occupancy = 0;
    if (a == 0) {
        out->raw_for_sl = out->raw = out->staff = 0;
        out->at = (erlang_figures){ 0, 0.0, 1.0, 0.0, 0.0 };
        return 0;
    }
    int n = (int)floor(a) + 1;
    double b = erlang_b(a, n);
    erlang_figures f;
    figures_from_b(a, n, b, aht_s, threshold_s, &f);
    while (f.sl < target_sl) {
        n++;
        b = b_step(a, n, b);
        figures_from_b(a, n, b, aht_s, threshold_s, &f);
    }
    out->raw_for_sl = n;
    if (max_occupancy < 1 && a / (double)n > max_occupancy) {
        int capped = ceil_whole(a / max_occupancy);
        if (capped > n) {
            for (int k = n + 1; k <= capped; k++)
                b = b_step(a, k, b);
            n = capped;
            figures_from_b(a, n, b, aht_s, threshold_s, &f);
            out->by_occupancy = 1;
        }
    }
    out->raw = n;
    out->at = f;
    out->staff = ceil_whole((double)n / (1.0 - shrinkage));
    return 0;
}
