/* Names of the report model's enums, UTF-8 widths, and which sections a
 * report has. */
#include "report.h"
#include "datefmt.h"
#include "utf8.h"

#include <string.h>

#include "utf8.h"

const char *status_name(int s)
{
    switch (s) {
    case CCS_STATUS_MEETS: return "meets";
    case CCS_STATUS_NEAR: return "near";
    case CCS_STATUS_BELOW: return "below";
    case CCS_STATUS_INSUFFICIENT: return "insufficient";
    default: return NULL;
    }
}

const char *severity_name(int s)
{
    switch (s) {
    case CCS_SEV_INFO: return "info";
    case CCS_SEV_ADVISORY: return "advisory";
    case CCS_SEV_BREACH: return "breach";
    case CCS_SEV_CRITICAL: return "critical";
    default: return "unknown";
    }
}

const char *entity_name(int e)
{
    switch (e) {
    case CCS_ENTITY_AGENT: return "agent";
    case CCS_ENTITY_TEAM: return "team";
    case CCS_ENTITY_QUEUE: return "queue";
    default: return "organisation";
    }
}

const char *value_type_name(int type)
{
    static const char *const names[] = { "text", "id", "count", "number", "rate",
                                         "duration", "date", "time", "bool" };
    if (type < CCS_VAL_TEXT || type > CCS_VAL_BOOL)
        return "text";
    return names[type - CCS_VAL_TEXT];
}

size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; w++) {
        size_t n = *p >= 0x80 ? utf8_seq_len(p, 4) : 1;
        p += n ? n : 1;
    }
    return w;
}

size_t legacy_section_count(const ccs_report *r)
{
    return CCS_HAS_FIELD(r, ccs_report, sections) ? r->nsections : 0;
}

size_t report_section_count(const ccs_report *r)
{
    return CCS_HAS_FIELD(r, ccs_report, report_sections) && r->report_sections ? r->nreport_sections : 0;
}

const char *finding_at(const ccs_report *r, size_t i, char buf[11])
{
    if (!CCS_HAS_FIELD(r, ccs_report, findings_at) || !r->findings_at)
        return NULL;
    fmt_day(buf, r->findings_at[i]);
    return buf;
}

size_t findings_other(const ccs_report *r)
{
    return CCS_HAS_FIELD(r, ccs_report, nfindings_other) ? r->nfindings_other : 0;
}
