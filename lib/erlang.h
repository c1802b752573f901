/* Erlang C queue staffing, as DOMAIN.md describes it: traffic A in Erlangs
 * (arrivals per interval x AHT / interval length), N agents.
 *
 * Erlang B comes from its recursion (no factorials, no powers), so any A
 * that fits a double works: A = 500, 5000 or 50000 lose nothing to overflow.
 * Every function takes N <= A (an unstable queue) and answers for it: the
 * probability of waiting is 1, the service level 0, the ASA infinite. */
#ifndef CCS_ERLANG_H
#define CCS_ERLANG_H

typedef struct erlang_figures {
    int agents;
    double pw;          /* probability that a contact waits */
    double sl;          /* share answered within the threshold */
    double asa;         /* average speed of answer, seconds (INFINITY when N <= A) */
    double occupancy;   /* A / N, at most 1 */
} erlang_figures;

typedef struct erlang_plan {
    double traffic;     /* A, Erlangs */
    int raw_for_sl;     /* fewest agents that meet the service level */
    int raw;            /* after the maximum occupancy: the agents on the phones */
    int by_occupancy;   /* 1 when the occupancy cap raised raw above raw_for_sl */
    int staff;          /* raw / (1 - shrinkage), rounded up: the agents to schedule */
    erlang_figures at;  /* the figures with `raw` agents */
} erlang_plan;

/* A = calls x aht_s / interval_s. */
double erlang_traffic(double calls, double interval_s, double aht_s);
/* Erlang B blocking probability B(N) for traffic a. */
double erlang_b(double a, int n);
/* Erlang C probability of waiting Pw = N B / (N - A (1 - B)). */
double erlang_c(double a, int n);
/* SL = 1 - Pw e^{-(N - A) T / AHT}. */
double erlang_service_level(double a, int n, double aht_s, double threshold_s);
/* ASA = Pw AHT / (N - A). */
double erlang_asa(double a, int n, double aht_s);
/* Every figure for N agents. */
void erlang_figures_for(double a, int n, double aht_s, double threshold_s, erlang_figures *out);
/* Agents required: from floor(A) + 1 up until SL >= target_sl, then at least
 * ceil(A / max_occupancy) (max_occupancy in (0, 1]; 1 or more: no cap), then
 * staff = ceil(raw / (1 - shrinkage)), shrinkage in [0, 1).  A of 0 needs no
 * agent.  Returns 0, or -1 for arguments out of range. */
int erlang_required(double a, double aht_s, double threshold_s, double target_sl,
                    double max_occupancy, double shrinkage, erlang_plan *out);

#endif
