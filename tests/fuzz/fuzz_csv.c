/* Fuzz harness: the CSV reader (lib/csvread.c) and the field
 * parsers the csv source applies to every field (parse.c).
 *
 * The first two bytes choose the limits (record length, field count) and a
 * small read buffer; the rest is the CSV text.  The input is read twice,
 * once through the small buffer and once through the default one: both must
 * give the same records, errors and line numbers (buffer boundaries must
 * never change what is read). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FNV-1a over what a reader returns. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t read_all(const char *text, size_t len, const csv_limits *lim, int parse)
{
    csv_reader *r = csv_open_mem(text, len, lim);
    if (!r)
        abort();
    uint64_t h = 1469598103934665603ull;
    for (int guard = 0;; guard++) {
        const ccs_str *f;
        size_t n;
        uint64_t line;
        const char *why;
        int rc = csv_next(r, &f, &n, &line, &why);
        h = mix(h, &rc, sizeof rc);
        if (rc == 0 || rc == -2)
            break;
        h = mix(h, &line, sizeof line);
        if (rc == -1) {
            h = mix(h, why, strlen(why));
            continue;
        }
        h = mix(h, &n, sizeof n);
        for (size_t i = 0; i < n; i++) {
            h = mix(h, &f[i].len, sizeof f[i].len);
            h = mix(h, f[i].ptr, f[i].len);
            if (!parse)
                continue;
            int64_t i64;
            double dbl;
            int b;
            int32_t day;
            iso_time t;
            parse_int64(f[i], &i64);
            parse_double(f[i], &dbl);
            parse_bool01(f[i], &b);
            parse_date(f[i], &day);
            if (parse_iso8601(f[i], &t) == 0 && (t.second < 0 || t.second > 86400))
                abort();
        }
        if (guard > 1000000)
            abort(); /* no progress */
    }
    csv_close(r);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    csv_limits small = { 0, 0, 0 }, big;
    small.max_record_bytes = 1 + (size_t)data[0] * 4;
    small.max_fields = 1 + (size_t)(data[1] & 0x3f);
    small.buffer_bytes = 4 + (size_t)(data[1] >> 6) * 7;
    big = small;
    big.buffer_bytes = 0; /* the default: everything fits at once */
    const char *text = (const char *)data + 2;
    size_t len = size - 2;
    uint64_t a = read_all(text, len, &small, 1);
    uint64_t b = read_all(text, len, &big, 0);
    if (a != b)
        abort(); /* the buffer size changed what was read */
    read_all(text, len, NULL, 0);
    return 0;
}
