/* Plugin ABI: the loader accepts a good module and refuses a wrong ABI major,
 * a missing entry point, a failing init and bad names, with messages that name
 * what is wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ------------------------------------------------------------ plugin trust
 *
 * Each test builds a plugin folder of its own under a fresh temporary folder
 * (mode 0700), with a copy of the test module mod_good, and breaks one rule. */

#define GOOD_SO TEST_BUILDDIR "/tests/.libs/mod_good.so"

static char tmp[PATH_MAX];

static void copy_file(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(in >= 0);
    assert_true(out >= 0);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        assert_int_equal(write(out, buf, (size_t)n), n);
    assert_int_equal(fchmod(out, mode), 0);
    close(in);
    close(out);
}

static int trust_setup(void **state)
{
    (void)state;
    host_init(&host);
    diag_init(&d);
    char pattern[] = "/tmp/ccscore-trust.XXXXXX";
    assert_non_null(mkdtemp(pattern));
    assert_non_null(realpath(pattern, tmp));
    return 0;
}

static int trust_teardown(void **state)
{
    (void)state;
    diag_free(&d);
    host_free(&host);
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", tmp, tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "# cannot remove %s\n", tmp);
    return 0;
}

/* tmp/NAME, a folder with the given mode holding mod_good.so (mode fmode). */
static void plugin_dir(const char *name, mode_t dmode, mode_t fmode, char *dir, char *file)
{
    snprintf(dir, PATH_MAX, "%s/%s", tmp, name);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(file, PATH_MAX, "%s/mod_good.so", dir);
    copy_file(GOOD_SO, file, fmode);
    assert_int_equal(chmod(dir, dmode), 0);
}

static void load_only_from(const char *dir)
{
    modules_add_dir(&host.modules, dir);
}

static void test_trusted_copy_loads(void **state)
{
    (void)state;
    char dir[PATH_MAX], file[PATH_MAX];
    plugin_dir("plugins", 0755, 0644, dir, file);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(host.modules.mods[0].path, file);
}

static void test_group_writable_folder_refused(void **state)
{
    (void)state;
    char dir[PATH_MAX], file[PATH_MAX], want[4096];
    plugin_dir("plugins", 0775, 0644, dir, file);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, "p.ini", 3), -1);
    snprintf(want, sizeof want,
             "module 'mod_good' refused: plugin folder %s is writable by its group (mode 0775): "
             "anyone who can write it can make ccscore run their code; fix it with 'chmod go-w %s'",
             dir, dir);
    assert_string_equal(only_message(), want);
    assert_string_equal(d.items[0].file, "p.ini");
    assert_int_equal(d.items[0].line, 3);
    assert_int_equal(host.modules.nmods, 0);
}

static void test_world_writable_folder_refused(void **state)
{
    (void)state;
    char dir[PATH_MAX], file[PATH_MAX], want[4096];
    plugin_dir("plugins", 01777, 0644, dir, file); /* sticky does not help */
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), -1);
    snprintf(want, sizeof want,
             "module 'mod_good' refused: plugin folder %s is writable by group and others (mode 1777): "
             "anyone who can write it can make ccscore run their code; fix it with 'chmod go-w %s'",
             dir, dir);
    assert_string_equal(only_message(), want);
}

static void test_others_writable_file_refused(void **state)
{
    (void)state;
    char dir[PATH_MAX], file[PATH_MAX], want[4096];
    plugin_dir("plugins", 0755, 0646, dir, file);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), -1);
    snprintf(want, sizeof want,
             "module 'mod_good' refused: plugin file %s is writable by others (mode 0646): "
             "anyone who can write it can make ccscore run their code; fix it with 'chmod go-w %s'",
             file, file);
    assert_string_equal(only_message(), want);
    assert_int_equal(host.modules.nmods, 0);
}

/* Ownership by someone else can only be set up by root; as another user the
 * test is skipped (CI runs as root). */
#define STRANGER ((uid_t)54321)

static void test_file_of_another_user_refused(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    char dir[PATH_MAX], file[PATH_MAX], want[4096];
    plugin_dir("plugins", 0755, 0644, dir, file);
    assert_int_equal(chown(file, STRANGER, (gid_t)-1), 0);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), -1);
    snprintf(want, sizeof want,
             "module 'mod_good' refused: plugin file %s is owned by uid 54321, not by root or by the "
             "user running ccscore (uid 0): anyone who owns it can make ccscore run their code; "
             "fix it with 'chown 0 %s' or move the plugin to a folder you own",
             file, file);
    assert_string_equal(only_message(), want);
}

static void test_folder_of_another_user_refused(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    char dir[PATH_MAX], file[PATH_MAX];
    plugin_dir("plugins", 0755, 0644, dir, file);
    assert_int_equal(chown(dir, STRANGER, (gid_t)-1), 0);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), -1);
    char want[4096];
    snprintf(want, sizeof want, "module 'mod_good' refused: plugin folder %s is owned by uid 54321,", dir);
    assert_memory_equal(only_message(), want, strlen(want));
}

/* The build tree's layout: DIR/NAME.la with the object in DIR/.libs. */
static void test_libtool_objdir_checked(void **state)
{
    (void)state;
    char dir[PATH_MAX], libs[PATH_MAX + 8], file[PATH_MAX + 32], la[PATH_MAX + 32], want[4096];
    snprintf(dir, sizeof dir, "%s/plugins", tmp);
    snprintf(libs, sizeof libs, "%s/.libs", dir);
    snprintf(file, sizeof file, "%s/mod_good.so", libs);
    snprintf(la, sizeof la, "%s/mod_good.la", dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkdir(libs, 0755), 0);
    copy_file(GOOD_SO, file, 0755);
    int fd = open(la, O_WRONLY | O_CREAT, 0644); /* never read: only its presence counts */
    assert_true(fd >= 0);
    close(fd);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), 0);
    assert_string_equal(host.modules.mods[0].path, file);
    modules_free(&host.modules);
    modules_init(&host.modules);
    assert_int_equal(chmod(libs, 0775), 0);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), -1);
    snprintf(want, sizeof want,
             "module 'mod_good' refused: plugin folder %s is writable by its group (mode 0775): "
             "anyone who can write it can make ccscore run their code; fix it with 'chmod go-w %s'",
             libs, libs);
    assert_string_equal(only_message(), want);
}

/* A symlink in a trusted folder does not launder an object kept in an
 * untrusted one. */
static void test_symlink_to_untrusted_folder_refused(void **state)
{
    (void)state;
    char dir[PATH_MAX], file[PATH_MAX], odir[PATH_MAX], ofile[PATH_MAX], want[4096];
    plugin_dir("elsewhere", 0777, 0644, odir, ofile);
    snprintf(dir, sizeof dir, "%s/plugins", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(file, sizeof file, "%s/mod_good.so", dir);
    assert_int_equal(symlink(ofile, file), 0);
    load_only_from(dir);
    assert_int_equal(modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0), -1);
    snprintf(want, sizeof want,
             "module 'mod_good' refused: plugin folder %s is writable by group and others (mode 0777): "
             "anyone who can write it can make ccscore run their code; fix it with 'chmod go-w %s'",
             odir, odir);
    assert_string_equal(only_message(), want);
}

/* The working directory is never searched, and a relative folder is made
 * absolute when it is added (the policy resolves plugin_path against its own
 * folder before that). */
static void test_working_directory_never_searched(void **state)
{
    (void)state;
    char dir[PATH_MAX], file[PATH_MAX], old[PATH_MAX], empty[PATH_MAX + 8], want[4096];
    plugin_dir("cwd", 0755, 0644, dir, file);
    snprintf(empty, sizeof empty, "%s/empty", tmp);
    assert_int_equal(mkdir(empty, 0755), 0);
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(dir), 0);
    load_only_from(empty);
    int rc = modules_load(&host.modules, &host, &host_api, "mod_good", &d, NULL, 0);
    modules_add_dir(&host.modules, "sub");
    assert_int_equal(chdir(old), 0);
    assert_int_equal(rc, -1);
    snprintf(want, sizeof want,
             "module 'mod_good' not found in the plugin folders (%s); add its folder to plugin_path", empty);
    assert_string_equal(only_message(), want);
    snprintf(want, sizeof want, "%s/sub", dir);
    assert_string_equal(host.modules.dirs[1], want);
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
        cmocka_unit_test_setup_teardown(test_trusted_copy_loads, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_group_writable_folder_refused, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_world_writable_folder_refused, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_others_writable_file_refused, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_file_of_another_user_refused, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_folder_of_another_user_refused, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_libtool_objdir_checked, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_symlink_to_untrusted_folder_refused, trust_setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_working_directory_never_searched, trust_setup, trust_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
