/* workload: the service level of a cell in the policy's variant, the agents
 * Erlang C requires, and what to do about an interval below target. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "erlang.h"
#include "stats.h"
#include "workload.h"

void wl_service_level(const wl_inst *w, const cell *c, fig *f)
{
    double ans = (double)c->answered, ab = (double)(c->abandoned + c->exits);
    double in = (double)c->ans_in;
    switch (w->variant) {
    case V_ANSWERED: f->num = in; f->den = ans; break;
    case V_ABANDONS_IN: f->num = in + (double)c->ab_in; f->den = ans + ab; break;
    case V_ABANDONS_AFTER: f->num = in; f->den = ans + (double)c->ab_after; break;
    case V_SHORT_EXCLUDED: f->num = in; f->den = (double)c->offered - (double)c->short_ab; break;
    default: f->num = in; f->den = ans + ab; break;
    }
    f->has_sl = f->den > 0;
    f->sl = f->has_sl ? f->num / f->den : 0;
}

void wl_figures(const wl_inst *w, const cell *c, double fallback_aht, fig *f)
{
    memset(f, 0, sizeof *f);
    wl_service_level(w, c, f);
    double ilen = w->interval_min * 60.0;
    f->has_asa = c->answered > 0;
    f->asa = f->has_asa ? c->wait_ans / (double)c->answered : 0;
    f->has_aht = c->answered > 0;
    f->aht = f->has_aht ? c->handle / (double)c->answered : 0;
    f->from_activity = w->queue_has_login && w->queue_has_login[c->queue];
    f->staffed = f->from_activity ? (c->staffed_s > 0 ? c->staffed_s / ilen : 0) : (double)c->nagents;
    if (f->from_activity)
        f->has_occ = stats_occupancy(c->handle + c->busy_s, c->staffed_s, &f->occupancy) == 0;
    double aht = f->has_aht ? f->aht : fallback_aht;
    if (aht > 0) {
        f->traffic = erlang_traffic((double)c->offered, ilen, aht);
        erlang_plan p;
        if (erlang_required(f->traffic, aht, w->threshold, w->target, w->max_occ, 0, &p) == 0) {
            f->has_required = 1;
            f->required = p.raw;
        }
    }
}

int wl_required(const wl_inst *w, double offered, double aht)
{
    erlang_plan p;
    double ilen = w->interval_min * 60.0;
    if (aht > 0 && erlang_required(erlang_traffic(offered, ilen, aht), aht, w->threshold, w->target, w->max_occ, 0,
                                   &p) == 0)
        return p.raw;
    return -1;
}

int wl_to_schedule(const wl_inst *w, int required)
{
    return (int)ceil((double)required / (1.0 - w->shrinkage) - 1e-9);
}

void wl_suggestion(const wl_inst *w, const cell *c, const fig *f, const double *queue_aht, char *out,
                   size_t len)
{
    int shortby = f->has_required ? (int)ceil((double)f->required - f->staffed - 1e-9) : 0;
    size_t used = 0;
    if (!f->has_required) {
        snprintf(out, len, "no handle time to size the queue from");
        return;
    }
    if (shortby <= 0) {
        snprintf(out, len,
                 "staffing matched Erlang C (%d required, %.1f staffed): look at handle time, "
                 "missed offers and agents logged in but not taking calls",
                 f->required, f->staffed);
        return;
    }
    used += (size_t)snprintf(out + used, len - used, "%d agent%s short: ", shortby, shortby == 1 ? "" : "s");
    int parts = 0;
    if (c->break_s >= 60 && used < len) {
        used += (size_t)snprintf(out + used, len - used, "bring breaks forward (%.0f agent-minutes of breaks fell in this interval)",
                                 c->break_s / 60);
        parts++;
    }
    /* The queue with the most spare agents in the same interval. */
    int best = 0;
    int32_t donor = -1;
    for (size_t q = 0; q < w->queues.n; q++) {
        if ((int32_t)q == c->queue)
            continue;
        const cell *o = wl_find_cell(w, (int32_t)q, c->day, c->slot);
        if (!o)
            continue;
        fig of;
        wl_figures(w, o, queue_aht[q], &of);
        int spare = of.has_required ? (int)floor(of.staffed - (double)of.required + 1e-9)
                                    : (int)floor(of.staffed + 1e-9);
        if (spare > best) {
            best = spare;
            donor = (int32_t)q;
        }
    }
    if (donor >= 0 && used < len) {
        int move = shortby < best ? shortby : best;
        used += (size_t)snprintf(out + used, len - used, "%smove %d agent%s from queue %s, which was over-staffed by %d",
                                 parts ? " or " : "", move, move == 1 ? "" : "s", strtab_get(&w->queues, donor), best);
        parts++;
    }
    if ((!parts || (donor >= 0 && best < shortby)) && used < len) {
        int extra = donor >= 0 && parts ? shortby - (best < shortby ? best : shortby) : shortby;
        int sched = (int)ceil((double)extra / (1.0 - w->shrinkage) - 1e-9);
        snprintf(out + used, len - used, "%scall on %d more agent%s (%d to schedule with %.0f%% shrinkage)",
                 parts ? "; and " : "", extra, extra == 1 ? "" : "s", sched, w->shrinkage * 100);
    }
}
