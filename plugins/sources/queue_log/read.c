/* queue_log: reading a file line by line, and what happens at its end
 * (calls still open, spans still open, the accounting section). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"

static const ql_inst defaults_inst;

static int end_of_file(reader *r)
{
    /* Calls still open: an end with no ENTERQUEUE is a whole call that began
     * before the file; anything else is incomplete. */
    uint64_t first_line = r->inc_line;
    const char *first_id = r->inc_line ? r->inc_id : NULL;
    char first_buf[128] = "";
    for (size_t i = 0; i < r->calls.nb && !r->stop; i++) {
        for (smap_entry *e = r->calls.b[i]; e; e = e->next) {
            call *k = e->val;
            if (k->end) {
                if (ql_finish_call(r, k) != CCS_OK)
                    return CCS_ERR;
                continue;
            }
            r->n.calls++;
            r->n.incomplete++;
            if (k->enter_at)
                r->n.entered++;
            else
                r->n.no_enter++;
            if (!first_id || k->first_line < first_line) {
                first_line = k->first_line;
                snprintf(first_buf, sizeof first_buf, "%s", k->callid);
                first_id = first_buf;
            }
        }
    }
    if (r->n.incomplete)
        ql_api->log(r->host, CCS_LOG_WARNING,
                 "%s: %llu call%s still in progress at the end of the file (incomplete: counted, not "
                 "scored; the first at line %llu, callid %s)",
                 r->path, (unsigned long long)r->n.incomplete, r->n.incomplete == 1 ? "" : "s",
                 (unsigned long long)first_line, first_id ? first_id : "?");
    if (ql_replay_agent_lines(r) != CCS_OK || ql_close_open_spans(r) != CCS_OK)
        return CCS_ERR;
    if (r->n.repeated)
        ql_api->log(r->host, CCS_LOG_WARNING,
                    "%s: %llu repeated line%s ignored (exact repeats of earlier lines, counted once; the first "
                    "at line %llu repeats line %llu)",
                    r->path, (unsigned long long)r->n.repeated, r->n.repeated == 1 ? "" : "s",
                    (unsigned long long)r->rep_line, (unsigned long long)r->rep_of);
    if (r->n.out_of_order)
        ql_api->log(r->host, CCS_LOG_INFO,
                    "%s: %llu line%s earlier than a line before them, put in order (the first at line %llu)",
                    r->path, (unsigned long long)r->n.out_of_order, r->n.out_of_order == 1 ? "" : "s",
                    (unsigned long long)r->ooo_line);
    if (r->n.unknown)
        ql_api->log(r->host, CCS_LOG_INFO, "%s: %llu lines with unknown events skipped", r->path,
                 (unsigned long long)r->n.unknown);
    ql_add_accounting(r);
    return CCS_OK;
}

/* An exact repeat of an earlier line: counted, the first one named. */
static int repeated_line(reader *r, const char *p, size_t n, uint64_t no)
{
    uint64_t first = 0;
    int seen = ql_seen(&r->seen, p, n, no, &first);
    if (seen < 0) {
        ql_api->log(r->host, CCS_LOG_ERROR, "%s: out of memory remembering lines (for repeats)", r->path);
        r->stop = 1;
        return 1;
    }
    if (seen && !r->n.repeated++) {
        r->rep_line = no;
        r->rep_of = first;
    }
    return seen;
}

static void reader_free(reader *r)
{
    smap_free(&r->calls, call_free);
    spans_free(&r->logins);
    spans_free(&r->members);
    spans_free(&r->pauses);
    ql_counts_free(&r->missed);
    ql_counts_free(&r->unknown);
    smap_free(&r->done, NULL);
    ql_seen_free(&r->seen);
    ql_agent_lines_free(&r->agents);
    for (size_t i = 0; i < QL_DONE_KEPT; i++)
        free(r->done_ring[i]);
}

int ql_read(void *inst, ccs_source_ctx *ctx, const char *path)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.c = inst ? inst : &defaults_inst;
    r.ctx = ctx;
    r.host = ql_api->source_host(ctx);
    r.path = path;
    r.want_contacts = ql_api->source_stream(ctx) != CCS_REC_ACTIVITY;
    FILE *f = fopen(path, "rb");
    if (!f) {
        ql_api->log(r.host, CCS_LOG_ERROR, "%s: cannot open: %s", path, strerror(errno));
        return CCS_ERR;
    }
    static const char *const names[4] = { "callid", "queue", "member", "event" };
    ccs_str cols[4];
    for (int i = 0; i < 4; i++)
        cols[i] = ql_S(names[i]);
    if (r.want_contacts)
        ql_api->set_columns(ctx, cols, 4);
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    uint64_t bytes = 0;
    int status = CCS_OK;
    line_in l;
    memset(&l, 0, sizeof l);
    while (!r.stop && (got = getline(&buf, &cap, f)) > 0) {
        size_t n = (size_t)got;
        bytes += n;
        l.no = ++r.n.lines;
        l.last_unterminated = buf[n - 1] != '\n';
        if (!l.last_unterminated)
            n--;
        if (n && buf[n - 1] == '\r')
            n--;
        if ((r.n.lines & 0xffff) == 0)
            ql_api->progress(ctx, bytes, r.n.lines);
        if (n == 0)
            continue;
        if (memchr(buf, '\0', n)) {
            ql_reject(&r, &l, "NUL byte in the line", NULL);
            continue;
        }
        if (repeated_line(&r, buf, n, l.no))
            continue;
        /* CCS_ERR: on_bad_row = fail, the engine refused a record, or no
         * memory; the engine reports the first two itself. */
        if (ql_parse_line(&r, &l, buf, n) != CCS_OK)
            r.stop = 1;
    }
    if (ferror(f)) {
        ql_api->log(r.host, CCS_LOG_ERROR, "%s: read error: %s", path, strerror(errno));
        status = CCS_ERR;
    }
    fclose(f);
    free(buf);
    ql_api->progress(ctx, bytes, r.n.lines);
    if (status == CCS_OK && !r.stop)
        end_of_file(&r);
    reader_free(&r);
    return status;
}
