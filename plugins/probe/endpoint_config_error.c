/* Why the endpoint check could not start, and the remedy (see
 * endpoint_config_error.h). The text names the value at fault; these say
 * which setting it came from and how to put it right. */
#include "endpoint_config_error.h"
#include "endpoint_internal.h"
#include "l10n.h"
#include "sanitize.h"

#include <stdio.h>

void ep_config_error(struct arcp_endpoints *out, enum ep_config_problem problem, const char *text)
{
    const char *cause = "", *remedy = "";
    char too_long[ARCP_TEXT_MAX];
    switch (problem) {
    case EP_PROBLEM_LOCATION:
        cause = _("the location setting is not an Azure region name, so the regional endpoints "
                  "cannot be named");
        remedy = _("set location in arcprobe.conf to the machine's region as Azure writes it "
                   "(e.g. westeurope), or remove it to use the agent's");
        break;
    case EP_PROBLEM_CLOUD:
        cause = _("arcprobe does not know the endpoints of this cloud, so it cannot tell which "
                  "ones the agent needs");
        remedy = _("set cloud in arcprobe.conf to AzureCloud, AzureUSGovernment or "
                   "AzureChinaCloud, or list the URLs to probe in endpoints");
        break;
    case EP_PROBLEM_FEATURES:
        cause = _("the features setting names a feature arcprobe has no endpoints for");
        remedy =
            _("correct features in arcprobe.conf, using only the feature names the text lists");
        break;
    case EP_PROBLEM_LIST_ENTRY:
        cause = _("an entry of the endpoints or endpoints_add setting is not a URL the probe can "
                  "use");
        remedy = _("correct endpoints or endpoints_add in arcprobe.conf: each entry is a host "
                   "name or https://host[:port][/path], optionally after always:, connect:, "
                   "install: or optional:");
        break;
    case EP_PROBLEM_LIST_TOO_LONG:
        cause = _("endpoints and endpoints_add list more endpoints than one probe cycle may "
                  "probe");
        snprintf(too_long, sizeof too_long,
                 _("list at most %d endpoints in endpoints and endpoints_add"), EP_MAX_ENDPOINTS);
        remedy = too_long;
        break;
    case EP_PROBLEM_LIST_EMPTY:
        cause = _("the endpoints setting is present but empty, so there is nothing to probe");
        remedy = _("list the URLs to probe in endpoints, or remove the setting to probe what the "
                   "agent needs in its cloud and region");
        break;
    case EP_PROBLEM_PROXY_SETTING:
        cause = _("the proxy setting of arcprobe is not a proxy URL the probe can use");
        remedy = _("set proxy in arcprobe.conf to the proxy the agent uses, as http://host:port "
                   "('azcmagent config get proxy.url' shows it), or to none to probe direct");
        break;
    case EP_PROBLEM_PROXY_AGENT:
        cause = _("the agent's proxy settings (localconfig.json) cannot be read or used, so the "
                  "probe cannot take the path the agent takes");
        remedy = _("grant the user that runs the probe read access to localconfig.json in the "
                   "agent's directory (an ACL: setfacl -m u:USER:r), and check the agent's proxy "
                   "with 'azcmagent config get proxy.url'; or set proxy in arcprobe.conf");
        break;
    case EP_PROBLEM_PROXY_ENVIRONMENT:
        cause = _("the HTTPS_PROXY that himdsd gets from systemd is not a usable proxy URL, so "
                  "the probe cannot take the path the agent takes");
        remedy = _("correct HTTPS_PROXY where it is set: himdsd's unit environment or systemd's "
                   "default environment (which '/opt/azcmagent/bin/azcmagent_proxy add URL' "
                   "writes); or set proxy in arcprobe.conf");
        break;
    case EP_PROBLEM_OUT_OF_MEMORY:
        cause = _("the probe ran out of memory");
        remedy = _("free memory on this machine, or raise the memory limit of the process that "
                   "runs the probe, and run it again");
        break;
    }
    out->state = ARCP_UNKNOWN;
    arcp_copy(out->text, sizeof out->text, text);
    arcp_copy(out->cause, sizeof out->cause, cause);
    arcp_copy(out->remedy, sizeof out->remedy, remedy);
}
