/* `ccscore staffing --calls 100 --interval 30m --aht 180 --target 80/20
 * [--max-occupancy 85%] [--shrinkage 30%]`: agents needed for one interval,
 * with Erlang C (lib/erlang.c), and a small table around the
 * answer. */
#include "staffing.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "erlang.h"

static void staffing_usage(FILE *out)
{
    fprintf(out,
"Usage: ccscore staffing --calls N --interval LEN --aht SECONDS --target PCT/SECONDS\n"
"                        [--max-occupancy PCT] [--shrinkage PCT]\n"
"\n"
"Agents needed for one interval, by Erlang C.\n"
"\n"
"  --calls N            contacts offered in the interval (a forecast; may be fractional)\n"
"  --interval LEN       the interval: 15m, 30m, 1h, 900s (a bare number is minutes)\n"
"  --aht SECONDS        average handle time: 180, 180s or 3m\n"
"  --target PCT/SEC     service level target: 80/20 is 80%% answered within 20 s\n"
"  --max-occupancy PCT  raise the agents until occupancy is at most this (85%% or 0.85;\n"
"                       default: no cap)\n"
"  --shrinkage PCT      paid time not available for contacts (30%% or 0.3; default 0):\n"
"                       agents to schedule = agents needed / (1 - shrinkage), rounded up\n"
"\n"
"Prints the agents needed, their service level, ASA, occupancy and probability\n"
"of waiting, and the same figures for two agents fewer to two more.\n"
"Exit status: 0 ok; 2 a missing or bad value.\n");
}

static int bad(const char *opt, const char *val, const char *want)
{
    fprintf(stderr, "ccscore: error: bad %s '%s': %s\n", opt, val, want);
    return -1;
}

/* A finite number with an optional suffix; *rest points after the number. */
static int number_prefix(const char *s, double *out, const char **rest)
{
    char *end;
    errno = 0;
    while (*s == ' ')
        s++;
    if (!*s)
        return -1;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v))
        return -1;
    *out = v;
    *rest = end;
    return 0;
}

/* Seconds from "30m", "1h", "900s", "30min" or a bare number in `bare_unit`
 * seconds. */
static int parse_duration(const char *opt, const char *s, double bare_unit, double *out)
{
    double v;
    const char *u;
    if (number_prefix(s, &v, &u) != 0)
        return bad(opt, s, "expected a length such as 30m, 1h or 1800s");
    double mul;
    if (!*u)
        mul = bare_unit;
    else if (!strcmp(u, "s") || !strcmp(u, "sec"))
        mul = 1;
    else if (!strcmp(u, "m") || !strcmp(u, "min"))
        mul = 60;
    else if (!strcmp(u, "h"))
        mul = 3600;
    else
        return bad(opt, s, "unknown unit (use s, m or h)");
    if (!(v > 0))
        return bad(opt, s, "must be more than 0");
    *out = v * mul;
    return 0;
}

/* "85%" or a fraction "0.85" in [lo, hi]. */
static int parse_share(const char *opt, const char *s, double lo, double hi, int hi_open, double *out)
{
    double v;
    const char *u;
    if (number_prefix(s, &v, &u) != 0 || (*u && strcmp(u, "%") != 0))
        return bad(opt, s, "expected a percentage such as 85% or a fraction such as 0.85");
    if (*u)
        v /= 100;
    else if (v > 1)
        return bad(opt, s, "more than 1: write a percentage with %, e.g. 85%");
    if (v < lo || v > hi || (hi_open && v >= hi))
        return bad(opt, s, hi_open ? "must be at least 0% and below 100%" : "must be above 0% and at most 100%");
    if (!hi_open && v <= lo)
        return bad(opt, s, "must be above 0% and at most 100%");
    *out = v;
    return 0;
}

/* "80/20", "80%/20", "80%/20s", "0.8/20". */
static int parse_target(const char *s, double *sl, double *t)
{
    const char *slash = strchr(s, '/');
    if (!slash)
        return bad("--target", s, "expected PERCENT/SECONDS, e.g. 80/20");
    char pct[64];
    size_t n = (size_t)(slash - s);
    if (n == 0 || n >= sizeof pct)
        return bad("--target", s, "expected PERCENT/SECONDS, e.g. 80/20");
    memcpy(pct, s, n);
    pct[n] = '\0';
    double v;
    const char *u;
    if (number_prefix(pct, &v, &u) != 0 || (*u && strcmp(u, "%") != 0))
        return bad("--target", s, "expected PERCENT/SECONDS, e.g. 80/20");
    if (!*u && v <= 1 && strchr(pct, '.'))
        v *= 100; /* 0.8/20 */
    if (!(v > 0) || v >= 100)
        return bad("--target", s, "the percentage must be above 0 and below 100");
    *sl = v / 100;
    if (number_prefix(slash + 1, t, &u) != 0 || (*u && strcmp(u, "s") != 0) || *t < 0)
        return bad("--target", s, "the threshold must be a number of seconds, 0 or more");
    return 0;
}

static void row(const erlang_figures *f, int mark)
{
    char asa[32];
    if (isinf(f->asa))
        snprintf(asa, sizeof asa, "%s", "never");
    else
        snprintf(asa, sizeof asa, "%.2f", f->asa);
    printf("  %s %5d  %8.4f  %13.4f  %8s  %9.4f\n", mark ? ">" : " ", f->agents, f->pw, f->sl, asa,
           f->occupancy);
}

/* The plan and the figures for two agents fewer to two more. */
static void print_plan(double a, double calls, double interval, double aht, double sl, double threshold,
                       double occ, int have_occ, double shrink, const erlang_plan *pp)
{
    erlang_plan p = *pp;
    printf("Erlang C staffing\n");
    printf("  traffic            %.4f Erlangs (%g contacts in %g min, AHT %g s)\n", a, calls,
           interval / 60, aht);
    printf("  target             %g%% answered within %g s\n", sl * 100, threshold);
    if (have_occ)
        printf("  max occupancy      %g%%\n", occ * 100);
    printf("  agents needed      %d", p.raw);
    if (p.by_occupancy)
        printf(" (%d meet the service level; raised to keep occupancy at most %g%%)", p.raw_for_sl,
               occ * 100);
    printf("\n");
    printf("  agents to schedule %d (with %g%% shrinkage)\n", p.staff, shrink * 100);
    if (p.raw == 0) {
        printf("  no contacts: no agent needed\n");
        return;
    }
    printf("  service level      %.4f (%.2f%% within %g s)\n", p.at.sl, p.at.sl * 100, threshold);
    printf("  ASA                %.2f s\n", p.at.asa);
    printf("  occupancy          %.4f\n", p.at.occupancy);
    printf("  P(wait)            %.4f\n", p.at.pw);
    printf("\n    agents   P(wait)  service level  ASA (s)  occupancy\n");
    for (int n = p.raw - 2; n <= p.raw + 2; n++) {
        if (n < 1)
            continue;
        erlang_figures f;
        erlang_figures_for(a, n, aht, threshold, &f);
        row(&f, n == p.raw);
    }
}

int staffing_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "calls", required_argument, NULL, 'n' },
        { "interval", required_argument, NULL, 'i' },
        { "aht", required_argument, NULL, 'a' },
        { "target", required_argument, NULL, 't' },
        { "max-occupancy", required_argument, NULL, 'o' },
        { "shrinkage", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    double calls = -1, interval = 0, aht = 0, sl = -1, threshold = 0, occ = 1, shrink = 0;
    int have_occ = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int rc = 0;
        const char *u;
        switch (c) {
        case 'n':
            if (number_prefix(optarg, &calls, &u) != 0 || *u || calls < 0)
                rc = bad("--calls", optarg, "expected a number of contacts, 0 or more");
            break;
        case 'i': rc = parse_duration("--interval", optarg, 60, &interval); break;
        case 'a': rc = parse_duration("--aht", optarg, 1, &aht); break;
        case 't': rc = parse_target(optarg, &sl, &threshold); break;
        case 'o': rc = parse_share("--max-occupancy", optarg, 0, 1, 0, &occ); have_occ = 1; break;
        case 's': rc = parse_share("--shrinkage", optarg, 0, 1, 1, &shrink); break;
        case 'h': staffing_usage(stdout); return EXIT_OK;
        default:
            fprintf(stderr, "Try 'ccscore staffing --help'.\n");
            return EXIT_USAGE;
        }
        if (rc != 0)
            return EXIT_USAGE;
    }
    if (optind < argc) {
        fprintf(stderr, "ccscore: error: staffing takes no file arguments ('%s')\n", argv[optind]);
        return EXIT_USAGE;
    }
    const char *missing = calls < 0 ? "--calls" : interval <= 0 ? "--interval" : aht <= 0 ? "--aht"
                        : sl < 0 ? "--target" : NULL;
    if (missing) {
        fprintf(stderr, "ccscore: error: staffing needs %s; try 'ccscore staffing --help'\n", missing);
        return EXIT_USAGE;
    }
    double a = erlang_traffic(calls, interval, aht);
    erlang_plan p;
    if (erlang_required(a, aht, threshold, sl, occ, shrink, &p) != 0) {
        fprintf(stderr, "ccscore: error: traffic of %g Erlangs is out of range\n", a);
        return EXIT_USAGE;
    }
    print_plan(a, calls, interval, aht, sl, threshold, occ, have_occ, shrink, &p);
    return EXIT_OK;
}
