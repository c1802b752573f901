/* `ccscore skills`: each agent's strongest and weakest queue (the highest
 * and lowest weighted score over the agent x queue cells with a score), and
 * suggestions from the workload section.
 *
 * A queue is under pressure when the workload section lists intervals of it
 * below the service level target ("bottlenecks").  For each such queue, the
 * agents strong in it are those whose cell there has a score at least the
 * queue's own score and no figure below target, while the queue is not their
 * main one (under half of the contacts they handled): they could be moved to
 * it at its peaks, or skilled up to take more of it.  At most
 * SKILLS_PER_QUEUE per queue, best score first. */
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "vec.h"

#define SKILLS_PER_QUEUE 3

int skills_pick(skills_model *s)
{
    for (size_t i = 0; i < s->nrows; i++) {
        const skill_row *row = &s->rows[i];
        skill_pick *p = s->npicks ? &s->picks[s->npicks - 1] : NULL;
        if (!p || p->agent_card != row->agent_card) {
            if (!(p = VEC_PUSH(s->picks, s->npicks, s->cappicks)))
                return -1;
            *p = (skill_pick){ row->agent_card, -1, -1, 0 };
        }
        if (row->channel != SKILLS_ALL_CHANNELS || !row->card.has_score)
            continue;
        p->nscored++;
        if (p->strongest < 0 || row->card.score > s->rows[p->strongest].card.score)
            p->strongest = (long)i;
        if (p->weakest < 0 || row->card.score < s->rows[p->weakest].card.score)
            p->weakest = (long)i;
    }
    for (size_t i = 0; i < s->npicks; i++)
        if (s->picks[i].nscored < 2)
            s->picks[i].weakest = -1; /* one queue is no comparison */
    return 0;
}

static const ccs_report_section *find_section(const ccs_report *rep, const char *name)
{
    for (size_t i = 0; i < rep->nreport_sections; i++)
        if (strcmp(rep->report_sections[i].name, name) == 0)
            return &rep->report_sections[i];
    return NULL;
}

static const ccs_table *find_table(const ccs_report_section *sec, const char *name)
{
    for (size_t i = 0; sec && i < sec->ntables; i++)
        if (strcmp(sec->tables[i].name, name) == 0)
            return &sec->tables[i];
    return NULL;
}

static const ccs_cell *cell_of(const ccs_table *t, size_t row, const char *col)
{
    for (size_t c = 0; c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, col) == 0)
            return &t->cells[row * t->ncolumns + c];
    return NULL;
}

static double num_of(const ccs_table *t, size_t row, const char *col, int *present)
{
    const ccs_cell *c = cell_of(t, row, col);
    if (present)
        *present = c && c->present;
    return c && c->present ? c->number : 0;
}

static const ccs_metric_score *metric_named(const ccs_scorecard *c, const char *name)
{
    for (size_t i = 0; i < c->nmetrics; i++)
        if (strcmp(c->metrics[i].name, name) == 0)
            return &c->metrics[i];
    return NULL;
}

static const ccs_scorecard *queue_card(const ccs_report *rep, const char *id)
{
    for (size_t i = 0; i < rep->nqueues; i++)
        if (strcmp(rep->queues[i].id, id) == 0)
            return &rep->queues[i];
    return NULL;
}

/* The pressure on one queue from the bottlenecks table (most contacts
 * affected first, so the first row of a queue is its worst interval). */
static void pressure_of(const ccs_table *bt, const char *queue, skill_suggestion *sg)
{
    for (size_t i = 0; bt && i < bt->nrows; i++) {
        const ccs_cell *q = cell_of(bt, i, "queue");
        if (!q || !q->present || !q->text || strcmp(q->text, queue) != 0)
            continue;
        sg->bottlenecks++;
        sg->affected += num_of(bt, i, "affected", NULL);
        if (sg->has_worst)
            continue;
        sg->has_worst = 1;
        sg->worst_day = num_of(bt, i, "date", &sg->has_day);
        sg->worst_start = num_of(bt, i, "start", NULL);
        sg->worst_sl = num_of(bt, i, "service_level", NULL);
        sg->worst_required = num_of(bt, i, "required", &sg->has_required);
        sg->worst_staffed = num_of(bt, i, "staffed", NULL);
    }
}

/* Whether the row is strong: scored, at least the queue's score, nothing
 * below target, and not the agent's main queue. */
static int strong_elsewhere(const skills_model *s, const skill_row *row, const ccs_scorecard *qc,
                            double *share)
{
    if (!row->card.has_score || !qc || !qc->has_score || row->card.score < qc->score)
        return 0;
    for (size_t m = 0; m < row->card.nmetrics; m++)
        if (row->card.metrics[m].status == CCS_STATUS_BELOW)
            return 0;
    const ccs_metric_score *h = metric_named(&row->card, "handled");
    const ccs_metric_score *all = metric_named(&s->rep->agents[row->agent_card], "handled");
    *share = h && all && all->defined && all->value > 0 ? h->value / all->value : -1;
    return *share < 0.5;
}

static int by_score(const void *a, const void *b, void *arg)
{
    const skills_model *s = arg;
    const skill_suggestion *x = a, *y = b;
    double sx = s->rows[x->row].card.score, sy = s->rows[y->row].card.score;
    return sx != sy ? (sx < sy ? 1 : -1) : (x->row > y->row) - (x->row < y->row);
}

int skills_suggest(skills_model *s, const ccs_report *rep)
{
    const ccs_report_section *sec = find_section(rep, "workload");
    const ccs_table *bt = find_table(sec, "bottlenecks");
    s->has_workload = sec != NULL;
    for (size_t q = 0; bt && q < rep->nqueues; q++) {
        skill_suggestion base = { 0 };
        pressure_of(bt, rep->queues[q].id, &base);
        if (!base.bottlenecks)
            continue;
        const ccs_scorecard *qc = queue_card(rep, rep->queues[q].id);
        base.queue_score = qc && qc->has_score ? qc->score : 0;
        size_t start = s->nsugg;
        for (size_t i = 0; i < s->nrows; i++) {
            const skill_row *row = &s->rows[i];
            double share;
            if (row->channel != SKILLS_ALL_CHANNELS ||
                strcmp(strtab_get(&s->r->queues, row->queue), rep->queues[q].id) != 0 ||
                !strong_elsewhere(s, row, qc, &share))
                continue;
            skill_suggestion *sg = VEC_PUSH(s->sugg, s->nsugg, s->capsugg);
            if (!sg)
                return -1;
            *sg = base;
            sg->row = i;
            sg->share = share;
        }
        if (s->nsugg > start) /* none yet: s->sugg may still be NULL */
            qsort_r(s->sugg + start, s->nsugg - start, sizeof *s->sugg, by_score, s);
        if (s->nsugg - start > SKILLS_PER_QUEUE)
            s->nsugg = start + SKILLS_PER_QUEUE;
    }
    return 0;
}
