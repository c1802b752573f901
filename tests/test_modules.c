/* Plugin ABI: the loader accepts a good module and refuses a wrong ABI major,
 * a missing entry point, a failing init and bad names, with messages that name
 * what is wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "host.h"

static ccs_host host;
static diag_list d;

static int setup(void **state)
{
    (void)state;
    host_init(&host);
    diag_init(&d);
    modules_add_dir(&host.modules, TEST_BUILDDIR "/tests");
    modules_add_dir(&host.modules, TEST_BUILDDIR "/plugins");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    diag_free(&d);
    host_free(&host);
    return 0;
}

static const char *only_message(void)
{
    assert_int_equal(d.n, 1);
    return d.items[0].message;
}

static void test_good_module_loads(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), 0);
    assert_int_equal(d.n, 0);
    const component_entry *c = modules_find(&host.modules, CCS_COMPONENT_METRIC, "good_count");
    assert_non_null(c);
    assert_string_equal(c->module, "mod_good");
    assert_string_equal(c->comp.keys[0].name, "scale");
    /* Loading twice is harmless and registers nothing twice. */
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), 0);
    size_t count = 0;
    for (size_t i = 0; i < host.modules.ncomps; i++)
        count += strcmp(host.modules.comps[i].comp.name, "good_count") == 0;
    assert_int_equal(count, 1);
}

static void test_builtin_modules_load(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "kpi_core", &d, NULL, 0), 0);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "csv", &d, NULL, 0), 0);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "report", &d, NULL, 0), 0);
    assert_int_equal(d.n, 0);
    assert_non_null(modules_find(&host.modules, CCS_COMPONENT_METRIC, "service_level"));
    assert_non_null(modules_find(&host.modules, CCS_COMPONENT_SOURCE, "csv"));
    assert_non_null(modules_find(&host.modules, CCS_COMPONENT_SINK, "csv"));
    assert_non_null(modules_find(&host.modules, CCS_COMPONENT_SINK, "json"));
    assert_null(modules_find(&host.modules, CCS_COMPONENT_CHECK, "csv"));
}

static void test_wrong_abi_major_refused(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_badabi", &d, "p.ini", 7), -1);
    assert_string_equal(only_message(),
                        "module 'mod_badabi' was built for plugin ABI major 99, but this ccscore has "
                        "ABI major 1: rebuild the module against this version's <ccscore/plugin.h>");
    assert_string_equal(d.items[0].file, "p.ini");
    assert_int_equal(d.items[0].line, 7);
    assert_int_equal(host.modules.nmods, 0);
}

static void test_missing_entry_point_refused(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_noentry", &d, NULL, 0), -1);
    const char *m = only_message();
    assert_non_null(strstr(m, "module 'mod_noentry' ("));
    assert_non_null(strstr(m, "has no entry point mod_noentry_LTX_ccs_module_entry: it is not a ccscore plugin"));
    assert_int_equal(host.modules.nmods, 0);
}

static void test_failing_init_refused(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_initfail", &d, NULL, 0), -1);
    assert_string_equal(only_message(), "module 'mod_initfail' failed to start (its init returned -1)");
    assert_int_equal(host.modules.nmods, 0);
    assert_int_equal(host.modules.ncomps, 0);
}

static void test_bad_names_refused(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "../tests/mod_good", &d, NULL, 0), -1);
    assert_string_equal(only_message(),
                        "module name '../tests/mod_good' is not allowed: names are made of a-z, 0-9 and _");
    diag_free(&d);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "Mod_Good", &d, NULL, 0), -1);
    assert_string_equal(only_message(),
                        "module name 'Mod_Good' is not allowed: names are made of a-z, 0-9 and _");
}

static void test_unknown_module(void **state)
{
    (void)state;
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "nosuch", &d, NULL, 0), -1);
    char want[1024];
    snprintf(want, sizeof want,
             "module 'nosuch' not found in the plugin folders (%s/tests, %s/plugins); "
             "add its folder to plugin_path", TEST_BUILDDIR, TEST_BUILDDIR);
    assert_string_equal(only_message(), want);
}

/* A component that breaks the registration rules is refused with the reason. */
static int register_bad(ccs_host *h, const ccs_host_api *api)
{
    static const ccs_component bad = { sizeof(ccs_component), CCS_COMPONENT_SINK, "Bad Name", NULL,
                                       NULL, NULL, NULL, "ops" };
    return api->register_component(h, &bad);
}

static void test_bad_component_refused(void **state)
{
    (void)state;
    host.modules.loading = "unit";
    assert_int_equal(register_bad(&host, &host_api), CCS_ERR);
    assert_string_equal(host.modules.register_error, "component name 'Bad Name' is not [a-z0-9_]+");
    host.modules.loading = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_good_module_loads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_builtin_modules_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_abi_major_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_entry_point_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failing_init_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_names_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_module, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_component_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
