/* One value of a report section's table, as text for people (text sink) and
 * as data (CSV). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "json.h"
#include "report.h"
#include "table.h"

int column_is_text(const ccs_column *col)
{
    return col->type == CCS_VAL_TEXT || col->type == CCS_VAL_ID;
}

void num_text(char buf[CELL_BUF], double v)
{
    char num[JSON_NUMBER_MAX];
    size_t len = json_format_number(num, v);
    snprintf(buf, CELL_BUF, "%.*s", (int)len, num);
}

static void day_text(char buf[CELL_BUF], double v)
{
    char day[11];
    fmt_day(day, isfinite(v) && fabs(v) < 3e6 ? (int32_t)floor(v) : INT32_MIN);
    snprintf(buf, CELL_BUF, "%s", day);
}

static void time_text(char buf[CELL_BUF], double v)
{
    char hhmm[6];
    fmt_minute(hhmm, isfinite(v) && v >= 0 && v <= 1440 ? (int)floor(v + 0.5) : -1);
    snprintf(buf, CELL_BUF, "%s", hhmm);
}

static int digits(int decimals, int fallback)
{
    if (decimals <= 0)
        return fallback;
    return decimals > 9 ? 9 : decimals;
}

static void suffix(char buf[CELL_BUF], const char *a, const char *b)
{
    size_t n = strlen(buf);
    snprintf(buf + n, CELL_BUF - n, "%s%s", a, b);
}

/* Rates show one decimal unless the column asks for more; counts none;
 * numbers and durations the column's decimals. */
const char *cell_text(const ccs_column *col, const ccs_cell *cell, int unit, char buf[CELL_BUF])
{
    if (!cell->present)
        return "-";
    double v = cell->number;
    switch (col->type) {
    case CCS_VAL_TEXT:
    case CCS_VAL_ID: return cell->text ? cell->text : "";
    case CCS_VAL_COUNT: fmt_fixed(buf, CELL_BUF, 0, v); break;
    case CCS_VAL_NUMBER:
        fmt_fixed(buf, CELL_BUF, digits(col->decimals, 0), v);
        suffix(buf, unit && col->unit && *col->unit ? " " : "", unit && col->unit ? col->unit : "");
        break;
    case CCS_VAL_RATE: fmt_fixed(buf, CELL_BUF, digits(col->decimals, 1), v * 100.0); suffix(buf, "%", ""); break;
    case CCS_VAL_DURATION: fmt_fixed(buf, CELL_BUF, digits(col->decimals, 0), v); suffix(buf, "s", ""); break;
    case CCS_VAL_DATE: day_text(buf, v); break;
    case CCS_VAL_TIME: time_text(buf, v); break;
    case CCS_VAL_BOOL: return v != 0 ? "yes" : "no";
    default: num_text(buf, v);
    }
    return buf;
}

const char *cell_data(const ccs_column *col, const ccs_cell *cell, char buf[CELL_BUF])
{
    if (!cell->present)
        return "";
    switch (col->type) {
    case CCS_VAL_TEXT:
    case CCS_VAL_ID: return cell->text ? cell->text : "";
    case CCS_VAL_DATE: day_text(buf, cell->number); break;
    case CCS_VAL_TIME: time_text(buf, cell->number); break;
    case CCS_VAL_BOOL: return cell->number != 0 ? "true" : "false";
    default: num_text(buf, cell->number);
    }
    return buf;
}
