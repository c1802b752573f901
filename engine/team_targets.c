#include "team_targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

enum { TK_TARGET, TK_WEIGHT, TK_NEAR };

/* Split "METRIC.KEY": the metric's config and which key, or -1 with why. */
static int split_key(const policy *p, const pol_entry *e, const ccs_config **metric, char *why, size_t len)
{
    const char *dot = strchr(e->key, '.');
    static const char *const keys[] = { "target", "weight", "near" };
    if (!dot) {
        snprintf(why, len, "'%s' in a [team] section must be METRIC.target, METRIC.weight or METRIC.near "
                 "(e.g. aht.target = 380)", e->key);
        return -1;
    }
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(dot - e->key), e->key);
    *metric = policy_instance(p, CCS_COMPONENT_METRIC, name);
    if (!*metric) {
        snprintf(why, len, "'%s': the policy has no [metric %s]; a team can only override a metric it scores",
                 e->key, name);
        return -1;
    }
    for (int k = 0; k < 3; k++)
        if (strcmp(dot + 1, keys[k]) == 0)
            return k;
    snprintf(why, len, "'%s': a team overrides only %s.target, %s.weight or %s.near", e->key, name, name, name);
    return -1;
}

static const ccs_key *metric_key(const char *name)
{
    for (const ccs_key *k = engine_keys(CCS_COMPONENT_METRIC); k->name; k++)
        if (strcmp(k->name, name) == 0)
            return k;
    return NULL;
}

/* The entry's value into o; -1 with why. */
static int parse_entry(const pol_entry *e, int key, int type, team_override *o, char *why, size_t len)
{
    cfg_value v;
    memset(&v, 0, sizeof v);
    if (key == TK_TARGET) {
        if (parse_target(type, e->value, &o->target, why, len) != 0)
            return -1;
        o->has_target = 1;
        return 0;
    }
    const ccs_key *k = metric_key(key == TK_WEIGHT ? "weight" : "near");
    if (!k || parse_key_value(k, e->value, &v, why, len) != 0)
        return -1;
    if (key == TK_WEIGHT)
        o->has_weight = 1, o->weight = v.d;
    else
        o->has_near = 1, o->near = v.d;
    return 0;
}

static int metric_type_of(const ccs_config *c)
{
    const ccs_metric_ops *ops = c->comp->comp.ops;
    return ops->type;
}

void team_targets_check(const policy *p, diag_list *d)
{
    for (size_t i = 0; i < p->raw.n; i++) {
        const pol_section *s = &p->raw.sections[i];
        if (strcmp(s->kind, "team") != 0)
            continue;
        for (size_t j = 0; j < s->n; j++) {
            const pol_entry *e = &s->entries[j];
            const ccs_config *m;
            char why[512];
            team_override o;
            memset(&o, 0, sizeof o);
            int key = split_key(p, e, &m, why, sizeof why);
            if (key < 0)
                diag_add(d, e->file, e->line, "[team %s] %s", s->name, why);
            else if (parse_entry(e, key, metric_type_of(m), &o, why, sizeof why) != 0)
                diag_add(d, e->file, e->line, "[team %s] %s: %s", s->name, e->key, why);
        }
    }
}

int team_targets_for(const policy *p, const char *metric, int metric_type, team_override **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < p->raw.n; i++) {
        const pol_section *s = &p->raw.sections[i];
        if (strcmp(s->kind, "team") != 0)
            continue;
        team_override o;
        memset(&o, 0, sizeof o);
        for (size_t j = 0; j < s->n; j++) {
            const pol_entry *e = &s->entries[j];
            const char *dot = strchr(e->key, '.');
            char why[512];
            if (!dot || strlen(metric) != (size_t)(dot - e->key) || strncmp(e->key, metric, strlen(metric)) != 0)
                continue;
            int key = strcmp(dot + 1, "target") == 0 ? TK_TARGET : strcmp(dot + 1, "weight") == 0 ? TK_WEIGHT
                      : strcmp(dot + 1, "near") == 0 ? TK_NEAR : -1;
            if (key >= 0)
                parse_entry(e, key, metric_type, &o, why, sizeof why); /* errors: team_targets_check */
        }
        if (!o.has_target && !o.has_weight && !o.has_near)
            continue;
        team_override *slot = VEC_PUSH(*out, *n, cap);
        if (!slot || !(o.team = strdup(s->name)))
            return -1;
        *slot = o;
    }
    return 0;
}

void team_targets_free(team_override *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].team);
    free(t);
}

const team_override *team_override_find(const team_override *t, size_t n, const char *team)
{
    for (size_t i = 0; team && i < n; i++)
        if (strcmp(t[i].team, team) == 0)
            return &t[i];
    return NULL;
}
