/* qa: the quality-assurance check (issue 16; CC28 1.1-1.3).  It reads the
 * QA evaluations and the comments (ABI 1.4) and, once the scorecards are
 * built (review(), ABI 1.3), judges how QA is spread and how evaluators
 * agree:
 *   qa.coverage            an agent with fewer than min_evaluations
 *                          evaluations in the period (reference = agent);
 *   qa.evaluator_offset    an evaluator whose scores differ from other
 *                          evaluators' scores of the same agents by more than
 *                          offset_points, with a 95% t interval that excludes
 *                          zero (reference = evaluator);
 *   qa.evaluator_workload  an evaluator carrying more than max_share of the
 *                          period's evaluations (only when max_share is set).
 * With a contact_id column in evaluations.csv, contacts scored by several
 * evaluators (calibration sessions) get their spread and the agreement
 * ICC(1,1).  Comment topics are counted per team and per agent.
 *
 * Files: module.c (keys, records, review), judge.c (coverage, offsets,
 * workload), calib.c (calibration), section.c (the report section),
 * topics.c (comment topics). */
#ifndef CCS_QA_H
#define CCS_QA_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "strtab.h"

extern const ccs_host_api *qa_api;

typedef struct qa_eval {
    int32_t agent, evaluator;  /* into qa_inst.agents / .evaluators */
    int32_t contact;           /* into qa_inst.contacts; -1: none */
    int32_t day;               /* local day */
    double pct;                /* score / max x 100, 0 on auto-fail */
} qa_eval;

typedef struct qa_comment {
    int32_t agent, topic;      /* topic -1: none */
    int32_t day;
    int route;
} qa_comment;

typedef struct qa_params {
    int64_t min_evaluations;
    double offset_points;
    int64_t min_shared;
    int has_max_share;
    double max_share;
    char *owner;
} qa_params;

typedef struct qa_inst {
    qa_params p;
    strtab agents, evaluators, contacts, topics;
    qa_eval *ev;
    size_t nev, capev;
    qa_comment *cm;
    size_t ncm, capcm;
    int contact_col;           /* -2: not looked up yet; -1: no contact_id column */
    int oom;
} qa_inst;

/* One evaluator's figures over the period. */
typedef struct qa_evaluator_row {
    int32_t evaluator;
    uint64_t evaluations;
    double share;
    uint64_t n;                /* evaluations compared with other evaluators' */
    int judged;                /* n >= min_shared */
    double offset, ci_low, ci_high;
    int flagged, overloaded;
} qa_evaluator_row;

typedef struct qa_contact_row {
    int32_t contact;
    uint64_t ratings;
    double mean, spread, sd;   /* spread = max - min */
} qa_contact_row;

typedef struct qa_calibration {
    qa_contact_row *rows;
    size_t nrows;
    uint64_t ratings;
    int has_icc;
    double icc, k0;
} qa_calibration;

typedef struct qa_result {
    int32_t first_day, last_day;
    uint64_t agents, under;    /* coverage: agents judged, under the minimum */
    uint64_t total;            /* evaluations in the period */
    qa_evaluator_row *evaluators;
    size_t nevaluators;
    qa_calibration calib;
} qa_result;

static inline int qa_in_period(const qa_result *r, int32_t day)
{
    return day >= r->first_day && day <= r->last_day;
}

/* judge.c */
int qa_coverage(const qa_inst *q, ccs_host *host, const ccs_report *rep, qa_result *out);
int qa_evaluators(const qa_inst *q, ccs_host *host, qa_result *out);
/* calib.c */
int qa_calibrate(const qa_inst *q, qa_result *out);
/* section.c */
int qa_section(const qa_inst *q, ccs_host *host, const qa_result *res);
/* topics.c */
int qa_topics(const qa_inst *q, ccs_host *host, const ccs_report *rep, const qa_result *res);

#endif
