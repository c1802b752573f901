/* The harness of the health_safety unit tests (test_health_safety.c,
 * test_health_safety_shards.c): the test host, an instance from the policy's
 * keys, records fed to add() or to a thread's shard, and what the assertions
 * read.  UTC calendar; day 0 is Monday 2026-11-16. */
#ifndef CCS_TEST_HS_HARNESS_H
#define CCS_TEST_HS_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../plugins/checks/health_safety/hs.h"
#include "parse.h"
#include "testhost.h"

#include <string.h>

const ccs_module *health_safety_LTX_ccs_module_entry(void);

/* The test host, and what the assertions read of it. */
static testhost *th;
static const ccs_component *component;
#define fake_findings (th->findings)
#define fake_nfindings (th->nfindings)
#define fake_count(rule) testhost_count(th, rule)
#define fake_first(rule) testhost_first(th, rule)

static void *inst;
static void *cur_shard; /* roster() and act() feed this thread's shard when set (ABI 1.4) */
static uint64_t line;
static int64_t base; /* 2026-11-16T00:00:00Z, a Monday */

/* t(day, hh, mm): an instant of the test's calendar */
static inline int64_t t(int day, int hh, int mm)
{
    return base + (int64_t)day * 86400 + hh * 3600 + mm * 60;
}

static inline void start_with(const char *const over[][2])
{
    testhost_free(th);
    th = testhost_new("UTC");
    assert_int_equal(testhost_load(th, health_safety_LTX_ccs_module_entry()), CCS_OK);
    component = testhost_component(th, "health_safety");
    assert_non_null(component);
    char keys[1024] = "";
    for (int i = 0; over && over[i][0]; i++)
        snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s = %s\n", over[i][0], over[i][1]);
    const ccs_config *cfg = testhost_config(th, "health_safety", keys);
    if (!cfg)
        fail_msg("%s", testhost_errors(th));
    inst = NULL;
    assert_int_equal(component->create(th, cfg, &inst), CCS_OK);
    line = 1;
    base = (int64_t)days_from_civil(2026, 11, 16) * 86400;
}

static inline void start(void)
{
    start_with(NULL);
}

static inline const ccs_check_ops *ops(void)
{
    return component->ops;
}

static inline void feed(const ccs_record *rec)
{
    if (cur_shard)
        ops()->shard_add(inst, cur_shard, th, rec);
    else
        ops()->add(inst, th, rec);
}

static inline void roster(const char *id, int young, int night, int opt_out)
{
    ccs_agent a;
    memset(&a, 0, sizeof a);
    a.hdr.kind = CCS_REC_AGENT;
    a.hdr.size = sizeof a;
    a.hdr.file = "agents.csv";
    a.hdr.line = 2;
    a.agent_id = (ccs_str){ id, strlen(id) };
    a.young_worker = young;
    a.night_worker = night;
    a.opt_out_48h = opt_out;
    feed(&a.hdr);
}

static inline void act(const char *id, int kind, int64_t s, int64_t e)
{
    ccs_activity a;
    memset(&a, 0, sizeof a);
    a.hdr.kind = CCS_REC_ACTIVITY;
    a.hdr.size = sizeof a;
    a.hdr.file = "activity.csv";
    a.hdr.line = ++line;
    a.agent_id = (ccs_str){ id, strlen(id) };
    a.activity = kind;
    a.start = s;
    a.end = e;
    testhost_api.local_time(th, s, &a.local_day, &a.local_minute);
    feed(&a.hdr);
}

static inline void finish(void)
{
    assert_int_equal(((const ccs_check_ops *)component->ops)->finish(inst, th), CCS_OK);
}

static inline void stop(void)
{
    component->destroy(inst);
    testhost_free(th);
    th = NULL;
}

/* A shift with 5-minute pauses every 55 minutes of screen work, so that
 * only the rule under test can fire. */
static inline void shift(const char *id, int64_t s, int64_t e)
{
    act(id, CCS_ACT_SHIFT, s, e);
    for (int64_t p = s + 55 * 60; p + 5 * 60 < e; p += 60 * 60)
        act(id, CCS_ACT_PAUSE, p, p + 5 * 60);
}

#endif
