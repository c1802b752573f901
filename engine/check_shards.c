#include "check_shards.h"

#include <stdlib.h>

#include "host.h"
#include "vec.h"

static __thread run_state *current_shard;

void check_shard_enter(run_state *shard)
{
    current_shard = shard;
}

run_state *check_shard_current(void)
{
    return current_shard;
}

int check_can_shard(const ccs_check_ops *ops)
{
    return CCS_HAS_FIELD(ops, ccs_check_ops, shard_free) && ops->shard_new && ops->shard_add &&
           ops->shard_merge && ops->shard_free;
}

int check_shards_open(run_state *s, const ccs_host *h, uint32_t stream)
{
    const policy *p = &h->pol;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_CHECK)
            continue;
        const ccs_check_ops *ops = c->comp->comp.ops;
        if (!(ops->records & stream) || !check_can_shard(ops))
            continue;
        check_shard *cs = realloc(s->checks, (s->nchecks + 1) * sizeof *cs);
        if (!cs)
            return -1;
        s->checks = cs;
        cs[s->nchecks] = (check_shard){ c, ops, ops->shard_new(c->inst) };
        if (!cs[s->nchecks].state)
            return -1;
        s->nchecks++;
    }
    return 0;
}

void check_shards_add(ccs_host *h, run_state *s, const ccs_record *rec)
{
    for (size_t i = 0; i < s->nchecks; i++) {
        const check_shard *cs = &s->checks[i];
        if (cs->ops->records & rec->kind) {
            s->component = cs->cfg->instance;
            cs->ops->shard_add(cs->cfg->inst, cs->state, h, rec);
        }
    }
    s->component = NULL;
}

int check_shards_merge(ccs_host *h, run_state *s)
{
    int rc = 0;
    if (s->nfindings) {
        if (vec_reserve((void **)&h->findings, &h->capfindings, h->nfindings + s->nfindings,
                        sizeof *h->findings) != 0 ||
            vec_reserve((void **)&h->findings_at, &h->capfindings_at, h->nfindings + s->nfindings,
                        sizeof *h->findings_at) != 0)
            return -1;
        for (size_t i = 0; i < s->nfindings; i++) {
            h->findings_at[h->nfindings] = s->findings_at[i];
            h->findings[h->nfindings++] = s->findings[i];
        }
        s->nfindings = 0;
    }
    const char *caller = h->component;
    for (size_t i = 0; i < s->nchecks; i++) {
        check_shard *cs = &s->checks[i];
        h->component = cs->cfg->instance;
        if (cs->ops->shard_merge(cs->cfg->inst, cs->state, h) != CCS_OK)
            rc = -1;
    }
    h->component = caller;
    return rc;
}

void check_shards_free(run_state *s)
{
    for (size_t i = 0; i < s->nchecks; i++)
        s->checks[i].ops->shard_free(s->checks[i].cfg->inst, s->checks[i].state);
    free(s->checks);
    s->checks = NULL;
    s->nchecks = 0;
    for (size_t i = 0; i < s->nfindings; i++)
        finding_free(&s->findings[i]);
    free(s->findings);
    free(s->findings_at);
    s->findings = NULL;
    s->findings_at = NULL;
    s->nfindings = s->capfindings = s->capfindings_at = 0;
}

void finding_free(ccs_finding *f)
{
    free((char *)f->rule);
    free((char *)f->owner);
    free((char *)f->reference);
    free((char *)f->agent_id);
    free((char *)f->measured);
    free((char *)f->limit);
    free((char *)f->message);
}
