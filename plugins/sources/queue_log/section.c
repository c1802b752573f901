/* queue_log: the accounting of a file as a report section (ABI 1.2): every
 * call in exactly one outcome, the incomplete ones included (facts), the
 * agents' missed offers and the events this reader does not know. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"
#include "table.h"
#include "vec.h"

/* ------------------------------------------------ names counted */

void ql_count_name(name_counts *m, ccs_str name)
{
    int32_t i = strtab_find(&m->names, name.ptr, name.len);
    if (i < 0) {
        /* Room first, so that a name is interned only with its count. */
        if (!VEC_GROW(m->n, m->nn, m->cap) || strtab_intern(&m->names, name.ptr, name.len) != (int32_t)m->nn)
            return;
        i = (int32_t)m->nn;
        VEC_PUSH(m->n, m->nn, m->cap);
    }
    m->n[i]++;
}

void ql_counts_free(name_counts *m)
{
    free(m->n);
    strtab_free(&m->names);
    memset(m, 0, sizeof *m);
}

typedef struct name_count {
    const char *name;
    uint64_t n;
} name_count;

static int by_count(const void *a, const void *b)
{
    const name_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* The names by count, most first; the table of a counted list. */
static void counts_table(const name_counts *m, table_builder *b)
{
    name_count *v = calloc(m->nn ? m->nn : 1, sizeof *v);
    if (!v) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < m->nn; i++)
        v[i] = (name_count){ strtab_get(&m->names, (int32_t)i), m->n[i] };
    qsort(v, m->nn, sizeof *v, by_count);
    for (size_t i = 0; i < m->nn; i++) {
        tb_text(b, v[i].name);
        tb_num(b, (double)v[i].n);
    }
    free(v);
}

/* ------------------------------------------------ the section */

static const ccs_column accounting_columns[] = {
    { "path", "file", CCS_VAL_TEXT, NULL, 0 },
    { "lines", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "calls", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "entered", "calls with their ENTERQUEUE", CCS_VAL_COUNT, NULL, 0 },
    { "no_enterqueue", "calls entered before the file began", CCS_VAL_COUNT, NULL, 0 },
    { "answered", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "transferred", "answered and transferred", CCS_VAL_COUNT, NULL, 0 },
    { "abandoned", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "timeout", "timed out", CCS_VAL_COUNT, NULL, 0 },
    { "exit_empty", "left an empty queue", CCS_VAL_COUNT, NULL, 0 },
    { "exit_key", "left with a key", CCS_VAL_COUNT, NULL, 0 },
    { "incomplete", "incomplete (still in progress at the end)", CCS_VAL_COUNT, NULL, 0 },
    { "refused", "met a closed, full or empty queue", CCS_VAL_COUNT, NULL, 0 },
    { "not_scored", "exits not scored (exits_as = skip)", CCS_VAL_COUNT, NULL, 0 },
    { "unknown_events", "lines with unknown events", CCS_VAL_COUNT, NULL, 0 },
    { "late_lines", "lines of calls already finished", CCS_VAL_COUNT, NULL, 0 },
    { "repeated_lines", "exact repeats of earlier lines (ignored)", CCS_VAL_COUNT, NULL, 0 },
    { "out_of_order", "lines earlier than one before them (put in order)", CCS_VAL_COUNT, NULL, 0 },
    { "unmatched_ends", "logoffs and unpauses with nothing open", CCS_VAL_COUNT, NULL, 0 },
    { "sessions", "agent sessions", CCS_VAL_COUNT, NULL, 0 },
    { "memberships", "queue memberships", CCS_VAL_COUNT, NULL, 0 },
    { "pauses", NULL, CCS_VAL_COUNT, NULL, 0 },
    { "wrapups", "wrap-ups (WRAPUPSTART)", CCS_VAL_COUNT, NULL, 0 },
    { "missed_offers", "missed offers (RINGNOANSWER)", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column missed_columns[] = {
    { "agent_id", "agent", CCS_VAL_ID, NULL, 0 },
    { "missed_offers", "missed offers", CCS_VAL_COUNT, NULL, 0 },
};

static const ccs_column unknown_columns[] = {
    { "event", NULL, CCS_VAL_TEXT, NULL, 0 },
    { "lines", NULL, CCS_VAL_COUNT, NULL, 0 },
};

static void accounting_table(const reader *r, table_builder *b)
{
    const counts *n = &r->n;
    tb_init(b, "accounting", NULL, accounting_columns, sizeof accounting_columns / sizeof accounting_columns[0]);
    b->t.flags = CCS_TABLE_FACTS;
    tb_text(b, r->path);
    const uint64_t v[] = { n->lines, n->calls, n->entered, n->no_enter, n->answered, n->transferred,
                           n->abandoned, n->timeout, n->empty, n->key, n->incomplete, n->refused,
                           n->skipped_exits, n->unknown, n->late, n->repeated, n->out_of_order,
                           n->unmatched_end, n->sessions, n->memberships, n->pauses, n->wrapups,
                           n->missed_offers };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        tb_num(b, (double)v[i]);
}

/* The accounting identity, in words. */
static void identity_note(const counts *n, char *out, size_t len)
{
    snprintf(out, len,
             "%llu calls = %llu answered (%llu transferred) + %llu abandoned + %llu timed out + %llu left "
             "empty queue + %llu left with a key + %llu met a closed, full or empty queue + %llu incomplete",
             (unsigned long long)n->calls, (unsigned long long)n->answered, (unsigned long long)n->transferred,
             (unsigned long long)n->abandoned, (unsigned long long)n->timeout, (unsigned long long)n->empty,
             (unsigned long long)n->key, (unsigned long long)n->refused, (unsigned long long)n->incomplete);
}

static void section_name(const reader *r, char *name, size_t nlen, char *title, size_t tlen)
{
    snprintf(name, nlen, "queue_log_%s", r->c->instance ? r->c->instance : "cli");
    for (char *p = name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            *p = '_';
    snprintf(title, tlen, "Asterisk queue_log accounting (%s)", r->c->instance ? r->c->instance : "");
}

void ql_add_accounting(reader *r)
{
    enum { T_ACCOUNTING, T_MISSED, T_UNKNOWN, NTABLES };
    table_builder tb[NTABLES];
    accounting_table(r, &tb[T_ACCOUNTING]);
    tb_init(&tb[T_MISSED], "missed_offers", "Missed offers (RINGNOANSWER) by agent", missed_columns, 2);
    tb[T_MISSED].t.shown = 10;
    counts_table(&r->missed, &tb[T_MISSED]);
    tb_init(&tb[T_UNKNOWN], "unknown_events", "Lines with events this reader does not know (skipped)",
            unknown_columns, 2);
    tb[T_UNKNOWN].t.shown = 8;
    counts_table(&r->unknown, &tb[T_UNKNOWN]);

    char notes[5][200], name[80], title[160];
    const char *np[5];
    size_t nn = 0;
    identity_note(&r->n, notes[nn], sizeof notes[nn]);
    np[nn] = notes[nn], nn++;
    if (r->n.no_enter) {
        snprintf(notes[nn], sizeof notes[nn], "%llu calls had no ENTERQUEUE in this file (entered before it began)",
                 (unsigned long long)r->n.no_enter);
        np[nn] = notes[nn], nn++;
    }
    if (r->n.skipped_exits) {
        snprintf(notes[nn], sizeof notes[nn], "%llu timed-out or exited calls not scored (exits_as = skip)",
                 (unsigned long long)r->n.skipped_exits);
        np[nn] = notes[nn], nn++;
    }
    if (r->n.repeated) {
        snprintf(notes[nn], sizeof notes[nn],
                 "%llu repeated line%s ignored (exact repeats of earlier lines, each call counted once)",
                 (unsigned long long)r->n.repeated, r->n.repeated == 1 ? "" : "s");
        np[nn] = notes[nn], nn++;
    }
    if (r->n.out_of_order) {
        snprintf(notes[nn], sizeof notes[nn], "%llu line%s out of time order (earlier than a line before), put in order",
                 (unsigned long long)r->n.out_of_order, r->n.out_of_order == 1 ? "" : "s");
        np[nn] = notes[nn], nn++;
    }
    section_name(r, name, sizeof name, title, sizeof title);
    ccs_table tables[NTABLES];
    int oom = 0;
    for (int i = 0; i < NTABLES; i++) {
        oom |= tb[i].oom;
        tables[i] = *tb_table(&tb[i]);
    }
    /* The unknown events' table only when there were some. */
    ccs_report_section sec = { sizeof sec, name, title, nn, np, r->n.unknown ? NTABLES : NTABLES - 1, tables, 0, NULL };
    if (!oom && CCS_HAS_FIELD(ql_api, ccs_host_api, add_report_section) && ql_api->add_report_section)
        ql_api->add_report_section(r->host, &sec);
    for (int i = 0; i < NTABLES; i++)
        tb_free(&tb[i]);
}
