#include "team_targets.h"
#include "policy.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "host.h"
#include "pseudonym.h"
#include "retention.h"
#include "scoring_rules.h"

#define NOLIMIT 0, 0

const ccs_key organisation_keys[] = {
    { "name", CCS_KEY_STRING, "Unnamed organisation", "organisation name shown in reports", NULL, NOLIMIT },
    { "timezone", CCS_KEY_STRING, "UTC", "IANA zone of the organisation's calendar (Europe/London)", NULL, NOLIMIT },
    { "period", CCS_KEY_ENUM, "week", "default report period", "day|week|month", NOLIMIT },
    { "min_sample", CCS_KEY_INT, "30", "fewest observations behind a figure before it is judged", NULL, 1, 1e9 },
    { "fail_level", CCS_KEY_ENUM, "breach", "run exits 1 when a finding at or above this severity exists",
      "none|info|advisory|breach|critical", NOLIMIT },
    { "on_bad_row", CCS_KEY_ENUM, "reject", "default for sources: reject (count and go on) or fail (exit 2)",
      "reject|fail", NOLIMIT },
    { "plugin_path", CCS_KEY_STRING, NULL, "extra plugin folders, separated by ':' (relative to this file)", NULL, NOLIMIT },
    { "modules", CCS_KEY_STRING, "csv kpi_core report", "plugin modules to load, separated by spaces", NULL, NOLIMIT },
    { "output_mode", CCS_KEY_STRING, "0640", "permissions of the report files written, in octal (never writable by others)", NULL, NOLIMIT },
    { "pseudonymise", CCS_KEY_BOOL, "no", "replace agent ids, names and evaluators in every report by keyed hashes, at intake", NULL, NOLIMIT },
    { "pseudonym_key", CCS_KEY_PATH, NULL, "file holding the secret key of the pseudonyms (not readable by group or others)", NULL, NOLIMIT },
    { "scoring", CCS_KEY_ENUM, "linear", "default scoring method of every metric (see the metric keys)", "linear|bands", NOLIMIT },
    { "score_bands", CCS_KEY_STRING, NULL, "labels of score ranges, lowest score first of each, highest band first, the last at 0 "
      "(90 excellent, 75 good, 60 developing, 0 needs support)", NULL, NOLIMIT },
    { "review_on", CCS_KEY_ENUM, "none", "a finding at or above this severity attributed to an agent marks their card for review "
      "(the score is unchanged)", "none|info|advisory|breach|critical", NOLIMIT },
    { "max_rejected", CCS_KEY_PERCENT, "5%", "default for sources: above this share of rows rejected, the run stops "
      "with exit 2 and names the most common reason (issue 11)", NULL, 0, 1 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_key source_keys[] = {
    { "use", CCS_KEY_STRING, NULL, "component to use (default: the section's name)", NULL, NOLIMIT },
    { "path", CCS_KEY_PATH, NULL, "input file (relative to the policy file)", NULL, NOLIMIT },
    { "stream", CCS_KEY_ENUM, NULL, "what the file holds (default: from its header)",
      "contacts|evaluations|agents|objectives|activity|comments", NOLIMIT },
    { "on_bad_row", CCS_KEY_ENUM, NULL, "reject (count, report, go on) or fail (exit 2)", "reject|fail", NOLIMIT },
    { "max_rejected", CCS_KEY_PERCENT, NULL, "above this share of rows rejected the run stops with exit 2 "
      "(default: the organisation's, 5%)", NULL, 0, 1 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_key metric_keys[] = {
    { "use", CCS_KEY_STRING, NULL, "component to use (default: the section's name)", NULL, NOLIMIT },
    { "target", CCS_KEY_STRING, NULL, "target (rates: 80% or 0.80; durations: seconds); unset: not scored", NULL, NOLIMIT },
    { "direction", CCS_KEY_ENUM, NULL, "which way is better (default: the metric's own)", "higher|lower", NOLIMIT },
    { "weight", CCS_KEY_NUMBER, "1", "weight in the 0-100 score", NULL, 0, 1000 },
    { "near", CCS_KEY_PERCENT, "5%", "within this share of the target counts as near, not below", NULL, 0, 1 },
    { "min_sample", CCS_KEY_INT, NULL, "fewest observations (default: the organisation's)", NULL, 1, 1e9 },
    { "scoring", CCS_KEY_ENUM, NULL, "points of a figure: linear, 100 x (1 - relative gap to target), or bands "
      "(default: the organisation's scoring)", "linear|bands", NOLIMIT },
    { "bands", CCS_KEY_STRING, NULL, "scoring = bands: thresholds best first, in the metric's unit (300, 360, 420)", NULL, NOLIMIT },
    { "points", CCS_KEY_STRING, NULL, "scoring = bands: points 0-100 at or better than each threshold, then worse than "
      "the last (100, 80, 50, 0)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_key sink_keys[] = {
    { "use", CCS_KEY_STRING, NULL, "component to use (default: the section's name)", NULL, NOLIMIT },
    { "path", CCS_KEY_PATH, NULL, "write the report to this file on every run (atomically)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_key check_keys[] = {
    { "use", CCS_KEY_STRING, NULL, "component to use (default: the section's name)", NULL, NOLIMIT },
    { "severity", CCS_KEY_STRING, NULL, "per-rule severities, RULE:LEVEL separated by commas "
      "(dp.cvv:critical, dp.retention:info; levels info|advisory|breach|critical)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_key plain_keys[] = {
    { "use", CCS_KEY_STRING, NULL, "component to use (default: the section's name)", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

int metric_direction(const ccs_config *c, const ccs_metric_ops *ops)
{
    return cfg_has(c, "direction") ? (cfg_enum(c, "direction") == 0 ? 1 : -1)
                                   : (ops->direction < 0 ? -1 : 1);
}

const ccs_key *engine_keys(int kind)
{
    switch (kind) {
    case CCS_COMPONENT_SOURCE: return source_keys;
    case CCS_COMPONENT_METRIC: return metric_keys;
    case CCS_COMPONENT_SINK: return sink_keys;
    case CCS_COMPONENT_CHECK: return check_keys;
    default: return plain_keys;
    }
}

static int kind_from_name(const char *s)
{
    for (int k = CCS_COMPONENT_SOURCE; k <= CCS_COMPONENT_SINK; k++)
        if (strcmp(s, component_kind_name(k)) == 0)
            return k;
    return 0;
}

/* ------------------------------------------------------------ configs */

static const ccs_key *find_key(const ccs_key *keys, const char *name)
{
    for (; keys && keys->name; keys++)
        if (strcmp(keys->name, name) == 0)
            return keys;
    return NULL;
}

const cfg_value *config_value(const ccs_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->nvals; i++)
        if (strcmp(cfg->vals[i].key->name, key) == 0)
            return &cfg->vals[i];
    return NULL;
}

int cfg_has(const ccs_config *cfg, const char *key)
{
    const cfg_value *v = config_value(cfg, key);
    return v && v->text;
}

const char *cfg_string(const ccs_config *cfg, const char *key)
{
    const cfg_value *v = config_value(cfg, key);
    if (!v || !v->text)
        return NULL;
    return v->owned ? v->owned : v->text;
}

int64_t cfg_int(const ccs_config *cfg, const char *key)
{
    const cfg_value *v = config_value(cfg, key);
    return v && v->text ? v->i : 0;
}

double cfg_number(const ccs_config *cfg, const char *key)
{
    const cfg_value *v = config_value(cfg, key);
    return v && v->text ? v->d : 0.0;
}

int cfg_bool(const ccs_config *cfg, const char *key)
{
    const cfg_value *v = config_value(cfg, key);
    return v && v->text ? v->b : 0;
}

int cfg_enum(const ccs_config *cfg, const char *key)
{
    const cfg_value *v = config_value(cfg, key);
    return v && v->text ? v->e : -1;
}

static char *dir_of(const char *file)
{
    char *copy = strdup(file);
    char *dir = strdup(dirname(copy));
    free(copy);
    return dir;
}

static char *resolve_path(const char *value, const char *set_in)
{
    if (value[0] == '/' || !set_in)
        return strdup(value);
    char *dir = dir_of(set_in);
    char *out = NULL;
    if (asprintf(&out, "%s/%s", dir, value) < 0)
        out = NULL;
    free(dir);
    return out;
}

/* A path key's default: "@datadir/..." lies in ccscore's data folder (the
 * installed templates, issue 11), anything else relative to the policy. */
static char *resolve_default_path(const char *value, const char *set_in)
{
    if (strncmp(value, "@datadir/", 9) != 0)
        return resolve_path(value, set_in);
    char *out = NULL;
    if (asprintf(&out, "%s/%s", host_data_dir(), value + 9) < 0)
        out = NULL;
    return out;
}

static size_t count_keys(const ccs_key *k)
{
    size_t n = 0;
    while (k && k[n].name)
        n++;
    return n;
}

static void config_free(ccs_config *c)
{
    if (!c)
        return;
    if (c->created && c->comp && c->comp->comp.destroy && c->inst)
        c->comp->comp.destroy(c->inst);
    for (size_t i = 0; i < c->nvals; i++)
        free(c->vals[i].owned);
    free(c->vals);
    free(c->instance);
    severities_free(c->severities, c->nseverities);
    free(c);
}

/* Lay out every declared key (engine keys first) with its default. */
static ccs_config *config_new(int kind, const char *name, const component_entry *comp,
                              const char *file, unsigned line, diag_list *d)
{
    const ccs_key *ek = engine_keys(kind), *ck = comp->comp.keys;
    size_t n = count_keys(ek) + count_keys(ck);
    ccs_config *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->instance = strdup(name);
    c->kind = kind;
    c->comp = comp;
    c->file = file;
    c->line = line;
    c->vals = calloc(n ? n : 1, sizeof *c->vals);
    for (int pass = 0; pass < 2; pass++) {
        for (const ccs_key *k = pass ? ck : ek; k && k->name; k++) {
            if (pass && find_key(ek, k->name))
                continue; /* engine keys win: a component may not redefine them */
            cfg_value *v = &c->vals[c->nvals++];
            v->key = k;
            if (k->default_value) {
                char err[256];
                if (parse_key_value(k, k->default_value, v, err, sizeof err) != 0)
                    diag_add(d, file, line, "%s '%s': bad default of %s (a plugin bug)",
                             component_kind_name(kind), comp->comp.name, err);
                if (k->type == CCS_KEY_PATH)
                    v->owned = resolve_default_path(k->default_value, file);
            }
        }
    }
    return c;
}

static void suggest_keys(char *buf, size_t len, const ccs_config *c)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->nvals && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", c->vals[i].key->name);
}

static void config_set(ccs_config *c, const pol_entry *e, diag_list *d)
{
    cfg_value *v = (cfg_value *)config_value(c, e->key);
    if (!v) {
        char known[1024];
        suggest_keys(known, sizeof known, c);
        diag_add(d, e->file, e->line, "unknown key '%s' in [%s %s]; known keys: %s", e->key,
                 component_kind_name(c->kind), c->instance, known);
        return;
    }
    char err[512];
    cfg_value parsed = *v;
    if (parse_key_value(v->key, e->value, &parsed, err, sizeof err) != 0) {
        diag_add(d, e->file, e->line, "%s", err);
        return;
    }
    if (c->kind == CCS_COMPONENT_CHECK && strcmp(e->key, "severity") == 0) {
        rule_severity *sev;
        size_t nsev;
        if (severities_parse(e->value, &sev, &nsev, err, sizeof err) != 0) {
            diag_add(d, e->file, e->line, "%s", err);
            return;
        }
        severities_free(c->severities, c->nseverities);
        c->severities = sev;
        c->nseverities = nsev;
    }
    free(v->owned);
    *v = parsed;
    v->owned = v->key->type == CCS_KEY_PATH ? resolve_path(e->value, e->file) : NULL;
    v->file = e->file;
    v->line = e->line;
}

static int push_instance(policy *p, ccs_config *c)
{
    ccs_config **grown = realloc(p->instances, (p->ninstances + 1) * sizeof *grown);
    if (!grown)
        return -1;
    p->instances = grown;
    p->instances[p->ninstances++] = c;
    return 0;
}

ccs_config *policy_instance(const policy *p, int kind, const char *name)
{
    for (size_t i = 0; i < p->ninstances; i++)
        if (p->instances[i]->kind == kind && strcmp(p->instances[i]->instance, name) == 0)
            return p->instances[i];
    return NULL;
}

ccs_config *policy_add_default_instance(policy *p, const component_entry *c, const char *name,
                                        diag_list *d)
{
    ccs_config *cfg = config_new(c->comp.kind, name, c, p->path, 0, d);
    if (!cfg || push_instance(p, cfg) != 0) {
        config_free(cfg);
        return NULL;
    }
    cfg->adhoc = 1;
    return cfg;
}

/* ------------------------------------------------------------ organisation */

static char **split_words(const char *s, const char *seps, size_t *n)
{
    char **out = NULL;
    *n = 0;
    char *copy = strdup(s), *save = NULL;
    for (char *tok = strtok_r(copy, seps, &save); tok; tok = strtok_r(NULL, seps, &save)) {
        char **grown = realloc(out, (*n + 1) * sizeof *grown);
        if (!grown)
            break;
        out = grown;
        out[(*n)++] = strdup(tok);
    }
    free(copy);
    return out;
}

/* [organisation]'s output_mode, pseudonymise and pseudonym_key. */
static void load_output_privacy(policy *p, const cfg_value *vals, diag_list *d)
{
    org_policy *o = &p->org;
    char why[1024];
    if (parse_file_mode(vals[8].text, &o->output_mode, why, sizeof why) != 0) {
        diag_add(d, vals[8].file ? vals[8].file : p->path, vals[8].line, "%s", why);
        o->output_mode = 0640;
    }
    o->pseudonymise = vals[9].b;
    if (o->pseudonymise && !vals[10].text) {
        diag_add(d, vals[9].file, vals[9].line,
                 "pseudonymise = yes needs pseudonym_key = FILE, a file of at least %d secret random bytes",
                 PSEUDONYM_MIN_KEY);
    } else if (o->pseudonymise) {
        char *keypath = resolve_path(vals[10].text, vals[10].file);
        if (!keypath || pseudonym_load_key(keypath, &o->pseudonym_key, &o->pseudonym_key_len, why, sizeof why) != 0)
            diag_add(d, vals[10].file, vals[10].line, "%s", keypath ? why : "out of memory");
        free(keypath);
    }
}

/* [organisation] scoring, score_bands and review_on (scoring_rules.c). */
static void load_scoring_rules(org_policy *o, const cfg_value *vals, diag_list *d)
{
    o->scoring = vals[11].e == 0 ? CCS_SCORING_LINEAR : CCS_SCORING_BANDS;
    char err[512];
    if (vals[12].text && score_bands_parse(vals[12].text, &o->score_bands, &o->nscore_bands, err,
                                           sizeof err) != 0)
        diag_add(d, vals[12].file, vals[12].line, "%s", err);
    o->review_on = vals[13].e; /* none=0 .. critical=4, as enum ccs_severity */
}

static void load_organisation(policy *p, diag_list *d)
{
    org_policy *o = &p->org;
    const pol_section *s = pol_find_section(&p->raw, "organisation", NULL);
    cfg_value vals[16];
    size_t nk = count_keys(organisation_keys);
    memset(vals, 0, sizeof vals);
    for (size_t i = 0; i < nk; i++) {
        char err[256];
        vals[i].key = &organisation_keys[i];
        if (organisation_keys[i].default_value)
            parse_key_value(&organisation_keys[i], organisation_keys[i].default_value, &vals[i], err, sizeof err);
    }
    if (!s)
        diag_add(d, p->path, 0, "no [organisation] section; it needs at least name and timezone");
    for (size_t j = 0; s && j < s->n; j++) {
        const pol_entry *e = &s->entries[j];
        const ccs_key *k = find_key(organisation_keys, e->key);
        if (!k) {
            char known[512];
            size_t used = 0;
            known[0] = '\0';
            for (size_t i = 0; i < nk && used < sizeof known; i++)
                used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                         organisation_keys[i].name);
            diag_add(d, e->file, e->line, "unknown key '%s' in [organisation]; known keys: %s", e->key, known);
            continue;
        }
        cfg_value *v = &vals[k - organisation_keys];
        char err[512];
        if (parse_key_value(k, e->value, v, err, sizeof err) != 0) {
            diag_add(d, e->file, e->line, "%s", err);
            continue;
        }
        v->file = e->file;
        v->line = e->line;
        if (strcmp(k->name, "timezone") == 0) {
            char why[512];
            if (calendar_set_timezone(e->value, why, sizeof why) != 0)
                diag_add(d, e->file, e->line, "%s", why);
        }
    }
    o->name = strdup(vals[0].text);
    o->timezone = strdup(vals[1].text);
    if (!vals[1].file) {
        char why[256];
        calendar_set_timezone(o->timezone, why, sizeof why);
    }
    o->period = (enum period_kind)vals[2].e;
    o->min_sample = (uint64_t)vals[3].i;
    o->fail_level = vals[4].e; /* none=0 .. critical=4, as enum fail_level */
    o->on_bad_row = vals[5].e;
    o->max_rejected = vals[14].d;
    o->on_bad_row_set = vals[5].file != NULL;
    if (vals[6].text) {
        size_t n;
        char **dirs = split_words(vals[6].text, ":", &n);
        o->plugin_path = calloc(n ? n : 1, sizeof *o->plugin_path);
        for (size_t i = 0; i < n; i++) {
            o->plugin_path[o->nplugin_path++] = resolve_path(dirs[i], vals[6].file);
            free(dirs[i]);
        }
        free(dirs);
    }
    o->modules = split_words(vals[7].text, " \t,", &o->nmodules);
    load_scoring_rules(o, vals, d);
    load_output_privacy(p, vals, d);
    o->modules_file = vals[7].file ? vals[7].file : p->path;
    o->modules_line = vals[7].line;
}

/* ------------------------------------------------------------ whole policy */

int policy_load(policy *p, const char *path, module_set *m, ccs_host *host,
                const ccs_host_api *api, diag_list *d)
{
    memset(p, 0, sizeof *p);
    p->path = strdup(path);
    size_t before = d->n;
    if (policy_file_load(path, &p->raw, d) != 0 && p->raw.n == 0)
        return -1;
    load_organisation(p, d);
    history_settings_load(p, NULL, d);
    ret_settings_load(p, NULL, d);
    for (size_t i = 0; i < p->org.nplugin_path; i++)
        modules_add_dir(m, p->org.plugin_path[i]);
    /* The installed folder comes after the policy's own. */
    if (m->builtin_dir)
        modules_add_dir(m, m->builtin_dir);
    for (size_t i = 0; i < p->org.nmodules; i++)
        modules_load(m, host, api, p->org.modules[i], d, p->org.modules_file, p->org.modules_line);

    for (size_t i = 0; i < p->raw.n; i++) {
        const pol_section *s = &p->raw.sections[i];
        int kind = kind_from_name(s->kind);
        if (!kind)
            continue; /* [organisation], done above; unknown kinds were reported by the reader */
        const pol_entry *use = pol_find_entry(s, "use");
        const char *cname = use ? use->value : s->name;
        const component_entry *comp = modules_find(m, kind, cname);
        if (!comp) {
            char avail[1024];
            size_t used = 0;
            avail[0] = '\0';
            for (size_t j = 0; j < m->ncomps && used < sizeof avail; j++)
                if (m->comps[j].comp.kind == kind)
                    used += (size_t)snprintf(avail + used, sizeof avail - used, "%s%s",
                                             used ? ", " : "", m->comps[j].comp.name);
            diag_add(d, use ? use->file : s->file, use ? use->line : s->line,
                     "no %s component '%s' in the loaded modules (available: %s); "
                     "load its module with 'modules' in [organisation] or set 'use ='",
                     s->kind, cname, used ? avail : "none");
            continue;
        }
        ccs_config *c = config_new(kind, s->name, comp, s->file, s->line, d);
        if (!c)
            continue;
        for (size_t j = 0; j < s->n; j++)
            config_set(c, &s->entries[j], d);
        if (kind == CCS_COMPONENT_METRIC) {
            const cfg_value *t = config_value(c, "target");
            const ccs_metric_ops *ops = comp->comp.ops;
            double target;
            char err[256];
            if (t && t->text && parse_target(ops->type, t->text, &target, err, sizeof err) != 0)
                diag_add(d, t->file, t->line, "%s", err);
            metric_rule rule;
            metric_rule_load(c, ops->type, metric_direction(c, ops), p->org.scoring, &rule, d);
        }
        push_instance(p, c);
    }
    team_targets_check(p, d);
    return d->n == before ? 0 : -1;
}

void policy_free(policy *p)
{
    for (size_t i = 0; i < p->ninstances; i++)
        config_free(p->instances[i]);
    free(p->instances);
    free(p->org.name);
    free(p->org.timezone);
    score_bands_free(p->org.score_bands, p->org.nscore_bands);
    for (size_t i = 0; i < p->org.nplugin_path; i++)
        free(p->org.plugin_path[i]);
    free(p->org.plugin_path);
    pseudonym_free_key(p->org.pseudonym_key, p->org.pseudonym_key_len);
    for (size_t i = 0; i < p->org.nmodules; i++)
        free(p->org.modules[i]);
    free(p->org.modules);
    policy_file_free(&p->raw);
    free(p->path);
    memset(p, 0, sizeof *p);
}
