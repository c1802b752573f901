/* coaching: the report section "coaching": what the plugin chose, for audit
 * and tests.  Tables (all DETAIL: JSON, CSV and charts show them, the text
 * report does not):
 *   settings  (facts)  max_focus, style
 *   agents             id, opening (strength|improvement|neutral), careful,
 *                      strengths (metric ids in order, comma-separated)
 *   focus              agent, rank, metric, label, buddy (an agent id or none)
 *   labels             metric -> the words the texts use for it, once for
 *                      every figure with a target on some agent's scorecard */
#include <stdlib.h>
#include <string.h>

#include "coaching.h"
#include "strbuf.h"

static const ccs_column settings_cols[] = {
    { "max_focus", "most focus areas per person", CCS_VAL_COUNT, NULL, 0 },
    { "style", "style", CCS_VAL_TEXT, NULL, 0 },
};
static const ccs_column agent_cols[] = {
    { "id", "agent", CCS_VAL_ID, NULL, 0 },
    { "opening", "opening", CCS_VAL_TEXT, NULL, 0 },
    { "careful", "careful wording", CCS_VAL_BOOL, NULL, 0 },
    { "strengths", "strengths", CCS_VAL_TEXT, NULL, 0 },
};
static const ccs_column focus_cols[] = {
    { "agent", "agent", CCS_VAL_ID, NULL, 0 },
    { "rank", "rank", CCS_VAL_COUNT, NULL, 0 },
    { "metric", "metric", CCS_VAL_ID, NULL, 0 },
    { "label", "label", CCS_VAL_TEXT, NULL, 0 },
    { "buddy", "buddy", CCS_VAL_ID, NULL, 0 },
};
static const ccs_column label_cols[] = {
    { "metric", "metric", CCS_VAL_ID, NULL, 0 },
    { "label", "label", CCS_VAL_TEXT, NULL, 0 },
};

#define NCOLS(a) (sizeof a / sizeof a[0])

void co_section_init(coaching_section *s, const coaching *c)
{
    memset(s, 0, sizeof *s);
    strtab_init(&s->labelled);
    tb_init(&s->facts, "settings", "Settings", settings_cols, NCOLS(settings_cols));
    tb_init(&s->agents, "agents", "Agents", agent_cols, NCOLS(agent_cols));
    tb_init(&s->focus, "focus", "Focus areas and buddies", focus_cols, NCOLS(focus_cols));
    tb_init(&s->labels, "labels", "Labels", label_cols, NCOLS(label_cols));
    s->facts.t.flags = CCS_TABLE_FACTS | CCS_TABLE_DETAIL;
    s->agents.t.flags = s->focus.t.flags = s->labels.t.flags = CCS_TABLE_DETAIL;
    tb_num(&s->facts, c->max_focus);
    tb_text(&s->facts, c->formal ? "formal" : "informal");
}

/* A label row for `metric` unless it has one already. */
static void label_once(coaching_section *s, const char *metric)
{
    size_t len = strlen(metric);
    if (strtab_find(&s->labelled, metric, len) >= 0)
        return;
    if (strtab_intern(&s->labelled, metric, len) < 0) {
        s->oom = 1;
        return;
    }
    tb_text(&s->labels, metric);
    tb_text(&s->labels, co_label_of(metric));
}

void co_section_agent(coaching_section *s, const agent_choice *ch)
{
    const ccs_scorecard *a = ch->agent;
    strbuf names = { 0 };
    for (size_t i = 0; i < ch->nstrengths; i++) {
        strbuf_puts(&names, i ? ", " : "");
        strbuf_puts(&names, ch->strengths[i].m->name);
    }
    s->oom |= names.oom;
    tb_text(&s->agents, a->id);
    tb_text(&s->agents, ch->opening);
    tb_num(&s->agents, ch->careful);
    tb_text(&s->agents, names.p ? names.p : "");
    free(names.p);
    for (size_t i = 0; i < ch->nfocus; i++) {
        tb_text(&s->focus, a->id);
        tb_num(&s->focus, (double)(i + 1));
        tb_text(&s->focus, ch->focus[i]->name);
        tb_text(&s->focus, co_label_of(ch->focus[i]->name));
        tb_text(&s->focus, ch->buddy[i] ? ch->buddy[i]->id : NULL);
    }
    for (size_t i = 0; i < a->nmetrics; i++)
        if (a->metrics[i].has_target)
            label_once(s, a->metrics[i].name);
}

int co_section_add(coaching_section *s, ccs_host *host)
{
    if (s->oom || s->facts.oom || s->agents.oom || s->focus.oom || s->labels.oom)
        return CCS_ERR;
    if (!CCS_HAS_FIELD(coaching_api, ccs_host_api, add_report_section))
        return CCS_OK;
    ccs_table tables[4] = { *tb_table(&s->facts), *tb_table(&s->agents), *tb_table(&s->focus),
                            *tb_table(&s->labels) };
    ccs_report_section sec = { sizeof sec, "coaching", "Coaching choices", 0, NULL, 4, tables, 0, NULL };
    return coaching_api->add_report_section(host, &sec);
}

void co_section_free(coaching_section *s)
{
    tb_free(&s->facts);
    tb_free(&s->agents);
    tb_free(&s->focus);
    tb_free(&s->labels);
    strtab_free(&s->labelled);
}
