/* A stand-in for the engine, for unit tests that link a check plugin's
 * sources: typed keys from the component's declaration (defaults plus the
 * test's overrides), UTC as the organisation's calendar, a fixed column
 * table for extra columns, and findings kept in memory. */
#ifndef CCS_TEST_FAKEHOST_H
#define CCS_TEST_FAKEHOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"

typedef struct fake_cfg {
    const ccs_key *keys;
    const char *over[16][2];
} fake_cfg;

static const ccs_component *fake_component;
static ccs_finding fake_findings[512];
static size_t fake_nfindings;
static const char *fake_columns[16]; /* header of the stream being "read" */

static int fake_register(ccs_host *h, const ccs_component *c)
{
    (void)h;
    fake_component = c;
    return CCS_OK;
}

static void fake_log(ccs_host *h, int level, const char *fmt, ...)
{
    (void)h;
    (void)level;
    (void)fmt;
}

static const char *fake_value(const ccs_config *cfg, const char *key)
{
    const fake_cfg *c = (const fake_cfg *)cfg;
    for (int i = 0; i < 16 && c->over[i][0]; i++)
        if (strcmp(c->over[i][0], key) == 0)
            return c->over[i][1];
    for (const ccs_key *k = c->keys; k->name; k++)
        if (strcmp(k->name, key) == 0)
            return k->default_value;
    fprintf(stderr, "fakehost: unknown key %s\n", key);
    abort();
}

static int fake_has(const ccs_config *cfg, const char *key)
{
    return fake_value(cfg, key) != NULL;
}

static const char *fake_string(const ccs_config *cfg, const char *key)
{
    return fake_value(cfg, key);
}

static int64_t fake_int(const ccs_config *cfg, const char *key)
{
    return strtoll(fake_value(cfg, key), NULL, 10);
}

static double fake_number(const ccs_config *cfg, const char *key)
{
    return strtod(fake_value(cfg, key), NULL);
}

static int fake_bool(const ccs_config *cfg, const char *key)
{
    const char *v = fake_value(cfg, key);
    return strcmp(v, "yes") == 0 || strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
}

static int fake_enum(const ccs_config *cfg, const char *key)
{
    const fake_cfg *c = (const fake_cfg *)cfg;
    const char *v = fake_value(cfg, key);
    for (const ccs_key *k = c->keys; k->name; k++) {
        if (strcmp(k->name, key) != 0)
            continue;
        const char *p = k->choices;
        for (int idx = 0; p; idx++) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            if (n == strlen(v) && strncmp(p, v, n) == 0)
                return idx;
            p = bar ? bar + 1 : NULL;
        }
    }
    fprintf(stderr, "fakehost: bad enum %s = %s\n", key, v);
    abort();
}

static const char *fake_instance(const ccs_config *cfg)
{
    (void)cfg;
    return "test";
}

static void fake_local_time(ccs_host *h, int64_t utc, int32_t *day, int32_t *minute)
{
    (void)h;
    int64_t d = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
    *day = (int32_t)d;
    if (minute)
        *minute = (int32_t)((utc - d * 86400) / 60);
}

static int64_t fake_local_to_utc(ccs_host *h, int32_t day, int32_t second)
{
    (void)h;
    return (int64_t)day * 86400 + second;
}

static int fake_column_index(ccs_host *h, uint32_t stream, const char *name)
{
    (void)h;
    (void)stream;
    for (int i = 0; i < 16 && fake_columns[i]; i++)
        if (strcmp(fake_columns[i], name) == 0)
            return i;
    return -1;
}

static char *fake_dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int fake_add_finding(ccs_host *h, const ccs_finding *f)
{
    (void)h;
    if (fake_nfindings == sizeof fake_findings / sizeof fake_findings[0])
        return CCS_ERR;
    ccs_finding *c = &fake_findings[fake_nfindings++];
    c->rule = fake_dup(f->rule);
    c->severity = f->severity;
    c->owner = fake_dup(f->owner);
    c->reference = fake_dup(f->reference);
    c->agent_id = fake_dup(f->agent_id);
    c->measured = fake_dup(f->measured);
    c->limit = fake_dup(f->limit);
    c->message = fake_dup(f->message);
    return CCS_OK;
}

static int fake_add_section(ccs_host *h, const ccs_section *s)
{
    (void)h;
    (void)s;
    return CCS_OK;
}

/* Sections as data: handed to fake_on_section, when a test sets it, during
 * the call (the pointers are the plugin's, valid only then). */
static int (*fake_on_section)(const ccs_report_section *s);
static size_t fake_nreport_sections;

static int fake_add_report_section(ccs_host *h, const ccs_report_section *s)
{
    (void)h;
    fake_nreport_sections++;
    return fake_on_section ? fake_on_section(s) : CCS_OK;
}

static void fake_clear(void)
{
    for (size_t i = 0; i < fake_nfindings; i++) {
        ccs_finding *f = &fake_findings[i];
        free((char *)f->rule);
        free((char *)f->owner);
        free((char *)f->reference);
        free((char *)f->agent_id);
        free((char *)f->measured);
        free((char *)f->limit);
        free((char *)f->message);
    }
    fake_nfindings = 0;
}

static const ccs_host_api fake_api = {
    .size = sizeof(ccs_host_api),
    .abi_major = CCS_ABI_MAJOR,
    .abi_minor = CCS_ABI_MINOR,
    .register_component = fake_register,
    .log = fake_log,
    .config_has = fake_has,
    .config_string = fake_string,
    .config_int = fake_int,
    .config_number = fake_number,
    .config_bool = fake_bool,
    .config_enum = fake_enum,
    .config_instance = fake_instance,
    .local_time = fake_local_time,
    .local_to_utc = fake_local_to_utc,
    .column_index = fake_column_index,
    .add_finding = fake_add_finding,
    .add_section = fake_add_section,
    .add_report_section = fake_add_report_section,
};

/* How many findings of a rule. */
static size_t fake_count(const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < fake_nfindings; i++)
        n += strcmp(fake_findings[i].rule, rule) == 0;
    return n;
}

/* The first finding of a rule, or NULL. */
static const ccs_finding *fake_first(const char *rule)
{
    for (size_t i = 0; i < fake_nfindings; i++)
        if (strcmp(fake_findings[i].rule, rule) == 0)
            return &fake_findings[i];
    return NULL;
}

#endif
