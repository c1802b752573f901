/* queue_log: the component's keys, its instance (pause reasons, the agent
 * map), and its registration (see queue_log.h for what it reads). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"
#include "vec.h"

const ccs_host_api *ql_api;

#define NOLIMIT 0, 0

static const char *const pause_keys[PAUSE_KINDS] = { "wrapup_reasons", "break_reasons",
                                                     "lunch_reasons", "training_reasons" };

static const ccs_key ql_keys[] = {
    { "agent_map", CCS_KEY_STRING, NULL,
      "member name -> agent id, as 'SIP/8007=A007, PJSIP/alice=A012' (default: the member name is the id)", NULL, NOLIMIT },
    { "agent_map_file", CCS_KEY_PATH, NULL,
      "a file of 'member,agent_id' lines, for tables too long for one line", NULL, NOLIMIT },
    { "wrapup_reasons", CCS_KEY_STRING, "wrapup|wrap-up|acw|after call work", "pause reasons meaning wrap-up, separated by |", NULL, NOLIMIT },
    { "break_reasons", CCS_KEY_STRING, "break|comfort|rest", "pause reasons meaning a break, separated by |", NULL, NOLIMIT },
    { "lunch_reasons", CCS_KEY_STRING, "lunch|meal", "pause reasons meaning lunch, separated by |", NULL, NOLIMIT },
    { "training_reasons", CCS_KEY_STRING, "training|coaching|meeting", "pause reasons meaning training, separated by |", NULL, NOLIMIT },
    { "exits_as", CCS_KEY_ENUM, "abandoned",
      "EXITWITHTIMEOUT, EXITEMPTY and EXITWITHKEY calls: scored as abandoned, or skipped (still counted)",
      "abandoned|skip", NOLIMIT },
    { "acw_s", CCS_KEY_NUMBER, NULL, "after-call work added to each answered call (the queue's wrapuptime), "
      "seconds; unset: the log has none, and ACW shows no data", NULL, 0, 3600 },
    { "channel", CCS_KEY_STRING, "voice", "channel of the contacts", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void ql_destroy(void *inst)
{
    ql_inst *c = inst;
    if (!c)
        return;
    for (int k = 0; k < PAUSE_KINDS; k++)
        free(c->pause_reasons[k]);
    for (size_t i = 0; i < c->nids; i++)
        free(c->ids[i]);
    free(c->ids);
    strtab_free(&c->members);
    free(c->channel);
    free(c->instance);
    free(c);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int map_add(ccs_host *host, ql_inst *c, char *member, char *id, const char *where)
{
    member = trim(member);
    id = trim(id);
    if (!*member || !*id) {
        ql_api->log(host, CCS_LOG_ERROR, "%s: each entry needs a member name and an agent id", where);
        return CCS_ERR;
    }
    char *copy = strdup(id);
    if (!copy)
        return CCS_ERR;
    int32_t i = strtab_find(&c->members, member, strlen(member));
    if (i >= 0) { /* the last entry for a member wins */
        free(c->ids[i]);
        c->ids[i] = copy;
        return CCS_OK;
    }
    /* Room first, so that a member is interned only with its id. */
    if (!VEC_GROW(c->ids, c->nids, c->capids) || strtab_intern_str(&c->members, member) != (int32_t)c->nids) {
        free(copy);
        return CCS_ERR;
    }
    c->ids[c->nids++] = copy;
    return CCS_OK;
}

static int load_map(ccs_host *host, ql_inst *c, const char *inline_map, const char *file)
{
    if (inline_map) {
        char *copy = strdup(inline_map), *save = NULL;
        if (!copy)
            return CCS_ERR;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char *eq = strrchr(tok, '=');
            if (!eq) {
                ql_api->log(host, CCS_LOG_ERROR, "agent_map: '%s' is not member=agent_id", trim(tok));
                free(copy);
                return CCS_ERR;
            }
            *eq = '\0';
            if (map_add(host, c, tok, eq + 1, "agent_map") != CCS_OK) {
                free(copy);
                return CCS_ERR;
            }
        }
        free(copy);
    }
    if (file) {
        FILE *f = fopen(file, "r");
        if (!f) {
            ql_api->log(host, CCS_LOG_ERROR, "agent_map_file %s: %s", file, strerror(errno));
            return CCS_ERR;
        }
        char line[1024];
        unsigned no = 0;
        while (fgets(line, sizeof line, f)) {
            no++;
            char *s = trim(line);
            if (!*s || *s == '#' || (no == 1 && strncmp(s, "member,", 7) == 0))
                continue;
            char *comma = strrchr(s, ',');
            char where[1100];
            snprintf(where, sizeof where, "%s:%u", file, no);
            if (!comma) {
                ql_api->log(host, CCS_LOG_ERROR, "%s: expected member,agent_id", where);
                fclose(f);
                return CCS_ERR;
            }
            *comma = '\0';
            if (map_add(host, c, s, comma + 1, where) != CCS_OK) {
                fclose(f);
                return CCS_ERR;
            }
        }
        fclose(f);
    }
    return CCS_OK;
}

static int ql_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    ql_inst *c = calloc(1, sizeof *c);
    if (!c)
        return CCS_ERR;
    for (int k = 0; k < PAUSE_KINDS; k++)
        c->pause_reasons[k] = strdup(ql_api->config_string(cfg, pause_keys[k]));
    c->exits_skip = ql_api->config_enum(cfg, "exits_as") == 1;
    c->acw_s = ql_api->config_has(cfg, "acw_s") ? ql_api->config_number(cfg, "acw_s") : -1;
    c->channel = strdup(ql_api->config_string(cfg, "channel"));
    c->instance = strdup(ql_api->config_instance(cfg));
    if (load_map(host, c, ql_api->config_has(cfg, "agent_map") ? ql_api->config_string(cfg, "agent_map") : NULL,
                 ql_api->config_has(cfg, "agent_map_file") ? ql_api->config_string(cfg, "agent_map_file") : NULL) != CCS_OK) {
        ql_destroy(c);
        return CCS_ERR;
    }
    *inst = c;
    return CCS_OK;
}

static const ccs_source_ops ql_ops = { sizeof(ccs_source_ops), ql_probe, ql_read, NULL };

static const ccs_component ql_component = {
    sizeof(ccs_component), CCS_COMPONENT_SOURCE, "queue_log",
    "Asterisk queue_log (1.4 to current): contacts per call and queue, and activity "
    "(logins, queue membership, pauses by reason); calls still open at the end are counted as incomplete",
    ql_keys, ql_create, ql_destroy, &ql_ops,
};

static int ql_init(ccs_host *host, const ccs_host_api *host_api)
{
    ql_api = host_api;
    return ql_api->register_component(host, &ql_component);
}

CCS_MODULE(queue_log, "1.0", "Asterisk queue_log source", ql_init, NULL)
