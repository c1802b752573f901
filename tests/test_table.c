/* Tests of the table builder (lib/table.c): cells fill rows left to right,
 * nrows counts complete rows only, text cells are the builder's own copies,
 * tb_opt(0, ..), tb_none() and tb_text(NULL) are cells with no value, and
 * tb_free() releases everything (run under valgrind: no leak). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "table.h"

static const ccs_column cols[3] = {
    { "agent", "Agent", CCS_VAL_ID, NULL, 0 },
    { "calls", "Calls", CCS_VAL_COUNT, NULL, 0 },
    { "rate", "Rate", CCS_VAL_RATE, NULL, 1 },
};

static void test_init(void **state)
{
    (void)state;
    table_builder b;
    memset(&b, 0xab, sizeof b);
    tb_init(&b, "agents", "Agents", cols, 3);
    const ccs_table *t = tb_table(&b);
    assert_string_equal(t->name, "agents");
    assert_string_equal(t->title, "Agents");
    assert_ptr_equal(t->columns, cols);
    assert_int_equal(t->ncolumns, 3);
    assert_int_equal(t->nrows, 0);
    assert_int_equal(t->flags, 0);
    assert_int_equal(t->shown, 0);
    assert_int_equal(b.oom, 0);
    tb_free(&b);
}

static void test_rows_fill_left_to_right(void **state)
{
    (void)state;
    table_builder b;
    tb_init(&b, "agents", NULL, cols, 3);
    tb_text(&b, "A1");
    tb_num(&b, 12);
    tb_num(&b, 0.25);
    tb_text(&b, "A2");
    tb_num(&b, 7);
    tb_none(&b);
    const ccs_table *t = tb_table(&b);
    assert_int_equal(t->nrows, 2);
    assert_null(t->title);
    /* row-major: row r, column c is cells[r * ncolumns + c] */
    assert_int_equal(t->cells[0].present, 1);
    assert_string_equal(t->cells[0].text, "A1");
    assert_int_equal(t->cells[1].present, 1);
    assert_true(t->cells[1].number == 12);
    assert_null(t->cells[1].text);
    assert_true(t->cells[2].number == 0.25);
    assert_string_equal(t->cells[3].text, "A2");
    assert_true(t->cells[4].number == 7);
    assert_int_equal(t->cells[5].present, 0);
    tb_free(&b);
}

static void test_nrows_counts_complete_rows(void **state)
{
    (void)state;
    table_builder b;
    tb_init(&b, "agents", "Agents", cols, 3);
    tb_text(&b, "A1");
    assert_int_equal(tb_table(&b)->nrows, 0);
    tb_num(&b, 1);
    assert_int_equal(tb_table(&b)->nrows, 0);
    tb_num(&b, 0.5);
    assert_int_equal(tb_table(&b)->nrows, 1);
    tb_text(&b, "A2");
    tb_num(&b, 2);
    assert_int_equal(tb_table(&b)->nrows, 1); /* the second row is not complete */
    tb_num(&b, 0.75);
    assert_int_equal(tb_table(&b)->nrows, 2);
    tb_free(&b);

    /* No columns: no rows, whatever was added. */
    tb_init(&b, "empty", NULL, NULL, 0);
    tb_num(&b, 1);
    assert_int_equal(tb_table(&b)->nrows, 0);
    tb_free(&b);
}

static void test_texts_are_copies(void **state)
{
    (void)state;
    table_builder b;
    tb_init(&b, "agents", "Agents", cols, 3);
    char src[16];
    snprintf(src, sizeof src, "A1");
    tb_text(&b, src);
    tb_num(&b, 3);
    tb_num(&b, 1);
    snprintf(src, sizeof src, "ZZZZ"); /* the caller's buffer is reused */
    tb_text(&b, src);
    tb_num(&b, 4);
    tb_num(&b, 0);
    memset(src, 'x', sizeof src - 1);
    const ccs_table *t = tb_table(&b);
    assert_ptr_not_equal(t->cells[0].text, src);
    assert_string_equal(t->cells[0].text, "A1");
    assert_string_equal(t->cells[3].text, "ZZZZ");
    tb_free(&b);
}

static void test_no_value_cells(void **state)
{
    (void)state;
    table_builder b;
    tb_init(&b, "agents", "Agents", cols, 3);
    tb_text(&b, NULL);    /* no text */
    tb_opt(&b, 0, 42);    /* absent: the number is ignored */
    tb_opt(&b, 1, 0.5);   /* present */
    tb_none(&b);
    tb_none(&b);
    tb_opt(&b, 1, 0);     /* present, and zero */
    const ccs_table *t = tb_table(&b);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->cells[0].present, 0);
    assert_null(t->cells[0].text);
    assert_int_equal(t->cells[1].present, 0);
    assert_true(t->cells[1].number == 0);
    assert_int_equal(t->cells[2].present, 1);
    assert_true(t->cells[2].number == 0.5);
    assert_int_equal(t->cells[3].present, 0);
    assert_null(t->cells[3].text);
    assert_int_equal(t->cells[4].present, 0);
    assert_int_equal(t->cells[5].present, 1);
    assert_true(t->cells[5].number == 0);
    tb_free(&b);
}

/* Past the first allocations (64 cells, 32 texts): every cell is where it
 * was put, and tb_free() releases the lot (valgrind: no leak). */
static void test_growth_and_free(void **state)
{
    (void)state;
    table_builder b;
    tb_init(&b, "many", "Many", cols, 3);
    b.t.flags = CCS_TABLE_DETAIL;
    b.t.shown = 10;
    for (int r = 0; r < 1000; r++) {
        char id[16];
        snprintf(id, sizeof id, "A%04d", r);
        tb_text(&b, id);
        tb_num(&b, r);
        tb_opt(&b, r % 3 != 0, r / 1000.0);
    }
    const ccs_table *t = tb_table(&b);
    assert_int_equal(b.oom, 0);
    assert_int_equal(t->nrows, 1000);
    assert_int_equal(t->flags, CCS_TABLE_DETAIL);
    assert_int_equal(t->shown, 10);
    for (int r = 0; r < 1000; r++) {
        char id[16];
        snprintf(id, sizeof id, "A%04d", r);
        assert_string_equal(t->cells[r * 3].text, id);
        assert_true(t->cells[r * 3 + 1].number == r);
        assert_int_equal(t->cells[r * 3 + 2].present, r % 3 != 0);
    }
    tb_free(&b);
    assert_null(b.cells);
    assert_null(b.texts);
    assert_int_equal(b.ncells, 0);
    assert_int_equal(b.ntexts, 0);
    /* A freed builder starts again cleanly. */
    tb_init(&b, "again", NULL, cols, 3);
    tb_text(&b, "A1");
    tb_num(&b, 1);
    tb_num(&b, 1);
    assert_int_equal(tb_table(&b)->nrows, 1);
    tb_free(&b);
    tb_free(&b); /* twice is harmless */
}

/* printf keeps the sign of a small negative number ("-0", "-0.00"): the
 * table's numbers print "0" instead; what rounds away from 0 keeps its sign. */
static void test_fixed_no_negative_zero(void **state)
{
    (void)state;
    static const struct {
        int decimals;
        double v;
        const char *want;
    } cases[] = {
        { 0, -0.4, "0" },     { 0, -0.0, "0" },       { 0, -0.5, "0" },    { 0, -0.6, "-1" },
        { 0, 0.4, "0" },      { 2, -0.004, "0.00" },  { 2, -0.006, "-0.01" }, { 1, -10.04, "-10.0" },
        { 3, -1e-12, "0.000" }, { 1, -0.05, "-0.1" }, { 0, -3, "-3" },     { 1, 2.25, "2.2" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[32];
        fmt_fixed(buf, sizeof buf, cases[i].decimals, cases[i].v);
        assert_string_equal(buf, cases[i].want);
    }
    char small[3];
    fmt_fixed(small, sizeof small, 1, -0.01); /* "-0.0" cut to "-0": still no sign */
    assert_string_equal(small, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_rows_fill_left_to_right),
        cmocka_unit_test(test_nrows_counts_complete_rows),
        cmocka_unit_test(test_texts_are_copies),
        cmocka_unit_test(test_no_value_cells),
        cmocka_unit_test(test_growth_and_free),
        cmocka_unit_test(test_fixed_no_negative_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
