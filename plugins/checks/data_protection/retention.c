/* dp.retention: records per purpose (contacts, recordings, evaluations),
 * source file and local day, and at the end one finding per purpose and
 * file for the records older than the purpose's retention period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datefmt.h"
#include "dp.h"
#include "vec.h"

const char *const dp_purpose_names[P_COUNT] = { "contacts", "recordings", "evaluations" };

/* The histogram grows at either end (records come in any order), so it is
 * no lib/vec array. */
static int hist_add(day_hist *h, int32_t day, uint64_t count)
{
    if (h->n == 0) {
        h->c = calloc(64, sizeof *h->c);
        if (!h->c)
            return -1;
        h->base = day;
        h->n = 64;
    }
    if (day < h->base) {
        size_t shift = (size_t)(h->base - day) + 64;
        uint64_t *g = calloc(h->n + shift, sizeof *g);
        if (!g)
            return -1;
        memcpy(g + shift, h->c, h->n * sizeof *g);
        free(h->c);
        h->c = g;
        h->n += shift;
        h->base -= (int32_t)shift;
    }
    if ((size_t)(day - h->base) >= h->n) {
        size_t n = (size_t)(day - h->base) + 1 + h->n;
        uint64_t *g = realloc(h->c, n * sizeof *g);
        if (!g)
            return -1;
        memset(g + h->n, 0, (n - h->n) * sizeof *g);
        h->c = g;
        h->n = n;
    }
    h->c[day - h->base] += count;
    return 0;
}

/* The counts of a purpose and file, made on first use; NULL out of memory. */
static ret_source *ret_for(dp_inst *dp, int purpose, const char *file)
{
    size_t last = dp->ret_last[purpose];
    if (last && dp->ret[last - 1].file == file)
        return &dp->ret[last - 1];
    for (size_t i = 0; i < dp->nret; i++)
        if (dp->ret[i].purpose == purpose && dp->ret[i].file == file) {
            dp->ret_last[purpose] = i + 1;
            return &dp->ret[i];
        }
    ret_source *r = VEC_PUSH(dp->ret, dp->nret, dp->capret);
    if (r) {
        r->purpose = purpose;
        r->file = file;
        dp->ret_last[purpose] = dp->nret;
    }
    return r;
}

void dp_retain_slow(dp_inst *dp, int purpose, const char *file, int32_t day)
{
    ret_source *r = ret_for(dp, purpose, file);
    if (r)
        hist_add(&r->hist, day, 1);
}

int dp_retain_merge(dp_inst *dp, const dp_inst *shard)
{
    for (size_t i = 0; i < shard->nret; i++) {
        const ret_source *from = &shard->ret[i];
        ret_source *to = ret_for(dp, from->purpose, from->file);
        if (!to)
            return CCS_ERR;
        for (size_t d = 0; d < from->hist.n; d++)
            if (from->hist.c[d] && hist_add(&to->hist, from->hist.base + (int32_t)d, from->hist.c[d]) != 0)
                return CCS_ERR;
    }
    return CCS_OK;
}

int32_t dp_as_of(dp_inst *dp, ccs_host *host)
{
    int32_t as_of = dp->as_of_day;
    int32_t first, last;
    if (dp->as_of_kind == 0) {
        /* judged as of the report period's end when it is older (issue 11) */
        as_of = dp->latest_day;
        if (dp_api->report_period(host, &first, &last) == CCS_OK && last < as_of)
            as_of = last;
    }
    else if (dp->as_of_kind == 1) {
        int32_t minute;
        dp_api->local_time(host, (int64_t)time(NULL), &as_of, &minute);
    }
    return as_of;
}

/* The records of r older than keep days as of as_of, and the oldest day. */
static uint64_t records_due(const ret_source *r, int64_t keep, int32_t as_of, int32_t *oldest)
{
    uint64_t due = 0;
    for (size_t k = 0; k < r->hist.n; k++) {
        int32_t day = r->hist.base + (int32_t)k;
        if (!r->hist.c[k] || (int64_t)as_of - day <= keep)
            continue;
        if (!due)
            *oldest = day;
        due += r->hist.c[k];
    }
    return due;
}

static void source_finding(dp_inst *dp, ccs_host *host, const ret_source *r, int32_t as_of)
{
    int64_t keep = dp->retention[r->purpose];
    int32_t first = 0;
    uint64_t due = records_due(r, keep, as_of, &first);
    if (!due)
        return;
    char asof[11], oldest[11], m[160], lim[96], msg[1024];
    fmt_day(asof, as_of);
    fmt_day(oldest, first);
    const char *p = dp_purpose_names[r->purpose];
    const char *recs = due == 1 ? "record" : "records";
    snprintf(m, sizeof m, "%llu %s (oldest %s, %lld days old)", (unsigned long long)due, recs, oldest,
             (long long)((int64_t)as_of - first));
    snprintf(lim, sizeof lim, "%lld days (%s)", (long long)keep, p);
    snprintf(msg, sizeof msg,
             "%s: %llu %s in %s %s older than the %lld-day retention period for %s as of %s (oldest "
             "from %s) and %s due for deletion",
             p, (unsigned long long)due, recs, r->file ? r->file : "the input", due == 1 ? "is" : "are",
             (long long)keep, p, asof, oldest, due == 1 ? "is" : "are");
    /* as_of latest lies in the period; today or a fixed date may not: the
     * finding then concerns the report's period */
    dp_record rec = { r->file ? r->file : p, NULL, NULL, NULL, NULL, dp->as_of_kind == 0 ? as_of : INT32_MIN, NULL };
    dp_finding(dp, host, R_RETENTION, dp->retention_severity, &rec, m, lim, msg);
}

void dp_retention_findings(dp_inst *dp, ccs_host *host, int32_t as_of)
{
    for (size_t i = 0; i < dp->nret && (dp->have_latest || dp->as_of_kind); i++)
        source_finding(dp, host, &dp->ret[i], as_of);
}
