/* The run's outputs: the report in the chosen format (stdout or -o, written
 * atomically), the policy's sinks that name a file or write files of their
 * own, and `ccscore feedback`'s texts for one agent or team. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "engine_int.h"
#include "output.h"

typedef struct sink_job {
    ccs_host *host;
    ccs_config *cfg;
    const ccs_report *report;
    ccs_sink_ctx ctx;
} sink_job;

static int sink_write(void *arg, FILE *out)
{
    sink_job *j = arg;
    const ccs_sink_ops *ops = j->cfg->comp->comp.ops;
    j->host->component = j->cfg->instance;
    int rc = ops->write(j->cfg->inst, j->report, out, &j->ctx);
    j->host->component = NULL;
    return rc == CCS_OK && !ferror(out) ? 0 : -1;
}

/* Whether a sink writes a report to a stream (not files of its own). */
static const ccs_sink_ops *stream_sink(const ccs_component *comp)
{
    if (comp->kind != CCS_COMPONENT_SINK)
        return NULL;
    const ccs_sink_ops *ops = comp->ops;
    if (CCS_HAS_FIELD(ops, ccs_sink_ops, flags) && (ops->flags & CCS_SINK_OWN_FILES))
        return NULL;
    return ops->format ? ops : NULL;
}

static int have_format(const ccs_host *h, const char *format)
{
    for (size_t i = 0; i < h->modules.ncomps; i++) {
        const ccs_sink_ops *ops = stream_sink(&h->modules.comps[i].comp);
        if (ops && strcmp(ops->format, format) == 0)
            return 1;
    }
    return 0;
}

/* "text, json, csv": the formats of the loaded modules' sinks, in the order
 * they registered, each once. */
static void format_list(const ccs_host *h, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < h->modules.ncomps; i++) {
        const ccs_sink_ops *ops = stream_sink(&h->modules.comps[i].comp);
        int seen = 0;
        for (size_t k = 0; ops && k < i && !seen; k++) {
            const ccs_sink_ops *o = stream_sink(&h->modules.comps[k].comp);
            seen = o && strcmp(o->format, ops->format) == 0;
        }
        if (!ops || seen)
            continue;
        int n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", ops->format);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
    if (!used)
        snprintf(buf, len, "none: the policy loads no sink");
}

int choose_format(const ccs_host *h, const run_options *o, const char **format)
{
    char formats[512];
    if (o->format) { /* an explicit --format wins over -o's extension */
        if (have_format(h, o->format)) {
            *format = o->format;
            return 0;
        }
        format_list(h, formats, sizeof formats);
        fprintf(stderr, "ccscore: error: unknown --format '%s' (formats: %s)\n", o->format, formats);
        return -1;
    }
    const char *base = o->output ? strrchr(o->output, '/') : NULL;
    base = base ? base + 1 : o->output;
    const char *dot = base ? strrchr(base, '.') : NULL;
    if (!dot || dot == base) { /* stdout, or no extension: text */
        *format = "text";
        return 0;
    }
    if (have_format(h, dot + 1)) {
        *format = dot + 1;
        return 0;
    }
    if (strcmp(dot, ".txt") == 0 && have_format(h, "text")) {
        *format = "text";
        return 0;
    }
    format_list(h, formats, sizeof formats);
    fprintf(stderr, "ccscore: error: no sink writes '%s' (formats: %s)\n", dot, formats);
    return -1;
}

static ccs_config *sink_for_format(ccs_host *h, const char *format, diag_list *d)
{
    policy *p = &h->pol;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind == CCS_COMPONENT_SINK && stream_sink(&c->comp->comp) &&
            strcmp(((const ccs_sink_ops *)c->comp->comp.ops)->format, format) == 0)
            return c;
    }
    for (size_t i = 0; i < h->modules.ncomps; i++) {
        const component_entry *ce = &h->modules.comps[i];
        if (stream_sink(&ce->comp) && strcmp(((const ccs_sink_ops *)ce->comp.ops)->format, format) == 0) {
            ccs_config *c = policy_add_default_instance(p, ce, format, d);
            if (c && create_instances(h, d) == 0)
                return c;
            return NULL;
        }
    }
    char formats[512];
    format_list(h, formats, sizeof formats);
    diag_add(d, NULL, 0, "no sink writes the format '%s' (formats: %s)", format, formats);
    return NULL;
}

/* Issue 11: the columns a text line may take: the terminal's width when the
 * report goes to one, else COLUMNS, else 80 (never under 40). */
static int output_width(int to_stdout)
{
    struct winsize ws;
    long w = 0;
    if (to_stdout && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
        w = ws.ws_col;
    const char *env = getenv("COLUMNS");
    char *end;
    if (!w && env && *env) {
        long v = strtol(env, &end, 10);
        w = *end == '\0' && v > 0 ? v : 0;
    }
    if (!w)
        w = 80;
    return w < 40 ? 40 : w > 1000 ? 1000 : (int)w;
}

int write_outputs(ccs_host *h, const run_options *o, const char *format, const ccs_report *rep, diag_list *d)
{
    ccs_config *main_sink = sink_for_format(h, format, d);
    if (!main_sink)
        return -1;
    sink_job job = { h, main_sink, rep, { sizeof(ccs_sink_ctx), 0, o->verbose, o->feedback, h, output_width(0) } };
    char err[1024];
    if (o->output) {
        if (write_atomic(o->output, (mode_t)h->pol.org.output_mode, sink_write, &job, err, sizeof err) != 0) {
            diag_add(d, NULL, 0, "%s", err);
            return -1;
        }
    } else {
        job.ctx.width = output_width(1);
        job.ctx.colour = o->colour < 0 ? isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL : o->colour;
        if (sink_write(&job, stdout) != 0 || fflush(stdout) != 0) {
            diag_add(d, NULL, 0, "cannot write the report to standard output");
            return -1;
        }
    }
    /* The policy's sinks that name a file are written on every run, and so
     * are sinks that write files of their own (one per agent...). */
    for (size_t i = 0; i < h->pol.ninstances; i++) {
        ccs_config *c = h->pol.instances[i];
        if (c->kind != CCS_COMPONENT_SINK)
            continue;
        const ccs_sink_ops *sops = c->comp->comp.ops;
        if (CCS_HAS_FIELD(sops, ccs_sink_ops, flags) &&
            (sops->flags & CCS_SINK_OWN_FILES)) {
            sink_job fj = { h, c, rep, { sizeof(ccs_sink_ctx), 0, o->verbose, 1, h, output_width(0) } };
            h->component = c->instance;
            int frc = sops->write(c->inst, rep, NULL, &fj.ctx);
            h->component = NULL;
            if (frc != CCS_OK)
                diag_add(d, c->file, c->line, "[sink %s] could not write its files", c->instance);
            continue;
        }
        const char *path = cfg_string(c, "path");
        if (!path)
            continue;
        sink_job pj = { h, c, rep, { sizeof(ccs_sink_ctx), 0, o->verbose, o->feedback, h, output_width(0) } };
        if (write_atomic(path, (mode_t)h->pol.org.output_mode, sink_write, &pj, err, sizeof err) != 0)
            diag_add(d, NULL, 0, "%s", err);
    }
    return 0;
}

/* `ccscore feedback --agent ID` (or --team ID): print that entity's feedback
 * texts instead of writing the report. */
int print_feedback_for(const ccs_host *h, const run_options *o, const ccs_report *rep, diag_list *d)
{
    int entity = o->agent ? CCS_ENTITY_AGENT : CCS_ENTITY_TEAM;
    const char *id = o->agent ? o->agent : o->team;
    const ccs_scorecard *cards = o->agent ? rep->agents : rep->teams;
    size_t ncards = o->agent ? rep->nagents : rep->nteams, found = 0;
    for (size_t i = 0; i < ncards; i++)
        found += strcmp(cards[i].id, id) == 0;
    if (!found) {
        diag_add(d, NULL, 0, "no %s '%s' in the data of %s", o->agent ? "agent" : "team", id, rep->period);
        return -1;
    }
    int any_component = 0;
    for (size_t i = 0; i < h->pol.ninstances; i++)
        any_component |= h->pol.instances[i]->kind == CCS_COMPONENT_FEEDBACK;
    if (!any_component) {
        diag_add(d, h->pol.path, 0, "the policy enables no feedback component: add a [feedback coaching] section");
        return -1;
    }
    size_t shown = 0;
    for (size_t i = 0; i < h->nfeedback; i++) {
        const ccs_feedback_text *t = &h->feedback[i];
        if (t->entity != entity || !t->id || strcmp(t->id, id) != 0)
            continue;
        fputs(shown++ ? "\n" : "", stdout);
        fputs(t->text, stdout);
        size_t len = strlen(t->text);
        if (len && t->text[len - 1] != '\n')
            fputc('\n', stdout);
    }
    if (fflush(stdout) != 0) {
        diag_add(d, NULL, 0, "cannot write to standard output");
        return -1;
    }
    return 0;
}
