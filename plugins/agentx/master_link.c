/* The connection to the AgentX master, logged once per change (see
 * master_link.h). */
#include "master_link.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#define APP_NAME "arcprobe-agentx"

static int connected;      /* a session with the master is open */
static int ever_connected; /* the first connection was made */
static unsigned ping_s;

static const char *socket_name(void)
{
    const char *s = netsnmp_ds_get_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET);
    return s != NULL && s[0] != '\0' ? s : NETSNMP_AGENTX_SOCKET;
}

/* What is wrong with a Unix socket path, the usual AgentX transport: the
 * reason Net-SNMP leaves empty. "" for other transports. */
static void socket_trouble(const char *name, char *out, size_t outlen)
{
    out[0] = '\0';
    const char *path = strncmp(name, "unix:", 5) == 0 ? name + 5 : name;
    if (path[0] != '/')
        return;
    struct stat st;
    if (stat(path, &st) != 0)
        snprintf(out, outlen, ": %s (is snmpd running, with 'master agentx'?)", strerror(errno));
    else if (!S_ISSOCK(st.st_mode))
        snprintf(out, outlen, ": not a socket");
    else if (access(path, R_OK | W_OK) != 0)
        snprintf(out, outlen, ": %s (agentXPerms in snmpd.conf: see arcprobe-agentx(8))",
                 strerror(errno));
    else
        snprintf(out, outlen, ": nothing accepts connections there (is snmpd running?)");
}

/* Retries stay quiet until the master is back. */
static void say_unreachable(const char *what)
{
    char trouble[160];
    const char *name = socket_name();
    socket_trouble(name, trouble, sizeof trouble);
    if (ping_s > 0)
        snmp_log(LOG_WARNING, APP_NAME ": %s the AgentX master agent (%s)%s; retrying every %u s\n",
                 what, name, trouble, ping_s);
    else
        snmp_log(LOG_WARNING,
                 APP_NAME ": %s the AgentX master agent (%s)%s; not retrying "
                          "(--ping-interval 0): restart arcprobe-agentx after snmpd\n",
                 what, name, trouble);
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS, 1);
}

static int on_start(int major, int minor, void *server_arg, void *client_arg)
{
    (void)major;
    (void)minor;
    (void)server_arg;
    (void)client_arg;
    if (!connected && ever_connected)
        snmp_log(LOG_INFO, APP_NAME ": connected to the AgentX master agent (%s) again\n",
                 socket_name());
    else if (!connected && netsnmp_ds_get_boolean(NETSNMP_DS_APPLICATION_ID,
                                                  NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS))
        snmp_log(LOG_INFO, APP_NAME ": connected to the AgentX master agent (%s)\n", socket_name());
    connected = ever_connected = 1;
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS, 0);
    return SNMPERR_SUCCESS;
}

static int on_stop(int major, int minor, void *server_arg, void *client_arg)
{
    (void)major;
    (void)minor;
    (void)server_arg;
    (void)client_arg;
    if (connected) {
        connected = 0;
        say_unreachable("lost");
    }
    return SNMPERR_SUCCESS;
}

int master_link_watch(unsigned ping_interval_s)
{
    ping_s = ping_interval_s;
    connected = ever_connected = 0;
    if (snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_start,
                               NULL) != SNMPERR_SUCCESS)
        return -1;
    if (snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, on_stop,
                               NULL) != SNMPERR_SUCCESS) {
        master_link_unwatch();
        return -1;
    }
    return 0;
}

void master_link_started(void)
{
    if (!connected)
        say_unreachable("cannot reach");
}

void master_link_unwatch(void)
{
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_start, NULL,
                             1);
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, on_stop, NULL,
                             1);
}
