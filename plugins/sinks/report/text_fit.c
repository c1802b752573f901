/* Fitting the text report to the terminal (issue 11): lines wrapped at the
 * width (a long word, such as a path, cut where it must be), metric names
 * too long for a column shortened, and the scorecard tables split into
 * panels of the metric columns that fit, each repeating the id columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

size_t text_span_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* Bytes of s (len bytes) that take at most `cols` columns. */
static size_t prefix_bytes(const char *s, size_t len, size_t cols)
{
    size_t i = 0, w = 0;
    while (i < len && w < cols) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        w++;
    }
    return i;
}

/* One line (no newline) of len bytes, wrapped at lim: continuation lines
 * are indented four more than the line's own indentation. */
static void wrap_line(FILE *f, size_t lim, const char *line, size_t len)
{
    size_t lead = 0;
    while (lead < len && line[lead] == ' ')
        lead++;
    if (text_span_width(line, len) <= lim || lead + 12 > lim) {
        fwrite(line, 1, len, f);
        fputc('\n', f);
        return;
    }
    size_t rest = lead + 4, col = lead;
    fwrite(line, 1, lead, f);
    int fresh = 1;
    for (size_t i = lead; i < len;) {
        while (i < len && line[i] == ' ')
            i++;
        size_t wl = 0;
        while (i + wl < len && line[i + wl] != ' ')
            wl++;
        if (!wl)
            break;
        size_t w = text_span_width(line + i, wl);
        if (!fresh && col + 1 + w > lim) {
            fprintf(f, "\n%*s", (int)rest, "");
            col = rest;
            fresh = 1;
        }
        if (!fresh) {
            fputc(' ', f);
            col++;
        }
        while (col + w > lim) { /* a word wider than the line */
            size_t b = prefix_bytes(line + i, wl, lim - col);
            fwrite(line + i, 1, b, f);
            fprintf(f, "\n%*s", (int)rest, "");
            i += b, wl -= b;
            w = text_span_width(line + i, wl);
            col = rest;
        }
        fwrite(line + i, 1, wl, f);
        col += w;
        fresh = 0;
        i += wl;
    }
    fputc('\n', f);
}

void fit_text(FILE *f, int width, const char *buf, size_t len)
{
    size_t lim = width > 0 ? (size_t)width : 80;
    while (len) {
        const char *nl = memchr(buf, '\n', len);
        size_t l = nl ? (size_t)(nl - buf) : len;
        wrap_line(f, lim, buf, l);
        if (!nl)
            break;
        buf += l + 1;
        len -= l + 1;
    }
}

void fit_abbrev(const char *name, size_t max, char *out, size_t outlen)
{
    size_t len = strlen(name);
    const char *last = strrchr(name, '_');
    if (len <= max || !last) {
        snprintf(out, outlen, "%.*s", (int)(len <= max ? len : max), name);
        return;
    }
    /* service_level -> ser_level: every word but the last cut to 3 letters */
    size_t o = 0;
    for (const char *p = name; p < last && o + 1 < outlen;) {
        size_t wl = strcspn(p, "_");
        o += (size_t)snprintf(out + o, outlen - o, "%.*s_", (int)(wl < 3 ? wl : 3), p);
        p += wl + 1;
    }
    snprintf(out + (o < outlen ? o : outlen - 1), outlen - (o < outlen ? o : outlen - 1), "%s", last + 1);
    if (strlen(out) > max)
        out[max] = '\0';
}
