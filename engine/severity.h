/* Per-rule severities from the policy: every check section accepts
 * `severity = dp.cvv:critical, dp.retention:info` (rule:level, levels info,
 * advisory, breach, critical); the host applies it to the check's findings
 * as they are added (api->add_finding), after the check's own choice. */
#ifndef CCS_SEVERITY_H
#define CCS_SEVERITY_H

#include <stddef.h>

typedef struct rule_severity {
    char *rule;
    int severity;              /* CCS_SEV_* */
} rule_severity;

/* Parse the key's text; -1 with what is wrong and the fix in err. */
int severities_parse(const char *text, rule_severity **out, size_t *n, char *err, size_t errlen);
void severities_free(rule_severity *s, size_t n);
/* The severity the policy gives rule, or fallback. */
int severity_for(const rule_severity *s, size_t n, const char *rule, int fallback);

#endif
