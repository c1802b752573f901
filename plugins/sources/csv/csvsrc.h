/* csv: the source plugin's shared declarations.  It reads contacts, QA
 * evaluations, the agent roster, personal objectives and agent activity
 * (schedules: shifts, breaks...) from CSV exports (RFC 4180), with the
 * policy's column mapping, into typed records.  Bad rows are rejected one by
 * one with file:line and the reason; the run goes on or stops as the
 * policy's on_bad_row says. */
#ifndef CCS_CSVSRC_H
#define CCS_CSVSRC_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "csvread.h"
#include "parse.h"

/* The plugin's files, one job each:
 *   mapping.c  canonical columns, streams, header mapping, opening a file
 *   rows.c     field parsing and per-stream row conversion to records
 *   dedup.c    the window of recent contact ids
 *   read.c     the read loop over a file or a thread's share of it
 *   module.c   configuration keys, the component and the module */

extern const ccs_host_api *csv_api;

/* Every canonical column of every stream; col_<name> keys map them. */
enum field {
    F_CONTACT_ID, F_AGENT_ID, F_TEAM, F_QUEUE, F_CHANNEL, F_STARTED_AT, F_WAIT_S, F_TALK_S,
    F_HOLD_S, F_ACW_S, F_OUTCOME, F_TRANSFERRED, F_RESOLVED, F_CSAT, F_NPS, F_CUSTOMER_ID,
    F_NOTES, F_EVALUATED_AT, F_EVALUATOR, F_SCORE, F_MAX_SCORE, F_AUTO_FAIL, F_NAME,
    F_HIRED_ON, F_LEFT_ON, F_LEAVE_REASON, F_METRIC, F_TARGET, F_FROM, F_TO,
    F_YOUNG_WORKER, F_NIGHT_WORKER, F_OPT_OUT_48H, F_ACTIVITY, F_START, F_END, F_REASON,
    F_RECEIVED_ON, F_ROUTE, F_SENTIMENT, F_TOPIC, F_COUNT
};

extern const char *const cs_field_names[F_COUNT];

typedef struct stream_def {
    uint32_t kind;
    const char *name;
    int required[12];          /* enum field, -1 terminated */
    int optional[12];
} stream_def;

extern const stream_def cs_streams[];
extern const size_t cs_nstreams;

/* The longest a duration may be before the row is refused as implausible. */
#define MAX_DURATION_S CCS_MAX_DURATION_S

/* Safe defaults of the limits (policy keys max_line_bytes, max_fields,
 * max_note_bytes): a row over a limit is rejected and counted, and memory
 * stays bounded by them whatever the input. */
#define DEFAULT_MAX_LINE_BYTES 1048576
#define DEFAULT_MAX_FIELDS 512
#define DEFAULT_MAX_NOTE_BYTES 65536

/* The words of a '|'-separated list (answered_as, abandoned_as), split once. */
typedef struct word_list {
    size_t n;
    const ccs_str *w;
} word_list;

typedef struct csv_inst {
    char *column[F_COUNT];     /* header name of each canonical field */
    char *answered_as, *abandoned_as; /* '|'-separated outcome words */
    word_list answered, abandoned;    /* the same, split (into those strings) */
    csv_limits limits;         /* max_line_bytes, max_fields */
    size_t max_note_bytes;
    size_t duplicate_window;   /* contact ids remembered; 0: no duplicate check */
} csv_inst;

extern const csv_inst cs_defaults;

/* mapping.c */
const char *cs_column_name(const csv_inst *c, int f);
void cs_map_header(const csv_inst *c, const ccs_str *h, size_t n, int *pos);
int cs_has_required(const stream_def *s, const int *pos);
const stream_def *cs_stream_of(uint32_t kind);
const char *cs_limit_hint(const char *why);
csv_reader *cs_open_mapped(const csv_inst *c, ccs_source_ctx *ctx, const stream_def *s, const char *path,
                           uint64_t begin, uint64_t end, int *pos, size_t *ncols);

/* rows.c */
/* The last timestamp's date and zone, so that rows of the same day skip the
 * calendar arithmetic: exports hold many rows per day. */
typedef struct time_cache {
    uint64_t date_head;        /* the date's first 8 bytes, "YYYY-MM-" */
    uint16_t date_tail;        /* and its last 2, "DD" */
    uint64_t zone;             /* the text after the time of day, e.g. "+01:00", as one word */
    size_t zone_len;           /* at most 8 */
    int valid;
    int32_t day, offset_s;
    int has_offset;
} time_cache;

/* One row being converted. */
typedef struct row_ctx {
    ccs_source_ctx *ctx;
    uint64_t line;
    const ccs_str *fields;
    const int *pos;
    time_cache *tc;
    char why[256];
} row_ctx;

/* One typed record of any stream. */
typedef union csv_record {
    ccs_contact contact;
    ccs_evaluation evaluation;
    ccs_agent agent;
    ccs_objective objective;
    ccs_activity activity;
    ccs_comment comment;
} csv_record;

/* Row r as a record of stream `kind` (*size: its struct's size); -1 with
 * r->why set when the row is bad. */
int cs_make_record(const csv_inst *c, uint32_t kind, row_ctx *r, csv_record *rec, size_t *size);

/* dedup.c: a window over the last `size` valid contact rows. */
typedef struct dup_row {
    uint64_t hash;             /* the row's id */
    uint64_t line;
    uint32_t later;            /* ring slot of the id's next occurrence, or UINT32_MAX */
    uint32_t first;            /* ring slot of the id's earliest occurrence known when this row came */
} dup_row;

/* A hash table of ids: per slot a byte of the id's hash (0: empty) and the
 * ring slot of the id's latest row, which holds the rest. */
typedef struct dup_table {
    unsigned char *tags;
    uint32_t *latest;
} dup_table;

typedef struct dup_window {
    dup_row *ring;             /* 2 x size rows; NULL: no duplicate check */
    dup_table now, before;     /* the ids last seen in this epoch and in the one before */
    size_t size, next;         /* W; the ring slot written next */
    size_t epoch_rows;         /* rows checked in this epoch */
    size_t cap;                /* slots of each table (a power of two, >= 2 x size) */
} dup_window;

int cs_dup_init(dup_window *w, size_t window);
void cs_dup_free(dup_window *w);
/* Whether id is among the window's rows: the line of its earliest occurrence
 * there, or 0.  Either way the row (id, line) joins the window and the
 * oldest row leaves it when it is full. */
uint64_t cs_dup_check(dup_window *w, ccs_str id, uint64_t line);

/* read.c */
int cs_read_rows(void *inst, ccs_source_ctx *ctx, const char *path, uint64_t begin, uint64_t end,
                 uint64_t *stop, uint64_t *lines);

#endif
