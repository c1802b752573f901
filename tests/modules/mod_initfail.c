/* A module whose init reports failure: loading must stop with its name. */
#include "ccscore/plugin.h"

static int init(ccs_host *host, const ccs_host_api *api)
{
    api->log(host, CCS_LOG_ERROR, "licence file missing");
    return CCS_ERR;
}

CCS_MODULE(mod_initfail, "1.0", "test module whose init fails", init, NULL)
