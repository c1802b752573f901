/* The engine's verbs share these steps (engine.c runs them in order;
 * inputs.c, outputs.c and plugins_list.c hold the steps' own work). */
#ifndef CCS_ENGINE_INT_H
#define CCS_ENGINE_INT_H

#include "engine.h"
#include "host.h"

/* Load the policy and the modules it names. */
int open_policy(ccs_host *h, const char *path, diag_list *d);
/* Run every instance's create() in policy order. */
int create_instances(ccs_host *h, diag_list *d);
/* Which file each source reads: data files named on the command line
 * replace the policy's sources of the same stream. */
int plan_inputs(ccs_host *h, char **files, size_t nfiles, diag_list *d);
/* Read every input, roster and objectives first. */
int read_inputs(ccs_host *h);
/* Issue 11: -1 (said on stderr) when a file rejected more than its
 * max_rejected share of rows. */
int check_rejected(const ccs_host *h);
/* Issue 11, check-config: each source file's header against the source's
 * col_* mapping (into d, at the key's file:line). */
void check_headers(ccs_host *h, diag_list *d);
void print_row_errors(const run_state *r);
/* The report's format: --format, else -o's extension when a loaded sink
 * writes it (.txt or none: text).  -1 (said on stderr) when no sink does. */
int choose_format(const ccs_host *h, const run_options *o, const char **format);
/* The report in that format, then the policy's own sinks. */
int write_outputs(ccs_host *h, const run_options *o, const char *format, const ccs_report *rep, diag_list *d);
/* Every check's finish(), then (once the report is built) review(). */
int finish_checks(ccs_host *h);
int review_checks(ccs_host *h, const ccs_report *rep);
/* EXIT_FINDINGS, said on stderr with the first few, when the report's
 * findings reach the policy's fail_level; else EXIT_OK. */
int findings_exit_status(const ccs_host *h, const ccs_report *rep);
/* `ccscore feedback --agent ID | --team ID`. */
int print_feedback_for(const ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d);

/* Issue 11 (runinfo.c): --period as text, relative ones (yesterday,
 * last-week, last-month) from today or CCSCORE_NOW on the organisation's
 * calendar; -1 bad text, -2 bad CCSCORE_NOW. */
int resolve_period(const char *text, const char *now_env, enum period_kind *kind, int32_t *id);
/* The "run" section, first in the report, when there is something to say:
 * no -c given, or a period the data covers in part. */
int add_run_section(ccs_host *h, const ccs_report *rep);

#endif
