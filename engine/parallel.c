#include "parallel.h"

#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check_shards.h"

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
    w->rc = CCS_OK;
    run_init_shard(&w->shard, &h->run);
    if (check_shards_open(&w->shard, h, in->stream) != 0)
        w->rc = CCS_ERR;
    w->ctx = (ccs_source_ctx){ h, &w->part, &w->shard, 0, 0 };
    w->begin = begin;
    w->end = end;
    w->stop = begin;
    w->lines = 0;
}

static void worker_read(worker *w)
{
    const ccs_source_ops *ops = w->part.ops;
    if (w->rc != CCS_OK)
        return;
    check_shard_enter(&w->shard); /* the host API keeps this thread's findings apart */
    w->rc = ops->read_range(w->part.cfg->inst, &w->ctx, input_open_path(&w->part), w->begin, w->end, &w->stop,
                            &w->lines);
    check_shard_enter(NULL);
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

/* Fold the shards into the run in file order (metrics, then the checks'
 * findings and states) unless rc says the read failed; free them all. */
static int merge_workers(ccs_host *h, source_input *in, worker *w, int jobs, int rc)
{
    uint64_t first_line = 1;
    for (int k = 0; k < jobs; k++) {
        h->merge_first_line = first_line; /* the checks' api->shard_first_line() */
        if (rc == 0 && (run_merge_shard(&h->run, &w[k].shard, in, &w[k].part, first_line) != 0 ||
                        check_shards_merge(h, &w[k].shard) != 0))
            rc = -1;
        h->merge_first_line = 0;
        first_line += w[k].lines;
        run_free(&w[k].shard);
    }
    return rc;
}

/* Read one large file with several threads: each reads the records that
 * start in its share of the file into accumulators of its own.  A share's
 * start is a guess (the line after a byte offset) that the share before it
 * confirms when it stops exactly there; where it does not (the guess fell
 * inside a quoted field with a line break), that share is read again from
 * the right place.  Shards are merged in file order, so the figures, the
 * counts and the line numbers of rejected rows are those of one pass. */
int read_parallel(ccs_host *h, source_input *in, uint64_t size, int jobs)
{
    int fd = open(input_open_path(in), O_RDONLY | O_CLOEXEC);
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
    rc = merge_workers(h, in, w, jobs, rc);
    free(w);
    free(bounds);
    return rc;
}

/* Whether this input can be split across threads. */
int parallel_jobs(const ccs_host *h, const source_input *in, uint64_t *size)
{
    const ccs_source_ops *ops = in->ops;
    /* Only the bulk streams (activity: an ACD's logins, pauses and wrap-ups
     * grow with contacts): the roster and objectives are small, and their
     * records carry more than shards merge. */
    if (!(in->stream & (CCS_REC_CONTACT | CCS_REC_EVALUATION | CCS_REC_ACTIVITY)) || h->jobs < 1 ||
        !CCS_HAS_FIELD(ops, ccs_source_ops, read_range) || !ops->read_range)
        return 0;
    struct stat st;
    uint64_t min = parallel_min_bytes();
    if (stat(input_open_path(in), &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < min)
        return 0;
    /* A check without the shard ops (ABI 1.4) sees the records one at a
     * time, in order: keep its streams on one thread. */
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        const ccs_config *c = h->pol.instances[i];
        const ccs_check_ops *ops = c->comp->comp.ops;
        if (c->kind == CCS_COMPONENT_CHECK && (ops->records & in->stream) && !check_can_shard(ops))
            return 0;
    }
    *size = (uint64_t)st.st_size;
    uint64_t most = *size / min;
    return most < (uint64_t)h->jobs ? (int)most : h->jobs;
}
