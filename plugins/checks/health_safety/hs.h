/* health_safety: working-time checks over agents' activity (UK Working Time
 * Regulations 1998, EU Directive 2003/88/EC, HSE display-screen guidance).
 *
 * The check keeps every agent's activity spans (a schedule: a few rows per
 * agent and day) and the roster's flags, and judges them at the end of the
 * input.  The model, per agent:
 *
 *  - presence: shift, training, coaching, login, pause and wrapup spans;
 *    rest: break and lunch spans, except where training or coaching overlaps
 *    them (that time is work);
 *  - a working day is the presence spans that start on one local day, plus
 *    any span that starts before the day's last span ends (a night shift, or
 *    an export that cuts shifts at midnight); its envelope runs from its
 *    first start to its last end;
 *  - working time is the envelope's time in presence and not in rest; a
 *    break is a stretch of the envelope that is not working time and touches
 *    neither end (a break at the start or the end of the day is not one);
 *  - screen work is working time outside pause, training and coaching; a
 *    pause, break, lunch, training or coaching of at least screen_break_min
 *    ends a stretch of continuous screen work;
 *  - weeks run Monday 00:00 to Monday 00:00, local time (WTR reg 11(6)); a
 *    week's working time is that of the working days that start in it; the
 *    weeks checked are those that the data touches, and time outside the
 *    data counts as rest (so an edge can hide a breach, never invent one).
 *
 * Findings go to the owner `workforce planning` (a setting), name the agent,
 * the date, the measured value and the limit, and never touch scores.
 *
 * Files: agents.c (the per-agent activity store), days.c (working days and
 * their measures), rest.c (rest break, daily and weekly rest), hours.c (the
 * weeks' hours: 48-hour average, young workers, night workers), screen.c
 * (screen breaks), check.c (one agent through every rule, in order),
 * findings.c (findings and their wording), section.c (the report section),
 * shard.c (each reading thread's agents and spans, merged in file order),
 * module.c (keys, instance, component). */
#ifndef CCS_HEALTH_SAFETY_H
#define CCS_HEALTH_SAFETY_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "tally.h"
#include "strtab.h"

extern const ccs_host_api *hs_api;

/* ------------------------------------------------------------ settings */

enum { REST_7D = 0, REST_14D = 1 };

typedef struct hs_limits {
    int64_t break_after, break_len;             /* seconds */
    int64_t young_break_after, young_break_len;
    int64_t daily_rest, young_daily_rest;
    int64_t weekly_rest, fortnight_rest;
    int weekly_rest_mode;
    double max_weekly_h, young_daily_max_h, young_weekly_max_h, night_max_h;
    int reference_weeks;
    int night_exclude_rest;
    int64_t screen_max, screen_break;
    char *owner;
} hs_limits;

/* ------------------------------------------------------------ state */

typedef struct span {
    int64_t s, e;
    int kind;                  /* enum ccs_activity_kind */
    int32_t day;               /* local day of s */
    const char *file;
    uint64_t line;
} span;

typedef struct agent {
    const char *id;            /* the hs_inst's interned copy */
    int young, night, opt_out; /* -1 unknown */
    int roster;                /* flags from a roster row (a shard's merge takes them) */
    span *spans;
    size_t n, cap;
} agent;

typedef struct hs_inst {
    hs_limits lim;
    strtab ids;                /* agent id -> index in agents (until they are sorted) */
    agent *agents;
    size_t nagents, capagents;
    int have_days;
    int32_t first_day, last_day; /* local days that the activity touches */
    ccs_host *host;
    size_t counts[16];         /* the report period's findings per rule, for the summary */
    tally tally;               /* every finding's rule and day */
} hs_inst;

enum rule {
    R_REST_BREAK, R_DAILY_REST, R_WEEKLY_REST, R_WEEKLY_HOURS, R_YOUNG_DAILY, R_YOUNG_WEEKLY,
    R_NIGHT, R_SCREEN, R_COUNT
};
extern const char *const hs_rule_ids[R_COUNT];

/* One working day of an agent. */
typedef struct day_group {
    size_t first, last;        /* presence spans [first, last) */
    int64_t es, ee;            /* envelope */
    int32_t day;
    int64_t work;              /* seconds of working time */
    int64_t longest_break;
    int64_t longest_screen;
} day_group;

/* One agent's schedule as the rules see it: spans in time order, split into
 * presence and rest, and grouped into working days. */
typedef struct agent_days {
    hs_inst *h;
    const agent *a;
    int young;
    span *pres, *rest;
    size_t np, nr;
    day_group *g;
    size_t ng;
} agent_days;

/* The Monday-to-Sunday weeks that the data touches, and an agent's hours in each. */
typedef struct agent_weeks {
    int32_t w0, w1;            /* Mondays of the first and the last week */
    size_t n;
    double *hours;
    size_t *wfirst;            /* first day group of the week + 1; 0: none */
} agent_weeks;

/* ------------------------------------------------------------ agents.c */

void hs_add(void *inst, ccs_host *host, const ccs_record *rec);
/* The agent of an id, added when new; NULL when out of memory or the id is
 * empty. */
agent *hs_agent(hs_inst *h, ccs_str id);
/* The agents in id order (ids no longer find them). */
void hs_sort_agents(hs_inst *h);

/* ------------------------------------------------------------ days.c */

/* Sort the agent's spans and group them into working days (measured by
 * hs_measure_day).  -1 when out of memory. */
int hs_days_init(agent_days *d, hs_inst *h, agent *a);
void hs_days_free(agent_days *d);
/* Working time, longest break and longest screen stretch of day k. */
int hs_measure_day(agent_days *d, size_t k);

/* ------------------------------------------------------------ the rules */

void hs_rule_rest_break(agent_days *d, size_t k);      /* rest.c */
void hs_rule_daily_rest(agent_days *d, size_t k);
void hs_rule_weekly_rest(agent_days *d, const agent_weeks *w);
void hs_rule_young_daily(agent_days *d, size_t k);     /* hours.c */
void hs_rule_young_weekly(agent_days *d, const agent_weeks *w);
void hs_rule_averages(agent_days *d, const agent_weeks *w); /* 48-hour average and night work */
void hs_rule_screen(agent_days *d, size_t k);          /* screen.c */

/* hours.c: the weeks and the agent's hours in each.  -1 when out of memory. */
int hs_weeks_init(agent_weeks *w, const agent_days *d);
void hs_weeks_free(agent_weeks *w);

/* ------------------------------------------------------------ check.c */

int hs_finish(void *inst, ccs_host *host);

/* ------------------------------------------------------------ findings.c */

int32_t hs_monday_of(int32_t day);
void hs_fmt_dur(char *buf, size_t len, int64_t secs);
void hs_fmt_hours(char *buf, size_t len, double h);
/* A finding about agent a on day `at` (the day, or the first day of the
 * week or window judged), referring to the span s (or to the agent when s
 * is NULL). */
void hs_report(hs_inst *h, int rule, int severity, const agent *a, const span *s, int32_t at, const char *measured,
               const char *limit, const char *message);

/* ------------------------------------------------------------ section.c */

int hs_section(hs_inst *h, ccs_host *host);

/* ------------------------------------------------------------ shard.c */

/* The check on every reading thread (ABI 1.4). */
void *hs_shard_new(void *inst);
void hs_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec);
int hs_shard_merge(void *inst, void *shard, ccs_host *host);
void hs_shard_free(void *inst, void *shard);

/* ------------------------------------------------------------ module.c */

int hs_init(ccs_host *host, const ccs_host_api *host_api);

#endif
