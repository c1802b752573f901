/* ccscore compare: what moves between two reports of the same data (the
 * figures whose status differs, scores, findings), and the output. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "history.h"
#include "json.h"
#include "vec.h"

const char *cmp_status_name(int status)
{
    return history_status_name(status);
}

static const ccs_metric_score *find_metric(const ccs_scorecard *c, const char *name, size_t *at)
{
    for (size_t i = 0; i < c->nmetrics; i++)
        if (strcmp(c->metrics[i].name, name) == 0) {
            *at = i;
            return &c->metrics[i];
        }
    return NULL;
}

static int status_of(const ccs_metric_score *m)
{
    return m ? m->status : CCS_STATUS_NONE;
}

static int add_change(cmp_result *out, size_t *cap, const ccs_report *ra, const ccs_report *rb,
                      const ccs_scorecard *ca, const ccs_scorecard *cb, const char *name)
{
    size_t ia = 0, ib = 0;
    const ccs_metric_score *ma = find_metric(ca, name, &ia), *mb = find_metric(cb, name, &ib);
    if (status_of(ma) == status_of(mb))
        return 0;
    if (out->nchanges == *cap) {
        size_t n = *cap ? *cap * 2 : 64;
        cmp_change *g = realloc(out->changes, n * sizeof *g);
        if (!g)
            return -1;
        out->changes = g;
        *cap = n;
    }
    const ccs_card_scoring *sa = ccs_card_scoring_of(ra, ca), *sb = ccs_card_scoring_of(rb, cb);
    out->changes[out->nchanges++] = (cmp_change){ cb, name, ma, mb, ma && sa ? &sa->figures[ia] : NULL,
                                                  mb && sb ? &sb->figures[ib] : NULL };
    return 0;
}

/* Figures of one pair of cards: the proposed policy's metrics in its order,
 * then those only the current one has. */
static int diff_cards(cmp_result *out, size_t *cap, const ccs_report *ra, const ccs_report *rb,
                      const ccs_scorecard *ca, const ccs_scorecard *cb)
{
    size_t at;
    for (size_t i = 0; i < cb->nmetrics; i++)
        if (add_change(out, cap, ra, rb, ca, cb, cb->metrics[i].name) != 0)
            return -1;
    for (size_t i = 0; i < ca->nmetrics; i++)
        if (!find_metric(cb, ca->metrics[i].name, &at) && add_change(out, cap, ra, rb, ca, cb, ca->metrics[i].name) != 0)
            return -1;
    return 0;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_finding(const ccs_finding *a, const ccs_finding *b)
{
    return a->severity == b->severity && same_str(a->rule, b->rule) && same_str(a->reference, b->reference) &&
           same_str(a->agent_id, b->agent_id) && same_str(a->measured, b->measured) &&
           same_str(a->limit, b->limit);
}

/* Findings in `from` with no equal one in `other` (each matched once). */
static const ccs_finding **unmatched(const ccs_report *from, const ccs_report *other, size_t *n)
{
    *n = 0;
    const ccs_finding **list = calloc(from->nfindings + 1, sizeof *list);
    unsigned char *used = calloc(other->nfindings + 1, 1);
    for (size_t i = 0; list && used && i < from->nfindings; i++) {
        size_t k = 0;
        while (k < other->nfindings && (used[k] || !same_finding(&from->findings[i], &other->findings[k])))
            k++;
        if (k < other->nfindings)
            used[k] = 1;
        else
            list[(*n)++] = &from->findings[i];
    }
    free(used);
    if (!used) {
        free(list);
        return NULL;
    }
    return list;
}

static int agent_sentences(cmp_result *c);
static int other_sentences(cmp_result *c);

int compare_diff(const scored *cur, const scored *prop, cmp_result *out)
{
    const ccs_report *ra = &cur->model.rep, *rb = &prop->model.rep;
    memset(out, 0, sizeof *out);
    out->cur = cur;
    out->prop = prop;
    size_t cap = 0;
    /* Both reports hold the same agents and teams: the cards come from the
     * same data, in the same order. */
    for (size_t i = 0; i < ra->nagents && i < rb->nagents; i++)
        if (diff_cards(out, &cap, ra, rb, &ra->agents[i], &rb->agents[i]) != 0)
            return -1;
    for (size_t i = 0; i < ra->nteams && i < rb->nteams; i++)
        if (diff_cards(out, &cap, ra, rb, &ra->teams[i], &rb->teams[i]) != 0)
            return -1;
    if (diff_cards(out, &cap, ra, rb, ra->organisation_card, rb->organisation_card) != 0)
        return -1;
    out->appear = unmatched(rb, ra, &out->nappear);
    out->disappear = unmatched(ra, rb, &out->ndisappear);
    if (!out->appear || !out->disappear)
        return -1;
    return agent_sentences(out) == 0 && other_sentences(out) == 0 ? 0 : -1;
}

void compare_result_free(cmp_result *c)
{
    free(c->changes);
    free(c->appear);
    free(c->disappear);
    for (size_t i = 0; i < c->nsummary; i++)
        free(c->summary[i]);
    free(c->summary);
    memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------ summary */

static const char *entity_name(int e)
{
    return history_entity_name(e);
}

/* "7 agents newly fall below on aht, 5 of them in team south." for every
 * metric and status the agents move to; the teams' and organisation's moves
 * one by one. */
static const char *move_words(int status, int plural)
{
    switch (status) {
    case CCS_STATUS_BELOW: return plural ? "newly fall below" : "newly falls below";
    case CCS_STATUS_NEAR: return plural ? "newly come near the target" : "newly comes near the target";
    case CCS_STATUS_MEETS: return plural ? "newly meet the target" : "newly meets the target";
    case CCS_STATUS_INSUFFICIENT: return plural ? "newly have not enough data" : "newly has not enough data";
    default: return plural ? "are no longer judged" : "is no longer judged";
    }
}

/* The team with most of these agents' moves (ties: the first by id). */
static const char *top_team(const cmp_result *c, const char *metric, int status, size_t *count)
{
    const char *best = NULL;
    *count = 0;
    for (size_t i = 0; i < c->nchanges; i++) {
        const cmp_change *x = &c->changes[i];
        if (x->card->entity != CCS_ENTITY_AGENT || strcmp(x->metric, metric) || status_of(x->after) != status ||
            !x->card->team || !*x->card->team)
            continue;
        size_t n = 0;
        for (size_t k = 0; k < c->nchanges; k++) {
            const cmp_change *y = &c->changes[k];
            n += y->card->entity == CCS_ENTITY_AGENT && !strcmp(y->metric, metric) && status_of(y->after) == status &&
                 y->card->team && !strcmp(y->card->team, x->card->team);
        }
        if (n > *count || (n == *count && best && strcmp(x->card->team, best) < 0)) {
            best = x->card->team;
            *count = n;
        }
    }
    return best;
}

static int seen_before(const cmp_result *c, size_t upto, const char *metric)
{
    for (size_t i = 0; i < upto; i++)
        if (strcmp(c->changes[i].metric, metric) == 0)
            return 1;
    return 0;
}

static int say(cmp_result *c, const char *line)
{
    char **slot = VEC_PUSH(c->summary, c->nsummary, c->capsummary);
    return slot && (*slot = strdup(line)) ? 0 : -1;
}

static int agent_sentences(cmp_result *c)
{
    static const int order[] = { CCS_STATUS_BELOW, CCS_STATUS_NEAR, CCS_STATUS_MEETS, CCS_STATUS_INSUFFICIENT,
                                 CCS_STATUS_NONE };
    for (size_t i = 0; i < c->nchanges; i++) {
        const char *metric = c->changes[i].metric;
        if (seen_before(c, i, metric))
            continue;
        for (size_t s = 0; s < sizeof order / sizeof *order; s++) {
            size_t n = 0, in_team;
            for (size_t k = 0; k < c->nchanges; k++)
                n += c->changes[k].card->entity == CCS_ENTITY_AGENT && !strcmp(c->changes[k].metric, metric) &&
                     status_of(c->changes[k].after) == order[s];
            if (!n)
                continue;
            const char *team = top_team(c, metric, order[s], &in_team);
            char line[512];
            int len = snprintf(line, sizeof line, "Under the proposed policy %zu agent%s %s on %s", n,
                               n == 1 ? "" : "s", move_words(order[s], n != 1), metric);
            if (team && n > 1 && in_team == n)
                snprintf(line + len, sizeof line - (size_t)len, ", all in team %s.", team);
            else if (team && n > 1)
                snprintf(line + len, sizeof line - (size_t)len, ", %zu of them in team %s.", in_team, team);
            else
                snprintf(line + len, sizeof line - (size_t)len, ".");
            if (say(c, line) != 0)
                return -1;
        }
    }
    return 0;
}

static int other_sentences(cmp_result *c)
{
    char line[512];
    for (size_t i = 0; i < c->nchanges; i++) {
        const cmp_change *x = &c->changes[i];
        if (x->card->entity == CCS_ENTITY_AGENT)
            continue;
        if (x->card->entity == CCS_ENTITY_TEAM)
            snprintf(line, sizeof line, "Team %s %s on %s.", x->card->id, move_words(status_of(x->after), 0), x->metric);
        else
            snprintf(line, sizeof line, "The organisation %s on %s.", move_words(status_of(x->after), 0), x->metric);
        if (say(c, line) != 0)
            return -1;
    }
    if (!c->nchanges && say(c, "No figure changes status under the proposed policy.") != 0)
        return -1;
    const ccs_scorecard *oa = c->cur->model.rep.organisation_card, *ob = c->prop->model.rep.organisation_card;
    int len = 0;
    if (oa->has_score && ob->has_score)
        len = snprintf(line, sizeof line, "The organisation's score moves from %.1f to %.1f; ", oa->score, ob->score);
    snprintf(line + len, sizeof line - (size_t)len, "%zu finding%s appear%s, %zu disappear%s.", c->nappear,
             c->nappear == 1 ? "" : "s", c->nappear == 1 ? "s" : "", c->ndisappear, c->ndisappear == 1 ? "s" : "");
    return say(c, line);
}

/* ------------------------------------------------------------ text */

static const char *severity_word(int s);

void cmp_format_value(char *buf, size_t len, int type, const char *unit, double v)
{
    if (type == CCS_METRIC_RATE)
        snprintf(buf, len, "%.1f%%", v * 100);
    else if (unit && strcmp(unit, "s") == 0)
        snprintf(buf, len, "%.0f s", v);
    else
        snprintf(buf, len, "%.1f", v);
}

static void fmt_value(char *buf, size_t len, const ccs_metric_score *m, int has, double v)
{
    if (!m || !has)
        snprintf(buf, len, "-");
    else
        cmp_format_value(buf, len, m->type, m->unit, v);
}

static const char *status_words(const ccs_metric_score *m)
{
    if (!m)
        return "not in policy";
    const char *s = cmp_status_name(m->status);
    return s ? s : "not judged";
}

static void points_text(char *buf, size_t len, const ccs_figure_points *p)
{
    if (p && p->has_points)
        snprintf(buf, len, "%.1f", p->points);
    else
        snprintf(buf, len, "-");
}

static void text_change(FILE *f, const cmp_change *x)
{
    const ccs_metric_score *v = x->after ? x->after : x->before;
    char val[32], tb[32], ta[32], pb[16], pa[16];
    fmt_value(val, sizeof val, v, v->defined, v->value);
    fmt_value(tb, sizeof tb, x->before ? x->before : v, x->before && x->before->has_target,
              x->before ? x->before->target : 0);
    fmt_value(ta, sizeof ta, x->after ? x->after : v, x->after && x->after->has_target,
              x->after ? x->after->target : 0);
    points_text(pb, sizeof pb, x->pb);
    points_text(pa, sizeof pa, x->pa);
    fprintf(f, "  %-12s %-10s %-14s %9s n=%-5llu target %s -> %s   %s -> %s   points %s -> %s\n",
            entity_name(x->card->entity), x->card->id, x->metric, val, (unsigned long long)v->n, tb, ta,
            status_words(x->before), status_words(x->after), pb, pa);
}

static void text_scores(FILE *f, const ccs_report *ra, const ccs_report *rb)
{
    fprintf(f, "\nScores (before -> after)\n");
    size_t nb = rb->nagents + rb->nteams + 1;
    for (size_t i = 0; i < nb; i++) {
        const ccs_scorecard *a, *b;
        if (i < rb->nagents)
            a = &ra->agents[i], b = &rb->agents[i];
        else if (i < rb->nagents + rb->nteams)
            a = &ra->teams[i - rb->nagents], b = &rb->teams[i - rb->nagents];
        else
            a = ra->organisation_card, b = rb->organisation_card;
        char sa[16] = "-", sb[16] = "-", dd[16] = "";
        if (a->has_score)
            snprintf(sa, sizeof sa, "%.1f", a->score);
        if (b->has_score)
            snprintf(sb, sizeof sb, "%.1f", b->score);
        if (a->has_score && b->has_score && fabs(b->score - a->score) >= 0.05)
            snprintf(dd, sizeof dd, "%+.1f", b->score - a->score);
        fprintf(f, "  %-12s %-24s %6s -> %6s  %s\n", entity_name(b->entity), b->id, sa, sb, dd);
    }
}

static void text_findings(FILE *f, const char *title, const ccs_finding *const *list, size_t n)
{
    fprintf(f, "\nFindings that %s (%zu)\n", title, n);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-28s %-9s %-10s %s\n", list[i]->rule, severity_word(list[i]->severity),
                list[i]->agent_id ? list[i]->agent_id : "",
                list[i]->reference ? list[i]->reference : "");
}

int compare_write_text(void *arg, FILE *f)
{
    const cmp_result *c = arg;
    const ccs_report *ra = &c->cur->model.rep, *rb = &c->prop->model.rep;
    fprintf(f, "Compare: %s (current) with %s (proposed)\nPeriod %s (%s to %s)\n\nSummary\n",
            c->cur->host.pol.path, c->prop->host.pol.path, rb->period, rb->period_start, rb->period_end);
    for (size_t i = 0; i < c->nsummary; i++)
        fprintf(f, "  %s\n", c->summary[i]);
    fprintf(f, "\nFigures whose status moves (%zu)\n", c->nchanges);
    for (size_t i = 0; i < c->nchanges; i++)
        text_change(f, &c->changes[i]);
    text_scores(f, ra, rb);
    text_findings(f, "appear", c->appear, c->nappear);
    text_findings(f, "disappear", c->disappear, c->ndisappear);
    return ferror(f) ? -1 : 0;
}

/* ------------------------------------------------------------ JSON */

static void json_side(jsonw *w, const ccs_metric_score *m, const ccs_figure_points *p)
{
    jsonw_inline(w);
    jsonw_begin_object(w);
    jsonw_key(w, "target");
    if (m && m->has_target)
        jsonw_number(w, m->target);
    else
        jsonw_null(w);
    jsonw_key(w, "status");
    jsonw_string(w, m ? cmp_status_name(m->status) : NULL);
    jsonw_key(w, "points");
    if (p && p->has_points)
        jsonw_number(w, p->points);
    else
        jsonw_null(w);
    jsonw_key(w, "in_policy");
    jsonw_bool(w, m != NULL);
    jsonw_end_object(w);
}

static void json_changes(jsonw *w, const cmp_result *c)
{
    jsonw_key(w, "changes");
    jsonw_begin_array(w);
    for (size_t i = 0; i < c->nchanges; i++) {
        const cmp_change *x = &c->changes[i];
        const ccs_metric_score *v = x->after ? x->after : x->before;
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "entity");
        jsonw_string(w, entity_name(x->card->entity));
        jsonw_key(w, "id");
        jsonw_string(w, x->card->id);
        jsonw_key(w, "metric");
        jsonw_string(w, x->metric);
        jsonw_key(w, "value");
        if (v->defined)
            jsonw_number(w, v->value);
        else
            jsonw_null(w);
        jsonw_key(w, "n");
        jsonw_uint(w, v->n);
        jsonw_key(w, "before");
        json_side(w, x->before, x->pb);
        jsonw_key(w, "after");
        json_side(w, x->after, x->pa);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

static void json_score(jsonw *w, const ccs_scorecard *a, const ccs_scorecard *b)
{
    jsonw_inline(w);
    jsonw_begin_object(w);
    jsonw_key(w, "entity");
    jsonw_string(w, entity_name(b->entity));
    jsonw_key(w, "id");
    jsonw_string(w, b->id);
    jsonw_key(w, "before");
    if (a->has_score)
        jsonw_number(w, a->score);
    else
        jsonw_null(w);
    jsonw_key(w, "after");
    if (b->has_score)
        jsonw_number(w, b->score);
    else
        jsonw_null(w);
    jsonw_end_object(w);
}

static const char *severity_word(int s)
{
    static const char *names[] = { "info", "advisory", "breach", "critical" };
    return s >= CCS_SEV_INFO && s <= CCS_SEV_CRITICAL ? names[s - CCS_SEV_INFO] : "unknown";
}

static void json_findings(jsonw *w, const char *key, const ccs_finding *const *list, size_t n)
{
    jsonw_key(w, key);
    jsonw_begin_array(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_inline(w);
        jsonw_begin_object(w);
        jsonw_key(w, "rule");
        jsonw_string(w, list[i]->rule);
        jsonw_key(w, "severity");
        jsonw_string(w, severity_word(list[i]->severity));
        jsonw_key(w, "agent");
        jsonw_string(w, list[i]->agent_id);
        jsonw_key(w, "reference");
        jsonw_string(w, list[i]->reference);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

int compare_write_json(void *arg, FILE *f)
{
    const cmp_result *c = arg;
    const ccs_report *ra = &c->cur->model.rep, *rb = &c->prop->model.rep;
    jsonw w;
    jsonw_file(&w, f, 1);
    jsonw_begin_object(&w);
    jsonw_key(&w, "period");
    jsonw_string(&w, rb->period);
    jsonw_key(&w, "current");
    jsonw_string(&w, c->cur->host.pol.path);
    jsonw_key(&w, "proposed");
    jsonw_string(&w, c->prop->host.pol.path);
    json_changes(&w, c);
    jsonw_key(&w, "scores");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < rb->nagents; i++)
        json_score(&w, &ra->agents[i], &rb->agents[i]);
    for (size_t i = 0; i < rb->nteams; i++)
        json_score(&w, &ra->teams[i], &rb->teams[i]);
    json_score(&w, ra->organisation_card, rb->organisation_card);
    jsonw_end_array(&w);
    jsonw_key(&w, "findings");
    jsonw_begin_object(&w);
    json_findings(&w, "appear", c->appear, c->nappear);
    json_findings(&w, "disappear", c->disappear, c->ndisappear);
    jsonw_end_object(&w);
    jsonw_key(&w, "summary");
    jsonw_begin_array(&w);
    for (size_t i = 0; i < c->nsummary; i++)
        jsonw_string(&w, c->summary[i]);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    return w.err || ferror(f) ? -1 : 0;
}
