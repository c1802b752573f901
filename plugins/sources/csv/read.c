/* csv: the read loop: a whole file, or a thread's share of it (begin..end),
 * row by row into records handed to the host; bad rows are rejected one by
 * one with their line and reason, and the run goes on or stops as the
 * policy's on_bad_row says (api->reject's answer). */
#include <stdio.h>
#include <string.h>

#include "csvsrc.h"

/* What one read keeps across rows. */
typedef struct reading {
    const csv_inst *c;
    ccs_source_ctx *ctx;
    const char *path;
    uint32_t kind;
    int pos[F_COUNT];
    size_t ncols;
    time_cache tc;
    dup_window dups;
} reading;

/* Reject a row whose contact id was on line `first` (of this read). */
static int reject_duplicate(ccs_source_ctx *ctx, uint64_t line, ccs_str id, uint64_t first)
{
    int shown = (int)(id.len > 40 ? 40 : id.len);
    if (!CCS_HAS_FIELD(csv_api, ccs_host_api, reject_ref) || !csv_api->reject_ref)
        return csv_api->reject(ctx, line, "duplicate contact id '%.*s' (first on line %llu): the later row is rejected",
                               shown, id.ptr, (unsigned long long)first);
    char before[96];
    snprintf(before, sizeof before, "duplicate contact id '%.*s' (first on line ", shown, id.ptr);
    return csv_api->reject_ref(ctx, line, before, first, "): the later row is rejected");
}

/* Hand one row that the reader split into n fields to the host, or reject
 * it; quiet (a share's first rows, which the share before it reads): only
 * into the duplicate window.  *valid: whether the row made a record.
 * Returns CCS_OK to go on, CCS_ERR when the host says stop. */
static int one_row(reading *rd, const ccs_str *fields, size_t n, uint64_t line, int quiet, int *valid)
{
    ccs_source_ctx *ctx = rd->ctx;
    *valid = 0;
    if (n != rd->ncols)
        return quiet ? CCS_OK : csv_api->reject(ctx, line, "expected %zu fields, found %zu", rd->ncols, n);
    /* Set member by member: an initialiser would zero the 256-byte reason
     * buffer on every row. */
    row_ctx r;
    r.ctx = ctx;
    r.line = line;
    r.fields = fields;
    r.pos = rd->pos;
    r.tc = &rd->tc;
    r.why[0] = '\0';
    csv_record rec;
    size_t size;
    if (cs_make_record(rd->c, rd->kind, &r, &rec, &size) != 0)
        return quiet ? CCS_OK : csv_api->reject(ctx, line, "%s", r.why);
    *valid = 1;
    uint64_t first = rd->kind == CCS_REC_CONTACT ? cs_dup_check(&rd->dups, rec.contact.contact_id, line) : 0;
    if (quiet)
        return CCS_OK;
    if (first)
        return reject_duplicate(ctx, line, rec.contact.contact_id, first);
    ccs_record *hdr = &rec.contact.hdr;
    hdr->kind = rd->kind;
    hdr->size = (uint32_t)size;
    hdr->file = rd->path;
    hdr->line = line;
    hdr->fields = fields;
    hdr->nfields = (uint32_t)n;
    hdr->stream = rd->kind;
    return csv_api->emit(ctx, hdr);
}

/* Where a read is among its rows.  A share (begin > 0) reads its first W
 * valid rows (W = the duplicate window) only into the window: the share
 * before it reads on past its end through those same rows and hands them
 * over, so that every row handed over had the W rows before it in the
 * window, as in a one-thread read (dedup.c). */
typedef struct share_pos {
    uint64_t window;       /* W: 0 when there is no duplicate check */
    uint64_t valid;        /* valid rows since begin */
    uint64_t valid_after;  /* valid rows since the end of the range */
    int past_end, has_next;
    uint64_t stop, lines;  /* where the range's records ended */
} share_pos;

/* Every row of the reader; ends at the range's end, or for a share that
 * another follows, W valid rows past it.  Returns CCS_ERR only when the
 * file cannot be read on (an I/O error). */
static int all_rows(reading *rd, csv_reader *in, share_pos *sp, int quiet_start)
{
    ccs_host *host = csv_api->source_host(rd->ctx);
    uint64_t rows = 0, line = 1;
    int status = CCS_OK;
    for (;;) {
        const ccs_str *fields;
        size_t n;
        const char *why;
        int rc = csv_next(in, &fields, &n, &line, &why), valid = 0;
        if (rc == 0 && !sp->past_end) {
            sp->past_end = 1;
            sp->stop = csv_bytes_read(in);
            sp->lines = line - 1;
            if (sp->has_next && sp->window) {
                csv_extend_range(in, UINT64_MAX);
                continue;
            }
        }
        if (rc == 0)
            break;
        if (rc == -2) {
            csv_api->log(host, CCS_LOG_ERROR, "%s: %s", rd->path, why);
            status = CCS_ERR;
            break;
        }
        if ((++rows & 0xffff) == 0)
            csv_api->progress(rd->ctx, csv_bytes_read(in), rows);
        int quiet = quiet_start && sp->valid < sp->window;
        if (rc == -1) {
            if (!quiet && csv_api->reject(rd->ctx, line, "%s%s", why, cs_limit_hint(why)) != CCS_OK)
                break;
        } else if (one_row(rd, fields, n, line, quiet, &valid) != CCS_OK) {
            break;
        }
        sp->valid += (uint64_t)valid;
        sp->valid_after += (uint64_t)(valid && sp->past_end);
        if (sp->past_end && sp->valid_after >= sp->window)
            break; /* the next share reads on from here */
    }
    if (!sp->past_end) { /* stopped early (on_bad_row = fail, an I/O error) */
        sp->stop = csv_bytes_read(in);
        sp->lines = line - 1;
    }
    csv_api->progress(rd->ctx, csv_bytes_read(in), rows);
    return status;
}

int cs_read_rows(void *inst, ccs_source_ctx *ctx, const char *path, uint64_t begin, uint64_t end, uint64_t *stop,
                 uint64_t *lines)
{
    reading rd;
    rd.c = inst ? inst : &cs_defaults;
    rd.ctx = ctx;
    rd.path = path;
    rd.kind = csv_api->source_stream(ctx);
    rd.tc.valid = 0;
    ccs_host *host = csv_api->source_host(ctx);
    const stream_def *s = cs_stream_of(rd.kind);
    if (!s) {
        csv_api->log(host, CCS_LOG_ERROR, "%s: the csv source cannot read this kind of stream", path);
        return CCS_ERR;
    }
    csv_reader *in = cs_open_mapped(rd.c, ctx, s, path, begin, end, rd.pos, &rd.ncols);
    if (!in)
        return CCS_ERR;
    if (cs_dup_init(&rd.dups, rd.kind == CCS_REC_CONTACT ? rd.c->duplicate_window : 0) != 0) {
        csv_api->log(host, CCS_LOG_ERROR, "%s: out of memory for the duplicate check (duplicate_window)", path);
        csv_close(in);
        return CCS_ERR;
    }
    share_pos sp = { 0 };
    sp.window = rd.dups.ring ? rd.dups.size : 0;
    sp.has_next = end != UINT64_MAX;
    int status = all_rows(&rd, in, &sp, begin > 0);
    if (stop)
        *stop = sp.stop;
    if (lines)
        *lines = sp.lines;
    cs_dup_free(&rd.dups);
    csv_close(in);
    return status;
}
