/* queue_log: reads Asterisk's queue_log (`epoch|callid|queue|agent|EVENT|
 * data...`, Asterisk 1.4 to current) in one streaming pass and builds
 *
 *  - one contact record per call and queue: ENTERQUEUE opens it; CONNECT
 *    gives the wait (holdtime) and the agent; COMPLETEAGENT, COMPLETECALLER
 *    and the transfer events close it answered (talk = calltime); ABANDON
 *    closes it abandoned; EXITWITHTIMEOUT, EXITEMPTY and EXITWITHKEY close it
 *    unanswered (as abandoned, or not at all with exits_as = skip);
 *    RINGNOANSWER counts a missed offer against the agent;
 *  - activity records: login sessions (AGENTLOGIN/AGENTLOGOFF), queue
 *    membership (ADDMEMBER/REMOVEMEMBER, with the queue) and pauses
 *    (PAUSE/UNPAUSE, PAUSEALL/UNPAUSEALL) whose reason the policy maps to
 *    wrap-up, break, lunch or training.
 *
 * Memory grows with the calls in progress, the agents' lines (logins,
 * memberships, pauses: kept and put in time order at the end of the file)
 * and 32 bytes a line for recognising exact repeats (repeats.c).  Lines may
 * be out of order: a call's events are matched by callid and queue whatever
 * their order, and a call whose end comes before its ENTERQUEUE is completed
 * when the ENTERQUEUE arrives; agents' lines are sorted by time before they
 * are paired, so a PAUSE written after its UNPAUSE still makes a pause.
 * Lines earlier than one before them are counted and reported.  A call that
 * met a closed, full or empty queue (FULL, JOINEMPTY, JOINUNAVAIL, CLOSED,
 * DIVERT_CA_RATIO, DIVERT_HOLDTIME: Wazo and others) is offered and not
 * answered; WRAPUPSTART (Wazo) is a wrap-up of the given seconds.  The agent
 * NONE is no agent in every event.  At the end of the
 * file, calls still in progress are counted as incomplete and reported (a
 * warning and the accounting section), never scored nor silently lost;
 * sessions and pauses still open end at the last time in the file.
 *
 * Older Asterisk writes fewer fields: 1.4's EXITWITHTIMEOUT has only the
 * position and its EXITWITHKEY no waittime (the wait is then the time since
 * ENTERQUEUE), its CONNECT no ringtime and its TRANSFER no origposition.
 * Transfers take holdtime and calltime counted from the end, so every
 * layout (BLINDTRANSFER, ATTENDEDTRANSFER BRIDGE/APP/LINK) works.
 *
 * The files: module.c (keys, instance, agent map, registration), read.c
 * (the read loop and the end of the file), parse.c (recognising the format,
 * splitting lines, dispatching events), calls.c (the call state machine),
 * members.c (sessions, memberships, pauses), records.c (contact and
 * activity records out), callmap.c (the map of calls in progress),
 * section.c (the accounting section). */
#ifndef CCS_QUEUE_LOG_H
#define CCS_QUEUE_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "parse.h"
#include "strtab.h"

/* The host's API, set when the module is loaded (module.c). */
extern const ccs_host_api *ql_api;

#define QL_MAX_FIELDS 16
#define QL_MAX_DURATION_S CCS_MAX_DURATION_S
/* Finished calls remembered, so that a line written late (a CONNECT after
 * the COMPLETEAGENT) is not taken for a new call. */
#define QL_DONE_KEPT 4096

/* ------------------------------------------------ callmap.c */

/* A string map with removal, for the calls in progress and the calls
 * recently finished: lib's strtab keeps every key it interns, and here keys
 * (callids) come and go with the file, so they need a map that forgets.
 * Iterated bucket by bucket (the end of the file walks it). */
typedef struct smap_entry {
    char *key;
    size_t klen;
    uint64_t hash;
    void *val;
    struct smap_entry *next;
} smap_entry;

typedef struct smap {
    smap_entry **b;
    size_t nb, n;
} smap;

void *smap_get(const smap *m, const char *k, size_t n);
int smap_has(const smap *m, const char *k, size_t n);
int smap_put(smap *m, const char *k, size_t n, void *val); /* the key must not be there; 0 or -1 */
void *smap_take(smap *m, const char *k, size_t n);         /* remove; the value or NULL */
void smap_free(smap *m, void (*free_val)(void *));

/* ------------------------------------------------ the instance */

enum { PAUSE_WRAPUP, PAUSE_BREAK, PAUSE_LUNCH, PAUSE_TRAINING, PAUSE_KINDS };

typedef struct ql_inst {
    char *pause_reasons[PAUSE_KINDS]; /* '|'-separated, case-insensitive */
    strtab members;            /* member names of the agent map */
    char **ids;                /* member index -> agent id */
    size_t nids, capids;
    int exits_skip;            /* exits_as = skip */
    double acw_s;
    char *channel;
    char *instance;
} ql_inst;

/* ------------------------------------------------ reading state */

enum end_kind {
    END_NONE = 0, END_COMPLETEAGENT, END_COMPLETECALLER, END_TRANSFER, END_ABANDON,
    END_TIMEOUT, END_EMPTY, END_KEY, END_REFUSED
};

typedef struct call {
    char *callid, *queue, *member, *callerid;
    const char *end_event;     /* the event that ended it, when END_TRANSFER or END_REFUSED */
    uint64_t first_line;
    int64_t enter_at;          /* 0: no ENTERQUEUE seen (yet) */
    int connected;
    double connect_wait, ring_s;
    int end;                   /* enum end_kind */
    int64_t end_at;
    double end_wait, talk_s;
    int has_end_wait;
    uint32_t missed;           /* RINGNOANSWER */
} call;

typedef struct span {
    int64_t start;
    uint64_t line;
    char *reason, *queue;
} span;

/* Spans open per key (an agent, or agent \t queue): keys stay, spans come
 * and go (NULL while none is open). */
typedef struct span_set {
    strtab keys;
    span **open;
    size_t n, cap;
} span_set;

/* How many times each name was seen (agents' missed offers, unknown events). */
typedef struct name_counts {
    strtab names;
    uint64_t *n;
    size_t nn, cap;
} name_counts;

typedef struct counts {
    uint64_t lines, events, unknown, calls, entered, answered, abandoned, timeout, empty, key,
        transferred, skipped_exits, incomplete, no_enter, missed_offers, sessions, memberships,
        pauses, open_at_end, unmatched_end, ignored, late, repeated, out_of_order, refused,
        wrapups;
} counts;

/* ------------------------------------------------ repeats.c */

typedef struct line_slot {
    uint64_t h, line;
} line_slot;

typedef struct line_seen {
    line_slot *t;
    size_t cap, n;
} line_seen;

int ql_seen(line_seen *s, const char *p, size_t n, uint64_t line, uint64_t *first);
void ql_seen_free(line_seen *s);

/* ------------------------------------------------ agentq.c */

/* Agents' lines, kept to be put in time order at the end of the file. */
typedef struct agent_line {
    int64_t epoch;
    uint64_t no;
    int ev, unterminated;
    char *text;
    size_t len;
} agent_line;

typedef struct agent_queue {
    agent_line *v;
    size_t n, cap;
} agent_queue;

typedef struct reader {
    const ql_inst *c;
    ccs_source_ctx *ctx;
    ccs_host *host;
    const char *path;
    int want_contacts;
    smap calls;                /* callid \t queue -> call */
    span_set logins;           /* agent -> span (AGENTLOGIN) */
    span_set members;          /* agent \t queue -> span (ADDMEMBER) */
    span_set pauses;           /* agent -> span */
    name_counts missed;        /* agent id -> missed offers */
    name_counts unknown;       /* event name -> lines */
    smap done;                 /* recently finished calls (key -> NULL), for late lines */
    char *done_ring[QL_DONE_KEPT];
    size_t done_next;
    int64_t first_epoch, last_epoch;
    counts n;
    int stop;
    uint64_t inc_line;         /* the first incomplete call found while reading (a */
    char inc_id[128];          /* repeated ENTERQUEUE), for the warning; 0: none */
    line_seen seen;            /* every line's hash, for exact repeats */
    uint64_t rep_line, rep_of; /* the first repeat and the line it repeats */
    int64_t max_epoch;         /* the latest time so far (lines out of order) */
    uint64_t ooo_line;         /* the first line earlier than one before it */
    agent_queue agents;        /* agents' lines, replayed in time order at the end */
    int replaying;
} reader;

/* One line, split. */
typedef struct line_in {
    uint64_t no;
    int64_t epoch;
    ccs_str f[QL_MAX_FIELDS];
    size_t nf;                 /* fields, including the 5 fixed ones */
    int last_unterminated;
    const char *text;          /* the whole line */
    size_t len;
} line_in;

enum ev {
    EV_UNKNOWN, EV_IGNORED, EV_ENTERQUEUE, EV_CONNECT, EV_COMPLETEAGENT, EV_COMPLETECALLER,
    EV_BLINDTRANSFER, EV_ATTENDEDTRANSFER, EV_TRANSFER, EV_ABANDON, EV_EXITWITHTIMEOUT,
    EV_EXITEMPTY, EV_EXITWITHKEY, EV_REFUSED, EV_RINGNOANSWER,
    /* agents' events from here on */
    EV_AGENTLOGIN, EV_AGENTLOGOFF, EV_ADDMEMBER, EV_REMOVEMEMBER, EV_PAUSE, EV_UNPAUSE, EV_PAUSEALL,
    EV_UNPAUSEALL, EV_WRAPUPSTART
};

/* Small helpers (records.c). */
char *ql_dupn(const char *p, size_t n);
ccs_str ql_S(const char *s);
int ql_str_is(ccs_str s, const char *z);
int ql_is_none(ccs_str s);     /* empty, or Asterisk's NONE */

/* records.c: records out. */
const char *ql_agent_of(const reader *r, const char *member);
int ql_pause_kind(const ql_inst *c, const char *reason);
int ql_emit_contact(reader *r, const call *k);
int ql_emit_activity(reader *r, const char *agent, const span *s, int64_t end, int kind);

/* parse.c */
uint32_t ql_probe(const void *inst, const char *head, size_t len);
int ql_reject(reader *r, const line_in *l, const char *fmt, const char *what);
int ql_get_seconds(const line_in *l, size_t i, double *out);
int ql_split(line_in *l, const char *p, size_t n);
int ql_parse_line(reader *r, line_in *l, const char *p, size_t n);
int ql_event_of(ccs_str s);

/* agentq.c */
int ql_defer_agent_line(reader *r, const line_in *l, int ev);
int ql_replay_agent_lines(reader *r);
void ql_agent_lines_free(agent_queue *q);

/* calls.c */
void call_free(void *v);
int ql_finish_call(reader *r, call *k);
int ql_call_event(reader *r, const line_in *l, int ev);

/* members.c */
void span_free(void *v);
int ql_agent_event(reader *r, const line_in *l, int ev);
int ql_close_open_spans(reader *r);
void spans_free(span_set *s);

/* section.c */
void ql_count_name(name_counts *m, ccs_str name);
void ql_counts_free(name_counts *m);
void ql_add_accounting(reader *r);

/* read.c */
int ql_read(void *inst, ccs_source_ctx *ctx, const char *path);

#endif
