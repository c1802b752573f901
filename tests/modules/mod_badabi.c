/* A module built for another plugin ABI major: the host must refuse it
 * before calling init (which would abort the test if it ran). */
#include <stdlib.h>

#include "ccscore/plugin.h"

static int init(ccs_host *host, const ccs_host_api *api)
{
    (void)host;
    (void)api;
    abort();
}

const ccs_module *mod_badabi_LTX_ccs_module_entry(void);
const ccs_module *mod_badabi_LTX_ccs_module_entry(void)
{
    static const ccs_module descriptor = {
        CCS_MODULE_MAGIC, 99, 0, (uint32_t)sizeof(ccs_module), "mod_badabi", "1.0",
        "built for ABI 99", init, NULL,
    };
    return &descriptor;
}
