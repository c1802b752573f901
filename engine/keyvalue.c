/* Key values as the policy writes them, parsed against their declaration
 * (ccs_key): whole numbers, numbers, percents, yes/no, choices; metric
 * targets; output_mode.  Declared in policy.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy.h"

#define NOLIMIT 0, 0

static int parse_number_text(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_int(const ccs_key *k, const char *text, cfg_value *out, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end || errno) {
        snprintf(err, errlen, "'%s' must be a whole number, not '%s'", k->name, text);
        return -1;
    }
    if (k->min < k->max && (v < k->min || v > k->max)) {
        snprintf(err, errlen, "'%s' = %lld is out of range %.15g..%.15g", k->name, v, k->min, k->max);
        return -1;
    }
    out->i = v;
    out->d = (double)v;
    return 0;
}

/* Numbers, and percents: 85% or a fraction like 0.85. */
static int parse_number(const ccs_key *k, const char *text, cfg_value *out, char *err, size_t errlen)
{
    size_t len = strlen(text);
    int percent = len > 0 && text[len - 1] == '%';
    char buf[64];
    if (len >= sizeof buf) {
        snprintf(err, errlen, "'%s' must be a number", k->name);
        return -1;
    }
    memcpy(buf, text, len + 1);
    if (percent) {
        buf[len - 1] = '\0';
        while (len > 1 && isspace((unsigned char)buf[len - 2]))
            buf[--len - 1] = '\0';
    }
    double v;
    if ((percent && k->type != CCS_KEY_PERCENT) || parse_number_text(buf, &v) != 0) {
        snprintf(err, errlen, "'%s' must be a %s, not '%s'", k->name,
                 k->type == CCS_KEY_PERCENT ? "percentage like 85% or a fraction like 0.85" : "number",
                 text);
        return -1;
    }
    if (percent)
        v /= 100.0;
    else if (k->type == CCS_KEY_PERCENT && v > 1.0) {
        snprintf(err, errlen, "'%s' = %s is more than 1: write a percentage as %s%%", k->name, text, text);
        return -1;
    }
    if (k->min < k->max && (v < k->min || v > k->max)) {
        if (k->type == CCS_KEY_PERCENT)
            snprintf(err, errlen, "'%s' = %s is out of range %.15g%%..%.15g%%", k->name, text,
                     k->min * 100, k->max * 100);
        else
            snprintf(err, errlen, "'%s' = %s is out of range %.15g..%.15g", k->name, text, k->min, k->max);
        return -1;
    }
    out->d = v;
    return 0;
}

static int parse_bool(const ccs_key *k, const char *text, cfg_value *out, char *err, size_t errlen)
{
    static const char *yes[] = { "yes", "true", "on", "1" }, *no[] = { "no", "false", "off", "0" };
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(text, yes[i]) == 0) {
            out->b = 1;
            return 0;
        }
        if (strcasecmp(text, no[i]) == 0) {
            out->b = 0;
            return 0;
        }
    }
    snprintf(err, errlen, "'%s' must be yes or no, not '%s'", k->name, text);
    return -1;
}

static int parse_enum(const ccs_key *k, const char *text, cfg_value *out, char *err, size_t errlen)
{
    const char *c = k->choices ? k->choices : "";
    size_t tlen = strlen(text);
    for (int idx = 0;; idx++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == tlen && strncmp(c, text, len) == 0) {
            out->e = idx;
            return 0;
        }
        if (!bar)
            break;
        c = bar + 1;
    }
    char shown[256];
    snprintf(shown, sizeof shown, "%s", k->choices ? k->choices : "");
    for (char *p = shown; *p; p++)
        if (*p == '|')
            *p = ',';
    snprintf(err, errlen, "'%s' must be one of %s, not '%s'", k->name, shown, text);
    return -1;
}

int parse_key_value(const ccs_key *k, const char *text, cfg_value *out, char *err, size_t errlen)
{
    out->text = text;
    switch (k->type) {
    case CCS_KEY_STRING:
    case CCS_KEY_PATH:
        return 0;
    case CCS_KEY_INT:
        return parse_int(k, text, out, err, errlen);
    case CCS_KEY_NUMBER:
    case CCS_KEY_PERCENT:
        return parse_number(k, text, out, err, errlen);
    case CCS_KEY_BOOL:
        return parse_bool(k, text, out, err, errlen);
    case CCS_KEY_ENUM:
        return parse_enum(k, text, out, err, errlen);
    }
    snprintf(err, errlen, "'%s' has an unknown type", k->name);
    return -1;
}

int parse_target(int metric_type, const char *text, double *out, char *err, size_t errlen)
{
    ccs_key k = { "target", metric_type == CCS_METRIC_RATE ? CCS_KEY_PERCENT : CCS_KEY_NUMBER,
                  NULL, NULL, NULL, NOLIMIT };
    cfg_value v;
    if (parse_key_value(&k, text, &v, err, errlen) != 0)
        return -1;
    if (metric_type == CCS_METRIC_RATE && (v.d < 0 || v.d > 1)) {
        snprintf(err, errlen, "'target' = %s is out of range 0%%..100%%", text);
        return -1;
    }
    *out = v.d;
    return 0;
}

int parse_file_mode(const char *text, unsigned *mode, char *why, size_t whylen)
{
    unsigned v = 0;
    size_t n = strlen(text);
    int ok = n >= 1 && n <= 4;
    for (size_t i = 0; ok && i < n; i++) {
        if (text[i] < '0' || text[i] > '7')
            ok = 0;
        else
            v = v * 8 + (unsigned)(text[i] - '0');
    }
    if (!ok || v > 0777) {
        snprintf(why, whylen, "'output_mode' must be a file mode in octal from 0000 to 0777, like 0640, not '%s'", text);
        return -1;
    }
    if (v & 0002) {
        snprintf(why, whylen, "'output_mode' = %s would let anyone change the reports: drop the others' write bit (e.g. 0640)", text);
        return -1;
    }
    *mode = v;
    return 0;
}
