/* The group attributes and the adjustment flag from the roster, and the
 * metrics that the personal objectives cover.  Only the columns named in
 * `attributes` are read (minimisation); the values are labels chosen by the
 * organisation (part_time, night...), never inferred. */
#include <stdio.h>
#include <string.h>

#include "eq.h"
#include "vec.h"

static void lookup_columns(eq_inst *e, ccs_host *host, uint32_t stream)
{
    for (size_t i = 0; i < e->nattrs; i++)
        e->col[i] = eq_api->column_index(host, stream, e->attr[i]);
    e->adjusted_col = eq_api->column_index(host, stream, "adjusted");
    e->have_cols = 1;
}

/* A group label: 1 to 40 of [A-Za-z0-9_.-] (a category, not free text). */
static int label_ok(ccs_str v)
{
    if (v.len == 0 || v.len > 40)
        return 0;
    for (size_t i = 0; i < v.len; i++) {
        char c = v.ptr[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

static void refuse(eq_inst *e, ccs_host *host, const ccs_record *rec, const char *column, const char *why,
                   const char *so)
{
    /* the first few, by file:line; the value itself is never echoed */
    if (e->nbad++ < 5)
        eq_api->log(host, CCS_LOG_WARNING, "%s:%llu: %s %s; %s",
                    rec->file ? rec->file : "agents", (unsigned long long)rec->line, column, why, so);
}

static int read_adjusted(eq_inst *e, ccs_host *host, const ccs_record *rec)
{
    ccs_str v = ccs_record_column(rec, e->adjusted_col);
    if (v.len == 0 || (v.len == 1 && v.ptr[0] == '0'))
        return 0;
    if (v.len == 1 && v.ptr[0] == '1')
        return 1;
    refuse(e, host, rec, "adjusted", "must be 1 or 0 (or empty)", "read as 0: correct the roster");
    return 0;
}

static void add_agent(eq_inst *e, ccs_host *host, const ccs_agent *a)
{
    if (!e->have_cols)
        lookup_columns(e, host, a->hdr.stream);
    size_t before = e->ids.n;
    int32_t ix = strtab_intern(&e->ids, a->agent_id.ptr, a->agent_id.len);
    if (ix < 0)
        return;
    if ((size_t)ix >= before && !VEC_PUSH(e->agents, e->nagents, e->capagents))
        return;
    eq_agent *g = &e->agents[ix];
    g->adjusted = read_adjusted(e, host, &a->hdr);
    for (size_t i = 0; i < e->nattrs; i++) {
        g->group[i] = -1;
        if (e->col[i] < 0)
            continue;
        e->seen_attr[i] = 1;
        ccs_str v = ccs_record_column(&a->hdr, e->col[i]);
        if (v.len == 0)
            continue;
        if (!label_ok(v)) {
            refuse(e, host, &a->hdr, e->attr[i], "is not a short label (1 to 40 of A-Z a-z 0-9 _ . -)",
                   "the agent is left out of that attribute's comparisons");
            continue;
        }
        g->group[i] = strtab_intern(&e->values, v.ptr, v.len);
    }
}

static void add_objective(eq_inst *e, const ccs_objective *o)
{
    char key[256];
    int len = snprintf(key, sizeof key, "%.*s\x1f%.*s", (int)o->agent_id.len, o->agent_id.ptr,
                       (int)o->metric.len, o->metric.ptr);
    if (len > 0 && (size_t)len < sizeof key)
        strtab_intern(&e->objectives, key, (size_t)len);
    strtab_intern(&e->objective_agents, o->agent_id.ptr, o->agent_id.len);
}

void eq_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    eq_inst *e = inst;
    if (rec->kind == CCS_REC_AGENT)
        add_agent(e, host, (const ccs_agent *)rec);
    else if (rec->kind == CCS_REC_OBJECTIVE)
        add_objective(e, (const ccs_objective *)rec);
}
