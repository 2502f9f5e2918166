/* The endpoint engine's parsers on arbitrary bytes: the endpoint list
 * (with prefixes), localconfig.json (proxy, bypass, gateway),
 * agentconfig.json, the discovery answer, and proxy URL handling. Every
 * input goes through all of them; the seeds cover each format. */
#include "endpoint_internal.h"
#include "input_args.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Credentials sit before an '@'; a shown URL must have none left. */
static void assert_no_userinfo(const char *shown)
{
    const char *scheme = strstr(shown, "://");
    if (strchr(scheme ? scheme + 3 : shown, '@'))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_input_text(data, size, (size_t)1 << 20);
    if (!text)
        return 0;
    char err[ARCP_TEXT_MAX];

    struct ep_list list;
    ep_list_init(&list);
    ep_list_parse(&list, text, err, sizeof err);
    for (size_t i = 0; i < list.count; i++)
        if (!memchr(list.items[i].name, '\0', sizeof list.items[i].name))
            abort();
    ep_list_free(&list);

    struct ep_proxy proxy;
    memset(&proxy, 0, sizeof proxy);
    if (ep_localconfig_parse(text, size, &proxy, err, sizeof err) == 1 && proxy.url[0]) {
        assert_no_userinfo(proxy.shown);
        ep_proxy_bypassed(&proxy, "login.microsoftonline.com");
        ep_proxy_bypassed(&proxy, "gbl.his.arc.azure.com");
    }

    char cloud[64], region[64], normal[64], host[256];
    ep_agentconfig_parse(text, size, cloud, sizeof cloud, region, sizeof region);
    ep_region_normalise(normal, sizeof normal, region);
    ep_discovery_parse(text, size, "his.arc.azure.com", host, sizeof host);

    char shown[ARCP_URL_MAX];
    ep_strip_credentials(shown, sizeof shown, text);
    if (strlen(text) < sizeof shown)
        assert_no_userinfo(shown);
    if (ep_proxy_set_url(&proxy, text, err, sizeof err) == 0)
        assert_no_userinfo(proxy.shown);
    char scrubbed[ARCP_TEXT_MAX];
    snprintf(scrubbed, sizeof scrubbed, "x %s y", text);
    ep_scrub(scrubbed, sizeof scrubbed, proxy.secret);

    free(text);
    return 0;
}
