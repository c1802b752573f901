#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "output.h"
#include "pseudonym.h"
#include "scorecard.h"

const char *engine_default_policy(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/example/policy.ini", host_data_dir());
    return path;
}

static int open_policy(ccs_host *h, const char *path, diag_list *d)
{
    h->modules.builtin_dir = host_plugin_dir();
    h->have_policy = 1;
    return policy_load(&h->pol, path, &h->modules, h, &host_api, d);
}

/* Run every instance's create() in policy order. */
static int create_instances(ccs_host *h, diag_list *d)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->created || !c->comp->comp.create) {
            c->created = 1;
            continue;
        }
        h->component = c->instance;
        int rc = c->comp->comp.create(h, c, &c->inst);
        h->component = NULL;
        if (rc != CCS_OK) {
            diag_add(d, c->file, c->line, "[%s %s] (%s from module '%s') failed to start",
                     component_kind_name(c->kind), c->instance, c->comp->comp.name, c->comp->module);
            return -1;
        }
        c->created = 1;
    }
    return 0;
}

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
                               int default_bad_row)
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
    in->on_bad_row = cfg_has(c, "on_bad_row") ? cfg_enum(c, "on_bad_row") : default_bad_row;
    in->stats.source = c->instance;
    in->stats.path = in->path;
    in->stats.stream = stream_name(stream);
    return in;
}

/* The inputs of this run: the policy's sources, with any file named on the
 * command line replacing the source of the same stream. */
static int plan_inputs(ccs_host *h, char **files, size_t nfiles, diag_list *d)
{
    policy *p = &h->pol;
    run_state *r = &h->run;
    size_t before = d->n;
    uint32_t replaced = 0;
    for (size_t f = 0; f < nfiles; f++) {
        char head[4096];
        size_t got;
        if (read_head(files[f], head, sizeof head, &got) != 0) {
            diag_add(d, files[f], 0, "cannot read data file: %s", strerror(errno));
            continue;
        }
        ccs_config *match = NULL;
        uint32_t stream = 0;
        /* The policy's own sources first: they know its column mapping. */
        for (size_t i = 0; i < p->ninstances && !stream; i++) {
            ccs_config *c = p->instances[i];
            if (c->kind == CCS_COMPONENT_SOURCE && (stream = probe_with(c, head, got)))
                match = c;
        }
        for (size_t i = 0; i < h->modules.ncomps && !stream; i++) {
            const component_entry *ce = &h->modules.comps[i];
            const ccs_source_ops *ops = ce->comp.ops;
            if (ce->comp.kind != CCS_COMPONENT_SOURCE || !ops->probe)
                continue;
            if ((stream = ops->probe(NULL, head, got))) {
                char name[64];
                snprintf(name, sizeof name, "%s_cli", stream_name(stream));
                match = policy_add_default_instance(p, ce, name, d);
                if (match && create_instances(h, d) != 0)
                    return -1;
            }
        }
        if (!stream || !match) {
            diag_add(d, files[f], 1,
                     "cannot tell what this file holds: its header matches no source "
                     "(contacts, evaluations, agents or objectives) of the policy or the plugins");
            continue;
        }
        if (replaced & stream) {
            diag_add(d, files[f], 0, "a second %s file on the command line; give one per kind",
                     stream_name(stream));
            continue;
        }
        replaced |= stream;
        add_input(r, match, files[f], stream, p->org.on_bad_row);
    }
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_SOURCE || c->adhoc)
            continue;
        const char *path = cfg_string(c, "path");
        uint32_t stream = source_stream(c, path);
        if (stream && (replaced & stream))
            continue;
        const cfg_value *pv = config_value(c, "path");
        if (!path) {
            diag_add(d, c->file, c->line, "[source %s] has no 'path'", c->instance);
            continue;
        }
        if (access(path, R_OK) != 0) {
            diag_add(d, pv->file, pv->line, "cannot read data file '%s': %s", path, strerror(errno));
            continue;
        }
        if (!stream) {
            diag_add(d, pv->file, pv->line,
                     "cannot tell what '%s' holds from its header; set 'stream =' in [source %s]",
                     path, c->instance);
            continue;
        }
        add_input(r, c, path, stream, p->org.on_bad_row);
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

/* ------------------------------------------------ parallel reading */

/* Below this a file is read by one thread: splitting it gains nothing.  The
 * environment variable CCSCORE_PARALLEL_MIN_BYTES lowers it for tests. */
static uint64_t parallel_min_bytes(void)
{
    const char *env = getenv("CCSCORE_PARALLEL_MIN_BYTES");
    char *end;
    unsigned long long v = env && *env ? strtoull(env, &end, 10) : 0;
    return env && *env && !*end && v > 0 ? (uint64_t)v : (uint64_t)8 << 20;
}

/* How many workers have finished, for the main thread to wait on. */
struct done {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int count;
};

typedef struct worker {
    source_input part;         /* the input, with this range's own counts */
    run_state shard;
    ccs_source_ctx ctx;
    uint64_t begin, end, stop, lines;
    int rc, started;
    pthread_t tid;
    struct done *done;
} worker;

static void worker_setup(worker *w, ccs_host *h, const source_input *in, uint64_t begin, uint64_t end)
{
    w->part = *in;
    memset(&w->part.stats, 0, sizeof w->part.stats);
    w->part.stopped = 0;
    run_init_shard(&w->shard, &h->run);
    w->ctx = (ccs_source_ctx){ h, &w->part, &w->shard, 0, 0 };
    w->begin = begin;
    w->end = end;
    w->stop = begin;
    w->lines = 0;
    w->rc = CCS_OK;
}

static void worker_read(worker *w)
{
    const ccs_source_ops *ops = w->part.ops;
    w->rc = ops->read_range(w->part.cfg->inst, &w->ctx, w->part.path, w->begin, w->end, &w->stop,
                            &w->lines);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    worker_read(w);
    pthread_mutex_lock(&w->done->lock);
    w->done->count++;
    pthread_cond_signal(&w->done->cond);
    pthread_mutex_unlock(&w->done->lock);
    return NULL;
}

/* The offset just past the first LF at or after `from` (or the file's size):
 * a guess at a record start, checked once the range before it is read. */
static uint64_t line_start_after(int fd, uint64_t from, uint64_t size)
{
    char buf[65536];
    while (from < size) {
        ssize_t n = pread(fd, buf, sizeof buf, (off_t)from);
        if (n <= 0)
            break;
        char *nl = memchr(buf, '\n', (size_t)n);
        if (nl)
            return from + (uint64_t)(nl - buf) + 1;
        from += (uint64_t)n;
    }
    return size;
}

static void show_progress(const worker *w, int n, uint64_t size, const struct timespec *t0, int last)
{
    uint64_t bytes = 0, rows = 0;
    for (int k = 0; k < n; k++) {
        bytes += __atomic_load_n(&w[k].ctx.bytes_done, __ATOMIC_RELAXED) - (w[k].begin ? w[k].begin : 0);
        rows += __atomic_load_n(&w[k].ctx.rows_done, __ATOMIC_RELAXED);
    }
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double secs = (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
    double mbs = secs > 0 ? (double)bytes / 1e6 / secs : 0;
    double eta = bytes > 0 && bytes < size ? secs * (double)(size - bytes) / (double)bytes : 0;
    fprintf(stderr, "\rccscore: %.1fM rows, %.0f MB/s, %s %.0fs   %s", (double)rows / 1e6, mbs,
            last ? "done in" : "ETA", last ? secs : eta, last ? "\n" : "");
    fflush(stderr);
}

/* Read one large file with several threads: each reads the records that
 * start in its share of the file into accumulators of its own.  A share's
 * start is a guess (the line after a byte offset) that the share before it
 * confirms when it stops exactly there; where it does not (the guess fell
 * inside a quoted field with a line break), that share is read again from
 * the right place.  Shards are merged in file order, so the figures, the
 * counts and the line numbers of rejected rows are those of one pass. */
static int read_parallel(ccs_host *h, source_input *in, uint64_t size, int jobs)
{
    int fd = open(in->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    worker *w = calloc((size_t)jobs, sizeof *w);
    uint64_t *bounds = calloc((size_t)jobs + 1, sizeof *bounds);
    if (!w || !bounds) {
        close(fd);
        free(w);
        free(bounds);
        return -1;
    }
    bounds[0] = 0;
    for (int k = 1; k < jobs; k++) {
        bounds[k] = line_start_after(fd, size / (uint64_t)jobs * (uint64_t)k, size);
        if (bounds[k] < bounds[k - 1])
            bounds[k] = bounds[k - 1];
    }
    bounds[jobs] = UINT64_MAX;
    close(fd);

    struct done done = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int k = 0; k < jobs; k++) {
        worker_setup(&w[k], h, in, bounds[k], bounds[k + 1]);
        w[k].done = &done;
        w[k].started = pthread_create(&w[k].tid, NULL, worker_main, &w[k]) == 0;
        if (!w[k].started) { /* no thread to be had: read it here */
            worker_read(&w[k]);
            done.count++;
        }
    }
    /* Wake at once when the last worker ends; meanwhile redraw the progress
     * line a few times a second. */
    pthread_mutex_lock(&done.lock);
    while (done.count < jobs) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&done.cond, &done.lock, &until);
        if (h->progress && done.count < jobs)
            show_progress(w, jobs, size, &t0, 0);
    }
    pthread_mutex_unlock(&done.lock);
    for (int k = 0; k < jobs; k++)
        if (w[k].started)
            pthread_join(w[k].tid, NULL);
    if (h->progress)
        show_progress(w, jobs, size, &t0, 1);

    int rc = 0;
    for (int k = 0; k < jobs; k++) {
        if (w[k].rc != CCS_OK)
            rc = -1;
        /* A share that did not start where the one before it stopped is read
         * again from there (sequentially: this is rare). */
        if (rc == 0 && k + 1 < jobs && w[k].stop != w[k + 1].begin && !w[k].part.stopped) {
            run_free(&w[k + 1].shard);
            uint64_t begin = w[k].stop, end = bounds[k + 2];
            worker_setup(&w[k + 1], h, in, begin, end < begin ? begin : end);
            if (begin < end)
                worker_read(&w[k + 1]);
        }
    }
    uint64_t first_line = 1;
    for (int k = 0; k < jobs; k++) {
        if (rc == 0 && run_merge_shard(&h->run, &w[k].shard, in, &w[k].part, first_line) != 0)
            rc = -1;
        first_line += w[k].lines;
        run_free(&w[k].shard);
    }
    free(w);
    free(bounds);
    return rc;
}

/* Whether this input can be split across threads. */
static int parallel_jobs(const ccs_host *h, const source_input *in, uint64_t *size)
{
    const ccs_source_ops *ops = in->ops;
    /* Only the bulk streams: the roster and objectives are small, and their
     * records carry more than shards merge. */
    if (!(in->stream & (CCS_REC_CONTACT | CCS_REC_EVALUATION)) || h->jobs < 1 ||
        ops->size < offsetof(ccs_source_ops, read_range) + sizeof ops->read_range || !ops->read_range)
        return 0;
    struct stat st;
    uint64_t min = parallel_min_bytes();
    if (stat(in->path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < min)
        return 0;
    /* Checks see records one at a time, in order: keep such streams on one
     * thread. */
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        const ccs_config *c = h->pol.instances[i];
        if (c->kind == CCS_COMPONENT_CHECK && (((const ccs_check_ops *)c->comp->comp.ops)->records & in->stream))
            return 0;
    }
    *size = (uint64_t)st.st_size;
    uint64_t most = *size / min;
    return most < (uint64_t)h->jobs ? (int)most : h->jobs;
}

static int read_inputs(ccs_host *h)
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
                rc = in->ops->read(in->cfg->inst, &ctx, in->path);
            }
            h->component = NULL;
            if (rc != CCS_OK) {
                fprintf(stderr, "%s: error: could not read this %s file\n", in->path,
                        stream_name(in->stream));
                return -1;
            }
            if (in->stopped)
                return -1;
        }
    }
    return 0;
}

static void print_row_errors(const run_state *r)
{
    for (size_t i = 0; i < r->nrow_errors; i++)
        fprintf(stderr, "%s:%llu: error: %s\n", r->row_errors[i].file,
                (unsigned long long)r->row_errors[i].line, r->row_errors[i].reason);
    if (r->total_row_errors > r->nrow_errors)
        fprintf(stderr, "ccscore: %llu more rejected rows not shown\n",
                (unsigned long long)(r->total_row_errors - r->nrow_errors));
}

typedef struct sink_job {
    ccs_host *host;
    ccs_config *cfg;
    const ccs_report *report;
    ccs_sink_ctx ctx;
} sink_job;

static int sink_write(void *arg, FILE *out)
{
    sink_job *j = arg;
    const ccs_sink_ops *ops = j->cfg->comp->comp.ops;
    j->host->component = j->cfg->instance;
    int rc = ops->write(j->cfg->inst, j->report, out, &j->ctx);
    j->host->component = NULL;
    return rc == CCS_OK && !ferror(out) ? 0 : -1;
}

static ccs_config *sink_for_format(ccs_host *h, const char *format, diag_list *d)
{
    policy *p = &h->pol;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind == CCS_COMPONENT_SINK && strcmp(((const ccs_sink_ops *)c->comp->comp.ops)->format, format) == 0)
            return c;
    }
    for (size_t i = 0; i < h->modules.ncomps; i++) {
        const component_entry *ce = &h->modules.comps[i];
        if (ce->comp.kind == CCS_COMPONENT_SINK &&
            strcmp(((const ccs_sink_ops *)ce->comp.ops)->format, format) == 0) {
            ccs_config *c = policy_add_default_instance(p, ce, format, d);
            if (c && create_instances(h, d) == 0)
                return c;
            return NULL;
        }
    }
    diag_add(d, NULL, 0, "no sink writes the format '%s' (loaded modules offer: text, json, csv)", format);
    return NULL;
}

static const char *format_from_name(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && strcmp(dot, ".json") == 0)
        return "json";
    if (dot && strcmp(dot, ".csv") == 0)
        return "csv";
    return "text";
}

static int write_outputs(ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d)
{
    const char *format = o->format ? o->format : format_from_name(o->output);
    ccs_config *main_sink = sink_for_format(h, format, d);
    if (!main_sink)
        return -1;
    sink_job job = { h, main_sink, rep, { sizeof(ccs_sink_ctx), 0, o->verbose } };
    char err[1024];
    if (o->output) {
        if (write_atomic(o->output, (mode_t)h->pol.org.output_mode, sink_write, &job, err, sizeof err) != 0) {
            diag_add(d, NULL, 0, "%s", err);
            return -1;
        }
    } else {
        job.ctx.colour = o->colour < 0 ? isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL : o->colour;
        if (sink_write(&job, stdout) != 0 || fflush(stdout) != 0) {
            diag_add(d, NULL, 0, "cannot write the report to standard output");
            return -1;
        }
    }
    /* The policy's sinks that name a file are written on every run. */
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        const char *path = c->kind == CCS_COMPONENT_SINK ? cfg_string(c, "path") : NULL;
        if (!path)
            continue;
        sink_job pj = { h, c, rep, { sizeof(ccs_sink_ctx), 0, o->verbose } };
        if (write_atomic(path, (mode_t)h->pol.org.output_mode, sink_write, &pj, err, sizeof err) != 0)
            diag_add(d, NULL, 0, "%s", err);
    }
    return 0;
}

static int by_card_id(const void *a, const void *b)
{
    return strcmp(((const ccs_scorecard *)a)->id, ((const ccs_scorecard *)b)->id);
}

/* pseudonymise = yes: every agent's id and name in the report (and in the
 * findings) become the keyed hash of the id, before feedback is rendered and
 * before any sink writes, so that no report carries them.  Agents are put in
 * order of their pseudonyms so that the order does not betray the ids
 * either.  The mapping is not kept. */
static int pseudonymise_report(ccs_host *h, report_model *m)
{
    const org_policy *o = &h->pol.org;
    size_t n = m->rep.nagents;
    m->pseudonyms = malloc((n ? n : 1) * (PSEUDONYM_LEN + 1));
    if (!m->pseudonyms)
        return -1;
    ccs_scorecard *cards = m->cards; /* the agents come first */
    for (size_t i = 0; i < n; i++) {
        char *p = m->pseudonyms + i * (PSEUDONYM_LEN + 1);
        pseudonym_of(o->pseudonym_key, o->pseudonym_key_len, cards[i].id, strlen(cards[i].id), p);
        cards[i].id = p;
        cards[i].name = p;
    }
    if (n)
        qsort(cards, n, sizeof *cards, by_card_id);
    for (size_t i = 0; i < h->nfindings; i++) {
        ccs_finding *f = &h->findings[i];
        if (!f->agent_id)
            continue;
        char p[PSEUDONYM_LEN + 1];
        pseudonym_of(o->pseudonym_key, o->pseudonym_key_len, f->agent_id, strlen(f->agent_id), p);
        free((char *)f->agent_id);
        f->agent_id = strdup(p);
    }
    return 0;
}

static int finish_checks(ccs_host *h)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_CHECK)
            continue;
        const ccs_check_ops *ops = c->comp->comp.ops;
        h->component = c->instance;
        int rc = ops->finish ? ops->finish(c->inst, h) : CCS_OK;
        h->component = NULL;
        if (rc != CCS_OK)
            return -1;
    }
    return 0;
}

static int render_feedback(ccs_host *h, const ccs_report *rep)
{
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_FEEDBACK)
            continue;
        const ccs_feedback_ops *ops = c->comp->comp.ops;
        h->component = c->instance;
        int rc = ops->render ? ops->render(c->inst, h, rep) : CCS_OK;
        h->component = NULL;
        if (rc != CCS_OK)
            return -1;
    }
    return 0;
}

int engine_run(const run_options *o)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    int rc = EXIT_USAGE;
    report_model model;
    memset(&model, 0, sizeof model);
    enum period_kind kind;
    int32_t period_id = 0;
    const char *path = o->policy ? o->policy : engine_default_policy();

    if (o->period && period_parse(o->period, &kind, &period_id) != 0) {
        fprintf(stderr, "ccscore: error: bad --period '%s': use 2026-W46 (ISO week), 2026-11 (month) or 2026-11-20 (day)\n",
                o->period);
        goto out;
    }
    if (open_policy(&h, path, &d) != 0)
        goto out;
    h.jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (h.jobs < 1)
        h.jobs = 1;
    h.progress = isatty(STDERR_FILENO);
    run_free(&h.run);
    run_init(&h.run, o->period ? kind : h.pol.org.period);
    if (run_set_clock(&h.run, getenv("CCSCORE_NOW")) != 0) {
        fprintf(stderr, "ccscore: error: CCSCORE_NOW must be a date (YYYY-MM-DD) or seconds since 1970\n");
        goto out;
    }
    if (create_instances(&h, &d) != 0 || run_add_metrics(&h.run, &h.pol, &d) != 0)
        goto out;
    if (plan_inputs(&h, o->files, o->nfiles, &d) != 0)
        goto out;
    int read_rc = read_inputs(&h);
    print_row_errors(&h.run);
    if (read_rc != 0) {
        fprintf(stderr, "ccscore: error: input refused (on_bad_row = fail, or unreadable); no report written\n");
        goto out;
    }
    if (finish_checks(&h) != 0 || build_report(&h, o->period != NULL, period_id, &model, &d) != 0)
        goto out;
    if (h.pol.org.pseudonymise && pseudonymise_report(&h, &model) != 0) {
        diag_add(&d, NULL, 0, "out of memory");
        goto out;
    }
    if (render_feedback(&h, &model.rep) != 0)
        goto out;
    model.rep.nfindings = h.nfindings;
    model.rep.findings = h.findings;
    model.rep.nfeedback = h.nfeedback;
    model.rep.feedback = h.feedback;
    model.rep.nsections = h.nsections;
    model.rep.sections = h.sections;
    if (write_outputs(&h, o, &model.rep, &d) != 0 || d.n)
        goto out;
    rc = EXIT_OK;
    for (size_t i = 0; i < h.nfindings && h.pol.org.fail_level != FAIL_NONE; i++)
        if (h.findings[i].severity >= h.pol.org.fail_level)
            rc = EXIT_FINDINGS;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    report_model_free(&model);
    host_free(&h);
    return rc;
}

int engine_check_config(const char *path)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    if (open_policy(&h, path, &d) == 0 && create_instances(&h, &d) == 0) {
        run_add_metrics(&h.run, &h.pol, &d);
        plan_inputs(&h, NULL, 0, &d);
    }
    int rc = d.n ? EXIT_USAGE : EXIT_OK;
    diag_print(&d, stderr);
    if (rc == EXIT_OK)
        printf("%s: policy OK (%zu components configured)\n", path, h.pol.ninstances);
    else
        fprintf(stderr, "%s: %zu error%s\n", path, d.n, d.n == 1 ? "" : "s");
    diag_free(&d);
    host_free(&h);
    return rc;
}

static const char *key_type_name(int t)
{
    switch (t) {
    case CCS_KEY_STRING: return "string";
    case CCS_KEY_INT: return "integer";
    case CCS_KEY_NUMBER: return "number";
    case CCS_KEY_BOOL: return "yes/no";
    case CCS_KEY_ENUM: return "choice";
    case CCS_KEY_PATH: return "path";
    case CCS_KEY_PERCENT: return "percent";
    default: return "?";
    }
}

static void print_keys(const ccs_key *k, const ccs_key *skip)
{
    for (; k && k->name; k++) {
        int dup = 0;
        for (const ccs_key *s = skip; s && s->name && !dup; s++)
            dup = strcmp(s->name, k->name) == 0;
        if (dup)
            continue;
        printf("      %-18s %-8s %s", k->name, key_type_name(k->type), k->help ? k->help : "");
        if (k->type == CCS_KEY_ENUM && k->choices)
            printf(" [%s]", k->choices);
        if (k->default_value)
            printf(" (default: %s)", k->default_value);
        printf("\n");
    }
}

int engine_plugins(const char *path)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    int rc = EXIT_OK;
    if (path) {
        if (open_policy(&h, path, &d) != 0)
            rc = EXIT_USAGE;
    } else {
        h.modules.builtin_dir = host_plugin_dir();
        modules_add_dir(&h.modules, host_plugin_dir());
    }
    char **names;
    size_t n = modules_available(&h.modules, &names);
    for (size_t i = 0; i < n; i++) {
        modules_load(&h.modules, &h, &host_api, names[i], &d, NULL, 0);
        free(names[i]);
    }
    free(names);
    printf("Plugin folders:");
    for (size_t i = 0; i < h.modules.ndirs; i++)
        printf(" %s", h.modules.dirs[i]);
    printf("\n\n[organisation] keys:\n");
    print_keys(organisation_keys, NULL);
    for (size_t m = 0; m < h.modules.nmods; m++) {
        const loaded_module *lm = &h.modules.mods[m];
        printf("\nmodule %s %s: %s\n", lm->name, lm->desc->version ? lm->desc->version : "",
               lm->desc->description ? lm->desc->description : "");
        for (size_t i = 0; i < h.modules.ncomps; i++) {
            const component_entry *ce = &h.modules.comps[i];
            if (strcmp(ce->module, lm->name) != 0)
                continue;
            printf("  [%s %s]  %s\n", component_kind_name(ce->comp.kind), ce->comp.name,
                   ce->comp.help ? ce->comp.help : "");
            if (ce->comp.kind == CCS_COMPONENT_METRIC) {
                const ccs_metric_ops *ops = ce->comp.ops;
                printf("      (%s, unit '%s', %s is better)\n",
                       ops->type == CCS_METRIC_RATE ? "rate" : ops->type == CCS_METRIC_MEAN ? "mean" : "index",
                       ops->unit ? ops->unit : "", ops->direction < 0 ? "lower" : "higher");
            }
            print_keys(engine_keys(ce->comp.kind), NULL);
            print_keys(ce->comp.keys, engine_keys(ce->comp.kind));
        }
    }
    if (d.n) {
        diag_print(&d, stderr);
        rc = EXIT_USAGE;
    }
    diag_free(&d);
    host_free(&h);
    return rc;
}
