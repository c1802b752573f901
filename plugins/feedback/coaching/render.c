/* coaching: rendering a named template (an action or impact paragraph, or
 * the whole agent or team text) and handing the feedback to the host. */
#include <stdio.h>
#include <stdlib.h>

#include "coaching.h"

/* The template prefix+metric, else prefix+"default", rendered as one
 * paragraph; NULL when there is neither or it fails. */
char *co_render_named(const coaching *c, const char *prefix, const char *metric, const mst_value *ctx)
{
    char name[256];
    snprintf(name, sizeof name, "%s%s", prefix, metric);
    const mst_template *t = co_find_tpl(c, name);
    if (!t) {
        snprintf(name, sizeof name, "%sdefault", prefix);
        t = co_find_tpl(c, name);
    }
    char *out = NULL;
    size_t len;
    if (!t || mst_render(t, ctx, MST_ESCAPE_NONE, &out, &len, NULL) != 0)
        return NULL;
    /* One paragraph: drop the file's trailing newlines. */
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return out;
}

/* Render the agent or team template in the policy's style and hand the text
 * to the host. */
int co_emit_feedback(const coaching *c, ccs_host *host, const mst_value *v, int entity, const char *id)
{
    const char *who = entity == CCS_ENTITY_AGENT ? "agent" : "team";
    const char *style = c->formal ? "formal" : "informal";
    char name[64];
    snprintf(name, sizeof name, "%s_%s", who, style);
    const mst_template *t = co_find_tpl(c, name);
    char *text = NULL;
    size_t len;
    int rc = t && mst_render(t, v, MST_ESCAPE_NONE, &text, &len, NULL) == 0 ? CCS_OK : CCS_ERR;
    if (rc == CCS_OK)
        rc = coaching_api->add_feedback(host, &(ccs_feedback_text){ entity, id, style, text });
    else
        coaching_api->log(host, CCS_LOG_ERROR, "could not render the feedback of %s %s", who, id);
    free(text);
    return rc;
}
