/* kpi_core: the module's parts. */
#ifndef CCS_KPI_H
#define CCS_KPI_H

#include "ccscore/plugin.h"

/* kpi_comments.c: the comments figures (ABI 1.4); none on an older host. */
int kpi_comments_register(ccs_host *host, const ccs_host_api *api);
/* kpi_fcr.c: fcr_repeat, FCR from repeat contacts (ABI 1.3 finish/acc_free). */
int kpi_fcr_register(ccs_host *host, const ccs_host_api *api);

#endif
