/* Issue 11: checks on what the run read, before anything is scored or
 * written: too many rows rejected in one file (max_rejected), and, for
 * check-config, whether each data file's header has the columns that the
 * policy's col_* mapping names. */
#include <stdio.h>
#include <string.h>

#include "csvread.h"
#include "engine_int.h"

/* The first input whose rejected share is above its max_rejected, said on
 * stderr with the count, the most common reason and what fixes it; -1. */
int check_rejected(const ccs_host *h)
{
    const run_state *r = &h->run;
    for (size_t i = 0; i < r->ninputs; i++) {
        const source_input *in = &r->inputs[i];
        uint64_t n = in->stats.read, bad = in->stats.rejected;
        if (!n || (double)bad <= in->max_rejected * (double)n)
            continue;
        fprintf(stderr, "%s: error: %llu of %llu rows rejected (%.1f%%), more than max_rejected = %g%%; "
                "no report written\n", in->path, (unsigned long long)bad, (unsigned long long)n,
                100.0 * (double)bad / (double)n, 100.0 * in->max_rejected);
        const char *kind, *example;
        uint64_t count;
        if (reject_tally_top(&r->rejects, in->path, &kind, &count, &example) == 0) {
            fprintf(stderr, "%s: the most common reason (%llu row%s): %s", in->path,
                    (unsigned long long)count, count == 1 ? "" : "s", kind);
            if (example)
                fprintf(stderr, ", e.g. '%s'", example);
            fputc('\n', stderr);
        }
        if (in->cfg->adhoc || h->files_only)
            fprintf(stderr, "%s: fix the export, or map it with the keys of a [source] section in a policy "
                    "(-c POLICY; 'ccscore plugins' lists them)\n", in->path);
        else
            fprintf(stderr, "%s: fix the export, or map it with the keys of [source %s] in %s ('ccscore plugins' "
                    "lists them); or raise max_rejected there\n", in->path, in->cfg->instance, h->pol.path);
        return -1;
    }
    return 0;
}

/* The first row of a CSV file, its header, in *fields (valid until
 * csv_close).  NULL when unreadable or empty. */
static csv_reader *header_of(const char *path, const ccs_str **fields, size_t *n)
{
    char err[128];
    csv_reader *cr = csv_open(path, NULL, err, sizeof err);
    if (cr && csv_next(cr, fields, n, NULL, NULL) != 1) {
        csv_close(cr);
        cr = NULL;
    }
    return cr;
}

static int header_has(const ccs_str *fields, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i].len == strlen(name) && memcmp(fields[i].ptr, name, fields[i].len) == 0)
            return 1;
    return 0;
}

/* check-config: every col_* key of a source names a column of its file's
 * header, and the header holds what the source needs. */
void check_headers(ccs_host *h, diag_list *d)
{
    const run_state *r = &h->run;
    for (size_t i = 0; i < r->ninputs; i++) {
        const source_input *in = &r->inputs[i];
        const ccs_config *c = in->cfg;
        const ccs_source_ops *ops = c->comp->comp.ops;
        char head[4096];
        FILE *f = fopen(input_open_path(in), "rb");
        size_t got = f ? fread(head, 1, sizeof head, f) : 0;
        if (f)
            fclose(f);
        if (ops->probe && got && !ops->probe(c->inst, head, got))
            diag_add(d, in->path, 1, "this header does not fit [source %s] (%s): a column it needs is "
                     "missing or named otherwise; map it with a col_* key ('ccscore plugins' lists them)",
                     c->instance, stream_name(in->stream));
        const ccs_str *fields;
        size_t n;
        csv_reader *cr = header_of(input_open_path(in), &fields, &n);
        for (size_t k = 0; cr && k < c->nvals; k++) {
            const cfg_value *v = &c->vals[k];
            if (!v->file || strncmp(v->key->name, "col_", 4) != 0 || !v->text || header_has(fields, n, v->text))
                continue;
            diag_add(d, v->file, v->line, "%s = %s: %s's header has no column '%s'", v->key->name, v->text,
                     in->path, v->text);
        }
        csv_close(cr);
    }
}
