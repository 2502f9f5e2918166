/* The parsed configuration, shared by the core's modules (not by front ends). */
#ifndef ARCPROBE_CONFIG_INTERNAL_H
#define ARCPROBE_CONFIG_INTERNAL_H

#include "arcprobe.h"
#include <limits.h>

enum service_check {
    SERVICE_CHECK_AUTO,
    SERVICE_CHECK_SYSTEMD,
    SERVICE_CHECK_PROC,
    SERVICE_CHECK_NONE
};

struct arcp_config {
    char agent_dir[PATH_MAX];     /* logs in agent_dir/log, config JSON in agent_dir */
    char himds_url[ARCP_URL_MAX]; /* base URL of the local endpoint, no trailing '/' */
    double timeout;               /* whole-probe deadline, seconds */
    double endpoint_timeout;      /* per-endpoint limit, seconds; 0 = use timeout */
    enum service_check service_check;
    char service_unit[ARCP_NAME_MAX]; /* himdsd.service */
    char himds_process[64];           /* process name looked for in /proc */
    int use_azcmagent_show;
    char azcmagent_path[PATH_MAX];
    long long heartbeat_warning;     /* seconds; heartbeat older -> WARNING */
    long long heartbeat_critical;    /* seconds; heartbeat older -> CRITICAL */
    long long azcm_max_age;          /* seconds; older AZCM errors no longer alert */
    arcp_state azcm_state;           /* state of a recent non-zero AZCM code */
    arcp_state optional_state;       /* worst state an optional endpoint may cause */
    unsigned long long log_scan_max; /* bytes read backwards per log before giving up */
    long long expiry_warning_days;   /* Disconnected agent: fewer days left -> WARNING */
    long long expiry_critical_days;  /* Disconnected agent: fewer days left -> CRITICAL */
    long long clock_skew_warning;    /* seconds; larger clock offset -> WARNING */
    long long clock_skew_critical;   /* seconds; larger clock offset -> CRITICAL */

    /* endpoint engine */
    char cloud[32];           /* "" = from the agent */
    char location[64];        /* "" = from the agent */
    char *endpoints;          /* NULL = catalog; else whitespace/comma separated URLs */
    char *endpoints_add;      /* NULL or extra URLs added to the catalog */
    char features[256];       /* comma separated optional groups */
    char ca_file[PATH_MAX];   /* "" = system store */
    char proxy[ARCP_URL_MAX]; /* "" = as the agent; "none" = direct */
    char *connect_to; /* NULL or curl CONNECT_TO entries "HOST:PORT:CHOST:CPORT", comma separated */
    char systemd_root[PATH_MAX]; /* "" = /: where system.conf and its drop-ins are read */

    /* arcp_config_get() formats into this; not for concurrent use */
    char get_buf[PATH_MAX];

    /* identity challenge rate (identity_memory.c) */
    long long identity_interval;   /* seconds between challenges; 0 = never challenge */
    char identity_state[PATH_MAX]; /* "" = per-user cache file, "none" = memory only */

    /* where one-shot runs keep state between runs (state_file.c): "" =
     * per-user cache directory, "none" = nowhere */
    char state_dir[PATH_MAX];
    int keep_state; /* arcp_config_keep_state() was called */

    /* what the AZCM scan remembers of each log between probes made with
     * this configuration (NULL: nothing; see azcm_memory.h) */
    struct azcm_memory *azcm_memory;
};

#endif
