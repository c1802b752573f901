/* coaching: the template folders.  Templates live in the folder `templates`;
 * a file of the same name in the organisation's folder `overrides` replaces
 * it.  Every template of both folders is compiled when the policy loads, so a
 * template error is a policy error (file:line: error: ...) that `ccscore
 * check-config` reports. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coaching.h"
#include "vec.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *p = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (vec_reserve((void **)&p, &cap, n + got + 1, 1) != 0) {
            free(p);
            fclose(f);
            return NULL;
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

const mst_template *co_find_tpl(const coaching *c, const char *name)
{
    for (size_t i = 0; i < c->ntpls; i++)
        if (strcmp(c->tpls[i].name, name) == 0)
            return c->tpls[i].t;
    return NULL;
}

/* A template error at file:line, as the policy's diagnostics when the host
 * has error_at. */
void co_report_error(ccs_host *host, const char *file, uint64_t line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (CCS_HAS_FIELD(coaching_api, ccs_host_api, error_at) && coaching_api->error_at)
        coaching_api->error_at(host, file, line, "%s", msg);
    else
        coaching_api->log(host, CCS_LOG_ERROR, "%s:%llu: %s", file ? file : "", (unsigned long long)line, msg);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Compile every template of both folders (each name once, the override
 * winning).  Returns the number of errors. */
int co_compile_all(ccs_host *host, coaching *c)
{
    int errors = 0;
    const char *dirs[2] = { c->over, c->dir };
    for (int d = 0; d < 2; d++) {
        if (!dirs[d])
            continue;
        DIR *dh = opendir(dirs[d]);
        if (!dh) {
            co_report_error(host, dirs[d], 0, "cannot open the template folder: %s", strerror(errno));
            errors++;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".mustache"))
                continue;
            size_t nlen = strlen(e->d_name) - strlen(".mustache");
            char *name = strndup(e->d_name, nlen);
            if (!name || co_find_tpl(c, name)) {
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
            if (!text || !VEC_GROW(c->tpls, c->ntpls, c->cap)) {
                co_report_error(host, path, 0, "cannot read this template: %s", strerror(errno));
                errors++;
                free(text);
                free(path);
                free(name);
                continue;
            }
            mst_options opt = { load_partial, c, 1, 0 };
            mst_error err;
            mst_template *t = mst_compile(text, len, path, &opt, &err);
            if (!t) {
                co_report_error(host, err.file, (uint64_t)err.line, "%s", err.message);
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

