/* Plugin modules: find, check and load them with libltdl, and keep the
 * registry of the components they register. */
#ifndef CCS_MODULES_H
#define CCS_MODULES_H

#include <ltdl.h>

#include "ccscore/plugin.h"
#include "diag.h"

typedef struct loaded_module {
    lt_dlhandle handle;
    const ccs_module *desc;
    char *name;
    char *path;
} loaded_module;

typedef struct component_entry {
    ccs_component comp;        /* copied, zero-filled past the module's size */
    const char *module;        /* name of the module that registered it */
} component_entry;

typedef struct module_set {
    loaded_module *mods;
    size_t nmods, capmods;
    component_entry *comps;
    size_t ncomps, capcomps;
    char **dirs;               /* search folders, in order */
    const char *builtin_dir;   /* searched after the policy's plugin_path */
    size_t ndirs;
    const char *loading;       /* module whose init() is running */
    char *register_error;      /* first refusal during that init() */
} module_set;

/* Start libltdl; dirs are searched in order (never the working directory). */
int modules_init(module_set *m);
void modules_add_dir(module_set *m, const char *dir);
/* Load a module by name from the search folders and run its init().
 * Errors name the module and what to do; where (file:line) is the policy line
 * that asked for it, or NULL. */
int modules_load(module_set *m, ccs_host *host, const ccs_host_api *api, const char *name,
                 diag_list *d, const char *where_file, unsigned long where_line);
/* Load one module from an explicit file (tests, `ccscore plugins FILE`). */
int modules_load_file(module_set *m, ccs_host *host, const ccs_host_api *api,
                      const char *path, char *err, size_t errlen);
/* Called by the host API's register_component(). */
int modules_register(module_set *m, const ccs_component *c);
const component_entry *modules_find(const module_set *m, int kind, const char *name);
const char *component_kind_name(int kind);
int module_name_valid(const char *name);
/* Plugin trust: 1 when path (a folder when want_dir, else a regular file) is
 * owned by root or the effective user and not writable by group or others;
 * else 0, with why saying what is wrong and the command that fixes it. */
int module_path_trusted(const char *path, int want_dir, char *why, size_t whylen);
/* Names of the modules found in the search folders, for `ccscore plugins`. */
size_t modules_available(const module_set *m, char ***names);
void modules_free(module_set *m);

#endif
