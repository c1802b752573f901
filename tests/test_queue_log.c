/*
 * Tests of the queue_log source (plugins/sources/queue_log.c, compiled in) through
 * the test host (testhost.h), which keeps every record, rejection, log line
 * and section, on a UTC calendar.
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
#include "testhost.h"

const ccs_module *queue_log_LTX_ccs_module_entry(void);

#define T0 1794819600 /* Mon 2026-11-16 09:00:00 UTC */

/* ------------------------------------------------ the test host */

/* A record as the assertions read it, from the test host's copy. */
typedef struct rec {
    uint32_t kind;
    uint64_t line;
    char id[64], agent[64], queue[32], reason[32], event[32], customer[32];
    int64_t at, end;
    double wait, talk, acw;
    int outcome, transferred, activity;
} rec;

static void copy(char *dst, size_t len, ccs_str s)
{
    snprintf(dst, len, "%.*s", (int)s.len, s.ptr);
}

static rec view(const ccs_record *r)
{
    rec o;
    memset(&o, 0, sizeof o);
    o.kind = r->kind;
    o.line = r->line;
    if (r->kind == CCS_REC_CONTACT) {
        const ccs_contact *c = (const ccs_contact *)r;
        copy(o.id, sizeof o.id, c->contact_id);
        copy(o.agent, sizeof o.agent, c->agent_id);
        copy(o.queue, sizeof o.queue, c->queue);
        copy(o.customer, sizeof o.customer, c->customer_id);
        copy(o.event, sizeof o.event, ccs_record_column(r, 3));
        o.at = c->started_at;
        o.wait = c->wait_s;
        o.talk = c->talk_s;
        o.acw = c->acw_s;
        o.outcome = c->outcome;
        o.transferred = c->transferred;
    } else {
        const ccs_activity *a = (const ccs_activity *)r;
        copy(o.agent, sizeof o.agent, a->agent_id);
        copy(o.queue, sizeof o.queue, a->queue);
        copy(o.reason, sizeof o.reason, a->reason);
        o.at = a->start;
        o.end = a->end;
        o.activity = a->activity;
    }
    return o;
}

/* Every record as it is emitted. */
static int check_record(ccs_host *h, const ccs_record *r, void *arg)
{
    (void)h;
    (void)arg;
    if (r->kind == CCS_REC_CONTACT) {
        const ccs_contact *c = (const ccs_contact *)r;
        assert_int_equal(r->size, sizeof *c);
        /* UTC in this test: the local minute follows the instant. */
        assert_int_equal(c->local_day, (int32_t)(c->started_at / 86400));
        assert_int_equal(c->local_minute, (int32_t)(c->started_at % 86400 / 60));
    } else {
        assert_int_equal(r->kind, CCS_REC_ACTIVITY);
    }
    return CCS_OK;
}

static testhost *host;

/* A host (the previous one freed) with queue_log loaded, UTC calendar. */
static const ccs_component *new_host(void)
{
    testhost_free(host);
    host = testhost_new("UTC");
    host->on_emit = check_record;
    assert_int_equal(testhost_load(host, queue_log_LTX_ccs_module_entry()), CCS_OK);
    const ccs_component *comp = testhost_component(host, "queue_log");
    assert_non_null(comp);
    return comp;
}

/* Read a fixture as [source contacts] with the given keys (INI lines) into
 * a new host; returns read()'s result. */
static int read_with(const char *name, const char *keys, uint32_t stream)
{
    const ccs_component *comp = new_host();
    const ccs_config *cfg = testhost_config_as(host, "queue_log", "contacts", keys);
    if (!cfg)
        fail_msg("%s", testhost_errors(host));
    void *inst = NULL;
    assert_int_equal(comp->create(host, cfg, &inst), CCS_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/queue_log/%s", TEST_SRCDIR, name);
    ccs_source_ctx ctx = testhost_source(host, cfg, stream);
    int rc = ((const ccs_source_ops *)comp->ops)->read(inst, &ctx, path);
    comp->destroy(inst);
    return rc;
}

static ccs_host *read_fixture(const char *name, const char *keys)
{
    assert_int_equal(read_with(name, keys, CCS_REC_CONTACT), CCS_OK);
    return host;
}

/* The accounting section's tables flattened, one line per row: "[table]
 * column=value column=value ...", numbers as whole numbers (the accounting
 * is counts). */
static const char *section_rows(const ccs_host *h)
{
    static char rows[8192];
    const ccs_report_section *s = testhost_report_section(h, "queue_log_contacts");
    assert_non_null(s);
    size_t used = 0;
    rows[0] = '\0';
    for (size_t t = 0; t < s->ntables; t++) {
        const ccs_table *tb = &s->tables[t];
        for (size_t r = 0; r < tb->nrows && used < sizeof rows; r++) {
            used += (size_t)snprintf(rows + used, sizeof rows - used, "[%s]", tb->name);
            for (size_t c = 0; c < tb->ncolumns && used < sizeof rows; c++) {
                const ccs_cell *x = &tb->cells[r * tb->ncolumns + c];
                int text = tb->columns[c].type == CCS_VAL_TEXT || tb->columns[c].type == CCS_VAL_ID;
                used += (size_t)(text ? snprintf(rows + used, sizeof rows - used, " %s=%s", tb->columns[c].name,
                                                 x->present ? x->text : "-")
                                      : snprintf(rows + used, sizeof rows - used, " %s=%.0f", tb->columns[c].name,
                                                 x->number));
            }
            if (used < sizeof rows)
                used += (size_t)snprintf(rows + used, sizeof rows - used, "\n");
        }
    }
    return rows;
}

static const rec *contact(const ccs_host *h, const char *id)
{
    static rec r;
    for (size_t i = 0; i < testhost_nrecords(h, CCS_REC_CONTACT); i++) {
        r = view(testhost_record_of(h, CCS_REC_CONTACT, i));
        if (strcmp(r.id, id) == 0)
            return &r;
    }
    fail_msg("no contact %s", id);
    return NULL;
}

static size_t count_kind(const ccs_host *h, uint32_t kind)
{
    return testhost_nrecords(h, kind);
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
    size_t n = testhost_nrecords(h, CCS_REC_ACTIVITY);
    for (size_t i = 0; i < n; i++) {
        rec v = view(testhost_record_of(h, CCS_REC_ACTIVITY, i));
        const rec *r = &v;
        if (r->kind == CCS_REC_ACTIVITY && strcmp(r->agent, agent) == 0 && r->activity == kind &&
            r->at == start && r->end == end && strcmp(r->queue, queue) == 0 &&
            strcmp(r->reason, reason) == 0)
            return;
    }
    for (size_t i = 0; i < n; i++) {
        rec r = view(testhost_record_of(h, CCS_REC_ACTIVITY, i));
        print_message("# have: %s kind %d %+lld..%+lld queue '%s' reason '%s'\n", r.agent, r.activity,
                      (long long)(r.at - T0), (long long)(r.end - T0), r.queue, r.reason);
    }
    fail_msg("no activity %s kind %d %+lld..%+lld queue '%s' reason '%s'", agent, kind,
             (long long)(start - T0), (long long)(end - T0), queue, reason);
}

static void want_rows(const ccs_host *h, const char *fragment)
{
    const char *rows = section_rows(h);
    if (!strstr(rows, fragment))
        fail_msg("accounting section lacks %s: %s", fragment, rows);
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
    ccs_host *h = read_fixture("modern.queue_log", "agent_map = SIP/8007=A007, PJSIP/alice = A012");
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
    assert_null(strstr(section_rows(h), "[missed_offers] agent_id=PJSIP"));
}

static void test_exits_skip(void **state)
{
    (void)state;
    ccs_host *h = read_fixture("modern.queue_log", "exits_as = skip\nacw_s = 15");
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
    read_with("messy.queue_log", "on_bad_row = fail", CCS_REC_CONTACT);
    ccs_host *h = host;
    /* on_bad_row = fail: reading stops at the first bad line. */
    assert_int_equal(h->nrejected, 1);
    assert_int_equal(h->rejected_lines[0], 8);
}

static void test_activity_only(void **state)
{
    (void)state;
    assert_int_equal(read_with("modern.queue_log", NULL, CCS_REC_ACTIVITY), CCS_OK);
    ccs_host *h = host;
    assert_int_equal(count_kind(h, CCS_REC_CONTACT), 0);
    assert_int_equal(count_kind(h, CCS_REC_ACTIVITY), 4);
}

static void test_probe(void **state)
{
    (void)state;
    const ccs_source_ops *ops = new_host()->ops;
    const char *ql = "1794819000|NONE|NONE|NONE|QUEUESTART|\n1794819600|1.1|sales|NONE|ENTERQUEUE||0163|1\n1794";
    assert_int_equal(ops->probe(NULL, ql, strlen(ql)), CCS_REC_CONTACT);
    const char *csv = "contact_id,agent_id,team\nK1,A1,north\n";
    assert_int_equal(ops->probe(NULL, csv, strlen(csv)), 0);
    const char *other = "1794819000|NONE|NONE|NONE|QUEUESTART|\nhello world\n";
    assert_int_equal(ops->probe(NULL, other, strlen(other)), 0);
    assert_int_equal(ops->probe(NULL, "", 0), 0);
}

/* The keys are the engine's: a value out of the declared range is refused
 * with the engine's message, on the line of the keys given. */
static void test_keys_are_checked_by_the_engine(void **state)
{
    (void)state;
    new_host();
    assert_null(testhost_config(host, "queue_log", "channel = voice\nacw_s = 5000"));
    assert_string_equal(testhost_errors(host), "line 2: 'acw_s' = 5000 is out of range 0..3600\n");
    assert_null(testhost_config(host, "queue_log", "exits_as = maybe"));
    assert_non_null(strstr(testhost_errors(host), "line 1: 'exits_as' must be one of abandoned,"));
    assert_null(testhost_config(host, "queue_log", "no_such_key = 1"));
    assert_non_null(strstr(testhost_errors(host), "line 1: unknown key 'no_such_key' in [source queue_log]"));
    const ccs_config *cfg = testhost_config(host, "queue_log", "acw_s = 12.5 ; inline comment");
    assert_non_null(cfg);
    assert_true(testhost_api.config_number(cfg, "acw_s") == 12.5);
    assert_string_equal(testhost_api.config_string(cfg, "channel"), "voice"); /* the default */
    assert_int_equal(testhost_api.config_has(cfg, "agent_map"), 0);
}

static int teardown(void **state)
{
    (void)state;
    testhost_free(host);
    host = NULL;
    return 0;
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
        cmocka_unit_test(test_keys_are_checked_by_the_engine),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
