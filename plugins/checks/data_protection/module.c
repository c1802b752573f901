/* data_protection: the keys, an instance from the policy, the component and
 * the module (see dp.h for the rules). */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "parse.h"
#include "vec.h"

const ccs_host_api *dp_api;

#define NOLIMIT 0, 0
static const ccs_key dp_keys[] = {
    { "columns", CCS_KEY_STRING, "notes", "free-text columns to scan for card numbers and security codes "
      "(contacts or evaluations), separated by spaces or commas", NULL, NOLIMIT },
    { "mask", CCS_KEY_ENUM, "first6_last4", "evidence of a card number: first 6 and last 4 digits, last 4 only, "
      "or every digit masked", "first6_last4|last4|all", NOLIMIT },
    { "cvv_window_words", CCS_KEY_INT, "3", "a 3-4 digit number with at most this many words between it and cvv, "
      "cvc, cv2 or security code (before or after) is a security code", NULL, 0, 50 },
    { "disclosure_column", CCS_KEY_STRING, "account_disclosed", "contacts column (0/1) flagging that account data "
      "was disclosed; empty: ID&V not checked", NULL, NOLIMIT },
    { "idv_column", CCS_KEY_STRING, "idv_passed", "contacts column (1/yes/true/passed) flagging a passed ID&V step",
      NULL, NOLIMIT },
    { "recorded_column", CCS_KEY_STRING, "recorded", "contacts column (0/1) flagging a recorded contact; empty: "
      "recording notice not checked", NULL, NOLIMIT },
    { "notice_column", CCS_KEY_STRING, "recording_notice", "contacts column (0/1) flagging that the recording "
      "notice was given", NULL, NOLIMIT },
    { "contacts_retention_days", CCS_KEY_INT, "730", "keep contact records this many days (0: not checked)", NULL, 0, 36500 },
    { "recordings_retention_days", CCS_KEY_INT, "365", "keep recordings (recorded contacts) this many days (0: not checked)",
      NULL, 0, 36500 },
    { "evaluations_retention_days", CCS_KEY_INT, "730", "keep QA evaluations this many days (0: not checked)", NULL, 0, 36500 },
    { "as_of", CCS_KEY_STRING, "latest", "date that retention is judged on: latest (the newest record's day, so a "
      "report is reproducible), today, or YYYY-MM-DD", NULL, NOLIMIT },
    { "retention_severity", CCS_KEY_ENUM, "advisory", "severity of dp.retention findings",
      "info|advisory|breach|critical", NOLIMIT },
    { "owner", CCS_KEY_STRING, "data protection officer", "who acts on these findings", NULL, NOLIMIT },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void dp_destroy(void *inst)
{
    dp_inst *dp = inst;
    if (!dp)
        return;
    for (size_t i = 0; i < dp->ntext; i++)
        free(dp->text_cols[i]);
    free(dp->text_cols);
    free(dp->col_disclosed);
    free(dp->col_idv);
    free(dp->col_recorded);
    free(dp->col_notice);
    free(dp->owner);
    for (int i = 0; i < 2; i++)
        free(dp->maps[i].text);
    for (size_t i = 0; i < dp->nret; i++)
        free(dp->ret[i].hist.c);
    free(dp->ret);
    tally_free(&dp->tally);
    free(dp);
}

/* The free-text columns, separated by spaces or commas. */
static int parse_columns(dp_inst *dp, const char *cols)
{
    size_t cap = 0;
    for (const char *p = cols; p && *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        size_t n = strcspn(p, " ,\t");
        if (!n)
            break;
        char **col = VEC_PUSH(dp->text_cols, dp->ntext, cap);
        if (!col || !(*col = strndup(p, n)))
            return -1;
        p += n;
    }
    return 0;
}

/* as_of: latest, today or a date. */
static int parse_as_of(dp_inst *dp, ccs_host *host, const char *as_of)
{
    ccs_str s = { as_of, strlen(as_of) };
    if (strcmp(as_of, "latest") == 0)
        dp->as_of_kind = 0;
    else if (strcmp(as_of, "today") == 0)
        dp->as_of_kind = 1;
    else if (parse_date(s, &dp->as_of_day) == 0)
        dp->as_of_kind = 2;
    else {
        dp_api->log(host, CCS_LOG_ERROR, "as_of = '%s': use latest, today or a date YYYY-MM-DD", as_of);
        return -1;
    }
    return 0;
}

static int dp_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    const ccs_host_api *api = dp_api;
    dp_inst *dp = calloc(1, sizeof *dp);
    if (!dp)
        return CCS_ERR;
    if (parse_columns(dp, api->config_string(cfg, "columns")) != 0) {
        dp_destroy(dp);
        return CCS_ERR;
    }
    dp->mask = api->config_enum(cfg, "mask");
    dp->window = (int)api->config_int(cfg, "cvv_window_words");
    dp->col_disclosed = strdup(api->config_string(cfg, "disclosure_column"));
    dp->col_idv = strdup(api->config_string(cfg, "idv_column"));
    dp->col_recorded = strdup(api->config_string(cfg, "recorded_column"));
    dp->col_notice = strdup(api->config_string(cfg, "notice_column"));
    dp->owner = strdup(api->config_string(cfg, "owner"));
    dp->retention[P_CONTACTS] = api->config_int(cfg, "contacts_retention_days");
    dp->retention[P_RECORDINGS] = api->config_int(cfg, "recordings_retention_days");
    dp->retention[P_EVALUATIONS] = api->config_int(cfg, "evaluations_retention_days");
    dp->retention_severity = CCS_SEV_INFO + api->config_enum(cfg, "retention_severity");
    if (!dp->col_disclosed || !dp->col_idv || !dp->col_recorded || !dp->col_notice || !dp->owner ||
        parse_as_of(dp, host, api->config_string(cfg, "as_of")) != 0) {
        dp_destroy(dp);
        return CCS_ERR;
    }
    *inst = dp;
    return CCS_OK;
}

static const ccs_check_ops dp_ops = { sizeof(ccs_check_ops), CCS_REC_CONTACT | CCS_REC_EVALUATION, dp_add,
                                      dp_finish, NULL, dp_shard_new, dp_shard_add, dp_shard_merge,
                                      dp_shard_free };

static const ccs_component dp_component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "data_protection",
    "PCI DSS and GDPR checks over contacts and evaluations; no finding ever carries note text or a full "
    "card number. Rules:\n"
    "        dp.card_number      critical: a 13-19 digit run in a free-text column (single spaces or hyphens\n"
    "                            between digits, no digit just before or after) passing Luhn with an issuer\n"
    "                            prefix (Visa, Mastercard, Amex, Discover, Diners, JCB, Maestro); masked\n"
    "        dp.cvv              critical: a 3-4 digit number at most cvv_window_words words from cvv/cvc/cv2/security code\n"
    "        dp.idv              breach: account data disclosed (disclosure_column) without ID&V passed (idv_column)\n"
    "        dp.recording_notice breach: recorded (recorded_column) without a recording notice (notice_column)\n"
    "        dp.retention        retention_severity: records older than *_retention_days as of as_of, one\n"
    "                            finding per purpose (contacts, recordings, evaluations) and file, with the\n"
    "                            count and the oldest date",
    dp_keys, dp_create, dp_destroy, &dp_ops,
};

int dp_init(ccs_host *host, const ccs_host_api *host_api)
{
    dp_api = host_api;
    return dp_api->register_component(host, &dp_component);
}

CCS_MODULE(data_protection, "1.0", "data protection: card numbers, security codes, ID&V, recording notice, "
           "retention", dp_init, NULL)
