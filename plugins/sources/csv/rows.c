/* csv: one row to one typed record: field parsing (durations, flags,
 * survey answers, ISO 8601 times with a cache for rows of the same day,
 * dates, outcome words) and each stream's conversion.  Bad rows get a reason
 * in row_ctx.why; values in reasons are cut short and notes never appear. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvsrc.h"
#include "idhash.h"
#include "parse.h"

static ccs_str field(const row_ctx *r, int f)
{
    ccs_str none = { "", 0 };
    return r->pos[f] >= 0 ? r->fields[r->pos[f]] : none;
}

/* Values in messages are cut short; notes never appear (privacy). */
static int bad(row_ctx *r, int f, const char *what)
{
    ccs_str v = field(r, f);
    snprintf(r->why, sizeof r->why, "%s in %s: '%.*s'", what, cs_field_names[f],
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

/* The len <= 8 bytes at s as one word, for comparing. */
static inline uint64_t short_word(const char *s, size_t len)
{
    uint64_t w;
    if (len == 8) {
        memcpy(&w, s, 8);
        return w;
    }
    return idhash_tail(s, len);
}

/* Whether v (at least 19 bytes) has the cached date and zone: per row, so
 * compared as words rather than through memcmp. */
static inline int same_day_and_zone(const time_cache *tc, ccs_str v)
{
    uint64_t head;
    uint16_t tail;
    memcpy(&head, v.ptr, 8);
    memcpy(&tail, v.ptr + 8, 2);
    return head == tc->date_head && tail == tc->date_tail && short_word(v.ptr + 19, tc->zone_len) == tc->zone;
}

/* "YYYY-MM-DDTHH:MM:SS" then a zone: when the date and the zone are the
 * previous row's, only the time of day needs reading. */
static int time_from_cache(time_cache *tc, ccs_str v, iso_time *t)
{
    if (!tc || !tc->valid || v.len < 19 || v.len - 19 != tc->zone_len || !same_day_and_zone(tc, v))
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
    if (v.len < 19 || v.len - 19 > 8 || v.ptr[10] != 'T' || !t->has_time)
        return;
    memcpy(&tc->date_head, v.ptr, 8);
    memcpy(&tc->date_tail, v.ptr + 8, 2);
    tc->zone_len = v.len - 19;
    tc->zone = short_word(v.ptr + 19, tc->zone_len);
    tc->day = t->day;
    tc->has_offset = t->has_offset;
    tc->offset_s = t->offset_s;
    tc->valid = 1;
}

/* The shape of a date that did not parse, for the reason: digit runs as
 * YYYY (4), NN (2) or N (1), other characters as they are; "" when the
 * value holds no digit (then its shape says nothing). */
static void date_shape(ccs_str v, char *out, size_t len)
{
    size_t o = 0, i = 0;
    int digits = 0;
    while (i < v.len && i < 40 && o + 5 < len) {
        size_t j = i;
        while (j < v.len && v.ptr[j] >= '0' && v.ptr[j] <= '9')
            j++;
        if (j == i) {
            out[o++] = v.ptr[i++];
            continue;
        }
        digits = 1;
        const char *w = j - i == 4 ? "YYYY" : j - i == 2 ? "NN" : j - i == 1 ? "N" : "NNN";
        o += (size_t)snprintf(out + o, len - o, "%s", w);
        i = j;
    }
    out[digits ? o : 0] = '\0';
}

/* A bad date or time: the reason names the shape seen, so that a file of
 * US dates is rejected under one reason that says what it holds. */
static int bad_date(row_ctx *r, int f, const char *expected)
{
    char shape[64], what[160];
    date_shape(field(r, f), shape, sizeof shape);
    if (shape[0])
        snprintf(what, sizeof what, "%s; format seen: %s)", expected, shape);
    else
        snprintf(what, sizeof what, "%s)", expected);
    return bad(r, f, what);
}

static int get_time(row_ctx *r, int f, int64_t *utc, int32_t *day, int32_t *minute)
{
    iso_time t;
    ccs_str v = field(r, f);
    if (time_from_cache(r->tc, v, &t) != 0) {
        if (parse_iso8601(v, &t) != 0)
            return bad_date(r, f, "bad date/time (expected ISO 8601, e.g. 2026-11-20T09:15:00+00:00");
        time_remember(r->tc, v, &t);
    }
    ccs_host *host = csv_api->source_host(r->ctx);
    if (t.has_offset) {
        *utc = (int64_t)t.day * 86400 + t.second - t.offset_s;
        csv_api->local_time(host, *utc, day, minute);
    } else {
        /* No offset: wall-clock time in the organisation's timezone. */
        *utc = csv_api->local_to_utc(host, t.day, t.second);
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
    return parse_date(v, out) == 0 ? 0 : bad_date(r, f, "bad date (expected YYYY-MM-DD");
}

/* Whether v is one of the words, ignoring case.  Runs once per row: a word
 * of the wrong length is skipped after one comparison, and one spelt as in
 * the list costs one memcmp. */
static int word_in(ccs_str v, const word_list *l)
{
    for (size_t k = 0; k < l->n; k++) {
        const char *w = l->w[k].ptr;
        if (l->w[k].len != v.len)
            continue;
        if (memcmp(w, v.ptr, v.len) == 0)
            return 1; /* the usual case: the word as the list spells it */
        size_t i = 0;
        while (i < v.len && (w[i] | 0x20) == (v.ptr[i] | 0x20) &&
               ((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z' ? 1 : w[i] == v.ptr[i]))
            i++;
        if (i == v.len)
            return 1;
    }
    return 0;
}

/* Every member of a good row is set here: the record is not zeroed first.
 * A member added to ccs_contact must be set here too (the size check says
 * so). */
_Static_assert(sizeof(void *) != 8 || sizeof(ccs_contact) == 224, "a new ccs_contact member: set it in make_contact");

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
    if (word_in(outcome, &c->answered))
        k->outcome = CCS_OUTCOME_ANSWERED;
    else if (word_in(outcome, &c->abandoned))
        k->outcome = CCS_OUTCOME_ABANDONED;
    else
        return bad(r, F_OUTCOME, "unknown outcome (expected answered or abandoned; "
                                 "map the codes of the export with answered_as or abandoned_as)");
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

/* The comment routes, in enum ccs_comment_route order from CCS_ROUTE_COMPLAINT. */
static const char *const route_names[] = {
    "complaint", "compliment", "peer", "self", "mystery_shopper", "customer",
};

/* A comment (ABI 1.4): its route, sentiment, topic label and score; the
 * export's free text, if any, is never read. */
static int make_comment(row_ctx *r, ccs_comment *c)
{
    c->agent_id = field(r, F_AGENT_ID);
    c->topic = field(r, F_TOPIC);
    if (c->agent_id.len == 0)
        return bad(r, F_AGENT_ID, "empty agent id");
    ccs_str route = field(r, F_ROUTE);
    for (size_t i = 0; i < sizeof route_names / sizeof route_names[0] && !c->route; i++)
        if (route.len == strlen(route_names[i]) && strncasecmp(route.ptr, route_names[i], route.len) == 0)
            c->route = CCS_ROUTE_COMPLAINT + (int)i;
    if (!c->route)
        return bad(r, F_ROUTE, "unknown route (expected complaint, compliment, peer, self, mystery_shopper or customer)");
    ccs_str when = field(r, F_RECEIVED_ON);
    int64_t utc;
    if (when.len > 10 ? get_time(r, F_RECEIVED_ON, &utc, &c->received_on, NULL) : get_date(r, F_RECEIVED_ON, 0, &c->received_on))
        return -1;
    int64_t s;
    if (parse_int64(field(r, F_SENTIMENT), &s) != 0 || s < -1 || s > 1)
        return bad(r, F_SENTIMENT, "bad sentiment (expected -1, 0 or 1)");
    c->sentiment = (int)s;
    if (c->topic.len > 64)
        return bad(r, F_TOPIC, "topic longer than 64 bytes (expected a short label, not free text)");
    ccs_str sc = field(r, F_SCORE);
    if (sc.len) {
        if (parse_double(sc, &c->score) != 0 || !(c->score >= 0 && c->score <= 100))
            return bad(r, F_SCORE, "bad score (expected 0 to 100 points)");
        c->has_score = 1;
    }
    return 0;
}

int cs_make_record(const csv_inst *c, uint32_t kind, row_ctx *r, csv_record *rec, size_t *size)
{
    switch (kind) {
    case CCS_REC_CONTACT:
        /* Not zeroed first: make_contact sets every member of a good row
         * (and one_row the header), and zeroing 224 bytes was 3% of a run. */
        *size = sizeof rec->contact;
        return make_contact(c, r, &rec->contact);
    case CCS_REC_EVALUATION:
        rec->evaluation = (ccs_evaluation){ 0 };
        *size = sizeof rec->evaluation;
        return make_evaluation(r, &rec->evaluation);
    case CCS_REC_AGENT:
        rec->agent = (ccs_agent){ 0 };
        *size = sizeof rec->agent;
        return make_agent(r, &rec->agent);
    case CCS_REC_ACTIVITY:
        rec->activity = (ccs_activity){ 0 };
        *size = sizeof rec->activity;
        return make_activity(r, &rec->activity);
    case CCS_REC_COMMENT:
        rec->comment = (ccs_comment){ 0 };
        *size = sizeof rec->comment;
        return make_comment(r, &rec->comment);
    default:
        rec->objective = (ccs_objective){ 0 };
        *size = sizeof rec->objective;
        return make_objective(r, &rec->objective);
    }
}
