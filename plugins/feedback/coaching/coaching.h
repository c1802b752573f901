/* coaching: motivational feedback for agents and teams, rendered from the
 * organisation's mustache templates (see module.c for the whole story).
 *
 * The plugin's files, one job each:
 *   templates.c  finding, reading and compiling the template folders
 *   figures.c    labels, formatted figures and judgements of one metric
 *   context.c    the mustache view model's shared pieces (metric entries...)
 *   choose.c     strengths, focus areas and buddies
 *   agent.c      one agent's feedback
 *   team.c       one team's feedback
 *   render.c     rendering a named template and handing feedback over
 *   section.c    the report section "coaching" (what was chosen, as tables)
 *   comments.c   compliments and self-assessment from comments.csv's figures
 *   module.c     configuration, the component and the module
 */
#ifndef CCS_COACHING_H
#define CCS_COACHING_H

#include <stddef.h>
#include <stdint.h>

#include "buddy.h"
#include "ccscore/plugin.h"
#include "mustache.h"
#include "strtab.h"
#include "table.h"

extern const ccs_host_api *coaching_api;

typedef struct tpl {
    char *name;                /* file name without .mustache */
    mst_template *t;
} tpl;

typedef struct coaching {
    char *dir, *over;
    int formal, detailed, max_focus;
    double buddy_margin;
    uint64_t buddy_min_n;
    int max_mentees, review_days; /* the buddy plan (lib/buddy.h), issue 17 */
    tpl *tpls;
    size_t ntpls, cap;
} coaching;

/* Most focus areas per person (max_focus is at most 3; this bounds arrays). */
#define COACHING_MAX_FOCUS 16

/* templates.c */
int co_compile_all(ccs_host *host, coaching *c);
const mst_template *co_find_tpl(const coaching *c, const char *name);
void co_report_error(ccs_host *host, const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* figures.c */
const char *co_label_of(const char *metric);
int co_is_seconds(const ccs_metric_score *m);
void co_fmt_value(char *buf, size_t len, const ccs_metric_score *m, double v);
void co_fmt_diff(char *buf, size_t len, const ccs_metric_score *m, double d);
double co_margin(const ccs_metric_score *m, double target);
double co_improvement(const ccs_metric_score *m);
int co_judged(const ccs_metric_score *m);
int co_pressure_metric(const char *name);
const ccs_metric_score *co_metric_of(const ccs_scorecard *c, const char *name);
const ccs_scorecard *co_team_card(const ccs_report *r, const char *team);
const char *co_first_name(const char *name, char *buf, size_t len);

/* context.c */
mst_value *co_ends(mst_value *list);
mst_value *co_metric_entry(const ccs_metric_score *m);
void co_add_team_effect(mst_value *e, const ccs_metric_score *m, const ccs_scorecard *agent,
                        const ccs_scorecard *team);
void co_put_team_meeting(mst_value *e, const ccs_report *r, const ccs_scorecard *tc, const ccs_metric_score *m);
void co_put_period(mst_value *v, const ccs_report *r);
void co_put_band(mst_value *v, const ccs_report *r, const ccs_scorecard *card);

/* choose.c */
typedef struct pick {
    const ccs_metric_score *m;
    double key;
} pick;

/* An agent's or team's figures on target, largest margin first (`skip`
 * leaves some out); *np is set to the count.  NULL when out of memory. */
pick *co_on_target(const ccs_scorecard *sc, int (*skip)(const char *name), size_t *np);
/* The buddy plan over the report (lib/buddy.c, the same as `ccscore
 * buddies`): -1 when out of memory. */
int co_buddy_plan(const coaching *c, const ccs_report *r, buddy_plan *plan);
/* The plan's buddy of this agent for this figure, or NULL. */
const ccs_scorecard *co_find_buddy(const buddy_plan *plan, const ccs_report *r, const ccs_scorecard *agent,
                                   const ccs_metric_score *m);

/* What coaching chose for one agent, for the report section. */
typedef struct agent_choice {
    const ccs_scorecard *agent;
    const char *opening;       /* strength, improvement, neutral */
    int careful;
    const pick *strengths;
    size_t nstrengths;
    const ccs_metric_score *focus[COACHING_MAX_FOCUS];
    const ccs_scorecard *buddy[COACHING_MAX_FOCUS];
    size_t nfocus;
} agent_choice;

/* render.c */
char *co_render_named(const coaching *c, const char *prefix, const char *metric, const mst_value *ctx);
int co_emit_feedback(const coaching *c, ccs_host *host, const mst_value *v, int entity, const char *id);

/* section.c */
typedef struct coaching_section {
    table_builder facts, agents, focus, labels;
    strtab labelled;           /* metrics with a label row */
    int oom;
} coaching_section;

void co_section_init(coaching_section *s, const coaching *c);
void co_section_agent(coaching_section *s, const agent_choice *ch);
int co_section_add(coaching_section *s, ccs_host *host);
void co_section_free(coaching_section *s);

/* comments.c: compliment, compliments, several_compliments; agents also
 * self_check {self, qa, gap, higher} */
void co_put_comments(mst_value *v, const ccs_scorecard *card, int agent);

/* agent.c, team.c */
int co_agent_feedback(const coaching *c, ccs_host *host, const ccs_report *r, const ccs_scorecard *a,
                      const buddy_plan *plan, coaching_section *sec);
int co_team_feedback(const coaching *c, ccs_host *host, const ccs_report *r, const ccs_scorecard *tc);

#endif
