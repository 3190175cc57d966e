/*
 * era.c - the documented defaults of each era. See era.h and ../README.md.
 */
#include "era.h"

#include <string.h>

static const char *const names[FO_ERA_COUNT] = { "nt4", "w2000", "w2003", "w2008" };
static const char *const titles[FO_ERA_COUNT] = {
    "Windows NT 4.0 Enterprise Edition (MSCS)",
    "Windows 2000 Advanced Server (Cluster service)",
    "Windows Server 2003 (server clusters)",
    "Windows Server 2008 and later (Failover Clustering)",
};

/* RestartThreshold 3 / RestartPeriod 900 s up to 2003, 1 / 900 s from 2008
 * (KB 228923, KB 947712); FailoverThreshold 10 in 6 h up to 2003, nodes - 1
 * from 2008 (FailoverThreshold page); RetryPeriodOnFailure from Windows
 * 2000, disabled by default until 2008, then 60 minutes (KB 228923, KB
 * 947712); RestartDelay 500 ms (RestartDelay page, WSFC). */
static const struct fo_era_defaults defaults[FO_ERA_COUNT] = {
    { 3, 900000, 10, 6L * 3600 * 1000, 0, -1, 0, 0 },
    { 3, 900000, 10, 6L * 3600 * 1000, 1, -1, 0, 0 },
    { 3, 900000, 10, 6L * 3600 * 1000, 1, -1, 0, 0 },
    { 1, 900000, FO_DWORD_ALL, 6L * 3600 * 1000, 1, 3600000, 1, 500 },
};

const char *fo_era_name(enum fo_era era)
{
    return era < FO_ERA_COUNT ? names[era] : "?";
}

const char *fo_era_title(enum fo_era era)
{
    return era < FO_ERA_COUNT ? titles[era] : "?";
}

int fo_era_parse(const char *text, enum fo_era *out)
{
    for (int i = 0; i < FO_ERA_COUNT; i++) {
        if (!strcmp(text, names[i])) {
            *out = (enum fo_era)i;
            return 1;
        }
    }
    return 0;
}

const struct fo_era_defaults *fo_era_defaults(enum fo_era era)
{
    return &defaults[era < FO_ERA_COUNT ? era : FO_ERA_DEFAULT];
}

uint32_t fo_era_failover_threshold(enum fo_era era, uint32_t value, int n_nodes)
{
    if (era >= FO_ERA_W2008 && value == FO_DWORD_ALL)
        return n_nodes > 1 ? (uint32_t)(n_nodes - 1) : 0;
    return value;
}
