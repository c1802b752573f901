/*
 * ccscore plugin ABI: the only header a plugin author needs.
 *
 * A module (one shared object) exports exactly one entry point, written by
 * CCS_MODULE(name, ...).  The host calls it, checks the returned descriptor's
 * magic, ABI major and struct size before running any other code of the
 * module, and then calls the descriptor's init(), in which the module
 * registers its components (sources, metrics, checks, feedback, sinks).
 *
 * Compatibility rules:
 *  - CCS_ABI_MAJOR changes when anything below changes incompatibly; the host
 *    refuses a module built for another major.
 *  - Structs that carry a `size` member only ever grow at the end; the host
 *    reads a newer field only when `size` says the module's struct has it, and
 *    a module must read host structs the same way.
 *  - Plugins never exit and never print: they return CCS_OK / CCS_ERR and
 *    report through api->log(), which prefixes the component's name.
 *  - Test whether a versioned struct has a field with CCS_HAS_FIELD().
 *
 * Lifetimes: everything the host hands a plugin (records and their slices,
 * configs, the report and its scorecards) is valid only during the call
 * that hands it over, unless said otherwise; copy what you keep.  Everything
 * a plugin hands the host (findings, feedback, sections) is copied before the
 * call returns, so the plugin may free or reuse it at once.  In particular:
 *  - the ccs_host_api table and ccs_host are valid from init() until the
 *    module is unloaded (after fini()); keep the api pointer in a static;
 *  - a ccs_config is valid during create() only: read its keys there;
 *  - an instance lives from create() to destroy() (called once, also when a
 *    later instance's create() failed); every other call gets it as `inst`;
 *  - a metric's accumulators are the host's memory (acc_size bytes, zeroed,
 *    aligned for any type); the host may move them with memcpy, so never
 *    keep a pointer into one; memory a metric hangs off one is freed by its
 *    acc_free() (ABI 1.3);
 *  - a record and its ccs_str slices are valid during add() only.
 * Threading: with --jobs, a metric's add() runs on several threads at once,
 * each on accumulators of its own (never the same one), and must not touch
 * shared state without its own locking; merge(), finish(), result(),
 * acc_free() and every other call run on one thread, one at a time.
 */
#ifndef CCSCORE_PLUGIN_H
#define CCSCORE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CCS_MODULE_MAGIC 0x43435343u /* "CCSC" */
#define CCS_ABI_MAJOR 1
#define CCS_ABI_MINOR 4

enum { CCS_OK = 0, CCS_ERR = -1 };

/* Whether the versioned struct *p (whose first member is `uint32_t size`,
 * filled in by whoever built it) is large enough to hold `field`. */
#define CCS_HAS_FIELD(p, type, field) \
    ((p)->size >= offsetof(type, field) + sizeof(((type *)0)->field))

/* ------------------------------------------------------------------------
 * Small value types
 * ---------------------------------------------------------------------- */

/* A slice of bytes that the callee does not own; not NUL-terminated. */
typedef struct ccs_str {
    const char *ptr;
    size_t len;
} ccs_str;

typedef struct ccs_host ccs_host;     /* opaque: the running engine */
typedef struct ccs_config ccs_config; /* opaque: one component instance's typed keys */
typedef struct ccs_output ccs_output; /* opaque: a file being written atomically */

/* ------------------------------------------------------------------------
 * Declared INI keys (principle 4)
 * ---------------------------------------------------------------------- */

enum ccs_key_type {
    CCS_KEY_STRING = 1, /* any text */
    CCS_KEY_INT,        /* whole number, range [min, max] when min < max */
    CCS_KEY_NUMBER,     /* decimal number, range [min, max] when min < max */
    CCS_KEY_BOOL,       /* yes/no, true/false, on/off, 1/0 */
    CCS_KEY_ENUM,       /* one of `choices`, written "a|b|c" */
    CCS_KEY_PATH,       /* file name, relative to the policy file's folder; a default
                         * "@datadir/..." lies in ccscore's data folder (issue 11) */
    CCS_KEY_PERCENT     /* "85%" or a fraction "0.85"; read back as a fraction */
};

typedef struct ccs_key {
    const char *name;          /* [a-z0-9_]+ */
    enum ccs_key_type type;
    const char *default_value; /* NULL: no default (the key is optional and unset) */
    const char *help;          /* one line, shown by `ccscore plugins` */
    const char *choices;       /* CCS_KEY_ENUM only */
    double min, max;           /* numeric range, checked when min < max */
} ccs_key;

/* ------------------------------------------------------------------------
 * Records: typed structs per stream (principle 7)
 * ---------------------------------------------------------------------- */

enum ccs_record_kind {
    CCS_REC_CONTACT = 1u << 0,
    CCS_REC_EVALUATION = 1u << 1,
    CCS_REC_AGENT = 1u << 2,
    CCS_REC_OBJECTIVE = 1u << 3,
    CCS_REC_ACTIVITY = 1u << 4
};

enum ccs_outcome { CCS_OUTCOME_ANSWERED = 1, CCS_OUTCOME_ABANDONED = 2 };

/* Header common to every record.  `fields`/`nfields` are the raw columns of
 * the row as the source read them (for extra columns the engine does not
 * know); look a column up once with api->column_index(), then read it on
 * every row with ccs_record_column(). */
typedef struct ccs_record {
    uint32_t kind;            /* one enum ccs_record_kind value */
    uint32_t size;            /* sizeof the full typed record */
    const char *file;         /* where it came from, for messages */
    uint64_t line;            /* first physical line of the row */
    const ccs_str *fields;    /* raw fields, may be NULL */
    uint32_t nfields;
    uint32_t stream;          /* the source stream's id, for column_index */
} ccs_record;

/* Timestamps are seconds since the Unix epoch (UTC).  `local_day` is the
 * number of days since 1970-01-01 of the same instant on the organisation's
 * calendar, filled in by the source through api->local_day(). */
typedef struct ccs_contact {
    ccs_record hdr;
    ccs_str contact_id, agent_id, team, queue, channel, customer_id, notes;
    int64_t started_at;
    int32_t local_day;
    int32_t local_minute;  /* minute of the local day, 0..1439 */
    double wait_s, talk_s, hold_s;
    double acw_s;          /* -1 when the source has no after-call work (issue 11) */
    int outcome;           /* enum ccs_outcome */
    int transferred;       /* 0/1 */
    int resolved;          /* 0/1, -1 when the export has no such flag */
    int csat;              /* 1..5, 0 when no survey answer */
    int nps;               /* 0..10, -1 when no survey answer */
} ccs_contact;

typedef struct ccs_evaluation {
    ccs_record hdr;
    ccs_str agent_id, evaluator;
    int64_t evaluated_at;
    int32_t local_day;
    double score, max_score;
    int auto_fail;         /* 0/1: the evaluation scores 0 */
} ccs_evaluation;

typedef struct ccs_agent {
    ccs_record hdr;
    ccs_str agent_id, name, team, leave_reason;
    int32_t hired_on;      /* days since 1970-01-01, INT32_MIN when unknown */
    int32_t left_on;       /* days since 1970-01-01, INT32_MIN while employed */
    int young_worker;      /* 0/1, -1 when the roster does not say */
    int night_worker;      /* 0/1, -1 when the roster does not say */
    int opt_out_48h;       /* 0/1, -1 when the roster does not say */
} ccs_agent;

enum ccs_activity_kind {
    CCS_ACT_SHIFT = 1, CCS_ACT_BREAK, CCS_ACT_LUNCH, CCS_ACT_TRAINING, CCS_ACT_COACHING,
    CCS_ACT_PAUSE, CCS_ACT_LOGIN, CCS_ACT_WRAPUP
};

/* Something an agent did over a span of time: a shift, a break, a pause, a
 * login session (from a schedule export or an ACD log). */
typedef struct ccs_activity {
    ccs_record hdr;
    ccs_str agent_id, queue, reason;
    int activity;          /* enum ccs_activity_kind */
    int64_t start, end;    /* UTC seconds; end >= start */
    int32_t local_day;     /* of start, on the organisation's calendar */
    int32_t local_minute;
} ccs_activity;

typedef struct ccs_objective {
    ccs_record hdr;
    ccs_str agent_id, metric;
    double target;         /* in the metric's unit (rates as fractions) */
    int32_t from_day, to_day; /* inclusive, days since 1970-01-01 */
} ccs_objective;

/* ABI 1.4 (issue 16): comments about an agent from every feedback route
 * (comments.csv): complaints, compliments, peer and self-assessment, mystery
 * shoppers, other customer comments.  Free text never reaches a record: a
 * comment carries its route, sentiment, an optional topic word and an
 * optional score (0-100 points, like a QA evaluation). */
#define CCS_REC_COMMENT (1u << 5)

enum ccs_comment_route {
    CCS_ROUTE_COMPLAINT = 1, CCS_ROUTE_COMPLIMENT, CCS_ROUTE_PEER, CCS_ROUTE_SELF,
    CCS_ROUTE_MYSTERY_SHOPPER, CCS_ROUTE_CUSTOMER
};

typedef struct ccs_comment {
    ccs_record hdr;
    ccs_str agent_id, topic;   /* topic: a short label, may be empty */
    int32_t received_on;       /* local day, days since 1970-01-01 */
    int route;                 /* enum ccs_comment_route */
    int sentiment;             /* -1, 0, 1 */
    int has_score;             /* 0: no score given */
    double score;              /* 0..100 points */
} ccs_comment;

static inline ccs_str ccs_record_column(const ccs_record *r, int index)
{
    ccs_str none = { "", 0 };
    if (!r->fields || index < 0 || (uint32_t)index >= r->nfields)
        return none;
    return r->fields[index];
}

/* ------------------------------------------------------------------------
 * Metric results and the report model read by sinks and feedback
 * ---------------------------------------------------------------------- */

enum ccs_metric_type {
    CCS_METRIC_RATE = 1, /* a proportion successes/n in [0,1]; Wilson interval */
    CCS_METRIC_MEAN,     /* a mean over n (durations, QA points) */
    CCS_METRIC_INDEX     /* any other figure over n (NPS, -100..100) */
};

/* What a metric's result() fills in. */
typedef struct ccs_result {
    double value;
    uint64_t n;          /* sample size behind the value */
    uint64_t successes;  /* CCS_METRIC_RATE: the numerator; the host computes Wilson */
    int defined;         /* 0 when n is 0 or the figure has no meaning */
    int has_ci;          /* set by the metric for non-rate intervals */
    double ci_low, ci_high;
} ccs_result;

enum ccs_status {
    CCS_STATUS_NONE = 0,        /* no target set: reported, not scored */
    CCS_STATUS_MEETS,
    CCS_STATUS_NEAR,
    CCS_STATUS_BELOW,
    CCS_STATUS_INSUFFICIENT     /* n below the minimum sample: never "below" */
};

typedef struct ccs_metric_score {
    const char *name;          /* the policy's metric instance name */
    const char *unit;          /* "s", "%", "pts", "" */
    int type;                  /* enum ccs_metric_type */
    int defined;
    double value;
    uint64_t n;
    int has_ci;
    double ci_low, ci_high;
    int has_target;
    double target;
    int target_from_objective; /* 1 when a personal objective set the target */
    int direction;             /* +1 higher is better, -1 lower is better */
    double weight;
    int status;                /* enum ccs_status */
    double gap;                /* relative shortfall, 0 when meeting target */
    double weighted_gap;       /* weight x gap */
    int has_previous;          /* the previous period's value, for trends */
    double previous;
} ccs_metric_score;

enum ccs_entity { CCS_ENTITY_AGENT = 1, CCS_ENTITY_TEAM, CCS_ENTITY_QUEUE, CCS_ENTITY_ORG };
#define CCS_ENTITY_BIT(e) (1u << (e))

typedef struct ccs_scorecard {
    int entity;                /* enum ccs_entity */
    const char *id;
    const char *name;          /* display name (agents: from the roster) */
    const char *team;          /* agents: their team; teams: themselves */
    int has_score;
    double score;              /* weighted 0..100 over scored metrics */
    size_t nmetrics;
    const ccs_metric_score *metrics;
    size_t nshortfalls;
    const size_t *shortfalls;  /* indices into metrics, largest weighted gap first */
} ccs_scorecard;

typedef struct ccs_input_stats {
    const char *source;        /* policy instance name */
    const char *path;
    const char *stream;        /* contacts, evaluations, agents, objectives */
    uint64_t read, accepted, rejected;
} ccs_input_stats;

typedef struct ccs_row_error {
    const char *file;
    uint64_t line;
    const char *reason;
} ccs_row_error;

enum ccs_severity {
    CCS_SEV_INFO = 1, CCS_SEV_ADVISORY, CCS_SEV_BREACH, CCS_SEV_CRITICAL
};

typedef struct ccs_finding {
    const char *rule;
    int severity;              /* enum ccs_severity */
    const char *owner;
    const char *reference;     /* file:line or a record id */
    const char *agent_id;      /* may be NULL */
    const char *measured;
    const char *limit;
    const char *message;       /* plain language, never raw personal text */
} ccs_finding;

typedef struct ccs_feedback_text {
    int entity;                /* enum ccs_entity */
    const char *id;
    const char *style;
    const char *text;
} ccs_feedback_text;

/* ABI 1.1, superseded by ccs_report_section: a section as ready-made text
 * and JSON.  Still accepted from modules built against 1.1 (the text sink
 * prints the text, the json sink embeds the value under "legacy_sections");
 * new plugins hand the host data instead (add_report_section). */
typedef struct ccs_section {
    const char *name;          /* [a-z0-9_]+ */
    const char *title;
    const char *text;          /* may be NULL */
    const char *json;          /* a complete JSON value, may be NULL */
} ccs_section;

/* ------------------------------------------------------------------------
 * ABI 1.2: report sections as data.  A plugin describes what it found as
 * titled tables with typed, unit-carrying columns, charts over those tables,
 * and short notes; every sink (text, JSON, CSV, HTML...) renders every
 * section, so no plugin writes text or JSON by hand.
 * ---------------------------------------------------------------------- */

enum ccs_value_type {
    CCS_VAL_TEXT = 1,   /* short text: a label, a reason, a suggestion (never personal free text) */
    CCS_VAL_ID,         /* an identifier: an agent, team, queue, rule, period */
    CCS_VAL_COUNT,      /* a whole number */
    CCS_VAL_NUMBER,     /* a decimal number in the column's unit */
    CCS_VAL_RATE,       /* a fraction 0..1, shown as a percentage */
    CCS_VAL_DURATION,   /* seconds */
    CCS_VAL_DATE,       /* a local date: days since 1970-01-01 */
    CCS_VAL_TIME,       /* a local time of day: minutes since midnight (0..1440) */
    CCS_VAL_BOOL        /* 0 or 1 */
};

typedef struct ccs_column {
    const char *name;          /* [a-z0-9_]+: the name in JSON and CSV */
    const char *title;         /* heading in text and HTML; NULL: the name */
    int type;                  /* enum ccs_value_type */
    const char *unit;          /* CCS_VAL_NUMBER: "agents", "Erlang"...; may be NULL */
    int decimals;              /* CCS_VAL_NUMBER, _DURATION: digits shown in text and HTML;
                                * CCS_VAL_RATE: digits of the percentage, 0 meaning the usual 1 */
} ccs_column;

/* One value of a table.  `present` 0 is "no value" (null in JSON, "-" in
 * text).  Numbers, dates, times and booleans are in `number`; text and ids
 * in `text`. */
typedef struct ccs_cell {
    int present;
    double number;
    const char *text;
} ccs_cell;

/* Table flags. */
#define CCS_TABLE_FACTS  1u    /* one row, shown as "title: value" lines */
#define CCS_TABLE_DETAIL 2u    /* data for JSON, CSV and charts, not printed as a table */

typedef struct ccs_table {
    const char *name;          /* [a-z0-9_]+, unique in its section */
    const char *title;         /* may be NULL */
    uint32_t flags;            /* CCS_TABLE_* */
    size_t ncolumns;
    const ccs_column *columns;
    size_t nrows;
    const ccs_cell *cells;     /* nrows x ncolumns, row after row */
    size_t shown;              /* text and HTML list the first `shown` rows
                                * and say how many more JSON has; 0: all */
} ccs_table;

enum ccs_chart_kind { CCS_CHART_LINE = 1, CCS_CHART_BAR };

/* A chart over a table of the same section: `x` is a column for the
 * horizontal axis (a period, a date, a time of day), `y` one or more value
 * columns (comma-separated), `group` an optional id column that splits the
 * rows into one series per value (one line per queue). */
typedef struct ccs_chart {
    const char *title;
    int kind;                  /* enum ccs_chart_kind */
    const char *table;
    const char *x;
    const char *y;
    const char *group;         /* may be NULL */
} ccs_chart;

typedef struct ccs_report_section {
    uint32_t size;             /* sizeof(ccs_report_section) */
    const char *name;          /* [a-z0-9_]+, unique in the report */
    const char *title;
    size_t nnotes;
    const char *const *notes;  /* short sentences, in order */
    size_t ntables;
    const ccs_table *tables;
    size_t ncharts;
    const ccs_chart *charts;
} ccs_report_section;

/* ABI 1.3: the organisation's scoring rules and what they gave each card.
 *
 * ccs_scorecard and ccs_metric_score carry no size and sinks step through
 * arrays of them, so they never grow (a sink built against 1.2 would read
 * every card after the first at the wrong place).  What scoring rules add
 * lives instead in arrays parallel to the cards, hung off ccs_report (which
 * has a size): read them with ccs_card_scoring_of(), which is NULL for a
 * report from a host older than 1.3.  These structs never grow either; a
 * later minor adds new parallel arrays at the end of ccs_report. */
enum ccs_scoring_method { CCS_SCORING_LINEAR = 1, CCS_SCORING_BANDS };

/* How one metric turns a figure into points 0..100. */
typedef struct ccs_metric_scoring {
    const char *name;          /* the metric instance, in the cards' metric order */
    int method;                /* enum ccs_scoring_method */
    size_t nbands;             /* bands: thresholds, best first, in the metric's
                                * unit (rates as fractions) */
    const double *bands;
    const double *points;      /* nbands + 1 values: at or better than bands[i]
                                * earns points[i], worse than the last earns
                                * points[nbands] */
} ccs_metric_scoring;

/* A figure's points before weighting; has_points 0 when it was not judged
 * (no target and no bands, not enough data, or not applicable). */
typedef struct ccs_figure_points {
    int has_points;
    double points;
} ccs_figure_points;

typedef struct ccs_score_band {
    double from;               /* lowest score of the band */
    const char *label;
} ccs_score_band;

typedef struct ccs_card_scoring {
    const ccs_figure_points *figures; /* nmetrics, parallel to the card's metrics */
    const char *band;          /* the score's band label; NULL: no bands or no score */
    size_t nreview;            /* rule ids of findings at or above review_on */
    const char *const *review; /* attributed to this agent, sorted, each once */
} ccs_card_scoring;

/* ABI 1.4 (issue 12): an agent below target on a metric in the report's
 * period and in the recorded periods just before it, [history]
 * persistent_periods or more in a row (from the history store).  For
 * managers and the agent's own formal feedback; never for team texts. */
typedef struct ccs_persistent_shortfall {
    const char *agent_id;
    const char *metric;        /* the metric instance */
    const char *since;         /* the run's first period, e.g. 2026-W40 */
    uint32_t periods;          /* the run's length, the report's period included */
} ccs_persistent_shortfall;

typedef struct ccs_report {
    uint32_t size;
    int schema_version;
    const char *organisation;
    const char *timezone;
    const char *period;        /* e.g. 2026-W46, 2026-11, 2026-11-20 */
    const char *period_kind;   /* week, month, day */
    const char *period_start;  /* first local date, YYYY-MM-DD */
    const char *period_end;    /* last local date, YYYY-MM-DD */
    const char *previous_period; /* NULL when the data has none */
    uint64_t min_sample;
    size_t ninputs;
    const ccs_input_stats *inputs;
    size_t nrow_errors;        /* the first errors, up to a cap */
    const ccs_row_error *row_errors;
    size_t nagents, nteams, nqueues;
    const ccs_scorecard *agents, *teams, *queues;
    const ccs_scorecard *organisation_card;
    size_t nfindings;
    const ccs_finding *findings;
    size_t nfeedback;
    const ccs_feedback_text *feedback;
    size_t nsections;          /* present when size says so */
    const ccs_section *sections;
    /* ABI 1.2: the sections as data, in the order they were added. */
    size_t nreport_sections;
    const ccs_report_section *report_sections;
    /* ABI 1.3 (present when size says so): scoring rules.  scoring[i]
     * describes every card's metrics[i]; the *_scoring arrays run parallel to
     * agents, teams, queues and the organisation card (ccs_card_scoring_of). */
    size_t nscoring;
    const ccs_metric_scoring *scoring;
    const ccs_card_scoring *agents_scoring, *teams_scoring, *queues_scoring;
    const ccs_card_scoring *organisation_scoring;
    size_t nscore_bands;       /* best first; 0: the policy sets none */
    const ccs_score_band *score_bands;
    int review_on;             /* enum ccs_severity; 0: no review gate */
    /* ABI 1.4 (issue 12): persistent shortfalls, in the order of the agents'
     * cards and of their metrics;
     * none when no history store is configured or it holds no earlier period. */
    size_t npersistent;
    const ccs_persistent_shortfall *persistent;
    /* ABI 1.4 (issue 17): each agent's hire date, parallel to agents, in days
     * since 1970-01-01 (INT32_MIN: unknown), so that feedback can tell new
     * starters (the buddy plan, lib/buddy.h).  Read with CCS_HAS_FIELD. */
    const int32_t *agents_hired_on;
    /* ABI 1.4 (issue 11): the day each finding concerns (local days since
     * 1970-01-01, parallel to findings: the record's day, or the first day
     * of the span judged).  `findings` holds only the findings of the
     * report's period; nfindings_other counts those of other periods, left
     * out.  ccs_finding has no size, so `at` cannot join it. */
    const int32_t *findings_at;
    size_t nfindings_other;
} ccs_report;

/* The scoring data of a card of this report (ABI 1.3), or NULL when the host
 * is older or the card is not one of the report's. */
static inline const ccs_card_scoring *ccs_card_scoring_of(const ccs_report *r,
                                                          const ccs_scorecard *c)
{
    if (!CCS_HAS_FIELD(r, ccs_report, review_on) || !r->organisation_scoring)
        return NULL;
    const ccs_scorecard *arr[3] = { r->agents, r->teams, r->queues };
    const size_t n[3] = { r->nagents, r->nteams, r->nqueues };
    const ccs_card_scoring *ext[3] = { r->agents_scoring, r->teams_scoring, r->queues_scoring };
    uintptr_t p = (uintptr_t)c;
    for (int k = 0; k < 3; k++) {
        uintptr_t b = (uintptr_t)arr[k];
        if (arr[k] && ext[k] && p >= b && p < b + n[k] * sizeof *c)
            return &ext[k][(p - b) / sizeof *c];
    }
    return c == r->organisation_card ? r->organisation_scoring : NULL;
}

/* ------------------------------------------------------------------------
 * Components
 * ---------------------------------------------------------------------- */

enum ccs_component_kind {
    CCS_COMPONENT_SOURCE = 1,
    CCS_COMPONENT_METRIC,
    CCS_COMPONENT_CHECK,
    CCS_COMPONENT_FEEDBACK,
    CCS_COMPONENT_SINK
};

/* Handed to a source's read(): where records go. */
typedef struct ccs_source_ctx ccs_source_ctx;

typedef struct ccs_source_ops {
    uint32_t size;
    /* Recognise a file named on the command line from its first bytes, under
     * this instance's settings (inst is NULL for the defaults, e.g. to try a
     * mapped header).  Returns the stream it holds (CCS_REC_*) or 0.  May be
     * NULL when the source cannot tell. */
    uint32_t (*probe)(const void *inst, const char *head, size_t len);
    /* Read `path` (the instance's own, or one from the command line) and hand
     * every row to api->emit() or api->reject(). Returns CCS_ERR only when the
     * whole input could not be read (after api->log()ing why). */
    int (*read)(void *inst, ccs_source_ctx *ctx, const char *path);
    /* Optional: read only the records that start in [begin, end) of the
     * file, so that the engine can split a large file across threads.  begin
     * is a record start (or 0); the last record may run past end.  Reports
     * through *stop the offset of the first record not read (where the next
     * range begins) and through *lines the physical lines consumed; line
     * numbers handed to emit() and reject() count from 1 at begin (the engine
     * makes them absolute).  The header is read from the file's start.
     * A source that judges a row by the rows before it (the csv source's
     * duplicate window) may instead hand over the rows from a bounded number
     * past begin to as many past end, as long as consecutive ranges together
     * hand over every row exactly once; *stop and *lines still describe
     * [begin, end) (issue 20). */
    int (*read_range)(void *inst, ccs_source_ctx *ctx, const char *path, uint64_t begin,
                      uint64_t end, uint64_t *stop, uint64_t *lines);
} ccs_source_ops;

typedef struct ccs_metric_ops {
    uint32_t size;
    uint32_t records;          /* mask of CCS_REC_* kinds that add() wants */
    int type;                  /* enum ccs_metric_type */
    const char *unit;
    int direction;             /* +1 higher is better, -1 lower is better */
    size_t acc_size;           /* bytes of one accumulator; the host zeroes it */
    void (*add)(const void *inst, void *acc, const ccs_record *rec);
    void (*merge)(const void *inst, void *dst, const void *src);
    void (*result)(const void *inst, const void *acc, ccs_result *out);
    /* Where the figure means something: bits (1u << CCS_ENTITY_*); 0 = all.
     * Elsewhere it is reported without a value and never judged (an agent has
     * no abandon rate: abandoned contacts reach no agent). */
    uint32_t entities;
    /* ABI 1.3 (read when size says so; either may be NULL), for a metric
     * whose accumulator holds memory of its own (a pointer to a set of
     * customers, a list of contacts):
     *  - acc_free() releases what an accumulator owns; called exactly once
     *    on every accumulator the host zeroed, including those that only
     *    ever were a merge's source or stayed all zeros.  Not the
     *    accumulator itself: the host owns its acc_size bytes.
     *  - finish() is the step across records: called exactly once on each
     *    accumulator that result() will read, after the last add() and
     *    merge() into it and before any result() (which may follow several
     *    times).  It may change the accumulator (sort, resolve a window).
     * merge() must leave src's state intact (src is freed on its own), so a
     * merge that gathers owned memory copies it.
     * Across records and accumulators (documented with ABI 1.4): finish()
     * is never called before every input of the run has been read, so an instance may gather in add(), under a lock
     * of its own (add() runs on several threads), what finish() consults
     * for any accumulator: kpi_core's fcr_repeat keeps every customer's
     * contacts, since a repeat may reach another agent, team or queue.
     * The instance is the plugin's memory: add() and finish() may cast the
     * const away.  `ccscore explain` calls add() a second time on the
     * explained agent's records (a fresh accumulator each), so such state
     * must give the same figures when a record is added twice. */
    void (*acc_free)(const void *inst, void *acc);
    void (*finish)(const void *inst, void *acc);
} ccs_metric_ops;

typedef struct ccs_check_ops {
    uint32_t size;
    uint32_t records;
    void (*add)(void *inst, ccs_host *host, const ccs_record *rec);
    int (*finish)(void *inst, ccs_host *host);
    /* ABI 1.3 (read when size says so; may be NULL): called once the
     * scorecards are built, before feedback, for a check that audits the
     * scoring itself (equality): it may add findings and sections. */
    int (*review)(void *inst, ccs_host *host, const ccs_report *report);
    /* ABI 1.4 (issue 18): a check that reads large files on every thread
     * (read when size says so; all four, or none: then the streams it reads
     * stay on one thread and add() sees every record in order).
     *  - shard_new() makes one thread's own state (NULL: out of memory);
     *  - shard_add() takes, instead of add(), the records that start in that
     *    thread's share of the file, in file order.  Its host is only for
     *    column_index(), local_time(), local_to_utc(), log() and
     *    add_finding(): a thread's findings are kept aside and handed on in
     *    file order at the merge, so the report is that of one pass;
     *  - shard_merge() folds a shard into the instance, on the main thread,
     *    the shards in file order, after the read and before the next input;
     *  - shard_free() releases a shard (after its merge, or without one when
     *    the read failed).
     * A rule that needs the whole file in order (a span per agent in time
     * order) keeps what it needs per shard and sorts it after the merge.
     * A share's records are numbered from its own first line: a check that
     * keeps record lines adds api->shard_first_line() - 1 at the merge.
     * The streams split: contacts, evaluations and activity. */
    void *(*shard_new)(void *inst);
    void (*shard_add)(void *inst, void *shard, ccs_host *host, const ccs_record *rec);
    int (*shard_merge)(void *inst, void *shard, ccs_host *host);
    void (*shard_free)(void *inst, void *shard);
} ccs_check_ops;

typedef struct ccs_feedback_ops {
    uint32_t size;
    int (*render)(void *inst, ccs_host *host, const ccs_report *report);
} ccs_feedback_ops;

/* Handed to a sink's write(): where to write and how. */
typedef struct ccs_sink_ctx {
    uint32_t size;
    int colour;                /* 1: the output is a terminal that takes colour */
    int verbose;
    /* ABI 1.1 (present when size says so): 1 when the user asked for the
     * feedback texts in the report (`run --feedback`); the json sink always
     * has them. */
    int feedback;
    /* ABI 1.2: the running engine, for api->log(), api->output_open()... */
    ccs_host *host;
    /* ABI 1.4 (issue 11): columns a text line may take (the terminal's
     * width, else COLUMNS, else 80); text sinks wrap and split to fit. */
    int width;
} ccs_sink_ctx;

typedef struct ccs_sink_ops {
    uint32_t size;
    const char *format;        /* text, json, csv, html... (the --format name) */
    /* Write the whole report to `out` (the host makes the file atomic). */
    int (*write)(void *inst, const ccs_report *report, void *out /* FILE* */,
                 const ccs_sink_ctx *ctx);
    /* ABI 1.1 (read when size says so): CCS_SINK_OWN_FILES for a sink that
     * writes files of its own (one per agent...), each atomically: the engine
     * calls write() with out = NULL on every run of a policy that configures
     * it, and never makes its `path` a file. */
    uint32_t flags;
} ccs_sink_ops;

#define CCS_SINK_OWN_FILES 1u

typedef struct ccs_component {
    uint32_t size;
    int kind;                  /* enum ccs_component_kind */
    const char *name;          /* [a-z0-9_]+, unique per kind */
    const char *help;
    const ccs_key *keys;       /* terminated by an entry whose name is NULL */
    /* Build an instance from its validated keys; *inst may stay NULL. */
    int (*create)(ccs_host *host, const ccs_config *cfg, void **inst);
    void (*destroy)(void *inst);
    const void *ops;           /* the ccs_*_ops matching `kind` */
} ccs_component;

/* ------------------------------------------------------------------------
 * What the host offers to plugins
 * ---------------------------------------------------------------------- */

enum ccs_log_level { CCS_LOG_ERROR = 1, CCS_LOG_WARNING, CCS_LOG_INFO, CCS_LOG_DEBUG };

typedef struct ccs_host_api {
    uint32_t size;
    int abi_major, abi_minor;

    int (*register_component)(ccs_host *host, const ccs_component *component);
    void (*log)(ccs_host *host, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

    /* Typed keys of an instance, already validated against the declaration.
     * has() is 0 for an optional key with no value. */
    int (*config_has)(const ccs_config *cfg, const char *key);
    const char *(*config_string)(const ccs_config *cfg, const char *key);
    int64_t (*config_int)(const ccs_config *cfg, const char *key);
    double (*config_number)(const ccs_config *cfg, const char *key);
    int (*config_bool)(const ccs_config *cfg, const char *key);
    int (*config_enum)(const ccs_config *cfg, const char *key); /* index into choices */
    const char *(*config_instance)(const ccs_config *cfg);      /* the section's name */

    /* Sources. emit() returns CCS_ERR when reading must stop (the engine
     * refused the row and the policy says on_bad_row = fail). */
    int (*emit)(ccs_source_ctx *ctx, const ccs_record *rec);
    /* A malformed row: counted, reported as file:line: reason; returns
     * CCS_ERR when the policy says on_bad_row = fail (stop reading). */
    int (*reject)(ccs_source_ctx *ctx, uint64_t line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
    uint32_t (*source_stream)(const ccs_source_ctx *ctx); /* CCS_REC_* to read */
    /* Set the column names of the stream being read, before the first emit,
     * so that column_index() can find extra columns. */
    uint32_t (*set_columns)(ccs_source_ctx *ctx, const ccs_str *names, size_t n);
    /* Convert a UTC instant to the organisation's calendar. */
    void (*local_time)(ccs_host *host, int64_t utc, int32_t *local_day, int32_t *minute);
    /* Convert a local wall-clock time (days since epoch + seconds of day) to UTC. */
    int64_t (*local_to_utc)(ccs_host *host, int32_t local_day, int32_t second_of_day);
    ccs_host *(*source_host)(ccs_source_ctx *ctx);

    /* Extra columns: look up once, read per row with ccs_record_column(). */
    int (*column_index)(ccs_host *host, uint32_t stream, const char *name);

    /* Checks. */
    int (*add_finding)(ccs_host *host, const ccs_finding *finding);
    /* Feedback. */
    int (*add_feedback)(ccs_host *host, const ccs_feedback_text *text);
    /* Sources: how far reading has got, for the progress line (call it every
     * few thousand rows; cheap). */
    void (*progress)(ccs_source_ctx *ctx, uint64_t bytes_done, uint64_t rows_done);
    /* Checks and feedback: add a section to the report (copied). */
    int (*add_section)(ccs_host *host, const ccs_section *section);
    /* ABI 1.1 (present when size says so): an error in a file that the
     * component reads itself (a template, an action library), reported as
     * `file:line: error: message` with the policy's own errors (check-config
     * lists them all).  line 0: no line.  Call it from create() and return
     * CCS_ERR. */
    void (*error_at)(ccs_host *host, const char *file, uint64_t line, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
    /* ABI 1.1.  Checks, in finish(): the local days (inclusive, days since
     * 1970-01-01) of the period the report covers: --period, else the latest
     * period in the data.  CCS_ERR when there is no data yet. */
    int (*report_period)(ccs_host *host, int32_t *first_day, int32_t *last_day);

    /* ABI 1.2.  Add a section to the report as data (deep-copied); refused
     * with a logged reason when a name is not [a-z0-9_]+, a type unknown, or
     * a chart names a table or column that is not there. */
    int (*add_report_section)(ccs_host *host, const ccs_report_section *section);
    /* ABI 1.2.  A file of the plugin's own (one per agent...), written
     * atomically with the policy's output_mode: write to the FILE* that
     * output_file() gives, then output_close(.., 1) renames it into place, or
     * output_close(.., 0) throws it away.  NULL when it cannot be created
     * (the reason is logged). */
    ccs_output *(*output_open)(ccs_host *host, const char *path);
    void *(*output_file)(ccs_output *out /* returns FILE* */);
    int (*output_close)(ccs_output *out, int keep);
    /* ABI 1.4 (issue 11).  Checks: add_finding() with the local day the
     * finding concerns (the record's day, or the first day of the span
     * judged; a rule over a reference window, such as a 17-week average,
     * gives the first day of the period it is judged in).  The report keeps
     * only the findings of its period; at_day INT32_MIN, or add_finding(),
     * means the period's first day (a finding about the period as a whole). */
    int (*add_finding_at)(ccs_host *host, const ccs_finding *finding, int32_t at_day);
    /* ABI 1.4, appended (issue 20).  Sources: reject() for a row whose
     * reason names another line of the same file: the reason is `before`,
     * the number of line `other`, then `after` (both copied).  `other` counts
     * like `line` (from 1 at a read_range() share's begin): the host makes it
     * absolute when it merges the share, so the message is that of a
     * one-thread read; reject() with the number in its text would name a
     * line counted from the share's begin.  Same threading as reject(). */
    int (*reject_ref)(ccs_source_ctx *ctx, uint64_t line, const char *before, uint64_t other,
                      const char *after);
    /* ABI 1.4 (issue 18).  Checks, in shard_merge() only (main thread): the
     * file line on which the merged shard's share of the file begins (1 for
     * the first share).  A share's records are numbered from its own start,
     * since no thread knows how many lines come before its share until they
     * are read: a check that keeps record lines adds this, less one, at the
     * merge.  0 outside shard_merge(). */
    uint64_t (*shard_first_line)(ccs_host *host);
} ccs_host_api;

/* ------------------------------------------------------------------------
 * The module descriptor and its entry point (principles 1 and 2)
 * ---------------------------------------------------------------------- */

typedef struct ccs_module {
    uint32_t magic;            /* CCS_MODULE_MAGIC */
    uint32_t abi_major;        /* CCS_ABI_MAJOR the module was built with */
    uint32_t abi_minor;
    uint32_t size;             /* sizeof(ccs_module) the module was built with */
    const char *name;          /* must equal the file's base name */
    const char *version;
    const char *description;
    int (*init)(ccs_host *host, const ccs_host_api *api);
    void (*fini)(void);        /* may be NULL */
} ccs_module;

typedef const ccs_module *(*ccs_module_entry_fn)(void);

#define CCS_ENTRY_SYMBOL "ccs_module_entry"

/* CCS_MODULE(name, version, description, init, fini) writes the module's
 * only exported function, with libtool's `name_LTX_` prefix so that static
 * builds with dlpreopen keep modules apart. */
#define CCS_MODULE(modname, ver, desc, initfn, finifn)                        \
    const ccs_module *modname##_LTX_ccs_module_entry(void);                  \
    const ccs_module *modname##_LTX_ccs_module_entry(void)                   \
    {                                                                         \
        static const ccs_module descriptor = {                                \
            CCS_MODULE_MAGIC, CCS_ABI_MAJOR, CCS_ABI_MINOR,                    \
            (uint32_t)sizeof(ccs_module), #modname, ver, desc, initfn, finifn  \
        };                                                                    \
        return &descriptor;                                                   \
    }

/* ------------------------------------------------------------------------
 * Layouts that modules and the host rely on, checked when either is built:
 * every size-versioned struct starts with its `size` (CCS_HAS_FIELD and the
 * host's checks read it before anything else), a record starts with its
 * kind, every typed record starts with the common header (a module casts
 * const ccs_record * to its kind's struct), and the descriptor starts with
 * the fields the host reads before running any of the module's code.
 * ---------------------------------------------------------------------- */

#if defined(__cplusplus) && __cplusplus >= 201103L
#define CCS_STATIC_ASSERT(cond, what) static_assert(cond, what)
#elif !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define CCS_STATIC_ASSERT(cond, what) _Static_assert(cond, what)
#else /* C99, C++98: an array of negative size when cond is false */
#define CCS_ASSERT_NAME2(line) ccs_layout_assert_##line
#define CCS_ASSERT_NAME(line) CCS_ASSERT_NAME2(line)
#define CCS_STATIC_ASSERT(cond, what) typedef char CCS_ASSERT_NAME(__LINE__)[(cond) ? 1 : -1]
#endif

#define CCS_SIZE_FIRST(type) CCS_STATIC_ASSERT(offsetof(type, size) == 0, #type ": size must come first")
CCS_SIZE_FIRST(ccs_source_ops);
CCS_SIZE_FIRST(ccs_metric_ops);
CCS_SIZE_FIRST(ccs_check_ops);
CCS_SIZE_FIRST(ccs_feedback_ops);
CCS_SIZE_FIRST(ccs_sink_ops);
CCS_SIZE_FIRST(ccs_component);
CCS_SIZE_FIRST(ccs_host_api);
CCS_SIZE_FIRST(ccs_report);
CCS_SIZE_FIRST(ccs_sink_ctx);
CCS_SIZE_FIRST(ccs_report_section);
#undef CCS_SIZE_FIRST

CCS_STATIC_ASSERT(offsetof(ccs_record, kind) == 0, "ccs_record: kind must come first");
#define CCS_HDR_FIRST(type)                                                        \
    CCS_STATIC_ASSERT(offsetof(type, hdr) == 0 &&                                   \
                          sizeof(((type *)0)->hdr) == sizeof(ccs_record),           \
                      #type ": must start with ccs_record hdr")
CCS_HDR_FIRST(ccs_contact);
CCS_HDR_FIRST(ccs_evaluation);
CCS_HDR_FIRST(ccs_agent);
CCS_HDR_FIRST(ccs_activity);
CCS_HDR_FIRST(ccs_objective);
#undef CCS_HDR_FIRST

CCS_STATIC_ASSERT(offsetof(ccs_module, magic) == 0 && offsetof(ccs_module, abi_major) == 4 &&
                      offsetof(ccs_module, abi_minor) == 8 && offsetof(ccs_module, size) == 12,
                  "ccs_module: magic, ABI and size must come first, in this order");

#ifdef __cplusplus
}
#endif

#endif /* CCSCORE_PLUGIN_H */
