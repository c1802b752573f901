/* The report plugin: the text, json, csv, csv_wide and files sinks.  Each of the first
 * three writes the whole report model to the FILE the engine hands it (the
 * engine makes files atomic); see report.h for where each part lives. */
#include "report.h"

#include <stdlib.h>

#include "utf8.h"

const ccs_host_api *report_api;

/* Text and CSV go through memory and out with invalid UTF-8 replaced by
 * U+FFFD (lib/utf8.c), as JSON's escaper does: one place for every value
 * a plugin or an input file put in the report. */
static int write_clean(int (*write)(void *, const ccs_report *, void *, const ccs_sink_ctx *), void *inst,
                       const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return CCS_ERR;
    int rc = write(inst, r, mem, ctx);
    if (fclose(mem) != 0)
        rc = CCS_ERR;
    if (rc == CCS_OK && utf8_write_clean(out, buf, len) != 0)
        rc = CCS_ERR;
    free(buf);
    return rc;
}

static int text_write_clean(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    return write_clean(text_write, inst, r, out, ctx);
}

static int csv_write_clean(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    return write_clean(csv_write, inst, r, out, ctx);
}

static int csv_wide_write_clean(void *inst, const ccs_report *r, void *out, const ccs_sink_ctx *ctx)
{
    return write_clean(csv_wide_write, inst, r, out, ctx);
}

static const ccs_sink_ops text_ops = { sizeof(ccs_sink_ops), "text", text_write_clean, 0 };
static const ccs_sink_ops json_ops = { sizeof(ccs_sink_ops), "json", json_write, 0 };
static const ccs_sink_ops csv_ops = { sizeof(ccs_sink_ops), "csv", csv_write_clean, 0 };
static const ccs_sink_ops csv_wide_ops = { sizeof(ccs_sink_ops), "csv_wide", csv_wide_write_clean, 0 };
static const ccs_sink_ops files_ops = { sizeof(ccs_sink_ops), "files", files_write, CCS_SINK_OWN_FILES };

static const ccs_component components[] = {
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "text", "readable tables; colour on a terminal",
      NULL, NULL, NULL, &text_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "json", "the JSON report (docs/report.schema.json)",
      NULL, NULL, NULL, &json_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "csv", "one row per entity and metric, for spreadsheets; then input counts (entity input) and "
      "findings (entity finding: id = reference, name = message, team = agent, metric = rule, value = measured, "
      "unit = owner, target = limit, status = severity), and one row per cell of each report section's tables "
      "(entity section: id = section.table, name = row number, metric = column, unit = the column's unit or type)",
      NULL, NULL, NULL, &csv_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "csv_wide", "the scorecards for a spreadsheet: one row per agent, "
      "team, queue and the organisation, and per metric its value, n, target and status (rates as percentages)",
      NULL, NULL, NULL, &csv_wide_ops },
    { sizeof(ccs_component), CCS_COMPONENT_SINK, "files",
      "feedback as one Markdown file per agent and per team in the folder 'path', in a subfolder per period "
      "(2026-W47/agent-A01.md; each file atomic)",
      NULL, files_create, files_destroy, &files_ops },
};

static int report_init(ccs_host *host, const ccs_host_api *host_api)
{
    report_api = host_api;
    for (size_t i = 0; i < sizeof components / sizeof components[0]; i++)
        if (report_api->register_component(host, &components[i]) != CCS_OK)
            return CCS_ERR;
    return CCS_OK;
}

CCS_MODULE(report, "1.2", "report sinks: text, json, csv, csv_wide, files", report_init, NULL)
