/* kpi_core's fcr_repeat: first-contact resolution from repeat contacts, for
 * exports without a resolved flag (DOMAIN.md: "a repeat contact by the same
 * customer within a window marks the earlier one unresolved").
 *
 * A repeat may reach another agent, team, queue or channel than the first
 * contact, so no accumulator (one cell of the engine) can see it alone.  The
 * work is split by the ABI's lifetimes and threading (plugin.h):
 *  - add() keeps, in the accumulator, each handled contact of the cell that
 *    has a customer id (customer, time), and adds every contact with a
 *    customer id, answered or abandoned, to the instance's timeline of
 *    customers; add() runs on several threads with --jobs, so the timeline is
 *    behind the instance's own lock;
 *  - finish() runs after every add() of the run (ABI 1.4 note in plugin.h),
 *    on one thread: it groups the timeline by customer once, then judges
 *    the cell's contacts against it;
 *  - acc_free() frees the cell's list, destroy() the timeline.
 *
 * A handled contact at t is unresolved when the same customer has a contact
 * started in (t, t + window] (the edge counts; same second does not: that is
 * not a later contact), resolved when none, and not judged (out of n) when
 * t + window is past the latest contact in the data: whether the customer
 * comes back cannot be known yet.  Judging only those with a repeat seen
 * would push the rate down for the last days, so all of them are left out.
 * An abandoned later contact is a repeat: the customer came back.  Handled
 * rows without a customer id are not judged either.  The flag `resolved` is
 * not read: `fcr` uses the flag, `fcr_repeat` the repeats, one definition
 * per figure (README: "FCR without a resolved flag"). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "kpi.h"
#include "strtab.h"
#include "vec.h"

static const ccs_host_api *api;

typedef struct visit {
    int64_t at;
    uint32_t customer;         /* index in the instance's strtab */
} visit;

typedef struct fcr_inst {
    int64_t window_s;
    pthread_mutex_t lock;      /* add() on several threads (--jobs) */
    strtab customers;
    visit *visits;             /* every contact with a customer id */
    size_t nvisits, capvisits;
    int64_t data_end;          /* latest contact of any kind */
    int has_data, failed;      /* failed: out of memory, figures undefined */
    /* The timeline by customer then time, built by the first finish()
     * after new visits; first[c] .. first[c + 1] are c's. */
    size_t indexed;
    int64_t *times;
    size_t *first;
} fcr_inst;

typedef struct fcr_acc {
    visit *handled;            /* this cell's handled contacts with a customer */
    size_t n, cap;
    uint64_t judged, resolved; /* set by finish() */
    int failed;
} fcr_acc;

static int push(visit **v, size_t *n, size_t *cap, uint32_t customer, int64_t at)
{
    if (!VEC_GROW(*v, *n, *cap))
        return -1;
    (*v)[(*n)++] = (visit){ at, customer };
    return 0;
}

static void fcr_add(const void *inst, void *acc, const ccs_record *r)
{
    fcr_inst *fi = (fcr_inst *)inst; /* ours, from create(); shared state under its lock */
    const ccs_contact *c = (const ccs_contact *)r;
    fcr_acc *a = acc;
    int32_t customer = -1;
    pthread_mutex_lock(&fi->lock);
    if (!fi->has_data || c->started_at > fi->data_end)
        fi->data_end = c->started_at;
    fi->has_data = 1;
    if (c->customer_id.len > 0) {
        customer = strtab_intern(&fi->customers, c->customer_id.ptr, c->customer_id.len);
        if (customer < 0 || push(&fi->visits, &fi->nvisits, &fi->capvisits, (uint32_t)customer,
                                 c->started_at) != 0)
            fi->failed = 1;
    }
    pthread_mutex_unlock(&fi->lock);
    if (customer >= 0 && c->outcome == CCS_OUTCOME_ANSWERED &&
        push(&a->handled, &a->n, &a->cap, (uint32_t)customer, c->started_at) != 0)
        a->failed = 1;
}

static void fcr_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    fcr_acc *d = dst;
    const fcr_acc *s = src;
    if (s->n && vec_reserve((void **)&d->handled, &d->cap, d->n + s->n, sizeof *d->handled) != 0)
        d->failed = 1;
    else if (s->n) {
        memcpy(d->handled + d->n, s->handled, s->n * sizeof *d->handled);
        d->n += s->n;
    }
    d->failed |= s->failed;
}

static int by_time(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* The timeline into times[], grouped by customer (a counting sort: first[c]
 * .. first[c + 1] are c's), each customer's times in order.  Exports come
 * mostly in time order, so a customer's group is usually sorted already and
 * only the rest are sorted. */
static int build_index(fcr_inst *fi)
{
    size_t nc = fi->customers.n;
    free(fi->times);
    free(fi->first);
    fi->times = malloc((fi->nvisits + 1) * sizeof *fi->times);
    fi->first = calloc(nc + 2, sizeof *fi->first);
    size_t *next = malloc((nc + 1) * sizeof *next);
    if (!fi->times || !fi->first || !next) {
        free(next);
        return -1;
    }
    for (size_t i = 0; i < fi->nvisits; i++)
        fi->first[fi->visits[i].customer + 1]++;
    for (size_t c = 0; c < nc; c++)
        fi->first[c + 1] += fi->first[c];
    memcpy(next, fi->first, nc * sizeof *next);
    for (size_t i = 0; i < fi->nvisits; i++)
        fi->times[next[fi->visits[i].customer]++] = fi->visits[i].at;
    free(next);
    for (size_t c = 0; c < nc; c++) {
        size_t lo = fi->first[c], hi = fi->first[c + 1], k = lo + 1;
        while (k < hi && fi->times[k - 1] <= fi->times[k])
            k++;
        if (k < hi)
            qsort(fi->times + lo, hi - lo, sizeof *fi->times, by_time);
    }
    fi->indexed = fi->nvisits;
    return 0;
}

/* Has the customer a contact started in (t, t + window]? */
static int came_back(const fcr_inst *fi, uint32_t customer, int64_t t)
{
    size_t lo = fi->first[customer], hi = fi->first[customer + 1];
    while (lo < hi) { /* the first time > t */
        size_t mid = lo + (hi - lo) / 2;
        if (fi->times[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < fi->first[customer + 1] && fi->times[lo] <= t + fi->window_s;
}

static void fcr_finish(const void *inst, void *acc)
{
    fcr_inst *fi = (fcr_inst *)inst;
    fcr_acc *a = acc;
    a->judged = a->resolved = 0;
    pthread_mutex_lock(&fi->lock);
    if (!fi->failed && (!fi->first || fi->indexed != fi->nvisits) && build_index(fi) != 0)
        fi->failed = 1;
    a->failed |= fi->failed;
    for (size_t i = 0; !a->failed && i < a->n; i++) {
        const visit *v = &a->handled[i];
        if (v->at > fi->data_end - fi->window_s)
            continue; /* its window runs past the data: cannot be judged */
        a->judged++;
        a->resolved += !came_back(fi, v->customer, v->at);
    }
    pthread_mutex_unlock(&fi->lock);
}

static void fcr_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const fcr_acc *a = acc;
    out->n = a->judged;
    out->successes = a->resolved;
    out->defined = a->judged > 0 && !a->failed;
    out->value = a->judged ? (double)a->resolved / (double)a->judged : 0.0;
}

static void fcr_acc_free(const void *inst, void *acc)
{
    (void)inst;
    free(((fcr_acc *)acc)->handled);
}

static int fcr_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    fcr_inst *fi = calloc(1, sizeof *fi);
    if (!fi)
        return CCS_ERR;
    if (pthread_mutex_init(&fi->lock, NULL) != 0) {
        free(fi);
        return CCS_ERR;
    }
    strtab_init(&fi->customers);
    fi->window_s = api->config_int(cfg, "window_days") * 86400;
    *inst = fi;
    return CCS_OK;
}

static void fcr_destroy(void *inst)
{
    fcr_inst *fi = inst;
    if (!fi)
        return;
    strtab_free(&fi->customers);
    free(fi->visits);
    free(fi->times);
    free(fi->first);
    pthread_mutex_destroy(&fi->lock);
    free(fi);
}

static const ccs_metric_ops fcr_repeat_ops = {
    sizeof(ccs_metric_ops), CCS_REC_CONTACT, CCS_METRIC_RATE, "%", 1, sizeof(fcr_acc),
    fcr_add, fcr_merge, fcr_result, 0, fcr_acc_free, fcr_finish,
};

static const ccs_key fcr_repeat_keys[] = {
    { "window_days", CCS_KEY_INT, "7", "a later contact by the same customer within this many days "
      "marks a handled contact unresolved", NULL, 1, 30 },
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component fcr_repeat = {
    sizeof(ccs_component), CCS_COMPONENT_METRIC, "fcr_repeat",
    "first-contact resolution from repeats: handled contacts whose customer did not come back "
    "within window_days / handled contacts judged (customer id known, window inside the data)",
    fcr_repeat_keys, fcr_create, fcr_destroy, &fcr_repeat_ops,
};

int kpi_fcr_register(ccs_host *host, const ccs_host_api *host_api)
{
    /* finish() and acc_free() are ABI 1.3: an older host would never call them. */
    if (host_api->abi_major == 1 && host_api->abi_minor < 3)
        return CCS_OK;
    api = host_api;
    return host_api->register_component(host, &fcr_repeat);
}
