/* The per agent-week summary of handled, staffed and coaching time
 * (agent_load.h): fed by the pipeline as records stream, read by retention. */
#include <stdlib.h>
#include <string.h>

#include "agent_load.h"
#include "stats.h"
#include "vec.h"

void load_init(load_summary *s)
{
    memset(s, 0, sizeof *s);
    strtab_init(&s->ids);
}

void load_free(load_summary *s)
{
    for (uint32_t i = 0; i < s->ids.n; i++)
        free(s->a[i].w);
    free(s->a);
    free(s->map);
    strtab_free(&s->ids);
    memset(s, 0, sizeof *s);
}

static agent_load *agent_of(load_summary *s, const char *id, size_t len)
{
    uint32_t before = s->ids.n;
    /* Room first, so that an id is interned only with its entry. */
    if (!VEC_GROW(s->a, s->ids.n, s->cap))
        return NULL;
    int32_t i = strtab_intern(&s->ids, id, len);
    if (i < 0)
        return NULL;
    if (s->ids.n != before)
        memset(&s->a[i], 0, sizeof s->a[i]);
    return &s->a[i];
}

/* The entry of week w, made (zeroed) when new; NULL: no memory. */
static load_week *week(agent_load *a, int32_t w)
{
    if (a->nweeks && w >= a->first_week && (size_t)(w - a->first_week) < a->nweeks)
        return &a->w[w - a->first_week];
    int32_t first = a->nweeks && a->first_week < w ? a->first_week : w;
    int32_t last = a->nweeks && a->first_week + (int32_t)a->nweeks - 1 > w ? a->first_week + (int32_t)a->nweeks - 1 : w;
    size_t n = (size_t)(last - first) + 1;
    load_week *grown = realloc(a->w, n * sizeof *grown);
    if (!grown)
        return NULL;
    size_t shift = a->nweeks ? (size_t)(a->first_week - first) : 0;
    if (shift)
        memmove(grown + shift, grown, a->nweeks * sizeof *grown);
    for (size_t i = 0; i < n; i++)
        if (i < shift || i >= shift + a->nweeks) {
            memset(&grown[i], 0, sizeof grown[i]);
            grown[i].coached_on = INT32_MIN;
        }
    a->w = grown;
    a->first_week = first;
    a->nweeks = n;
    return &a->w[w - first];
}

int load_contact(load_summary *s, int32_t agent, ccs_str id, const ccs_contact *c)
{
    if (agent < 0 || c->outcome != CCS_OUTCOME_ANSWERED)
        return 0;
    if ((size_t)agent >= s->nmap) {
        size_t n = (size_t)agent * 2 + 64;
        int32_t *grown = realloc(s->map, n * sizeof *grown);
        if (!grown)
            return -1;
        memset(grown + s->nmap, 0, (n - s->nmap) * sizeof *grown);
        s->map = grown;
        s->nmap = n;
    }
    if (!s->map[agent]) {
        const agent_load *a = agent_of(s, id.ptr, id.len);
        if (!a)
            return -1;
        s->map[agent] = (int32_t)(a - s->a) + 1;
    }
    load_week *w = week(&s->a[s->map[agent] - 1], load_week_of(c->local_day));
    if (!w)
        return -1;
    w->handled_s += c->talk_s + c->hold_s + (c->acw_s > 0 ? c->acw_s : 0); /* acw < 0: none */
    return 0;
}

int load_activity(load_summary *s, const ccs_activity *act)
{
    if (act->agent_id.len == 0 || act->end < act->start)
        return 0;
    agent_load *a;
    ccs_str id = act->agent_id;
    if (s->last && s->ids.lens[s->last - 1] == id.len && memcmp(s->ids.strs[s->last - 1], id.ptr, id.len) == 0) {
        a = &s->a[s->last - 1];
    } else {
        a = agent_of(s, id.ptr, id.len);
        s->last = a ? (int32_t)(a - s->a) + 1 : 0;
    }
    load_week *w = a ? week(a, load_week_of(act->local_day)) : NULL;
    if (!w)
        return -1;
    double secs = (double)(act->end - act->start);
    switch (act->activity) {
    case CCS_ACT_LOGIN: w->login_s += secs; break;
    case CCS_ACT_SHIFT: w->shift_s += secs; break;
    case CCS_ACT_WRAPUP: w->wrapup_s += secs; break;
    case CCS_ACT_PAUSE: w->pause_s += secs; break;
    default: w->off_s += secs; break;
    }
    if (act->activity == CCS_ACT_COACHING) {
        w->coaching++;
        s->coaching++;
        if (act->local_day > w->coached_on)
            w->coached_on = act->local_day;
    }
    return 0;
}

int load_merge(load_summary *s, const load_summary *from)
{
    for (uint32_t i = 0; i < from->ids.n; i++) {
        const agent_load *src = &from->a[i];
        agent_load *dst = agent_of(s, from->ids.strs[i], from->ids.lens[i]);
        if (!dst)
            return -1;
        for (size_t k = 0; k < src->nweeks; k++) {
            const load_week *x = &src->w[k];
            load_week *y = week(dst, src->first_week + (int32_t)k);
            if (!y)
                return -1;
            y->handled_s += x->handled_s;
            y->wrapup_s += x->wrapup_s;
            y->login_s += x->login_s;
            y->shift_s += x->shift_s;
            y->pause_s += x->pause_s;
            y->off_s += x->off_s;
            y->coaching += x->coaching;
            if (x->coached_on > y->coached_on)
                y->coached_on = x->coached_on;
        }
    }
    s->coaching += from->coaching;
    return 0;
}

const agent_load *load_find(const load_summary *s, const char *id)
{
    int32_t i = strtab_find(&s->ids, id, strlen(id));
    return i >= 0 ? &s->a[i] : NULL;
}

const load_week *load_get(const agent_load *a, int32_t w)
{
    if (!a || !a->nweeks || w < a->first_week || (size_t)(w - a->first_week) >= a->nweeks)
        return NULL;
    return &a->w[w - a->first_week];
}

int load_occupancy(const load_week *w, double *staffed_s, double *occupancy)
{
    *staffed_s = w->login_s > 0 ? w->login_s - w->pause_s : w->shift_s - w->pause_s - w->off_s;
    return stats_occupancy(w->handled_s + w->wrapup_s, *staffed_s, occupancy);
}
