/* The files sink: the feedback texts as one Markdown file per agent and per
 * team. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* The `files` sink: one Markdown file per agent and per team with its
 * feedback, in the subfolder of the report's period (2026-W47) of the folder
 * that the sink's `path` names, each written whole or not at all (the host's atomic writes, with the policy's output_mode). */
typedef struct files_sink {
    char *folder;
} files_sink;

int files_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    const char *path = report_api->config_string(cfg, "path");
    if (!path || !*path) {
        report_api->log(host, CCS_LOG_ERROR, "[sink %s] needs 'path = FOLDER' (where the feedback files go)",
                 report_api->config_instance(cfg));
        return CCS_ERR;
    }
    files_sink *fs = calloc(1, sizeof *fs);
    if (!fs || !(fs->folder = strdup(path))) {
        free(fs);
        return CCS_ERR;
    }
    *inst = fs;
    return CCS_OK;
}

void files_destroy(void *inst)
{
    files_sink *fs = inst;
    if (fs)
        free(fs->folder);
    free(fs);
}

/* A file name from an id: letters, digits, '-', '_' and '.' kept (no leading
 * dot), anything else as '_'. */
static void safe_name(char *out, size_t len, const char *prefix, const char *id)
{
    size_t k = (size_t)snprintf(out, len, "%s", prefix);
    for (const char *p = id && *id ? id : "unnamed"; *p && k + 4 < len; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_' || (c == '.' && p != id);
        out[k++] = ok ? c : '_';
    }
    snprintf(out + k, len - k, ".md");
}

/* One entity's texts into path, through the host's atomic writes (a
 * temporary file renamed into place, with the policy's output_mode). */
static int write_whole(ccs_host *host, const char *path, const ccs_report *r, int entity, const char *id)
{
    ccs_output *o = report_api->output_open(host, path); /* logs why when NULL */
    if (!o)
        return CCS_ERR;
    FILE *f = report_api->output_file(o);
    if (!f) {
        report_api->output_close(o, 0);
        return CCS_ERR;
    }
    for (size_t i = 0; i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        if (t->entity != entity || !t->id || strcmp(t->id, id) != 0)
            continue;
        fputs(t->text, f);
        size_t tl = strlen(t->text);
        if (tl && t->text[tl - 1] != '\n')
            fputc('\n', f);
    }
    return report_api->output_close(o, !ferror(f));
}

/* FOLDER/PERIOD, made if need be (issue 11: two runs at once, of different
 * periods, never mix their files); malloc'd, NULL when said. */
static char *period_folder(ccs_host *host, const char *folder, const char *period)
{
    char sub[64];
    safe_name(sub, sizeof sub, "", period);
    sub[strlen(sub) - 3] = '\0'; /* no ".md" */
    size_t plen = strlen(folder) + strlen(sub) + 2;
    char *path = malloc(plen);
    if (!path)
        return NULL;
    snprintf(path, plen, "%s/%s", folder, sub);
    const char *make[2] = { folder, path };
    for (int i = 0; i < 2; i++)
        if (mkdir(make[i], 0750) != 0 && errno != EEXIST) {
            report_api->log(host, CCS_LOG_ERROR, "cannot create the folder %s: %s", make[i], strerror(errno));
            free(path);
            return NULL;
        }
    return path;
}

int files_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)out;
    files_sink *fs = inst;
    ccs_host *host = ctx && CCS_HAS_FIELD(ctx, ccs_sink_ctx, host) ? ctx->host : NULL;
    if (!host || !CCS_HAS_FIELD(report_api, ccs_host_api, output_close))
        return CCS_ERR; /* a host older than ABI 1.2 */
    char *folder = period_folder(host, fs->folder, r->period);
    if (!folder)
        return CCS_ERR;
    int rc = CCS_OK;
    for (size_t i = 0; i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        if (t->entity != CCS_ENTITY_AGENT && t->entity != CCS_ENTITY_TEAM)
            continue;
        int seen = 0; /* one file per entity, with all its texts */
        for (size_t k = 0; k < i && !seen; k++)
            seen = r->feedback[k].entity == t->entity && r->feedback[k].id && t->id &&
                   strcmp(r->feedback[k].id, t->id) == 0;
        if (seen || !t->id)
            continue;
        char name[256];
        safe_name(name, sizeof name, t->entity == CCS_ENTITY_AGENT ? "agent-" : "team-", t->id);
        size_t plen = strlen(folder) + strlen(name) + 2;
        char *path = malloc(plen);
        if (!path) {
            rc = CCS_ERR;
            break;
        }
        snprintf(path, plen, "%s/%s", folder, name);
        if (write_whole(host, path, r, t->entity, t->id) != CCS_OK)
            rc = CCS_ERR;
        free(path);
    }
    free(folder);
    return rc;
}
