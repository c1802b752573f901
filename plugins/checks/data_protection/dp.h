/* data_protection: PCI DSS and GDPR checks over contacts and evaluations.
 *
 *  dp.card_number  critical  a payment card number in a free-text column: a run
 *                            of 13-19 digits (single spaces or hyphens allowed
 *                            between digits, no digit directly before or after)
 *                            that passes Luhn and starts with an issuer prefix;
 *  dp.cvv          critical  a 3-4 digit number with at most cvv_window_words
 *                            words between it and cvv, cvc, cv2 or "security code";
 *  dp.idv          breach    account data disclosed without a passed ID&V step;
 *  dp.recording_notice breach a recorded contact without a recording notice;
 *  dp.retention    advisory  records older than their purpose's retention
 *                            period, one finding per purpose and source file,
 *                            with the count and the oldest date.
 *
 * Findings never carry note text: card numbers are masked (at most the first
 * 6 and last 4 digits, or fewer as the policy says), security codes are
 * never shown, and messages name the column, the record and the rule.
 *
 * Files: cards.c (card numbers: scan, Luhn, issuers, masking), cvv.c
 * (security codes), idv.c (ID&V and the recording notice), retention.c
 * (records per purpose and day, findings at the end), records.c (each record
 * through the rules), shard.c (the check on every thread), fastscan.c (the
 * fast passes before the card and code scans), section.c (the report
 * section), module.c (keys, instance, component). */
#ifndef CCS_DATA_PROTECTION_H
#define CCS_DATA_PROTECTION_H

#include <stddef.h>
#include <stdint.h>

#include "ccscore/plugin.h"
#include "tally.h"

extern const ccs_host_api *dp_api;

enum mask_mode { MASK_FIRST6_LAST4 = 0, MASK_LAST4, MASK_ALL };
enum purpose { P_CONTACTS, P_RECORDINGS, P_EVALUATIONS, P_COUNT };
extern const char *const dp_purpose_names[P_COUNT];

enum rule { R_CARD, R_CVV, R_IDV, R_NOTICE, R_RETENTION, R_COUNT };
extern const char *const dp_rule_ids[R_COUNT];

/* Counts of records per local day: memory grows with the calendar span,
 * never with the rows. */
typedef struct day_hist {
    int32_t base;
    size_t n;
    uint64_t *c;
} day_hist;

typedef struct ret_source {
    int purpose;
    const char *file;
    day_hist hist;
} ret_source;

/* Column positions of one stream's current file. */
typedef struct colmap {
    const char *file;
    int *text;                 /* per text column name, -1 when absent */
    int disclosed, idv, recorded, notice;
} colmap;

/* A finding on an evaluation, made by a thread's shard and held until the
 * merge: an evaluation is named by file:line, and a shard counts lines from
 * the start of its own share, which only the merge can make the file's. */
typedef struct dp_pending {
    int rule, severity;
    uint64_t line;             /* counted from the share's first line */
    int32_t day;
    char *file, *agent, *measured, *limit, *message;
} dp_pending;

typedef struct dp_inst {
    char **text_cols;
    size_t ntext;
    int mask;
    int window;
    char *col_disclosed, *col_idv, *col_recorded, *col_notice;
    int64_t retention[P_COUNT]; /* days; 0: not checked */
    int as_of_kind;            /* 0 latest, 1 today, 2 a date */
    int32_t as_of_day;
    int retention_severity;
    char *owner;
    colmap maps[2];            /* contacts, evaluations */
    ret_source *ret;
    size_t nret, capret;
    size_t ret_last[P_COUNT];  /* per purpose, the entry used last (index + 1; 0: none): rows come file by file */
    int have_latest;
    int32_t latest_day;
    size_t counts[R_COUNT];    /* the report period's, counted from `tally` for the section */
    tally tally;               /* every finding's rule and day */
    int warned[2];
    int sharded;               /* a shard: evaluations' findings wait in pend */
    dp_pending *pend;
    size_t npend, cappend;
} dp_inst;

/* One record as the findings name it, named only when a rule finds
 * something in it (most records are clean: formatting every record's name
 * cost more than all the rules together). */
typedef struct dp_record {
    const char *ref;           /* contact id, or file:line of an evaluation */
    const char *agent;         /* NULL when the record names none */
    const char *what;          /* "contact K1 (agent A7)" */
    const ccs_record *rec;     /* still to be named by dp_name(); NULL once named */
    struct dp_names *names;    /* where dp_name() writes */
    int32_t day;               /* the local day the finding concerns (ABI 1.4 `at`) */
    const ccs_record *src;     /* the record (NULL for a file's retention) */
} dp_record;

/* Fill r's ref, agent and what from its record, once. */
void dp_name(dp_record *r);

/* ------------------------------------------------------------ cards.c */

/* Where a card number was found (for the tests and the findings). */
typedef struct card_hit {
    size_t s, e;               /* span in the text */
    char digits[20];
    size_t n;
    const char *brand;
} card_hit;

int luhn_ok(const char *d, size_t n);
/* The issuer of a digit string, or NULL. */
const char *card_brand(const char *d);
/* Masked evidence into out (n + 1 bytes): never more than the first 6 and
 * the last 4 digits. */
void mask_number(char *out, const char *d, size_t n, int mode);
/* Card numbers in text; returns how many were stored in hits (at most max)
 * and the total through *total. */
size_t find_cards(const char *t, size_t len, card_hit *hits, size_t max, size_t *total);
/* dp.card_number findings for one free-text value. */
void dp_scan_cards(dp_inst *dp, ccs_host *host, ccs_str text, const char *column, dp_record *r);

/* ------------------------------------------------------------ fastscan.c */

/* Whether t holds at least `need` digits. */
int dp_has_digits(const char *t, size_t len, size_t need);
/* Whether t can hold a security-code keyword: "cv..." or "security", any case. */
int dp_may_have_keyword(const char *t, size_t len);
/* Both in one pass: DP_HINT_DIGITS when t holds at least DP_CARD_MIN_DIGITS
 * digits (a card number may be there), DP_HINT_KEYWORD when a keyword may
 * start in it (a security code may be there). */
#define DP_CARD_MIN_DIGITS 13
enum { DP_HINT_DIGITS = 1, DP_HINT_KEYWORD = 2 };
unsigned dp_text_hints(const char *t, size_t len);

/* ------------------------------------------------------------ cvv.c */

typedef struct code_hit {
    size_t s, e;
    const char *keyword;
} code_hit;

size_t find_codes(const char *t, size_t len, int window, code_hit *hits, size_t max);
/* dp.cvv findings for one free-text value. */
void dp_scan_codes(dp_inst *dp, ccs_host *host, ccs_str text, const char *column, dp_record *r);

/* ------------------------------------------------------------ idv.c */

/* 1, y, yes, true, pass, passed (any case); per row, so the usual one-byte
 * flags are answered inline and the words out of line. */
int dp_truthy_word(ccs_str v);
static inline int dp_truthy(ccs_str v)
{
    if (v.len <= 1) /* most flags: 0, 1 or empty */
        return v.len == 1 && (v.ptr[0] == '1' || (v.ptr[0] | 0x20) == 'y');
    return dp_truthy_word(v);
}
/* dp.idv and dp.recording_notice for one contact. */
void dp_check_contact_flags(dp_inst *dp, ccs_host *host, const ccs_record *rec, const colmap *c, int recorded,
                            dp_record *r);

/* ------------------------------------------------------------ retention.c */

/* Count a record of a purpose from file on day (nothing when the purpose's
 * retention is not checked). */
void dp_retain_slow(dp_inst *dp, int purpose, const char *file, int32_t day);
/* Count a record of `purpose` from `file` on local day `day`: per row, so
 * the usual case (the file and the day already have a count) is inline. */
static inline void dp_retain(dp_inst *dp, int purpose, const char *file, int32_t day)
{
    if (!dp->retention[purpose])
        return;
    size_t last = dp->ret_last[purpose];
    if (last && dp->ret[last - 1].file == file) {
        day_hist *h = &dp->ret[last - 1].hist;
        if ((int64_t)day >= h->base && (uint64_t)((int64_t)day - h->base) < h->n) {
            h->c[day - h->base]++;
            return;
        }
    }
    dp_retain_slow(dp, purpose, file, day);
}
/* The day retention is judged on. */
int32_t dp_as_of(dp_inst *dp, ccs_host *host);
/* Add a shard's counts (ABI 1.4); CCS_ERR out of memory. */
int dp_retain_merge(dp_inst *dp, const dp_inst *shard);
/* dp.retention findings as of that day. */
void dp_retention_findings(dp_inst *dp, ccs_host *host, int32_t as_of);

/* ------------------------------------------------------------ records.c */

/* Hand a finding to the host and count it. */
void dp_finding(dp_inst *dp, ccs_host *host, int rule, int severity, dp_record *r, const char *measured,
                const char *limit, const char *message);
void dp_add(void *inst, ccs_host *host, const ccs_record *rec);
/* Warn once when the contacts lack the columns of the ID&V or the notice rule. */
void dp_warn_missing(dp_inst *dp, ccs_host *host, const char *file, const colmap *c);

/* ------------------------------------------------------------ shard.c */

/* ABI 1.4: the check on every thread (see shard.c). */
void *dp_shard_new(void *inst);
void dp_shard_add(void *inst, void *shard, ccs_host *host, const ccs_record *rec);
int dp_shard_merge(void *inst, void *shard, ccs_host *host);
void dp_shard_free(void *inst, void *shard);
/* Hold a shard's finding on the evaluation at `line` (of its share) for
 * the merge; 0 held, -1 out of memory (the finding is lost: logged). */
int dp_defer(dp_inst *dp, int rule, int severity, const dp_record *r, uint64_t line, const char *measured,
             const char *limit, const char *message);
int dp_finish(void *inst, ccs_host *host);

/* ------------------------------------------------------------ section.c */

/* The report section: the findings per rule and the retention day. */
int dp_section(dp_inst *dp, ccs_host *host, int32_t as_of);

/* ------------------------------------------------------------ module.c */

int dp_init(ccs_host *host, const ccs_host_api *host_api);

#endif
