/* Why rows were rejected, per input file (see rejects.h). */
#include "rejects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "vec.h"

void reject_tally_init(reject_tally *t)
{
    memset(t, 0, sizeof *t);
    strtab_init(&t->kinds);
}

void reject_tally_free(reject_tally *t)
{
    for (uint32_t i = 0; i < t->kinds.n; i++)
        free(t->examples[i]);
    free(t->examples);
    free(t->counts);
    strtab_free(&t->kinds);
    memset(t, 0, sizeof *t);
}

/* "path\n" then the reason with every '...' span written as '…', and the
 * first such span's text into *example (malloc'd, or NULL). */
static char *kind_of(const char *path, const char *reason, char **example)
{
    strbuf b = { 0 };
    strbuf_puts(&b, path);
    strbuf_put(&b, "\n", 1);
    *example = NULL;
    for (const char *p = reason; *p; p++) {
        /* A value: quoted, after a space or at the start (not "it's"). */
        const char *close = *p == '\'' && (p == reason || p[-1] == ' ' || p[-1] == '(') ? strchr(p + 1, '\'') : NULL;
        if (!close) {
            strbuf_put(&b, p, 1);
            continue;
        }
        if (!*example)
            *example = strndup(p + 1, (size_t)(close - p - 1));
        strbuf_puts(&b, "'\xe2\x80\xa6'");
        p = close;
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static void add_kind(reject_tally *t, const char *key, size_t len, uint64_t n, const char *example)
{
    int32_t i = strtab_find(&t->kinds, key, len);
    if (i < 0) {
        if (t->kinds.n >= REJECT_KINDS_KEPT)
            return;
        size_t need = (size_t)t->kinds.n + 1;
        if (vec_reserve((void **)&t->counts, &t->cap, need, sizeof *t->counts) != 0 ||
            vec_reserve((void **)&t->examples, &t->capex, need, sizeof *t->examples) != 0)
            return;
        if ((i = strtab_intern(&t->kinds, key, len)) < 0)
            return;
        t->counts[i] = 0;
        t->examples[i] = example ? strdup(example) : NULL;
    }
    t->counts[i] += n;
}

void reject_tally_add(reject_tally *t, const char *path, const char *reason, uint64_t n)
{
    char *example;
    char *key = kind_of(path, reason, &example);
    if (key)
        add_kind(t, key, strlen(key), n, example);
    free(key);
    free(example);
}

void reject_tally_merge(reject_tally *to, const reject_tally *from)
{
    for (uint32_t i = 0; i < from->kinds.n; i++)
        add_kind(to, from->kinds.strs[i], from->kinds.lens[i], from->counts[i], from->examples[i]);
}

int reject_tally_top(const reject_tally *t, const char *path, const char **kind, uint64_t *count,
                     const char **example)
{
    size_t plen = strlen(path);
    int32_t best = -1;
    for (uint32_t i = 0; i < t->kinds.n; i++) {
        const char *k = t->kinds.strs[i];
        if (strncmp(k, path, plen) != 0 || k[plen] != '\n')
            continue;
        if (best < 0 || t->counts[i] > t->counts[best])
            best = (int32_t)i;
    }
    if (best < 0)
        return -1;
    *kind = t->kinds.strs[best] + plen + 1;
    *count = t->counts[best];
    *example = t->examples[best];
    return 0;
}

/* before, other's number (none when 0), after; malloc'd. */
char *reject_reason(const char *before, uint64_t other, const char *after)
{
    char num[24] = "";
    if (other)
        snprintf(num, sizeof num, "%llu", (unsigned long long)other);
    size_t nb = strlen(before), nn = strlen(num), na = strlen(after);
    char *out = malloc(nb + nn + na + 1);
    if (out) {
        memcpy(out, before, nb);
        memcpy(out + nb, num, nn);
        memcpy(out + nb + nn, after, na + 1);
    }
    return out;
}

/* A shard's kept reason with the number of the line it names (counted from
 * the shard's begin) written in, as an absolute line; takes text. */
char *reject_reason_absolute(char *text, uint64_t ref, size_t at, uint64_t first_line)
{
    if (!ref || !text)
        return text;
    char *before = strndup(text, at);
    char *out = before ? reject_reason(before, ref + first_line - 1, text + at) : NULL;
    free(before);
    free(text);
    return out;
}
