/* The endpoint catalog: clouds and their aliases, region and discovery
 * driven hosts, feature groups, discovery answers and agentconfig.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "endpoint_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The list's names joined by blanks. */
static const char *names_of(const struct ep_list *l)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < l->count; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, l->items[i].name);
    }
    return buf;
}

static const struct ep_entry *find(const struct ep_list *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}

static void test_cloud_names_and_aliases(void **state)
{
    (void)state;
    const struct ep_cloud *pub = ep_cloud_find("AzureCloud");
    assert_non_null(pub);
    assert_string_equal(pub->name, "AzureCloud");
    assert_ptr_equal(ep_cloud_find("AzurePublicCloud"), pub);
    assert_ptr_equal(ep_cloud_find("azurecloud"), pub);
    /* the exported name: one per cloud, whatever the agent's spelling */
    assert_string_equal(arcp_cloud_name("AzurePublicCloud"), "AzureCloud");
    assert_string_equal(arcp_cloud_name("AzureUSGovernmentCloud"), "AzureUSGovernment");
    assert_string_equal(arcp_cloud_name("SomeFutureCloud"), "SomeFutureCloud");
    assert_string_equal(arcp_cloud_name(NULL), "");
    const struct ep_cloud *gov = ep_cloud_find("AzureUSGovernment");
    assert_non_null(gov);
    assert_string_equal(gov->his_domain, "his.arc.azure.us");
    assert_ptr_equal(ep_cloud_find("AzureUSGovernmentCloud"), gov);
    const struct ep_cloud *cn = ep_cloud_find("AzureChinaCloud");
    assert_non_null(cn);
    assert_string_equal(cn->his_domain, "his.arc.azure.cn");
    assert_ptr_equal(ep_cloud_find("AzureChina"), cn);
    assert_null(ep_cloud_find("AzureGermanCloud"));
    assert_null(ep_cloud_find(""));
    assert_null(ep_cloud_find(NULL));
}

static void test_public_without_region(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, ep_cloud_find("AzureCloud"), "", "", "", err, sizeof err),
                     0);
    assert_string_equal(names_of(&l),
                        "login.microsoftonline.com pas.windows.net gbl.his.arc.azure.com "
                        "agentserviceapi.guestconfiguration.azure.com "
                        "guestnotificationservice.azure.com management.azure.com "
                        "download.microsoft.com packages.microsoft.com");
    const struct ep_entry *gbl = find(&l, "gbl.his.arc.azure.com");
    assert_non_null(gbl);
    assert_string_equal(gbl->url, "https://gbl.his.arc.azure.com/");
    assert_int_equal(gbl->is_discovery, 0);
    assert_int_equal(find(&l, "login.microsoftonline.com")->required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "guestnotificationservice.azure.com")->required,
                     ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "management.azure.com")->required, ARCP_REQUIRED_CONNECT);
    assert_int_equal(find(&l, "download.microsoft.com")->required, ARCP_REQUIRED_INSTALL);
    /* login.windows.net left the list: only the legacy_login feature has it */
    assert_null(find(&l, "login.windows.net"));
    /* needed always, host not knowable: said, not guessed */
    assert_string_equal(l.unprobed, "*.login.microsoft.com, *.guestnotificationservice.azure.com, "
                                    "azgn*.servicebus.windows.net, *.blob.core.windows.net");
    ep_list_free(&l);
}

static void test_public_with_region_and_his(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, ep_cloud_find("AzureCloud"), "westeurope",
                                      "weu.his.arc.azure.com", NULL, err, sizeof err),
                     0);
    assert_string_equal(names_of(&l),
                        "login.microsoftonline.com pas.windows.net gbl.his.arc.azure.com "
                        "weu.his.arc.azure.com agentserviceapi.guestconfiguration.azure.com "
                        "westeurope-gas.guestconfiguration.azure.com "
                        "guestnotificationservice.azure.com management.azure.com "
                        "download.microsoft.com packages.microsoft.com");
    const struct ep_entry *gbl = find(&l, "gbl.his.arc.azure.com");
    assert_string_equal(gbl->url, "https://gbl.his.arc.azure.com/"
                                  "discovery?location=westeurope&api-version=2.1");
    assert_int_equal(gbl->is_discovery, 1);
    assert_int_equal(find(&l, "weu.his.arc.azure.com")->required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "westeurope-gas.guestconfiguration.azure.com")->required,
                     ARCP_REQUIRED_ALWAYS);
    /* the relay is not always named after the region (azgnrelay-ph0-l1) */
    assert_null(find(&l, "azgnrelay-westeurope-l1.servicebus.windows.net"));
    assert_non_null(strstr(l.unprobed, "azgn*.servicebus.windows.net"));
    ep_list_free(&l);
}

static void test_usgov(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, ep_cloud_find("AzureUSGovernment"), "usgovvirginia", "",
                                      "all", err, sizeof err),
                     0);
    /* no guestnotificationservice, no servicebus, even with every feature */
    assert_string_equal(names_of(&l),
                        "login.microsoftonline.us pasff.usgovcloudapi.net gbl.his.arc.azure.us "
                        "agentserviceapi.guestconfiguration.azure.us "
                        "usgovvirginia-gas.guestconfiguration.azure.us "
                        "management.usgovcloudapi.net "
                        "download.microsoft.com packages.microsoft.com");
    assert_string_equal(find(&l, "gbl.his.arc.azure.us")->url,
                        "https://gbl.his.arc.azure.us/"
                        "discovery?location=usgovvirginia&api-version=2.1");
    assert_int_equal(find(&l, "login.microsoftonline.us")->required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "pasff.usgovcloudapi.net")->required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "management.usgovcloudapi.net")->required, ARCP_REQUIRED_CONNECT);
    assert_null(find(&l, "guestnotificationservice.azure.us"));
    assert_string_equal(l.unprobed, "*.blob.core.usgovcloudapi.net");
    ep_list_free(&l);
}

static void test_china(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, ep_cloud_find("AzureChinaCloud"), "chinanorth3",
                                      "cnn3.his.arc.azure.cn", "ssh", err, sizeof err),
                     0);
    assert_string_equal(names_of(&l),
                        "login.chinacloudapi.cn login.partner.chinacloudapi.cn "
                        "pas.chinacloudapi.cn gbl.his.arc.azure.cn "
                        "cnn3.his.arc.azure.cn agentserviceapi.guestconfiguration.azure.cn "
                        "chinanorth3-gas.guestconfiguration.azure.cn "
                        "guestnotificationservice.azure.cn management.chinacloudapi.cn "
                        "download.microsoft.com packages.microsoft.com");
    assert_int_equal(find(&l, "login.partner.chinacloudapi.cn")->required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "guestnotificationservice.azure.cn")->required, ARCP_REQUIRED_ALWAYS);
    assert_int_equal(find(&l, "management.chinacloudapi.cn")->required, ARCP_REQUIRED_CONNECT);
    assert_string_equal(l.unprobed, "azgn*.servicebus.chinacloudapi.cn");
    ep_list_free(&l);
}

static void test_features(void **state)
{
    (void)state;
    struct ep_list l;
    char err[256] = "";
    const struct ep_cloud *pub = ep_cloud_find("AzureCloud");

    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "", "", "esu", err, sizeof err), 0);
    /* dls.microsoft.com serves Hotpatching, Azure Benefits and pay-as-you-go, not ESU */
    assert_null(find(&l, "dls.microsoft.com"));
    const struct ep_entry *certs = find(&l, "www.microsoft.com");
    const struct ep_entry *certs80 = find(&l, "www.microsoft.com:80");
    assert_non_null(certs);
    assert_non_null(certs80);
    assert_string_equal(certs80->url, "http://www.microsoft.com/pkiops/certs");
    assert_int_equal(certs80->required, ARCP_REQUIRED_OPTIONAL);
    assert_string_equal(certs80->group, "esu");
    assert_null(find(&l, "login.windows.net"));
    ep_list_free(&l);

    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "", "", "hotpatch", err, sizeof err), 0);
    assert_int_equal(find(&l, "dls.microsoft.com")->required, ARCP_REQUIRED_OPTIONAL);
    ep_list_free(&l);

    /* ssh and admin_center use relays whose names cannot be known: listed once */
    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "eastus", "", "ssh, admin_center", err, sizeof err),
                     0);
    assert_null(find(&l, "azgnrelay-eastus-l1.servicebus.windows.net"));
    assert_string_equal(l.unprobed, "*.login.microsoft.com, *.guestnotificationservice.azure.com, "
                                    "azgn*.servicebus.windows.net, *.blob.core.windows.net, "
                                    "*.servicebus.windows.net, *.waconazure.com");
    size_t with_region = l.count;
    ep_list_free(&l);
    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "", "", "ssh", err, sizeof err), 0);
    assert_int_equal(l.count, with_region - 1); /* no regional gas host */
    ep_list_free(&l);

    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "", "", "ALL", err, sizeof err), 0);
    assert_non_null(find(&l, "login.windows.net"));
    assert_non_null(find(&l, "dls.microsoft.com"));
    ep_list_free(&l);

    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "", "", "none", err, sizeof err), 0);
    assert_int_equal(l.count, 8);
    ep_list_free(&l);

    ep_list_init(&l);
    assert_int_equal(ep_catalog_build(&l, pub, "", "", "esu,bogus", err, sizeof err), -1);
    assert_string_equal(err, "unknown feature 'bogus' in features (known: esu, hotpatch, ssh, "
                             "admin_center, legacy_login, all)");
    assert_int_equal(l.count, 0);
    ep_list_free(&l);
}

static void test_discovery_answers(void **state)
{
    (void)state;
    char host[256];
    const char *dom = "his.arc.azure.com";
#define PARSE(text) ep_discovery_parse(text, strlen(text), dom, host, sizeof host)
    assert_int_equal(PARSE("\"https://weu.his.arc.azure.com\""), 1);
    assert_string_equal(host, "weu.his.arc.azure.com");
    assert_int_equal(
        PARSE("{\"x\": 1, \"endpoints\": {\"his\": \"https://EUS.his.arc.azure.com:443/"
              "path\"}}"),
        1);
    assert_string_equal(host, "eus.his.arc.azure.com");
    assert_int_equal(PARSE("[\"nothing\", \"neu.his.arc.azure.com\"]"), 1);
    assert_string_equal(host, "neu.his.arc.azure.com");
    /* the global host, other domains, look-alikes and garbage are not used */
    assert_int_equal(PARSE("\"https://gbl.his.arc.azure.com\""), 0);
    assert_string_equal(host, "");
    assert_int_equal(PARSE("\"https://weu.his.arc.azure.us\""), 0);
    assert_int_equal(PARSE("\"https://weu.his.arc.azure.com.evil.example\""), 0);
    assert_int_equal(PARSE("\"https://evilhis.arc.azure.com\""), 0);
    assert_int_equal(PARSE("\"https://his.arc.azure.com\""), 0);
    assert_int_equal(PARSE("\"https://a..his.arc.azure.com\""), 0);
    assert_int_equal(PARSE("\"https://we u.his.arc.azure.com\""), 0);
    assert_int_equal(PARSE("not json"), 0);
    assert_int_equal(PARSE("{\"a\": \"https://weu.his.arc.azure.com\"} trailing"), 0);
    assert_int_equal(PARSE("{}"), 0);
    assert_int_equal(ep_discovery_parse(NULL, 0, dom, host, sizeof host), 0);
#undef PARSE
    char url[256];
    ep_discovery_url(url, sizeof url, ep_cloud_find("AzureChinaCloud"), "chinaeast2");
    assert_string_equal(
        url, "https://gbl.his.arc.azure.cn/discovery?location=chinaeast2&api-version=2.1");
}

static void test_region_names(void **state)
{
    (void)state;
    char r[64];
    assert_int_equal(ep_region_normalise(r, sizeof r, "West Europe"), 0);
    assert_string_equal(r, "westeurope");
    assert_int_equal(ep_region_normalise(r, sizeof r, "eastus2euap"), 0);
    assert_string_equal(r, "eastus2euap");
    assert_int_equal(ep_region_normalise(r, sizeof r, "west/europe"), -1);
    assert_string_equal(r, "");
    assert_int_equal(ep_region_normalise(r, sizeof r, "evil.example.com#"), -1);
    assert_int_equal(ep_region_normalise(r, sizeof r, "   "), -1);
    assert_int_equal(
        ep_region_normalise(r, sizeof r, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), -1);
    assert_int_equal(ep_region_normalise(r, sizeof r, NULL), -1);
}

static void test_agentconfig_variants(void **state)
{
    (void)state;
    char cloud[64], region[64];
#define PARSE(text)                                                                                \
    ep_agentconfig_parse(text, strlen(text), cloud, sizeof cloud, region, sizeof region)
    assert_int_equal(PARSE("{\"resourceName\": \"m\", \"cloud\": \"AzureUSGovernment\", "
                           "\"location\": \"usgovvirginia\"}"),
                     1);
    assert_string_equal(cloud, "AzureUSGovernment");
    assert_string_equal(region, "usgovvirginia");
    assert_int_equal(PARSE("{\"Cloud\": \"AzureCloud\", \"Location\": \"West Europe\"}"), 1);
    assert_string_equal(cloud, "AzureCloud");
    assert_string_equal(region, "West Europe");
    assert_int_equal(PARSE("{\"properties\": {\"azEnvironment\": \"AzurePublicCloud\", \"region\": "
                           "\"eastus\"}}"),
                     1);
    assert_string_equal(cloud, "AzurePublicCloud");
    assert_string_equal(region, "eastus");
    assert_int_equal(PARSE("{\"cloud\": 5, \"location\": \"\"}"), 1);
    assert_string_equal(cloud, "");
    assert_string_equal(region, "");
    assert_int_equal(PARSE("[1,2]"), 0);
    assert_int_equal(PARSE("{broken"), 0);
    assert_string_equal(cloud, "");
#undef PARSE
}

static void test_locate_precedence(void **state)
{
    (void)state;
    char err[256];
    arcp_config *cfg = arcp_config_new();
    assert_non_null(cfg);
    struct ep_location loc;
    char dir[] = "/tmp/arcp-ut-locate.XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(arcp_config_set(cfg, "agent_dir", dir, err, sizeof err), 0);

    ep_locate(cfg, "", "", &loc);
    assert_string_equal(loc.cloud, "AzureCloud");
    assert_string_equal(arcp_cloud_source_name(loc.cloud_source), "default");
    assert_string_equal(loc.region, "");

    ep_locate(cfg, "AzurePublicCloud", "East US", &loc);
    assert_string_equal(loc.cloud, "AzurePublicCloud");
    assert_string_equal(arcp_cloud_source_name(loc.cloud_source), "himds");
    assert_string_equal(loc.region, "eastus");
    assert_string_equal(loc.region_source, "himds");

    char path[300];
    snprintf(path, sizeof path, "%s/agentconfig.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"cloud\": \"AzureChinaCloud\", \"location\": \"chinanorth3\"}", f);
    fclose(f);
    ep_locate(cfg, "AzurePublicCloud", "eastus", &loc);
    assert_string_equal(loc.cloud, "AzureChinaCloud");
    assert_string_equal(arcp_cloud_source_name(loc.cloud_source), "agentconfig.json");
    assert_string_equal(loc.region, "chinanorth3");

    assert_int_equal(arcp_config_set(cfg, "cloud", "AzureUSGovernment", err, sizeof err), 0);
    assert_int_equal(arcp_config_set(cfg, "location", "usgovarizona", err, sizeof err), 0);
    ep_locate(cfg, "AzurePublicCloud", "eastus", &loc);
    assert_string_equal(loc.cloud, "AzureUSGovernment");
    assert_string_equal(arcp_cloud_source_name(loc.cloud_source), "config");
    assert_string_equal(loc.region, "usgovarizona");
    assert_string_equal(loc.region_source, "config");

    unlink(path);
    rmdir(dir);
    arcp_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cloud_names_and_aliases),
        cmocka_unit_test(test_public_without_region),
        cmocka_unit_test(test_public_with_region_and_his),
        cmocka_unit_test(test_usgov),
        cmocka_unit_test(test_china),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_discovery_answers),
        cmocka_unit_test(test_region_names),
        cmocka_unit_test(test_agentconfig_variants),
        cmocka_unit_test(test_locate_precedence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
