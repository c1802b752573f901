/* What the history verbs (trend, impact) share: the stored names of
 * entities and statuses, JSON helpers, opening the policy and the store,
 * and writing the output. */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "output.h"
#include "policy.h"

/* ------------------------------------------------------------ names, JSON */

const char *history_entity_name(int entity)
{
    switch (entity) {
    case CCS_ENTITY_AGENT: return "agent";
    case CCS_ENTITY_TEAM: return "team";
    case CCS_ENTITY_QUEUE: return "queue";
    default: return "organisation";
    }
}

const char *history_status_name(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return "meets";
    case CCS_STATUS_NEAR: return "near";
    case CCS_STATUS_BELOW: return "below";
    case CCS_STATUS_INSUFFICIENT: return "insufficient";
    default: return NULL;
    }
}
/* Thin wrappers over lib/json's escaper and number format. */
void history_json_str(FILE *f, const char *s)
{
    if (!s)
        fputs("null", f);
    else
        json_escape_file(f, s, strlen(s));
}

void history_json_num(FILE *f, double v)
{
    char buf[JSON_NUMBER_MAX];
    fwrite(buf, 1, json_format_number(buf, v), f);
}


int history_verb_open(history_verb *v, const char *policy_path, const char *cli_history)
{
    memset(v, 0, sizeof *v);
    host_init(&v->host);
    diag_list d;
    diag_init(&d);
    const char *path = policy_path ? policy_path : engine_default_policy();
    v->host.modules.builtin_dir = host_plugin_dir();
    v->host.have_policy = 1;
    int rc = -1;
    char err[1024];
    if (policy_load(&v->host.pol, path, &v->host.modules, &v->host, &host_api, &d) != 0 ||
        history_settings_load(&v->host.pol, &v->settings, &d) != 0)
        goto out;
    if (history_store_path(cli_history, &v->settings, v->path, sizeof v->path) != 0) {
        diag_add(&d, NULL, 0, "no history store: give --history FILE or [history] path");
        goto out;
    }
    v->db = history_open(v->path, 0, err, sizeof err);
    if (!v->db) {
        diag_add(&d, NULL, 0, "%s", err);
        goto out;
    }
    rc = 0;
out:
    diag_print(&d, stderr);
    diag_free(&d);
    return rc;
}

void history_verb_close(history_verb *v)
{
    sqlite3_close(v->db);
    history_settings_free(&v->settings);
    host_free(&v->host);
}

int history_verb_output(history_verb *v, const char *path, int (*fn)(void *, FILE *), void *arg)
{
    if (!path) {
        if (fn(arg, stdout) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "ccscore: error: cannot write to standard output\n");
            return -1;
        }
        return 0;
    }
    char err[1024];
    if (write_atomic(path, (mode_t)v->host.pol.org.output_mode, fn, arg, err, sizeof err) != 0) {
        fprintf(stderr, "ccscore: error: %s\n", err);
        return -1;
    }
    return 0;
}

const char *history_direction(const double *x, const double *y, size_t k, int direction, stats_slope *fit,
                              int *has_fit)
{
    *has_fit = stats_ols_slope(x, y, k, fit) == 0;
    int good = direction < 0 ? -1 : 1;
    if (*has_fit && fit->ci_low > 0)
        return good > 0 ? "improving" : "worsening";
    if (*has_fit && fit->ci_high < 0)
        return good > 0 ? "worsening" : "improving";
    if (*has_fit && k >= 4)
        return "steady";
    return "not enough data";
}

double history_period_x(enum period_kind k, int32_t id, int32_t base)
{
    return k == PERIOD_WEEK ? (double)(id - base) / 7.0 : (double)(id - base);
}
