/* `ccscore skills` and `ccscore buddies` (issue 17): the people verbs.  They
 * run the scoring job as `run` does, then write their own output instead of
 * the report (text, json or csv; -o writes atomically).
 *
 *   skills.c         the matrix: every agent's figures per queue and channel
 *   skills_suggest.c strongest and weakest queues, and suggestions from the
 *                    workload section's pressure figures
 *   skills_out.c     the matrix as text, JSON and CSV
 *   buddies.c        the buddy plan (lib/buddy.c) as text, JSON and CSV
 *   people.c         preparing the run, choosing the output */
#ifndef CCS_PEOPLE_H
#define CCS_PEOPLE_H

#include <stdio.h>

#include "engine.h"
#include "host.h"
#include "scorecard.h"
#include "buddy.h"

/* Before the instances are created: skills loads the workload check with
 * its defaults when the policy has none (its suggestions need the pressure
 * figures).  0, or -1 with a diagnostic. */
int people_prepare(ccs_host *h, const run_options *o, diag_list *d);
/* After the report is built: the verb's output.  An exit status. */
int people_write(ccs_host *h, const run_options *o, const report_model *m, diag_list *d);

/* ---- skills */

#define SKILLS_ALL_CHANNELS (-2) /* a row over every channel of a queue */

typedef struct skill_row {
    int32_t agent, queue, channel; /* channel SKILLS_ALL_CHANNELS: all */
    size_t agent_card;         /* index into the report's agents */
    ccs_scorecard card;        /* figures judged as the scorecard judges them */
} skill_row;

typedef struct skill_pick {
    size_t agent_card;
    long strongest, weakest;   /* row indices (channel all), -1: none scored */
    size_t nscored;            /* queues with a score */
} skill_pick;

typedef struct skill_suggestion {
    size_t row;                /* the agent's row in the pressured queue (all channels) */
    double share;              /* the queue's share of the agent's handled contacts */
    double queue_score;        /* the queue's own score */
    double bottlenecks, affected; /* the workload section's intervals below target */
    double worst_day;          /* the interval that affected most contacts */
    double worst_start, worst_sl, worst_required, worst_staffed;
    int has_worst, has_required, has_day;
} skill_suggestion;

typedef struct skills_model {
    const run_state *r;
    const ccs_report *rep;
    skill_row *rows;           /* by agent id, queue id, all channels first, channel id */
    size_t nrows, caprows;
    ccs_metric_score *ms;
    size_t *sf;
    ccs_figure_points *fp;
    skill_pick *picks;         /* one per agent of the report with any row */
    size_t npicks, cappicks;
    skill_suggestion *sugg;
    size_t nsugg, capsugg;
    int has_workload;          /* the report has the workload section */
} skills_model;

int skills_build(const ccs_host *h, const report_model *m, skills_model *s);
void skills_free(skills_model *s);
const char *skills_channel_name(const skills_model *s, const skill_row *row);
/* skills_suggest.c */
int skills_pick(skills_model *s);
int skills_suggest(skills_model *s, const ccs_report *rep);
/* skills_out.c */
int skills_write_text(void *arg, FILE *out);
int skills_write_json(void *arg, FILE *out);
int skills_write_csv(void *arg, FILE *out);

/* ---- buddies */

typedef struct buddies_model {
    const ccs_report *rep;
    buddy_params params;
    buddy_plan plan;
} buddies_model;

/* The plan's settings: the policy's [feedback] instance of coaching when it
 * has one (buddy_margin, buddy_min_n, max_mentees, max_focus,
 * review_after_days), else lib/buddy.c's defaults. */
void buddies_params(const ccs_host *h, buddy_params *p);
int buddies_write_text(void *arg, FILE *out);
int buddies_write_json(void *arg, FILE *out);
int buddies_write_csv(void *arg, FILE *out);

/* CSV: a field quoted when it needs to be. */
void people_csv_field(FILE *out, const char *s);

#endif
