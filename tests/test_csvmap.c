/* The CSV reader's mapped path (regular files, lib/csvread_io.c) against its
 * read(2) path (CCSCORE_NO_MMAP): the same records, errors and offsets; a
 * range of a mapped file; and a file cut short while it is mapped, which
 * must end the read with an I/O error and not kill the process (SIGBUS). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvread.h"

/* Every record as "line:[f1][f2]...", errors as "line!why" (bad record) or
 * "line#why" (I/O error, the end); "$" at the end of input. */
static void transcript(csv_reader *r, char *out, size_t cap)
{
    size_t o = 0;
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *err;
    out[0] = '\0';
    for (;;) {
        int rc = csv_next(r, &f, &nf, &line, &err);
        if (rc == 1) {
            o += (size_t)snprintf(out + o, cap - o, "%llu:", (unsigned long long)line);
            for (size_t i = 0; i < nf; i++)
                o += (size_t)snprintf(out + o, cap - o, "[%.*s]", (int)f[i].len, f[i].ptr);
            o += (size_t)snprintf(out + o, cap - o, "\n");
        } else if (rc == -1) {
            o += (size_t)snprintf(out + o, cap - o, "%llu!%s\n", (unsigned long long)line, err);
        } else {
            if (rc == -2)
                o += (size_t)snprintf(out + o, cap - o, "%llu#%s\n", (unsigned long long)line, err);
            else
                o += (size_t)snprintf(out + o, cap - o, "$");
            break;
        }
        assert_true(o < cap);
    }
}

static char *temp_file(const char *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/test_csvmap.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    return path;
}

/* A file with a BOM, "" escapes (one over several lines), a record past the
 * 64-byte blocks of the fast scan, a bad quote, a NUL, empty lines and no
 * final line end. */
static const char sample[] =
    "\xEF\xBB\xBFid,text\r\n"
    "1,\"multi\r\nline, \"\"quoted\"\"\"\r\n\r\n"
    "2,a plain field that is long enough to run past one sixty-four byte block of the scan\n"
    "3,\"x\"z\n"
    "4,\"ok \"\"two\"\" and \"\"three\"\"\"\n"
    "5,a\0b\n"
    "\n"
    "6,last";

static const char sample_expected[] =
    "1:[id][text]\n"
    "2:[1][multi\r\nline, \"quoted\"]\n"
    "5:[2][a plain field that is long enough to run past one sixty-four byte block of the scan]\n"
    "6!character after closing quote\n"
    "7:[4][ok \"two\" and \"three\"]\n"
    "8!NUL byte in record\n"
    "10:[6][last]\n$";

static void test_mapped_equals_read(void **state)
{
    (void)state;
    char *path = temp_file(sample, sizeof sample - 1);
    char err[128], got[2048];
    unsetenv("CCSCORE_NO_MMAP");
    csv_reader *r = csv_open(path, NULL, err, sizeof err);
    assert_non_null(r);
    /* Mapped: the buffer is the file itself (a read buffer has one byte more). */
    assert_int_equal(csv_buffer_size(r), sizeof sample - 1);
    transcript(r, got, sizeof got);
    assert_string_equal(got, sample_expected);
    assert_int_equal(csv_bytes_read(r), sizeof sample - 1);
    csv_close(r);

    setenv("CCSCORE_NO_MMAP", "1", 1);
    r = csv_open(path, NULL, err, sizeof err);
    unsetenv("CCSCORE_NO_MMAP");
    assert_non_null(r);
    assert_int_equal(csv_buffer_size(r), sizeof sample);
    transcript(r, got, sizeof got);
    assert_string_equal(got, sample_expected);
    assert_int_equal(csv_bytes_read(r), sizeof sample - 1);
    csv_close(r);
    unlink(path);
    free(path);
}

/* A share of a mapped file, as a thread reads it: from the start of record
 * "2" up to (not including) records starting at or past record "4". */
static void test_mapped_range(void **state)
{
    (void)state;
    char *path = temp_file(sample, sizeof sample - 1);
    const char *two = strstr(sample, "2,a plain"), *four = strstr(sample, "4,\"ok");
    uint64_t begin = (uint64_t)(two - sample), end = (uint64_t)(four - sample) - 1;
    char err[128], got[1024];
    unsetenv("CCSCORE_NO_MMAP");
    csv_reader *r = csv_open(path, NULL, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(csv_set_range(r, begin, end), 0);
    transcript(r, got, sizeof got);
    assert_string_equal(got, "1:[2][a plain field that is long enough to run past one sixty-four byte block of the scan]\n"
                             "2!character after closing quote\n$");
    assert_int_equal(csv_bytes_read(r), (uint64_t)(four - sample)); /* where the next share begins */
    /* Only before the first read. */
    assert_int_equal(csv_set_range(r, 0, 10), -1);
    csv_close(r);
    unlink(path);
    free(path);
}

/* 200 records of 100 bytes: "k,xxxx...\n". */
static char *hundreds(size_t *len)
{
    size_t n = 200, sz = n * 100;
    char *d = malloc(sz + 1);
    assert_non_null(d);
    for (size_t k = 0; k < n; k++) {
        int w = snprintf(d + k * 100, 100, "%zu,", k);
        memset(d + k * 100 + w, 'x', (size_t)(99 - w));
        d[k * 100 + 99] = '\n';
    }
    d[sz] = '\0';
    *len = sz;
    return d;
}

/* Read `before` records, cut the file to `cut` bytes, read on: the records
 * wholly before the cut come, then an I/O error at the record the cut
 * crosses.  A cut at a page boundary makes the pages after it unreadable
 * (SIGBUS without the guard); a cut inside a page zeroes its rest. */
static void cut_while_mapped(size_t cut, int records_before_cut)
{
    size_t len;
    char *data = hundreds(&len);
    char *path = temp_file(data, len);
    char err[128];
    unsetenv("CCSCORE_NO_MMAP");
    csv_reader *r = csv_open(path, NULL, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(csv_buffer_size(r), len); /* mapped */
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *why;
    assert_int_equal(csv_next(r, &f, &nf, &line, &why), 1);
    assert_int_equal(truncate(path, (off_t)cut), 0);
    int got = 1, rc;
    while ((rc = csv_next(r, &f, &nf, &line, &why)) == 1) {
        assert_int_equal(nf, 2);
        assert_int_equal(f[1].len, 99 - (f[0].len + 1));
        got++;
    }
    assert_int_equal(got, records_before_cut);
    assert_int_equal(rc, -2);
    assert_int_equal(line, (uint64_t)records_before_cut + 1);
    char want[200];
    snprintf(want, sizeof want,
             "the file shrank from %zu to %zu bytes while being read: read it again once it is written in full", len,
             cut);
    assert_string_equal(why, want);
    assert_int_equal(csv_next(r, &f, &nf, &line, &why), -2); /* for good */
    csv_close(r);
    unlink(path);
    free(path);
    free(data);
}

static void test_cut_at_page(void **state)
{
    (void)state;
    long page = sysconf(_SC_PAGESIZE);
    cut_while_mapped((size_t)page * 2, (int)(page * 2 / 100));
}

static void test_cut_inside_page(void **state)
{
    (void)state;
    cut_while_mapped(4146, 41); /* record 41 (bytes 4100-4199) is cut */
}

/* Cut to nothing: the next record reads zeros, or the end comes early;
 * either way the change is reported. */
static void test_cut_to_empty(void **state)
{
    (void)state;
    cut_while_mapped(0, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mapped_equals_read),
        cmocka_unit_test(test_mapped_range),
        cmocka_unit_test(test_cut_at_page),
        cmocka_unit_test(test_cut_inside_page),
        cmocka_unit_test(test_cut_to_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
