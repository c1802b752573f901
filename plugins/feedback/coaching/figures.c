/* coaching: one figure at a time: its label in words, its value and
 * differences in its own terms, how far past target it is, whether it
 * improved, and where to find it on a scorecard. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "coaching.h"

static const struct label {
    const char *metric, *label;
} labels[] = {
    { "handled", "contacts handled" },
    { "aht", "average handle time" },
    { "acw", "after-call work" },
    { "hold", "hold time" },
    { "talk", "talk time" },
    { "asa", "speed of answer" },
    { "fcr", "first-contact resolution" },
    { "transfer_rate", "transfer rate" },
    { "csat", "customer satisfaction" },
    { "nps", "NPS" },
    { "service_level", "service level" },
    { "abandon_rate", "abandon rate" },
    { "qa", "quality score" },
};

const char *co_label_of(const char *metric)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].metric, metric) == 0)
            return labels[i].label;
    return metric;
}

int co_is_seconds(const ccs_metric_score *m)
{
    return m->unit && strcmp(m->unit, "s") == 0;
}

void co_fmt_value(char *buf, size_t len, const ccs_metric_score *m, double v)
{
    if (m->type == CCS_METRIC_RATE)
        snprintf(buf, len, "%.1f%%", v * 100.0);
    else if (co_is_seconds(m))
        snprintf(buf, len, "%.0f seconds", v);
    else if (m->type == CCS_METRIC_INDEX)
        snprintf(buf, len, "%.0f", v);
    else
        snprintf(buf, len, "%.1f", v);
}

/* An absolute difference, in the figure's own terms. */
void co_fmt_diff(char *buf, size_t len, const ccs_metric_score *m, double d)
{
    d = fabs(d);
    if (m->type == CCS_METRIC_RATE)
        snprintf(buf, len, "%.1f points", d * 100.0);
    else if (co_is_seconds(m))
        snprintf(buf, len, "%.0f second%s", d, floor(d + 0.5) == 1 ? "" : "s");
    else
        snprintf(buf, len, "%.1f points", d);
}

/* How far past the target, relative, positive on the good side. */
double co_margin(const ccs_metric_score *m, double target)
{
    double diff = (m->direction < 0 ? -1.0 : 1.0) * (m->value - target);
    return target != 0 ? diff / fabs(target) : diff;
}

/* Improvement since the previous period, in the good direction (0 when none
 * or unknown).  A change smaller than half a point (rates) or 1% (others) is
 * noise and not called an improvement. */
double co_improvement(const ccs_metric_score *m)
{
    if (!m->defined || !m->has_previous)
        return 0;
    double d = (m->direction < 0 ? -1.0 : 1.0) * (m->value - m->previous);
    double floor_ = m->type == CCS_METRIC_RATE ? 0.005 : fabs(m->previous) * 0.01;
    return d > floor_ ? d : 0;
}

int co_judged(const ccs_metric_score *m)
{
    return m->defined && m->has_target &&
           (m->status == CCS_STATUS_MEETS || m->status == CCS_STATUS_NEAR || m->status == CCS_STATUS_BELOW);
}

const ccs_metric_score *co_metric_of(const ccs_scorecard *c, const char *name)
{
    for (size_t i = 0; c && i < c->nmetrics; i++)
        if (strcmp(c->metrics[i].name, name) == 0)
            return &c->metrics[i];
    return NULL;
}

const ccs_scorecard *co_team_card(const ccs_report *r, const char *team)
{
    for (size_t i = 0; team && i < r->nteams; i++)
        if (r->teams[i].id && strcmp(r->teams[i].id, team) == 0)
            return &r->teams[i];
    return NULL;
}

const char *co_first_name(const char *name, char *buf, size_t len)
{
    if (!name || !*name)
        return NULL;
    const char *sp = strchr(name, ' ');
    snprintf(buf, len, "%.*s", sp ? (int)(sp - name) : (int)strlen(name), name);
    return buf;
}

int co_pressure_metric(const char *name)
{
    return strcmp(name, "service_level") == 0 || strcmp(name, "abandon_rate") == 0 || strcmp(name, "asa") == 0;
}

