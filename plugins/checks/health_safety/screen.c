/* hs.screen_break (advisory, HSE display-screen guidance): continuous screen
 * work longer than screen_max_min without a pause, break, training or
 * coaching of screen_break_min (measured by hs_measure_day). */
#include <stdio.h>

#include "datefmt.h"
#include "hs.h"

void hs_rule_screen(agent_days *d, size_t k)
{
    const hs_limits *L = &d->h->lim;
    const day_group *g = &d->g[k];
    if (g->longest_screen <= L->screen_max)
        return;
    char date[11], m[160], lim[160], msg[512], d1[48];
    fmt_day(date, g->day);
    hs_fmt_dur(d1, sizeof d1, g->longest_screen);
    snprintf(m, sizeof m, "%s of continuous screen work", d1);
    snprintf(lim, sizeof lim, "a break or change of activity of %lld min after at most %lld min",
             (long long)(L->screen_break / 60), (long long)(L->screen_max / 60));
    snprintf(msg, sizeof msg, "%s on %s: %s of continuous screen work without a break or change of activity of %lld min",
             d->a->id, date, d1, (long long)(L->screen_break / 60));
    hs_report(d->h, R_SCREEN, CCS_SEV_ADVISORY, d->a, &d->pres[g->first], g->day, m, lim, msg);
}
