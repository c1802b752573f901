/* coaching: motivational feedback for agents and teams, rendered from the
 * organisation's mustache templates.
 *
 * For each agent it builds a view model from the scorecard: strengths first
 * (figures meeting target, largest margin first, and improvements since the
 * previous period), then at most max_focus focus areas taken in the order of
 * the scorecard's shortfalls (largest weighted gap first), each with a next
 * action from the organisation's action library (action_<metric>.mustache),
 * a buddy (a teammate who meets that target with a margin and enough sample)
 * and what closing the gap means for the team (impact_<metric>.mustache).
 * Figures with too little data are listed as such, never as shortfalls.  Team
 * feedback celebrates the team's results and names nobody.
 *
 * Templates live in the folder `templates`; a file of the same name in the
 * organisation's folder `overrides` replaces it.  Every template of both
 * folders is compiled when the policy loads, so a template error is a policy
 * error (file:line: error: ...) that `ccscore check-config` reports.
 *
 * The plugin also adds a report section "coaching" (JSON): per agent the
 * opening, strengths, focus areas and buddies it chose, for audit and tests.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "mustache.h"
#include "strbuf.h"

static const ccs_host_api *api;

/* ================================================================ templates */

typedef struct tpl {
    char *name;                /* file name without .mustache */
    mst_template *t;
} tpl;

typedef struct coaching {
    char *dir, *over;
    int formal, detailed, max_focus;
    double buddy_margin;
    uint64_t buddy_min_n;
    tpl *tpls;
    size_t ntpls;
} coaching;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *p = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got + 1 > cap) {
            cap = (n + got + 1) * 2;
            char *grown = realloc(p, cap);
            if (!grown) {
                free(p);
                fclose(f);
                return NULL;
            }
            p = grown;
        }
        memcpy(p + n, chunk, got);
        n += got;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(p);
        return NULL;
    }
    if (!p)
        p = calloc(1, 1);
    else
        p[n] = '\0';
    *len = n;
    return p;
}

static char *join(const char *dir, const char *name, const char *ext)
{
    size_t len = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s%s", dir, name, ext);
    return p;
}

/* The file of template `name`: the organisation's override, else the base. */
static char *locate(const coaching *c, const char *name)
{
    const char *dirs[2] = { c->over, c->dir };
    for (int i = 0; i < 2; i++) {
        if (!dirs[i])
            continue;
        char *path = join(dirs[i], name, ".mustache");
        FILE *f = path ? fopen(path, "rb") : NULL;
        if (f) {
            fclose(f);
            return path;
        }
        free(path);
    }
    return NULL;
}

static char *load_partial(void *arg, const char *name, size_t *len, char **file)
{
    const coaching *c = arg;
    /* Partial names are file names in the template folders: no paths. */
    if (!*name || strchr(name, '/') || name[0] == '.')
        return NULL;
    char *path = locate(c, name);
    if (!path)
        return NULL;
    char *text = read_file(path, len);
    if (!text) {
        free(path);
        return NULL;
    }
    *file = path;
    return text;
}

static const mst_template *find_tpl(const coaching *c, const char *name)
{
    for (size_t i = 0; i < c->ntpls; i++)
        if (strcmp(c->tpls[i].name, name) == 0)
            return c->tpls[i].t;
    return NULL;
}

static void report_error(ccs_host *host, const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report_error(ccs_host *host, const char *file, uint64_t line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (api->size >= offsetof(ccs_host_api, error_at) + sizeof api->error_at && api->error_at)
        api->error_at(host, file, line, "%s", msg);
    else
        api->log(host, CCS_LOG_ERROR, "%s:%llu: %s", file ? file : "", (unsigned long long)line, msg);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Compile every template of both folders (each name once, the override
 * winning).  Returns the number of errors. */
static int compile_all(ccs_host *host, coaching *c)
{
    int errors = 0;
    const char *dirs[2] = { c->over, c->dir };
    for (int d = 0; d < 2; d++) {
        if (!dirs[d])
            continue;
        DIR *dh = opendir(dirs[d]);
        if (!dh) {
            report_error(host, dirs[d], 0, "cannot open the template folder: %s", strerror(errno));
            errors++;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".mustache"))
                continue;
            size_t nlen = strlen(e->d_name) - strlen(".mustache");
            char *name = strndup(e->d_name, nlen);
            if (!name || find_tpl(c, name)) {
                free(name);
                continue;
            }
            int dup = 0;
            for (size_t i = 0; i < c->ntpls && !dup; i++)
                dup = strcmp(c->tpls[i].name, name) == 0;
            if (dup) { /* seen (and failed) in the overrides */
                free(name);
                continue;
            }
            char *path = join(dirs[d], name, ".mustache");
            size_t len = 0;
            char *text = path ? read_file(path, &len) : NULL;
            tpl *grown = realloc(c->tpls, (c->ntpls + 1) * sizeof *grown);
            if (!text || !grown) {
                report_error(host, path, 0, "cannot read this template: %s", strerror(errno));
                errors++;
                free(text);
                free(path);
                free(name);
                if (grown)
                    c->tpls = grown;
                continue;
            }
            c->tpls = grown;
            mst_options opt = { load_partial, c, 1 };
            mst_error err;
            mst_template *t = mst_compile(text, len, path, &opt, &err);
            if (!t) {
                report_error(host, err.file, (uint64_t)err.line, "%s", err.message);
                errors++;
            }
            c->tpls[c->ntpls].name = name;
            c->tpls[c->ntpls].t = t;
            c->ntpls++;
            free(text);
            free(path);
        }
        closedir(dh);
    }
    return errors;
}

/* ================================================================ figures */

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

static const char *label_of(const char *metric)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].metric, metric) == 0)
            return labels[i].label;
    return metric;
}

static int is_seconds(const ccs_metric_score *m)
{
    return m->unit && strcmp(m->unit, "s") == 0;
}

static void fmt_value(char *buf, size_t len, const ccs_metric_score *m, double v)
{
    if (m->type == CCS_METRIC_RATE)
        snprintf(buf, len, "%.1f%%", v * 100.0);
    else if (is_seconds(m))
        snprintf(buf, len, "%.0f seconds", v);
    else if (m->type == CCS_METRIC_INDEX)
        snprintf(buf, len, "%.0f", v);
    else
        snprintf(buf, len, "%.1f", v);
}

/* An absolute difference, in the figure's own terms. */
static void fmt_diff(char *buf, size_t len, const ccs_metric_score *m, double d)
{
    d = fabs(d);
    if (m->type == CCS_METRIC_RATE)
        snprintf(buf, len, "%.1f points", d * 100.0);
    else if (is_seconds(m))
        snprintf(buf, len, "%.0f second%s", d, floor(d + 0.5) == 1 ? "" : "s");
    else
        snprintf(buf, len, "%.1f points", d);
}

/* How far past the target, relative, positive on the good side. */
static double margin(const ccs_metric_score *m, double target)
{
    double diff = (m->direction < 0 ? -1.0 : 1.0) * (m->value - target);
    return target != 0 ? diff / fabs(target) : diff;
}

/* Improvement since the previous period, in the good direction (0 when none
 * or unknown).  A change smaller than half a point (rates) or 1% (others) is
 * noise and not called an improvement. */
static double improvement(const ccs_metric_score *m)
{
    if (!m->defined || !m->has_previous)
        return 0;
    double d = (m->direction < 0 ? -1.0 : 1.0) * (m->value - m->previous);
    double floor_ = m->type == CCS_METRIC_RATE ? 0.005 : fabs(m->previous) * 0.01;
    return d > floor_ ? d : 0;
}

static int judged(const ccs_metric_score *m)
{
    return m->defined && m->has_target &&
           (m->status == CCS_STATUS_MEETS || m->status == CCS_STATUS_NEAR || m->status == CCS_STATUS_BELOW);
}

static const ccs_metric_score *metric_of(const ccs_scorecard *c, const char *name)
{
    for (size_t i = 0; c && i < c->nmetrics; i++)
        if (strcmp(c->metrics[i].name, name) == 0)
            return &c->metrics[i];
    return NULL;
}

static const ccs_scorecard *team_card(const ccs_report *r, const char *team)
{
    for (size_t i = 0; team && i < r->nteams; i++)
        if (r->teams[i].id && strcmp(r->teams[i].id, team) == 0)
            return &r->teams[i];
    return NULL;
}

static const char *first_name(const char *name, char *buf, size_t len)
{
    if (!name || !*name)
        return NULL;
    const char *sp = strchr(name, ' ');
    snprintf(buf, len, "%.*s", sp ? (int)(sp - name) : (int)strlen(name), name);
    return buf;
}

/* ================================================================ JSON section */


/* ================================================================ agents */

typedef struct pick {
    const ccs_metric_score *m;
    double key;
} pick;

static int by_key_desc(const void *a, const void *b)
{
    double x = ((const pick *)a)->key, y = ((const pick *)b)->key;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* A teammate who meets this target (their own, and the agent's) with at least
 * the policy's margin on enough contacts; the largest margin wins. */
static const ccs_scorecard *find_buddy(const coaching *c, const ccs_report *r, const ccs_scorecard *agent,
                                       const ccs_metric_score *m)
{
    const ccs_scorecard *best = NULL;
    double best_margin = 0;
    uint64_t best_n = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *o = &r->agents[i];
        if (o == agent || !o->team || !agent->team || strcmp(o->team, agent->team) != 0 ||
            strcmp(o->id, agent->id) == 0)
            continue;
        const ccs_metric_score *om = metric_of(o, m->name);
        if (!om || !om->defined || om->status != CCS_STATUS_MEETS || om->n < c->buddy_min_n)
            continue;
        double own = margin(om, om->target), theirs = margin(om, m->target);
        double mg = own < theirs ? own : theirs;
        if (mg < c->buddy_margin)
            continue;
        if (!best || mg > best_margin || (mg == best_margin && om->n > best_n)) {
            best = o;
            best_margin = mg;
            best_n = om->n;
        }
    }
    return best;
}

static char *render_named(const coaching *c, const char *prefix, const char *metric, const mst_value *ctx)
{
    char name[256];
    snprintf(name, sizeof name, "%s%s", prefix, metric);
    const mst_template *t = find_tpl(c, name);
    if (!t) {
        snprintf(name, sizeof name, "%sdefault", prefix);
        t = find_tpl(c, name);
    }
    char *out = NULL;
    size_t len;
    if (!t || mst_render(t, ctx, MST_ESCAPE_NONE, &out, &len, NULL) != 0)
        return NULL;
    /* One paragraph: drop the file's trailing newlines. */
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return out;
}

/* Mark the first and last item of a list of maps, for joins in templates
 * ("a, b and c"). */
static mst_value *ends(mst_value *list)
{
    for (size_t i = 0; list && i < list->n; i++) {
        mst_put_bool(list->items[i], "first", i == 0);
        mst_put_bool(list->items[i], "last", i + 1 == list->n);
        mst_put_bool(list->items[i], "penultimate", i + 2 == list->n);
    }
    return list;
}

/* Figures shared by every metric entry of the view model. */
static mst_value *metric_entry(const ccs_metric_score *m)
{
    char v[64], t[64];
    mst_value *e = mst_map();
    fmt_value(v, sizeof v, m, m->value);
    mst_put_str(e, "metric", m->name);
    mst_put_str(e, "label", label_of(m->name));
    mst_put_str(e, "value", v);
    mst_put_num(e, "n", (double)m->n);
    if (m->has_target) {
        fmt_value(t, sizeof t, m, m->target);
        mst_put_str(e, "target", t);
        fmt_diff(t, sizeof t, m, m->value - m->target);
        mst_put_str(e, "difference", t);
    }
    mst_put_bool(e, "objective", m->target_from_objective);
    mst_put_bool(e, "lower_is_better", m->direction < 0);
    if (m->has_previous) {
        char p[64], d[64];
        fmt_value(p, sizeof p, m, m->previous);
        fmt_diff(d, sizeof d, m, m->value - m->previous);
        mst_put_str(e, "previous", p);
        mst_put_str(e, "change", d);
        double better = (m->direction < 0 ? -1.0 : 1.0) * (m->value - m->previous);
        mst_put_bool(e, "improved", improvement(m) > 0);
        mst_put_bool(e, "slipped", better < 0 && improvement(m) == 0 &&
                                       fabs(m->value - m->previous) > (m->type == CCS_METRIC_RATE ? 0.005 : fabs(m->previous) * 0.01));
        mst_put_bool(e, "steady", improvement(m) == 0 && better >= 0);
    }
    const char *st = m->status == CCS_STATUS_MEETS ? "on target"
                   : m->status == CCS_STATUS_NEAR ? "just short of target"
                   : m->status == CCS_STATUS_BELOW ? "short of target"
                   : m->status == CCS_STATUS_INSUFFICIENT ? "not enough data yet" : "no target";
    mst_put_str(e, "status", st);
    mst_put_bool(e, "meets", m->status == CCS_STATUS_MEETS);
    mst_put_bool(e, "near", m->status == CCS_STATUS_NEAR);
    mst_put_bool(e, "below", m->status == CCS_STATUS_BELOW);
    mst_put_bool(e, "insufficient", m->status == CCS_STATUS_INSUFFICIENT);
    return e;
}

/* What closing this gap means for the team: numbers for impact_<metric>. */
static void add_team_effect(mst_value *e, const ccs_metric_score *m, const ccs_scorecard *agent,
                            const ccs_scorecard *team)
{
    const ccs_metric_score *handled = metric_of(agent, "handled");
    double volume = handled && handled->defined ? handled->value : (double)m->n;
    mst_put_num(e, "volume", volume);
    double gain = fabs(m->target - m->value); /* in the metric's unit */
    if (m->type == CCS_METRIC_RATE) {
        mst_put_num(e, "contacts", floor(gain * (double)m->n + 0.5));
        mst_put_num(e, "five_points", floor(0.05 * (double)m->n + 0.5));
    } else if (is_seconds(m)) {
        char h[32];
        snprintf(h, sizeof h, "%.1f", gain * volume / 3600.0);
        mst_put_str(e, "hours", h);
    }
    const ccs_metric_score *tm = metric_of(team, m->name);
    if (tm && tm->defined && tm->n > 0 && m->n <= tm->n) {
        /* The team's figure is the mean over its contacts: the agent's share
         * of them moves it by share x gain. */
        double share = (double)m->n / (double)tm->n;
        double after = tm->value + (m->direction < 0 ? -1.0 : 1.0) * share * gain;
        char a[64], b[64];
        fmt_value(a, sizeof a, tm, tm->value);
        fmt_value(b, sizeof b, tm, after);
        mst_put_str(e, "team_now", a);
        mst_put_str(e, "team_after", b);
        if (tm->has_target) {
            fmt_value(a, sizeof a, tm, tm->target);
            mst_put_str(e, "team_target", a);
        }
        mst_put_num(e, "share", floor(share * 100.0 + 0.5));
    }
}

/* Render the agent or team template in the policy's style and hand the text
 * to the host. */
static int emit_feedback(const coaching *c, ccs_host *host, const mst_value *v, int entity,
                         const char *id)
{
    const char *who = entity == CCS_ENTITY_AGENT ? "agent" : "team";
    const char *style = c->formal ? "formal" : "informal";
    char name[64];
    snprintf(name, sizeof name, "%s_%s", who, style);
    const mst_template *t = find_tpl(c, name);
    char *text = NULL;
    size_t len;
    int rc = t && mst_render(t, v, MST_ESCAPE_NONE, &text, &len, NULL) == 0 ? CCS_OK : CCS_ERR;
    if (rc == CCS_OK)
        rc = api->add_feedback(host, &(ccs_feedback_text){ entity, id, style, text });
    else
        api->log(host, CCS_LOG_ERROR, "could not render the feedback of %s %s", who, id);
    free(text);
    return rc;
}

static int agent_feedback(const coaching *c, ccs_host *host, const ccs_report *r, const ccs_scorecard *a,
                          strbuf *sec, int first)
{
    const ccs_scorecard *team = team_card(r, a->team);
    mst_value *v = mst_map();
    char fn[128];
    mst_put_str(v, "id", a->id);
    mst_put_str(v, "name", a->name ? a->name : a->id);
    mst_put_str(v, "first_name", first_name(a->name, fn, sizeof fn) ? fn : a->id);
    mst_put_str(v, "team", a->team ? a->team : "");
    mst_put_str(v, "period", r->period);
    mst_put_str(v, "period_kind", r->period_kind);
    mst_put_str(v, "period_start", r->period_start);
    mst_put_str(v, "period_end", r->period_end);
    if (r->previous_period)
        mst_put_str(v, "previous_period", r->previous_period);
    mst_put_bool(v, "formal", c->formal);
    mst_put_bool(v, "informal", !c->formal);
    mst_put_bool(v, "detailed", c->detailed);
    mst_put_bool(v, "summary", !c->detailed);
    if (a->has_score)
        mst_put_strf(v, "score", "%.0f", a->score);

    /* Strengths: meeting target, largest margin first. */
    pick *picks = calloc(a->nmetrics ? a->nmetrics : 1, sizeof *picks);
    size_t np = 0, njudged = 0, nbelow = 0;
    for (size_t i = 0; i < a->nmetrics; i++) {
        const ccs_metric_score *m = &a->metrics[i];
        if (judged(m)) {
            njudged++;
            nbelow += m->status == CCS_STATUS_BELOW;
        }
        if (judged(m) && m->status == CCS_STATUS_MEETS)
            picks[np++] = (pick){ m, margin(m, m->target) + (improvement(m) > 0 ? 0.0 : 0.0) };
    }
    qsort(picks, np, sizeof *picks, by_key_desc);
    size_t nshow = c->detailed ? np : (np < 3 ? np : 3);
    mst_value *strengths = mst_list(), *more = mst_list();
    for (size_t i = 0; i < nshow; i++) {
        mst_push(strengths, metric_entry(picks[i].m));
        if (i > 0)
            mst_push(more, metric_entry(picks[i].m));
    }
    /* Improvements since last period on figures not (yet) on target. */
    mst_value *improved = mst_list();
    const ccs_metric_score *first_improved = NULL;
    for (size_t i = 0; i < a->nmetrics; i++) {
        const ccs_metric_score *m = &a->metrics[i];
        if (judged(m) && m->status != CCS_STATUS_MEETS && improvement(m) > 0) {
            mst_push(improved, metric_entry(m));
            if (!first_improved)
                first_improved = m;
        }
    }
    const char *opening = np ? "strength" : first_improved ? "improvement" : "neutral";
    mst_put(v, "opening_strength", np ? metric_entry(picks[0].m) : mst_bool(0));
    mst_put(v, "opening_improvement", !np && first_improved ? metric_entry(first_improved) : mst_bool(0));
    mst_put_bool(v, "opening_neutral", !np && !first_improved);
    mst_put_bool(v, "has_strengths", np > 0);
    mst_put(v, "strengths", ends(strengths));
    mst_put_bool(v, "has_more_strengths", more->n > 0);
    mst_put(v, "more_strengths", ends(more));
    mst_put(v, "improvements", ends(improved));

    /* Focus areas: the shortfalls in order of weighted gap, never a figure
     * with too little data. */
    mst_value *focus = mst_list();
    const ccs_metric_score *chosen[16];
    const ccs_scorecard *buddies[16];
    size_t nfocus = 0;
    for (size_t k = 0; k < a->nshortfalls && nfocus < (size_t)c->max_focus && nfocus < 16; k++) {
        const ccs_metric_score *m = &a->metrics[a->shortfalls[k]];
        if (!judged(m) || m->status == CCS_STATUS_MEETS)
            continue;
        mst_value *e = metric_entry(m);
        mst_put_num(e, "rank", (double)(nfocus + 1));
        add_team_effect(e, m, a, team);
        mst_put_str(e, "first_name", first_name(a->name, fn, sizeof fn) ? fn : a->id);
        mst_put_str(e, "period_kind", r->period_kind);
        const ccs_scorecard *b = find_buddy(c, r, a, m);
        if (b) {
            mst_value *bv = mst_map();
            char bfn[128];
            mst_put_str(bv, "name", b->name ? b->name : b->id);
            mst_put_str(bv, "first_name", first_name(b->name, bfn, sizeof bfn) ? bfn : b->id);
            mst_put(e, "buddy", bv);
        }
        char *action = render_named(c, "action_", m->name, e);
        if (action) {
            mst_put_str(e, "action", action);
            free(action);
        }
        char *impact = render_named(c, "impact_", m->name, e);
        if (impact) {
            mst_put_str(e, "impact", impact);
            free(impact);
        }
        chosen[nfocus] = m;
        buddies[nfocus] = b;
        nfocus++;
        mst_push(focus, e);
    }
    mst_put(v, "focus", ends(focus));
    mst_put_bool(v, "has_focus", nfocus > 0);
    mst_put_bool(v, "single_focus", nfocus == 1);
    /* Most judged figures below target (not just near): careful wording. */
    int careful = njudged > 0 && nbelow * 2 > njudged;
    mst_put_bool(v, "careful", careful);
    mst_put_bool(v, "all_on_target", njudged > 0 && np == njudged);

    mst_value *insufficient = mst_list(), *objectives = mst_list(), *all = mst_list();
    for (size_t i = 0; i < a->nmetrics; i++) {
        const ccs_metric_score *m = &a->metrics[i];
        if (m->status == CCS_STATUS_INSUFFICIENT && m->has_target)
            mst_push(insufficient, metric_entry(m));
        if (m->target_from_objective && m->has_target)
            mst_push(objectives, metric_entry(m));
        if (m->has_target && m->defined)
            mst_push(all, metric_entry(m));
    }
    mst_put_bool(v, "has_insufficient", insufficient->n > 0);
    mst_put(v, "insufficient", ends(insufficient));
    mst_put_bool(v, "has_objectives", objectives->n > 0);
    mst_put(v, "objectives", ends(objectives));
    mst_put(v, "metrics", ends(all));

    mst_value *findings = mst_list();
    for (size_t i = 0; i < r->nfindings; i++) {
        const ccs_finding *f = &r->findings[i];
        if (!f->agent_id || strcmp(f->agent_id, a->id) != 0)
            continue;
        mst_value *e = mst_map();
        mst_put_str(e, "rule", f->rule);
        mst_put_str(e, "message", f->message ? f->message : "");
        mst_push(findings, e);
    }
    mst_put_bool(v, "has_findings", findings->n > 0);
    mst_put(v, "findings", ends(findings));

    const ccs_metric_score *handled = metric_of(a, "handled"), *th = metric_of(team, "handled");
    if (handled && handled->defined && th && th->defined && th->value > 0) {
        mst_put_num(v, "contacts", handled->value);
        mst_put_num(v, "team_contacts", th->value);
        mst_put_num(v, "team_share", floor(100.0 * handled->value / th->value + 0.5));
    }

    int rc = emit_feedback(c, host, v, CCS_ENTITY_AGENT, a->id);
    mst_free(v);

    /* What was chosen, for the report's "coaching" section. */
    strbuf_puts(sec, first ? "\n    {\"id\": " : ",\n    {\"id\": ");
    strbuf_json(sec, a->id);
    strbuf_puts(sec, ", \"opening\": ");
    strbuf_json(sec, opening);
    strbuf_puts(sec, ", \"careful\": ");
    strbuf_puts(sec, careful ? "true" : "false");
    strbuf_puts(sec, ", \"strengths\": [");
    for (size_t i = 0; i < nshow; i++) {
        strbuf_puts(sec, i ? ", " : "");
        strbuf_json(sec, picks[i].m->name);
    }
    strbuf_puts(sec, "], \"focus\": [");
    for (size_t i = 0; i < nfocus; i++) {
        strbuf_puts(sec, i ? ", {\"metric\": " : "{\"metric\": ");
        strbuf_json(sec, chosen[i]->name);
        strbuf_puts(sec, ", \"label\": ");
        strbuf_json(sec, label_of(chosen[i]->name));
        strbuf_puts(sec, ", \"buddy\": ");
        if (buddies[i])
            strbuf_json(sec, buddies[i]->id);
        else
            strbuf_puts(sec, "null");
        strbuf_puts(sec, "}");
    }
    strbuf_puts(sec, "], \"labels\": {");
    int any = 0;
    for (size_t i = 0; i < a->nmetrics; i++) {
        if (!a->metrics[i].has_target)
            continue;
        strbuf_puts(sec, any++ ? ", " : "");
        strbuf_json(sec, a->metrics[i].name);
        strbuf_puts(sec, ": ");
        strbuf_json(sec, label_of(a->metrics[i].name));
    }
    strbuf_puts(sec, "}}");
    free(picks);
    if (rc != CCS_OK)
        api->log(host, CCS_LOG_ERROR, "could not render the feedback of agent %s", a->id);
    return rc;
}

/* ================================================================ teams */

static int pressure_metric(const char *name)
{
    return strcmp(name, "service_level") == 0 || strcmp(name, "abandon_rate") == 0 || strcmp(name, "asa") == 0;
}


/* How many of the team's agents are judged on this figure, and how many of
 * them meet it (counts only: team texts name no one). */
static void put_team_meeting(mst_value *e, const ccs_report *r, const ccs_scorecard *tc,
                             const ccs_metric_score *m)
{
    size_t meeting = 0, counted = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const ccs_scorecard *ag = &r->agents[i];
        if (!ag->team || strcmp(ag->team, tc->id) != 0)
            continue;
        const ccs_metric_score *am = metric_of(ag, m->name);
        if (am && judged(am)) {
            counted++;
            meeting += am->status == CCS_STATUS_MEETS;
        }
    }
    mst_put_num(e, "meeting", (double)meeting);
    mst_put_num(e, "counted", (double)counted);
    mst_put_bool(e, "some_meeting", meeting > 0);
}

static int team_feedback(const coaching *c, ccs_host *host, const ccs_report *r, const ccs_scorecard *tc)
{
    mst_value *v = mst_map();
    mst_put_str(v, "team", tc->id);
    mst_put_str(v, "period", r->period);
    mst_put_str(v, "period_kind", r->period_kind);
    mst_put_str(v, "period_start", r->period_start);
    mst_put_str(v, "period_end", r->period_end);
    if (r->previous_period)
        mst_put_str(v, "previous_period", r->previous_period);
    mst_put_bool(v, "formal", c->formal);
    mst_put_bool(v, "detailed", c->detailed);
    if (tc->has_score)
        mst_put_strf(v, "score", "%.0f", tc->score);

    size_t members = 0;
    for (size_t i = 0; i < r->nagents; i++)
        members += r->agents[i].team && strcmp(r->agents[i].team, tc->id) == 0;
    mst_put_num(v, "members", (double)members);

    /* How many members meet each target: counts, never names. */
    pick *picks = calloc(tc->nmetrics ? tc->nmetrics : 1, sizeof *picks);
    size_t np = 0;
    mst_value *wins = mst_list(), *improved = mst_list(), *all = mst_list(), *pressure = mst_list();
    for (size_t i = 0; i < tc->nmetrics; i++) {
        const ccs_metric_score *m = &tc->metrics[i];
        if (judged(m) && m->status == CCS_STATUS_MEETS && !pressure_metric(m->name))
            picks[np++] = (pick){ m, margin(m, m->target) };
        else if (judged(m) && improvement(m) > 0 && !pressure_metric(m->name))
            mst_push(improved, metric_entry(m));
        if (m->has_target && m->defined && !pressure_metric(m->name)) {
            mst_value *e = metric_entry(m);
            put_team_meeting(e, r, tc, m);
            mst_push(all, e);
        }
    }
    qsort(picks, np, sizeof *picks, by_key_desc);
    for (size_t i = 0; i < np && (c->detailed || i < 3); i++)
        mst_push(wins, metric_entry(picks[i].m));
    mst_put_bool(v, "has_wins", wins->n > 0);
    mst_put(v, "wins", ends(wins));
    mst_put(v, "improvements", ends(improved));
    mst_put(v, "metrics", ends(all));

    mst_value *focus = mst_list();
    size_t nfocus = 0;
    for (size_t k = 0; k < tc->nshortfalls && nfocus < (size_t)c->max_focus; k++) {
        const ccs_metric_score *m = &tc->metrics[tc->shortfalls[k]];
        if (!judged(m) || m->status == CCS_STATUS_MEETS || pressure_metric(m->name))
            continue;
        mst_value *e = metric_entry(m);
        put_team_meeting(e, r, tc, m);
        mst_put_str(e, "period_kind", r->period_kind);
        char *action = render_named(c, "team_action_", m->name, e);
        if (action) {
            mst_put_str(e, "action", action);
            free(action);
        }
        mst_push(focus, e);
        nfocus++;
    }
    mst_put_bool(v, "has_focus", nfocus > 0);
    mst_put(v, "focus", ends(focus));

    /* Service-level pressure: the team's own figures, then the queues'. */
    for (size_t i = 0; i < tc->nmetrics; i++) {
        const ccs_metric_score *m = &tc->metrics[i];
        if (pressure_metric(m->name) && judged(m) && m->status != CCS_STATUS_MEETS) {
            mst_value *e = metric_entry(m);
            mst_put_str(e, "where", "our team's calls");
            mst_push(pressure, e);
        }
    }
    for (size_t q = 0; q < r->nqueues; q++)
        for (size_t i = 0; i < r->queues[q].nmetrics; i++) {
            const ccs_metric_score *m = &r->queues[q].metrics[i];
            if (pressure_metric(m->name) && judged(m) && m->status != CCS_STATUS_MEETS) {
                mst_value *e = metric_entry(m);
                mst_put_strf(e, "where", "the %s queue", r->queues[q].id);
                mst_push(pressure, e);
            }
        }
    mst_value *held = mst_list();
    for (size_t i = 0; i < tc->nmetrics; i++) {
        const ccs_metric_score *m = &tc->metrics[i];
        if (pressure_metric(m->name) && judged(m) && m->status == CCS_STATUS_MEETS)
            mst_push(held, metric_entry(m));
    }
    mst_put_bool(v, "has_pressure", pressure->n > 0);
    mst_put(v, "pressure", ends(pressure));
    mst_put(v, "service_held", ends(held));

    int rc = emit_feedback(c, host, v, CCS_ENTITY_TEAM, tc->id);
    free(picks);
    mst_free(v);
    return rc;
}

/* ================================================================ component */

static int coaching_render(void *inst, ccs_host *host, const ccs_report *r)
{
    const coaching *c = inst;
    strbuf sec = { 0 };
    strbuf_puts(&sec, "{\"max_focus\": ");
    char num[32];
    snprintf(num, sizeof num, "%d", c->max_focus);
    strbuf_puts(&sec, num);
    strbuf_puts(&sec, ", \"style\": ");
    strbuf_json(&sec, c->formal ? "formal" : "informal");
    strbuf_puts(&sec, ", \"agents\": [");
    int rc = CCS_OK;
    for (size_t i = 0; i < r->nagents && rc == CCS_OK; i++)
        rc = agent_feedback(c, host, r, &r->agents[i], &sec, i == 0);
    strbuf_puts(&sec, r->nagents ? "\n  ]}" : "]}");
    for (size_t i = 0; i < r->nteams && rc == CCS_OK; i++)
        rc = team_feedback(c, host, r, &r->teams[i]);
    if (rc == CCS_OK && !sec.oom && api->size >= offsetof(ccs_host_api, add_section) + sizeof api->add_section)
        rc = api->add_section(host, &(ccs_section){ "coaching", "Coaching choices", NULL, sec.p });
    free(sec.p);
    return sec.oom ? CCS_ERR : rc;
}

static void coaching_destroy(void *inst)
{
    coaching *c = inst;
    if (!c)
        return;
    for (size_t i = 0; i < c->ntpls; i++) {
        mst_template_free(c->tpls[i].t);
        free(c->tpls[i].name);
    }
    free(c->tpls);
    free(c->dir);
    free(c->over);
    free(c);
}

static int coaching_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    const char *dir = api->config_string(cfg, "templates");
    if (!dir || !*dir) {
        api->log(host, CCS_LOG_ERROR, "needs 'templates = FOLDER' (e.g. ../templates/en)");
        return CCS_ERR;
    }
    coaching *c = calloc(1, sizeof *c);
    if (!c)
        return CCS_ERR;
    c->dir = strdup(dir);
    const char *over = api->config_has(cfg, "overrides") ? api->config_string(cfg, "overrides") : NULL;
    c->over = over && *over ? strdup(over) : NULL;
    c->formal = api->config_enum(cfg, "style") == 1;
    c->detailed = api->config_enum(cfg, "depth") == 1;
    c->max_focus = (int)api->config_int(cfg, "max_focus");
    c->buddy_margin = api->config_number(cfg, "buddy_margin");
    c->buddy_min_n = (uint64_t)api->config_int(cfg, "buddy_min_n");
    int errors = compile_all(host, c);
    const char *need[2] = { c->formal ? "agent_formal" : "agent_informal", c->formal ? "team_formal" : "team_informal" };
    for (int i = 0; i < 2; i++)
        if (!find_tpl(c, need[i]) && !errors) {
            report_error(host, c->dir, 0, "no template %s.mustache here%s%s: style = %s needs it", need[i],
                         c->over ? " or in " : "", c->over ? c->over : "", c->formal ? "formal" : "informal");
            errors++;
        }
    if (errors) {
        coaching_destroy(c);
        return CCS_ERR;
    }
    *inst = c;
    return CCS_OK;
}

#define NOLIMIT 0, 0
static const ccs_key coaching_keys[] = {
    { "templates", CCS_KEY_PATH, NULL, "folder of the feedback templates (e.g. ../templates/en)", NULL, NOLIMIT },
    { "overrides", CCS_KEY_PATH, NULL, "the organisation's folder: its templates replace those of the same name",
      NULL, NOLIMIT },
    { "style", CCS_KEY_ENUM, "informal", "informal: a short weekly note; formal: a review with trends and objectives",
      "informal|formal", NOLIMIT },
    { "depth", CCS_KEY_ENUM, "summary", "how much data to pass on", "summary|detailed", NOLIMIT },
    { "max_focus", CCS_KEY_INT, "2", "most focus areas per person", NULL, 1, 3 },
    { "buddy_margin", CCS_KEY_PERCENT, "5%", "a buddy beats the target by at least this share of it", NULL, 0, 1 },
    { "buddy_min_n", CCS_KEY_INT, "0",
      "a buddy's figure rests on at least this many observations (0: the figure's own minimum sample)", NULL, 0, 1e9 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static const ccs_feedback_ops coaching_ops = { sizeof(ccs_feedback_ops), coaching_render };

static const ccs_component coaching_component = {
    sizeof(ccs_component), CCS_COMPONENT_FEEDBACK, "coaching",
    "motivational feedback per agent and team from the organisation's templates",
    coaching_keys, coaching_create, coaching_destroy, &coaching_ops,
};

static int coaching_init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &coaching_component);
}

CCS_MODULE(coaching, "1.0", "coaching feedback from mustache templates", coaching_init, NULL)
