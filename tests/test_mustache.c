/* The mustache renderer on hand-written fixtures: interpolation and escaping
 * per output format, sections over lists and maps, inverted sections, dotted
 * names, the implicit iterator, partials (with indentation), set delimiters,
 * standalone lines, and every compile error with its file and line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"

typedef struct partial_set {
    const char *names[4];
    const char *texts[4];
} partial_set;

static char *loader(void *arg, const char *name, size_t *len, char **file)
{
    const partial_set *p = arg;
    for (int i = 0; i < 4 && p->names[i]; i++)
        if (strcmp(p->names[i], name) == 0) {
            *len = strlen(p->texts[i]);
            *file = malloc(strlen(name) + 16);
            sprintf(*file, "%s.mustache", name);
            return strdup(p->texts[i]);
        }
    return NULL;
}

/* Render `tpl` with `data`; returns a malloc'd string (the test frees it). */
static char *render(const char *tpl, const mst_value *data, int escape, const partial_set *partials, int strict)
{
    mst_options opt = { partials ? loader : NULL, (void *)partials, strict, 0 };
    mst_error err;
    mst_template *t = mst_compile(tpl, strlen(tpl), "t.mustache", &opt, &err);
    if (!t)
        fail_msg("compile error %s:%d: %s", err.file, err.line, err.message);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(mst_render(t, data, escape, &out, &len, NULL), 0);
    assert_int_equal(strlen(out), len);
    mst_template_free(t);
    return out;
}

static void expect(const char *tpl, const mst_value *data, int escape, const char *want)
{
    char *got = render(tpl, data, escape, NULL, 1);
    assert_string_equal(got, want);
    free(got);
}

static mst_value *sample(void)
{
    mst_value *v = mst_map();
    mst_put_str(v, "name", "Ann & <Bob>");
    mst_put_num(v, "count", 3);
    mst_put_num(v, "rate", 0.125);
    mst_put_bool(v, "yes", 1);
    mst_put_bool(v, "no", 0);
    mst_value *items = mst_list();
    for (int i = 1; i <= 3; i++) {
        mst_value *e = mst_map();
        mst_put_num(e, "i", i);
        mst_push(items, e);
    }
    mst_put(v, "items", items);
    mst_put(v, "empty", mst_list());
    mst_value *team = mst_map(), *lead = mst_map();
    mst_put_str(lead, "first", "Cara");
    mst_put(team, "lead", lead);
    mst_put_str(team, "id", "north");
    mst_put(v, "team", team);
    mst_value *words = mst_list();
    mst_push(words, mst_string("a"));
    mst_push(words, mst_string("b"));
    mst_put(v, "words", words);
    return v;
}

static void test_interpolation_and_escaping(void **state)
{
    (void)state;
    mst_value *v = sample();
    expect("Hi {{name}}!", v, MST_ESCAPE_HTML, "Hi Ann &amp; &lt;Bob&gt;!");
    expect("Hi {{name}}!", v, MST_ESCAPE_NONE, "Hi Ann & <Bob>!");
    expect("{{{name}}}|{{& name}}", v, MST_ESCAPE_HTML, "Ann & <Bob>|Ann & <Bob>");
    expect("{{count}} {{rate}} {{missing}}.", v, MST_ESCAPE_NONE, "3 0.125 .");
    expect("{{ count }}", v, MST_ESCAPE_NONE, "3");
    expect("{{team.lead.first}} {{team.id}} {{team.nope.first}}", v, MST_ESCAPE_NONE, "Cara north ");
    mst_value *q = mst_map();
    mst_put_str(q, "q", "'\"");
    expect("{{q}}", q, MST_ESCAPE_HTML, "&#39;&quot;");
    mst_free(q);
    mst_free(v);
}

static void test_sections(void **state)
{
    (void)state;
    mst_value *v = sample();
    expect("{{#items}}[{{i}}]{{/items}}", v, MST_ESCAPE_NONE, "[1][2][3]");
    expect("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#missing}}M{{/missing}}{{#empty}}E{{/empty}}", v,
           MST_ESCAPE_NONE, "Y");
    expect("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}{{^missing}}M{{/missing}}{{^empty}}E{{/empty}}", v,
           MST_ESCAPE_NONE, "NME");
    /* A map section opens a context; names fall back to the outer ones. */
    expect("{{#team}}{{id}}/{{count}}{{/team}}", v, MST_ESCAPE_NONE, "north/3");
    expect("{{#words}}<{{.}}>{{/words}}", v, MST_ESCAPE_NONE, "<a><b>");
    expect("{{#team.lead}}{{first}}{{/team.lead}}", v, MST_ESCAPE_NONE, "Cara");
    /* Standalone section lines leave no blank line behind. */
    expect("a\n  {{#yes}}\nb\n  {{/yes}}\nc\n", v, MST_ESCAPE_NONE, "a\nb\nc\n");
    expect("a\r\n{{! note }}\r\nb", v, MST_ESCAPE_NONE, "a\r\nb");
    expect("a {{#yes}}b{{/yes}} c\n", v, MST_ESCAPE_NONE, "a b c\n");
    mst_free(v);
}

static void test_delimiters_and_comments(void **state)
{
    (void)state;
    mst_value *v = sample();
    expect("{{=<% %>=}}<% count %> {{count}} <%={{ }}=%>{{count}}", v, MST_ESCAPE_NONE, "3 {{count}} 3");
    expect("x{{! a\nmultiline comment }}y", v, MST_ESCAPE_NONE, "xy");
    mst_free(v);
}

static void test_partials(void **state)
{
    (void)state;
    mst_value *v = sample();
    partial_set p = { { "item", "line", NULL }, { "({{i}})", "* {{count}}\n* end\n", NULL } };
    char *got = render("{{#items}}{{>item}}{{/items}}", v, MST_ESCAPE_NONE, &p, 1);
    assert_string_equal(got, "(1)(2)(3)");
    free(got);
    /* A standalone partial is indented line by line. */
    got = render("list:\n  {{>line}}\ndone\n", v, MST_ESCAPE_NONE, &p, 1);
    assert_string_equal(got, "list:\n  * 3\n  * end\ndone\n");
    free(got);
    /* Not strict: an unknown partial renders as nothing (the spec). */
    got = render("[{{>nowhere}}]", v, MST_ESCAPE_NONE, &p, 0);
    assert_string_equal(got, "[]");
    free(got);
    mst_free(v);
}

static void expect_error(const char *tpl, const partial_set *p, const char *file, int line, const char *words)
{
    mst_options opt = { p ? loader : NULL, (void *)p, 1, 0 };
    mst_error err;
    mst_template *t = mst_compile(tpl, strlen(tpl), "t.mustache", &opt, &err);
    assert_null(t);
    assert_string_equal(err.file, file);
    assert_int_equal(err.line, line);
    if (!strstr(err.message, words))
        fail_msg("message '%s' lacks '%s'", err.message, words);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("a\nb\n{{#open}}\nc\n", NULL, "t.mustache", 3, "section 'open' is never closed");
    expect_error("{{#a}}\n{{/b}}\n", NULL, "t.mustache", 2, "closing tag 'b' but section 'a' (line 1) is open");
    expect_error("\n\n{{/a}}", NULL, "t.mustache", 3, "no section is open");
    expect_error("x\n{{>missing}}", NULL, "t.mustache", 2, "unknown partial 'missing'");
    expect_error("{{=<% %>\n", NULL, "t.mustache", 1, "never closed");
    expect_error("\n{{=a b c=}}", NULL, "t.mustache", 2, "more than two delimiters");
    expect_error("{{= x =}}", NULL, "t.mustache", 1, "bad delimiter");
    expect_error("a {{name", NULL, "t.mustache", 1, "never closed");
    expect_error("{{ }}", NULL, "t.mustache", 1, "empty tag");
    /* An error inside a partial names the partial's file and line. */
    partial_set p = { { "bad", NULL }, { "ok\n\n{{#x}}", NULL } };
    expect_error("{{>bad}}", &p, "bad.mustache", 3, "section 'x' is never closed");
}

/* Issue 20: a NUL byte inside a tag's name is a compile error with the
 * line (it once made the renderer read past the data's key). */
static void test_nul_in_tag(void **state)
{
    (void)state;
    static const char tpl[] = "ok\n{{period\0AAAA}}\n";
    for (int kind = 0; kind < 3; kind++) {
        char text[64];
        size_t len = sizeof tpl - 1;
        memcpy(text, tpl, len);
        if (kind == 1) /* a section: {{#period\0AAAA}} ... */
            memcpy(text + 3, "{{#", 3), memmove(text + 6, tpl + 5, len - 5), len++;
        if (kind == 2) /* a partial */
            memcpy(text + 3, "{{>", 3), memmove(text + 6, tpl + 5, len - 5), len++;
        mst_options opt = { NULL, NULL, 0, 0 };
        mst_error err;
        mst_template *t = mst_compile(text, len, "t.mustache", &opt, &err);
        assert_null(t);
        assert_string_equal(err.file, "t.mustache");
        assert_int_equal(err.line, 2);
        if (!strstr(err.message, "NUL byte in the tag"))
            fail_msg("message '%s'", err.message);
    }
}

/* Issue 20: a partial that includes itself outside any section never ends
 * (twice: exponential work); found when compiling, with the file and line of
 * the inclusion that closes the loop.  Inside a section it is recursion over
 * data, and compiles. */
static void test_partial_loops(void **state)
{
    (void)state;
    partial_set twice = { { "loop", NULL }, { "{{>loop}}{{>loop}}", NULL } };
    expect_error("x {{>loop}}", &twice, "loop.mustache", 1, "partial 'loop' includes itself outside any section");
    partial_set ab = { { "a", "b", NULL }, { "a\n{{#yes}}{{/yes}}{{>b}}", "\n\n{{>a}}", NULL } };
    expect_error("{{>a}}", &ab, "b.mustache", 3, "partial 'a' includes itself outside any section");
    partial_set ok = { { "node", NULL }, { "<{{#kids}}{{>node}}{{/kids}}>", NULL } };
    mst_value *v = mst_map(), *kids = mst_list();
    mst_push(kids, mst_map());
    mst_put(kids->items[0], "kids", mst_list());
    mst_put(v, "kids", kids);
    char *out = render("{{>node}}", v, MST_ESCAPE_NONE, &ok, 1);
    assert_string_equal(out, "<<>>");
    free(out);
    mst_free(v);
}

/* Issue 20: sections nested over the same list repeat it n^k times; the
 * render stops at MST_MAX_OUTPUT bytes or MST_MAX_STEPS tags with an error
 * naming the template, instead of running for ever. */
#define X16 "xxxxxxxxxxxxxxxx"
#define X64 X16 X16 X16 X16

static void test_render_bounds(void **state)
{
    (void)state;
    mst_value *v = mst_map(), *l = mst_list();
    for (int i = 0; i < 100; i++)
        mst_push(l, mst_number(i));
    mst_put(v, "l", l);
    static const char *const tpls[2] = {
        "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}" X64 "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}", /* 64 x 10^10 bytes */
        "\n{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}", /* 10^10 tags, no output */
    };
    static const char *const words[2] = { "more than 16777216 bytes", "more than 4000000 steps" };
    for (int i = 0; i < 2; i++) {
        mst_options opt = { NULL, NULL, 1, 0 };
        mst_error err;
        mst_template *t = mst_compile(tpls[i], strlen(tpls[i]), "t.mustache", &opt, &err);
        assert_non_null(t);
        char *out = (char *)"unset";
        size_t len = 0;
        memset(&err, 0, sizeof err);
        assert_int_equal(mst_render(t, v, MST_ESCAPE_NONE, &out, &len, &err), -1);
        assert_null(out);
        assert_string_equal(err.file, "t.mustache");
        assert_int_equal(err.line, i + 1);
        if (!strstr(err.message, words[i]))
            fail_msg("message '%s' lacks '%s'", err.message, words[i]);
        mst_template_free(t);
    }
    mst_free(v);
}

/* Issue 20 (the fuzzer's timeout): a partial recursing through a section
 * stacks a hundred context levels, and every name looked up on the way
 * searches them all.  Those levels are work: this render has about 2,800
 * tags (well within a 100,000-step bound) but searches about 130,000 levels
 * (25 names at each of 101 depths, k + 1 levels at depth k), so it fails at
 * 100,000 steps and renders at 300,000.  Before, it rendered at any bound
 * above its tags: the fuzzer's 172-byte input of this kind took 10^9
 * instructions at a 100,000-tag bound. */
static char *deep_partial(void *arg, const char *name, size_t *len, char **file)
{
    (void)arg;
    static const char a[] = "{{#l}}{{>a}}{{/l}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}"
                            "{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}{{m}}";
    if (strcmp(name, "a") != 0)
        return NULL;
    *len = strlen(a);
    *file = strdup("a");
    return strdup(a);
}

static void test_render_bounds_lookups(void **state)
{
    (void)state;
    mst_value *v = mst_map(), *l = mst_list();
    mst_push(l, mst_map()); /* one item: a level per recursion, no fan-out */
    mst_put(v, "l", l);
    for (size_t max = 100000; max; max = max == 100000 ? 300000 : 0) {
        mst_options opt = { deep_partial, NULL, 1, max };
        mst_error err;
        mst_template *t = mst_compile("{{>a}}", 6, "t.mustache", &opt, &err);
        assert_non_null(t);
        char *out = NULL;
        size_t len = 0;
        memset(&err, 0, sizeof err);
        int rc = mst_render(t, v, MST_ESCAPE_NONE, &out, &len, &err);
        if (max == 100000) { /* the levels searched count: past the bound */
            assert_int_equal(rc, -1);
            if (!strstr(err.message, "more than 100000 steps"))
                fail_msg("message '%s' lacks the bound", err.message);
        } else { /* within a bound above tags + levels, it renders (as nothing) */
            assert_int_equal(rc, 0);
            assert_int_equal(len, 0);
        }
        free(out);
        mst_template_free(t);
    }
    mst_free(v);
}

static void test_values(void **state)
{
    (void)state;
    mst_value *m = mst_map();
    mst_put_str(m, "k", "one");
    mst_put_str(m, "k", "two"); /* replaces */
    assert_int_equal(m->n, 1);
    assert_string_equal(mst_get(m, "k")->str, "two");
    mst_put_strf(m, "f", "%d-%s", 7, "x");
    assert_string_equal(mst_get(m, "f")->str, "7-x");
    assert_null(mst_get(m, "nope"));
    assert_int_equal(mst_push(m, mst_string("x")), -1); /* not a list */
    mst_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interpolation_and_escaping),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_delimiters_and_comments),
        cmocka_unit_test(test_partials),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_nul_in_tag),
        cmocka_unit_test(test_partial_loops),
        cmocka_unit_test(test_render_bounds),
        cmocka_unit_test(test_render_bounds_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
