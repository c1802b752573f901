/* The policy's meaning: keys checked against what the engine and the loaded
 * components declare, with file:line errors, every one reported; typed
 * values; includes overriding a base policy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"

static char dir[] = "/tmp/ccs_test_policy_XXXXXX";
static ccs_host host;
static diag_list d;

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    host_init(&host);
    diag_init(&d);
    host.modules.builtin_dir = TEST_BUILDDIR "/plugins";
    host.have_policy = 1;
    return policy_load(&host.pol, path, &host.modules, &host, &host_api, &d);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void done(void)
{
    diag_free(&d);
    host_free(&host);
}

/* "name:line: error: message" with the temp folder left out. */
static const char *error_at(size_t i)
{
    static char buf[1024];
    char full[1024];
    assert_true(i < d.n);
    diag_format(&d.items[i], full, sizeof full);
    size_t skip = strncmp(full, dir, strlen(dir)) == 0 ? strlen(dir) + 1 : 0;
    snprintf(buf, sizeof buf, "%s", full + skip);
    return buf;
}

static void test_good_policy_typed_values(void **state)
{
    (void)state;
    write_file("good.ini",
               "[organisation]\nname = Acme\ntimezone = Europe/London\nperiod = month\n"
               "min_sample = 12\nfail_level = critical\n"
               "[metric aht]\ntarget = 300\nweight = 2.5\nnear = 10%\n"
               "[metric csat]\ntarget = 0.85\ndirection = higher\n"
               "[metric sl]\nuse = service_level\ntarget = 80%\nthreshold_s = 30\nvariant = answered\n"
               "[source contacts]\nuse = csv\npath = data/c.csv\ncol_agent_id = AgentLogin\n");
    assert_int_equal(load("good.ini"), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(host.pol.org.name, "Acme");
    assert_int_equal(host.pol.org.period, PERIOD_MONTH);
    assert_int_equal(host.pol.org.min_sample, 12);
    assert_int_equal(host.pol.org.fail_level, FAIL_CRITICAL);
    ccs_config *aht = policy_instance(&host.pol, CCS_COMPONENT_METRIC, "aht");
    assert_non_null(aht);
    assert_true(cfg_number(aht, "weight") == 2.5);
    assert_true(cfg_number(aht, "near") == 0.10);
    assert_string_equal(cfg_string(aht, "target"), "300");
    ccs_config *sl = policy_instance(&host.pol, CCS_COMPONENT_METRIC, "sl");
    assert_true(cfg_number(sl, "threshold_s") == 30);
    assert_int_equal(cfg_enum(sl, "variant"), 1);
    /* defaults are filled in */
    assert_true(cfg_number(sl, "short_abandon_s") == 5);
    ccs_config *src = policy_instance(&host.pol, CCS_COMPONENT_SOURCE, "contacts");
    char want[600];
    snprintf(want, sizeof want, "%s/data/c.csv", dir);
    assert_string_equal(cfg_string(src, "path"), want);
    assert_string_equal(cfg_string(src, "col_agent_id"), "AgentLogin");
    assert_false(cfg_has(src, "col_team"));
    done();
}

static void test_every_error_reported(void **state)
{
    (void)state;
    write_file("bad.ini",
               "[organisation]\n"                         /* 1 */
               "timezone = Mars/Olympus\n"                /* 2 */
               "colour = blue\n"                          /* 3 */
               "min_sample = 0\n"                         /* 4 */
               "[metric aht]\n"                           /* 5 */
               "target = fast\n"                          /* 6 */
               "weight = heavy\n"                         /* 7 */
               "direction = up\n"                         /* 8 */
               "[metric csat]\n"                          /* 9 */
               "target = 80\n"                            /* 10 */
               "near = 150%\n"                            /* 11 */
               "[metric sl]\n"                            /* 12 */
               "use = service_level\n"                    /* 13 */
               "variant = sometimes\n"                    /* 14 */
               "treshold_s = 20\n"                        /* 15 */
               "[metric happiness]\n"                     /* 16 */
               "target = 5\n");                           /* 17 */
    assert_int_equal(load("bad.ini"), -1);
    const char *want[] = {
        "bad.ini:2: error: unknown timezone 'Mars/Olympus' (no /usr/share/zoneinfo/Mars/Olympus; is the tzdata package installed?)",
        "bad.ini:3: error: unknown key 'colour' in [organisation]; known keys: name, timezone, period, min_sample, fail_level, on_bad_row, plugin_path, modules, output_mode, pseudonymise, pseudonym_key, scoring, score_bands, review_on, max_rejected",
        "bad.ini:4: error: 'min_sample' = 0 is out of range 1..1000000000",
        "bad.ini:7: error: 'weight' must be a number, not 'heavy'",
        "bad.ini:8: error: 'direction' must be one of higher,lower, not 'up'",
        "bad.ini:6: error: 'target' must be a number, not 'fast'",
        "bad.ini:11: error: 'near' = 150% is out of range 0%..100%",
        "bad.ini:10: error: 'target' = 80 is more than 1: write a percentage as 80%",
        "bad.ini:14: error: 'variant' must be one of offered,answered,abandons_in,abandons_after,short_excluded, not 'sometimes'",
        "bad.ini:15: error: unknown key 'treshold_s' in [metric sl]; known keys: use, target, direction, weight, near, min_sample, scoring, bands, points, threshold_s, variant, short_abandon_s",
        "bad.ini:16: error: no metric component 'happiness' in the loaded modules (available: handled, aht, talk, hold, acw, asa, fcr, transfer_rate, csat, nps, abandon_rate, service_level, qa, fcr_repeat, complaints, compliments, complaints_per_1000, compliments_per_1000, mystery_shopper, self_assessment, self_gap); load its module with 'modules' in [organisation] or set 'use ='",
    };
    size_t n = sizeof want / sizeof want[0];
    for (size_t i = 0; i < n && i < d.n; i++)
        assert_string_equal(error_at(i), want[i]);
    assert_int_equal(d.n, n);
    done();
}

static void test_missing_module_and_bad_name(void **state)
{
    (void)state;
    write_file("mods.ini", "[organisation]\nmodules = kpi_core nosuch ../evil\n");
    assert_int_equal(load("mods.ini"), -1);
    assert_int_equal(d.n, 2);
    char want[1024];
    snprintf(want, sizeof want,
             "mods.ini:2: error: module 'nosuch' not found in the plugin folders (%s/plugins); "
             "add its folder to plugin_path", TEST_BUILDDIR);
    assert_string_equal(error_at(0), want);
    assert_string_equal(error_at(1),
                        "mods.ini:2: error: module name '../evil' is not allowed: names are made of a-z, 0-9 and _");
    done();
}

static void test_include_overrides_base(void **state)
{
    (void)state;
    write_file("base.ini", "[organisation]\nname = Group\ntimezone = UTC\n[metric aht]\ntarget = 420\nweight = 2\n");
    write_file("site.ini", "include = base.ini\n[organisation]\nname = Site\n[metric aht]\ntarget = 400\n");
    assert_int_equal(load("site.ini"), 0);
    assert_string_equal(host.pol.org.name, "Site");
    ccs_config *aht = policy_instance(&host.pol, CCS_COMPONENT_METRIC, "aht");
    assert_string_equal(cfg_string(aht, "target"), "400");
    assert_true(cfg_number(aht, "weight") == 2);
    const cfg_value *v = config_value(aht, "target");
    assert_int_equal(v->line, 5);
    assert_non_null(strstr(v->file, "site.ini"));
    done();
}

static void test_missing_policy_file(void **state)
{
    (void)state;
    assert_int_equal(load("nosuch.ini"), -1);
    assert_int_equal(d.n, 1);
    assert_string_equal(error_at(0), "nosuch.ini: error: cannot read policy file: No such file or directory");
    done();
}

static void test_parse_key_value(void **state)
{
    (void)state;
    ccs_key pct = { "near", CCS_KEY_PERCENT, NULL, NULL, NULL, 0, 1 };
    ccs_key flag = { "flag", CCS_KEY_BOOL, NULL, NULL, NULL, 0, 0 };
    ccs_key num = { "n", CCS_KEY_INT, NULL, NULL, NULL, 1, 10 };
    cfg_value v;
    char err[256];
    assert_int_equal(parse_key_value(&pct, "12.5%", &v, err, sizeof err), 0);
    assert_true(v.d == 0.125);
    assert_int_equal(parse_key_value(&pct, "0.3", &v, err, sizeof err), 0);
    assert_true(v.d == 0.3);
    assert_int_equal(parse_key_value(&pct, "30", &v, err, sizeof err), -1);
    assert_string_equal(err, "'near' = 30 is more than 1: write a percentage as 30%");
    assert_int_equal(parse_key_value(&flag, "Yes", &v, err, sizeof err), 0);
    assert_int_equal(v.b, 1);
    assert_int_equal(parse_key_value(&flag, "maybe", &v, err, sizeof err), -1);
    assert_string_equal(err, "'flag' must be yes or no, not 'maybe'");
    assert_int_equal(parse_key_value(&num, "11", &v, err, sizeof err), -1);
    assert_string_equal(err, "'n' = 11 is out of range 1..10");
    assert_int_equal(parse_key_value(&num, "3.5", &v, err, sizeof err), -1);
    assert_string_equal(err, "'n' must be a whole number, not '3.5'");
    double t;
    assert_int_equal(parse_target(CCS_METRIC_RATE, "75%", &t, err, sizeof err), 0);
    assert_true(t == 0.75);
    assert_int_equal(parse_target(CCS_METRIC_MEAN, "420", &t, err, sizeof err), 0);
    assert_true(t == 420);
    assert_int_equal(parse_target(CCS_METRIC_MEAN, "42%", &t, err, sizeof err), -1);
    assert_string_equal(err, "'target' must be a number, not '42%'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_policy_typed_values),
        cmocka_unit_test(test_every_error_reported),
        cmocka_unit_test(test_missing_module_and_bad_name),
        cmocka_unit_test(test_include_overrides_base),
        cmocka_unit_test(test_missing_policy_file),
        cmocka_unit_test(test_parse_key_value),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
