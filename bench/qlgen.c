/* ccscore-qlgen: a seeded generator of an Asterisk queue_log (modern field
 * layout) for the example organisation's Asterisk variant.
 *
 *   bench/ccscore-qlgen [--seed N] [--weeks N] [--start YYYY-MM-DD] > queue_log
 *
 * It simulates three queues (sales, billing, support) served by 24 members
 * (PJSIP/2001..2024, mapped to the example roster's A001..A024 by
 * conf/example-asterisk/members.csv) Monday to Saturday: Poisson arrivals on
 * an intraday profile, members joining and leaving their queue with their
 * shifts, breaks and lunch as pauses, first-free-agent routing, callers who
 * abandon when their patience runs out, timeouts after 300 s, transfers and
 * ring-no-answers.  Sales is short-staffed on weekday mornings and support
 * has spare agents then, so the report shows bottlenecks.  The same flags
 * give the same file byte for byte.  Dates are in November (UTC = London
 * time). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(void)
{
    return ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;
}

static double expo(double mean)
{
    return -mean * log(unif());
}

typedef struct line {
    int64_t t;
    uint32_t seq;
    char text[160];
} line;

static line *lines;
static size_t nlines, caplines;

static void emit(int64_t t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void emit(int64_t t, const char *fmt, ...)
{
    if (nlines == caplines) {
        caplines = caplines ? caplines * 2 : 4096;
        lines = realloc(lines, caplines * sizeof *lines);
        if (!lines) {
            fprintf(stderr, "ccscore-qlgen: out of memory\n");
            exit(1);
        }
    }
    line *l = &lines[nlines];
    l->t = t;
    l->seq = (uint32_t)nlines++;
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(l->text, sizeof l->text, "%lld|", (long long)t);
    vsnprintf(l->text + n, sizeof l->text - (size_t)n, fmt, ap);
    va_end(ap);
}

static int by_time(const void *a, const void *b)
{
    const line *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

#define NQ 3
#define NA 24
static const char *const QUEUES[NQ] = { "sales", "billing", "support" };
static const double AHT[NQ] = { 260, 220, 300 };
/* Calls per hour at the day's peak, per queue. */
static const double PEAK[NQ] = { 30, 22, 16 };

typedef struct agent {
    int queue;
    int64_t on, off;           /* today's membership */
    int64_t brk, lunch;        /* pause starts */
    int64_t free_at;
} agent;

/* Share of the peak rate at a local hour (08:00-20:00). */
static double profile(double h)
{
    if (h < 8 || h >= 20)
        return 0;
    return 0.35 + 0.65 * exp(-pow((h - 11.0) / 2.0, 2)) + 0.3 * exp(-pow((h - 15.0) / 1.5, 2));
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int paused(const agent *a, int64_t t)
{
    return (t >= a->brk && t < a->brk + 900) || (t >= a->lunch && t < a->lunch + 1800);
}

int main(int argc, char **argv)
{
    uint64_t seed = 20261116;
    int weeks = 2, y = 2026, m = 11, d = 9;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--weeks") && i + 1 < argc)
            weeks = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--start") && i + 1 < argc && sscanf(argv[++i], "%d-%d-%d", &y, &m, &d) == 3)
            ;
        else {
            fprintf(stderr, "usage: ccscore-qlgen [--seed N] [--weeks N] [--start YYYY-MM-DD (a Monday)]\n");
            return 2;
        }
    }
    if (weeks < 1 || weeks > 52) {
        fprintf(stderr, "ccscore-qlgen: --weeks takes 1 to 52\n");
        return 2;
    }
    rng_state = seed;
    int64_t day0 = days_from_civil(y, m, d);
    emit(day0 * 86400 + 7 * 3600, "NONE|NONE|NONE|QUEUESTART|");
    uint64_t callno = 0;
    agent ag[NA];
    for (int day = 0; day < weeks * 7; day++) {
        int wd = day % 7; /* 0 = Monday */
        if (wd == 6)
            continue;
        int64_t base = (day0 + day) * 86400;
        double volume = wd == 0 ? 1.2 : wd == 5 ? 0.5 : 1.0;
        for (int a = 0; a < NA; a++) {
            agent *g = &ag[a];
            /* 10 sales, 7 billing, 7 support; early and late shifts. */
            g->queue = a < 10 ? 0 : a < 17 ? 1 : 2;
            int late = a % 2;
            /* Sales is short on weekday mornings: three of its early shift start at 12:00. */
            int start_h = late ? 12 : (g->queue == 0 && a < 6 && wd < 5 ? 12 : 8);
            if (wd == 5 && a % 3 == 0)
                continue;
            g->on = base + start_h * 3600 - 300 + (int64_t)(rnd() % 600);
            g->off = base + (late ? 20 : 16) * 3600 + (int64_t)(rnd() % 600);
            if (start_h == 12 && !late)
                g->off = base + 20 * 3600;
            g->brk = g->on + 2 * 3600 + (int64_t)(rnd() % 1800);
            g->lunch = g->on + 4 * 3600 + (int64_t)(rnd() % 1800);
            g->free_at = g->on;
            emit(g->on, "NONE|%s|PJSIP/%d|ADDMEMBER|", QUEUES[g->queue], 2001 + a);
            emit(g->brk, "NONE|%s|PJSIP/%d|PAUSE|Break", QUEUES[g->queue], 2001 + a);
            emit(g->brk + 900, "NONE|%s|PJSIP/%d|UNPAUSE|", QUEUES[g->queue], 2001 + a);
            emit(g->lunch, "NONE|%s|PJSIP/%d|PAUSE|Lunch", QUEUES[g->queue], 2001 + a);
            emit(g->lunch + 1800, "NONE|%s|PJSIP/%d|UNPAUSE|", QUEUES[g->queue], 2001 + a);
            emit(g->off, "NONE|%s|PJSIP/%d|REMOVEMEMBER|", QUEUES[g->queue], 2001 + a);
        }
        for (int q = 0; q < NQ; q++) {
            double rate_max = PEAK[q] * volume * 1.5 / 3600.0; /* thinning bound */
            int64_t t = base + 8 * 3600;
            double tf = (double)t;
            for (;;) {
                tf += expo(1.0 / rate_max);
                t = (int64_t)tf;
                if (t >= base + 20 * 3600)
                    break;
                double h = (double)(t - base) / 3600.0;
                if (unif() * 1.5 > profile(h))
                    continue;
                char id[32];
                snprintf(id, sizeof id, "%lld.%llu", (long long)t, (unsigned long long)++callno);
                emit(t, "%s|%s|NONE|ENTERQUEUE||0163296%04llu|1", id, QUEUES[q],
                     (unsigned long long)(rnd() % 10000));
                /* The member of this queue free first, logged in and not paused. */
                int best = -1;
                int64_t best_at = INT64_MAX;
                for (int a = 0; a < NA; a++) {
                    agent *g = &ag[a];
                    if (g->queue != q || (wd == 5 && a % 3 == 0))
                        continue;
                    int64_t at = g->free_at > t ? g->free_at : t;
                    if (at < g->on)
                        at = g->on;
                    while (paused(g, at))
                        at = at < g->lunch + 1800 && at >= g->lunch ? g->lunch + 1800 : g->brk + 900;
                    if (at >= g->off)
                        continue;
                    if (at < best_at) {
                        best_at = at;
                        best = a;
                    }
                }
                double patience = expo(90);
                int64_t wait = best >= 0 ? best_at - t : 100000;
                if (wait > 300 && patience > 300) {
                    emit(t + 300, "%s|%s|NONE|EXITWITHTIMEOUT|1|1|300", id, QUEUES[q]);
                    continue;
                }
                if ((double)wait > patience) {
                    int64_t w = (int64_t)patience;
                    emit(t + w, "%s|%s|NONE|ABANDON|1|1|%lld", id, QUEUES[q], (long long)w);
                    continue;
                }
                agent *g = &ag[best];
                int64_t ring = 2 + (int64_t)(rnd() % 6);
                if (rnd() % 25 == 0) /* a ring no one answered first */
                    emit(t + wait, "%s|%s|PJSIP/%d|RINGNOANSWER|15000", id, QUEUES[q], 2001 + (best + 1) % NA);
                int64_t hold = wait + ring;
                int64_t talk = (int64_t)(AHT[q] * exp(0.45 * (sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif())) - 0.1));
                if (talk < 20)
                    talk = 20;
                emit(t + hold, "%s|%s|PJSIP/%d|CONNECT|%lld|%s.1|%lld", id, QUEUES[q], 2001 + best,
                     (long long)hold, id, (long long)ring);
                if (rnd() % 12 == 0)
                    emit(t + hold + talk, "%s|%s|PJSIP/%d|BLINDTRANSFER|2000|from-internal|%lld|%lld|1", id,
                         QUEUES[q], 2001 + best, (long long)hold, (long long)talk);
                else
                    emit(t + hold + talk, "%s|%s|PJSIP/%d|%s|%lld|%lld|1", id, QUEUES[q], 2001 + best,
                         rnd() % 2 ? "COMPLETEAGENT" : "COMPLETECALLER", (long long)hold, (long long)talk);
                g->free_at = t + hold + talk + 20; /* wrap-up */
            }
        }
    }
    qsort(lines, nlines, sizeof *lines, by_time);
    for (size_t i = 0; i < nlines; i++)
        printf("%s\n", lines[i].text);
    free(lines);
    return ferror(stdout) ? 1 : 0;
}
