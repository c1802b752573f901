/* csv: reads contacts, QA evaluations, the agent roster, personal
 * objectives, agent activity (schedules: shifts, breaks...) and comments from CSV exports (RFC 4180), with the policy's column mapping,
 * into typed records.  Bad rows are rejected one by one with file:line and the
 * reason; the run goes on or stops as the policy's on_bad_row says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsrc.h"

const ccs_host_api *csv_api;

static const ccs_str answered_word = { "answered", 8 }, abandoned_word = { "abandoned", 9 };

const csv_inst cs_defaults = {
    .limits = { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_FIELDS, 0 },
    .max_note_bytes = DEFAULT_MAX_NOTE_BYTES,
    .duplicate_window = 8192,
    .answered = { 1, &answered_word },
    .abandoned = { 1, &abandoned_word },
};

/* Split list at '|' into *out, slices of list; -1 out of memory. */
static int split_words(const char *list, word_list *out)
{
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == '|';
    ccs_str *w = malloc(n * sizeof *w);
    if (!w)
        return -1;
    const char *start = list;
    for (size_t i = 0; i < n; i++) {
        const char *e = strchr(start, '|');
        size_t len = e ? (size_t)(e - start) : strlen(start);
        w[i] = (ccs_str){ start, len };
        start += len + 1;
    }
    out->n = n;
    out->w = w;
    return 0;
}

static uint32_t csv_probe(const void *inst, const char *head, size_t len)
{
    const csv_inst *c = inst ? inst : &cs_defaults;
    csv_reader *r = csv_open_mem(head, len, &c->limits);
    if (!r)
        return 0;
    const ccs_str *fields;
    size_t n;
    uint32_t kind = 0;
    if (csv_next(r, &fields, &n, NULL, NULL) == 1) {
        int pos[F_COUNT];
        cs_map_header(c, fields, n, pos);
        for (size_t s = 0; s < cs_nstreams && !kind; s++)
            if (cs_has_required(&cs_streams[s], pos))
                kind = cs_streams[s].kind;
    }
    csv_close(r);
    return kind;
}

static int csv_read(void *inst, ccs_source_ctx *ctx, const char *path)
{
    return cs_read_rows(inst, ctx, path, 0, UINT64_MAX, NULL, NULL);
}

/* ------------------------------------------------ configuration */

#define NOLIMIT 0, 0
#define COL(f) { "col_" #f, CCS_KEY_STRING, NULL, "header of the " #f " column, when the export names it differently", NULL, NOLIMIT }

static const ccs_key csv_keys[] = {
    COL(contact_id), COL(agent_id), COL(team), COL(queue), COL(channel), COL(started_at),
    COL(wait_s), COL(talk_s), COL(hold_s), COL(acw_s), COL(outcome), COL(transferred),
    COL(resolved), COL(csat), COL(nps), COL(customer_id), COL(notes), COL(evaluated_at),
    COL(evaluator), COL(score), COL(max_score), COL(auto_fail), COL(name), COL(hired_on),
    COL(left_on), COL(leave_reason), COL(metric), COL(target), COL(from), COL(to),
    COL(young_worker), COL(night_worker), COL(opt_out_48h), COL(activity), COL(start), COL(end),
    COL(reason), COL(received_on), COL(route), COL(sentiment), COL(topic),
    { "answered_as", CCS_KEY_STRING, "answered", "outcome values meaning answered, separated by |", NULL, NOLIMIT },
    { "abandoned_as", CCS_KEY_STRING, "abandoned", "outcome values meaning abandoned, separated by |", NULL, NOLIMIT },
    { "max_line_bytes", CCS_KEY_INT, "1048576", "longest row in bytes; a longer one is rejected", NULL, 64, 1073741824 },
    { "max_fields", CCS_KEY_INT, "512", "most fields in a row; a row with more is rejected", NULL, 1, 65536 },
    { "duplicate_window", CCS_KEY_INT, "8192", "contacts: among how many valid rows before it a contact id is looked for (0: no check; about 70 bytes each; larger windows cost speed)", NULL, 0, 1073741824 },
    { "max_note_bytes", CCS_KEY_INT, "65536", "longest notes field in bytes; a longer one is rejected", NULL, 0, 1073741824 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void csv_destroy(void *inst)
{
    csv_inst *c = inst;
    if (!c)
        return;
    for (int f = 0; f < F_COUNT; f++)
        free(c->column[f]);
    free(c->answered_as);
    free(c->abandoned_as);
    free((void *)c->answered.w);
    free((void *)c->abandoned.w);
    free(c);
}

static int csv_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    csv_inst *c = calloc(1, sizeof *c);
    if (!c)
        return CCS_ERR;
    for (int f = 0; f < F_COUNT; f++) {
        char key[32];
        snprintf(key, sizeof key, "col_%s", cs_field_names[f]);
        const char *v = csv_api->config_string(cfg, key);
        if (v && *v)
            c->column[f] = strdup(v);
    }
    c->limits.max_record_bytes = (size_t)csv_api->config_int(cfg, "max_line_bytes");
    c->limits.max_fields = (size_t)csv_api->config_int(cfg, "max_fields");
    c->max_note_bytes = (size_t)csv_api->config_int(cfg, "max_note_bytes");
    c->duplicate_window = (size_t)csv_api->config_int(cfg, "duplicate_window");
    c->answered_as = strdup(csv_api->config_string(cfg, "answered_as"));
    c->abandoned_as = strdup(csv_api->config_string(cfg, "abandoned_as"));
    if (!c->answered_as || !c->abandoned_as || split_words(c->answered_as, &c->answered) != 0 ||
        split_words(c->abandoned_as, &c->abandoned) != 0) {
        csv_destroy(c);
        return CCS_ERR;
    }
    *inst = c;
    return CCS_OK;
}

static const ccs_source_ops csv_ops = { sizeof(ccs_source_ops), csv_probe, csv_read, cs_read_rows };

static const ccs_component csv_component = {
    sizeof(ccs_component), CCS_COMPONENT_SOURCE, "csv",
    "CSV exports: contacts, evaluations (QA), agents (roster; optional 0/1 columns young_worker, "
    "night_worker, opt_out_48h), objectives, activity (agent_id, activity = shift|break|lunch|training|"
    "coaching|pause|login|wrapup, start, end in ISO 8601; optional queue, reason), comments (agent_id, "
    "received_on, route = complaint|compliment|peer|self|mystery_shopper|customer, sentiment -1|0|1; optional "
    "topic, score 0-100; free text is never read)",
    csv_keys, csv_create, csv_destroy, &csv_ops,
};

static int csv_init(ccs_host *host, const ccs_host_api *host_api)
{
    csv_api = host_api;
    return csv_api->register_component(host, &csv_component);
}

CCS_MODULE(csv, "1.0", "CSV source (RFC 4180) with column mapping", csv_init, NULL)
