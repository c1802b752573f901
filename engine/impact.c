/* `ccscore impact`: did an improvement activity (coaching, training,
 * buddying, a process change) move its metric?  Difference in differences
 * over the history store.
 *
 * The activities come from interventions.csv (agent_id or team, kind,
 * started_on, optional ended_on, metric, notes) and from activity.csv's
 * coaching and training spans (interventions.c), named on the command line
 * or by [history] interventions.  The engine reads those files here directly
 * with lib/csvread rather than through a source plugin and a new record
 * kind: impact reads only the store and this small list, never the contacts,
 * so the file needs no pass through the pipeline, and the ABI stays as it is
 * while the sources are being reorganised.  The notes column is never read.
 *
 * For each activity and metric (its own, or every metric with a target):
 *  - windows of W periods of the policy's period kind ([history] window,
 *    4 by default, or --window): before = the W periods before the one in
 *    which it started; after = the W periods after the one in which it
 *    ended (started_on when no ended_on); the periods during it are left out;
 *  - change = after - before for the agent (or team), each pooled over its
 *    window from the stored sufficient statistics (rates: successes / n;
 *    means: sum / n);
 *  - comparison_change = the same for the comparison group: the agent's
 *    team-mates (for a team, the other teams) with no activity of their own
 *    overlapping the two windows, pooled together;
 *  - effect = change - comparison_change, with a 95% interval:
 *      rates: normal approximation, the variance the sum of the four
 *        pooled proportions' p(1 - p) / n;
 *      means: the store keeps sums and counts but no sums of squares (the
 *        metric API does not expose them), so each window's variance comes
 *        from its per-period values (s^2 / k over k periods; Welch), with
 *        Welch-Satterthwaite degrees of freedom and a t quantile;
 *  - verdict: improved / worsened when the interval lies wholly on the
 *    metric's good / bad side of 0, else no clear change; insufficient data
 *    when the agent's or the group's n in either window is below min_sample
 *    (means also need 2 periods with data in each window). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "history.h"
#include "history_verbs.h"
#include "output.h"
#include "impact.h"
#include "stats.h"

static void impact_usage(FILE *out)
{
    fprintf(out,
"Usage: ccscore impact [OPTIONS] [FILE...]\n"
"Judge each improvement activity on its metric (or on every metric with a\n"
"target): the change from the periods before it to the periods after it,\n"
"minus the change of colleagues in the same team with no activity then\n"
"(difference in differences), with a 95%% interval and a verdict.\n"
"\n"
"  -c, --config POLICY   the policy ([history] path, window, interventions)\n"
"      --history FILE    the history store\n"
"  -w, --window N        periods before and after (default: [history] window, 4)\n"
"  -f, --format F        text or json\n"
"  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
"\n"
"Each FILE is recognised by its header (default: [history] interventions):\n"
"  interventions.csv: agent_id or team, kind, started_on, ended_on (optional),\n"
"    metric (empty: every metric with a target), notes (never shown);\n"
"  activity.csv: agent_id, activity, start, end; its coaching and training\n"
"    spans are activities, one per agent, kind and period they start in\n"
"    (first to last day), judged on every metric with a target.\n");
}

static int overlaps(const intervention *a, int32_t first, int32_t last, enum period_kind k)
{
    int32_t s = period_of_day(k, a->started_on), e = period_of_day(k, a->ended_on);
    return s <= last && e >= first;
}

/* Someone else with an activity of their own overlapping the windows. */
static int excluded(const impact_job *j, const intervention *self, const char *entity, const char *id,
                    const char *team)
{
    for (size_t i = 0; i < j->nivs; i++) {
        const intervention *o = &j->ivs[i];
        if (!overlaps(o, self->before_first, self->after_last, j->kind))
            continue;
        if (strcmp(entity, "agent") == 0 && o->agent && strcmp(o->agent, id) == 0)
            return 1;
        if (o->team && team && strcmp(o->team, team) == 0)
            return 1;
    }
    return 0;
}

static void add_to(window_stats *w, int rate, int32_t pid, double value, double n, double succ, double sum)
{
    w->succ_or_sum += rate ? succ : sum;
    w->n += n;
    int k;
    for (k = 0; k < w->k; k++)
        if (w->pids[k] == pid)
            break;
    if (k == w->k) {
        if (w->k == 64)
            return;
        w->pids[w->k] = pid;
        w->vals[w->k] = 0;
        w->ns[w->k] = 0;
        w->k++;
    }
    /* the group's per-period value is its pooled mean */
    w->vals[k] = (w->vals[k] * w->ns[k] + value * n) / (w->ns[k] + n > 0 ? w->ns[k] + n : 1);
    w->ns[k] += n;
}

static double window_value(const window_stats *w)
{
    return w->n > 0 ? w->succ_or_sum / w->n : NAN;
}

/* s^2 / k of the per-period values (Welch), or -1 with fewer than 2. */
static double window_var_means(const window_stats *w)
{
    int k = 0;
    double mean = 0;
    for (int i = 0; i < w->k; i++)
        if (w->ns[i] > 0) {
            mean += w->vals[i];
            k++;
        }
    if (k < 2)
        return -1;
    mean /= k;
    double ss = 0;
    for (int i = 0; i < w->k; i++)
        if (w->ns[i] > 0)
            ss += (w->vals[i] - mean) * (w->vals[i] - mean);
    return ss / (k - 1) / k;
}

static int window_periods(const window_stats *w)
{
    int k = 0;
    for (int i = 0; i < w->k; i++)
        k += w->ns[i] > 0;
    return k;
}

static uint64_t metric_min_sample(const impact_job *j, const char *metric)
{
    const policy *p = &j->v->host.pol;
    for (size_t i = 0; i < p->ninstances; i++) {
        const ccs_config *c = p->instances[i];
        if (c->kind == CCS_COMPONENT_METRIC && strcmp(c->instance, metric) == 0 && cfg_has(c, "min_sample"))
            return (uint64_t)cfg_int(c, "min_sample");
    }
    return p->org.min_sample;
}

/* The subject's and the comparison group's before and after windows. */
typedef struct windows {
    window_stats self_b, self_a, comp_b, comp_a;
} windows;

/* One row of the store into the windows: pass 0 takes the subject (and its
 * team, as recorded before the start), pass 1 everyone else in the
 * comparison group. */
static void take_row(impact_job *j, const intervention *iv, sqlite3_stmt *st, int pass, char *team, size_t teamlen,
                     windows *w, result *out, int *found)
{
    const char *entity = iv->agent ? "agent" : "team", *id = iv->agent ? iv->agent : iv->team;
    int32_t pid = sqlite3_column_int(st, 0);
    const char *eid = (const char *)sqlite3_column_text(st, 1);
    const char *eteam = (const char *)sqlite3_column_text(st, 2);
    int in_before = pid >= iv->before_first && pid <= iv->before_last;
    int in_after = pid >= iv->after_first && pid <= iv->after_last;
    if (!eid || (!in_before && !in_after))
        return;
    int rate = strcmp((const char *)sqlite3_column_text(st, 7), "rate") == 0;
    if (sqlite3_column_type(st, rate ? 5 : 6) == SQLITE_NULL)
        return; /* no sufficient statistics */
    double value = sqlite3_column_double(st, 3), n = (double)sqlite3_column_int64(st, 4);
    double succ = (double)sqlite3_column_int64(st, 5), sum = sqlite3_column_double(st, 6);
    int is_self = strcmp(eid, id) == 0;
    if (pass == 0 && is_self) {
        *found = 1;
        snprintf(out->type, sizeof out->type, "%s", sqlite3_column_text(st, 7));
        snprintf(out->unit, sizeof out->unit, "%s",
                 sqlite3_column_text(st, 8) ? (const char *)sqlite3_column_text(st, 8) : "");
        out->direction = sqlite3_column_int(st, 9);
        if (in_before && eteam)
            snprintf(team, teamlen, "%s", eteam);
        add_to(in_before ? &w->self_b : &w->self_a, rate, pid, value, n, succ, sum);
    } else if (pass == 1 && !is_self) {
        /* Agents: team-mates; teams: the other teams. */
        if (iv->agent && (!eteam || strcmp(eteam, team) != 0))
            return;
        if (excluded(j, iv, entity, eid, iv->agent ? eteam : eid))
            return;
        add_to(in_before ? &w->comp_b : &w->comp_a, rate, pid, value, n, succ, sum);
    }
}

/* Fill the windows from the store.  Returns 0, 1 when nothing is recorded
 * for the subject and metric, -1 on a store error. */
static int gather(impact_job *j, const intervention *iv, const char *metric, windows *w, result *out)
{
    const char *sql =
        "SELECT p.period_id, f.entity_id, f.team, f.value, f.n, f.successes, f.sum, f.type, f.unit, f.direction"
        " FROM figures f JOIN periods p ON p.id = f.period"
        " WHERE p.kind = ?1 AND p.period_id BETWEEN ?2 AND ?3 AND f.entity = ?4 AND f.metric = ?5"
        " AND f.value IS NOT NULL"
        " ORDER BY p.period_id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(j->v->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, period_kind_name(j->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, iv->before_first);
    sqlite3_bind_int(st, 3, iv->after_last);
    sqlite3_bind_text(st, 4, iv->agent ? "agent" : "team", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, metric, -1, SQLITE_STATIC);
    char team[128] = "";
    memset(w, 0, sizeof *w);
    int rc = SQLITE_DONE, found = 0;
    /* Two passes over the rows: first the subject (for its team), then
     * everyone else. */
    for (int pass = 0; pass < 2 && rc == SQLITE_DONE; pass++) {
        sqlite3_reset(st);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            take_row(j, iv, st, pass, team, sizeof team, w, out, &found);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    return found ? 0 : 1;
}

/* The effect's variance and quantile; -1 when means lack 2 periods with
 * data in a window. */
static int effect_spread(const windows *w, int rate, const result *out, double *var, double *q)
{
    if (rate) {
        double pb = out->before, pa = out->after;
        double cb = window_value(&w->comp_b), ca = window_value(&w->comp_a);
        *var = pa * (1 - pa) / w->self_a.n + pb * (1 - pb) / w->self_b.n + ca * (1 - ca) / w->comp_a.n +
               cb * (1 - cb) / w->comp_b.n;
        *q = STATS_Z975;
        return 0;
    }
    const window_stats *ws[4] = { &w->self_b, &w->self_a, &w->comp_b, &w->comp_a };
    double v[4], df[4];
    *var = 0;
    for (int i = 0; i < 4; i++) {
        v[i] = window_var_means(ws[i]);
        if (v[i] < 0)
            return -1;
        df[i] = window_periods(ws[i]) - 1;
        *var += v[i];
    }
    double dfw = stats_welch_df(v, df, 4);
    *q = isfinite(dfw) ? stats_t_quantile(0.975, dfw) : STATS_Z975;
    return 0;
}

static int judge(impact_job *j, const intervention *iv, const char *metric, result *out)
{
    memset(out, 0, sizeof *out);
    out->iv = iv;
    snprintf(out->metric, sizeof out->metric, "%s", metric);
    windows w;
    int rc = gather(j, iv, metric, &w, out);
    if (rc != 0)
        return rc;
    int rate = strcmp(out->type, "rate") == 0;
    out->n_before = w.self_b.n;
    out->n_after = w.self_a.n;
    out->before = window_value(&w.self_b);
    out->after = window_value(&w.self_a);
    out->change = out->after - out->before;
    out->comp_change = window_value(&w.comp_a) - window_value(&w.comp_b);
    double min = (double)metric_min_sample(j, metric);
    out->verdict = "insufficient data";
    if (w.self_b.n < min || w.self_a.n < min || w.comp_b.n < min || w.comp_a.n < min)
        return 0;
    double var, q;
    if (effect_spread(&w, rate, out, &var, &q) != 0)
        return 0;
    out->judged = 1;
    out->effect = out->change - out->comp_change;
    double half = q * sqrt(var);
    out->lo = out->effect - half;
    out->hi = out->effect + half;
    int good = out->direction < 0 ? -1 : 1;
    if (out->lo > 0)
        out->verdict = good > 0 ? "improved" : "worsened";
    else if (out->hi < 0)
        out->verdict = good > 0 ? "worsened" : "improved";
    else
        out->verdict = "no clear change";
    return 0;
}

static int run_all(impact_job *j, diag_list *d)
{
    const policy *p = &j->v->host.pol;
    for (size_t i = 0; i < j->nivs; i++) {
        const intervention *iv = &j->ivs[i];
        size_t nmetrics = 0;
        const char *metrics[256];
        if (iv->metric)
            metrics[nmetrics++] = iv->metric;
        else
            for (size_t m = 0; m < p->ninstances && nmetrics < 256; m++)
                if (p->instances[m]->kind == CCS_COMPONENT_METRIC && cfg_has(p->instances[m], "target"))
                    metrics[nmetrics++] = p->instances[m]->instance;
        for (size_t m = 0; m < nmetrics; m++) {
            result *grown = realloc(j->res, (j->nres + 1) * sizeof *grown);
            if (!grown)
                return -1;
            j->res = grown;
            int rc = judge(j, iv, metrics[m], &j->res[j->nres]);
            if (rc < 0) {
                diag_add(d, NULL, 0, "%s: cannot read the history: %s", j->v->path, sqlite3_errmsg(j->v->db));
                return -1;
            }
            if (rc == 0) {
                j->nres++;
            } else if (iv->metric) {
                /* Named, but nothing recorded: still listed, not judged. */
                result *r = &j->res[j->nres++];
                r->verdict = "insufficient data";
            }
        }
    }
    return 0;
}

static void opt_num(FILE *f, int has, double v)
{
    if (has && isfinite(v))
        history_json_num(f, v);
    else
        fputs("null", f);
}

static int write_json(void *arg, FILE *f)
{
    impact_job *j = arg;
    fputs("{\"interventions\": [", f);
    for (size_t i = 0; i < j->nres; i++) {
        const result *r = &j->res[i];
        const intervention *iv = r->iv;
        char day[11];
        fmt_day(day, iv->started_on);
        fprintf(f, "%s\n  {", i ? "," : "");
        fputs(iv->agent ? "\"agent_id\": " : "\"team\": ", f);
        history_json_str(f, iv->agent ? iv->agent : iv->team);
        fputs(", \"kind\": ", f);
        history_json_str(f, iv->kind);
        fputs(", \"started_on\": ", f);
        history_json_str(f, day);
        fputs(", \"metric\": ", f);
        history_json_str(f, r->metric);
        fputs(", \"before\": ", f);
        opt_num(f, r->n_before > 0, r->before);
        fputs(", \"after\": ", f);
        opt_num(f, r->n_after > 0, r->after);
        fputs(", \"change\": ", f);
        opt_num(f, r->n_before > 0 && r->n_after > 0, r->change);
        fputs(", \"comparison_change\": ", f);
        opt_num(f, r->n_before > 0 && r->n_after > 0, r->comp_change);
        fputs(", \"effect\": ", f);
        opt_num(f, r->judged, r->effect);
        fputs(", \"ci_low\": ", f);
        opt_num(f, r->judged, r->lo);
        fputs(", \"ci_high\": ", f);
        opt_num(f, r->judged, r->hi);
        fputs(", \"verdict\": ", f);
        history_json_str(f, r->verdict);
        fprintf(f, ", \"n_before\": %.0f, \"n_after\": %.0f}", r->n_before, r->n_after);
    }
    fputs(j->nres ? "\n]}\n" : "]}\n", f);
    return ferror(f) ? -1 : 0;
}

static void fmt(char *buf, size_t len, const result *r, double v, int sign)
{
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else if (strcmp(r->type, "rate") == 0)
        snprintf(buf, len, sign ? "%+.1f points" : "%.1f%%", 100.0 * v);
    else
        snprintf(buf, len, sign ? "%+.1f%s%s" : "%.1f%s%s", v, r->unit[0] ? " " : "", r->unit);
}

static int write_text(void *arg, FILE *f)
{
    impact_job *j = arg;
    fprintf(f, "Impact of improvement activities: %ld %s periods before and after, against colleagues with no "
               "activity then (difference in differences, 95%% interval)\n",
            j->window, period_kind_name(j->kind));
    if (!j->nres)
        fputs("  no activities to judge\n", f);
    for (size_t i = 0; i < j->nres; i++) {
        const result *r = &j->res[i];
        const intervention *iv = r->iv;
        char day[11], b[48], a[48], c[48], cc[48], e[48], lo[48], hi[48];
        fmt_day(day, iv->started_on);
        fmt(b, sizeof b, r, r->n_before > 0 ? r->before : NAN, 0);
        fmt(a, sizeof a, r, r->n_after > 0 ? r->after : NAN, 0);
        fmt(c, sizeof c, r, r->change, 1);
        fmt(cc, sizeof cc, r, r->comp_change, 1);
        fprintf(f, "  %s %s, %s from %s, %s: before %s (n %.0f), after %s (n %.0f); change %s, colleagues %s",
                iv->agent ? "agent" : "team", iv->agent ? iv->agent : iv->team, iv->kind, day, r->metric, b,
                r->n_before, a, r->n_after, c, cc);
        if (r->judged) {
            fmt(e, sizeof e, r, r->effect, 1);
            fmt(lo, sizeof lo, r, r->lo, 1);
            fmt(hi, sizeof hi, r, r->hi, 1);
            fprintf(f, "; effect %s (95%% CI %s to %s)", e, lo, hi);
        }
        fprintf(f, ": %s\n", r->verdict);
    }
    return ferror(f) ? -1 : 0;
}

int impact_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "history", required_argument, NULL, 'H' },
        { "window", required_argument, NULL, 'w' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *policy_path = NULL, *history = NULL, *output = NULL;
    impact_job j;
    memset(&j, 0, sizeof j);
    j.format = "text";
    long window = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:w:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': policy_path = optarg; break;
        case 'H': history = optarg; break;
        case 'f': j.format = optarg; break;
        case 'o': output = optarg; break;
        case 'w': {
            char *end;
            window = strtol(optarg, &end, 10);
            if (*end || window < 1 || window > 64) {
                fprintf(stderr, "ccscore: error: --window takes a number of periods from 1 to 64\n");
                return EXIT_USAGE;
            }
            break;
        }
        case 'h': impact_usage(stdout); return EXIT_OK;
        default: fprintf(stderr, "Try 'ccscore impact --help'.\n"); return EXIT_USAGE;
        }
    }
    if (format_text_or_json("impact", j.format) != 0)
        return EXIT_USAGE;
    history_verb v;
    int rc = EXIT_USAGE;
    diag_list d;
    diag_init(&d);
    if (history_verb_open(&v, policy_path, history) != 0)
        goto out;
    j.v = &v;
    j.kind = v.host.pol.org.period;
    j.window = window ? window : v.settings.window;
    if (j.window > 64)
        j.window = 64;
    if (optind == argc && !v.settings.interventions) {
        diag_add(&d, v.host.pol.path, 0,
                 "no interventions file: name one (ccscore impact interventions.csv) or set [history] interventions");
        goto out;
    }
    for (int i = optind; i < argc || (i == optind && v.settings.interventions); i++)
        if (read_interventions(&j, i < argc ? argv[i] : v.settings.interventions, &d) != 0)
            goto out;
    if (run_all(&j, &d) != 0)
        goto out;
    if (history_verb_output(&v, output, strcmp(j.format, "json") == 0 ? write_json : write_text, &j) == 0)
        rc = EXIT_OK;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    for (size_t i = 0; i < j.nivs; i++) {
        free(j.ivs[i].agent);
        free(j.ivs[i].team);
        free(j.ivs[i].kind);
        free(j.ivs[i].metric);
    }
    free(j.ivs);
    free(j.res);
    history_verb_close(&v);
    return rc;
}
