/*
 * scn.h - failover scenarios: the data model and the parser of the .scn
 * text format (see ../README.md). Pure C11: no I/O, no processes, so the
 * parser is unit-tested natively.
 */
#ifndef FO_SCN_H
#define FO_SCN_H

#include <stddef.h>
#include <stdint.h>

#include "era.h"

#define FO_MAX_NODES     8
#define FO_MIN_NODES     2
#define FO_MAX_STEPS     64
#define FO_MAX_CONDS     16
#define FO_MAX_PROPS     16
#define FO_NAME_LEN      16     /* NetBIOS computer names: 15 characters */
#define FO_TEXT_LEN      256
#define FO_LINE_LEN      1024
#define FO_MAX_FILE_BYTES (1024 * 1024)  /* a scenario file; the library's are ~2 KB */

#define FO_DEFAULT_LIMIT_MS     120000L
#define FO_MAX_LIMIT_MS         600000L
#define FO_DEFAULT_WITHIN_MS    30000L

/* Resource states as the Resource Monitor reports them, plus "down" (the
 * node is off, so there is no monitor to ask). */
enum fo_rstate {
    FO_R_UNKNOWN = 0,
    FO_R_OFFLINE,
    FO_R_ONLINE_PENDING,
    FO_R_ONLINE,
    FO_R_OFFLINE_PENDING,
    FO_R_FAILED,
    FO_R_DOWN,
    FO_R_COUNT
};

/* Group states as Cluster Administrator shows them. */
enum fo_gstate {
    FO_G_OFFLINE = 0,
    FO_G_PENDING,       /* a resource is coming online or going offline */
    FO_G_ONLINE,
    FO_G_FAILED,
    FO_G_COUNT
};

/* RestartAction (CLUSTER_RESOURCE_RESTART_ACTION). */
enum fo_restart_action {
    FO_RESTART_NONE = 0,        /* ClusterResourceDontRestart */
    FO_RESTART_NO_FAILOVER = 1, /* ClusterResourceRestartNoNotify */
    FO_RESTART_FAILOVER = 2     /* ClusterResourceRestartNotify (the default) */
};

enum fo_prop_type { FO_PROP_SZ, FO_PROP_DWORD };

struct fo_prop {
    char name[64];
    enum fo_prop_type type;
    char sz[FO_TEXT_LEN];
    uint32_t dword;
};

enum fo_action {
    FO_A_CHECK = 0,     /* no action: expectations only */
    FO_A_ONLINE,
    FO_A_OFFLINE,
    FO_A_MOVE,          /* node = target, or -1: the next node in order */
    FO_A_CRASH,         /* node = where, or -1: the owner; sticky */
    FO_A_HANG,          /* likewise */
    FO_A_CLEAR_DOMAIN,  /* node */
    FO_A_SET_DOMAIN,    /* node, arg = domain */
    FO_A_SWAP,          /* node, arg = IMS version */
    FO_A_STOP_NODE,     /* node */
    FO_A_START_NODE,    /* node */
    FO_A_SET_PROPERTY,  /* prop */
    FO_A_WAIT,          /* wait_ms */
    FO_A_ADD_OWNER,     /* node: cluster resource ... /addowner:<node> */
    FO_A_REMOVE_OWNER,  /* node: cluster resource ... /removeowner:<node> */
    FO_A_COUNT
};

enum fo_cond_kind {
    FO_C_OWNER,         /* node (-1 = none) */
    FO_C_STATE,         /* gstate */
    FO_C_RES,           /* node, rstate */
    FO_C_REFUSED,       /* node, optional code */
    FO_C_NOT_REFUSED,   /* node */
    FO_C_LOG,           /* optional node (-1 = any), text */
    FO_C_REASON,        /* node, text: the Failed group's reason for that node */
    FO_C_FAILOVER_TIME, /* ms: a failover after this step's fault within ms */
    FO_C_RESTARTS,      /* n: restarts so far in the scenario */
    FO_C_FAILOVERS,     /* n: failovers so far in the scenario */
    FO_C_COUNT
};

struct fo_cond {
    enum fo_cond_kind kind;
    int node;
    enum fo_gstate gstate;
    enum fo_rstate rstate;
    int has_code;
    uint32_t code;
    long ms;
    long n;
    char text[FO_TEXT_LEN];
    char src[FO_TEXT_LEN];      /* as written, for reports */
};

struct fo_step {
    int line;
    int relative;               /* "+5s": after the previous step ended */
    long at_ms;
    enum fo_action action;
    int node;                   /* -1 when not given */
    int sticky;
    char arg[FO_TEXT_LEN];
    struct fo_prop prop;
    long wait_ms;
    long within_ms;
    int n_conds;
    struct fo_cond conds[FO_MAX_CONDS];
    char text[FO_LINE_LEN];     /* the line as written, trimmed */
};

struct fo_node_spec {
    char name[FO_NAME_LEN];
    char ims[32];               /* "5.5.2448.0", or "" for no IMS installed */
    char domain[FO_TEXT_LEN];   /* "" = none */
};

/* Settings given in the file (the others take the era's defaults). */
#define FO_GIVEN_RESTART_THRESHOLD  0x01u
#define FO_GIVEN_RESTART_PERIOD     0x02u
#define FO_GIVEN_FAILOVER_THRESHOLD 0x04u
#define FO_GIVEN_FAILOVER_PERIOD    0x08u
#define FO_GIVEN_RETRY_PERIOD       0x10u
#define FO_GIVEN_RESTART_DELAY      0x20u

struct fo_scenario {
    char file[FO_TEXT_LEN];
    char name[64];              /* the file's base name without .scn */
    char title[FO_TEXT_LEN];
    long limit_ms;

    enum fo_era era;
    long clock_ms;              /* the cluster's local time of day at time 0 */
    unsigned given;             /* FO_GIVEN_* */

    int n_nodes;
    struct fo_node_spec nodes[FO_MAX_NODES];

    char group_name[64];
    int n_preferred;
    int preferred[FO_MAX_NODES];
    uint32_t failover_threshold;
    long failover_period_ms;
    int failback;
    int failback_start, failback_end;   /* FailbackWindowStart/End hours, -1 = none */

    char res_name[64];
    enum fo_restart_action restart_action;
    uint32_t restart_threshold;
    long restart_period_ms;
    long looksalive_ms, isalive_ms, pending_ms;
    long retry_period_ms;       /* RetryPeriodOnFailure; -1 = disabled (0xFFFFFFFF) */
    long restart_delay_ms;      /* RestartDelay (WSFC) */
    int possible[FO_MAX_NODES]; /* Possible Owners: 1 = the node may host the resource */

    int n_props;
    struct fo_prop props[FO_MAX_PROPS];

    int n_steps;
    struct fo_step steps[FO_MAX_STEPS];
};

/*
 * Parses a whole scenario. file names it in messages; name is the scenario
 * name (the caller derives it from the file name). Returns 0, or -1 with
 * err = "file:line: reason". The result is fully checked: every node named
 * exists, every value is in range.
 */
int fo_scn_parse(const char *file, const char *name, const char *text,
                 struct fo_scenario *s, char *err, size_t err_size);
/* The same on len bytes as read from a file: a NUL among them is refused. */
int fo_scn_parse_text(const char *file, const char *name, const char *text, size_t len,
                      struct fo_scenario *s, char *err, size_t err_size);

/* "12s", "500ms", "1.5s", "2m", "6h", "0": milliseconds, or -1. */
long fo_parse_duration(const char *text);

/* "5.5.2448.0": four numbers 0..65535. Returns 1 when well formed. */
int fo_version_ok(const char *text);

int fo_node_index(const struct fo_scenario *s, const char *name);

const char *fo_rstate_name(enum fo_rstate s);
const char *fo_gstate_name(enum fo_gstate s);
const char *fo_action_name(enum fo_action a);
int fo_rstate_parse(const char *text, enum fo_rstate *out);
int fo_gstate_parse(const char *text, enum fo_gstate *out);

#endif
