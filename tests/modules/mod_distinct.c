/* Test module for the ABI 1.3 metric lifetimes (tests/metric_state.sh): a
 * metric whose accumulator owns heap memory.  distinct_customers keeps a
 * copy of every answered contact's customer id (add, merge copies src's),
 * sorts and counts them in finish(), and frees them in acc_free().  result()
 * reports -1000 - k when finish() ran k != 1 times on its accumulator, so a
 * host that skips or repeats finish() shows in the figures; valgrind shows
 * a host that skips acc_free().  answered_v12 is a metric built as for ABI
 * 1.2: its ops' size ends before acc_free, and the host must never call the
 * acc_free() and finish() that follow (they abort). */
#include <stdlib.h>
#include <string.h>

#include <ccscore/plugin.h>

typedef struct {
    char **ids;
    size_t n, cap;
    size_t distinct;
    int finished;
    int failed;
} distinct_acc;

static int push(distinct_acc *a, const char *s, size_t len)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 8;
        char **grown = realloc(a->ids, cap * sizeof *grown);
        if (!grown)
            return -1;
        a->ids = grown;
        a->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    a->ids[a->n++] = copy;
    return 0;
}

static void add(const void *inst, void *acc, const ccs_record *rec)
{
    (void)inst;
    const ccs_contact *c = (const ccs_contact *)rec;
    distinct_acc *a = acc;
    if (c->outcome == CCS_OUTCOME_ANSWERED && c->customer_id.len > 0 &&
        push(a, c->customer_id.ptr, c->customer_id.len) != 0)
        a->failed = 1;
}

static void merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    distinct_acc *d = dst;
    const distinct_acc *s = src;
    for (size_t i = 0; i < s->n; i++)
        if (push(d, s->ids[i], strlen(s->ids[i])) != 0)
            d->failed = 1;
    d->failed |= s->failed;
}

static int by_text(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void finish(const void *inst, void *acc)
{
    (void)inst;
    distinct_acc *a = acc;
    a->finished++;
    if (a->n)
        qsort(a->ids, a->n, sizeof *a->ids, by_text);
    a->distinct = 0;
    for (size_t i = 0; i < a->n; i++)
        a->distinct += i == 0 || strcmp(a->ids[i - 1], a->ids[i]) != 0;
}

static void acc_free(const void *inst, void *acc)
{
    (void)inst;
    distinct_acc *a = acc;
    for (size_t i = 0; i < a->n; i++)
        free(a->ids[i]);
    free(a->ids);
}

static void result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    const distinct_acc *a = acc;
    out->n = a->n;
    out->defined = !a->failed;
    out->value = a->finished == 1 ? (double)a->distinct : -1000.0 - a->finished;
}

static const ccs_metric_ops ops = {
    sizeof(ccs_metric_ops), CCS_REC_CONTACT, CCS_METRIC_INDEX, "", +1,
    sizeof(distinct_acc), add, merge, result, 0, acc_free, finish,
};

static const ccs_key keys[] = { { NULL, 0, NULL, NULL, NULL, 0, 0 } };

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_METRIC, "distinct_customers",
    "distinct customers among answered contacts", keys, NULL, NULL, &ops,
};

static void count_add(const void *inst, void *acc, const ccs_record *rec)
{
    (void)inst;
    *(uint64_t *)acc += ((const ccs_contact *)rec)->outcome == CCS_OUTCOME_ANSWERED;
}

static void count_merge(const void *inst, void *dst, const void *src)
{
    (void)inst;
    *(uint64_t *)dst += *(const uint64_t *)src;
}

static void count_result(const void *inst, const void *acc, ccs_result *out)
{
    (void)inst;
    out->n = *(const uint64_t *)acc;
    out->value = (double)out->n;
    out->defined = 1;
}

static void never(const void *inst, void *acc)
{
    (void)inst;
    (void)acc;
    abort();
}

static const ccs_metric_ops v12_ops = {
    offsetof(ccs_metric_ops, acc_free), CCS_REC_CONTACT, CCS_METRIC_INDEX, "", +1,
    sizeof(uint64_t), count_add, count_merge, count_result, 0, never, never,
};

static const ccs_component v12 = {
    sizeof(ccs_component), CCS_COMPONENT_METRIC, "answered_v12",
    "answered contacts, by a metric built for ABI 1.2", keys, NULL, NULL, &v12_ops,
};

static int init(ccs_host *host, const ccs_host_api *api)
{
    if (api->register_component(host, &v12) != CCS_OK)
        return CCS_ERR;
    return api->register_component(host, &component);
}

CCS_MODULE(mod_distinct, "1.0", "test: a metric with owned accumulator state", init, NULL)
