/* Per agent and calendar week (Monday to Sunday): the seconds handled, the
 * seconds staffed and the coaching sessions, collected while records stream
 * (issue 14: retention's occupancy and coaching risk factors).  Memory grows
 * with agents x weeks, never with rows: one fixed-size entry per agent-week.
 *
 * A contact adds talk + hold + ACW (answered, with an agent) to the week of
 * its local day; an activity span adds its whole length to the week of its
 * start: logins and shifts as time on duty, wrap-up pauses as handled time,
 * other pauses, breaks, lunches, training and coaching as time away.  A
 * week's staffed time is its logins less its pauses (an ACD's logins: time
 * away while logged in is a pause, taken to lie inside the logins as in the
 * workload check), or, when the agent has no login that week (a schedule
 * without an ACD log), its shifts less all its time away. */
#ifndef CCS_AGENT_LOAD_H
#define CCS_AGENT_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "strtab.h"

typedef struct load_week {
    double handled_s, wrapup_s, login_s, shift_s;
    double pause_s, off_s;     /* pauses; breaks, lunches, training, coaching */
    uint32_t coaching;         /* coaching sessions started this week */
    int32_t coached_on;        /* the latest such day; INT32_MIN when none */
} load_week;

typedef struct agent_load {
    int32_t first_week;        /* week number of w[0] */
    load_week *w;
    size_t nweeks;
} agent_load;

typedef struct load_summary {
    strtab ids;                /* agent ids; index = index in a */
    agent_load *a;
    size_t cap;
    int32_t *map;              /* run agent index -> index in ids + 1; 0: not yet */
    size_t nmap;
    uint64_t coaching;         /* coaching sessions seen, all agents */
    int32_t last;              /* index + 1 of the last activity's agent: an
                                * activity file runs agent by agent */
} load_summary;

/* The Monday-based week number of a local day (days since 1970-01-01). */
static inline int32_t load_week_of(int32_t day)
{
    int32_t d = day + 3; /* 1970-01-01 was a Thursday: week 0 starts on 1969-12-29 */
    return d >= 0 ? d / 7 : -((-d + 6) / 7);
}

/* The Monday of week w. */
static inline int32_t load_monday(int32_t w)
{
    return w * 7 - 3;
}

void load_init(load_summary *s);
void load_free(load_summary *s);
/* An answered contact of the run's agent index `agent` (id its id); -1: no memory. */
int load_contact(load_summary *s, int32_t agent, ccs_str id, const ccs_contact *c);
/* An activity span; -1: no memory. */
int load_activity(load_summary *s, const ccs_activity *a);
/* Fold a shard's summary into s (shards merge in file order); -1: no memory. */
int load_merge(load_summary *s, const load_summary *from);
/* The agent's entry, or NULL when nothing was seen of it. */
const agent_load *load_find(const load_summary *s, const char *id);
/* Week w of an agent, or NULL when none of its records fell in it. */
const load_week *load_get(const agent_load *a, int32_t w);
/* Occupancy of a week (stats_occupancy over its handled and staffed
 * seconds); 0, or -1 when it staffed nothing (no availability data). */
int load_occupancy(const load_week *w, double *staffed_s, double *occupancy);

#endif
