/* The engine's verbs, independent of argument parsing: check a policy, run a
 * scoring job, list plugins. */
#ifndef CCS_ENGINE_H
#define CCS_ENGINE_H

#include <stddef.h>

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };
enum { PEOPLE_NONE = 0, PEOPLE_SKILLS, PEOPLE_BUDDIES }; /* run_options.people (issue 17) */

typedef struct run_options {
    const char *policy;        /* NULL: the bundled example organisation */
    const char *period;        /* NULL: the latest period in the data */
    const char *format;        /* NULL: from -o's extension, else text */
    const char *output;        /* NULL: stdout */
    char **files;              /* data files replacing the policy's */
    size_t nfiles;
    int verbose;
    int colour;                /* -1 auto, 0 never, 1 always */
    int jobs;                  /* 0: one per core */
    int feedback;              /* --feedback: feedback texts in the text report */
    const char *agent;         /* `feedback --agent ID`: print only its feedback */
    const char *team;          /* `feedback --team ID` */
    /* History (issue 12): `run --record`, `record (--period P | --all)`. */
    const char *history;       /* --history FILE: the store; NULL: the policy's or the default */
    int record;                /* store the scored period */
    int record_all;            /* and every other period of the data */
    int record_only;           /* `record`: no report written */
    /* Retention (issue 14): `ccscore retention` prints it instead of the report. */
    int retention;
    const char *from, *to;     /* its window, YYYY-MM-DD; NULL: 12 months to the data's last day */
    const char *survey;        /* staff_survey.csv named on the command line */
    int people;                /* issue 17: `skills` or `buddies` (people.h) instead of the report */
} run_options;

int engine_run(const run_options *o);
/* Issue 11: files named are checked as `run` would read them (their
 * headers against the col_* mapping too). */
int engine_check_config(const char *policy, char **files, size_t nfiles);
int engine_plugins(const char *policy);
/* The bundled example policy's path. */
const char *engine_default_policy(void);

#endif
