/* health_safety against hand-made schedules at, just under and just over
 * every limit (UTC calendar; day 0 is Monday 2026-11-16).  The plugin's
 * sources are linked in, with the test host (testhost.h) for the engine; the
 * report section is checked as data (add_report_section). */
#include "hs_harness.h"

/* ---------------------------------------------------------------- breaks */

static void test_six_hours_exactly_needs_no_break(void **state)
{
    (void)state;
    start();
    shift("A1", t(0, 9, 0), t(0, 15, 0)); /* 6 h 00 min: no break needed */
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 0);
    assert_int_equal(fake_nfindings, 0);
    stop();
}

static void test_six_hours_one_minute_needs_a_break(void **state)
{
    (void)state;
    start();
    shift("A1", t(0, 9, 0), t(0, 15, 1));
    finish();
    assert_int_equal(fake_nfindings, 1);
    const ccs_finding *f = fake_first("hs.rest_break");
    assert_non_null(f);
    assert_int_equal(f->severity, CCS_SEV_BREACH);
    assert_string_equal(f->owner, "workforce planning");
    assert_string_equal(f->agent_id, "A1");
    assert_string_equal(f->reference, "activity.csv:2");
    assert_string_equal(f->measured, "longest break 0 min in 6 h 01 min of work");
    assert_string_equal(f->limit, "a break of 20 min when the working day exceeds 6 h 00 min");
    assert_non_null(strstr(f->message, "A1 on 2026-11-16"));
    stop();
}

static void test_nineteen_minute_break_does_not_count(void **state)
{
    (void)state;
    start();
    /* 09:00-15:40 with 12:00-12:19 off: 6 h 21 min of work, longest break 19 */
    shift("A1", t(0, 9, 0), t(0, 15, 40));
    act("A1", CCS_ACT_BREAK, t(0, 12, 0), t(0, 12, 19));
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 1);
    assert_string_equal(fake_first("hs.rest_break")->measured, "longest break 19 min in 6 h 21 min of work");
    stop();
    start();
    shift("A1", t(0, 9, 0), t(0, 15, 40));
    act("A1", CCS_ACT_BREAK, t(0, 12, 0), t(0, 12, 20));
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 0);
    stop();
}

static void test_break_must_be_inside_and_uninterrupted(void **state)
{
    (void)state;
    /* a break at the start of the day is not a rest break */
    start();
    shift("A1", t(0, 9, 0), t(0, 15, 30));
    act("A1", CCS_ACT_BREAK, t(0, 9, 0), t(0, 9, 25)); /* 6 h 05 min of work */
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 1);
    stop();
    /* a break cut in two by coaching: 10 + 15 minutes */
    start();
    shift("A1", t(0, 9, 0), t(0, 17, 0));
    act("A1", CCS_ACT_LUNCH, t(0, 12, 0), t(0, 12, 30));
    act("A1", CCS_ACT_COACHING, t(0, 12, 10), t(0, 12, 15));
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 1);
    assert_string_equal(fake_first("hs.rest_break")->measured, "longest break 15 min in 7 h 35 min of work");
    stop();
    /* a break and a lunch back to back are one 25-minute rest */
    start();
    shift("A1", t(0, 9, 0), t(0, 17, 0));
    act("A1", CCS_ACT_BREAK, t(0, 12, 0), t(0, 12, 10));
    act("A1", CCS_ACT_LUNCH, t(0, 12, 10), t(0, 12, 25));
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 0);
    stop();
    /* two shift rows with a 20-minute gap: the gap is the break */
    start();
    shift("A1", t(0, 9, 0), t(0, 12, 0));
    shift("A1", t(0, 12, 20), t(0, 16, 0));
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 0);
    stop();
}

static void test_young_worker_breaks(void **state)
{
    (void)state;
    start();
    roster("Y1", 1, 0, 0);
    roster("A1", 0, 0, 0);
    shift("Y1", t(0, 9, 0), t(0, 13, 30)); /* 4 h 30 min: none */
    shift("Y1", t(1, 9, 0), t(1, 13, 31)); /* 4 h 31 min: a break is due */
    shift("Y1", t(2, 9, 0), t(2, 14, 29)); /* 29-minute break in 5 h 00 min */
    act("Y1", CCS_ACT_LUNCH, t(2, 11, 0), t(2, 11, 29));
    shift("Y1", t(3, 9, 0), t(3, 14, 30)); /* 30-minute break in 5 h 00 min: fine */
    act("Y1", CCS_ACT_LUNCH, t(3, 11, 0), t(3, 11, 30));
    shift("A1", t(1, 9, 0), t(1, 13, 31)); /* the adult rule: nothing */
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 2);
    assert_string_equal(fake_findings[0].agent_id, "Y1");
    assert_string_equal(fake_findings[0].limit, "a break of 30 min when the working day exceeds 4 h 30 min (young worker)");
    assert_non_null(strstr(fake_findings[0].message, "2026-11-17"));
    assert_string_equal(fake_findings[1].measured, "longest break 29 min in 5 h 00 min of work");
    stop();
}

/* ---------------------------------------------------------------- rest */

static void test_daily_rest(void **state)
{
    (void)state;
    start();
    roster("Y1", 1, 0, 0);
    shift("A1", t(0, 9, 0), t(0, 15, 0));
    shift("A1", t(1, 2, 0), t(1, 8, 0));   /* 11 h 00 min after: fine */
    shift("A1", t(1, 18, 59), t(1, 23, 0)); /* same day: not a new working day */
    shift("A2", t(0, 9, 0), t(0, 15, 0));
    shift("A2", t(1, 1, 59), t(1, 7, 0));  /* 10 h 59 min: too short */
    shift("Y1", t(0, 9, 0), t(0, 13, 0));
    shift("Y1", t(1, 1, 0), t(1, 5, 0));   /* 12 h 00 min: fine for a young worker */
    shift("Y1", t(1, 16, 59), t(1, 20, 0)); /* same day */
    shift("Y1", t(2, 7, 59), t(2, 12, 0)); /* 11 h 59 min: too short */
    finish();
    assert_int_equal(fake_count("hs.daily_rest"), 2);
    const ccs_finding *f = fake_first("hs.daily_rest");
    assert_string_equal(f->agent_id, "A2");
    assert_string_equal(f->measured, "rest 10 h 59 min");
    assert_string_equal(f->limit, "at least 11 h 00 min between working days");
    assert_non_null(strstr(f->message, "A2 on 2026-11-17"));
    assert_string_equal(fake_findings[fake_nfindings - 1].measured, "rest 11 h 59 min");
    assert_non_null(strstr(fake_findings[fake_nfindings - 1].message, "Y1 on 2026-11-18"));
    stop();
}

/* Every day of the week 08:00-13:00, except that Thursday starts at `thu`:
 * the longest rest is Wednesday 16:00 to Thursday's start. */
static void week_with_thursday(const char *id, int thu_h, int thu_m)
{
    for (int d = 0; d < 7; d++) {
        if (d == 3)
            shift(id, t(d, thu_h, thu_m), t(d, thu_h, thu_m) + 5 * 3600);
        else
            shift(id, t(d, 8, 0), t(d, 13, 0));
    }
}

static void test_weekly_rest(void **state)
{
    (void)state;
    start();
    week_with_thursday("A1", 18, 0);  /* Wed 13:00 -> Thu 18:00: 29 h */
    week_with_thursday("A2", 13, 0);  /* 24 h 00 min exactly */
    week_with_thursday("A3", 12, 59); /* 23 h 59 min */
    finish();
    assert_int_equal(fake_count("hs.weekly_rest"), 1);
    const ccs_finding *f = fake_first("hs.weekly_rest");
    assert_string_equal(f->agent_id, "A3");
    assert_string_equal(f->measured, "longest rest 23 h 59 min");
    assert_non_null(strstr(f->message, "week of 2026-11-16"));
    stop();
    /* six days of work leave the seventh free */
    start();
    for (int d = 0; d < 6; d++)
        shift("A1", t(d, 8, 0), t(d, 13, 0));
    finish();
    assert_int_equal(fake_count("hs.weekly_rest"), 0);
    stop();
}

static void test_fortnightly_rest(void **state)
{
    (void)state;
    static const char *const over[][2] = { { "weekly_rest", "14_days" }, { NULL, NULL } };
    /* fortnights are anchored on even weeks since Monday 1970-01-05: the
     * week of day 7 (2026-11-23, week 2968) starts one */
    start_with(over);
    for (int d = 0; d < 14; d++)
        if (d != 6 && d != 7)
            shift("A1", t(d + 7, 8, 0), t(d + 7, 16, 0)); /* Sat 16:00 -> Tue 08:00: 64 h */
    for (int d = 0; d < 14; d++)
        if (d != 6)
            shift("A2", t(d + 7, 8, 0), t(d + 7, 16, 0)); /* one 40 h rest only: not enough */
    for (int d = 0; d < 14; d++)
        if (d != 3 && d != 10)
            shift("A3", t(d + 7, 8, 0), t(d + 7, 16, 0)); /* two rests of 40 h: enough */
    finish();
    assert_int_equal(fake_count("hs.weekly_rest"), 1);
    assert_string_equal(fake_first("hs.weekly_rest")->agent_id, "A2");
    assert_non_null(strstr(fake_first("hs.weekly_rest")->message, "fortnight of 2026-11-23"));
    stop();
}

/* ---------------------------------------------------------------- hours */

/* n weeks of six 8-hour days (08:00-16:20 with a 20-minute lunch). */
static void weeks_of_48(const char *id, int n)
{
    for (int w = 0; w < n; w++)
        for (int d = 0; d < 6; d++) {
            int day = w * 7 + d;
            shift(id, t(day, 8, 0), t(day, 16, 20));
            act(id, CCS_ACT_LUNCH, t(day, 12, 0), t(day, 12, 20));
        }
}

static void test_weekly_average(void **state)
{
    (void)state;
    start();
    roster("A3", 0, 0, 1);
    weeks_of_48("A1", 17);             /* 48 h 00 min on average: fine */
    weeks_of_48("A2", 17);
    shift("A2", t(6, 10, 0), t(6, 10, 17)); /* + 17 minutes in 17 weeks: over */
    weeks_of_48("A3", 17);
    shift("A3", t(6, 10, 0), t(6, 12, 0)); /* opted out */
    finish();
    assert_int_equal(fake_count("hs.weekly_hours"), 1);
    const ccs_finding *f = fake_first("hs.weekly_hours");
    assert_string_equal(f->agent_id, "A2");
    assert_string_equal(f->measured, "average 48.02 h a week over 17 weeks");
    assert_non_null(strstr(f->message, "from 2026-11-16 to 2027-03-14"));
    stop();
}

static void test_weekly_average_rolls_over_17_weeks(void **state)
{
    (void)state;
    start();
    /* 18 weeks: the first 17 average 48 h; the last 17 have the extra hour */
    weeks_of_48("A1", 18);
    shift("A1", t(17 * 7 + 6, 10, 0), t(17 * 7 + 6, 11, 0));
    finish();
    assert_int_equal(fake_count("hs.weekly_hours"), 1);
    assert_non_null(strstr(fake_first("hs.weekly_hours")->message, "from 2026-11-23 to 2027-03-21"));
    stop();
}

static void test_young_worker_hours(void **state)
{
    (void)state;
    start();
    roster("Y1", 1, 0, 0);
    roster("Y2", 1, 0, 0);
    /* Y1: five days of 8 h 00 min = 40 h: fine */
    for (int d = 0; d < 5; d++) {
        shift("Y1", t(d, 8, 0), t(d, 16, 30));
        act("Y1", CCS_ACT_LUNCH, t(d, 12, 0), t(d, 12, 30));
    }
    /* Y2: the same, with 8 h 01 min on Friday: both limits broken */
    for (int d = 0; d < 5; d++) {
        shift("Y2", t(d, 8, 0), t(d, 16, d == 4 ? 31 : 30));
        act("Y2", CCS_ACT_LUNCH, t(d, 12, 0), t(d, 12, 30));
    }
    finish();
    assert_int_equal(fake_count("hs.young_daily_hours"), 1);
    assert_int_equal(fake_count("hs.young_weekly_hours"), 1);
    assert_string_equal(fake_first("hs.young_daily_hours")->measured, "8 h 01 min of work");
    assert_non_null(strstr(fake_first("hs.young_daily_hours")->message, "Y2 on 2026-11-20"));
    assert_string_equal(fake_first("hs.young_weekly_hours")->measured, "40.02 h of work in the week");
    assert_int_equal(fake_count("hs.weekly_hours"), 0);
    stop();
}

static void test_night_worker(void **state)
{
    (void)state;
    start();
    roster("N1", 0, 1, 1);
    roster("N2", 0, 1, 1);
    roster("D1", 0, 0, 1);
    /* six nights of 8 h (22:00-06:20, 20-minute break): 48 h / 6 days = 8 h */
    for (int d = 0; d < 6; d++) {
        shift("N1", t(d, 22, 0), t(d + 1, 6, 20));
        act("N1", CCS_ACT_BREAK, t(d + 1, 2, 0), t(d + 1, 2, 20));
        shift("N2", t(d, 22, 0), t(d + 1, 6, d == 0 ? 26 : 20)); /* + 6 min */
        act("N2", CCS_ACT_BREAK, t(d + 1, 2, 0), t(d + 1, 2, 20));
        shift("D1", t(d, 22, 0), t(d + 1, 6, 26));
        act("D1", CCS_ACT_BREAK, t(d + 1, 2, 0), t(d + 1, 2, 20));
    }
    finish();
    assert_int_equal(fake_count("hs.night_hours"), 1);
    assert_string_equal(fake_first("hs.night_hours")->agent_id, "N2");
    assert_string_equal(fake_first("hs.night_hours")->measured, "average 8.02 h per 24 h over 1 week");
    assert_int_equal(fake_count("hs.weekly_hours"), 0); /* all opted out */
    stop();
    /* without leaving the rest day out: 48 h / 7 days */
    static const char *const over[][2] = { { "night_exclude_rest_days", "no" }, { NULL, NULL } };
    start_with(over);
    roster("N2", 0, 1, 1);
    for (int d = 0; d < 6; d++) {
        shift("N2", t(d, 22, 0), t(d + 1, 6, 26));
        act("N2", CCS_ACT_BREAK, t(d + 1, 2, 0), t(d + 1, 2, 20));
    }
    finish();
    assert_int_equal(fake_count("hs.night_hours"), 0);
    stop();
}

/* ---------------------------------------------------------------- screens */

static void test_screen_breaks(void **state)
{
    (void)state;
    start();
    /* A1: 60 minutes of screen work, a 5-minute pause, 60 minutes: fine */
    act("A1", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 11, 5));
    act("A1", CCS_ACT_PAUSE, t(0, 10, 0), t(0, 10, 5));
    /* A2: 61 minutes, then a break */
    act("A2", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 11, 0));
    act("A2", CCS_ACT_BREAK, t(0, 10, 1), t(0, 10, 20));
    /* A3: a 4-minute pause does not end the stretch: 30 + 4 + 30 */
    act("A3", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 10, 4));
    act("A3", CCS_ACT_PAUSE, t(0, 9, 30), t(0, 9, 34));
    /* A4: training is a change of activity */
    act("A4", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 11, 0));
    act("A4", CCS_ACT_TRAINING, t(0, 9, 50), t(0, 10, 10));
    finish();
    assert_int_equal(fake_count("hs.screen_break"), 2);
    const ccs_finding *f = fake_first("hs.screen_break");
    assert_string_equal(f->agent_id, "A2");
    assert_int_equal(f->severity, CCS_SEV_ADVISORY);
    assert_string_equal(f->measured, "1 h 01 min of continuous screen work");
    assert_string_equal(fake_findings[1].agent_id, "A3");
    assert_string_equal(fake_findings[1].measured, "1 h 04 min of continuous screen work");
    stop();
}

static void test_policy_keys_change_the_limits(void **state)
{
    (void)state;
    static const char *const over[][2] = {
        { "break_after_min", "300" }, { "break_min", "30" }, { "owner", "rota team" }, { NULL, NULL }
    };
    start_with(over);
    shift("A1", t(0, 9, 0), t(0, 14, 21)); /* 5 h 01 min with a 20-minute break */
    act("A1", CCS_ACT_BREAK, t(0, 11, 0), t(0, 11, 20));
    finish();
    assert_int_equal(fake_count("hs.rest_break"), 1);
    assert_string_equal(fake_first("hs.rest_break")->owner, "rota team");
    assert_string_equal(fake_first("hs.rest_break")->limit, "a break of 30 min when the working day exceeds 5 h 00 min");
    stop();
}

/* ---------------------------------------------------------------- the section */

static const size_t want_counts[R_COUNT] = { 1, 0, 0, 0, 0, 0, 0, 2 };

static int check_section(const ccs_report_section *s)
{
    assert_true(CCS_HAS_FIELD(s, ccs_report_section, charts));
    assert_string_equal(s->name, "health_safety");
    assert_string_equal(s->title, "Health and safety (working time)");
    assert_int_equal(s->nnotes, 1);
    assert_string_equal(s->notes[0], "5 agents with activity, 3 findings");
    assert_int_equal(s->ntables, 2);
    assert_int_equal(s->ncharts, 0);
    const ccs_table *f = &s->tables[0];
    assert_string_equal(f->name, "summary");
    assert_true(f->flags & CCS_TABLE_FACTS);
    assert_int_equal(f->nrows, 1);
    assert_int_equal(f->ncolumns, 1);
    assert_string_equal(f->columns[0].name, "agents");
    assert_int_equal(f->columns[0].type, CCS_VAL_COUNT);
    assert_int_equal((size_t)f->cells[0].number, 5);
    const ccs_table *t = &s->tables[1];
    assert_string_equal(t->name, "findings");
    assert_int_equal(t->flags, 0);
    assert_int_equal(t->ncolumns, 2);
    assert_string_equal(t->columns[0].name, "rule");
    assert_int_equal(t->columns[0].type, CCS_VAL_ID);
    assert_string_equal(t->columns[1].name, "count");
    assert_int_equal(t->columns[1].type, CCS_VAL_COUNT);
    assert_int_equal(t->nrows, R_COUNT);
    static const char *const rules[R_COUNT] = {
        "hs.rest_break", "hs.daily_rest", "hs.weekly_rest", "hs.weekly_hours",
        "hs.young_daily_hours", "hs.young_weekly_hours", "hs.night_hours", "hs.screen_break",
    };
    for (size_t r = 0; r < R_COUNT; r++) {
        assert_string_equal(t->cells[2 * r].text, rules[r]);
        assert_true(t->cells[2 * r + 1].present);
        assert_int_equal((size_t)t->cells[2 * r + 1].number, want_counts[r]);
    }
    return CCS_OK;
}

static void test_report_section(void **state)
{
    (void)state;
    start();
    act("A1", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 11, 5));   /* fine */
    act("A1", CCS_ACT_PAUSE, t(0, 10, 0), t(0, 10, 5));
    act("A2", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 11, 0));   /* 61 minutes of screen work */
    act("A2", CCS_ACT_BREAK, t(0, 10, 1), t(0, 10, 20));
    act("A3", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 10, 4));   /* 64 minutes */
    act("A3", CCS_ACT_PAUSE, t(0, 9, 30), t(0, 9, 34));
    act("A4", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 11, 0));   /* fine */
    act("A4", CCS_ACT_TRAINING, t(0, 9, 50), t(0, 10, 10));
    shift("A5", t(0, 9, 0), t(0, 15, 1));                /* no rest break */
    finish();
    assert_int_equal(th->report_sections.n, 1);
    check_section(testhost_report_section(th, "health_safety"));
    for (size_t r = 0; r < R_COUNT; r++)
        assert_int_equal(fake_count(hs_rule_ids[r]), want_counts[r]);
    stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_six_hours_exactly_needs_no_break),
        cmocka_unit_test(test_six_hours_one_minute_needs_a_break),
        cmocka_unit_test(test_nineteen_minute_break_does_not_count),
        cmocka_unit_test(test_break_must_be_inside_and_uninterrupted),
        cmocka_unit_test(test_young_worker_breaks),
        cmocka_unit_test(test_daily_rest),
        cmocka_unit_test(test_weekly_rest),
        cmocka_unit_test(test_fortnightly_rest),
        cmocka_unit_test(test_weekly_average),
        cmocka_unit_test(test_weekly_average_rolls_over_17_weeks),
        cmocka_unit_test(test_young_worker_hours),
        cmocka_unit_test(test_night_worker),
        cmocka_unit_test(test_screen_breaks),
        cmocka_unit_test(test_policy_keys_change_the_limits),
        cmocka_unit_test(test_report_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
