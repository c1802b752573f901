#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check_shards.h"
#include "datefmt.h"
#include "host.h"
#include "parse.h"
#include "spool.h"
#include "vec.h"

static const char *const stream_names[NSTREAMS] = { "contacts", "evaluations", "agents", "objectives", "activity",
                                                     "comments" };

int stream_bit(uint32_t stream)
{
    for (int i = 0; i < NSTREAMS; i++)
        if (stream == (1u << i))
            return i;
    return -1;
}

const char *stream_name(uint32_t stream)
{
    int b = stream_bit(stream);
    return b < 0 ? "unknown" : stream_names[b];
}

uint32_t stream_from_name(const char *name)
{
    for (int i = 0; i < NSTREAMS; i++)
        if (strcmp(name, stream_names[i]) == 0)
            return 1u << i;
    return 0;
}

void run_init(run_state *r, enum period_kind kind)
{
    memset(r, 0, sizeof *r);
    strtab_init(&r->agents);
    strtab_init(&r->teams);
    strtab_init(&r->queues);
    strtab_init(&r->channels);
    contact_keys_init(&r->contact_keys);
    for (int i = 0; i < NSTREAMS; i++)
        strtab_init(&r->columns[i]);
    r->period_kind = kind;
    r->last_period_slot = -1;
    r->last_day = INT32_MIN;
    intake_init(&r->pseudonyms, NULL, 0);
    reject_tally_init(&r->rejects);
    r->data_first_day = INT32_MAX;
    r->data_last_day = INT32_MIN;
    load_init(&r->load);
}

void run_set_pseudonym_key(run_state *r, const unsigned char *key, size_t len)
{
    intake_free(&r->pseudonyms);
    intake_init(&r->pseudonyms, key, len);
}

static void each_acc(const run_state *r, unsigned char *accs, size_t n, int finish)
{
    for (size_t m = 0; accs && m < r->nmetrics; m++) {
        const metric_slot *s = &r->metrics[m];
        void (*fn)(const void *, void *) = finish ? s->finish : s->acc_free;
        for (size_t c = 0; fn && c < n; c++)
            fn(s->cfg->inst, accs + c * r->acc_bytes + s->offset);
    }
}

void run_finish_accs(const run_state *r, unsigned char *accs, size_t n)
{
    each_acc(r, accs, n, 1);
}

void run_free_accs(const run_state *r, unsigned char *accs, size_t n)
{
    each_acc(r, accs, n, 0);
}

void run_free(run_state *r)
{
    run_free_accs(r, r->accs, r->ncells);
    for (uint32_t i = 0; i < r->agents.n; i++)
        free(r->ainfo[i].name);
    free(r->ainfo);
    strtab_free(&r->agents);
    strtab_free(&r->teams);
    strtab_free(&r->queues);
    strtab_free(&r->channels);
    contact_keys_free(&r->contact_keys);
    for (int i = 0; i < NSTREAMS; i++) {
        strtab_free(&r->columns[i]);
        if (!r->shard)
            free(r->by_kind[i]);
    }
    free(r->periods);
    for (size_t i = 0; !r->shard && r->metrics && i < r->nmetrics; i++)
        team_targets_free(r->metrics[i].team_overrides, r->metrics[i].nteam_overrides);
    if (!r->shard)
        free(r->metrics);
    free(r->cells);
    free(r->accs);
    free(r->slots);
    free(r->objectives);
    for (size_t i = 0; i < r->ninputs; i++) {
        free(r->inputs[i].path);
        spool_remove(r->inputs[i].open_path); /* a spooled copy (stdin, .gz, FIFO): ours */
    }
    free(r->inputs);
    for (size_t i = 0; i < r->nrow_errors; i++)
        free(r->row_error_text[i]);
    intake_free(&r->pseudonyms);
    for (size_t i = 0; i < r->nroster; i++)
        free(r->roster[i].reason);
    free(r->roster);
    reject_tally_free(&r->rejects);
    check_shards_free(r);
    load_free(&r->load);
    memset(r, 0, sizeof *r);
}

int run_add_metrics(run_state *r, const policy *p, diag_list *d)
{
    size_t n = 0;
    for (size_t i = 0; i < p->ninstances; i++)
        n += p->instances[i]->kind == CCS_COMPONENT_METRIC;
    r->metrics = calloc(n ? n : 1, sizeof *r->metrics);
    if (!r->metrics)
        return -1;
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_METRIC)
            continue;
        metric_slot *m = &r->metrics[r->nmetrics++];
        m->cfg = c;
        m->ops = c->comp->comp.ops;
        m->name = c->instance;
        m->offset = r->acc_bytes;
        r->acc_bytes += (m->ops->acc_size + 15) & ~(size_t)15;
        if (CCS_HAS_FIELD(m->ops, ccs_metric_ops, finish)) {
            m->acc_free = m->ops->acc_free;
            m->finish = m->ops->finish;
        }
        if (cfg_has(c, "target")) {
            char err[256];
            m->has_target = parse_target(m->ops->type, cfg_string(c, "target"), &m->target, err,
                                         sizeof err) == 0;
            if (!m->has_target)
                diag_add(d, c->file, c->line, "%s", err);
        }
        m->direction = metric_direction(c, m->ops);
        metric_rule_load(c, m->ops->type, m->direction, p->org.scoring, &m->rule, NULL);
        m->weight = cfg_number(c, "weight");
        m->near = cfg_number(c, "near");
        m->min_sample = cfg_has(c, "min_sample") ? (uint64_t)cfg_int(c, "min_sample") : p->org.min_sample;
        if (team_targets_for(p, m->name, m->ops->type, &m->team_overrides, &m->nteam_overrides) != 0)
            return -1;
        for (int b = 0; b < NSTREAMS; b++) {
            if (!(m->ops->records & (1u << b)))
                continue;
            size_t *grown = realloc(r->by_kind[b], (r->nby_kind[b] + 1) * sizeof *grown);
            if (!grown)
                return -1;
            r->by_kind[b] = grown;
            r->by_kind[b][r->nby_kind[b]++] = r->nmetrics - 1;
        }
    }
    return 0;
}

/* The period slot of a local day; rows come mostly in date order. */
static int32_t day_slot(run_state *r, int32_t day)
{
    if (day != r->last_day) {
        r->last_day_slot = run_period_slot(r, period_of_day(r->period_kind, day));
        r->last_day = day;
    }
    return r->last_day_slot;
}

int32_t run_agent_lookup(run_state *r, ccs_str id)
{
    if (id.len == 0)
        return NO_ID;
    uint32_t before = r->agents.n;
    int32_t a = strtab_intern(&r->agents, id.ptr, id.len);
    if (a < 0 || r->agents.n == before)
        return a;
    if ((size_t)a >= r->ainfo_cap) {
        size_t cap = r->ainfo_cap ? r->ainfo_cap * 2 : 64;
        agent_info *grown = realloc(r->ainfo, cap * sizeof *grown);
        if (!grown)
            return NO_ID;
        r->ainfo = grown;
        r->ainfo_cap = cap;
    }
    agent_info *ai = &r->ainfo[a];
    ai->name = NULL;
    ai->roster_team = ai->seen_team = NO_ID;
    ai->hired_on = ai->left_on = INT32_MIN;
    ai->in_roster = 0;
    return a;
}

int run_set_clock(run_state *r, const char *now_override)
{
    int64_t now = (int64_t)time(NULL);
    if (now_override && *now_override) {
        ccs_str s = { now_override, strlen(now_override) };
        int32_t day;
        int64_t secs;
        if (parse_date(s, &day) == 0)
            now = (int64_t)day * 86400;
        else if (parse_int64(s, &secs) == 0)
            now = secs;
        else
            return -1;
    }
    r->check_time = 1;
    r->latest_time = now + 86400;
    return 0;
}

static void format_utc(int64_t t, char *buf, size_t len)
{
    int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - day * 86400;
    char date[11];
    fmt_day(date, (int32_t)day);
    snprintf(buf, len, "%sT%02d:%02d:%02dZ", date, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60));
}

/* 0 when t is a plausible time for a record of this run; else the row is
 * rejected with the reason. */
static int time_plausible(run_state *r, source_input *in, const ccs_record *rec, const char *column,
                          int64_t t)
{
    if (!r->check_time || (t >= 0 && t <= r->latest_time))
        return 0;
    char when[64], limit[64], reason[256];
    format_utc(t, when, sizeof when);
    if (t < 0) {
        snprintf(reason, sizeof reason, "%s %s is before 1970-01-01: not a real record time", column, when);
    } else {
        format_utc(r->latest_time, limit, sizeof limit);
        snprintf(reason, sizeof reason, "%s %s is in the future (later than %s, a day after this run)",
                 column, when, limit);
    }
    run_reject(r, in, rec->line, reason);
    return -1;
}

void run_reject(run_state *r, source_input *in, uint64_t line, const char *reason)
{
    run_reject_ref(r, in, line, reason, 0, NULL);
}

/* The tally's kind has "…" for the line named, the same in a shard and in a
 * one-thread read (and all such rows one kind); a shard's kept text gets the
 * number when it is merged, when the line it counts from is known. */
void run_reject_ref(run_state *r, source_input *in, uint64_t line, const char *before, uint64_t other,
                    const char *after)
{
    char text[1024];
    in->stats.read++;
    in->stats.rejected++;
    r->total_row_errors++;
    if (other)
        snprintf(text, sizeof text, "%s\xe2\x80\xa6%s", before, after);
    reject_tally_add(&r->rejects, in->path, other ? text : before, 1);
    if (line > in->last_reject_line)
        in->last_reject_line = line;
    if (r->nrow_errors < ROW_ERRORS_KEPT) {
        size_t i = r->nrow_errors++;
        r->row_error_ref[i] = r->shard ? other : 0;
        r->row_error_ref_at[i] = strlen(before);
        r->row_error_text[i] = other ? reject_reason(before, r->shard ? 0 : other, after) : strdup(before);
        r->row_errors[i].file = in->path;
        r->row_errors[i].line = line;
        r->row_errors[i].reason = r->row_error_text[i];
    }
    if (in->on_bad_row == BAD_ROW_FAIL) {
        in->stopped = 1;
        r->input_failed = 1;
    }
}

static void dispatch(const run_state *r, int bit, unsigned char *acc, const ccs_record *rec)
{
    for (size_t i = 0; i < r->nby_kind[bit]; i++) {
        const metric_slot *m = &r->metrics[r->by_kind[bit][i]];
        m->ops->add(m->cfg->inst, acc + m->offset, rec);
    }
}

static void dispatch_checks(ccs_host *h, const ccs_record *rec)
{
    const policy *p = &h->pol;
    const char *caller = h->component; /* the source that emitted, for its own messages */
    for (size_t i = 0; i < p->ninstances; i++) {
        ccs_config *c = p->instances[i];
        if (c->kind != CCS_COMPONENT_CHECK)
            continue;
        const ccs_check_ops *ops = c->comp->comp.ops;
        if (ops->add && (ops->records & rec->kind)) {
            h->component = c->instance;
            ops->add(c->inst, h, rec);
            h->component = caller;
        }
    }
}

/* What a record did: counted and passed on, rejected (counted as such), or
 * the run must stop (out of memory). */
enum { REC_ACCEPTED, REC_REJECTED, REC_FAILED };

static int record_agent(run_state *r, source_input *in, const ccs_agent *a)
{
    int32_t ai = run_agent_lookup(r, a->agent_id);
    if (ai < 0) {
        run_reject(r, in, a->hdr.line, "agent row without agent_id");
        return REC_REJECTED;
    }
    agent_info *info = &r->ainfo[ai];
    int32_t team = run_intern(&r->teams, a->team);
    /* A rehire has a row per spell; the latest spell describes the agent. */
    if (!info->in_roster || a->hired_on == INT32_MIN || info->hired_on == INT32_MIN ||
        a->hired_on >= info->hired_on) {
        free(info->name);
        info->name = a->name.len ? strndup(a->name.ptr, a->name.len) : NULL;
        info->roster_team = team;
        info->hired_on = a->hired_on;
        info->left_on = a->left_on;
        info->in_roster = 1;
    }
    roster_row *row = VEC_PUSH(r->roster, r->nroster, r->caproster);
    if (!row)
        return REC_FAILED;
    *row = (roster_row){ ai, team, a->hired_on, a->left_on,
                         a->leave_reason.len ? strndup(a->leave_reason.ptr, a->leave_reason.len) : NULL };
    return REC_ACCEPTED;
}

static int record_objective(run_state *r, source_input *in, const ccs_objective *o)
{
    size_t mi;
    for (mi = 0; mi < r->nmetrics; mi++)
        if (strlen(r->metrics[mi].name) == o->metric.len &&
            memcmp(r->metrics[mi].name, o->metric.ptr, o->metric.len) == 0)
            break;
    char reason[256];
    if (mi == r->nmetrics) {
        snprintf(reason, sizeof reason, "unknown metric '%.*s': the policy has no [metric %.*s]",
                 (int)(o->metric.len > 60 ? 60 : o->metric.len), o->metric.ptr,
                 (int)(o->metric.len > 60 ? 60 : o->metric.len), o->metric.ptr);
        run_reject(r, in, o->hdr.line, reason);
        return REC_REJECTED;
    }
    if (r->metrics[mi].ops->type == CCS_METRIC_RATE && (o->target < 0 || o->target > 1)) {
        snprintf(reason, sizeof reason, "target %.15g for the rate '%s' must be a fraction between 0 and 1",
                 o->target, r->metrics[mi].name);
        run_reject(r, in, o->hdr.line, reason);
        return REC_REJECTED;
    }
    objective *ob = VEC_PUSH(r->objectives, r->nobjectives, r->capobjectives);
    if (!ob)
        return REC_FAILED;
    ob->agent = run_agent_lookup(r, o->agent_id);
    ob->metric = mi;
    ob->target = o->target;
    ob->from_day = o->from_day;
    ob->to_day = o->to_day;
    return REC_ACCEPTED;
}

static int record_contact(run_state *r, source_input *in, const ccs_contact *c, int bit)
{
    if (time_plausible(r, in, &c->hdr, "started_at", c->started_at) != 0)
        return REC_REJECTED;
    contact_ids spare, *ids = contact_keys_of(r, c, &spare);
    if (!ids)
        return REC_FAILED;
    if (ids->agent >= 0 && ids->team >= 0)
        r->ainfo[ids->agent].seen_team = ids->team;
    if (load_contact(&r->load, ids->agent, c->agent_id, c) != 0)
        return REC_FAILED;
    int32_t ps = day_slot(r, c->local_day);
    if (ps < 0)
        return REC_FAILED;
    /* The days contacts span, and the days of the week they fall on (issue 11). */
    if (c->local_day < r->data_first_day)
        r->data_first_day = c->local_day;
    if (c->local_day > r->data_last_day)
        r->data_last_day = c->local_day;
    r->data_weekdays |= 1u << (((c->local_day % 7) + 10) % 7); /* 1970-01-01 was a Thursday (3) */
    if (!ids->cell || ids->period_slot != ps) { /* the same ids in another period: find its cell */
        cell_key k = { ids->agent, ids->team, ids->queue, ps, ids->channel };
        int64_t cell = run_cell_index(r, &k);
        if (cell < 0)
            return REC_FAILED;
        ids->cell = (uint32_t)cell + 1;
        ids->period_slot = ps;
    }
    dispatch(r, bit, r->accs + (size_t)(ids->cell - 1) * r->acc_bytes, &c->hdr);
    return REC_ACCEPTED;
}

static int record_evaluation(run_state *r, source_input *in, const ccs_evaluation *e, int bit)
{
    if (time_plausible(r, in, &e->hdr, "evaluated_at", e->evaluated_at) != 0)
        return REC_REJECTED;
    int32_t agent = run_agent_lookup(r, e->agent_id);
    int32_t ps = day_slot(r, e->local_day);
    cell_key k = { agent, NO_ID, NO_ID, ps, NO_ID };
    unsigned char *acc = run_cell(r, &k);
    if (!acc || ps < 0)
        return REC_FAILED;
    dispatch(r, bit, acc, &e->hdr);
    return REC_ACCEPTED;
}

/* A comment (ABI 1.4) counts in its agent's cell on the day it came in. */
static int record_comment(run_state *r, const ccs_comment *c, int bit)
{
    int32_t agent = run_agent_lookup(r, c->agent_id);
    int32_t ps = day_slot(r, c->received_on);
    cell_key k = { agent, NO_ID, NO_ID, ps, NO_ID };
    unsigned char *acc = run_cell(r, &k);
    if (!acc || ps < 0)
        return REC_FAILED;
    dispatch(r, bit, acc, &c->hdr);
    return REC_ACCEPTED;
}

int run_record(ccs_host *h, run_state *r, source_input *in, const ccs_record *rec)
{
    int bit = stream_bit(rec->kind), what = REC_ACCEPTED;
    switch (rec->kind) {
    case CCS_REC_AGENT: what = record_agent(r, in, (const ccs_agent *)rec); break;
    case CCS_REC_OBJECTIVE: what = record_objective(r, in, (const ccs_objective *)rec); break;
    case CCS_REC_CONTACT: what = record_contact(r, in, (const ccs_contact *)rec, bit); break;
    case CCS_REC_EVALUATION: what = record_evaluation(r, in, (const ccs_evaluation *)rec, bit); break;
    case CCS_REC_COMMENT: what = record_comment(r, (const ccs_comment *)rec, bit); break;
    case CCS_REC_ACTIVITY: {
        int32_t day = ((const ccs_activity *)rec)->local_day;
        if (!r->has_activity || day > r->activity_last_day)
            r->activity_last_day = day;
        r->has_activity = 1;
        if (load_activity(&r->load, (const ccs_activity *)rec) != 0)
            what = REC_FAILED;
        break;
    }
    default: break;
    }
    if (what == REC_FAILED)
        return CCS_ERR;
    if (what == REC_REJECTED)
        return in->stopped ? CCS_ERR : CCS_OK;
    if (!r->shard) {
        dispatch_checks(h, rec);
        if (h->twin) /* compare: the other policy's checks (issue 15) */
            dispatch_checks(h->twin, rec);
        if (h->observe) /* explain */
            h->observe(h->observe_arg, r, rec);
    } else if (r->nchecks) {
        check_shards_add(h, r, rec);
    }
    in->stats.read++;
    in->stats.accepted++;
    if (rec->line > in->last_record_line)
        in->last_record_line = rec->line;
    return CCS_OK;
}

/* A run with activity and no contacts nor evaluations (a queue_log of
 * logins and pauses only) reports the period of its latest activity. */
void run_periods_from_activity(run_state *r)
{
    if (r->nperiods == 0 && r->has_activity)
        run_period_slot(r, period_of_day(r->period_kind, r->activity_last_day));
}

int run_emit(ccs_host *h, run_state *r, source_input *in, const ccs_record *rec)
{
    const ccs_record *r2 = intake_record(&r->pseudonyms, rec);
    if (r2 && in->open_path) /* spooled (stdin, .gz): its records name the file as given */
        r2 = intake_named(&r->pseudonyms, r2, in->path);
    return r2 ? run_record(h, r, in, r2) : CCS_ERR;
}

void run_init_shard(run_state *shard, const run_state *main)
{
    run_init(shard, main->period_kind);
    run_set_pseudonym_key(shard, main->pseudonyms.key, main->pseudonyms.keylen);
    shard->shard = 1;
    shard->metrics = main->metrics;
    shard->nmetrics = main->nmetrics;
    shard->acc_bytes = main->acc_bytes;
    shard->check_time = main->check_time;
    shard->latest_time = main->latest_time;
    for (int b = 0; b < NSTREAMS; b++) {
        shard->by_kind[b] = main->by_kind[b];
        shard->nby_kind[b] = main->nby_kind[b];
    }
}

static int32_t remap(strtab *to, const strtab *from, int32_t i)
{
    return i == NO_ID ? NO_ID : strtab_intern(to, from->strs[i], from->lens[i]);
}

int run_merge_shard(run_state *m, run_state *s, source_input *in, const source_input *part,
                    uint64_t first_line)
{
    /* Agents first, in the shard's order, so that "last team seen" stays the
     * file's last: shards are merged in file order. */
    int32_t *agents = calloc(s->agents.n + 1, sizeof *agents);
    if (!agents)
        return -1;
    for (uint32_t a = 0; a < s->agents.n; a++) {
        ccs_str id = { s->agents.strs[a], s->agents.lens[a] };
        agents[a] = run_agent_lookup(m, id);
        if (agents[a] >= 0 && s->ainfo[a].seen_team != NO_ID)
            m->ainfo[agents[a]].seen_team = remap(&m->teams, &s->teams, s->ainfo[a].seen_team);
    }
    for (size_t c = 0; c < s->ncells; c++) {
        const cell_key *k = &s->cells[c];
        int32_t agent = k->agent == NO_ID ? NO_ID : agents[k->agent];
        int32_t team = remap(&m->teams, &s->teams, k->team);
        int32_t queue = remap(&m->queues, &s->queues, k->queue);
        int32_t period = run_period_slot(m, s->periods[k->period]);
        cell_key mk = { agent, team, queue, period, remap(&m->channels, &s->channels, k->channel) };
        unsigned char *dst = run_cell(m, &mk);
        if (!dst || period < 0) {
            free(agents);
            return -1;
        }
        const unsigned char *src = s->accs + c * s->acc_bytes;
        for (size_t i = 0; i < m->nmetrics; i++) {
            const metric_slot *ms = &m->metrics[i];
            ms->ops->merge(ms->cfg->inst, dst + ms->offset, src + ms->offset);
        }
    }
    free(agents);
    for (size_t i = 0; i < s->nrow_errors && m->nrow_errors < ROW_ERRORS_KEPT; i++) {
        size_t j = m->nrow_errors++;
        m->row_error_text[j] = reject_reason_absolute(s->row_error_text[i], s->row_error_ref[i],
                                                      s->row_error_ref_at[i], first_line);
        s->row_error_text[i] = NULL;
        m->row_errors[j].file = in->path;
        m->row_errors[j].line = s->row_errors[i].line + first_line - 1;
        m->row_errors[j].reason = m->row_error_text[j];
    }
    m->total_row_errors += s->total_row_errors;
    reject_tally_merge(&m->rejects, &s->rejects);
    if (s->data_first_day < m->data_first_day)
        m->data_first_day = s->data_first_day;
    if (s->data_last_day > m->data_last_day)
        m->data_last_day = s->data_last_day;
    m->data_weekdays |= s->data_weekdays;
    if (load_merge(&m->load, &s->load) != 0)
        return -1;
    if (s->has_activity && (!m->has_activity || s->activity_last_day > m->activity_last_day))
        m->activity_last_day = s->activity_last_day;
    m->has_activity |= s->has_activity;
    in->stats.read += part->stats.read;
    in->stats.accepted += part->stats.accepted;
    in->stats.rejected += part->stats.rejected;
    if (part->stopped) {
        in->stopped = 1;
        m->input_failed = 1;
    }
    for (int b = 0; b < NSTREAMS; b++) {
        if (m->columns[b].n == 0 && s->columns[b].n > 0) {
            strtab t = m->columns[b];
            m->columns[b] = s->columns[b];
            s->columns[b] = t;
        }
    }
    return 0;
}
