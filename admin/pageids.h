/*
 * pageids.h - resource IDs of imsguardex.dll's Parameters page (its
 * dialog and controls). tests/admin/run.sh reads the control IDs from here
 * (the page's controls are dumped by ID).
 */
#ifndef IMSGUARDEX_PAGEIDS_H
#define IMSGUARDEX_PAGEIDS_H

#define IDD_PARAMETERS              100

#define IDC_RES_ICON                    1000
#define IDC_TITLE                   1001

#define IDC_SERVICE_NAME            1010
#define IDC_SERVICE_NAME_REASON     1012
#define IDC_IMAGE_PATH              1020
#define IDC_IMAGE_PATH_REASON       1022
#define IDC_EXPECTED_DOMAIN         1030
#define IDC_EXPECTED_DOMAIN_REASON  1032
#define IDC_FIRST_AFFECTED          1040
#define IDC_FIRST_FIXED             1041
#define IDC_VERSIONS_REASON         1042
#define IDC_SMTP_PORT               1050
#define IDC_STOP_TIMEOUT            1051
#define IDC_NUMBERS_REASON          1052
#define IDC_SMTP_TIMEOUT            1053
#define IDC_SMTP_FAILURES           1054
#define IDC_PROBE_REASON            1055
#define IDC_STARTUP_PARAMS          1056
#define IDC_STARTUP_PARAMS_REASON   1057
#define IDC_REQUIRE_DOMAIN          1060
#define IDC_ALLOW_AFFECTED          1061
#define IDC_MANAGE_CONFIG           1062
#define IDC_USE_NETWORK_NAME        1063
#define IDC_FLAGS_REASON            1064

#define IDC_PREFLIGHT_GROUP         1070
#define IDC_PF_DOMAIN               1071
#define IDC_PF_BUILD                1072
#define IDC_PF_VERDICT              1073
#define IDC_PF_MESSAGE              1074

#endif
