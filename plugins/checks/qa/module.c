/* qa: keys, an instance from the policy, the records kept (evaluations and
 * comments: a few per agent per week, so kept whole), the review that
 * judges them once the scorecards are built, and the module.  See qa.h. */
#include <stdlib.h>
#include <string.h>

#include "qa.h"
#include "vec.h"

const ccs_host_api *qa_api;

#define NOLIMIT 0, 0
static const ccs_key qa_keys[] = {
    { "min_evaluations", CCS_KEY_INT, "4", "qa.coverage: fewest evaluations an agent should have in the period",
      NULL, 1, 1000 },
    { "offset_points", CCS_KEY_NUMBER, "5", "qa.evaluator_offset: flag an evaluator whose scores differ from "
      "colleagues' scores of the same agents by more than this (points of 100), the 95% interval excluding 0",
      NULL, 0, 100 },
    { "min_shared", CCS_KEY_INT, "5", "fewest of an evaluator's evaluations compared with colleagues' before the "
      "offset is judged", NULL, 2, 100000 },
    { "max_share", CCS_KEY_PERCENT, NULL, "qa.evaluator_workload: flag an evaluator carrying more than this share "
      "of the period's evaluations (unset: shown, not judged)", NULL, 0, 1 },
    { "owner", CCS_KEY_STRING, "quality lead", "who acts on these findings", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void qa_destroy(void *inst)
{
    qa_inst *q = inst;
    if (!q)
        return;
    strtab_free(&q->agents);
    strtab_free(&q->evaluators);
    strtab_free(&q->contacts);
    strtab_free(&q->topics);
    free(q->ev);
    free(q->cm);
    free(q->p.owner);
    free(q);
}

static int qa_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    qa_inst *q = calloc(1, sizeof *q);
    if (!q)
        return CCS_ERR;
    strtab_init(&q->agents);
    strtab_init(&q->evaluators);
    strtab_init(&q->contacts);
    strtab_init(&q->topics);
    q->contact_col = -2;
    q->p.min_evaluations = qa_api->config_int(cfg, "min_evaluations");
    q->p.offset_points = qa_api->config_number(cfg, "offset_points");
    q->p.min_shared = qa_api->config_int(cfg, "min_shared");
    q->p.has_max_share = qa_api->config_has(cfg, "max_share");
    q->p.max_share = q->p.has_max_share ? qa_api->config_number(cfg, "max_share") : 1.0;
    q->p.owner = strdup(qa_api->config_string(cfg, "owner"));
    if (!q->p.owner) {
        qa_destroy(q);
        return CCS_ERR;
    }
    *inst = q;
    return CCS_OK;
}

static void add_evaluation(qa_inst *q, ccs_host *host, const ccs_evaluation *e)
{
    if (q->contact_col == -2)
        q->contact_col = qa_api->column_index(host, CCS_REC_EVALUATION, "contact_id");
    ccs_str contact = ccs_record_column(&e->hdr, q->contact_col);
    ccs_str who = e->evaluator.len ? e->evaluator : (ccs_str){ "(none)", 6 };
    qa_eval *v = VEC_PUSH(q->ev, q->nev, q->capev);
    if (!v) {
        q->oom = 1;
        return;
    }
    v->agent = strtab_intern(&q->agents, e->agent_id.ptr, e->agent_id.len);
    v->evaluator = strtab_intern(&q->evaluators, who.ptr, who.len);
    v->contact = contact.len ? strtab_intern(&q->contacts, contact.ptr, contact.len) : -1;
    v->day = e->local_day;
    v->pct = e->auto_fail ? 0.0 : e->score / e->max_score * 100.0;
    q->oom |= v->agent < 0 || v->evaluator < 0;
}

static void add_comment(qa_inst *q, const ccs_comment *c)
{
    qa_comment *m = VEC_PUSH(q->cm, q->ncm, q->capcm);
    if (!m) {
        q->oom = 1;
        return;
    }
    m->agent = strtab_intern(&q->agents, c->agent_id.ptr, c->agent_id.len);
    m->topic = c->topic.len ? strtab_intern(&q->topics, c->topic.ptr, c->topic.len) : -1;
    m->day = c->received_on;
    m->route = c->route;
    q->oom |= m->agent < 0;
}

static void qa_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    if (rec->kind == CCS_REC_EVALUATION)
        add_evaluation(inst, host, (const ccs_evaluation *)rec);
    else if (rec->kind == CCS_REC_COMMENT)
        add_comment(inst, (const ccs_comment *)rec);
}

static int qa_review(void *inst, ccs_host *host, const ccs_report *rep)
{
    qa_inst *q = inst;
    if (q->oom) {
        qa_api->log(host, CCS_LOG_ERROR, "out of memory for the evaluations");
        return CCS_ERR;
    }
    qa_result res = { 0 };
    if (qa_api->report_period(host, &res.first_day, &res.last_day) != CCS_OK)
        return CCS_OK; /* no data: nothing to judge */
    int rc = qa_coverage(q, host, rep, &res);
    if (rc == CCS_OK)
        rc = qa_evaluators(q, host, &res);
    if (rc == CCS_OK)
        rc = qa_calibrate(q, &res);
    if (rc == CCS_OK)
        rc = qa_section(q, host, &res);
    if (rc == CCS_OK)
        rc = qa_topics(q, host, rep, &res);
    if (rc != CCS_OK)
        qa_api->log(host, CCS_LOG_ERROR, "out of memory for the QA review");
    free(res.evaluators);
    free(res.calib.rows);
    return rc;
}

static const ccs_check_ops qa_ops = {
    .size = sizeof(ccs_check_ops),
    .records = CCS_REC_EVALUATION | CCS_REC_COMMENT,
    .add = qa_add,
    .review = qa_review,
};

static const ccs_component qa_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "qa",
    "quality assurance: coverage, evaluator offsets and workload, calibration (CC28 1.1-1.3); owner the quality "
    "lead. Rules:\n"
    "        qa.coverage             advisory: an agent with fewer than min_evaluations evaluations in the period\n"
    "                                (reference = agent id)\n"
    "        qa.evaluator_offset     advisory: an evaluator's mean difference from other evaluators' scores of the\n"
    "                                same agents exceeds offset_points and its 95% t interval excludes 0\n"
    "                                (reference = evaluator)\n"
    "        qa.evaluator_workload   advisory: an evaluator carries more than max_share of the evaluations\n"
    "      With a contact_id column in evaluations.csv, contacts scored by several evaluators get their spread\n"
    "      and the agreement ICC(1,1); comment topics (comments.csv) are counted per team and agent",
    qa_keys, qa_create, qa_destroy, &qa_ops,
};

static int qa_init(ccs_host *host, const ccs_host_api *host_api)
{
    qa_api = host_api;
    /* review() is ABI 1.3, the comment record 1.4 */
    if (host_api->abi_major == 1 && host_api->abi_minor < 4) {
        host_api->log(host, CCS_LOG_ERROR, "needs a host with plugin ABI 1.4 or later");
        return CCS_ERR;
    }
    return qa_api->register_component(host, &qa_component);
}

CCS_MODULE(qa, "1.0", "qa: QA coverage, evaluator offsets and workload, calibration agreement, comment topics",
           qa_init, NULL)
