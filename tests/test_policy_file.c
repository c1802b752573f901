/* Tests for engine/policy_file.c: syntax, sections and includes of policy
 * files.  The fixtures are written by the tests into a fresh temporary
 * folder, which is also the working directory during the run, so that file
 * names in the expected diagnostics stay short. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* asprintf */
#endif
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "policy_file.h"

static char tmpdir[] = "/tmp/ccscore-policy-test-XXXXXX";
static char oldcwd[PATH_MAX];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    if (!getcwd(oldcwd, sizeof oldcwd) || !mkdtemp(tmpdir) || chdir(tmpdir) != 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    if (chdir(oldcwd) != 0)
        return -1;
    return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_bytes(const char *name, const char *data, size_t len)
{
    FILE *f = fopen(name, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_file(const char *name, const char *text)
{
    write_bytes(name, text, strlen(text));
}

/* A line of exactly len bytes: prefix, then fill bytes up to len. */
static char *line_of(const char *prefix, char fill, size_t len)
{
    char *s = malloc(len + 1);
    assert_non_null(s);
    size_t p = strlen(prefix);
    assert_true(p <= len);
    memcpy(s, prefix, p);
    memset(s + p, fill, len - p);
    s[len] = '\0';
    return s;
}

static void check_diags(const diag_list *d, const char *const *want, size_t n)
{
    char buf[1024];
    if (d->n != n) {
        fprintf(stderr, "expected %zu diagnostics, got %zu:\n", n, d->n);
        diag_print(d, stderr);
    }
    assert_int_equal(d->n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(diag_format(&d->items[i], buf, sizeof buf), want[i]);
}

#define EXPECT_DIAGS(d, ...)                                          \
    do {                                                              \
        const char *const want_[] = { __VA_ARGS__ };                  \
        check_diags((d), want_, sizeof want_ / sizeof *want_);        \
    } while (0)

#define EXPECT_NO_DIAGS(d) check_diags((d), NULL, 0)

/* Value of kind/name/key, asserting that it exists. */
static const pol_entry *entry(const pol_file *p, const char *kind, const char *name, const char *key)
{
    const pol_section *s = pol_find_section(p, kind, name);
    assert_non_null(s);
    const pol_entry *e = pol_find_entry(s, key);
    if (!e)
        fprintf(stderr, "no key '%s' in [%s %s]\n", key, kind, name ? name : "");
    assert_non_null(e);
    return e;
}

static void assert_entry(const pol_file *p, const char *kind, const char *name, const char *key,
                         const char *value, const char *file, unsigned line)
{
    const pol_entry *e = entry(p, kind, name, key);
    assert_string_equal(e->value, value);
    assert_string_equal(e->file, file);
    assert_int_equal(e->line, line);
}

static void test_good_file(void **state)
{
    (void)state;
    write_file("good.ini",
               "; a policy\n"                       /* 1 */
               "# another comment\n"                /* 2 */
               "\n"                                 /* 3 */
               "[organisation]\n"                   /* 4 */
               "name = Example Ltd ; trailing note\n" /* 5 */
               "timezone=Europe/Paris\n"            /* 6 */
               "  indented = yes\n"                 /* 7 */
               "empty =\n"                          /* 8 */
               "semi = a;b\n"                       /* 9 */
               "hash = a # b\n"                     /* 10 */
               "eq = x=y:z\n"                       /* 11 */
               "\ttabs\t=\t t v \t\n"               /* 12 */
               "[ metric   aht ]  ; spaces tolerated\n" /* 13 */
               "kind = mean\n"                      /* 14 */
               "[source calls]\n"                   /* 15 */
               "[check c_1]\n"                      /* 16 */
               "[feedback f]\n"                     /* 17 */
               "[sink out]\n"                       /* 18 */
               "path = /tmp/x ; y ; z\n"            /* 19 */
               "last = no newline");                /* 20 */
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("good.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);

    assert_int_equal(pf.n, 6);
    const char *kinds[] = { "organisation", "metric", "source", "check", "feedback", "sink" };
    const char *names[] = { NULL, "aht", "calls", "c_1", "f", "out" };
    const unsigned lines[] = { 4, 13, 15, 16, 17, 18 };
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(pf.sections[i].kind, kinds[i]);
        if (names[i])
            assert_string_equal(pf.sections[i].name, names[i]);
        else
            assert_null(pf.sections[i].name);
        assert_int_equal(pf.sections[i].line, lines[i]);
        assert_string_equal(pf.sections[i].file, "good.ini");
        assert_ptr_equal(pol_find_section(&pf, kinds[i], names[i]), &pf.sections[i]);
    }
    const pol_section *org = pol_find_section(&pf, "organisation", NULL);
    assert_int_equal(org->n, 8);
    assert_entry(&pf, "organisation", NULL, "name", "Example Ltd", "good.ini", 5);
    assert_entry(&pf, "organisation", NULL, "timezone", "Europe/Paris", "good.ini", 6);
    assert_entry(&pf, "organisation", NULL, "indented", "yes", "good.ini", 7);
    assert_entry(&pf, "organisation", NULL, "empty", "", "good.ini", 8);
    assert_entry(&pf, "organisation", NULL, "semi", "a;b", "good.ini", 9);
    assert_entry(&pf, "organisation", NULL, "hash", "a # b", "good.ini", 10);
    assert_entry(&pf, "organisation", NULL, "eq", "x=y:z", "good.ini", 11);
    assert_entry(&pf, "organisation", NULL, "tabs", "t v", "good.ini", 12);
    assert_entry(&pf, "metric", "aht", "kind", "mean", "good.ini", 14);
    assert_int_equal(pol_find_section(&pf, "source", "calls")->n, 0);
    assert_entry(&pf, "sink", "out", "path", "/tmp/x", "good.ini", 19);
    assert_entry(&pf, "sink", "out", "last", "no newline", "good.ini", 20);

    assert_null(pol_find_section(&pf, "metric", "nope"));
    assert_null(pol_find_section(&pf, "metric", NULL));
    assert_null(pol_find_section(&pf, "organisation", "aht"));
    assert_null(pol_find_entry(org, "nope"));
    assert_null(pol_find_entry(NULL, "name"));
    assert_null(pol_find_section(NULL, "metric", "aht"));
    assert_int_equal(pf.nfiles, 1);
    assert_string_equal(pf.files[0], "good.ini");

    policy_file_free(&pf);
    assert_int_equal(pf.n, 0);
    policy_file_free(&pf); /* twice is harmless */
    diag_free(&d);
}

static void test_empty_file(void **state)
{
    (void)state;
    write_file("empty.ini", "");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("empty.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_int_equal(pf.n, 0);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_unknown_section(void **state)
{
    (void)state;
    write_file("unknown.ini",
               "[organisation]\n"
               "name = x\n"
               "[xyz]\n"
               "a = 1\n"
               "Bad Key = 2\n"
               "[Metric aht]\n"
               "[metric a b]\n"
               "[metric aht]\n"
               "kind = mean\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("unknown.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "unknown.ini:3: error: unknown section [xyz]; expected [organisation] or "
                 "[source|metric|check|feedback|sink NAME]",
                 "unknown.ini:6: error: unknown section [Metric aht]; expected [organisation] or "
                 "[source|metric|check|feedback|sink NAME]",
                 "unknown.ini:7: error: invalid section name 'a b' in [metric a b]; "
                 "names use only a-z, 0-9 and _");
    /* keys of the bad section went nowhere */
    assert_int_equal(pf.n, 2);
    assert_int_equal(pol_find_section(&pf, "organisation", NULL)->n, 1);
    assert_entry(&pf, "metric", "aht", "kind", "mean", "unknown.ini", 9);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_bad_section_name(void **state)
{
    (void)state;
    write_file("badname.ini",
               "[metric Bad-Name]\n"
               "x = 1\n"
               "[metric]\n"
               "[organisation acme]\n"
               "[sink  ok_1 ]\n"
               "[check ok] junk\n"
               "[]\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("badname.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "badname.ini:1: error: invalid section name 'Bad-Name' in [metric Bad-Name]; "
                 "names use only a-z, 0-9 and _",
                 "badname.ini:3: error: section [metric] needs a name: [metric NAME]",
                 "badname.ini:4: error: unexpected name 'acme' in [organisation acme]; "
                 "[organisation] takes no name",
                 "badname.ini:6: error: unexpected text 'junk' after section header [check ok]",
                 "badname.ini:7: error: unknown section []; expected [organisation] or "
                 "[source|metric|check|feedback|sink NAME]");
    assert_int_equal(pf.n, 1);
    assert_non_null(pol_find_section(&pf, "sink", "ok_1"));
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_key_outside_section(void **state)
{
    (void)state;
    write_file("outside.ini",
               "; comment\n"
               "name = x\n"
               "[organisation]\n"
               "name = y\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("outside.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "outside.ini:2: error: key 'name' outside any section");
    assert_entry(&pf, "organisation", NULL, "name", "y", "outside.ini", 4);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_bad_key_name(void **state)
{
    (void)state;
    write_file("badkey.ini",
               "[organisation]\n"
               "Name = x\n"
               "two words = y\n"
               "a:b = c\n"
               "ok = 1\n"
               "caf\xc3\xa9 = 2\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("badkey.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "badkey.ini:2: error: invalid key name 'Name'; key names use only a-z, 0-9 and _",
                 "badkey.ini:3: error: invalid key name 'two words'; key names use only a-z, 0-9 and _",
                 "badkey.ini:4: error: invalid key name 'a:b'; key names use only a-z, 0-9 and _",
                 "badkey.ini:6: error: invalid key name 'caf\xc3\xa9'; key names use only a-z, 0-9 and _");
    const pol_section *s = pol_find_section(&pf, "organisation", NULL);
    assert_int_equal(s->n, 1);
    assert_entry(&pf, "organisation", NULL, "ok", "1", "badkey.ini", 5);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    write_file("syntax.ini",
               "[organisation]\n"   /* 1 */
               "just words\n"       /* 2 */
               "name: colon\n"      /* 3 */
               "= nokey\n"          /* 4 */
               "[metric m\n"        /* 5 */
               "k = v\n"            /* 6: in the broken section: skipped */
               "also broken\n"      /* 7: still reported */
               "[metric m2 ;x]\n"   /* 8: comment hides the ']' */
               "[sink s]\n"         /* 9 */
               "  continued\n"      /* 10: no multi-line values */
               "k = v\n");          /* 11 */
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("syntax.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "syntax.ini:2: error: expected 'key = value' or a [section] header",
                 "syntax.ini:3: error: expected 'key = value' or a [section] header",
                 "syntax.ini:4: error: expected 'key = value' or a [section] header",
                 "syntax.ini:5: error: expected 'key = value' or a [section] header",
                 "syntax.ini:7: error: expected 'key = value' or a [section] header",
                 "syntax.ini:8: error: expected 'key = value' or a [section] header",
                 "syntax.ini:10: error: expected 'key = value' or a [section] header");
    assert_int_equal(pf.n, 2);
    assert_int_equal(pol_find_section(&pf, "organisation", NULL)->n, 0);
    assert_entry(&pf, "sink", "s", "k", "v", "syntax.ini", 11);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    write_file("dupkey.ini",
               "[organisation]\n"
               "name = first\n"
               "name = second\n"
               "[metric m]\n"
               "name = other section is fine\n"
               "name = again\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("dupkey.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "dupkey.ini:3: error: duplicate key 'name' (first set at dupkey.ini:2)",
                 "dupkey.ini:6: error: duplicate key 'name' (first set at dupkey.ini:5)");
    assert_entry(&pf, "organisation", NULL, "name", "first", "dupkey.ini", 2);
    assert_entry(&pf, "metric", "m", "name", "other section is fine", "dupkey.ini", 5);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_duplicate_section(void **state)
{
    (void)state;
    write_file("dupsec.ini",
               "[metric m]\n"
               "a = 1\n"
               "[organisation]\n"
               "[metric m]\n"
               "b = 2\n"
               "a = 3\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("dupsec.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "dupsec.ini:4: error: duplicate section [metric m] (first at dupsec.ini:1)",
                 "dupsec.ini:6: error: duplicate key 'a' (first set at dupsec.ini:2)");
    const pol_section *s = pol_find_section(&pf, "metric", "m");
    assert_int_equal(s->n, 2);
    assert_int_equal(s->line, 1);
    assert_entry(&pf, "metric", "m", "a", "1", "dupsec.ini", 2);
    assert_entry(&pf, "metric", "m", "b", "2", "dupsec.ini", 5);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_overlong_line(void **state)
{
    (void)state;
    /* 200 bytes with no blank at all: cannot go through inih's 200-byte
     * buffer as is, must still load whole. */
    char *l200 = line_of("exact=", 'v', 200);
    char *l200b = line_of("spaced = ", 'w', 200);
    char *l201 = line_of("long = ", 'x', 201);
    /* the tail of this one would look like a key if the line were split */
    char *l240 = line_of("tail = ", 'y', 240);
    memcpy(l240 + 240 - 10, " ; k = v  ", 10);
    char *c300 = line_of("; ", 'c', 300);
    char *text;
    assert_true(asprintf(&text,
                         "[organisation]\n"       /* 1 */
                         "%s\n"                   /* 2 */
                         "%s\r\n"                 /* 3 */
                         "%s\n"                   /* 4 */
                         "after = 1\n"            /* 5 */
                         "%s\n"                   /* 6 */
                         "%s\n"                   /* 7 */
                         "%s"                     /* 8: last line, no newline */
                         , l200, l200b, l201, l240, c300, l201) > 0);
    write_file("long.ini", text);
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("long.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "long.ini:4: error: line is longer than 200 bytes (201); shorten it or split the value",
                 "long.ini:6: error: line is longer than 200 bytes (240); shorten it or split the value",
                 "long.ini:7: error: line is longer than 200 bytes (300); shorten it or split the value",
                 "long.ini:8: error: line is longer than 200 bytes (201); shorten it or split the value");
    const pol_section *s = pol_find_section(&pf, "organisation", NULL);
    assert_int_equal(s->n, 3);
    assert_entry(&pf, "organisation", NULL, "exact", l200 + 6, "long.ini", 2);
    assert_int_equal(strlen(entry(&pf, "organisation", NULL, "exact")->value), 194);
    assert_entry(&pf, "organisation", NULL, "spaced", l200b + 9, "long.ini", 3);
    assert_entry(&pf, "organisation", NULL, "after", "1", "long.ini", 5);
    policy_file_free(&pf);
    diag_free(&d);
    free(text);
    free(l200);
    free(l200b);
    free(l201);
    free(l240);
    free(c300);
}

static void test_overlong_key_and_include(void **state)
{
    (void)state;
    /* the oversize path must keep the key too, and work for include */
    char *k199 = line_of("", 'k', 199);
    char *incl = line_of("include=", '/', 200);
    memcpy(incl + 200 - 9, "/ovk2.ini", 9);
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    /* an absolute include path of exactly 200 - 8 bytes: /tmp/...//////ovk2.ini */
    size_t clen = strlen(cwd);
    assert_true(clen < 150);
    memcpy(incl + 8, cwd, clen);
    char *text;
    assert_true(asprintf(&text, "%s\n[organisation]\n%s=\n", incl, k199) > 0);
    write_file("ovk.ini", text);
    write_file("ovk2.ini", "[sink s]\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("ovk.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_entry(&pf, "organisation", NULL, k199, "", "ovk.ini", 3);
    assert_non_null(pol_find_section(&pf, "sink", "s"));
    policy_file_free(&pf);
    diag_free(&d);
    free(text);
    free(k199);
    free(incl);
    free(cwd);
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char data[] = "[organisation]\nna\0me = x\nok = 1\n";
    write_bytes("nul.ini", data, sizeof data - 1);
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("nul.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "nul.ini:2: error: line contains a NUL byte");
    assert_int_equal(pol_find_section(&pf, "organisation", NULL)->n, 1);
    assert_entry(&pf, "organisation", NULL, "ok", "1", "nul.ini", 3);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_missing_file(void **state)
{
    (void)state;
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("nope.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "nope.ini: error: cannot read policy file: No such file or directory");
    assert_int_equal(pf.n, 0);
    assert_null(pol_find_section(&pf, "organisation", NULL));
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_directory(void **state)
{
    (void)state;
    assert_int_equal(mkdir("adir", 0700), 0);
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("adir", &pf, &d), -1);
    EXPECT_DIAGS(&d, "adir: error: cannot read policy file: Is a directory");
    assert_int_equal(pf.n, 0);
    policy_file_free(&pf);

    write_file("incdir.ini", "include = adir\n");
    assert_int_equal(policy_file_load("incdir.ini", &pf, &d), -1);
    assert_int_equal(d.n, 2);
    char buf[256];
    assert_string_equal(diag_format(&d.items[1], buf, sizeof buf),
                        "incdir.ini:1: error: cannot read included file 'adir': Is a directory");
    policy_file_free(&pf);
    diag_free(&d);
}

/* Plain checks, no cmocka asserts: it also runs in a forked child. */
static int unreadable_is_reported(void)
{
    FILE *f = fopen("secret.ini", "w");
    if (!f)
        return 0;
    fputs("[organisation]\n", f);
    fclose(f);
    if (chmod("secret.ini", 0) != 0)
        return 0;
    pol_file pf;
    diag_list d;
    diag_init(&d);
    char buf[512] = "";
    int rc = policy_file_load("secret.ini", &pf, &d);
    if (d.n == 1)
        diag_format(&d.items[0], buf, sizeof buf);
    int ok = rc == -1 && d.n == 1 &&
             strcmp(buf, "secret.ini: error: cannot read policy file: Permission denied") == 0;
    if (!ok)
        fprintf(stderr, "got %zu diagnostics: %s\n", d.n, buf);
    policy_file_free(&pf);
    diag_free(&d);
    return ok;
}

static void test_unreadable_file(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        assert_true(unreadable_is_reported());
        return;
    }
    /* Root reads anything: check as an unprivileged user in a child. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (chmod(".", 0777) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(3);
        _exit(unreadable_is_reported() ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_include_override(void **state)
{
    (void)state;
    write_file("base.ini",
               "[organisation]\n"    /* 1 */
               "name = Base\n"       /* 2 */
               "timezone = UTC\n"    /* 3 */
               "[metric aht]\n"      /* 4 */
               "kind = mean\n"       /* 5 */
               "[sink out]\n");      /* 6 */
    write_file("top.ini",
               "; shared settings first\n"  /* 1 */
               "include = base.ini\n"       /* 2 */
               "\n"                         /* 3 */
               "[organisation]\n"           /* 4 */
               "name = Top\n"               /* 5 */
               "[metric aht]\n"             /* 6 */
               "window = 7d\n");            /* 7 */
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("top.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_int_equal(pf.n, 3);
    assert_entry(&pf, "organisation", NULL, "name", "Top", "top.ini", 5);
    assert_entry(&pf, "organisation", NULL, "timezone", "UTC", "base.ini", 3);
    assert_entry(&pf, "metric", "aht", "kind", "mean", "base.ini", 5);
    assert_entry(&pf, "metric", "aht", "window", "7d", "top.ini", 7);
    const pol_section *org = pol_find_section(&pf, "organisation", NULL);
    assert_int_equal(org->n, 2);
    assert_string_equal(org->file, "top.ini");
    assert_int_equal(org->line, 4);
    const pol_section *sink = pol_find_section(&pf, "sink", "out");
    assert_string_equal(sink->file, "base.ini");
    assert_int_equal(sink->line, 6);
    assert_int_equal(pf.nfiles, 2);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_several_includes(void **state)
{
    (void)state;
    write_file("inc_a.ini", "[organisation]\nname = A\ncolour = red\n");
    write_file("inc_b.ini", "[organisation]\nname = B\n");
    write_file("inc_ab.ini", "include = inc_a.ini\ninclude = inc_b.ini ; later wins\n[sink s]\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("inc_ab.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_entry(&pf, "organisation", NULL, "name", "B", "inc_b.ini", 2);
    assert_entry(&pf, "organisation", NULL, "colour", "red", "inc_a.ini", 3);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_nested_include(void **state)
{
    (void)state;
    assert_int_equal(mkdir("sub", 0700), 0);
    write_file("n1.ini",
               "include = sub/n2.ini\n"
               "[organisation]\n"
               "level = 1\n");
    write_file("sub/n2.ini",
               "include = n3.ini\n" /* relative to sub/ */
               "[organisation]\n"
               "level = 2\n"
               "two = yes\n");
    write_file("sub/n3.ini",
               "[organisation]\n"
               "level = 3\n"
               "three = yes\n"
               "Bad = 1\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("n1.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "sub/n3.ini:4: error: invalid key name 'Bad'; key names use only a-z, 0-9 and _");
    assert_entry(&pf, "organisation", NULL, "level", "1", "n1.ini", 3);
    assert_entry(&pf, "organisation", NULL, "two", "yes", "sub/n2.ini", 4);
    assert_entry(&pf, "organisation", NULL, "three", "yes", "sub/n3.ini", 3);
    assert_int_equal(pf.nfiles, 3);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_diamond_include(void **state)
{
    (void)state;
    write_file("dm_c.ini", "[check c]\nlimit = 1\n");
    write_file("dm_l.ini", "include = dm_c.ini\n[check l]\n");
    write_file("dm_r.ini", "include = dm_c.ini\n[check r]\n");
    write_file("dm.ini", "include = dm_l.ini\ninclude = dm_r.ini\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("dm.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_int_equal(pf.n, 3);
    assert_entry(&pf, "check", "c", "limit", "1", "dm_c.ini", 2);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_include_loop(void **state)
{
    (void)state;
    write_file("a.ini", "include = b.ini\n[organisation]\nname = a\n");
    write_file("b.ini", "\ninclude = a.ini\n[sink s]\nfrom = b\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("a.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "b.ini:2: error: include loop: a.ini -> b.ini -> a.ini");
    /* the rest of both files still loads */
    assert_entry(&pf, "organisation", NULL, "name", "a", "a.ini", 3);
    assert_entry(&pf, "sink", "s", "from", "b", "b.ini", 4);
    policy_file_free(&pf);

    /* the same loop through another spelling of the path */
    assert_int_equal(mkdir("lp", 0700), 0);
    write_file("lp/x.ini", "include = y.ini\n");
    write_file("lp/y.ini", "include = ../lp/x.ini\n");
    assert_int_equal(policy_file_load("lp/x.ini", &pf, &d), -1);
    assert_int_equal(d.n, 2);
    char buf[256];
    assert_string_equal(diag_format(&d.items[1], buf, sizeof buf),
                        "lp/y.ini:1: error: include loop: lp/x.ini -> lp/y.ini -> lp/../lp/x.ini");
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_self_include(void **state)
{
    (void)state;
    write_file("self.ini", "; me again\ninclude = self.ini\n[organisation]\nname = s\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("self.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "self.ini:2: error: include loop: self.ini -> self.ini");
    assert_entry(&pf, "organisation", NULL, "name", "s", "self.ini", 4);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_missing_include(void **state)
{
    (void)state;
    write_file("mi.ini", "include = gone.ini\ninclude =\n[organisation]\nname = m\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("mi.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "mi.ini:1: error: cannot read included file 'gone.ini': No such file or directory",
                 "mi.ini:2: error: include needs a file name");
    assert_entry(&pf, "organisation", NULL, "name", "m", "mi.ini", 4);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_include_depth(void **state)
{
    (void)state;
    /* d0 includes d1 ... d17: 16 levels are fine, the 17th is refused */
    char name[32], text[64];
    for (int i = 0; i <= 17; i++) {
        snprintf(name, sizeof name, "d%d.ini", i);
        snprintf(text, sizeof text, "include = d%d.ini\n[metric m%d]\n", i + 1, i);
        write_file(name, i == 17 ? "[metric m17]\n" : text);
    }
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("d0.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "d16.ini:1: error: includes are nested more than 16 deep at 'd17.ini'");
    assert_int_equal(pf.n, 17);
    assert_non_null(pol_find_section(&pf, "metric", "m16"));
    assert_null(pol_find_section(&pf, "metric", "m17"));
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_include_in_section_is_a_key(void **state)
{
    (void)state;
    write_file("insec.ini", "[check c]\ninclude = other.ini\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("insec.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_entry(&pf, "check", "c", "include", "other.ini", "insec.ini", 2);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_several_errors_in_order(void **state)
{
    (void)state;
    char *l201 = line_of("value = ", 'z', 201);
    char *text;
    assert_true(asprintf(&text,
                         "stray = 1\n"        /* 1: outside */
                         "[organisation]\n"   /* 2 */
                         "name = x\n"         /* 3 */
                         "bad line\n"         /* 4: syntax */
                         "[metric Bad]\n"     /* 5: bad name */
                         "a = 1\n"            /* 6: silent */
                         "[metric ok]\n"      /* 7 */
                         "Bad-Key = 1\n"      /* 8: key name */
                         "x = 1\n"            /* 9 */
                         "x = 2\n"            /* 10: duplicate */
                         "%s\n"               /* 11: overlong */
                         "[nope]\n"           /* 12: unknown */
                         "[sink s\n"          /* 13: syntax */
                         "[sink t]\n"         /* 14 */
                         "y = 1\n",           /* 15 */
                         l201) > 0);
    write_file("many.ini", text);
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("many.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d,
                 "many.ini:1: error: key 'stray' outside any section",
                 "many.ini:4: error: expected 'key = value' or a [section] header",
                 "many.ini:5: error: invalid section name 'Bad' in [metric Bad]; names use only a-z, 0-9 and _",
                 "many.ini:8: error: invalid key name 'Bad-Key'; key names use only a-z, 0-9 and _",
                 "many.ini:10: error: duplicate key 'x' (first set at many.ini:9)",
                 "many.ini:11: error: line is longer than 200 bytes (201); shorten it or split the value",
                 "many.ini:12: error: unknown section [nope]; expected [organisation] or "
                 "[source|metric|check|feedback|sink NAME]",
                 "many.ini:13: error: expected 'key = value' or a [section] header");
    assert_entry(&pf, "sink", "t", "y", "1", "many.ini", 15);
    assert_entry(&pf, "metric", "ok", "x", "1", "many.ini", 9);
    policy_file_free(&pf);
    diag_free(&d);
    free(text);
    free(l201);
}

static void test_crlf(void **state)
{
    (void)state;
    write_file("crlf.ini",
               "; windows\r\n"
               "[organisation]\r\n"
               "name = Example \r\n"
               "empty =\r\n"
               "\r\n"
               "oops\r\n"
               "[metric m]\r\n"
               "kind = mean ; note\r\n"
               "last = 1\r");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("crlf.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "crlf.ini:6: error: expected 'key = value' or a [section] header");
    assert_entry(&pf, "organisation", NULL, "name", "Example", "crlf.ini", 3);
    assert_entry(&pf, "organisation", NULL, "empty", "", "crlf.ini", 4);
    assert_entry(&pf, "metric", "m", "kind", "mean", "crlf.ini", 8);
    assert_entry(&pf, "metric", "m", "last", "1", "crlf.ini", 9);
    policy_file_free(&pf);
    diag_free(&d);
}

static void test_bom(void **state)
{
    (void)state;
    write_file("bom.ini", "\xEF\xBB\xBF[organisation]\nname = x\n");
    write_file("bom2.ini", "\xEF\xBB\xBFinclude = bom.ini\n[sink s]\n\xEF\xBB\xBFk = v\n");
    pol_file pf;
    diag_list d;
    diag_init(&d);
    assert_int_equal(policy_file_load("bom.ini", &pf, &d), 0);
    EXPECT_NO_DIAGS(&d);
    assert_entry(&pf, "organisation", NULL, "name", "x", "bom.ini", 2);
    policy_file_free(&pf);

    /* a BOM is skipped on line 1 only */
    assert_int_equal(policy_file_load("bom2.ini", &pf, &d), -1);
    EXPECT_DIAGS(&d, "bom2.ini:3: error: invalid key name '\xEF\xBB\xBFk'; key names use only a-z, 0-9 and _");
    assert_entry(&pf, "organisation", NULL, "name", "x", "bom.ini", 2);
    assert_non_null(pol_find_section(&pf, "sink", "s"));
    policy_file_free(&pf);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_bad_section_name),
        cmocka_unit_test(test_key_outside_section),
        cmocka_unit_test(test_bad_key_name),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_duplicate_section),
        cmocka_unit_test(test_overlong_line),
        cmocka_unit_test(test_overlong_key_and_include),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_include_override),
        cmocka_unit_test(test_several_includes),
        cmocka_unit_test(test_nested_include),
        cmocka_unit_test(test_diamond_include),
        cmocka_unit_test(test_include_loop),
        cmocka_unit_test(test_self_include),
        cmocka_unit_test(test_missing_include),
        cmocka_unit_test(test_include_depth),
        cmocka_unit_test(test_include_in_section_is_a_key),
        cmocka_unit_test(test_several_errors_in_order),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
