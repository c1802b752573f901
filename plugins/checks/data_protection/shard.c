/* data_protection on every thread (ABI 1.4): a thread's shard is a copy of
 * the instance's settings with state of its own (column maps, retention
 * counts, the latest day, the findings' rules and days); the merge adds them up,
 * in file order, and gives the missing-column warnings once. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

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
    s->have_latest = 0;
    s->latest_day = 0;
    memset(s->counts, 0, sizeof s->counts);
    memset(&s->tally, 0, sizeof s->tally);
    s->warned[0] = s->warned[1] = 1; /* the merge warns, once */
    return s;
}

void dp_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec)
{
    (void)inst;
    dp_add(shard, host, rec);
}

int dp_shard_merge(void *inst, void *shard, ccs_host *host)
{
    dp_inst *dp = inst;
    const dp_inst *s = shard;
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
    free(s);
}
