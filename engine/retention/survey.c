/* Retention: the [retention] settings and the staff survey (staff_survey.csv:
 * answered_on, team, enps 0-10, optional agent_id, optional 1-5 items). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "history.h"
#include "parse.h"
#include "retention.h"
#include "vec.h"

#define NOLIMIT 0, 0

const ccs_key retention_keys[] = {
    { "survey", CCS_KEY_PATH, NULL, "staff survey answers (staff_survey.csv), relative to this file", NULL, NOLIMIT },
    { "templates", CCS_KEY_PATH, NULL, "folder of the advice templates (advice_*.mustache)", NULL, NOLIMIT },
    { "min_answers", CCS_KEY_INT, "5", "a team with fewer survey answers is not shown on its own", NULL, 2, 1000 },
    { "early_days", CCS_KEY_INT, "90", "a leaver with fewer days' service is an early leaver", NULL, 1, 3650 },
    { "low_enps", CCS_KEY_NUMBER, "0", "a team's eNPS below this is a risk factor for its agents", NULL, -100, 100 },
    { "high_attrition", CCS_KEY_PERCENT, "30%", "annualised attrition that calls for advice", NULL, 0.01, 10 },
    { "high_occupancy", CCS_KEY_PERCENT, "85%", "occupancy over this in each of the last occupancy_weeks is a risk factor",
      NULL, 0.05, 1 },
    { "occupancy_weeks", CCS_KEY_INT, "4", "calendar weeks, up to the window's last, that occupancy must stay high",
      NULL, 1, 52 },
    { "occupancy_min_hours", CCS_KEY_NUMBER, "4", "a week with fewer hours staffed is not enough data for occupancy",
      NULL, 0, 168 },
    { "coaching_weeks", CCS_KEY_INT, "6", "no coaching or one-to-one in this many calendar weeks is a risk factor",
      NULL, 1, 104 },
    { NULL, 0, NULL, NULL, NULL, NOLIMIT },
};

static void set_key(ret_settings *s, const ccs_key *k, const pol_entry *e, const cfg_value *v)
{
    if (strcmp(k->name, "survey") == 0) {
        free(s->survey);
        s->survey = policy_resolve_path(e->value, e->file);
    } else if (strcmp(k->name, "templates") == 0) {
        free(s->templates);
        s->templates = policy_resolve_path(e->value, e->file);
    } else if (strcmp(k->name, "min_answers") == 0)
        s->min_answers = (long)v->i;
    else if (strcmp(k->name, "early_days") == 0)
        s->early_days = (long)v->i;
    else if (strcmp(k->name, "low_enps") == 0)
        s->low_enps = v->d;
    else if (strcmp(k->name, "high_occupancy") == 0)
        s->high_occupancy = v->d;
    else if (strcmp(k->name, "occupancy_weeks") == 0)
        s->occupancy_weeks = (long)v->i;
    else if (strcmp(k->name, "occupancy_min_hours") == 0)
        s->occupancy_min_hours = v->d;
    else if (strcmp(k->name, "coaching_weeks") == 0)
        s->coaching_weeks = (long)v->i;
    else
        s->high_attrition = v->d;
}

int ret_settings_load(const policy *p, ret_settings *s, diag_list *d)
{
    ret_settings tmp;
    if (!s)
        s = &tmp;
    memset(s, 0, sizeof *s);
    *s = (ret_settings){ NULL, NULL, 5, 90, 0.0, 0.30, 0.85, 4, 4.0, 6 };
    size_t before = d->n;
    const pol_section *sec = pol_find_section(&p->raw, "retention", NULL);
    for (size_t j = 0; sec && j < sec->n; j++) {
        const pol_entry *e = &sec->entries[j];
        const ccs_key *k = retention_keys;
        while (k->name && strcmp(k->name, e->key) != 0)
            k++;
        if (!k->name) {
            diag_add(d, e->file, e->line,
                     "unknown key '%s' in [retention]; known keys: survey, templates, min_answers, early_days, "
                     "low_enps, high_attrition, high_occupancy, occupancy_weeks, occupancy_min_hours, "
                     "coaching_weeks", e->key);
            continue;
        }
        cfg_value v;
        memset(&v, 0, sizeof v);
        char err[512];
        if (parse_key_value(k, e->value, &v, err, sizeof err) != 0) {
            diag_add(d, e->file, e->line, "%s", err);
            continue;
        }
        set_key(s, k, e, &v);
    }
    if (s == &tmp)
        ret_settings_free(&tmp);
    return d->n == before ? 0 : -1;
}

void ret_settings_free(ret_settings *s)
{
    free(s->survey);
    free(s->templates);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------ the survey */

static int is(ccs_str f, const char *name)
{
    return f.len == strlen(name) && memcmp(f.ptr, name, f.len) == 0;
}

int ret_survey_header(const char *head, size_t len)
{
    csv_reader *r = csv_open_mem(head, len, NULL);
    const ccs_str *f;
    size_t n;
    int has[3] = { 0, 0, 0 };
    if (r && csv_next(r, &f, &n, NULL, NULL) == 1)
        for (size_t i = 0; i < n; i++) {
            has[0] |= is(f[i], "answered_on");
            has[1] |= is(f[i], "team");
            has[2] |= is(f[i], "enps");
        }
    csv_close(r);
    return has[0] && has[1] && has[2];
}

/* The columns: -2 answered_on, -3 team, -4 enps, -5 agent_id (ignored: the
 * figures never tie an answer to a person), else an item's index. */
static int read_header(ret_survey *s, const ccs_str *f, size_t n, int *col, const char *path, diag_list *d)
{
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        static const char *const fixed[] = { "answered_on", "team", "enps", "agent_id" };
        col[i] = -1;
        for (int k = 0; k < 4; k++)
            if (is(f[i], fixed[k])) {
                col[i] = -2 - k;
                seen |= 1 << k;
            }
        if (col[i] != -1)
            continue;
        if (s->nitems == RET_MAX_ITEMS) {
            diag_add(d, path, 1, "more than %d survey items; the survey keeps the first %d", RET_MAX_ITEMS,
                     RET_MAX_ITEMS);
            continue;
        }
        col[i] = (int)s->nitems;
        s->items[s->nitems++] = strndup(f[i].ptr, f[i].len);
    }
    if ((seen & 7) != 7) {
        diag_add(d, path, 1, "not a staff survey: the header needs answered_on, team and enps");
        return -1;
    }
    return 0;
}

static int32_t team_index(ret_survey *s, ccs_str t)
{
    for (size_t i = 0; i < s->nteams; i++)
        if (is(t, s->teams[i]))
            return (int32_t)i;
    char **slot = VEC_PUSH(s->teams, s->nteams, s->capteams);
    if (!slot)
        return -1;
    *slot = strndup(t.ptr, t.len);
    return *slot ? (int32_t)(s->nteams - 1) : -1;
}

/* One row into a; the reason for refusing it in why. */
static int read_row(ret_survey *s, const ccs_str *f, size_t n, const int *col, size_t ncol, ret_answer *a,
                    char *why, size_t whylen)
{
    if (n != ncol) {
        snprintf(why, whylen, "%zu fields where the header has %zu", n, ncol);
        return -1;
    }
    a->enps = -1;
    for (size_t i = 0; i < n; i++) {
        int64_t v;
        if (col[i] == -2 && parse_date(f[i], &a->day) != 0) {
            snprintf(why, whylen, "answered_on '%.*s' is not a date (YYYY-MM-DD)", (int)(f[i].len > 40 ? 40 : f[i].len), f[i].ptr);
            return -1;
        } else if (col[i] == -3 && (!f[i].len || (a->team = team_index(s, f[i])) < 0)) {
            snprintf(why, whylen, "no team");
            return -1;
        } else if (col[i] == -4 && f[i].len && (parse_int64(f[i], &v) != 0 || v < 0 || v > 10)) {
            snprintf(why, whylen, "enps must be a whole number from 0 to 10 or empty");
            return -1;
        } else if (col[i] == -4 && f[i].len) {
            a->enps = (int)v;
        } else if (col[i] >= 0 && f[i].len && (parse_int64(f[i], &v) != 0 || v < 1 || v > 5)) {
            snprintf(why, whylen, "%s must be a whole number from 1 to 5 or empty", s->items[col[i]]);
            return -1;
        } else if (col[i] >= 0 && f[i].len) {
            a->items[col[i]] = (double)v;
        }
    }
    return 0;
}

int ret_survey_read(const char *path, ret_survey *s, diag_list *d)
{
    memset(s, 0, sizeof *s);
    char err[512];
    csv_reader *r = csv_open(path, NULL, err, sizeof err);
    if (!r) {
        diag_add(d, path, 0, "cannot read the staff survey: %s", err);
        return -1;
    }
    const ccs_str *f;
    size_t n, ncol = 0;
    uint64_t line;
    const char *cerr;
    int *col = NULL, rc = csv_next(r, &f, &n, &line, &cerr);
    if (rc == 1 && (col = calloc(n, sizeof *col)) != NULL && read_header(s, f, n, col, path, d) == 0) {
        ncol = n;
        while ((rc = csv_next(r, &f, &n, &line, &cerr)) != 0 && rc != -2) {
            ret_answer a = { 0 };
            char why[256];
            if (rc == -1 || read_row(s, f, n, col, ncol, &a, why, sizeof why) != 0) {
                diag_add(d, path, (unsigned)line, "survey row skipped: %s", rc == -1 ? cerr : why);
                s->rejected++;
                continue;
            }
            ret_answer *slot = VEC_PUSH(s->answers, s->nanswers, s->capanswers);
            if (!slot)
                break;
            *slot = a;
        }
    } else if (rc != 1)
        diag_add(d, path, 1, "the staff survey is empty: it needs a header answered_on,team,enps");
    csv_close(r);
    free(col);
    return ncol && rc == 0 ? 0 : -1;
}

void ret_survey_free(ret_survey *s)
{
    for (size_t i = 0; i < s->nitems; i++)
        free(s->items[i]);
    for (size_t i = 0; i < s->nteams; i++)
        free(s->teams[i]);
    free(s->teams);
    free(s->answers);
    memset(s, 0, sizeof *s);
}
