#include "severity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"

static const char *const level_names[] = { "info", "advisory", "breach", "critical" };

static int level_of(const char *s, size_t len)
{
    for (int i = 0; i < 4; i++)
        if (strlen(level_names[i]) == len && strncmp(level_names[i], s, len) == 0)
            return CCS_SEV_INFO + i;
    return 0;
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* One "rule:level" item into *out; -1 with err. */
static int parse_item(const char *item, size_t len, rule_severity *out, char *err, size_t errlen)
{
    trim(&item, &len);
    const char *colon = memchr(item, ':', len);
    size_t rlen = colon ? (size_t)(colon - item) : len;
    const char *rule = item, *level = colon ? colon + 1 : "";
    size_t llen = colon ? len - rlen - 1 : 0;
    trim(&rule, &rlen);
    trim(&level, &llen);
    int shown = len > 60 ? 60 : (int)len;
    if (!colon || !rlen || !llen) {
        snprintf(err, errlen,
                 "severity: '%.*s' is not RULE:LEVEL; write e.g. severity = dp.cvv:critical, dp.retention:info",
                 shown, item);
        return -1;
    }
    int sev = level_of(level, llen);
    if (!sev) {
        snprintf(err, errlen,
                 "severity: unknown level '%.*s' for %.*s; use info, advisory, breach or critical (e.g. %.*s:breach)",
                 (int)(llen > 40 ? 40 : llen), level, (int)(rlen > 60 ? 60 : rlen), rule,
                 (int)(rlen > 60 ? 60 : rlen), rule);
        return -1;
    }
    out->rule = strndup(rule, rlen);
    out->severity = sev;
    return out->rule ? 0 : -1;
}

int severities_parse(const char *text, rule_severity **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ',';
    rule_severity *s = calloc(cap, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t k = 0;
    for (const char *p = text;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (parse_item(p, len, &s[k], err, errlen) != 0) {
            severities_free(s, k);
            return -1;
        }
        k++;
        if (!comma)
            break;
        p = comma + 1;
    }
    *out = s;
    *n = k;
    return 0;
}

void severities_free(rule_severity *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i].rule);
    free(s);
}

int severity_for(const rule_severity *s, size_t n, const char *rule, int fallback)
{
    for (size_t i = n; i-- > 0;) /* the last word on a rule wins */
        if (strcmp(s[i].rule, rule) == 0)
            return s[i].severity;
    return fallback;
}
