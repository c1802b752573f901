/* `ccscore plugins`: every loaded module's components with their keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "history.h"
#include "retention.h"

static const char *key_type_name(int t)
{
    switch (t) {
    case CCS_KEY_STRING: return "string";
    case CCS_KEY_INT: return "integer";
    case CCS_KEY_NUMBER: return "number";
    case CCS_KEY_BOOL: return "yes/no";
    case CCS_KEY_ENUM: return "choice";
    case CCS_KEY_PATH: return "path";
    case CCS_KEY_PERCENT: return "percent";
    default: return "?";
    }
}

static void print_keys(const ccs_key *k, const ccs_key *skip)
{
    for (; k && k->name; k++) {
        int dup = 0;
        for (const ccs_key *s = skip; s && s->name && !dup; s++)
            dup = strcmp(s->name, k->name) == 0;
        if (dup)
            continue;
        printf("      %-18s %-8s %s", k->name, key_type_name(k->type), k->help ? k->help : "");
        if (k->type == CCS_KEY_ENUM && k->choices)
            printf(" [%s]", k->choices);
        if (k->default_value)
            printf(" (default: %s)", k->default_value);
        printf("\n");
    }
}

int engine_plugins(const char *path)
{
    ccs_host h;
    host_init(&h);
    diag_list d;
    diag_init(&d);
    int rc = EXIT_OK;
    if (path) {
        if (open_policy(&h, path, &d) != 0)
            rc = EXIT_USAGE;
    } else {
        h.modules.builtin_dir = host_plugin_dir();
        modules_add_dir(&h.modules, host_plugin_dir());
    }
    char **names;
    size_t n = modules_available(&h.modules, &names);
    for (size_t i = 0; i < n; i++) {
        modules_load(&h.modules, &h, &host_api, names[i], &d, NULL, 0);
        free(names[i]);
    }
    free(names);
    printf("Plugin folders:");
    for (size_t i = 0; i < h.modules.ndirs; i++)
        printf(" %s", h.modules.dirs[i]);
    printf("\n\n[organisation] keys:\n");
    print_keys(organisation_keys, NULL);
    printf("\n[history] keys:\n");
    print_keys(history_keys, NULL);
    printf("\n[retention] keys:\n");
    print_keys(retention_keys, NULL);
    printf("\nScoring rules, e.g. (every metric takes scoring, bands and points):\n"
           "  [organisation]\n"
           "  score_bands = 90 excellent, 75 good, 60 developing, 0 needs support\n"
           "  review_on = critical\n"
           "  [metric aht]\n"
           "  scoring = bands         ; 300 s or less: 100 points, up to 360 s: 80,\n"
           "  bands = 300, 360, 420   ; up to 420 s: 50, more: 0\n"
           "  points = 100, 80, 50, 0\n");
    for (size_t m = 0; m < h.modules.nmods; m++) {
        const loaded_module *lm = &h.modules.mods[m];
        printf("\nmodule %s %s: %s\n", lm->name, lm->desc->version ? lm->desc->version : "",
               lm->desc->description ? lm->desc->description : "");
        for (size_t i = 0; i < h.modules.ncomps; i++) {
            const component_entry *ce = &h.modules.comps[i];
            if (strcmp(ce->module, lm->name) != 0)
                continue;
            printf("  [%s %s]  %s\n", component_kind_name(ce->comp.kind), ce->comp.name,
                   ce->comp.help ? ce->comp.help : "");
            if (ce->comp.kind == CCS_COMPONENT_METRIC) {
                const ccs_metric_ops *ops = ce->comp.ops;
                printf("      (%s, unit '%s', %s is better)\n",
                       ops->type == CCS_METRIC_RATE ? "rate" : ops->type == CCS_METRIC_MEAN ? "mean" : "index",
                       ops->unit ? ops->unit : "", ops->direction < 0 ? "lower" : "higher");
            }
            if (ce->comp.kind == CCS_COMPONENT_SINK) {
                const ccs_sink_ops *ops = ce->comp.ops;
                if (CCS_HAS_FIELD(ops, ccs_sink_ops, flags) && (ops->flags & CCS_SINK_OWN_FILES))
                    printf("      (format '%s': writes files of its own, when the policy has this section)\n",
                           ops->format);
                else
                    printf("      (format '%s': --format %s)\n", ops->format, ops->format);
            }
            print_keys(engine_keys(ce->comp.kind), NULL);
            print_keys(ce->comp.keys, engine_keys(ce->comp.kind));
        }
    }
    if (d.n) {
        diag_print(&d, stderr);
        rc = EXIT_USAGE;
    }
    diag_free(&d);
    host_free(&h);
    return rc;
}
