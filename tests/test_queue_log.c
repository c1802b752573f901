/*
 * Tests of the queue_log source (plugins/sources/queue_log.c, compiled in) through a
 * small fake host that keeps every record, rejection, log line and section.
 * The fixtures in tests/fixtures/queue_log/ are hand-written, one per
 * Asterisk generation's field layout (gen14.queue_log: 1.4; modern.queue_log: 11 to
 * current) plus messy.queue_log (lines out of order, malformed lines, an unknown
 * event, calls open at the end, a truncated last line); every expected value
 * below was read off those lines by hand (see the comments).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ccscore/plugin.h"

const ccs_module *queue_log_LTX_ccs_module_entry(void);

#define T0 1794819600 /* Mon 2026-11-16 09:00:00 UTC */

/* ------------------------------------------------ the fake host */

typedef struct rec {
    uint32_t kind;
    uint64_t line;
    char id[64], agent[64], queue[32], reason[32], event[32], customer[32];
    int64_t at, end;
    double wait, talk, acw;
    int outcome, transferred, activity;
} rec;

struct ccs_host {
    const ccs_component *comp;
    rec recs[64];
    size_t nrecs;
    uint64_t rejected_lines[16];
    char rejected_why[16][256];
    size_t nrejected;
    char log[4096];
    char section_rows[4096], section_name[80];
    uint32_t stream;
    int fail_on_reject;
};

struct ccs_config {
    const char *keys[8], *values[8];
};

struct ccs_source_ctx {
    ccs_host *host;
};

static const ccs_key *find_key(const ccs_host *h, const char *key)
{
    for (const ccs_key *k = h->comp->keys; k->name; k++)
        if (strcmp(k->name, key) == 0)
            return k;
    return NULL;
}

static ccs_host *current;

static const char *cfg_value(const ccs_config *c, const char *key)
{
    for (int i = 0; i < 8 && c->keys[i]; i++)
        if (strcmp(c->keys[i], key) == 0)
            return c->values[i];
    const ccs_key *k = find_key(current, key);
    return k ? k->default_value : NULL;
}

static int f_register(ccs_host *h, const ccs_component *c) { h->comp = c; return CCS_OK; }
static void f_log(ccs_host *h, int level, const char *fmt, ...)
{
    (void)level;
    va_list ap;
    va_start(ap, fmt);
    size_t n = strlen(h->log);
    vsnprintf(h->log + n, sizeof h->log - n, fmt, ap);
    va_end(ap);
    n = strlen(h->log);
    snprintf(h->log + n, sizeof h->log - n, "\n");
}
static int f_has(const ccs_config *c, const char *k) { return cfg_value(c, k) != NULL; }
static const char *f_string(const ccs_config *c, const char *k) { return cfg_value(c, k); }
static double f_number(const ccs_config *c, const char *k) { const char *v = cfg_value(c, k); return v ? atof(v) : 0; }
static int64_t f_int(const ccs_config *c, const char *k) { return (int64_t)f_number(c, k); }
static int f_bool(const ccs_config *c, const char *k) { const char *v = cfg_value(c, k); return v && *v == 'y'; }
static int f_enum(const ccs_config *c, const char *key)
{
    const char *v = cfg_value(c, key);
    const ccs_key *k = find_key(current, key);
    if (!v || !k || !k->choices)
        return -1;
    const char *p = k->choices;
    for (int i = 0;; i++) {
        size_t n = strcspn(p, "|");
        if (n == strlen(v) && strncmp(p, v, n) == 0)
            return i;
        if (!p[n])
            return -1;
        p += n + 1;
    }
}
static const char *f_instance(const ccs_config *c) { (void)c; return "contacts"; }

static void copy(char *dst, size_t len, ccs_str s)
{
    snprintf(dst, len, "%.*s", (int)s.len, s.ptr);
}

static int f_emit(ccs_source_ctx *ctx, const ccs_record *r)
{
    ccs_host *h = ctx->host;
    assert_true(h->nrecs < 64);
    rec *o = &h->recs[h->nrecs++];
    memset(o, 0, sizeof *o);
    o->kind = r->kind;
    o->line = r->line;
    if (r->kind == CCS_REC_CONTACT) {
        const ccs_contact *c = (const ccs_contact *)r;
        assert_int_equal(r->size, sizeof *c);
        copy(o->id, sizeof o->id, c->contact_id);
        copy(o->agent, sizeof o->agent, c->agent_id);
        copy(o->queue, sizeof o->queue, c->queue);
        copy(o->customer, sizeof o->customer, c->customer_id);
        copy(o->event, sizeof o->event, ccs_record_column(r, 3));
        o->at = c->started_at;
        o->wait = c->wait_s;
        o->talk = c->talk_s;
        o->acw = c->acw_s;
        o->outcome = c->outcome;
        o->transferred = c->transferred;
        /* UTC in this fake: the local minute follows the instant. */
        assert_int_equal(c->local_day, (int32_t)(c->started_at / 86400));
        assert_int_equal(c->local_minute, (int32_t)(c->started_at % 86400 / 60));
    } else {
        const ccs_activity *a = (const ccs_activity *)r;
        assert_int_equal(r->kind, CCS_REC_ACTIVITY);
        copy(o->agent, sizeof o->agent, a->agent_id);
        copy(o->queue, sizeof o->queue, a->queue);
        copy(o->reason, sizeof o->reason, a->reason);
        o->at = a->start;
        o->end = a->end;
        o->activity = a->activity;
    }
    return CCS_OK;
}

static int f_reject(ccs_source_ctx *ctx, uint64_t line, const char *fmt, ...)
{
    ccs_host *h = ctx->host;
    assert_true(h->nrejected < 16);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->rejected_why[h->nrejected], 256, fmt, ap);
    va_end(ap);
    h->rejected_lines[h->nrejected++] = line;
    return h->fail_on_reject ? CCS_ERR : CCS_OK;
}
static uint32_t f_stream(const ccs_source_ctx *ctx) { return ctx->host->stream; }
static uint32_t f_columns(ccs_source_ctx *ctx, const ccs_str *n, size_t k) { (void)ctx; (void)n; (void)k; return 0; }
static void f_local(ccs_host *h, int64_t utc, int32_t *day, int32_t *minute)
{
    (void)h;
    *day = (int32_t)(utc / 86400);
    *minute = (int32_t)(utc % 86400 / 60);
}
static ccs_host *f_source_host(ccs_source_ctx *ctx) { return ctx->host; }
static void f_progress(ccs_source_ctx *ctx, uint64_t b, uint64_t r) { (void)ctx; (void)b; (void)r; }
/* The section's tables flattened, one line per row: "[table] column=value
 * column=value ...", numbers as whole numbers (the accounting is counts). */
static int f_section(ccs_host *h, const ccs_report_section *s)
{
    snprintf(h->section_name, sizeof h->section_name, "%s", s->name);
    size_t used = 0;
    h->section_rows[0] = '\0';
    for (size_t t = 0; t < s->ntables; t++) {
        const ccs_table *tb = &s->tables[t];
        for (size_t r = 0; r < tb->nrows; r++) {
            used += (size_t)snprintf(h->section_rows + used, sizeof h->section_rows - used, "[%s]", tb->name);
            for (size_t c = 0; c < tb->ncolumns && used < sizeof h->section_rows; c++) {
                const ccs_cell *x = &tb->cells[r * tb->ncolumns + c];
                int text = tb->columns[c].type == CCS_VAL_TEXT || tb->columns[c].type == CCS_VAL_ID;
                used += (size_t)(text ? snprintf(h->section_rows + used, sizeof h->section_rows - used, " %s=%s",
                                                 tb->columns[c].name, x->text)
                                      : snprintf(h->section_rows + used, sizeof h->section_rows - used, " %s=%.0f",
                                                 tb->columns[c].name, x->number));
            }
            if (used < sizeof h->section_rows)
                used += (size_t)snprintf(h->section_rows + used, sizeof h->section_rows - used, "\n");
        }
    }
    return CCS_OK;
}

static const ccs_host_api fake_api = {
    .size = sizeof(ccs_host_api), .abi_major = CCS_ABI_MAJOR, .abi_minor = CCS_ABI_MINOR,
    .register_component = f_register, .log = f_log, .config_has = f_has,
    .config_string = f_string, .config_int = f_int, .config_number = f_number,
    .config_bool = f_bool, .config_enum = f_enum, .config_instance = f_instance,
    .emit = f_emit, .reject = f_reject, .source_stream = f_stream, .set_columns = f_columns,
    .local_time = f_local, .source_host = f_source_host, .progress = f_progress,
    .add_report_section = f_section,
};

/* Read a fixture with the given keys; the host is zeroed first. */
static ccs_host *read_fixture(const char *name, const ccs_config *cfg)
{
    static ccs_host h;
    memset(&h, 0, sizeof h);
    h.stream = CCS_REC_CONTACT;
    current = &h;
    const ccs_module *m = queue_log_LTX_ccs_module_entry();
    assert_int_equal(m->init(&h, &fake_api), CCS_OK);
    assert_non_null(h.comp);
    void *inst = NULL;
    static const ccs_config none;
    assert_int_equal(h.comp->create(&h, cfg ? cfg : &none, &inst), CCS_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/queue_log/%s", TEST_SRCDIR, name);
    ccs_source_ctx ctx = { &h };
    const ccs_source_ops *ops = h.comp->ops;
    assert_int_equal(ops->read(inst, &ctx, path), CCS_OK);
    h.comp->destroy(inst);
    return &h;
}

static const rec *contact(const ccs_host *h, const char *id)
{
    for (size_t i = 0; i < h->nrecs; i++)
        if (h->recs[i].kind == CCS_REC_CONTACT && strcmp(h->recs[i].id, id) == 0)
            return &h->recs[i];
    fail_msg("no contact %s", id);
    return NULL;
}

static size_t count_kind(const ccs_host *h, uint32_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < h->nrecs; i++)
        n += h->recs[i].kind == kind;
    return n;
}

static void want_contact(const ccs_host *h, const char *id, int outcome, int64_t at, double wait,
                         double talk, const char *agent, int transferred, const char *event)
{
    const rec *r = contact(h, id);
    if (r->outcome != outcome || r->at != at || r->wait != wait || r->talk != talk ||
        strcmp(r->agent, agent) != 0 || r->transferred != transferred || strcmp(r->event, event) != 0)
        fail_msg("%s: outcome %d at %+lld wait %g talk %g agent '%s' transferred %d event %s; want "
                 "%d %+lld %g %g '%s' %d %s",
                 id, r->outcome, (long long)(r->at - T0), r->wait, r->talk, r->agent, r->transferred,
                 r->event, outcome, (long long)(at - T0), wait, talk, agent, transferred, event);
}

static void want_activity(const ccs_host *h, const char *agent, int kind, int64_t start, int64_t end,
                          const char *queue, const char *reason)
{
    for (size_t i = 0; i < h->nrecs; i++) {
        const rec *r = &h->recs[i];
        if (r->kind == CCS_REC_ACTIVITY && strcmp(r->agent, agent) == 0 && r->activity == kind &&
            r->at == start && r->end == end && strcmp(r->queue, queue) == 0 &&
            strcmp(r->reason, reason) == 0)
            return;
    }
    for (size_t i = 0; i < h->nrecs; i++)
        if (h->recs[i].kind == CCS_REC_ACTIVITY)
            print_message("# have: %s kind %d %+lld..%+lld queue '%s' reason '%s'\n", h->recs[i].agent,
                          h->recs[i].activity, (long long)(h->recs[i].at - T0),
                          (long long)(h->recs[i].end - T0), h->recs[i].queue, h->recs[i].reason);
    fail_msg("no activity %s kind %d %+lld..%+lld queue '%s' reason '%s'", agent, kind,
             (long long)(start - T0), (long long)(end - T0), queue, reason);
}

static void want_rows(const ccs_host *h, const char *fragment)
{
    if (!strstr(h->section_rows, fragment))
        fail_msg("accounting section lacks %s: %s", fragment, h->section_rows);
}

#define ANS CCS_OUTCOME_ANSWERED
#define ABN CCS_OUTCOME_ABANDONED

/* ------------------------------------------------ Asterisk 1.4 */

static void test_gen14(void **state)
{
    (void)state;
    ccs_host *h = read_fixture("gen14.queue_log", NULL);
    assert_int_equal(h->nrejected, 0);
    assert_int_equal(count_kind(h, CCS_REC_CONTACT), 6);
    /* CONNECT 5 s; COMPLETECALLER holdtime 5, calltime 195. */
    want_contact(h, "1794819600.1", ANS, T0, 5, 195, "Agent/1001", 0, "COMPLETECALLER");
    assert_int_equal(contact(h, "1794819600.1")->line, 2);
    assert_string_equal(contact(h, "1794819600.1")->customer, "01632960001");
    /* 1.4 EXITWITHTIMEOUT has only the position: wait = 730 - 700 = 30 s. */
    want_contact(h, "1794819700.3", ABN, T0 + 100, 30, 0, "", 0, "EXITWITHTIMEOUT");
    /* 1.4 EXITWITHKEY key|position: wait = 912 - 900 = 12 s. */
    want_contact(h, "1794819900.5", ABN, T0 + 300, 12, 0, "", 0, "EXITWITHKEY");
    /* 1.4 TRANSFER exten|context|holdtime|calltime: wait 20, talk 100. */
    want_contact(h, "1794820000.7", ANS, T0 + 400, 20, 100, "Agent/1002", 1, "TRANSFER");
    want_contact(h, "1794820200.9", ABN, T0 + 600, 3, 0, "", 0, "ABANDON");
    want_contact(h, "1794820300.11", ABN, T0 + 700, 10, 0, "", 0, "EXITEMPTY");
    /* AGENTLOGOFF with logintime 3600 and no AGENTLOGIN in the file. */
    assert_int_equal(count_kind(h, CCS_REC_ACTIVITY), 1);
    want_activity(h, "Agent/1001", CCS_ACT_LOGIN, T0 + 800 - 3600, T0 + 800, "", "");
    want_rows(h, " calls=6 entered=6 ");
    want_rows(h, " answered=2 transferred=1 abandoned=1 timeout=1 exit_empty=1 exit_key=1 incomplete=0 ");
}

/* ------------------------------------------------ Asterisk 11 to current */

static void test_modern(void **state)
{
    (void)state;
    ccs_config cfg = { { "agent_map" }, { "SIP/8007=A007, PJSIP/alice = A012" } };
    ccs_host *h = read_fixture("modern.queue_log", &cfg);
    assert_int_equal(h->nrejected, 0);
    assert_int_equal(count_kind(h, CCS_REC_CONTACT), 9);
    want_contact(h, "1794819600.1", ANS, T0, 20, 180, "A007", 0, "COMPLETEAGENT");
    want_contact(h, "1794819700.3", ABN, T0 + 100, 60, 0, "", 0, "EXITWITHTIMEOUT");
    want_contact(h, "1794819900.5", ABN, T0 + 300, 9, 0, "", 0, "EXITWITHKEY");
    want_contact(h, "1794820000.7", ANS, T0 + 400, 10, 50, "A012", 1, "BLINDTRANSFER");
    /* ATTENDEDTRANSFER in its three forms: BRIDGE, LINK (two channels), APP. */
    want_contact(h, "1794820100.9", ANS, T0 + 500, 12, 60, "A007", 1, "ATTENDEDTRANSFER");
    want_contact(h, "1794820200.13", ANS, T0 + 600, 7, 30, "A007", 1, "ATTENDEDTRANSFER");
    want_contact(h, "1794820300.15", ANS, T0 + 700, 8, 40, "A012", 1, "ATTENDEDTRANSFER");
    want_contact(h, "1794820400.17", ABN, T0 + 800, 30, 0, "", 0, "ABANDON");
    want_contact(h, "1794820500.19", ABN, T0 + 900, 0, 0, "", 0, "EXITEMPTY");
    /* Activity: alice's wrap-up pause of 60 s, SIP/8007's lunch of 1800 s,
     * alice's membership until REMOVEMEMBER, SIP/8007's open to the end. */
    assert_int_equal(count_kind(h, CCS_REC_ACTIVITY), 4);
    want_activity(h, "A012", CCS_ACT_WRAPUP, T0 + 1000, T0 + 1060, "support", "wrapup");
    want_activity(h, "A007", CCS_ACT_LUNCH, T0 + 1000, T0 + 2800, "support", "Lunch");
    want_activity(h, "A012", CCS_ACT_LOGIN, T0 - 500, T0 + 3400, "support", "member");
    want_activity(h, "A007", CCS_ACT_LOGIN, T0 - 500, T0 + 3400, "support", "member");
    want_rows(h, " calls=9 entered=9 ");
    want_rows(h, " answered=5 transferred=4 abandoned=1 timeout=1 exit_empty=1 exit_key=1 incomplete=0 ");
    want_rows(h, "[missed_offers] agent_id=A012 missed_offers=1\n");
    assert_null(strstr(h->section_rows, "[missed_offers] agent_id=PJSIP"));
    assert_string_equal(h->section_name, "queue_log_contacts");
}

static void test_exits_skip(void **state)
{
    (void)state;
    ccs_config cfg = { { "exits_as", "acw_s" }, { "skip", "15" } };
    ccs_host *h = read_fixture("modern.queue_log", &cfg);
    /* Timeout, key and empty exits are counted but not scored. */
    assert_int_equal(count_kind(h, CCS_REC_CONTACT), 6);
    assert_true(contact(h, "1794819600.1")->acw == 15);
    assert_true(contact(h, "1794820400.17")->acw == 0);
    want_rows(h, " not_scored=3 ");
}

/* ------------------------------------------------ disorder and damage */

static void test_messy(void **state)
{
    (void)state;
    ccs_host *h = read_fixture("messy.queue_log", NULL);
    /* Lines 8 (bad epoch), 9 (CONNECT without data), 10 (ABANDON with two of
     * its three fields), 18 (cut short, no end of line). */
    assert_int_equal(h->nrejected, 4);
    assert_int_equal(h->rejected_lines[0], 8);
    assert_non_null(strstr(h->rejected_why[0], "bad epoch"));
    assert_int_equal(h->rejected_lines[1], 9);
    assert_non_null(strstr(h->rejected_why[1], "CONNECT has 0 data fields, needs at least 1"));
    assert_int_equal(h->rejected_lines[2], 10);
    assert_non_null(strstr(h->rejected_why[2], "ABANDON has 2 data fields, needs at least 3"));
    assert_int_equal(h->rejected_lines[3], 18);
    assert_non_null(strstr(h->rejected_why[3], "truncated last line"));
    /* COMPLETECALLER, CONNECT, ENTERQUEUE in reverse order: one call. */
    want_contact(h, "1794820000.1", ANS, T0 + 400, 30, 70, "Agent/1003", 0, "COMPLETECALLER");
    assert_int_equal(contact(h, "1794820000.1")->line, 5);
    /* A COMPLETEAGENT whose call entered before the file: started
     * 820400 - 4 - 100 = 820296. */
    want_contact(h, "1794820400.13", ANS, T0 + 696, 4, 100, "Agent/1003", 0, "COMPLETEAGENT");
    assert_int_equal(count_kind(h, CCS_REC_CONTACT), 2);
    /* .9 (ENTERQUEUE only), .11 (CONNECT, no end), .15 (end cut off). */
    want_rows(h, " calls=5 entered=4 no_enterqueue=1 ");
    want_rows(h, " answered=2 transferred=0 abandoned=0 timeout=0 exit_empty=0 exit_key=0 incomplete=3 ");
    want_rows(h, " unknown_events=1 ");
    assert_non_null(strstr(h->log, "3 calls still in progress at the end of the file"));
    want_rows(h, "[unknown_events] event=FOOBAR lines=1\n");
    /* Pauses by reason; the training pause and the login run to the last
     * time in the file (820600). */
    assert_int_equal(count_kind(h, CCS_REC_ACTIVITY), 3);
    want_activity(h, "Agent/1003", CCS_ACT_BREAK, T0 - 100, T0 + 200, "", "Break");
    want_activity(h, "Agent/1003", CCS_ACT_TRAINING, T0 + 900, T0 + 1000, "", "Training");
    want_activity(h, "Agent/1003", CCS_ACT_LOGIN, T0 - 600, T0 + 1000, "", "");
}

static void test_fail_stops(void **state)
{
    (void)state;
    static ccs_host h;
    memset(&h, 0, sizeof h);
    h.stream = CCS_REC_CONTACT;
    h.fail_on_reject = 1;
    current = &h;
    const ccs_module *m = queue_log_LTX_ccs_module_entry();
    m->init(&h, &fake_api);
    void *inst = NULL;
    static const ccs_config none;
    h.comp->create(&h, &none, &inst);
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/queue_log/messy.queue_log", TEST_SRCDIR);
    ccs_source_ctx ctx = { &h };
    ((const ccs_source_ops *)h.comp->ops)->read(inst, &ctx, path);
    h.comp->destroy(inst);
    /* on_bad_row = fail: reading stops at the first bad line. */
    assert_int_equal(h.nrejected, 1);
    assert_int_equal(h.rejected_lines[0], 8);
}

static void test_activity_only(void **state)
{
    (void)state;
    static ccs_host h;
    memset(&h, 0, sizeof h);
    h.stream = CCS_REC_ACTIVITY;
    current = &h;
    const ccs_module *m = queue_log_LTX_ccs_module_entry();
    m->init(&h, &fake_api);
    void *inst = NULL;
    static const ccs_config none;
    h.comp->create(&h, &none, &inst);
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/queue_log/modern.queue_log", TEST_SRCDIR);
    ccs_source_ctx ctx = { &h };
    assert_int_equal(((const ccs_source_ops *)h.comp->ops)->read(inst, &ctx, path), CCS_OK);
    h.comp->destroy(inst);
    assert_int_equal(count_kind(&h, CCS_REC_CONTACT), 0);
    assert_int_equal(count_kind(&h, CCS_REC_ACTIVITY), 4);
}

static void test_probe(void **state)
{
    (void)state;
    static ccs_host h;
    current = &h;
    queue_log_LTX_ccs_module_entry()->init(&h, &fake_api);
    const ccs_source_ops *ops = h.comp->ops;
    const char *ql = "1794819000|NONE|NONE|NONE|QUEUESTART|\n1794819600|1.1|sales|NONE|ENTERQUEUE||0163|1\n1794";
    assert_int_equal(ops->probe(NULL, ql, strlen(ql)), CCS_REC_CONTACT);
    const char *csv = "contact_id,agent_id,team\nK1,A1,north\n";
    assert_int_equal(ops->probe(NULL, csv, strlen(csv)), 0);
    const char *other = "1794819000|NONE|NONE|NONE|QUEUESTART|\nhello world\n";
    assert_int_equal(ops->probe(NULL, other, strlen(other)), 0);
    assert_int_equal(ops->probe(NULL, "", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gen14),
        cmocka_unit_test(test_modern),
        cmocka_unit_test(test_exits_skip),
        cmocka_unit_test(test_messy),
        cmocka_unit_test(test_fail_stops),
        cmocka_unit_test(test_activity_only),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
