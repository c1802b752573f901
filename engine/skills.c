/* `ccscore skills`: every agent's figures per queue and channel.  The run's
 * cells (agent x team x queue x channel x period) of the report's period are
 * merged per agent x queue x channel, and per agent x queue over all its
 * channels; each merged cell is judged by the scorecard's own fill_card()
 * as an agent's card (the agent's objectives, the policy's targets, near
 * margins and minimum samples), so a cell's figures are what the report
 * would say of an agent who worked only that queue and channel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "people.h"
#include "vec.h"

static int32_t report_slot(const run_state *r, const report_model *m, int32_t *first, int32_t *last)
{
    enum period_kind k;
    int32_t id;
    if (period_parse(m->period, &k, &id) != 0)
        return -1;
    period_days(k, id, first, last);
    for (size_t i = 0; i < r->nperiods; i++)
        if (r->periods[i] == id)
            return (int32_t)i;
    return -1;
}

static long card_of(const ccs_report *rep, const char *id)
{
    size_t lo = 0, hi = rep->nagents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(rep->agents[mid].id, id);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The merged accumulators of one period, keyed "agent/queue/channel". */
typedef struct merged {
    strtab keys;
    unsigned char *accs;
    size_t cap;
} merged;

static int merge_key(const run_state *r, merged *g, skills_model *s, int32_t agent, int32_t queue,
                     int32_t channel, const unsigned char *acc)
{
    char key[48];
    int len = snprintf(key, sizeof key, "%d/%d/%d", agent, queue, channel);
    int32_t i = strtab_intern(&g->keys, key, (size_t)len);
    if (i < 0)
        return -1;
    size_t ab = r->acc_bytes ? r->acc_bytes : 1;
    if ((size_t)i == s->nrows) {
        skill_row *row = VEC_PUSH(s->rows, s->nrows, s->caprows);
        if (!row)
            return -1;
        *row = (skill_row){ agent, queue, channel, 0, { 0 } };
        if (s->nrows > g->cap) {
            size_t cap = s->caprows;
            unsigned char *grown = realloc(g->accs, cap * ab);
            if (!grown)
                return -1;
            memset(grown + g->cap * ab, 0, (cap - g->cap) * ab);
            g->accs = grown;
            g->cap = cap;
        }
    }
    unsigned char *dst = g->accs + (size_t)i * ab;
    for (size_t m = 0; m < r->nmetrics; m++) {
        const metric_slot *ms = &r->metrics[m];
        ms->ops->merge(ms->cfg->inst, dst + ms->offset, acc + ms->offset);
    }
    return 0;
}

static int by_row(const void *a, const void *b, void *arg)
{
    const skill_row *x = a, *y = b;
    const skills_model *sort_model = arg;
    const run_state *r = sort_model->r;
    int c = strcmp(sort_model->rep->agents[x->agent_card].id, sort_model->rep->agents[y->agent_card].id);
    if (c)
        return c;
    if ((c = strcmp(strtab_get(&r->queues, x->queue), strtab_get(&r->queues, y->queue))) != 0)
        return c;
    if (x->channel == SKILLS_ALL_CHANNELS || y->channel == SKILLS_ALL_CHANNELS)
        return (y->channel == SKILLS_ALL_CHANNELS) - (x->channel == SKILLS_ALL_CHANNELS);
    return strcmp(skills_channel_name(sort_model, x), skills_channel_name(sort_model, y));
}

const char *skills_channel_name(const skills_model *s, const skill_row *row)
{
    if (row->channel == SKILLS_ALL_CHANNELS)
        return "all";
    return row->channel == NO_ID ? "" : strtab_get(&s->r->channels, row->channel);
}

/* Merge the period's cells: every agent x queue x channel, and every agent
 * x queue over its channels. */
static int merge_cells(const run_state *r, int32_t slot, merged *g, skills_model *s)
{
    for (size_t c = 0; c < r->ncells; c++) {
        const cell_key *k = &r->cells[c];
        if (k->period != slot || k->agent == NO_ID || k->queue == NO_ID)
            continue;
        const unsigned char *acc = r->accs + c * r->acc_bytes;
        if (merge_key(r, g, s, k->agent, k->queue, k->channel, acc) != 0 ||
            merge_key(r, g, s, k->agent, k->queue, SKILLS_ALL_CHANNELS, acc) != 0)
            return -1;
    }
    return 0;
}

/* Judge every merged cell as an agent's card. */
static int fill_rows(skills_model *s, merged *g, int32_t first, int32_t last)
{
    const run_state *r = s->r;
    size_t nm = r->nmetrics ? r->nmetrics : 1, ab = r->acc_bytes ? r->acc_bytes : 1;
    s->ms = calloc(s->nrows * nm + 1, sizeof *s->ms);
    s->sf = calloc(s->nrows * nm + 1, sizeof *s->sf);
    s->fp = calloc(s->nrows * nm + 1, sizeof *s->fp);
    if (!s->ms || !s->sf || !s->fp)
        return -1;
    run_finish_accs(r, g->accs, s->nrows);
    for (size_t i = 0; i < s->nrows; i++) {
        skill_row *row = &s->rows[i];
        const char *id = strtab_get(&r->agents, row->agent);
        long ci = card_of(s->rep, id);
        if (ci < 0)
            return -1; /* every agent with data in the period has a card */
        row->agent_card = (size_t)ci;
        const ccs_scorecard *ac = &s->rep->agents[ci];
        row->card = (ccs_scorecard){ .entity = CCS_ENTITY_AGENT, .id = ac->id, .name = ac->name,
                                     .team = ac->team };
        fill_card(r, &row->card, s->ms + i * nm, s->sf + i * nm, s->fp + i * nm, g->accs + i * ab, NULL,
                  row->agent, first, last);
    }
    return 0;
}

int skills_build(const ccs_host *h, const report_model *m, skills_model *s)
{
    const run_state *r = &h->run;
    memset(s, 0, sizeof *s);
    s->r = r;
    s->rep = &m->rep;
    int32_t first, last, slot = report_slot(r, m, &first, &last);
    if (slot < 0)
        return 0; /* no cells: an empty matrix */
    merged g = { 0 };
    strtab_init(&g.keys);
    int rc = merge_cells(r, slot, &g, s) == 0 && fill_rows(s, &g, first, last) == 0 ? 0 : -1;
    if (g.accs)
        run_free_accs(r, g.accs, s->nrows);
    free(g.accs);
    strtab_free(&g.keys);
    if (rc == 0) {
        /* The cards' metric arrays travel with the rows when sorted. */
        if (s->nrows) /* qsort's base must not be NULL */
            qsort_r(s->rows, s->nrows, sizeof *s->rows, by_row, s);
    }
    return rc;
}

void skills_free(skills_model *s)
{
    free(s->rows);
    free(s->ms);
    free(s->sf);
    free(s->fp);
    free(s->picks);
    free(s->sugg);
    memset(s, 0, sizeof *s);
}
