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

/* The input reads `spool` (owned from here on) instead of path when set. */
static source_input *add_input(run_state *r, ccs_config *c, const char *path, char *spool,
                               uint32_t stream, const org_policy *org)
{
    source_input *grown = realloc(r->inputs, (r->ninputs + 1) * sizeof *grown);
    if (!grown) {
        spool_drop(spool);
        return NULL;
    }
    r->inputs = grown;
    source_input *in = &r->inputs[r->ninputs++];
    memset(in, 0, sizeof *in);
    in->cfg = c;
    in->ops = c->comp->comp.ops;
    in->path = strdup(path);
    in->stream = stream;
    in->on_bad_row = cfg_has(c, "on_bad_row") ? cfg_enum(c, "on_bad_row") : org->on_bad_row;
    in->bad_row_chosen = cfg_has(c, "on_bad_row") || org->on_bad_row_set;
    in->stats.source = c->instance;
    in->stats.path = in->path;
    in->stats.stream = stream_name(stream);
    in->spool = spool;
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

/* Which source reads a file named on the command line, from its header: a
 * source of the policy, else a plugin's (a new instance).  The stream, or 0;
 * -1 when an instance fails to start. */
static int64_t match_named_file(ccs_host *h, const char *head, size_t got, ccs_config **match, diag_list *d)
{
    policy *p = &h->pol;
    uint32_t stream = 0;
    *match = NULL;
    /* The policy's own sources first: they know its column mapping. */
    for (size_t i = 0; i < p->ninstances && !stream; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind == CCS_COMPONENT_SOURCE && (stream = probe_with(c, head, got)))
            *match = c;
    }
    if (!stream && h->default_policy && load_default_modules(h, d) != 0)
        return -1;
    for (size_t i = 0; i < h->modules.ncomps && !stream; i++) {
        const component_entry *ce = &h->modules.comps[i];
        const ccs_source_ops *ops = ce->comp.ops;
        if (ce->comp.kind != CCS_COMPONENT_SOURCE || !ops->probe)
            continue;
        if ((stream = ops->probe(NULL, head, got))) {
            char name[64];
            snprintf(name, sizeof name, "%s_cli", stream_name(stream));
            *match = policy_add_default_instance(p, ce, name, d);
            if (*match && create_instances(h, d) != 0)
                return -1;
        }
    }
    return *match ? stream : 0;
}

/* The inputs of this run: the policy's sources, with any file named on the
 * command line replacing the source of the same stream. */
int plan_inputs(ccs_host *h, char **files, size_t nfiles, diag_list *d)
{
    policy *p = &h->pol;
    run_state *r = &h->run;
    size_t before = d->n;
    uint32_t replaced = 0;
    for (size_t f = 0; f < nfiles; f++) {
        char head[4096], *spool = NULL;
        size_t got;
        if (spool_stream(files[f], &spool) != 0 || read_head(spool ? spool : files[f], head, sizeof head, &got) != 0) {
            diag_add(d, files[f], 0, "cannot read data file: %s", strerror(errno));
            spool_drop(spool);
            continue;
        }
        ccs_config *match;
        int64_t found = match_named_file(h, head, got, &match, d);
        uint32_t stream = found > 0 ? (uint32_t)found : 0;
        if (found < 0) {
            spool_drop(spool);
            return -1;
        }
        if (!stream || (replaced & stream))
            spool_drop(spool);
        if (!stream) {
            diag_add(d, files[f], 1,
                     "cannot tell what this file holds: its header matches no source "
                     "(contacts, evaluations, agents, objectives or activity) of the policy or the plugins");
            continue;
        }
        if (replaced & stream) {
            diag_add(d, files[f], 0, "a second %s file on the command line; give one per kind",
                     stream_name(stream));
            continue;
        }
        replaced |= stream;
        add_input(r, match, files[f], spool, stream, &p->org);
        if (h->default_policy && strcmp(match->comp->comp.name, "queue_log") == 0 &&
            add_default_workload(h, d) != 0)
            return -1;
    }
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_SOURCE || c->adhoc)
            continue;
        const char *path = cfg_string(c, "path");
        char *spool = NULL;
        if (cfg_string(c, "stream") || stream_from_name(c->instance)) {
            /* the stream is known without reading: no copy for a source replaced */
        } else if (path && spool_stream(path, &spool) != 0) {
            spool = NULL;
        }
        uint32_t stream = source_stream(c, spool ? spool : path);
        if (stream && (replaced & stream)) {
            spool_drop(spool);
            continue;
        }
        const cfg_value *pv = config_value(c, "path");
        if (!path) {
            diag_add(d, c->file, c->line, "[source %s] has no 'path'", c->instance);
            spool_drop(spool);
            continue;
        }
        if (access(path, R_OK) != 0) {
            diag_add(d, pv->file, pv->line, "cannot read data file '%s': %s", path, strerror(errno));
            spool_drop(spool);
            continue;
        }
        if (!stream) {
            diag_add(d, pv->file, pv->line,
                     "cannot tell what '%s' holds from its header; set 'stream =' in [source %s]",
                     path, c->instance);
            spool_drop(spool);
            continue;
        }
        add_input(r, c, path, spool, stream, &p->org);
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
        !ends_inside_record(in->spool ? in->spool : in->path))
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
                rc = in->ops->read(in->cfg->inst, &ctx, in->spool ? in->spool : in->path);
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
