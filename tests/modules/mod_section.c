/* A test module whose check adds report sections as data (ABI 1.2), for
 * tests/sections.sh: with `variant = good`, a section "demo" with notes, a
 * FACTS table, a table with a column of every value type (absent values and
 * UTF-8 text among them) of which text shows 2 rows of 3, a DETAIL table and
 * two charts, then a section "after" with a note and an empty table; with
 * any other variant, one section that the host must refuse (dupsection:
 * the good ones, then "demo" again). */
#include <string.h>

#include "ccscore/plugin.h"

static const ccs_host_api *api;

#define DAY 20773 /* 2026-11-16 */
#define V(x) { 1, (x), NULL }
#define T(s) { 1, 0, (s) }
#define NONE { 0, 0, NULL }

static const char *const notes[] = { "A note about the data.", "Second note: 3 people, 2 shown." };

static const ccs_column fact_cols[] = {
    { "offered", "Offered", CCS_VAL_COUNT, NULL, 0 },
    { "service_level", "Service level", CCS_VAL_RATE, NULL, 0 },
    { "staff", "Staff needed", CCS_VAL_NUMBER, "agents", 1 },
    { "first_day", "First day", CCS_VAL_DATE, NULL, 0 },
};
static const ccs_cell fact_cells[] = { V(1205), V(0.7734), V(2.5), V(DAY) };

static const ccs_column people_cols[] = {
    { "name", "Name", CCS_VAL_TEXT, NULL, 0 },
    { "agent", "Agent", CCS_VAL_ID, NULL, 0 },
    { "handled", "Handled", CCS_VAL_COUNT, NULL, 0 },
    { "load", "Load", CCS_VAL_NUMBER, "Erlang", 2 },
    { "sl", "SL", CCS_VAL_RATE, NULL, 2 },
    { "aht", "AHT", CCS_VAL_DURATION, NULL, 1 },
    { "day", "Day", CCS_VAL_DATE, NULL, 0 },
    { "start", "Start", CCS_VAL_TIME, NULL, 0 },
    { "trained", NULL, CCS_VAL_BOOL, NULL, 0 },
};
static const ccs_cell people_cells[] = {
    T("Zoë Ó Súilleabháin"), T("A001"), V(71), V(2.345), V(0.941), V(221.54), V(DAY), V(510), V(1),
    T("Dev Ashdown"), T("A002"), NONE, NONE, V(0.5), NONE, NONE, NONE, V(0),
    T("Third, \"quoted\""), T("A003"), V(5), V(1), V(1), V(3), V(DAY + 1), V(1440), NONE,
};

static const ccs_column detail_cols[] = {
    { "minute", "Interval", CCS_VAL_TIME, NULL, 0 },
    { "offered", "Offered", CCS_VAL_COUNT, NULL, 0 },
};
static const ccs_cell detail_cells[] = { V(480), V(10), V(510), V(12) };

static const ccs_table tables[] = {
    { "facts", NULL, CCS_TABLE_FACTS, 4, fact_cols, 1, fact_cells, 0 },
    { "people", "People", 0, 9, people_cols, 3, people_cells, 2 },
    { "detail", "Offered by interval", CCS_TABLE_DETAIL, 2, detail_cols, 2, detail_cells, 0 },
};

static const ccs_chart charts[] = {
    { "Offered by interval", CCS_CHART_LINE, "detail", "minute", "offered", NULL },
    { NULL, CCS_CHART_BAR, "people", "day", "handled,load", "agent" },
};

static const ccs_column empty_cols[] = { { "what", "What", CCS_VAL_TEXT, NULL, 0 } };
static const ccs_table empty_table = { "empty", "Nothing here", 0, 1, empty_cols, 0, NULL, 0 };
static const char *const after_notes[] = { "Added second." };

/* The refusals: each variant breaks one rule. */
static const ccs_column dup_cols[] = { { "x", NULL, CCS_VAL_COUNT, NULL, 0 }, { "x", NULL, CCS_VAL_COUNT, NULL, 0 } };
static const ccs_table dup_column_table = { "dup", NULL, 0, 2, dup_cols, 0, NULL, 0 };
static const ccs_table dup_tables[] = { { "people", NULL, 0, 9, people_cols, 0, NULL, 0 },
                                        { "people", NULL, 0, 9, people_cols, 0, NULL, 0 } };
static const ccs_chart bad_chart = { "Missing", CCS_CHART_LINE, "detail", "minute", "offered,missing", NULL };
static const ccs_cell two_rows[] = { V(1), V(2) };
static const ccs_table facts_two_rows = { "facts", NULL, CCS_TABLE_FACTS, 1, fact_cols, 2, two_rows, 0 };

typedef struct { char variant[16]; } demo;

static int demo_create(ccs_host *host, const ccs_config *cfg, void **inst)
{
    (void)host;
    static demo d;
    const char *v = api->config_string(cfg, "variant");
    strncpy(d.variant, v ? v : "good", sizeof d.variant - 1);
    *inst = &d;
    return CCS_OK;
}

static void demo_add(void *inst, ccs_host *host, const ccs_record *rec)
{
    (void)inst;
    (void)host;
    (void)rec;
}

static int add_good(ccs_host *host)
{
    ccs_report_section s = { sizeof s, "demo", "Demo section", 2, notes, 3, tables, 2, charts };
    ccs_report_section after = { sizeof after, "after", "Second section", 1, after_notes, 1, &empty_table, 0, NULL };
    if (api->add_report_section(host, &s) != CCS_OK)
        return CCS_ERR;
    return api->add_report_section(host, &after);
}

static int demo_finish(void *inst, ccs_host *host)
{
    const demo *d = inst;
    ccs_report_section s = { sizeof s, "demo", "Demo", 0, NULL, 0, NULL, 0, NULL };
    if (strcmp(d->variant, "good") == 0)
        return add_good(host);
    if (strcmp(d->variant, "dupsection") == 0) {
        add_good(host);
        api->add_report_section(host, &s); /* refused: logged, the run goes on */
        return CCS_OK;
    }
    if (strcmp(d->variant, "badname") == 0)
        s.name = "Bad-Name";
    else if (strcmp(d->variant, "duptable") == 0) {
        s.ntables = 2;
        s.tables = dup_tables;
    } else if (strcmp(d->variant, "dupcolumn") == 0) {
        s.ntables = 1;
        s.tables = &dup_column_table;
    } else if (strcmp(d->variant, "chart") == 0) {
        s.ntables = 3;
        s.tables = tables;
        s.ncharts = 1;
        s.charts = &bad_chart;
    } else if (strcmp(d->variant, "facts") == 0) {
        s.ntables = 1;
        s.tables = &facts_two_rows;
    }
    /* A refused section is logged by the host; the run goes on. */
    api->add_report_section(host, &s);
    return CCS_OK;
}

static const ccs_check_ops ops = { sizeof(ccs_check_ops), CCS_REC_CONTACT, demo_add, demo_finish };

static const ccs_key keys[] = {
    { "variant", CCS_KEY_ENUM, "good", "the section to add", "good|badname|duptable|dupcolumn|chart|facts|dupsection", 0, 0 },
    { NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static const ccs_component component = {
    sizeof(ccs_component), CCS_COMPONENT_CHECK, "section_demo", "adds report sections as data (test module)",
    keys, demo_create, NULL, &ops,
};

static int init(ccs_host *host, const ccs_host_api *host_api)
{
    api = host_api;
    return api->register_component(host, &component);
}

CCS_MODULE(mod_section, "1.0", "test module that adds report sections", init, NULL)
