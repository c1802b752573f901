/* health_safety on several threads (ABI 1.4 shard ops): a file's shares
 * read into shards, each numbering its lines from 1, merged in file order,
 * must give the findings of one pass (the same rules, days, references and
 * words), worked out by hand. */
#include "hs_harness.h"

/* One activity file (line 1 its header) and a roster row per thread:
 *   share 0, from line 1:  2 A1 shift day 1 09:00-15:01   A2 not young
 *                          3 A1 shift day 0 09:00-15:01
 *                          4 A2 shift day 0 09:00-17:31
 *   share 1, from line 5:  5 A1 shift day 0 09:00-15:01   A2 young
 *                          6 A2 break day 0 12:00-12:30
 * read in two shares (each numbering its lines from 1) or in one pass. */
static void two_shares(int threads)
{
    start_with((const char *const[][2]){ { "screen_max_min", "1440" }, { NULL, NULL } });
    void *sh[2] = { NULL, NULL };
    for (int k = 0; threads && k < 2; k++)
        assert_non_null(sh[k] = ops()->shard_new(inst));
    cur_shard = sh[0];
    roster("A2", 0, 0, 0);
    act("A1", CCS_ACT_SHIFT, t(1, 9, 0), t(1, 15, 1));
    act("A1", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 15, 1));
    act("A2", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 17, 31));
    cur_shard = sh[1];
    if (threads)
        line = 0; /* the share's own numbering */
    act("A1", CCS_ACT_SHIFT, t(0, 9, 0), t(0, 15, 1));
    act("A2", CCS_ACT_BREAK, t(0, 12, 0), t(0, 12, 30));
    roster("A2", 1, 0, 0);
    cur_shard = NULL;
    for (int k = 0; threads && k < 2; k++) {
        th->shard_first_line = k == 0 ? 1 : 5;
        assert_int_equal(ops()->shard_merge(inst, sh[k], th), CCS_OK);
        ops()->shard_free(inst, sh[k]);
    }
    th->shard_first_line = 0;
    finish();
}

/* By hand, with threads or without: A1 breaks the rest-break rule on days 0
 * and 1 (6 h 01 min, no break); its two equal day-0 spans sort by line, so
 * day 0 names line 3 (the second share's line 1 would sort first if left as
 * the share's); A2, young (the later roster row), works 8 h 01 min on day 0,
 * with the 30 min break a young worker needs. */
static void test_shares_merge_as_one_pass(void **state)
{
    (void)state;
    static const char *const want[][4] = {
        { "hs.rest_break", "activity.csv:3", "A1 on 2026-11-16", "longest break 0 min in 6 h 01 min of work" },
        { "hs.rest_break", "activity.csv:2", "A1 on 2026-11-17", "longest break 0 min in 6 h 01 min of work" },
        { "hs.young_daily_hours", "activity.csv:4", "A2 on 2026-11-16", "8 h 01 min of work" },
    };
    for (int threads = 0; threads <= 1; threads++) {
        two_shares(threads);
        assert_int_equal(fake_nfindings, 3);
        for (size_t i = 0; i < 3; i++) {
            assert_string_equal(fake_findings[i].rule, want[i][0]);
            assert_string_equal(fake_findings[i].reference, want[i][1]);
            assert_non_null(strstr(fake_findings[i].message, want[i][2]));
            assert_string_equal(fake_findings[i].measured, want[i][3]);
            assert_int_equal(th->findings_at[i], days_from_civil(2026, 11, i == 1 ? 17 : 16));
        }
        stop();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_merge_as_one_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
