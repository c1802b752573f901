/* data_protection on every thread (ABI 1.4): a thread's shard is a copy of
 * the instance's settings with state of its own (column maps, retention
 * counts, the latest day, the findings' rules and days); the merge adds them up,
 * in file order, and gives the missing-column warnings once.  Findings on
 * contacts go to the host at once (a contact is named by its id); findings on
 * evaluations, named by file:line, wait for the merge, where the share's
 * first line makes their line the file's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "vec.h"

void *dp_shard_new(void *inst)
{
    const dp_inst *dp = inst;
    dp_inst *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    *s = *dp; /* the settings: borrowed, never freed through the shard */
    memset(s->maps, 0, sizeof s->maps);
    s->ret = NULL;
    s->nret = s->capret = 0;
    memset(s->ret_last, 0, sizeof s->ret_last);
    s->have_latest = 0;
    s->latest_day = 0;
    memset(s->counts, 0, sizeof s->counts);
    memset(&s->tally, 0, sizeof s->tally);
    s->warned[0] = s->warned[1] = 1; /* the merge warns, once */
    s->sharded = 1;
    s->pend = NULL;
    s->npend = s->cappend = 0;
    return s;
}

void dp_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec)
{
    (void)inst;
    dp_add(shard, host, rec);
}

static char *dup_or_null(const char *t)
{
    return t ? strdup(t) : NULL;
}

int dp_defer(dp_inst *dp, int rule, int severity, const dp_record *r, uint64_t line, const char *measured,
             const char *limit, const char *message)
{
    if (vec_reserve((void **)&dp->pend, &dp->cappend, dp->npend + 1, sizeof *dp->pend) != 0)
        return -1;
    const ccs_record *src = r->src;
    dp_pending *p = &dp->pend[dp->npend];
    *p = (dp_pending){ rule, severity, line, r->day, dup_or_null(src->file ? src->file : ""),
                       dup_or_null(r->agent), dup_or_null(measured), dup_or_null(limit), dup_or_null(message) };
    if (!p->file || (r->agent && !p->agent) || (measured && !p->measured) || (limit && !p->limit) ||
        (message && !p->message)) {
        free(p->file), free(p->agent), free(p->measured), free(p->limit), free(p->message);
        return -1;
    }
    dp->npend++;
    return 0;
}

/* A copy of text with its first `from` (not followed by a digit) made `to`. */
static char *relined(const char *text, const char *from, const char *to)
{
    if (!text)
        return NULL;
    size_t nf = strlen(from), nt = strlen(to), nx = strlen(text);
    const char *at = strstr(text, from);
    while (at && at[nf] >= '0' && at[nf] <= '9')
        at = strstr(at + 1, from);
    char *out = malloc(nx + (nt > nf ? nt - nf : 0) + 1);
    if (!out)
        return NULL;
    if (!at)
        return memcpy(out, text, nx + 1);
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    memcpy(out + head, to, nt);
    memcpy(out + head + nt, at + nf, nx - head - nf + 1);
    return out;
}

/* The shard's held findings, their lines made the file's, in their order. */
static int add_pending(const dp_inst *dp, const dp_inst *s, ccs_host *host)
{
    uint64_t first = CCS_HAS_FIELD(dp_api, ccs_host_api, shard_first_line) && dp_api->shard_first_line
                         ? dp_api->shard_first_line(host)
                         : 1;
    int rc = CCS_OK;
    for (size_t i = 0; i < s->npend && rc == CCS_OK; i++) {
        const dp_pending *p = &s->pend[i];
        char from[512], to[512];
        snprintf(from, sizeof from, "%s:%llu", p->file, (unsigned long long)p->line);
        snprintf(to, sizeof to, "%s:%llu", p->file, (unsigned long long)(p->line + first - 1));
        char *measured = relined(p->measured, from, to), *limit = relined(p->limit, from, to);
        char *message = relined(p->message, from, to);
        if ((p->measured && !measured) || (p->limit && !limit) || (p->message && !message))
            rc = CCS_ERR;
        else {
            ccs_finding f = { dp_rule_ids[p->rule], p->severity, dp->owner, to, p->agent, measured, limit, message };
            rc = CCS_HAS_FIELD(dp_api, ccs_host_api, add_finding_at) ? dp_api->add_finding_at(host, &f, p->day)
                                                                    : dp_api->add_finding(host, &f);
        }
        free(measured), free(limit), free(message);
    }
    dp_api->log(host, CCS_LOG_DEBUG, "merged a thread's share from line %llu: %zu findings on evaluations",
                (unsigned long long)first, s->npend);
    return rc;
}

int dp_shard_merge(void *inst, void *shard, ccs_host *host)
{
    dp_inst *dp = inst;
    const dp_inst *s = shard;
    if (add_pending(dp, s, host) != CCS_OK)
        return CCS_ERR;
    if (s->maps[0].file)
        dp_warn_missing(dp, host, s->maps[0].file, &s->maps[0]);
    if (s->have_latest && (!dp->have_latest || s->latest_day > dp->latest_day))
        dp->latest_day = s->latest_day;
    dp->have_latest |= s->have_latest;
    for (size_t i = 0; i < s->tally.n; i++) /* the findings' rules and days, for the section */
        if (tally_add(&dp->tally, s->tally.items[i].rule, s->tally.items[i].day) != 0)
            return CCS_ERR;
    return dp_retain_merge(dp, s);
}

void dp_shard_free(void *inst, void *shard)
{
    (void)inst;
    dp_inst *s = shard;
    for (int i = 0; i < 2; i++)
        free(s->maps[i].text);
    for (size_t i = 0; i < s->nret; i++)
        free(s->ret[i].hist.c);
    free(s->ret);
    tally_free(&s->tally);
    for (size_t i = 0; i < s->npend; i++) {
        dp_pending *p = &s->pend[i];
        free(p->file), free(p->agent), free(p->measured), free(p->limit), free(p->message);
    }
    free(s->pend);
    free(s);
}
