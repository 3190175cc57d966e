/*
 * ims.h - the facts of the IMS stand-in that msexcimc.exe (the service) and
 * imsctl.exe (its control tool) must agree on: names, registry places,
 * settings, fault switches, exit codes and builds. Plain C, no
 * <windows.h>: the build also turns it into shell variables
 * (build/gen/consts.sh, tests/lib/genconsts.sh) so that scripts do not copy
 * these numbers. Wide strings are made with IMS_W().
 */
#ifndef MSEXCIMC_IMS_H
#define MSEXCIMC_IMS_H

#define IMS_W_(s) L##s
#define IMS_W(s)  IMS_W_(s)

#define IMS_SERVICE_NAME     "MSExchangeIMC"
#define IMS_DISPLAY_NAME     "Microsoft Exchange Internet Mail Service"
#define IMS_EVENT_SOURCE     "MSExchangeIMC"
#define IMS_SERVICES_KEY     "SYSTEM\\CurrentControlSet\\Services\\"
/* A node counts as a cluster node when HKLM\Cluster exists. */
#define IMS_CLUSTER_KEY      "Cluster"

/* Values of Services\<name>\Parameters (README.md beside this file). */
#define IMS_VALUE_SMTP_PORT          "SmtpPort"
#define IMS_VALUE_START_DELAY        "StartDelay"
#define IMS_VALUE_FAULT              "Fault"
#define IMS_VALUE_START_ARGUMENTS    "StartArguments"     /* written at each start */
#define IMS_VALUE_START_NETWORK_NAME "StartNetworkName"   /* _CLUSTER_NETWORK_NAME_ */

#define IMS_DEFAULT_SMTP_PORT 25

/* The Fault switch's values; anything else (and "") is none. */
#define IMS_FAULT_NONE        "none"
#define IMS_FAULT_CRASH       "crash"        /* process ends without SERVICE_STOPPED */
#define IMS_FAULT_HANG        "hang"         /* no SMTP answers, STOP ignored, RUNNING */
#define IMS_FAULT_REFUSE_STOP "refuse-stop"  /* STOP ignored, SMTP still answered */
#define IMS_FAULT_HANG_START  "hang-start"   /* START_PENDING, checkpoint frozen */
#define IMS_FAULT_EXIT_ON_STOP "exit-on-stop" /* STOPPED, process ends before STOP's answer */
/* Every fault but none, once: imsctl's table, its usage text and its
   error message are made from this list (X(name) for each). */
#define IMS_FAULTS(X) X(IMS_FAULT_CRASH) X(IMS_FAULT_HANG) X(IMS_FAULT_REFUSE_STOP) \
                      X(IMS_FAULT_HANG_START) X(IMS_FAULT_EXIT_ON_STOP)
#define IMS_FAULT_WITH_COMMA(name) name ", "
#define IMS_FAULT_WITH_BAR(name)   name "|"
#define IMS_FAULT_LIST  IMS_FAULTS(IMS_FAULT_WITH_COMMA) IMS_FAULT_NONE  /* "crash, hang, ..., none" */
#define IMS_FAULT_USAGE IMS_FAULTS(IMS_FAULT_WITH_BAR) IMS_FAULT_NONE    /* "crash|hang|...|none" */

/* Service-specific exit codes: the number of the event that says why. */
#define IMS_EXIT_LISTEN_FAILED      4000
#define IMS_EXIT_VERSION_UNREADABLE 4001
#define IMS_EXIT_NAME_RESOLVER      4058
#define IMS_EXIT_NO_DOMAIN          4067

/* The builds the bed makes (one msexcimc.exe each, differing only in
   VERSIONINFO; tests/bed/msexcimc/module.mk reads this list). Affected on
   a cluster, KB Q194128: [IMS_BUILD_SP1, IMS_BUILD_HOTFIX). */
#define IMS_BUILD_RTM    "5.5.1960.0"
#define IMS_BUILD_SP1    "5.5.2232.0"   /* the first affected */
#define IMS_BUILD_HOTFIX "5.5.2423.0"   /* the first fixed */
#define IMS_BUILD_SP2    "5.5.2448.0"
#define IMS_FIRST_AFFECTED_BUILD 2232   /* 5.5.<build>.0 of IMS_BUILD_SP1 */
#define IMS_FIRST_FIXED_BUILD    2423   /* and of IMS_BUILD_HOTFIX */

#endif
