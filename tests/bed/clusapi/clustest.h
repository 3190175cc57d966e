/*
 * clustest.h - what the parts of clustest.exe share: the names of the keys
 * it makes under HKLM\Cluster (all starting with "ClusTest") and its tests.
 *
 *   clustest.c      the program, the module and cluster-handle tests
 *   clustest_reg.c  the ClusterReg* tests (keys, values, enumeration, security)
 *   clustest_res.c  the resource, resource type and cluster information tests
 *
 * Checks go through the test bed's Wine-style header (tests/bed/common).
 */
#ifndef CLUSBED_CLUSTEST_H
#define CLUSBED_CLUSTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluswin.h"

#include "bedreg.h"
#include "bedtest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SCRATCH      L"ClusTest Scratch"
#define TEST_TYPE    L"ClusTest Type"
#define RES_A_ID     L"{c1a57e57-0000-4000-8000-00000000000a}"
#define RES_B_ID     L"{c1a57e57-0000-4000-8000-00000000000b}"
#define RES_A_NAME   L"ClusTest Alpha"
#define RES_B_NAME   L"ClusTest Beta"
#define CLUSTER_NAME L"CLUSTEST-CLU"

/* clustest_reg.c: on the scratch key (test_create_open: on the root). */
void test_create_open(HKEY root);
void test_values(HKEY key);
void test_enum_key(HKEY scratch);
void test_enum_value(HKEY scratch);
void test_delete_key(HKEY scratch);
void test_security(HKEY key);

/* clustest_res.c */
void test_resources(HCLUSTER cluster, HKEY root);
void test_cluster_information(HCLUSTER cluster, HKEY root);

#endif /* CLUSBED_CLUSTEST_H */
