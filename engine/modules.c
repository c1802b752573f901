#include "modules.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vec.h"

const char *component_kind_name(int kind)
{
    switch (kind) {
    case CCS_COMPONENT_SOURCE: return "source";
    case CCS_COMPONENT_METRIC: return "metric";
    case CCS_COMPONENT_CHECK: return "check";
    case CCS_COMPONENT_FEEDBACK: return "feedback";
    case CCS_COMPONENT_SINK: return "sink";
    default: return "unknown";
    }
}

int module_name_valid(const char *name)
{
    if (!name || !*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

int modules_init(module_set *m)
{
    memset(m, 0, sizeof *m);
    return lt_dlinit() == 0 ? 0 : -1;
}

void modules_add_dir(module_set *m, const char *dir)
{
    /* Folders are kept absolute and canonical: a module is opened by its full
     * path, so that neither the working directory nor libltdl's search path
     * (LTDL_LIBRARY_PATH, LD_LIBRARY_PATH) can ever supply it.  A folder that
     * does not exist (yet) is kept as written, made absolute. */
    char real[PATH_MAX];
    char *abs = NULL;
    if (realpath(dir, real))
        abs = strdup(real);
    else if (dir[0] == '/')
        abs = strdup(dir);
    else {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) && asprintf(&abs, "%s/%s", cwd, dir) < 0)
            abs = NULL;
    }
    if (!abs)
        return;
    for (size_t i = 0; i < m->ndirs; i++)
        if (strcmp(m->dirs[i], abs) == 0) {
            free(abs);
            return;
        }
    char **dirs = realloc(m->dirs, (m->ndirs + 1) * sizeof *dirs);
    if (!dirs) {
        free(abs);
        return;
    }
    m->dirs = dirs;
    m->dirs[m->ndirs++] = abs;
}

/* ------------------------------------------------------------ trust */

int module_path_trusted(const char *path, int want_dir, char *why, size_t whylen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, whylen, "cannot check %s: %s", path, strerror(errno));
        return 0;
    }
    const char *what = want_dir ? "folder" : "file";
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        snprintf(why, whylen, "%s is not a %s", path, want_dir ? "folder" : "regular file");
        return 0;
    }
    uid_t me = geteuid();
    if (st.st_uid != 0 && st.st_uid != me) {
        snprintf(why, whylen,
                 "plugin %s %s is owned by uid %lu, not by root or by the user running ccscore "
                 "(uid %lu): anyone who owns it can make ccscore run their code; "
                 "fix it with 'chown %lu %s' or move the plugin to a folder you own",
                 what, path, (unsigned long)st.st_uid, (unsigned long)me, (unsigned long)me, path);
        return 0;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        const char *who = (st.st_mode & S_IWGRP) && (st.st_mode & S_IWOTH) ? "group and others"
                          : (st.st_mode & S_IWGRP)                         ? "its group"
                                                                           : "others";
        snprintf(why, whylen,
                 "plugin %s %s is writable by %s (mode %04o): anyone who can write it can make "
                 "ccscore run their code; fix it with 'chmod go-w %s'",
                 what, path, who, (unsigned)(st.st_mode & 07777), path);
        return 0;
    }
    return 1;
}

/* The shared object that a module name stands for in a folder: DIR/NAME.so
 * (installed), or DIR/.libs/NAME.so beside a libtool DIR/NAME.la (the build
 * tree).  The .la file itself is never read: its libdir could point anywhere.
 * The object, its folder and the search folder must all be trusted.  Returns
 * 1 with the canonical path in out, 0 when there is none, -1 when refused
 * (why says why and how to fix it). */
static int find_object(const char *dir, const char *name, char *out, size_t outlen, char *why,
                       size_t whylen)
{
    char cand[PATH_MAX + 64], la[PATH_MAX + 64];
    struct stat st;
    snprintf(cand, sizeof cand, "%s/%s.so", dir, name);
    if (stat(cand, &st) != 0) {
        snprintf(la, sizeof la, "%s/%s.la", dir, name);
        snprintf(cand, sizeof cand, "%s/.libs/%s.so", dir, name);
        if (stat(la, &st) != 0 || stat(cand, &st) != 0)
            return 0;
    }
    char real[PATH_MAX];
    if (!realpath(cand, real)) {
        snprintf(why, whylen, "cannot resolve %.900s: %s", cand, strerror(errno));
        return -1;
    }
    if (!module_path_trusted(dir, 1, why, whylen) || !module_path_trusted(real, 0, why, whylen))
        return -1;
    /* The folder that really holds the object (.libs, or a symlink's target). */
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", real);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    if (strcmp(parent, dir) != 0 && !module_path_trusted(parent, 1, why, whylen))
        return -1;
    snprintf(out, outlen, "%s", real);
    return 1;
}

int modules_register(module_set *m, const ccs_component *c)
{
    const char *mod = m->loading ? m->loading : "?";
    char why[256] = "";
    if (!c || !CCS_HAS_FIELD(c, ccs_component, ops))
        snprintf(why, sizeof why, "component struct too small");
    else if (!module_name_valid(c->name))
        snprintf(why, sizeof why, "component name '%s' is not [a-z0-9_]+", c->name ? c->name : "");
    else if (c->kind < CCS_COMPONENT_SOURCE || c->kind > CCS_COMPONENT_SINK)
        snprintf(why, sizeof why, "component '%s' has unknown kind %d", c->name, c->kind);
    else if (!c->ops)
        snprintf(why, sizeof why, "component '%s' has no ops", c->name);
    else {
        const component_entry *other = modules_find(m, c->kind, c->name);
        if (other)
            snprintf(why, sizeof why, "%s '%s' is already registered by module '%s'",
                     component_kind_name(c->kind), c->name, other->module);
    }
    if (!why[0] && c->kind == CCS_COMPONENT_METRIC) {
        const ccs_metric_ops *o = c->ops;
        if (!CCS_HAS_FIELD(o, ccs_metric_ops, result) || !o->add ||
            !o->merge || !o->result || !o->acc_size || o->acc_size > 4096)
            snprintf(why, sizeof why, "metric '%s' has incomplete ops", c->name);
    }
    if (!why[0] && c->kind == CCS_COMPONENT_SOURCE) {
        const ccs_source_ops *o = c->ops;
        if (!CCS_HAS_FIELD(o, ccs_source_ops, read) || !o->read)
            snprintf(why, sizeof why, "source '%s' has incomplete ops", c->name);
    }
    if (!why[0] && c->kind == CCS_COMPONENT_SINK) {
        const ccs_sink_ops *o = c->ops;
        if (!CCS_HAS_FIELD(o, ccs_sink_ops, write) || !o->write || !o->format)
            snprintf(why, sizeof why, "sink '%s' has incomplete ops", c->name);
    }
    if (why[0]) {
        if (!m->register_error)
            m->register_error = strdup(why);
        return CCS_ERR;
    }
    if (!VEC_GROW(m->comps, m->ncomps, m->capcomps))
        return CCS_ERR;
    component_entry *e = &m->comps[m->ncomps++];
    memset(e, 0, sizeof *e);
    /* Versioned struct: copy what the module has, zeros past its end. */
    memcpy(&e->comp, c, c->size < sizeof e->comp ? c->size : sizeof e->comp);
    e->comp.size = sizeof e->comp;
    e->module = mod;
    return CCS_OK;
}

const component_entry *modules_find(const module_set *m, int kind, const char *name)
{
    for (size_t i = 0; i < m->ncomps; i++)
        if (m->comps[i].comp.kind == kind && strcmp(m->comps[i].comp.name, name) == 0)
            return &m->comps[i];
    return NULL;
}

/* Keep the module and run its init(); on failure it is closed and what it
 * registered dropped. */
static int start_module(module_set *m, ccs_host *host, const ccs_host_api *api, lt_dlhandle h,
                        const ccs_module *desc, const char *name, const char *path, char *err, size_t errlen)
{
    if (!VEC_GROW(m->mods, m->nmods, m->capmods)) {
        lt_dlclose(h);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    loaded_module *lm = &m->mods[m->nmods++];
    lm->handle = h;
    lm->desc = desc;
    lm->name = strdup(name);
    lm->path = strdup(path);

    size_t before = m->ncomps;
    m->loading = lm->name;
    free(m->register_error);
    m->register_error = NULL;
    int rc = desc->init(host, api);
    m->loading = NULL;
    if (rc != CCS_OK || m->register_error) {
        if (m->register_error)
            snprintf(err, errlen, "module '%s' failed to start: %s", name, m->register_error);
        else
            snprintf(err, errlen, "module '%s' failed to start (its init returned %d)", name, rc);
        m->ncomps = before; /* drop what it registered */
        lt_dlclose(h);
        free(lm->name);
        free(lm->path);
        m->nmods--;
        return -1;
    }
    return 0;
}

/* Why a module's descriptor is refused (why filled in), or NULL: checked
 * before any code of the module but its entry point runs. */
static const char *refuse_descriptor(const ccs_module *desc, const char *name, char *why, size_t whylen)
{
    const char *refuse = NULL;
    if (!desc) {
        refuse = why;
        snprintf(why, whylen, "module '%s': entry point returned no descriptor", name);
    } else if (desc->magic != CCS_MODULE_MAGIC) {
        refuse = why;
        snprintf(why, whylen, "module '%s': bad magic 0x%08x (expected 0x%08x): not a ccscore plugin",
                 name, desc->magic, CCS_MODULE_MAGIC);
    } else if (desc->abi_major != CCS_ABI_MAJOR) {
        refuse = why;
        snprintf(why, whylen,
                 "module '%s' was built for plugin ABI major %u, but this ccscore has ABI major %d: "
                 "rebuild the module against this version's <ccscore/plugin.h>",
                 name, desc->abi_major, CCS_ABI_MAJOR);
    } else if (!CCS_HAS_FIELD(desc, ccs_module, init)) {
        refuse = why;
        snprintf(why, whylen, "module '%s': descriptor size %u is smaller than the ABI's minimum %zu",
                 name, desc->size, offsetof(ccs_module, init) + sizeof desc->init);
    } else if (!desc->name || strcmp(desc->name, name) != 0) {
        refuse = why;
        snprintf(why, whylen, "module file '%s' calls itself '%s': the names must match",
                 name, desc->name ? desc->name : "(null)");
    } else if (!desc->init) {
        refuse = why;
        snprintf(why, whylen, "module '%s' has no init function", name);
    }
    return refuse;
}

/* Open, check the descriptor, run init.  On failure err says why, naming the
 * module, and the handle is closed again. */
static int load_handle(module_set *m, ccs_host *host, const ccs_host_api *api, const char *name,
                       const char *path, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->nmods; i++)
        if (strcmp(m->mods[i].name, name) == 0)
            return 0; /* already loaded */

    lt_dladvise advise;
    if (lt_dladvise_init(&advise) || lt_dladvise_local(&advise)) {
        snprintf(err, errlen, "module '%s': cannot set up libltdl: %s", name, lt_dlerror());
        return -1;
    }
    lt_dlhandle h = lt_dlopenadvise(path, advise);
    lt_dladvise_destroy(&advise);
    if (!h) {
        snprintf(err, errlen, "module '%s': cannot load %s: %s", name, path, lt_dlerror());
        return -1;
    }
    ccs_module_entry_fn entry = (ccs_module_entry_fn)(uintptr_t)lt_dlsym(h, CCS_ENTRY_SYMBOL);
    if (!entry) {
        snprintf(err, errlen,
                 "module '%s' (%s) has no entry point %s_LTX_%s: it is not a ccscore plugin "
                 "(build it with CCS_MODULE() from <ccscore/plugin.h>)",
                 name, path, name, CCS_ENTRY_SYMBOL);
        lt_dlclose(h);
        return -1;
    }
    /* The entry point only returns a static descriptor; nothing else of the
     * module runs until magic, ABI major and size have been checked. */
    const ccs_module *desc = entry();
    char why[512];
    const char *refuse = refuse_descriptor(desc, name, why, sizeof why);
    if (refuse) {
        snprintf(err, errlen, "%s", refuse);
        lt_dlclose(h);
        return -1;
    }

    return start_module(m, host, api, h, desc, name, path, err, errlen);
}

int modules_load(module_set *m, ccs_host *host, const ccs_host_api *api, const char *name,
                 diag_list *d, const char *where_file, unsigned long where_line)
{
    char err[1024];
    if (!module_name_valid(name)) {
        diag_add(d, where_file, where_line,
                 "module name '%s' is not allowed: names are made of a-z, 0-9 and _", name);
        return -1;
    }
    for (size_t i = 0; i < m->ndirs; i++) {
        char object[PATH_MAX];
        int found = find_object(m->dirs[i], name, object, sizeof object, err, sizeof err);
        if (found == 0)
            continue;
        if (found < 0) {
            diag_add(d, where_file, where_line, "module '%s' refused: %s", name, err);
            return -1;
        }
        if (load_handle(m, host, api, name, object, err, sizeof err) != 0) {
            diag_add(d, where_file, where_line, "%s", err);
            return -1;
        }
        return 0;
    }
    char dirs[2048] = "";
    size_t used = 0;
    for (size_t i = 0; i < m->ndirs && used < sizeof dirs; i++)
        used += (size_t)snprintf(dirs + used, sizeof dirs - used, "%s%s", i ? ", " : "", m->dirs[i]);
    diag_add(d, where_file, where_line,
             "module '%s' not found in the plugin folders (%s); add its folder to plugin_path",
             name, m->ndirs ? dirs : "none");
    return -1;
}

int modules_load_file(module_set *m, ccs_host *host, const ccs_host_api *api, const char *path,
                      char *err, size_t errlen)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char name[256];
    snprintf(name, sizeof name, "%s", base);
    char *dot = strchr(name, '.');
    if (dot)
        *dot = '\0';
    if (!module_name_valid(name)) {
        snprintf(err, errlen, "module file name '%s' is not [a-z0-9_]+ with an extension", base);
        return -1;
    }
    char dir[PATH_MAX], real[PATH_MAX], object[PATH_MAX], why[1024];
    snprintf(dir, sizeof dir, "%.*s", (int)(base - path), path);
    if (!dir[0])
        snprintf(dir, sizeof dir, ".");
    if (!realpath(dir, real)) {
        snprintf(err, errlen, "module '%s': cannot resolve %s: %s", name, dir, strerror(errno));
        return -1;
    }
    int found = find_object(real, name, object, sizeof object, why, sizeof why);
    if (found == 0) {
        snprintf(err, errlen, "module '%s': no %s.so (or libtool %s.la) in %s", name, name, name, real);
        return -1;
    }
    if (found < 0) {
        snprintf(err, errlen, "module '%s' refused: %s", name, why);
        return -1;
    }
    return load_handle(m, host, api, name, object, err, errlen);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t modules_available(const module_set *m, char ***names)
{
    char **list = NULL;
    size_t n = 0;
    for (size_t i = 0; i < m->ndirs; i++) {
        DIR *dir = opendir(m->dirs[i]);
        if (!dir)
            continue;
        struct dirent *de;
        while ((de = readdir(dir))) {
            size_t len = strlen(de->d_name);
            if (len < 4 || (strcmp(de->d_name + len - 3, ".la") != 0 &&
                            strcmp(de->d_name + len - 3, ".so") != 0))
                continue;
            char *name = strndup(de->d_name, len - 3);
            int dup = !module_name_valid(name);
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(list[j], name) == 0;
            if (dup) {
                free(name);
                continue;
            }
            char **grown = realloc(list, (n + 1) * sizeof *grown);
            if (!grown) {
                free(name);
                break;
            }
            list = grown;
            list[n++] = name;
        }
        closedir(dir);
    }
    if (n)
        qsort(list, n, sizeof *list, cmp_str);
    *names = list;
    return n;
}

void modules_free(module_set *m)
{
    for (size_t i = m->nmods; i-- > 0;) {
        if (CCS_HAS_FIELD(m->mods[i].desc, ccs_module, fini) &&
            m->mods[i].desc->fini)
            m->mods[i].desc->fini();
    }
    /* Components' strings live in the modules: drop them before closing. */
    free(m->comps);
    for (size_t i = m->nmods; i-- > 0;) {
        lt_dlclose(m->mods[i].handle);
        free(m->mods[i].name);
        free(m->mods[i].path);
    }
    free(m->mods);
    for (size_t i = 0; i < m->ndirs; i++)
        free(m->dirs[i]);
    free(m->dirs);
    free(m->register_error);
    memset(m, 0, sizeof *m);
    lt_dlexit();
}
