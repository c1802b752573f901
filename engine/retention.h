/* Retention (issue 14): attrition, early leavers, leaving reasons, tenure of
 * leavers, staff satisfaction (eNPS and 1-5 items from staff_survey.csv),
 * agents at risk with their plain factors, and advice to management from
 * the policy's templates.  `ccscore retention` prints it; a run whose roster
 * has rows adds it to the report as the "retention" section (management
 * outputs only: no feedback component ever sees it). */
#ifndef CCS_RETENTION_H
#define CCS_RETENTION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "engine.h"
#include "host.h"
#include "policy.h"
#include "strbuf.h"

#define RET_MAX_ITEMS 16

/* [retention] settings. */
typedef struct ret_settings {
    char *survey;              /* staff_survey.csv, resolved; NULL: none */
    char *templates;           /* advice templates folder, resolved; NULL: none */
    long min_answers;          /* a team with fewer survey answers is not shown */
    long early_days;           /* a leaver with less service left early */
    double low_enps;           /* a shown team's eNPS below this is a risk factor */
    double high_attrition;     /* annualised rate (fraction) that calls for advice */
    double high_occupancy;     /* occupancy (fraction) over this ... */
    long occupancy_weeks;      /* ... in each of these last calendar weeks: a risk factor */
    double occupancy_min_hours; /* a week staffed less is not enough data */
    long coaching_weeks;       /* no coaching in these last calendar weeks: a risk factor */
} ret_settings;

extern const ccs_key retention_keys[];
int ret_settings_load(const policy *p, ret_settings *s, diag_list *d);
void ret_settings_free(ret_settings *s);

/* One survey answer. */
typedef struct ret_answer {
    int32_t day;
    int32_t team;              /* index into the survey's team names */
    int enps;                  /* 0..10, -1 when left blank */
    double items[RET_MAX_ITEMS]; /* 1..5, 0 when left blank */
} ret_answer;

typedef struct ret_survey {
    char *items[RET_MAX_ITEMS]; /* item column names, in header order */
    size_t nitems;
    char **teams;
    size_t nteams, capteams;
    ret_answer *answers;
    size_t nanswers, capanswers;
    uint64_t rejected;
} ret_survey;

/* 1 when a CSV header (the first line, len bytes) is a staff survey's. */
int ret_survey_header(const char *head, size_t len);
/* Read a staff survey; every bad row is a diagnostic naming file:line (the
 * row is skipped).  -1 when the file cannot be read or its header is wrong. */
int ret_survey_read(const char *path, ret_survey *s, diag_list *d);
void ret_survey_free(ret_survey *s);

typedef struct ret_reason {
    char *reason;
    size_t leavers;
} ret_reason;

typedef struct ret_enps {
    size_t n, promoters, detractors;
    int shown;                 /* n >= min_answers and not suppressed */
    double value, ci_low, ci_high;
} ret_enps;

/* The figures of the organisation or one team over the window. */
typedef struct ret_group {
    const char *name;          /* team name; NULL for the organisation */
    size_t headcount_start, headcount_end, leavers, early_leavers;
    double average_headcount;
    int has_rate;              /* average_headcount > 0 */
    double attrition_rate, annualised_rate;
    int has_tenure;
    double tenure_median_days;
    size_t tenure_n;
    ret_reason *reasons;       /* most leavers first */
    size_t nreasons;
    ret_reason *early_reasons; /* the early leavers' reasons, most first */
    size_t nearly_reasons;
    ret_enps enps;
    double item_mean[RET_MAX_ITEMS];
    size_t item_n[RET_MAX_ITEMS];
} ret_group;

typedef struct ret_risk {
    const char *agent, *team;
    char *factors;             /* "; "-separated plain facts with figures */
    size_t nfactors;
} ret_risk;

typedef struct retention {
    int32_t from, to;          /* the window, inclusive local days */
    const ret_settings *set;
    const ret_survey *survey;  /* NULL when there is none */
    ret_group org;
    ret_group *teams;
    size_t nteams;
    ret_risk *risks;
    size_t nrisks;
    char **advice;
    size_t nadvice;
    char **trend_facts;        /* per run agent index: a falling score, or NULL */
    size_t ntrend_facts;
    /* The occupancy and coaching factors: current agents judged, and those
     * with not enough data (no staffed hours, no coaching records at all). */
    size_t occ_judged, occ_unknown, coach_judged, coach_unknown;
    size_t occ_high, coach_none;  /* of those judged: listed for the factor */
    int has_coaching_data;     /* the run saw coaching activity records */
} retention;

/* The window's figures from the run's roster rows and the survey. */
int ret_figures(retention *rt, const run_state *r, diag_list *d);
/* Agents at risk (current agents only), from the roster, the survey and the
 * report's working-time findings. */
int ret_risks(retention *rt, const run_state *r, const ccs_report *rep);
/* One current agent's occupancy and coaching facts into b (load.c); n
 * counts the facts.  hired_on: the latest spell's hire day. */
int ret_load_facts(retention *rt, const run_state *r, const char *agent, int32_t hired_on, strbuf *b,
                   size_t *n);
void ret_add_fact(strbuf *b, size_t *n, const char *text);
/* How many current agents the occupancy and coaching factors judged, and
 * for how many there was not enough data, as a sentence. */
void ret_risk_note(const retention *rt, char *buf, size_t len);
/* The falling-score facts from the history store, when one is configured. */
int ret_trend_facts(retention *rt, ccs_host *h, const run_options *o, diag_list *d);
/* Advice from the settings' templates, tied to the figures. */
int ret_advice(retention *rt, diag_list *d);
void ret_free(retention *rt);

/* eNPS of answers: value = 100 (promoters - detractors) / n; 95% interval
 * of the mean of +100/0/-100 scores (normal approximation), clipped. */
void ret_enps_compute(ret_enps *e);

/* v rounded to a whole number for text, never "-0". */
static inline double ret_whole(double v)
{
    double r = (double)(long long)(v < 0 ? v - 0.5 : v + 0.5);
    return r == 0 ? 0.0 : r;
}

/* Output: text and JSON for the verb, and the report section. */
int ret_write_text(const retention *rt, FILE *f);
int ret_write_json(const retention *rt, FILE *f);
int ret_add_section(ccs_host *h, const retention *rt, diag_list *d);

/* The run's part: after the report is built, compute retention when the
 * roster has rows; the verb prints it (returns 1), a run adds the section.
 * 0 when done, -1 on error (d says why). */
int retention_run(ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d);
/* The first data file whose header is a staff survey's becomes o->survey
 * (taken out of o->files): run, feedback, record and retention accept it. */
void retention_take_survey(run_options *o);
/* `ccscore retention`: argv[0] is the verb. */
int retention_main(int argc, char **argv);

#endif
