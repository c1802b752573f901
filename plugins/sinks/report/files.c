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
 * feedback, in the folder that the sink's `path` names, each written whole or
 * not at all (a temporary file in the same folder, renamed into place). */
typedef struct files_sink {
    char *folder;
} files_sink;

static int files_create(ccs_host *host, const ccs_config *cfg, void **inst)
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

static int write_whole(ccs_host *host, const char *path, const ccs_report *r, int entity, const char *id)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return CCS_ERR;
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        report_api->log(host, CCS_LOG_ERROR, "cannot create a temporary file beside %s: %s", path, strerror(errno));
        free(tmp);
        return CCS_ERR;
    }
    FILE *f = fchmod(fd, 0640) == 0 ? fdopen(fd, "w") : NULL;
    int ok = f != NULL;
    if (!f)
        close(fd);
    for (size_t i = 0; ok && i < r->nfeedback; i++) {
        const ccs_feedback_text *t = &r->feedback[i];
        if (t->entity != entity || !t->id || strcmp(t->id, id) != 0)
            continue;
        fputs(t->text, f);
        size_t tl = strlen(t->text);
        if (tl && t->text[tl - 1] != '\n')
            fputc('\n', f);
    }
    if (f) {
        ok = ok && !ferror(f) && fflush(f) == 0 && fsync(fileno(f)) == 0;
        ok = (fclose(f) == 0) && ok;
    }
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        report_api->log(host, CCS_LOG_ERROR, "%s: could not be written: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok ? CCS_OK : CCS_ERR;
}

/* Needs the host to log: the engine sets the component while write() runs,
 * but the sink API hands no host, so keep the one create() saw. */
static ccs_host *files_host;

int files_write(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    (void)out;
    (void)ctx;
    files_sink *fs = inst;
    if (mkdir(fs->folder, 0750) != 0 && errno != EEXIST) {
        report_api->log(files_host, CCS_LOG_ERROR, "cannot create the folder %s: %s", fs->folder, strerror(errno));
        return CCS_ERR;
    }
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
        size_t plen = strlen(fs->folder) + strlen(name) + 2;
        char *path = malloc(plen);
        if (!path)
            return CCS_ERR;
        snprintf(path, plen, "%s/%s", fs->folder, name);
        if (write_whole(files_host, path, r, t->entity, t->id) != CCS_OK)
            rc = CCS_ERR;
        free(path);
    }
    return rc;
}

int files_create_host(ccs_host *host, const ccs_config *cfg, void **inst)
{
    files_host = host;
    return files_create(host, cfg, inst);
}
