/* Inline SVG charts.  Every chart is role="img" with a <title> and an
 * aria-label that says in words what it shows, so that a screen reader (and
 * anyone who prints in black and white) gets the figures too. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static void svg_open(FILE *f, double w, double h, const char *cls, const char *label)
{
    fprintf(f, "<svg class=\"%s\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"",
            cls, w, h, w, h);
    h_esc(f, label);
    fputs("\"><title>", f);
    h_esc(f, label);
    fputs("</title>", f);
}

typedef struct range {
    double lo, hi;
} range;

static void widen(range *r, double v)
{
    if (!isfinite(v))
        return;
    r->lo = v < r->lo ? v : r->lo;
    r->hi = v > r->hi ? v : r->hi;
}

/* Pad the range by 15% each side (a flat range by a tenth of its size);
 * rates stay within 0..1 and figures that are never negative above 0. */
static void settle(range *r, int rate)
{
    int nonneg = r->lo >= 0;
    double span = r->hi - r->lo;
    if (span <= 0)
        span = fabs(r->hi) * 0.2 + (rate ? 0.1 : 1);
    r->lo -= span * 0.15;
    r->hi += span * 0.15;
    if (nonneg && r->lo < 0)
        r->lo = 0;
    if (rate && r->hi > 1)
        r->hi = 1;
    if (r->hi <= r->lo)
        r->hi = r->lo + 1;
}

static double scale(const range *r, double v, double x0, double x1)
{
    return x0 + (v - r->lo) / (r->hi - r->lo) * (x1 - x0);
}

void chart_bullet(FILE *f, const ccs_metric_score *m)
{
    char title[64], v[H_VALUE], t[H_VALUE], lo[H_VALUE], hi[H_VALUE], label[512];
    h_metric_title(title, sizeof title, m->name);
    h_value(v, m, m->value);
    h_value(t, m, m->target);
    h_value(lo, m, m->ci_low);
    h_value(hi, m, m->ci_high);
    int ci = m->defined && m->has_ci && isfinite(m->ci_low) && isfinite(m->ci_high);
    snprintf(label, sizeof label, "%s: %s%s%s%s%s%s%s%s, n = %llu; %s%s%s", title, m->defined ? v : "no value",
             m->has_target ? ", target " : "", m->has_target ? t : "",
             m->has_target ? (m->direction < 0 ? " or lower" : " or higher") : "", ci ? ", 95% interval " : "",
             ci ? lo : "", ci ? " to " : "", ci ? hi : "", (unsigned long long)m->n, h_status_mark(m->status),
             *h_status_mark(m->status) ? " " : "", h_status_word(m->status));
    svg_open(f, 200, 24, "bullet", label);
    range r = { INFINITY, -INFINITY };
    if (m->defined)
        widen(&r, m->value);
    if (m->has_target)
        widen(&r, m->target);
    if (ci) {
        widen(&r, m->ci_low);
        widen(&r, m->ci_high);
    }
    if (isfinite(r.lo)) {
        settle(&r, m->type == CCS_METRIC_RATE);
        fputs("<rect x=\"6\" y=\"10\" width=\"188\" height=\"4\" fill=\"#eaeef2\"/>", f);
        if (ci)
            fprintf(f, "<rect x=\"%.1f\" y=\"7\" width=\"%.1f\" height=\"10\" rx=\"2\" fill=\"#afb8c1\"/>",
                    scale(&r, m->ci_low, 6, 194), scale(&r, m->ci_high, 6, 194) - scale(&r, m->ci_low, 6, 194));
        if (m->has_target)
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"2\" y2=\"22\" stroke=\"#1f2328\" stroke-width=\"2\"/>",
                    scale(&r, m->target, 6, 194), scale(&r, m->target, 6, 194));
        if (m->defined)
            fprintf(f, "<circle class=\"dot %s\" cx=\"%.1f\" cy=\"12\" r=\"5\" stroke=\"#fff\" stroke-width=\"1.5\"/>",
                    h_status_class(m->status), scale(&r, m->value, 6, 194));
    }
    fputs("</svg>", f);
}

size_t table_column(const ccs_table *t, const char *name)
{
    for (size_t c = 0; name && c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, name) == 0)
            return c;
    return (size_t)-1;
}

static const ccs_metric_score *find_metric(const ccs_scorecard *c, const char *name)
{
    for (size_t i = 0; c && i < c->nmetrics; i++)
        if (strcmp(c->metrics[i].name, name) == 0)
            return &c->metrics[i];
    return NULL;
}

static const char *const palette[] = { "#0969da", "#bc4c00", "#8250df", "#1a7f37", "#bf3989", "#6e7781",
                                       "#0550ae", "#953800" };
#define NPALETTE (sizeof palette / sizeof palette[0])

/* The trend's words: each card's previous and current value. */
static void trend_label(char *buf, size_t len, const ccs_report *r, const ccs_scorecard *const *cards, size_t n,
                        const char *name)
{
    char title[64];
    h_metric_title(title, sizeof title, name);
    size_t k = (size_t)snprintf(buf, len, "%s, %s to %s:", title, r->previous_period ? r->previous_period : "previous",
                                r->period ? r->period : "this period");
    for (size_t i = 0; i < n && k < len; i++) {
        const ccs_metric_score *m = find_metric(cards[i], name);
        char a[H_VALUE], b[H_VALUE];
        if (!m)
            continue;
        h_value(a, m, m->has_previous ? m->previous : NAN);
        h_value(b, m, m->defined ? m->value : NAN);
        k += (size_t)snprintf(buf + k, len - k, "%s %s %s to %s", i ? ";" : "", cards[i]->name ? cards[i]->name : cards[i]->id,
                              a, b);
    }
}

void chart_trend(FILE *f, const ccs_report *r, const ccs_scorecard *const *cards, size_t n, size_t metric)
{
    const char *name = cards[0]->metrics[metric].name;
    char label[1024];
    trend_label(label, sizeof label, r, cards, n, name);
    svg_open(f, 260, 130, "trend", label);
    range y = { INFINITY, -INFINITY };
    const ccs_metric_score *m0 = &cards[0]->metrics[metric];
    for (size_t i = 0; i < n; i++) {
        const ccs_metric_score *m = find_metric(cards[i], name);
        if (m && m->defined)
            widen(&y, m->value);
        if (m && m->has_previous)
            widen(&y, m->previous);
    }
    if (m0->has_target)
        widen(&y, m0->target);
    if (!isfinite(y.lo)) {
        fputs("</svg>", f);
        return;
    }
    settle(&y, m0->type == CCS_METRIC_RATE);
    if (m0->has_target)
        fprintf(f, "<line x1=\"30\" x2=\"180\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#57606a\" stroke-dasharray=\"4 3\"/>",
                scale(&y, m0->target, 110, 10), scale(&y, m0->target, 110, 10));
    fprintf(f, "<g font-size=\"10\" fill=\"#57606a\"><text x=\"40\" y=\"125\" text-anchor=\"middle\">");
    h_esc(f, r->previous_period ? r->previous_period : "before");
    fputs("</text><text x=\"170\" y=\"125\" text-anchor=\"middle\">", f);
    h_esc(f, r->period);
    fputs("</text></g>", f);
    size_t drawn = 0;
    for (size_t i = n; i-- > 0;) {
        const ccs_metric_score *m = find_metric(cards[i], name);
        if (!m || !m->defined)
            continue;
        drawn++;
        const char *col = i ? palette[(i - 1) % NPALETTE] : "#1f2328";
        double yc = scale(&y, m->value, 110, 10);
        if (m->has_previous)
            fprintf(f, "<polyline points=\"40,%.1f 170,%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%d\"/>"
                       "<circle cx=\"40\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                    scale(&y, m->previous, 110, 10), yc, col, i ? 1 : 3, scale(&y, m->previous, 110, 10), col);
        fprintf(f, "<circle cx=\"170\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/><text x=\"176\" y=\"%.1f\" font-size=\"9\" "
                   "fill=\"%s\">",
                yc, col, yc + 3, col);
        if (i)
            h_esc(f, cards[i]->name ? cards[i]->name : cards[i]->id);
        else
            fputs("all", f);
        fputs("</text>", f);
    }
    if (!drawn)
        fputs("<text x=\"105\" y=\"60\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">"
              "no value this period</text>", f);
    fputs("</svg>", f);
}

/* ------------------------------------------------ heat map */

static double cell_num(const ccs_table *t, size_t row, size_t col, int *present)
{
    const ccs_cell *c = &t->cells[row * t->ncolumns + col];
    *present = c->present && isfinite(c->number);
    return *present ? c->number : 0;
}

/* Light grey-blue to dark blue: white text on the darker half. */
static void heat_colour(char out[8], double share)
{
    static const int from[3] = { 0xf6, 0xf8, 0xfa }, to[3] = { 0x0a, 0x30, 0x69 };
    int rgb[3];
    for (int i = 0; i < 3; i++)
        rgb[i] = (int)lround(from[i] + (to[i] - from[i]) * share);
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

static void heat_label(char *buf, size_t len, const ccs_table *t, size_t x, const size_t *ys, size_t ny,
                       const char *what)
{
    double max = -INFINITY;
    size_t br = 0, bc = 0;
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t k = 0; k < ny; k++) {
            int present;
            double v = cell_num(t, i, ys[k], &present);
            if (present && v > max)
                max = v, br = i, bc = k;
        }
    char when[CELL_BUF], val[CELL_BUF];
    if (!isfinite(max)) {
        snprintf(buf, len, "Heat map of %s: no values", what);
        return;
    }
    const char *w = cell_text(&t->columns[x], &t->cells[br * t->ncolumns + x], 0, when);
    const ccs_column *col = &t->columns[ys[bc]];
    snprintf(buf, len, "Heat map of %s: %zu rows by %zu columns; the highest is %s at %s with %s", what, t->nrows, ny,
             col->title ? col->title : col->name, w, cell_text(col, &t->cells[br * t->ncolumns + ys[bc]], 1, val));
}

void chart_heatmap(FILE *f, const ccs_table *t, size_t x, const size_t *ys, size_t ny, const char *what)
{
    char label[512];
    heat_label(label, sizeof label, t, x, ys, ny, what);
    double cw = 56, ch = 18, left = 44, top = 18, max = 0;
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t k = 0; k < ny; k++) {
            int present;
            double v = cell_num(t, i, ys[k], &present);
            max = present && v > max ? v : max;
        }
    svg_open(f, left + cw * (double)ny, top + ch * (double)t->nrows, "heat", label);
    fputs("<g font-size=\"10\" text-anchor=\"middle\">", f);
    for (size_t k = 0; k < ny; k++) {
        fprintf(f, "<text x=\"%.0f\" y=\"12\" fill=\"#1f2328\">", left + cw * ((double)k + 0.5));
        h_esc(f, t->columns[ys[k]].title ? t->columns[ys[k]].title : t->columns[ys[k]].name);
        fputs("</text>", f);
    }
    for (size_t i = 0; i < t->nrows; i++) {
        char when[CELL_BUF], val[CELL_BUF], colour[8];
        double y = top + ch * (double)i;
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" fill=\"#57606a\">", left - 4, y + 13);
        h_esc(f, cell_text(&t->columns[x], &t->cells[i * t->ncolumns + x], 0, when));
        fputs("</text>", f);
        for (size_t k = 0; k < ny; k++) {
            int present;
            double v = cell_num(t, i, ys[k], &present), share = max > 0 ? v / max : 0;
            const ccs_column *col = &t->columns[ys[k]];
            heat_colour(colour, present ? share : 0);
            fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"%s\" stroke=\"#fff\">"
                       "<title>",
                    left + cw * (double)k, y, cw, ch, present ? colour : "#ffffff");
            h_esc(f, col->title ? col->title : col->name);
            fputc(' ', f);
            h_esc(f, when);
            fputs(": ", f);
            h_esc(f, cell_text(col, &t->cells[i * t->ncolumns + ys[k]], 1, val));
            fprintf(f, "</title></rect><text x=\"%.0f\" y=\"%.0f\" fill=\"%s\">", left + cw * ((double)k + 0.5),
                    y + 13, share > 0.55 ? "#ffffff" : "#1f2328");
            h_esc(f, present ? cell_text(col, &t->cells[i * t->ncolumns + ys[k]], 0, val) : "-");
            fputs("</text>", f);
        }
    }
    fputs("</g></svg>", f);
}

/* ------------------------------------------------ lines and bars */

#define MAX_SERIES 12

typedef struct series {
    size_t y;            /* the value column */
    const char *group;   /* the group column's value, or NULL */
} series;

/* The series of a chart: each y column, times each value of the group
 * column (in the order they first appear); at most MAX_SERIES. */
static size_t chart_series(const ccs_table *t, const ccs_chart *c, size_t g, series *out)
{
    size_t n = 0;
    const char *p = c->y;
    while (p && *p && n < MAX_SERIES) {
        size_t len = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        size_t y = table_column(t, name);
        p += len + (p[len] == ',');
        if (y == (size_t)-1)
            continue;
        if (g == (size_t)-1) {
            out[n++] = (series){ y, NULL };
            continue;
        }
        for (size_t i = 0; i < t->nrows && n < MAX_SERIES; i++) {
            const char *gv = t->cells[i * t->ncolumns + g].text;
            int seen = 0;
            for (size_t k = 0; k < n && !seen; k++)
                seen = out[k].y == y && out[k].group && gv && strcmp(out[k].group, gv) == 0;
            if (!seen && gv)
                out[n++] = (series){ y, gv };
        }
    }
    return n;
}

static int in_series(const ccs_table *t, size_t g, const series *s, size_t row)
{
    const char *gv = g == (size_t)-1 ? NULL : t->cells[row * t->ncolumns + g].text;
    return !s->group || (gv && strcmp(gv, s->group) == 0);
}

static void series_name(char *buf, size_t len, const ccs_table *t, const series *s)
{
    const ccs_column *col = &t->columns[s->y];
    snprintf(buf, len, "%s%s%s", col->title ? col->title : col->name, s->group ? " " : "", s->group ? s->group : "");
}

static void lines_legend(FILE *f, const ccs_table *t, const series *s, size_t n)
{
    fputs("<ul class=\"legend\">", f);
    for (size_t k = 0; k < n; k++) {
        char name[128];
        series_name(name, sizeof name, t, &s[k]);
        fprintf(f, "<li><span style=\"color:%s\">&#9632;</span> ", palette[k % NPALETTE]);
        h_esc(f, name);
        fputs("</li>", f);
    }
    fputs("</ul>", f);
}

static void lines_draw(FILE *f, const ccs_table *t, const ccs_chart *c, size_t x, size_t g, const series *s,
                       size_t n, const range *yr)
{
    double W = 600, H = 200, L = 40, R = 10, T = 10, B = 24;
    for (size_t k = 0; k < n; k++) {
        size_t npts = 0;
        for (size_t i = 0; i < t->nrows; i++) {
            int present;
            double v = cell_num(t, i, s[k].y, &present);
            if (!present || !in_series(t, g, &s[k], i))
                continue;
            double px = L + (W - L - R) * (t->nrows > 1 ? (double)i / (double)(t->nrows - 1) : 0.5);
            double py = scale(yr, v, H - B, T);
            if (c->kind == CCS_CHART_BAR) {
                double bw = (W - L - R) / (double)(t->nrows ? t->nrows : 1) / (double)n;
                fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                        px - bw * n / 2 + bw * (double)k, py, bw, H - B - py, palette[k % NPALETTE]);
            } else {
                if (!npts++)
                    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
                            palette[k % NPALETTE]);
                fprintf(f, " %.1f,%.1f", px, py);
            }
        }
        if (npts)
            fputs("\"/>", f);
    }
    char a[CELL_BUF], b[CELL_BUF];
    fprintf(f, "<g font-size=\"10\" fill=\"#57606a\"><text x=\"%.0f\" y=\"%.0f\">", L, H - 8);
    h_esc(f, t->nrows ? cell_text(&t->columns[x], &t->cells[x], 0, a) : "");
    fprintf(f, "</text><text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">", W - R, H - 8);
    h_esc(f, t->nrows ? cell_text(&t->columns[x], &t->cells[(t->nrows - 1) * t->ncolumns + x], 0, b) : "");
    fprintf(f, "</text><text x=\"4\" y=\"%.0f\">%.4g</text><text x=\"4\" y=\"%.0f\">%.4g</text></g>", T + 8, yr->hi,
            H - B, yr->lo);
}

void chart_lines(FILE *f, const ccs_table *t, const ccs_chart *c)
{
    size_t x = table_column(t, c->x), g = table_column(t, c->group);
    series s[MAX_SERIES];
    size_t n = x == (size_t)-1 ? 0 : chart_series(t, c, g, s);
    range yr = { INFINITY, -INFINITY };
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < t->nrows; i++) {
            int present;
            double v = cell_num(t, i, s[k].y, &present);
            if (present && in_series(t, g, &s[k], i))
                widen(&yr, v);
        }
    char label[512];
    size_t len = (size_t)snprintf(label, sizeof label, "%s chart of %s: %zu series over %zu rows",
                                  c->kind == CCS_CHART_BAR ? "Bar" : "Line", c->title ? c->title : c->table, n,
                                  t->nrows);
    if (isfinite(yr.lo) && len < sizeof label)
        snprintf(label + len, sizeof label - len, ", from %.4g to %.4g", yr.lo, yr.hi);
    svg_open(f, 600, 200, "lines", label);
    if (isfinite(yr.lo)) {
        if (yr.lo > 0)
            yr.lo = 0;
        settle(&yr, 0);
        lines_draw(f, t, c, x, g, s, n, &yr);
    }
    fputs("</svg>", f);
    lines_legend(f, t, s, n);
}
