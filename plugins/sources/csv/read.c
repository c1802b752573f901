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

/* Hand one row that the reader split into n fields to the host, or reject
 * it.  Returns CCS_OK to go on, CCS_ERR when the host says stop. */
static int one_row(reading *rd, const ccs_str *fields, size_t n, uint64_t line)
{
    ccs_source_ctx *ctx = rd->ctx;
    if (n != rd->ncols)
        return csv_api->reject(ctx, line, "expected %zu fields, found %zu", rd->ncols, n);
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
        return csv_api->reject(ctx, line, "%s", r.why);
    uint64_t first = rd->kind == CCS_REC_CONTACT ? cs_dup_check(&rd->dups, rec.contact.contact_id, line) : 0;
    if (first) {
        ccs_str id = rec.contact.contact_id;
        return csv_api->reject(ctx, line,
                               "duplicate contact id '%.*s' (first on line %llu): the later row is rejected",
                               (int)(id.len > 40 ? 40 : id.len), id.ptr, (unsigned long long)first);
    }
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

/* Every row of the reader; *line ends as the last line read.  Returns
 * CCS_ERR only when the file cannot be read on (an I/O error). */
static int all_rows(reading *rd, csv_reader *in, uint64_t *line)
{
    ccs_host *host = csv_api->source_host(rd->ctx);
    uint64_t rows = 0;
    int status = CCS_OK;
    for (;;) {
        const ccs_str *fields;
        size_t n;
        const char *why;
        int rc = csv_next(in, &fields, &n, line, &why);
        if (rc == 0)
            break;
        if (rc == -2) {
            csv_api->log(host, CCS_LOG_ERROR, "%s: %s", rd->path, why);
            status = CCS_ERR;
            break;
        }
        if ((++rows & 0xffff) == 0)
            csv_api->progress(rd->ctx, csv_bytes_read(in), rows);
        if (rc == -1) {
            if (csv_api->reject(rd->ctx, *line, "%s%s", why, cs_limit_hint(why)) != CCS_OK)
                break;
            continue;
        }
        if (one_row(rd, fields, n, *line) != CCS_OK)
            break;
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
    uint64_t line = 1;
    int status = all_rows(&rd, in, &line);
    if (stop)
        *stop = csv_bytes_read(in);
    if (lines)
        *lines = line - 1;
    cs_dup_free(&rd.dups);
    csv_close(in);
    return status;
}
