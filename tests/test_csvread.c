/*
 * Tests of lib/csvread: the CSV dialect, line numbers, malformed
 * records and recovery, limits, and buffer boundaries.
 *
 * Most cases are written as an input and the expected transcript of every
 * csv_next() result (see transcript()), and are run with the default buffer
 * and with every buffer size from 4 to 40 bytes, so that each record is also
 * read while it crosses the buffer's end at every possible byte.
 */
#include <errno.h>
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

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void text_add(text *t, const char *p, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, p, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void text_printf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(text *t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof buf);
    text_add(t, buf, (size_t)n);
}

/* Every result of csv_next() until the end, one per line:
 *   "L:[f1][f2]"  a record starting on line L (fields raw, newlines too)
 *   "L!reason"    a malformed record starting on line L
 *   "L#reason"    an I/O error (the transcript stops)
 *   "$"           the end of input
 * The caller frees the result. */
static char *transcript_of(csv_reader *r)
{
    text t = { NULL, 0, 0 };
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *err;

    text_add(&t, "", 0);
    for (int guard = 0; guard < 100000; guard++) {
        int rc = csv_next(r, &f, &nf, &line, &err);
        if (rc == 1) {
            text_printf(&t, "%llu:", (unsigned long long)line);
            for (size_t i = 0; i < nf; i++) {
                text_add(&t, "[", 1);
                text_add(&t, f[i].ptr, f[i].len);
                text_add(&t, "]", 1);
            }
            text_add(&t, "\n", 1);
        } else if (rc == -1) {
            text_printf(&t, "%llu!%s\n", (unsigned long long)line, err);
        } else if (rc == -2) {
            text_printf(&t, "%llu#%s\n", (unsigned long long)line, err);
            break;
        } else {
            assert_int_equal(rc, 0);
            text_add(&t, "$", 1);
            break;
        }
    }
    return t.s;
}

static char *transcript(const char *data, size_t len, const csv_limits *lim)
{
    csv_reader *r = csv_open_mem(data, len, lim);
    assert_non_null(r);
    char *s = transcript_of(r);
    csv_close(r);
    return s;
}

/* Check the transcript with the default buffer and with buffers of 4..40
 * bytes.  lim may be NULL; its buffer_bytes is overridden. */
static void check_n(const char *data, size_t len, const csv_limits *lim, const char *expected)
{
    csv_limits l = { 0, 0, 0 };
    if (lim)
        l = *lim;
    for (size_t b = 3; b <= 40; b++) {
        l.buffer_bytes = b == 3 ? 0 : b; /* 3 stands for the default */
        char *got = transcript(data, len, &l);
        if (strcmp(got, expected) != 0)
            print_error("with buffer_bytes = %zu\n", l.buffer_bytes);
        assert_string_equal(got, expected);
        free(got);
    }
}

static void check(const char *data, const char *expected)
{
    check_n(data, strlen(data), NULL, expected);
}

static void check_lim(const char *data, const csv_limits *lim, const char *expected)
{
    check_n(data, strlen(data), lim, expected);
}

static void assert_field(ccs_str f, const char *want)
{
    char *got = malloc(f.len + 1);
    assert_non_null(got);
    memcpy(got, f.ptr, f.len);
    got[f.len] = '\0';
    assert_string_equal(got, want);
    assert_int_equal(f.len, strlen(want));
    free(got);
}

/* A temporary file holding data; the caller unlinks and frees the name. */
static char *temp_file(const char *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/test_csvread.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    return path;
}

/* ------------------------------------------------------------------------
 * The dialect
 * ---------------------------------------------------------------------- */

static void test_simple(void **state)
{
    (void)state;
    check("a,b,c\n1,2,3\n", "1:[a][b][c]\n2:[1][2][3]\n$");
    check("x\n", "1:[x]\n$");
    check("", "$");
    check("   , spaced ,\n", "1:[   ][ spaced ][]\n$");
}

static void test_quoted_fields(void **state)
{
    (void)state;
    check("\"a\",\"b\"\n", "1:[a][b]\n$");
    check("a,\"b,c\",d\n", "1:[a][b,c][d]\n$");
    check("\"one, two, three\"\n", "1:[one, two, three]\n$");
    check("\",\",\",,\"\n", "1:[,][,,]\n$");
    /* Mixed quoted and unquoted over several records. */
    check("id,\"name\"\n1,\"Doe, J\"\n2,Roe\n", "1:[id][name]\n2:[1][Doe, J]\n3:[2][Roe]\n$");
}

static void test_escaped_quotes(void **state)
{
    (void)state;
    check("\"he said \"\"hi\"\"\",x\n", "1:[he said \"hi\"][x]\n$");
    check("\"\"\"\"\n", "1:[\"]\n$");
    check("\"\"\"\"\"\"\n", "1:[\"\"]\n$");
    check("a,\"\"\"quoted\"\"\"\n", "1:[a][\"quoted\"]\n$");
    check("\"x\"\"\",\"\"\"y\"\n", "1:[x\"][\"y]\n$");
}

static void test_escape_leaves_source_alone(void **state)
{
    (void)state;
    static const char data[] = "\"a\"\"b\",\"c\"\"\"\"d\"\n";
    char copy[sizeof data];
    memcpy(copy, data, sizeof data);
    csv_reader *r = csv_open_mem(copy, sizeof copy - 1, NULL);
    const ccs_str *f;
    size_t nf;
    assert_int_equal(csv_next(r, &f, &nf, NULL, NULL), 1);
    assert_int_equal(nf, 2);
    assert_field(f[0], "a\"b");
    assert_field(f[1], "c\"\"d");
    assert_memory_equal(copy, data, sizeof data);
    csv_close(r);
}

static void test_lenient_quote_in_unquoted_field(void **state)
{
    (void)state;
    check("ab\"c,d\n", "1:[ab\"c][d]\n$");
    check("a\"\"b\n", "1:[a\"\"b]\n$");
    check("x,5'11\"\n", "1:[x][5'11\"]\n$");
    check(" \"a\"\n", "1:[ \"a\"]\n$");
    /* A lone CR inside an unquoted field is data. */
    check("a\rb,c\n", "1:[a\rb][c]\n$");
}

static void test_newlines_in_quotes(void **state)
{
    (void)state;
    check("a,\"x\ny\",b\nc,d\n", "1:[a][x\ny][b]\n3:[c][d]\n$");
    check("\"a\nb\nc\"\n\nx\n", "1:[a\nb\nc]\n5:[x]\n$");
    check("\"\n\",\"\n\n\"\nz\n", "1:[\n][\n\n]\n5:[z]\n$");
    /* CRLF inside quotes is kept; the rows end with CRLF. */
    check("h1,h2\r\n\"l1\r\nl2\r\nl3\",z\r\nlast,row\r\n",
          "1:[h1][h2]\n2:[l1\r\nl2\r\nl3][z]\n5:[last][row]\n$");
    check("\"x\ny\"", "1:[x\ny]\n$");
}

static void test_crlf(void **state)
{
    (void)state;
    check("a,b\r\nc,d\r\n", "1:[a][b]\n2:[c][d]\n$");
    check("a,\"b\"\r\n\"c\",d\r\n", "1:[a][b]\n2:[c][d]\n$");
    /* Mixed line ends. */
    check("a\r\nb\nc\r\n", "1:[a]\n2:[b]\n3:[c]\n$");
    /* Only the CR right before the LF is dropped. */
    check("a\r\r\n", "1:[a\r]\n$");
    check("a,\r\n", "1:[a][]\n$");
}

static void test_bom(void **state)
{
    (void)state;
    check("\xEF\xBB\xBFid,name\n1,x\n", "1:[id][name]\n2:[1][x]\n$");
    check("\xEF\xBB\xBF\"id\"\n", "1:[id]\n$");
    check("\xEF\xBB\xBF", "$");
    check("\xEF\xBB\xBF\n\na\n", "3:[a]\n$");
    /* Only at the very start. */
    check("a\n\xEF\xBB\xBF\n", "1:[a]\n2:[\xEF\xBB\xBF]\n$");
    check("\xEF\xBB", "1:[\xEF\xBB]\n$");
    /* Short inputs around the BOM check. */
    check("a", "1:[a]\n$");
    check("ab", "1:[ab]\n$");
}

static void test_missing_final_newline(void **state)
{
    (void)state;
    check("a,b\nc,d", "1:[a][b]\n2:[c][d]\n$");
    check("a,\"b\"", "1:[a][b]\n$");
    check("a,", "1:[a][]\n$");
    check("\"a\"\"\"", "1:[a\"]\n$");
    /* A CR ending the input is taken as a cut-off CRLF. */
    check("a,b\r", "1:[a][b]\n$");
    check("a,\"b\"\r", "1:[a][b]\n$");
}

static void test_empty_lines(void **state)
{
    (void)state;
    check("\n\na\n\r\n\nb\n\n", "3:[a]\n6:[b]\n$");
    check("\n", "$");
    check("\r\n\r\n", "$");
    check("\r", "$");
    check("a\n\n", "1:[a]\n$");
}

static void test_empty_fields(void **state)
{
    (void)state;
    check(",,\n", "1:[][][]\n$");
    check("a,,b\n", "1:[a][][b]\n$");
    check("a,\n", "1:[a][]\n$");
    check(",a\n", "1:[][a]\n$");
    check("\"\",\"\"\n", "1:[][]\n$");
    check("1,\"\",\"\"\n2,3,4", "1:[1][][]\n2:[2][3][4]\n$");
    check(",\r\n", "1:[][]\n$");
}

static void test_single_empty_field(void **state)
{
    (void)state;
    check("\"\"\n", "1:[]\n$");
    check("\"\"", "1:[]\n$");
    check("\"\"\r\n", "1:[]\n$");
    check("a\n\"\"\nb\n", "1:[a]\n2:[]\n3:[b]\n$");
}

/* ------------------------------------------------------------------------
 * Malformed records and recovery
 * ---------------------------------------------------------------------- */

static void test_unterminated_quote(void **state)
{
    (void)state;
    check("\"abc", "1!unterminated quoted field\n$");
    check("a,\"", "1!unterminated quoted field\n$");
    check("\"abc\"\"", "1!unterminated quoted field\n$");
    /* Reading resumes after the line on which the bad record started. */
    check("a,b\nc,\"unterminated\nd,e\n",
          "1:[a][b]\n2!unterminated quoted field\n3:[d][e]\n$");
}

static void test_char_after_closing_quote(void **state)
{
    (void)state;
    check("\"ab\"c,d\nx,y\n", "1!character after closing quote\n2:[x][y]\n$");
    check("\"ab\" ,d\nx\n", "1!character after closing quote\n2:[x]\n$");
    check("a,\"b\"\"c\"d\n", "1!character after closing quote\n$");
    check("\"ab\"\rx\ny\n", "1!character after closing quote\n2:[y]\n$");
    /* A missing closing quote is found at the next quote; the next line
     * is read again as a record of its own. */
    check("1,\"abc,2\n3,\"def\",4\n", "1!character after closing quote\n2:[3][def][4]\n$");
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char a[] = "a,b\0c\nd\n";
    check_n(a, sizeof a - 1, NULL, "1!NUL byte in record\n2:[d]\n$");
    static const char b[] = "\"a\0\"\nz\n";
    check_n(b, sizeof b - 1, NULL, "1!NUL byte in record\n2:[z]\n$");
    static const char c[] = "x\n\"a\",\0\nz";
    check_n(c, sizeof c - 1, NULL, "1:[x]\n2!NUL byte in record\n3:[z]\n$");
    static const char d[] = "\0";
    check_n(d, sizeof d - 1, NULL, "1!NUL byte in record\n$");
}

static void test_record_too_long(void **state)
{
    (void)state;
    csv_limits lim = { 8, 0, 0 };
    check_lim("12345678\n123456789\nab\n", &lim,
              "1:[12345678]\n2!record longer than 8 bytes\n3:[ab]\n$");
    /* The line end does not count. */
    check_lim("1234,678\r\n\"234567\"\r\nx", &lim, "1:[1234][678]\n2:[234567]\n3:[x]\n$");
    check_lim("\"23456789\"\nx\n", &lim, "1!record longer than 8 bytes\n2:[x]\n$");
    check_lim("123456789", &lim, "1!record longer than 8 bytes\n$");
    check_lim("12345678\r", &lim, "1:[12345678]\n$");
    /* A long quoted record is rejected; reading goes on at its second line
     * (here itself too long). */
    check_lim("\"aaaa\nbbbbbbbbbb\"\nx\n", &lim,
              "1!record longer than 8 bytes\n2!record longer than 8 bytes\n3:[x]\n$");
    /* A line far longer than any buffer is streamed away. */
    size_t n = 100000;
    char *big = malloc(n + 16);
    assert_non_null(big);
    memset(big, 'x', n);
    memcpy(big + n, "\nok,1\n", 7);
    check_n(big, n + 6, &lim, "1!record longer than 8 bytes\n2:[ok][1]\n$");

    /* Bounded memory: the buffer never grows past max_record_bytes + 2. */
    csv_limits small = { 64, 0, 16 };
    csv_reader *r = csv_open_mem(big, n + 6, &small);
    const char *err;
    uint64_t line;
    const ccs_str *f;
    size_t nf;
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), -1);
    assert_string_equal(err, "record longer than 64 bytes");
    assert_int_equal(line, 1);
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(line, 2);
    assert_int_equal(nf, 2);
    assert_field(f[0], "ok");
    assert_true(csv_buffer_size(r) <= 66);
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 0);
    csv_close(r);
    free(big);
}

static void test_record_too_long_default(void **state)
{
    (void)state;
    const size_t max = CSV_DEFAULT_MAX_RECORD_BYTES;
    /* line 1: exactly the limit; line 2: one byte over; line 3: short. */
    size_t len = max + 1 + max + 1 + 3;
    char *data = malloc(len);
    assert_non_null(data);
    memset(data, 'a', max);
    data[max] = '\n';
    memset(data + max + 1, 'b', max + 1);
    memcpy(data + 2 * max + 2, "\nz\n", 3);

    static const size_t buffers[] = { 0, 16, 1000, 1 << 20, (1 << 20) + 1, (1 << 20) + 2 };
    for (size_t i = 0; i < sizeof buffers / sizeof buffers[0]; i++) {
        csv_limits lim = { 0, 0, buffers[i] };
        csv_reader *r = csv_open_mem(data, len, &lim);
        const ccs_str *f;
        size_t nf;
        uint64_t line;
        const char *err;
        assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
        assert_int_equal(nf, 1);
        assert_int_equal(f[0].len, max);
        assert_int_equal(line, 1);
        assert_int_equal(csv_next(r, &f, &nf, &line, &err), -1);
        assert_string_equal(err, "record longer than 1048576 bytes");
        assert_int_equal(line, 2);
        assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
        assert_int_equal(line, 3);
        assert_int_equal(nf, 1);
        assert_field(f[0], "z");
        assert_int_equal(csv_next(r, &f, &nf, &line, &err), 0);
        if (buffers[i]) /* grown no further than a record needs */
            assert_true(csv_buffer_size(r) <= (buffers[i] > max + 2 ? buffers[i] : max + 2));
        csv_close(r);
    }
    free(data);
}

static void test_too_many_fields(void **state)
{
    (void)state;
    csv_limits lim = { 0, 3, 0 };
    check_lim("a,b,c\na,b,c,d\nx\n", &lim, "1:[a][b][c]\n2!more than 3 fields\n3:[x]\n$");
    check_lim("\"a\",\"b\",\"c\",\"d\"\nx\n", &lim, "1!more than 3 fields\n2:[x]\n$");
    check_lim(",,\n,,,\n", &lim, "1:[][][]\n2!more than 3 fields\n$");

    /* The default: 512 fields are fine, 513 are not. */
    text t = { NULL, 0, 0 };
    for (int i = 0; i < 512; i++)
        text_add(&t, i ? ",f" : "f", i ? 2 : 1);
    text_add(&t, "\n", 1);
    for (int i = 0; i < 513; i++)
        text_add(&t, i ? ",\"g\"" : "\"g\"", i ? 4 : 3);
    text_add(&t, "\nlast\n", 6);
    csv_reader *r = csv_open_mem(t.s, t.len, NULL);
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *err;
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(nf, 512);
    assert_field(f[511], "f");
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), -1);
    assert_string_equal(err, "more than 512 fields");
    assert_int_equal(line, 2);
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(line, 3);
    assert_field(f[0], "last");
    csv_close(r);
    free(t.s);
}

/* ------------------------------------------------------------------------
 * Buffer boundaries, files and progress
 * ---------------------------------------------------------------------- */

static void test_buffer_boundaries(void **state)
{
    (void)state;
    /* Records longer than the smallest buffers, with escapes and line
     * breaks placed so that they straddle every boundary in turn. */
    check("aaaaaaaaaa,\"bb\"\"bb\",cccccccccc\n\"dd\r\ndd\",\"\"\"\",e\r\nf,g\n",
          "1:[aaaaaaaaaa][bb\"bb][cccccccccc]\n2:[dd\r\ndd][\"][e]\n4:[f][g]\n$");
    check("0123456789012345678901234567890123456789012345\n\"x\"\n",
          "1:[0123456789012345678901234567890123456789012345]\n2:[x]\n$");
}

/* Random inputs from an alphabet (and a NUL about once in nul_every bytes,
 * 0: none), up to max_len bytes, read with the default buffer and with
 * every small one, and sometimes a small max_record or max_fields: the
 * transcripts must agree. */
static void random_inputs(const char *alphabet, size_t nalpha, size_t max_len, int iters, unsigned seed,
                          unsigned nul_every, size_t max_record, size_t max_fields)
{
    char *data = malloc(max_len);
    assert_non_null(data);
    for (int iter = 0; iter < iters; iter++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % max_len;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            data[i] = alphabet[(seed >> 16) % nalpha];
            if (nul_every && (seed >> 8) % nul_every == 0)
                data[i] = '\0';
        }
        csv_limits lim = { iter % 3 ? 0 : max_record, iter % 5 ? 0 : max_fields, 0 };
        char *want = transcript(data, len, &lim);
        check_n(data, len, &lim, want);
        free(want);
    }
    free(data);
}

/* Inputs made of the characters that matter read alike whatever the
 * buffer's size and wherever records fall in it. */
static void test_random_inputs_any_buffer(void **state)
{
    (void)state;
    static const char alphabet[] = { 'a', 'b', ',', ',', '"', '"', '\n', '\n', '\r', '\0' };
    random_inputs(alphabet, sizeof alphabet, 64, 1500, 12345, 0, 12, 3);
}

/* Longer random inputs, mostly text: the fast parser (which needs 64 bytes
 * ahead) reads them with the default buffer, the general parser with small
 * ones, and both must give the same transcript, errors included. */
static void test_random_long_inputs(void **state)
{
    (void)state;
    static const char alphabet[] = { 'a', 'b', 'c', 'd', 'e', 'f', ' ', 'x', 'y', 'z', ',', ',', ',',
                                     '"', '"', '"', '\n', '\n', '\r' };
    random_inputs(alphabet, sizeof alphabet, 600, 400, 4242, 997, 90, 6);
}

/* Random records written the way an RFC 4180 writer would, read back with
 * every buffer size: the same fields, and line numbers counted from the
 * text written before each record. */
static void random_roundtrip(unsigned seed, int iters, int max_records, int max_fields, size_t max_field)
{
    static const char alphabet[] = { 'a', 'b', ' ', ',', '"', '\n', '\r' };
#define RND(n) (seed = seed * 1103515245u + 12345u, (seed >> 16) % (n))
    for (int iter = 0; iter < iters; iter++) {
        text csv = { NULL, 0, 0 }, want = { NULL, 0, 0 };
        uint64_t line = 1;
        text_add(&csv, "", 0);
        text_add(&want, "", 0);
        int nrec = 1 + (int)RND(max_records);
        int crlf = (int)RND(2);
        for (int rec = 0; rec < nrec; rec++) {
            int nf = 1 + (int)RND(max_fields);
            text_printf(&want, "%llu:", (unsigned long long)line);
            for (int k = 0; k < nf; k++) {
                char field[64];
                size_t flen = RND(max_field + 1);
                for (size_t i = 0; i < flen; i++)
                    field[i] = alphabet[RND(sizeof alphabet)];
                text_add(&want, "[", 1);
                text_add(&want, field, flen);
                text_add(&want, "]", 1);
                /* Quote when needed, and sometimes when not. */
                int quote = (nf == 1 && flen == 0) || RND(4) == 0 ||
                            (flen && field[0] == '"');
                for (size_t i = 0; i < flen; i++)
                    if (field[i] == ',' || field[i] == '\n' || field[i] == '\r')
                        quote = 1;
                if (k)
                    text_add(&csv, ",", 1);
                if (quote)
                    text_add(&csv, "\"", 1);
                for (size_t i = 0; i < flen; i++) {
                    if (quote && field[i] == '"')
                        text_add(&csv, "\"", 1);
                    text_add(&csv, &field[i], 1);
                    line += field[i] == '\n';
                }
                if (quote)
                    text_add(&csv, "\"", 1);
            }
            text_add(&want, "\n", 1);
            if (rec + 1 < nrec || RND(2)) { /* the last line end is optional */
                text_add(&csv, crlf ? "\r\n" : "\n", crlf ? 2 : 1);
                line++;
            }
        }
        text_add(&want, "$", 1);
        check_n(csv.s, csv.len, NULL, want.s);
        free(csv.s);
        free(want.s);
    }
#undef RND
}

static void test_random_roundtrip(void **state)
{
    (void)state;
    random_roundtrip(777, 200, 6, 4, 7);
}

/* Records long enough for the fast parser, with quoted fields holding ""
 * pairs and line breaks, sometimes more than FAST_ESCAPED_MAX of them in a
 * record (then the general parser reads it). */
static void test_random_roundtrip_long(void **state)
{
    (void)state;
    random_roundtrip(31337, 120, 8, 30, 40);
}

static void test_file(void **state)
{
    (void)state;
    static const char data[] = "\xEF\xBB\xBFid,text\r\n1,\"multi\r\nline, \"\"quoted\"\"\"\r\n\r\n"
                               "2,plain\r\n3,\"x\"z\r\n4,last";
    char *path = temp_file(data, sizeof data - 1);
    char err[128];
    csv_limits lim = { 0, 0, 16 };
    csv_reader *r = csv_open(path, &lim, err, sizeof err);
    assert_non_null(r);
    char *got = transcript_of(r);
    assert_string_equal(got, "1:[id][text]\n2:[1][multi\r\nline, \"quoted\"]\n5:[2][plain]\n"
                             "6!character after closing quote\n7:[4][last]\n$");
    assert_int_equal(csv_bytes_read(r), sizeof data - 1);
    free(got);
    csv_close(r);

    /* And with the default buffer. */
    r = csv_open(path, NULL, err, sizeof err);
    assert_non_null(r);
    got = transcript_of(r);
    assert_string_equal(got, "1:[id][text]\n2:[1][multi\r\nline, \"quoted\"]\n5:[2][plain]\n"
                             "6!character after closing quote\n7:[4][last]\n$");
    free(got);
    csv_close(r);
    unlink(path);
    free(path);
}

static void test_file_not_found(void **state)
{
    (void)state;
    char err[128] = "untouched";
    csv_reader *r = csv_open("/nonexistent/dir/file.csv", NULL, err, sizeof err);
    assert_null(r);
    assert_string_equal(err, "cannot open: No such file or directory");

    r = csv_open("/", NULL, err, sizeof err);
    assert_null(r);
    assert_string_equal(err, "cannot open: Is a directory");

    /* A too-small message buffer is cut, not overrun. */
    char tiny[8];
    assert_null(csv_open("/nonexistent/dir/file.csv", NULL, tiny, sizeof tiny));
    assert_string_equal(tiny, "cannot ");
}

static void test_read_error(void **state)
{
    (void)state;
    /* Reading /proc/self/mem at offset 0 (never mapped) fails with EIO. */
    char err[128];
    csv_reader *r = csv_open("/proc/self/mem", NULL, err, sizeof err);
    if (!r)
        skip();
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *msg;
    assert_int_equal(csv_next(r, &f, &nf, &line, &msg), -2);
    assert_string_equal(msg, "read error: Input/output error");
    assert_int_equal(csv_next(r, &f, &nf, &line, &msg), -2);
    assert_string_equal(msg, "read error: Input/output error");
    csv_close(r);
}

static void test_bytes_read(void **state)
{
    (void)state;
    static const char data[] = "\xEF\xBB\xBF" "a,b\n\nc\n\"d\ne\"\nbad\"x\"\n";
    csv_limits lim = { 0, 0, 5 };
    csv_reader *r = csv_open_mem(data, sizeof data - 1, &lim);
    const ccs_str *f;
    size_t nf;
    uint64_t line;
    const char *err;
    assert_int_equal(csv_bytes_read(r), 0);
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(csv_bytes_read(r), 7);  /* BOM + "a,b\n" */
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(line, 3);
    assert_int_equal(csv_bytes_read(r), 10); /* + "\n" + "c\n" */
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(line, 4);
    assert_field(f[0], "d\ne");
    assert_int_equal(csv_bytes_read(r), 16);
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 1);
    assert_int_equal(line, 6);
    assert_field(f[0], "bad\"x\"");
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 0);
    assert_int_equal(csv_next(r, &f, &nf, &line, &err), 0); /* stays at the end */
    assert_int_equal(csv_bytes_read(r), sizeof data - 1);
    csv_close(r);
    csv_close(NULL);
}

static void test_null_outputs(void **state)
{
    (void)state;
    csv_reader *r = csv_open_mem("a\n\"b", 4, NULL);
    assert_int_equal(csv_next(r, NULL, NULL, NULL, NULL), 1);
    assert_int_equal(csv_next(r, NULL, NULL, NULL, NULL), -1);
    assert_int_equal(csv_next(r, NULL, NULL, NULL, NULL), 0);
    csv_close(r);
    r = csv_open_mem(NULL, 0, NULL);
    assert_int_equal(csv_next(r, NULL, NULL, NULL, NULL), 0);
    csv_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_escaped_quotes),
        cmocka_unit_test(test_escape_leaves_source_alone),
        cmocka_unit_test(test_lenient_quote_in_unquoted_field),
        cmocka_unit_test(test_newlines_in_quotes),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_missing_final_newline),
        cmocka_unit_test(test_empty_lines),
        cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_single_empty_field),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_char_after_closing_quote),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_record_too_long),
        cmocka_unit_test(test_record_too_long_default),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_buffer_boundaries),
        cmocka_unit_test(test_random_inputs_any_buffer),
        cmocka_unit_test(test_random_roundtrip),
        cmocka_unit_test(test_random_long_inputs),
        cmocka_unit_test(test_random_roundtrip_long),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_file_not_found),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_bytes_read),
        cmocka_unit_test(test_null_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
