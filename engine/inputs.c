/* The run's inputs: which file each source reads (the policy's, or data files
 * named on the command line, recognised by their header), and reading them
 * in stream order, large files across threads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_int.h"
#include "parallel.h"
#include "spool.h"

static int read_head(const char *path, char *buf, size_t len, size_t *got)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    *got = fread(buf, 1, len, f);
    fclose(f);
    return 0;
}

static uint32_t probe_with(const ccs_config *c, const char *head, size_t len)
{
    const ccs_source_ops *ops = c->comp->comp.ops;
    return ops->probe ? ops->probe(c->inst, head, len) : 0;
}

/* The stream a policy source reads: its `stream` key, its name when that is a
 * stream's name, or what its file's header says. */
static uint32_t source_stream(const ccs_config *c, const char *path)
{
    const char *s = cfg_string(c, "stream");
    if (s)
        return stream_from_name(s);
    uint32_t by_name = stream_from_name(c->instance);
    if (by_name)
        return by_name;
    char head[4096];
    size_t got;
    if (path && read_head(path, head, sizeof head, &got) == 0)
        return probe_with(c, head, got);
    return 0;
}

static source_input *add_input(run_state *r, ccs_config *c, const char *path, uint32_t stream,
                               const org_policy *org)
{
    source_input *grown = realloc(r->inputs, (r->ninputs + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    r->inputs = grown;
    source_input *in = &r->inputs[r->ninputs++];
    memset(in, 0, sizeof *in);
    in->cfg = c;
    in->ops = c->comp->comp.ops;
    in->path = strdup(path);
    in->stream = stream;
    in->on_bad_row = cfg_has(c, "on_bad_row") ? cfg_enum(c, "on_bad_row") : org->on_bad_row;
    in->max_rejected = cfg_has(c, "max_rejected") ? cfg_number(c, "max_rejected") : org->max_rejected;
    in->bad_row_chosen = cfg_has(c, "on_bad_row") || org->on_bad_row_set;
    in->stats.source = c->instance;
    in->stats.path = in->path;
    in->stats.stream = stream_name(stream);
    return in;
}

/* Without -c, the example's setup has no queue_log module: a file no loaded
 * source recognises may be a queue_log, so the queue_log and workload
 * modules are loaded (once) for it.  0, or -1 when one fails to load. */
static int load_default_modules(ccs_host *h, diag_list *d)
{
    static const char *const names[] = { "queue_log", "workload" };
    for (size_t i = 0; i < 2; i++) {
        int loaded = 0;
        for (size_t m = 0; m < h->modules.nmods && !loaded; m++)
            loaded = strcmp(h->modules.mods[m].name, names[i]) == 0;
        if (!loaded && modules_load(&h->modules, h, &host_api, names[i], d, NULL, 0) != 0)
            return -1;
    }
    return 0;
}

/* A queue_log named without -c is scored with the workload check too (its
 * default keys), as the Asterisk example does. */
static int add_default_workload(ccs_host *h, diag_list *d)
{
    policy *p = &h->pol;
    for (size_t i = 0; i < p->ninstances; i++)
        if (p->instances[i]->kind == CCS_COMPONENT_CHECK && strcmp(p->instances[i]->comp->comp.name, "workload") == 0)
            return 0;
    const component_entry *ce = modules_find(&h->modules, CCS_COMPONENT_CHECK, "workload");
    if (!ce)
        return 0;
    if (!policy_add_default_instance(p, ce, "workload", d))
        return -1;
    return create_instances(h, d);
}

/* The source that reads a file with this header: the policy's own first
 * (they know its column mapping), else a plugin's with its defaults. */
static ccs_config *match_source(ccs_host *h, const char *head, size_t got, uint32_t *stream, diag_list *d)
{
    policy *p = &h->pol;
    *stream = 0;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind == CCS_COMPONENT_SOURCE && (*stream = probe_with(c, head, got)))
            return c;
    }
    if (h->default_policy && load_default_modules(h, d) != 0)
        return NULL;
    for (size_t i = 0; i < h->modules.ncomps; i++) {
        const component_entry *ce = &h->modules.comps[i];
        const ccs_source_ops *ops = ce->comp.ops;
        if (ce->comp.kind != CCS_COMPONENT_SOURCE || !ops->probe)
            continue;
        if ((*stream = ops->probe(NULL, head, got))) {
            char name[64];
            snprintf(name, sizeof name, "%s_cli", stream_name(*stream));
            ccs_config *match = policy_add_default_instance(p, ce, name, d);
            if (match && create_instances(h, d) != 0)
                return NULL;
            return match;
        }
    }
    return NULL;
}

/* One data file named on the command line: "-" is standard input, and it
 * and FILE.gz are read from a temporary copy (issue 11). */
static void plan_named_file(ccs_host *h, const char *name, uint32_t *replaced, diag_list *d)
{
    char head[4096], err[256];
    size_t got;
    char *spooled = NULL;
    const char *shown = strcmp(name, "-") == 0 ? "stdin" : name;
    if (spool_needed(name) && !(spooled = spool_input(name, err, sizeof err))) {
        diag_add(d, shown, 0, "%s", err);
        return;
    }
    if (read_head(spooled ? spooled : name, head, sizeof head, &got) != 0) {
        diag_add(d, shown, 0, "cannot read data file: %s", strerror(errno));
        return;
    }
    uint32_t stream;
    ccs_config *match = match_source(h, head, got, &stream, d);
    if (!stream || !match) {
        diag_add(d, shown, 1,
                 "cannot tell what this file holds: its header matches no source "
                 "(contacts, evaluations, agents, objectives, activity or comments) of the policy or the plugins");
    } else if (*replaced & stream) {
        diag_add(d, shown, 0, "a second %s file on the command line; give one per kind", stream_name(stream));
    } else {
        *replaced |= stream;
        source_input *in = add_input(&h->run, match, shown, stream, &h->pol.org);
        if (in) {
            in->open_path = spooled;
            if (h->default_policy && strcmp(match->comp->comp.name, "queue_log") == 0)
                add_default_workload(h, d);
            return;
        }
    }
    spool_remove(spooled);
}

/* The inputs of this run: the policy's sources, with any file named on the
 * command line replacing the source of the same stream; with no -c, only the
 * files named (h->files_only). */
int plan_inputs(ccs_host *h, char **files, size_t nfiles, diag_list *d)
{
    policy *p = &h->pol;
    run_state *r = &h->run;
    size_t before = d->n;
    uint32_t replaced = 0;
    int stdin_named = 0;
    for (size_t f = 0; f < nfiles; f++) {
        if (strcmp(files[f], "-") == 0 && stdin_named++) {
            diag_add(d, "stdin", 0, "standard input ('-') named twice; name it once");
            continue;
        }
        plan_named_file(h, files[f], &replaced, d);
    }
    if (h->files_only)
        return d->n == before ? 0 : -1;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_SOURCE || c->adhoc)
            continue;
        const char *path = cfg_string(c, "path");
        const cfg_value *pv = config_value(c, "path");
        char err[256], *spooled = NULL;
        /* a FIFO or FILE.gz in the policy: read once, into a copy (issue 20) */
        if (path && spool_needed(path) && !(spooled = spool_input(path, err, sizeof err))) {
            diag_add(d, pv->file, pv->line, "'%s': %s", path, err);
            continue;
        }
        const char *open_path = spooled ? spooled : path;
        uint32_t stream = source_stream(c, open_path);
        source_input *in = NULL;
        if (stream && (replaced & stream)) {
            /* replaced by a file named on the command line */
        } else if (!path) {
            diag_add(d, c->file, c->line, "[source %s] has no 'path'", c->instance);
        } else if (access(open_path, R_OK) != 0) {
            diag_add(d, pv->file, pv->line, "cannot read data file '%s': %s", path, strerror(errno));
        } else if (!stream) {
            diag_add(d, pv->file, pv->line,
                     "cannot tell what '%s' holds from its header; set 'stream =' in [source %s]",
                     path, c->instance);
        } else {
            in = add_input(r, c, path, stream, &p->org);
        }
        if (in)
            in->open_path = spooled;
        else
            spool_remove(spooled);
    }
    return d->n == before ? 0 : -1;
}

static int stream_order(uint32_t s)
{
    /* Roster and objectives first: contacts and evaluations need them. */
    switch (s) {
    case CCS_REC_AGENT: return 0;
    case CCS_REC_OBJECTIVE: return 1;
    case CCS_REC_CONTACT: return 2;
    case CCS_REC_EVALUATION: return 3;
    default: return 4;
    }
}

/* Whether a file ends inside a record: a last byte other than a line end. */
static int ends_inside_record(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char last = '\n';
    off_t end = lseek(fd, 0, SEEK_END);
    if (end > 0 && pread(fd, &last, 1, end - 1) != 1)
        last = '\n';
    close(fd);
    return last != '\n';
}

/* A file cut short while it was written or copied: it ends inside a record
 * and that last record was rejected.  An input error (the run would score an
 * earlier, partial file), unless the policy chose on_bad_row = reject. */
static int truncated_input(const source_input *in)
{
    if (in->bad_row_chosen || !in->last_reject_line || in->last_reject_line < in->last_record_line ||
        !ends_inside_record(input_open_path(in)))
        return 0;
    fprintf(stderr,
            "%s:%llu: error: the file ends inside a record that was rejected (cut short while being written "
            "or copied?): re-export it, or set on_bad_row = reject in [source %s] to score it without that "
            "record\n",
            in->path, (unsigned long long)in->last_reject_line, in->cfg->instance);
    return 1;
}

int read_inputs(ccs_host *h)
{
    run_state *r = &h->run;
    for (int pass = 0; pass <= 4; pass++) {
        for (size_t i = 0; i < r->ninputs; i++) {
            source_input *in = &r->inputs[i];
            if (stream_order(in->stream) != pass)
                continue;
            h->component = in->cfg->instance;
            uint64_t size = 0;
            int jobs = parallel_jobs(h, in, &size), rc;
            if (jobs >= 1) {
                rc = read_parallel(h, in, size, jobs) == 0 ? CCS_OK : CCS_ERR;
            } else {
                ccs_source_ctx ctx = { h, in, r, 0, 0 };
                rc = in->ops->read(in->cfg->inst, &ctx, input_open_path(in));
            }
            h->component = NULL;
            if (rc != CCS_OK) {
                fprintf(stderr, "%s: error: could not read this %s file\n", in->path,
                        stream_name(in->stream));
                return -1;
            }
            if (in->stopped || (jobs < 1 && truncated_input(in)))
                return -1;
        }
    }
    return 0;
}

void print_row_errors(const run_state *r)
{
    for (size_t i = 0; i < r->nrow_errors; i++)
        fprintf(stderr, "%s:%llu: error: %s\n", r->row_errors[i].file,
                (unsigned long long)r->row_errors[i].line, r->row_errors[i].reason);
    if (r->total_row_errors > r->nrow_errors)
        fprintf(stderr, "ccscore: %llu more rejected rows not shown\n",
                (unsigned long long)(r->total_row_errors - r->nrow_errors));
}
