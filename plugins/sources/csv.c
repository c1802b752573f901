/* csv: reads contacts, QA evaluations, the agent roster, personal
 * objectives and agent activity (schedules: shifts, breaks...) from CSV exports (RFC 4180), with the policy's column mapping,
 * into typed records.  Bad rows are rejected one by one with file:line and the
 * reason; the run goes on or stops as the policy's on_bad_row says. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "csvread.h"
#include "parse.h"

static const ccs_host_api *api;

/* Every canonical column of every stream; col_<name> keys map them. */
enum field {
    F_CONTACT_ID, F_AGENT_ID, F_TEAM, F_QUEUE, F_CHANNEL, F_STARTED_AT, F_WAIT_S, F_TALK_S,
    F_HOLD_S, F_ACW_S, F_OUTCOME, F_TRANSFERRED, F_RESOLVED, F_CSAT, F_NPS, F_CUSTOMER_ID,
    F_NOTES, F_EVALUATED_AT, F_EVALUATOR, F_SCORE, F_MAX_SCORE, F_AUTO_FAIL, F_NAME,
    F_HIRED_ON, F_LEFT_ON, F_LEAVE_REASON, F_METRIC, F_TARGET, F_FROM, F_TO,
    F_YOUNG_WORKER, F_NIGHT_WORKER, F_OPT_OUT_48H, F_ACTIVITY, F_START, F_END, F_REASON, F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "contact_id", "agent_id", "team", "queue", "channel", "started_at", "wait_s", "talk_s",
    "hold_s", "acw_s", "outcome", "transferred", "resolved", "csat", "nps", "customer_id",
    "notes", "evaluated_at", "evaluator", "score", "max_score", "auto_fail", "name",
    "hired_on", "left_on", "leave_reason", "metric", "target", "from", "to",
    "young_worker", "night_worker", "opt_out_48h", "activity", "start", "end", "reason",
};

typedef struct stream_def {
    uint32_t kind;
    const char *name;
    int required[12];          /* enum field, -1 terminated */
    int optional[12];
} stream_def;

static const stream_def streams[] = {
    { CCS_REC_CONTACT, "contacts",
      { F_CONTACT_ID, F_AGENT_ID, F_STARTED_AT, F_WAIT_S, F_TALK_S, F_HOLD_S, F_ACW_S, F_OUTCOME, -1 },
      { F_TEAM, F_QUEUE, F_CHANNEL, F_TRANSFERRED, F_RESOLVED, F_CSAT, F_NPS, F_CUSTOMER_ID, F_NOTES, -1 } },
    { CCS_REC_EVALUATION, "evaluations",
      { F_AGENT_ID, F_EVALUATED_AT, F_SCORE, F_MAX_SCORE, -1 },
      { F_EVALUATOR, F_AUTO_FAIL, -1 } },
    { CCS_REC_OBJECTIVE, "objectives",
      { F_AGENT_ID, F_METRIC, F_TARGET, F_FROM, F_TO, -1 },
      { -1 } },
    { CCS_REC_AGENT, "agents",
      { F_AGENT_ID, F_NAME, F_TEAM, -1 },
      { F_HIRED_ON, F_LEFT_ON, F_LEAVE_REASON, F_YOUNG_WORKER, F_NIGHT_WORKER, F_OPT_OUT_48H, -1 } },
    { CCS_REC_ACTIVITY, "activity",
      { F_AGENT_ID, F_ACTIVITY, F_START, F_END, -1 },
      { F_QUEUE, F_REASON, -1 } },
};
#define NSTREAMS (sizeof streams / sizeof streams[0])

/* The longest a duration may be before the row is refused as implausible. */
#define MAX_DURATION_S 86400.0

/* Safe defaults of the limits (policy keys max_line_bytes, max_fields,
 * max_note_bytes): a row over a limit is rejected and counted, and memory
 * stays bounded by them whatever the input. */
#define DEFAULT_MAX_LINE_BYTES 1048576
#define DEFAULT_MAX_FIELDS 512
#define DEFAULT_MAX_NOTE_BYTES 65536

typedef struct csv_inst {
    char *column[F_COUNT];     /* header name of each canonical field */
    char *answered_as, *abandoned_as; /* '|'-separated outcome words */
    csv_limits limits;         /* max_line_bytes, max_fields */
    size_t max_note_bytes;
    size_t duplicate_window;   /* contact ids remembered; 0: no duplicate check */
} csv_inst;

static const csv_inst defaults_inst = {
    .limits = { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_FIELDS, 0 },
    .max_note_bytes = DEFAULT_MAX_NOTE_BYTES,
    .duplicate_window = 8192,
};

/* ------------------------------------------------ duplicate contact ids
 *
 * A contact id seen again is rejected ("duplicate contact id ... first on
 * line N").  Memory must not grow with the rows, so the check remembers a
 * window of recent ids, not all of them: two generations of up to W/2 ids
 * each (W = duplicate_window); when the newer one fills, the older one is
 * dropped.  An id is therefore remembered for at least the next W/2 rows and
 * at most W: re-sent rows and repeated export pages are caught, a duplicate
 * further apart than that is not.  Ids are kept as 64-bit hashes (16 bytes
 * a slot with the line number, two tables of W slots: 256 KiB for the default
 * 8192, small enough to stay in the CPU's cache: a 65536-id window made the
 * whole read 40% slower through cache misses), so a false alarm needs a
 * 64-bit collision within the window (about W / 2^64 per row).  Each read (each thread's share of a split file)
 * has its own window. */

typedef struct dup_slot {
    uint64_t hash;             /* 0: empty */
    uint64_t line;
} dup_slot;

typedef struct dup_window {
    dup_slot *gen[2];          /* gen[0] newer */
    size_t cap;                /* slots per table (a power of two, >= 2 x per_gen) */
    size_t per_gen, used;      /* ids per generation; ids in gen[0] */
} dup_window;

static int dup_init(dup_window *w, size_t window)
{
    memset(w, 0, sizeof *w);
    if (window < 2)
        return 0;
    w->per_gen = window / 2;
    w->cap = 4;
    while (w->cap < 2 * w->per_gen)
        w->cap *= 2;
    w->gen[0] = calloc(w->cap, sizeof(dup_slot));
    w->gen[1] = calloc(w->cap, sizeof(dup_slot));
    if (!w->gen[0] || !w->gen[1]) {
        free(w->gen[0]);
        free(w->gen[1]);
        memset(w, 0, sizeof *w);
        return -1;
    }
    return 0;
}

static void dup_free(dup_window *w)
{
    free(w->gen[0]);
    free(w->gen[1]);
}

static uint64_t id_hash(ccs_str s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then a final mix */
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.ptr[i]) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

static dup_slot *dup_find(dup_slot *t, size_t cap, uint64_t h)
{
    for (size_t i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1))
        if (t[i].hash == h || t[i].hash == 0)
            return &t[i];
}

/* The line on which id was first seen within the window, or 0 (and it is
 * remembered from line). */
static uint64_t dup_check(dup_window *w, ccs_str id, uint64_t line)
{
    if (!w->gen[0])
        return 0;
    uint64_t h = id_hash(id);
    dup_slot *s = dup_find(w->gen[0], w->cap, h);
    if (s->hash)
        return s->line;
    dup_slot *old = dup_find(w->gen[1], w->cap, h);
    if (old->hash)
        return old->line;
    if (w->used == w->per_gen) {
        dup_slot *t = w->gen[1];
        memset(t, 0, w->cap * sizeof *t);
        w->gen[1] = w->gen[0];
        w->gen[0] = t;
        w->used = 0;
        s = dup_find(w->gen[0], w->cap, h);
    }
    s->hash = h;
    s->line = line;
    w->used++;
    return 0;
}

static const char *column_name(const csv_inst *c, int f)
{
    return c && c->column[f] ? c->column[f] : field_names[f];
}

/* ------------------------------------------------ header matching */

static int str_eq(ccs_str s, const char *z)
{
    size_t n = strlen(z);
    return s.len == n && memcmp(s.ptr, z, n) == 0;
}

/* Column index of each canonical field in this header (-1: absent). */
static void map_header(const csv_inst *c, const ccs_str *h, size_t n, int *pos)
{
    for (int f = 0; f < F_COUNT; f++) {
        pos[f] = -1;
        const char *want = column_name(c, f);
        for (size_t i = 0; i < n; i++)
            if (str_eq(h[i], want)) {
                pos[f] = (int)i;
                break;
            }
    }
}

static int has_required(const stream_def *s, const int *pos)
{
    for (const int *f = s->required; *f >= 0; f++)
        if (pos[*f] < 0)
            return 0;
    return 1;
}

static uint32_t csv_probe(const void *inst, const char *head, size_t len)
{
    const csv_inst *c = inst ? inst : &defaults_inst;
    csv_reader *r = csv_open_mem(head, len, &c->limits);
    if (!r)
        return 0;
    const ccs_str *fields;
    size_t n;
    uint32_t kind = 0;
    if (csv_next(r, &fields, &n, NULL, NULL) == 1) {
        int pos[F_COUNT];
        map_header(c, fields, n, pos);
        for (size_t s = 0; s < NSTREAMS && !kind; s++)
            if (has_required(&streams[s], pos))
                kind = streams[s].kind;
    }
    csv_close(r);
    return kind;
}

/* ------------------------------------------------ field parsing */

/* The last timestamp's date and zone, so that rows of the same day skip the
 * calendar arithmetic: exports hold many rows per day. */
typedef struct time_cache {
    char date[10];
    char zone[8];              /* text after the time of day, e.g. "+01:00" */
    size_t zone_len;
    int valid;
    int32_t day, offset_s;
    int has_offset;
} time_cache;

typedef struct row_ctx {
    ccs_source_ctx *ctx;
    uint64_t line;
    const ccs_str *fields;
    const int *pos;
    time_cache *tc;
    char why[256];
} row_ctx;

static ccs_str field(const row_ctx *r, int f)
{
    ccs_str none = { "", 0 };
    return r->pos[f] >= 0 ? r->fields[r->pos[f]] : none;
}

/* Values in messages are cut short; notes never appear (privacy). */
static int bad(row_ctx *r, int f, const char *what)
{
    ccs_str v = field(r, f);
    snprintf(r->why, sizeof r->why, "%s in %s: '%.*s'", what, field_names[f],
             (int)(v.len > 40 ? 40 : v.len), v.ptr);
    return -1;
}

static int get_duration(row_ctx *r, int f, double *out)
{
    ccs_str v = field(r, f);
    if (v.len == 0) {
        *out = 0;
        return 0;
    }
    if (parse_double(v, out) != 0)
        return bad(r, f, "bad number");
    if (*out < 0)
        return bad(r, f, "negative duration");
    if (*out > MAX_DURATION_S)
        return bad(r, f, "implausible duration (over 86400 s)");
    return 0;
}

static int get_flag(row_ctx *r, int f, int absent, int *out)
{
    ccs_str v = field(r, f);
    if (v.len == 0) {
        *out = absent;
        return 0;
    }
    return parse_bool01(v, out) == 0 ? 0 : bad(r, f, "bad flag (expected 0 or 1)");
}

static int get_score(row_ctx *r, int f, int lo, int hi, int absent, int *out)
{
    ccs_str v = field(r, f);
    int64_t x;
    if (v.len == 0) {
        *out = absent;
        return 0;
    }
    if (parse_int64(v, &x) != 0 || x < lo || x > hi) {
        char what[64];
        snprintf(what, sizeof what, "bad survey answer (expected %d-%d)", lo, hi);
        return bad(r, f, what);
    }
    *out = (int)x;
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SS" then a zone: when the date and the zone are the
 * previous row's, only the time of day needs reading. */
static int time_from_cache(time_cache *tc, ccs_str v, iso_time *t)
{
    if (!tc || !tc->valid || v.len < 19 || v.len - 19 != tc->zone_len ||
        memcmp(v.ptr, tc->date, 10) != 0 || memcmp(v.ptr + 19, tc->zone, tc->zone_len) != 0)
        return -1;
    const char *p = v.ptr + 10;
    if (p[0] != 'T' || p[3] != ':' || p[6] != ':')
        return -1;
    int d[6];
    static const int at[6] = { 1, 2, 4, 5, 7, 8 };
    for (int i = 0; i < 6; i++) {
        d[i] = p[at[i]] - '0';
        if (d[i] < 0 || d[i] > 9)
            return -1;
    }
    int hh = d[0] * 10 + d[1], mm = d[2] * 10 + d[3], ss = d[4] * 10 + d[5];
    if (hh > 23 || mm > 59 || ss > 60)
        return -1;
    t->day = tc->day;
    t->second = hh * 3600 + mm * 60 + ss;
    t->has_time = 1;
    t->has_offset = tc->has_offset;
    t->offset_s = tc->offset_s;
    return 0;
}

static void time_remember(time_cache *tc, ccs_str v, const iso_time *t)
{
    if (!tc)
        return;
    tc->valid = 0;
    if (v.len < 19 || v.len - 19 > sizeof tc->zone || v.ptr[10] != 'T' || !t->has_time)
        return;
    memcpy(tc->date, v.ptr, 10);
    tc->zone_len = v.len - 19;
    memcpy(tc->zone, v.ptr + 19, tc->zone_len);
    tc->day = t->day;
    tc->has_offset = t->has_offset;
    tc->offset_s = t->offset_s;
    tc->valid = 1;
}

static int get_time(row_ctx *r, int f, int64_t *utc, int32_t *day, int32_t *minute)
{
    iso_time t;
    ccs_str v = field(r, f);
    if (time_from_cache(r->tc, v, &t) != 0) {
        if (parse_iso8601(v, &t) != 0)
            return bad(r, f, "bad date/time (expected ISO 8601, e.g. 2026-11-20T09:15:00+00:00)");
        time_remember(r->tc, v, &t);
    }
    ccs_host *host = api->source_host(r->ctx);
    if (t.has_offset) {
        *utc = (int64_t)t.day * 86400 + t.second - t.offset_s;
        api->local_time(host, *utc, day, minute);
    } else {
        /* No offset: wall-clock time in the organisation's timezone. */
        *utc = api->local_to_utc(host, t.day, t.second);
        *day = t.day;
        if (minute)
            *minute = t.second / 60;
    }
    return 0;
}

static int get_date(row_ctx *r, int f, int optional, int32_t *out)
{
    ccs_str v = field(r, f);
    if (v.len == 0 && optional) {
        *out = INT32_MIN;
        return 0;
    }
    return parse_date(v, out) == 0 ? 0 : bad(r, f, "bad date (expected YYYY-MM-DD)");
}

/* Whether v is one of the '|'-separated words of list, ignoring case.  Runs
 * once per row: no library calls, and a word of the wrong length is skipped
 * after one comparison. */
static int word_in(ccs_str v, const char *list)
{
    for (const char *w = list;;) {
        const char *e = w;
        while (*e && *e != '|')
            e++;
        if ((size_t)(e - w) == v.len) {
            size_t i = 0;
            while (i < v.len && (w[i] | 0x20) == (v.ptr[i] | 0x20) &&
                   ((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z' ? 1 : w[i] == v.ptr[i]))
                i++;
            if (i == v.len)
                return 1;
        }
        if (!*e)
            return 0;
        w = e + 1;
    }
}

/* ------------------------------------------------ rows to records */

static int make_contact(const csv_inst *c, row_ctx *r, ccs_contact *k)
{
    k->contact_id = field(r, F_CONTACT_ID);
    k->agent_id = field(r, F_AGENT_ID);
    k->team = field(r, F_TEAM);
    k->queue = field(r, F_QUEUE);
    k->channel = field(r, F_CHANNEL);
    k->customer_id = field(r, F_CUSTOMER_ID);
    k->notes = field(r, F_NOTES);
    if (k->notes.len > c->max_note_bytes) {
        /* The note itself is never shown (privacy). */
        snprintf(r->why, sizeof r->why, "note longer than %zu bytes (%zu): raise max_note_bytes to accept it",
                 c->max_note_bytes, k->notes.len);
        return -1;
    }
    ccs_str outcome = field(r, F_OUTCOME);
    if (word_in(outcome, c->answered_as ? c->answered_as : "answered"))
        k->outcome = CCS_OUTCOME_ANSWERED;
    else if (word_in(outcome, c->abandoned_as ? c->abandoned_as : "abandoned"))
        k->outcome = CCS_OUTCOME_ABANDONED;
    else
        return bad(r, F_OUTCOME, "unknown outcome (expected answered or abandoned)");
    if (k->contact_id.len == 0)
        return bad(r, F_CONTACT_ID, "empty contact id");
    if (get_time(r, F_STARTED_AT, &k->started_at, &k->local_day, &k->local_minute) ||
        get_duration(r, F_WAIT_S, &k->wait_s) || get_duration(r, F_TALK_S, &k->talk_s) ||
        get_duration(r, F_HOLD_S, &k->hold_s) || get_duration(r, F_ACW_S, &k->acw_s) ||
        get_flag(r, F_TRANSFERRED, 0, &k->transferred) || get_flag(r, F_RESOLVED, -1, &k->resolved) ||
        get_score(r, F_CSAT, 1, 5, 0, &k->csat) || get_score(r, F_NPS, 0, 10, -1, &k->nps))
        return -1;
    if (k->outcome == CCS_OUTCOME_ANSWERED && k->agent_id.len == 0)
        return bad(r, F_AGENT_ID, "answered contact without an agent");
    return 0;
}

static int make_evaluation(row_ctx *r, ccs_evaluation *e)
{
    e->agent_id = field(r, F_AGENT_ID);
    e->evaluator = field(r, F_EVALUATOR);
    if (e->agent_id.len == 0)
        return bad(r, F_AGENT_ID, "empty agent id");
    if (get_time(r, F_EVALUATED_AT, &e->evaluated_at, &e->local_day, NULL) ||
        get_flag(r, F_AUTO_FAIL, 0, &e->auto_fail))
        return -1;
    if (parse_double(field(r, F_MAX_SCORE), &e->max_score) != 0 || !(e->max_score > 0))
        return bad(r, F_MAX_SCORE, "bad maximum score (expected a number above 0)");
    if (parse_double(field(r, F_SCORE), &e->score) != 0 || e->score < 0 || e->score > e->max_score)
        return bad(r, F_SCORE, "bad score (expected 0 to max_score)");
    return 0;
}

static int make_agent(row_ctx *r, ccs_agent *a)
{
    a->agent_id = field(r, F_AGENT_ID);
    a->name = field(r, F_NAME);
    a->team = field(r, F_TEAM);
    a->leave_reason = field(r, F_LEAVE_REASON);
    if (a->agent_id.len == 0)
        return bad(r, F_AGENT_ID, "empty agent id");
    /* Working-time flags: -1 when the roster has no such column or leaves it empty. */
    if (get_date(r, F_HIRED_ON, 1, &a->hired_on) || get_date(r, F_LEFT_ON, 1, &a->left_on) ||
        get_flag(r, F_YOUNG_WORKER, -1, &a->young_worker) ||
        get_flag(r, F_NIGHT_WORKER, -1, &a->night_worker) ||
        get_flag(r, F_OPT_OUT_48H, -1, &a->opt_out_48h))
        return -1;
    if (a->left_on != INT32_MIN && a->hired_on != INT32_MIN && a->left_on < a->hired_on)
        return bad(r, F_LEFT_ON, "left before being hired");
    return 0;
}

/* The activity words, in enum ccs_activity_kind order from CCS_ACT_SHIFT. */
static const char *const activity_names[] = {
    "shift", "break", "lunch", "training", "coaching", "pause", "login", "wrapup",
};

/* The longest span an activity row may cover before it is refused. */
#define MAX_ACTIVITY_S 86400

static int make_activity(row_ctx *r, ccs_activity *a)
{
    a->agent_id = field(r, F_AGENT_ID);
    a->queue = field(r, F_QUEUE);
    a->reason = field(r, F_REASON);
    if (a->agent_id.len == 0)
        return bad(r, F_AGENT_ID, "empty agent id");
    ccs_str kind = field(r, F_ACTIVITY);
    a->activity = 0;
    for (size_t i = 0; i < sizeof activity_names / sizeof activity_names[0]; i++)
        if (kind.len == strlen(activity_names[i]) && strncasecmp(kind.ptr, activity_names[i], kind.len) == 0)
            a->activity = CCS_ACT_SHIFT + (int)i;
    if (!a->activity)
        return bad(r, F_ACTIVITY,
                   "unknown activity (expected shift, break, lunch, training, coaching, pause, login or wrapup)");
    int32_t end_day;
    int64_t end;
    if (get_time(r, F_START, &a->start, &a->local_day, &a->local_minute) ||
        get_time(r, F_END, &end, &end_day, NULL))
        return -1;
    if (end < a->start)
        return bad(r, F_END, "activity ends before it starts");
    if (end - a->start > MAX_ACTIVITY_S)
        return bad(r, F_END, "implausible activity (longer than 24 hours)");
    a->end = end;
    return 0;
}

static int make_objective(row_ctx *r, ccs_objective *o)
{
    o->agent_id = field(r, F_AGENT_ID);
    o->metric = field(r, F_METRIC);
    if (o->agent_id.len == 0)
        return bad(r, F_AGENT_ID, "empty agent id");
    if (o->metric.len == 0)
        return bad(r, F_METRIC, "empty metric name");
    ccs_str t = field(r, F_TARGET);
    int percent = t.len > 0 && t.ptr[t.len - 1] == '%';
    if (percent)
        t.len--;
    if (parse_double(t, &o->target) != 0)
        return bad(r, F_TARGET, "bad target (expected a number, or a percentage like 80%)");
    if (percent)
        o->target /= 100.0;
    if (get_date(r, F_FROM, 0, &o->from_day) || get_date(r, F_TO, 0, &o->to_day))
        return -1;
    if (o->to_day < o->from_day)
        return bad(r, F_TO, "objective ends before it starts");
    return 0;
}

/* ------------------------------------------------ reading */

/* Which policy key raises the limit a reader error is about, or "". */
static const char *limit_hint(const char *why)
{
    if (strncmp(why, "record longer", 13) == 0)
        return " (max_line_bytes)";
    if (strncmp(why, "more than", 9) == 0)
        return " (max_fields)";
    return "";
}

/* Open the file and map its header; for a range, the header is read by a
 * reader of its own and the returned reader starts at begin. */
static csv_reader *open_mapped(const csv_inst *c, ccs_source_ctx *ctx, const stream_def *s,
                               const char *path, uint64_t begin, uint64_t end, int *pos,
                               size_t *ncols)
{
    ccs_host *host = api->source_host(ctx);
    char err[512];
    csv_reader *rd = csv_open(path, &c->limits, err, sizeof err);
    if (!rd) {
        api->log(host, CCS_LOG_ERROR, "%s: %s", path, err);
        return NULL;
    }
    if (begin == 0 && csv_set_range(rd, 0, end) != 0) {
        api->log(host, CCS_LOG_ERROR, "%s: cannot read the range", path);
        csv_close(rd);
        return NULL;
    }
    const ccs_str *fields;
    size_t n;
    uint64_t line;
    const char *why;
    int rc = csv_next(rd, &fields, &n, &line, &why);
    if (rc != 1) {
        if (rc == 0)
            api->log(host, CCS_LOG_ERROR, "%s: the file is empty; expected a header line naming the %s columns",
                     path, s->name);
        else
            api->log(host, CCS_LOG_ERROR, "%s:%llu: bad header: %s%s", path, (unsigned long long)line, why,
                     limit_hint(why));
        csv_close(rd);
        return NULL;
    }
    map_header(c, fields, n, pos);
    for (const int *f = s->required; *f >= 0; f++) {
        if (pos[*f] < 0) {
            api->log(host, CCS_LOG_ERROR,
                     "%s:%llu: missing column '%s' in the %s header (map another name with col_%s = ...)",
                     path, (unsigned long long)line, column_name(c, *f), s->name, field_names[*f]);
            csv_close(rd);
            return NULL;
        }
    }
    /* Fields the stream does not know stay unmapped. */
    for (int f = 0; f < F_COUNT; f++) {
        int known = 0;
        for (const int *k = s->required; *k >= 0 && !known; k++)
            known = *k == f;
        for (const int *k = s->optional; *k >= 0 && !known; k++)
            known = *k == f;
        if (!known)
            pos[f] = -1;
    }
    *ncols = n;
    api->set_columns(ctx, fields, n);
    if (begin > 0) {
        csv_close(rd);
        rd = csv_open(path, &c->limits, err, sizeof err);
        if (!rd || csv_set_range(rd, begin, end) != 0) {
            api->log(host, CCS_LOG_ERROR, "%s: %s", path, rd ? "cannot seek" : err);
            csv_close(rd);
            return NULL;
        }
    }
    return rd;
}

static int read_rows(void *inst, ccs_source_ctx *ctx, const char *path, uint64_t begin,
                     uint64_t end, uint64_t *stop, uint64_t *lines)
{
    const csv_inst *c = inst ? inst : &defaults_inst;
    uint32_t kind = api->source_stream(ctx);
    const stream_def *s = NULL;
    for (size_t i = 0; i < NSTREAMS; i++)
        if (streams[i].kind == kind)
            s = &streams[i];
    ccs_host *host = api->source_host(ctx);
    if (!s) {
        api->log(host, CCS_LOG_ERROR, "%s: the csv source cannot read this kind of stream", path);
        return CCS_ERR;
    }
    int pos[F_COUNT];
    size_t ncols;
    csv_reader *rd = open_mapped(c, ctx, s, path, begin, end, pos, &ncols);
    if (!rd)
        return CCS_ERR;
    int status = CCS_OK;
    uint64_t rows = 0, line = 1;
    time_cache tc = { .valid = 0 };
    dup_window dups;
    if (dup_init(&dups, kind == CCS_REC_CONTACT ? c->duplicate_window : 0) != 0) {
        api->log(host, CCS_LOG_ERROR, "%s: out of memory for the duplicate check (duplicate_window)", path);
        csv_close(rd);
        return CCS_ERR;
    }
    for (;;) {
        const ccs_str *fields;
        size_t n;
        const char *why;
        int rc = csv_next(rd, &fields, &n, &line, &why);
        if (rc == 0)
            break;
        if (rc == -2) {
            api->log(host, CCS_LOG_ERROR, "%s: %s", path, why);
            status = CCS_ERR;
            break;
        }
        if ((++rows & 0xffff) == 0)
            api->progress(ctx, csv_bytes_read(rd), rows);
        if (rc == -1) {
            if (api->reject(ctx, line, "%s%s", why, limit_hint(why)) != CCS_OK)
                break;
            continue;
        }
        if (n != ncols) {
            if (api->reject(ctx, line, "expected %zu fields, found %zu", ncols, n) != CCS_OK)
                break;
            continue;
        }
        /* Set member by member: an initialiser would zero the 256-byte reason
         * buffer on every row. */
        row_ctx r;
        r.ctx = ctx;
        r.line = line;
        r.fields = fields;
        r.pos = pos;
        r.tc = &tc;
        r.why[0] = '\0';
        union {
            ccs_contact contact;
            ccs_evaluation evaluation;
            ccs_agent agent;
            ccs_objective objective;
            ccs_activity activity;
        } rec;
        int ok;
        size_t size;
        switch (kind) {
        case CCS_REC_CONTACT:
            rec.contact = (ccs_contact){ 0 };
            ok = make_contact(c, &r, &rec.contact);
            size = sizeof rec.contact;
            break;
        case CCS_REC_EVALUATION:
            rec.evaluation = (ccs_evaluation){ 0 };
            ok = make_evaluation(&r, &rec.evaluation);
            size = sizeof rec.evaluation;
            break;
        case CCS_REC_AGENT:
            rec.agent = (ccs_agent){ 0 };
            ok = make_agent(&r, &rec.agent);
            size = sizeof rec.agent;
            break;
        case CCS_REC_ACTIVITY:
            rec.activity = (ccs_activity){ 0 };
            ok = make_activity(&r, &rec.activity);
            size = sizeof rec.activity;
            break;
        default:
            rec.objective = (ccs_objective){ 0 };
            ok = make_objective(&r, &rec.objective);
            size = sizeof rec.objective;
            break;
        }
        if (ok != 0) {
            if (api->reject(ctx, line, "%s", r.why) != CCS_OK)
                break;
            continue;
        }
        uint64_t first = kind == CCS_REC_CONTACT ? dup_check(&dups, rec.contact.contact_id, line) : 0;
        if (first) {
            ccs_str id = rec.contact.contact_id;
            if (api->reject(ctx, line, "duplicate contact id '%.*s' (first on line %llu): the later row is rejected",
                            (int)(id.len > 40 ? 40 : id.len), id.ptr, (unsigned long long)first) != CCS_OK)
                break;
            continue;
        }
        ccs_record *hdr = &rec.contact.hdr;
        hdr->kind = kind;
        hdr->size = (uint32_t)size;
        hdr->file = path;
        hdr->line = line;
        hdr->fields = fields;
        hdr->nfields = (uint32_t)n;
        hdr->stream = kind;
        if (api->emit(ctx, hdr) != CCS_OK)
            break;
    }
    api->progress(ctx, csv_bytes_read(rd), rows);
    if (stop)
        *stop = csv_bytes_read(rd);
    if (lines)
        *lines = line - 1;
    dup_free(&dups);
    csv_close(rd);
    return status;
}

static int csv_read(void *inst, ccs_source_ctx *ctx, const char *path)
{
    return read_rows(inst, ctx, path, 0, UINT64_MAX, NULL, NULL);
}

/* ------------------------------------------------ configuration */

#define NOLIMIT 0, 0
#define COL(f) { "col_" #f, CCS_KEY_STRING, NULL, "header of the " #f " column, when the export names it differently", NULL, NOLIMIT }

static const ccs_key csv_keys[] = {
    COL(contact_id), COL(agent_id), COL(team), COL(queue), COL(channel), COL(started_at),
    COL(wait_s), COL(talk_s), COL(hold_s), COL(acw_s), COL(outcome), COL(transferred),
    COL(resolved), COL(csat), COL(nps), COL(customer_id), COL(notes), COL(evaluated_at),
    COL(evaluator), COL(score), COL(max_score), COL(auto_fail), COL(name), COL(hired_on),
    COL(left_on), COL(leave_reason), COL(metric), COL(target), COL(from), COL(to),
    COL(young_worker), COL(night_worker), COL(opt_out_48h), COL(activity), COL(start), COL(end),
    COL(reason),
    { "answered_as", CCS_KEY_STRING, "answered", "outcome values meaning answered, separated by |", NULL, NOLIMIT },
    { "abandoned_as", CCS_KEY_STRING, "abandoned", "outcome values meaning abandoned, separated by |", NULL, NOLIMIT },
    { "max_line_bytes", CCS_KEY_INT, "1048576", "longest row in bytes; a longer one is rejected", NULL, 64, 1073741824 },
    { "max_fields", CCS_KEY_INT, "512", "most fields in a row; a row with more is rejected", NULL, 1, 65536 },
    { "duplicate_window", CCS_KEY_INT, "8192", "contacts: how many recent contact ids a repeated one is looked for among (0: no check; 32 bytes each; larger windows cost speed)", NULL, 0, 1073741824 },
    { "max_note_bytes", CCS_KEY_INT, "65536", "longest notes field in bytes; a longer one is rejected", NULL, 0, 1073741824 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void csv_destroy(void *inst)
{
    csv_inst *c = inst;
    if (!c)
        return;
    for (int f = 0; f < F_COUNT; f++)
        free(c->column[f]);
    free(c->answered_as);
    free(c->abandoned_as);
    free(c);
}

static int csv_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    csv_inst *c = calloc(1, sizeof *c);
    if (!c)
        return CCS_ERR;
    for (int f = 0; f < F_COUNT; f++) {
        char key[32];
        snprintf(key, sizeof key, "col_%s", field_names[f]);
        const char *v = api->config_string(cfg, key);
        if (v && *v)
            c->column[f] = strdup(v);
    }
    c->limits.max_record_bytes = (size_t)api->config_int(cfg, "max_line_bytes");
    c->limits.max_fields = (size_t)api->config_int(cfg, "max_fields");
    c->max_note_bytes = (size_t)api->config_int(cfg, "max_note_bytes");
    c->duplicate_window = (size_t)api->config_int(cfg, "duplicate_window");
    c->answered_as = strdup(api->config_string(cfg, "answered_as"));
    c->abandoned_as = strdup(api->config_string(cfg, "abandoned_as"));
    *inst = c;
    return CCS_OK;
}

static const ccs_source_ops csv_ops = { sizeof(ccs_source_ops), csv_probe, csv_read, read_rows };

static const ccs_component csv_component = {
    sizeof(ccs_component), CCS_COMPONENT_SOURCE, "csv",
    "CSV exports: contacts, evaluations (QA), agents (roster; optional 0/1 columns young_worker, "
    "night_worker, opt_out_48h), objectives, activity (agent_id, activity = shift|break|lunch|training|"
    "coaching|pause|login|wrapup, start, end in ISO 8601; optional queue, reason)",
    csv_keys, csv_create, csv_destroy, &csv_ops,
};

static int csv_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &csv_component);
}

CCS_MODULE(csv, "1.0", "CSV source (RFC 4180) with column mapping", csv_init, NULL)
