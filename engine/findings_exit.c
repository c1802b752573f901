/* Issue 11: the exit status of `run` and, when it is 1, why: how many of
 * the period's findings are at or above the policy's fail_level, and the
 * first few, on stderr (a scheduled job's log then says what to look at). */
#include <stdio.h>

#include "datefmt.h"
#include "engine_int.h"

#define FINDINGS_SHOWN 5

static const char *level_name(int sev)
{
    static const char *const names[] = { "info", "advisory", "breach", "critical" };
    return sev >= CCS_SEV_INFO && sev <= CCS_SEV_CRITICAL ? names[sev - CCS_SEV_INFO] : "?";
}

int findings_exit_status(const ccs_host *h, const ccs_report *rep)
{
    int level = h->pol.org.fail_level;
    size_t n = 0;
    for (size_t i = 0; level != FAIL_NONE && i < rep->nfindings; i++)
        n += rep->findings[i].severity >= level;
    if (!n)
        return EXIT_OK;
    fprintf(stderr, "ccscore: %zu finding%s of %s at or above fail_level = %s (exit status 1)%s\n", n,
            n == 1 ? "" : "s", rep->period, level_name(level), n > FINDINGS_SHOWN ? "; the first 5:" : ":");
    size_t shown = 0;
    for (size_t i = 0; i < rep->nfindings && shown < FINDINGS_SHOWN; i++) {
        const ccs_finding *f = &rep->findings[i];
        if (f->severity < level)
            continue;
        char day[11];
        fmt_day(day, rep->findings_at[i]);
        fprintf(stderr, "  %s %s %s: %s\n", day, level_name(f->severity), f->rule, f->message ? f->message : "");
        shown++;
    }
    return EXIT_FINDINGS;
}
