/* The one HTML escaper, numbers for data-* attributes, and the status marks
 * (a symbol as well as a colour: the page works in print and for readers
 * who cannot tell the colours apart). */
#include <math.h>
#include <string.h>

#include "html.h"
#include "table.h"
#include "json.h"
#include "utf8.h"

void h_esc(FILE *f, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s, *run = p;
    size_t left = strlen(s);
    while (*p) {
        unsigned char c = *p;
        size_t n = c >= 0x80 ? utf8_seq_len(p, left) : 1;
        const char *rep = NULL;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"')
            rep = "&quot;";
        else if (c == '\'')
            rep = "&#39;";
        else if (!n || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            rep = "\xEF\xBF\xBD", n = 1; /* U+FFFD */
        if (!rep) {
            p += n;
            left -= n;
            continue;
        }
        fwrite(run, 1, (size_t)(p - run), f);
        fputs(rep, f);
        p++;
        left--;
        run = p;
    }
    fwrite(run, 1, (size_t)(p - run), f);
}

void h_elem(FILE *f, const char *tag, const char *attrs, const char *s)
{
    fprintf(f, "<%s%s%s>", tag, attrs ? " " : "", attrs ? attrs : "");
    h_esc(f, s);
    fprintf(f, "</%s>", tag);
}

void h_data(FILE *f, const char *name, double v)
{
    char num[JSON_NUMBER_MAX];
    if (!isfinite(v))
        return;
    json_format_number(num, v);
    fprintf(f, " data-%s=\"%s\"", name, num);
}

const char *h_status_class(int status)
{
    const char *s = status_name(status);
    return s ? s : "none";
}

const char *h_status_mark(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return "\xE2\x9C\x93"; /* ✓ */
    case CCS_STATUS_NEAR: return "~";
    case CCS_STATUS_BELOW: return "!";
    case CCS_STATUS_INSUFFICIENT: return "?";
    default: return "";
    }
}

const char *h_status_word(int status)
{
    switch (status) {
    case CCS_STATUS_MEETS: return "meets";
    case CCS_STATUS_NEAR: return "near";
    case CCS_STATUS_BELOW: return "below";
    case CCS_STATUS_INSUFFICIENT: return "not enough data";
    default: return "no target";
    }
}

void h_status_badge(FILE *f, int status)
{
    fprintf(f, "<span class=\"st %s\">%s %s</span>", h_status_class(status), h_status_mark(status),
            h_status_word(status));
}

void h_value(char buf[H_VALUE], const ccs_metric_score *m, double v)
{
    if (!isfinite(v))
        snprintf(buf, H_VALUE, "-");
    else if (m->type == CCS_METRIC_RATE)
        fmt_fixed(buf, H_VALUE, 1, v * 100.0);
    else
        fmt_fixed(buf, H_VALUE, (m->unit && strcmp(m->unit, "s") == 0) || v == floor(v) ? 0 : 1, v);
    size_t n = strlen(buf);
    if (isfinite(v) && m->type == CCS_METRIC_RATE)
        snprintf(buf + n, H_VALUE - n, "%%");
    else if (isfinite(v) && m->unit && strcmp(m->unit, "s") == 0)
        snprintf(buf + n, H_VALUE - n, " s");
}

/* The usual abbreviations in capitals (AHT, FCR...), other names as words. */
void h_metric_title(char *buf, size_t len, const char *name)
{
    static const char *const upper[] = { "aht", "acw", "asa", "fcr", "csat", "nps", "qa", "sl", NULL };
    int up = 0;
    for (size_t i = 0; name && upper[i]; i++)
        up |= strcmp(name, upper[i]) == 0;
    snprintf(buf, len, "%s", name ? name : "");
    for (char *p = buf; *p; p++) {
        if (*p == '_')
            *p = ' ';
        else if (up && *p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    }
}

int h_metric_shown(const ccs_metric_score *m)
{
    return m->has_target || (m->name && strcmp(m->name, "handled") == 0);
}
