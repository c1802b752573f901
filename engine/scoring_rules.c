#include "scoring_rules.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

/* Split "a, b, c" into trimmed items (in place); -1 when one is empty. */
static int split_list(char *s, char **items, size_t cap, size_t *n)
{
    *n = 0;
    for (char *tok = s;;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        if (!len || *n == cap)
            return -1;
        items[(*n)++] = tok;
        if (!comma)
            return 0;
        tok = comma + 1;
    }
}

static int parse_bands(const cfg_value *v, int metric_type, int direction, metric_rule *out,
                       diag_list *d)
{
    char buf[512], *items[MAX_BANDS + 1], err[256];
    snprintf(buf, sizeof buf, "%s", v->text);
    if (split_list(buf, items, MAX_BANDS, &out->nbands) != 0) {
        diag_add(d, v->file, v->line, "'bands' must list 1 to %d thresholds separated by commas, "
                 "best first (bands = 300, 360, 420), not '%s'", MAX_BANDS, v->text);
        return -1;
    }
    for (size_t i = 0; i < out->nbands; i++) {
        if (parse_target(metric_type, items[i], &out->bands[i], err, sizeof err) != 0) {
            diag_add(d, v->file, v->line, "'bands' threshold %zu: %s", i + 1, err);
            return -1;
        }
        if (i && (direction < 0 ? out->bands[i] <= out->bands[i - 1]
                                : out->bands[i] >= out->bands[i - 1])) {
            diag_add(d, v->file, v->line, "'bands' thresholds out of order: %s after %s; list them "
                     "best first, each %s than the one before (this metric's %s is better)",
                     items[i], items[i - 1], direction < 0 ? "higher" : "lower",
                     direction < 0 ? "lower" : "higher");
            return -1;
        }
    }
    return 0;
}

static int parse_points(const cfg_value *v, size_t nbands, metric_rule *out, diag_list *d)
{
    char buf[512], *items[MAX_BANDS + 2];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", v->text);
    if (split_list(buf, items, MAX_BANDS + 2, &n) != 0 || n != nbands + 1) {
        diag_add(d, v->file, v->line, "'points' needs %zu values (one more than the %zu band "
                 "thresholds: the last is for values worse than every threshold), not '%s'",
                 nbands + 1, nbands, v->text);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char *end;
        double p = strtod(items[i], &end);
        if (*end || end == items[i] || !(p >= 0 && p <= 100)) {
            diag_add(d, v->file, v->line, "'points' value %zu is '%s': points are numbers from 0 "
                     "to 100", i + 1, items[i]);
            return -1;
        }
        if (i && p > out->points[i - 1]) {
            diag_add(d, v->file, v->line, "'points' rise from %s to %s: a worse band cannot earn "
                     "more points; list them best band first", items[i - 1], items[i]);
            return -1;
        }
        out->points[i] = p;
    }
    return 0;
}

int metric_rule_load(const ccs_config *c, int metric_type, int direction, int org_method,
                     metric_rule *out, diag_list *d)
{
    diag_list scratch;
    diag_init(&scratch);
    diag_list *to = d ? d : &scratch;
    size_t before = to->n;
    memset(out, 0, sizeof *out);
    const cfg_value *m = config_value(c, "scoring"), *b = config_value(c, "bands"),
                    *p = config_value(c, "points");
    int method = m && m->text ? (m->e == 0 ? CCS_SCORING_LINEAR : CCS_SCORING_BANDS) : org_method;
    int has_b = b && b->text, has_p = p && p->text;
    const char *whose = m && m->text ? "" : " (the organisation's default)";
    if (method == CCS_SCORING_BANDS && (!has_b || !has_p)) {
        diag_add(to, m && m->text ? m->file : c->file, m && m->text ? m->line : c->line,
                 "[metric %s] is scored by bands%s but has no '%s'; add bands = T1, T2, ... (best "
                 "first) and points = P0, P1, ... (one more value, 0-100)", c->instance, whose,
                 has_b ? "points" : "bands");
    } else if (method == CCS_SCORING_LINEAR && (has_b || has_p)) {
        const cfg_value *x = has_b ? b : p;
        diag_add(to, x->file, x->line, "'%s' is only read when scoring = bands, and [metric %s] is "
                 "scored linear%s; add scoring = bands or remove it", has_b ? "bands" : "points",
                 c->instance, whose);
    } else if (method == CCS_SCORING_BANDS && parse_bands(b, metric_type, direction, out, to) == 0) {
        parse_points(p, out->nbands, out, to);
    }
    int bad = to->n != before;
    diag_free(&scratch);
    if (bad) {
        memset(out, 0, sizeof *out);
        out->method = CCS_SCORING_LINEAR;
        return -1;
    }
    out->method = method;
    return 0;
}

static int label_ok(const char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != ' ' && *s != '-' && *s != '_')
            return 0;
    return 1;
}

int score_bands_parse(const char *text, ccs_score_band **out, size_t *n, char *err, size_t errlen)
{
    char buf[512], *items[MAX_BANDS];
    size_t k = 0;
    *out = NULL;
    *n = 0;
    snprintf(buf, sizeof buf, "%s", text);
    if (split_list(buf, items, MAX_BANDS, &k) != 0) {
        snprintf(err, errlen, "'score_bands' lists up to %d bands as 'LOWEST-SCORE LABEL' separated "
                 "by commas (90 excellent, 75 good, 60 developing, 0 needs support), not '%s'",
                 MAX_BANDS, text);
        return -1;
    }
    ccs_score_band *b = calloc(k, sizeof *b);
    for (size_t i = 0; b && i < k; i++) {
        char *end;
        double from = strtod(items[i], &end);
        while (isspace((unsigned char)*end))
            end++;
        const char *why = NULL;
        if (end == items[i] || !(from >= 0 && from <= 100))
            why = "must start with its lowest score, 0 to 100";
        else if (!*end || !label_ok(end))
            why = "needs a label of letters, digits, spaces, '-' or '_' after its lowest score";
        else if (i && from >= b[i - 1].from)
            why = "starts no lower than the band before it; list bands highest first";
        else if (i + 1 == k && from != 0)
            why = "is the last and must start at 0, so that every score has a band";
        if (why) {
            snprintf(err, errlen, "'score_bands' band %zu ('%s') %s", i + 1, items[i], why);
            score_bands_free(b, i);
            return -1;
        }
        b[i].from = from;
        b[i].label = strdup(end);
    }
    *out = b;
    *n = b ? k : 0;
    return b ? 0 : -1;
}

void score_bands_free(ccs_score_band *b, size_t n)
{
    for (size_t i = 0; b && i < n; i++)
        free((char *)b[i].label);
    free(b);
}

const char *score_band_of(const ccs_score_band *b, size_t n, double score)
{
    /* Scores are means of decimals held in binary: allow for rounding at an edge. */
    for (size_t i = 0; i < n; i++)
        if (score >= b[i].from - 1e-9)
            return b[i].label;
    return NULL;
}

double band_points(const metric_rule *r, int direction, double value)
{
    for (size_t i = 0; i < r->nbands; i++) {
        double t = r->bands[i], tol = 1e-9 * fmax(fabs(t), fabs(value));
        if (direction < 0 ? value <= t + tol : value >= t - tol)
            return r->points[i];
    }
    return r->points[r->nbands];
}

int figure_points(const ccs_metric_score *m, const metric_rule *r, uint64_t min_sample,
                  int applies, double *points)
{
    if (r && r->method == CCS_SCORING_BANDS) {
        if (!applies || !m->defined || m->n < min_sample)
            return -1;
        *points = band_points(r, m->direction, m->value);
        return 0;
    }
    if (m->status != CCS_STATUS_MEETS && m->status != CCS_STATUS_NEAR &&
        m->status != CCS_STATUS_BELOW)
        return -1;
    *points = m->gap < 1.0 ? 100.0 * (1.0 - m->gap) : 0.0;
    return 0;
}

int weighted_points(const ccs_metric_score *m, const ccs_figure_points *p, size_t n, double *score)
{
    double sum = 0.0, weights = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!p[i].has_points)
            continue;
        sum += m[i].weight * p[i].points;
        weights += m[i].weight;
    }
    if (weights <= 0.0)
        return -1;
    *score = sum / weights;
    return 0;
}
