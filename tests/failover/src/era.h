/*
 * era.h - which cluster service the coordinator plays: MSCS on Windows NT
 * 4.0 Enterprise Edition, Windows 2000, Windows Server 2003, or WSFC on
 * Windows Server 2008 and later. Each era has its documented defaults and
 * a few rules of its own; the sources are in ../README.md, "The policy".
 * Pure C11.
 */
#ifndef FO_ERA_H
#define FO_ERA_H

#include <stdint.h>

enum fo_era {
    FO_ERA_NT4 = 0,     /* MSCS, Windows NT Server 4.0 Enterprise Edition */
    FO_ERA_W2000,       /* Windows 2000 Advanced Server / Datacenter Server */
    FO_ERA_W2003,       /* Windows Server 2003 server clusters */
    FO_ERA_W2008,       /* Windows Server 2008 Failover Clustering and later */
    FO_ERA_COUNT
};

/* Exchange Server 5.5 Enterprise Edition clusters ran on NT 4.0 EE (and
 * later Windows 2000): the default era. */
#define FO_ERA_DEFAULT FO_ERA_NT4

/* 0xFFFFFFFF: as a FailoverThreshold from 2008 on, "the number of nodes
 * minus 1"; as a RetryPeriodOnFailure, "no retry". */
#define FO_DWORD_ALL   0xFFFFFFFFu

struct fo_era_defaults {
    uint32_t restart_threshold;
    long restart_period_ms;
    uint32_t failover_threshold;    /* FO_DWORD_ALL: nodes - 1 (2008 and later) */
    long failover_period_ms;
    int has_retry_period;           /* RetryPeriodOnFailure exists (Windows 2000 on) */
    long retry_period_ms;           /* its default; -1 = disabled (0xFFFFFFFF) */
    int has_restart_delay;          /* RestartDelay exists (WSFC) */
    long restart_delay_ms;
};

const char *fo_era_name(enum fo_era era);            /* "nt4", "w2000", ... */
const char *fo_era_title(enum fo_era era);           /* "Windows NT 4.0 EE (MSCS)" ... */
int fo_era_parse(const char *text, enum fo_era *out); /* 1 when known */
const struct fo_era_defaults *fo_era_defaults(enum fo_era era);

/* FailoverThreshold as the era reads it: from 2008 on, 0xFFFFFFFF means
 * the number of nodes minus 1; before, it is a plain number. */
uint32_t fo_era_failover_threshold(enum fo_era era, uint32_t value, int n_nodes);

#endif
