/* Which cloud and region the agent lives in: the config wins, then the
 * agent's own agentconfig.json, then what himds said, else the public
 * cloud with no region. Field names in agentconfig.json changed between
 * agent versions, so several spellings are accepted. */
#include "endpoint_internal.h"
#include "json_util.h"
#include "sanitize.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

char *ep_read_small_file(const char *path, size_t max, size_t *len)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        return NULL;
    }
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    *len = got;
    return buf;
}

int ep_region_normalise(char *dst, size_t dstlen, const char *src)
{
    size_t out = 0;
    dst[0] = '\0';
    if (!src)
        return -1;
    for (const char *p = src; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '_')
            continue;
        if (!isalnum(c) || out + 1 >= dstlen || out >= 40) {
            dst[0] = '\0';
            return -1;
        }
        dst[out++] = (char)tolower(c);
    }
    dst[out] = '\0';
    return out > 0 ? 0 : -1;
}

/* A string member found by any of names, case-insensitively, at the top
 * level or one object below it. */
static int find_member(json_object *o, const char *const *names, char *dst, size_t dstlen,
                       int depth)
{
    if (!o || !json_object_is_type(o, json_type_object))
        return 0;
    json_object_object_foreach(o, key, value)
    {
        if (!json_object_is_type(value, json_type_string))
            continue;
        for (size_t i = 0; names[i]; i++) {
            if (strcasecmp(key, names[i]) == 0 && json_object_get_string_len(value) > 0) {
                arcp_sanitize(dst, dstlen, json_object_get_string(value),
                              (size_t)json_object_get_string_len(value));
                return dst[0] != '\0';
            }
        }
    }
    if (depth > 0)
        return 0;
    json_object_object_foreach(o, key2, child)
    {
        (void)key2;
        if (find_member(child, names, dst, dstlen, depth + 1))
            return 1;
    }
    return 0;
}

/* agentconfig.json's cloud and location keys vary by agent version and in
 * case (`resourcename` in one Microsoft page): any spelling, any case. */
int ep_agentconfig_parse(const char *text, size_t len, char *cloud, size_t cloudlen, char *region,
                         size_t regionlen)
{
    static const char *const cloud_names[] = {"cloud", "azEnvironment", "cloudName", "environment",
                                              NULL};
    static const char *const region_names[] = {"location", "region", NULL};
    char why[128];
    cloud[0] = region[0] = '\0';
    json_object *root = json_parse_untrusted(text, len, why, sizeof why);
    if (!root)
        return 0;
    int is_object = json_object_is_type(root, json_type_object);
    if (is_object) {
        find_member(root, cloud_names, cloud, cloudlen, 0);
        find_member(root, region_names, region, regionlen, 0);
    }
    json_object_put(root);
    return is_object;
}

void ep_locate(const struct arcp_config *cfg, const char *himds_cloud, const char *himds_location,
               struct ep_location *out)
{
    char file_cloud[64] = "", file_region[64] = "";
    memset(out, 0, sizeof *out);

    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/agentconfig.json", cfg->agent_dir);
    size_t len = 0;
    char *text = cfg->agent_dir[0] ? ep_read_small_file(path, EP_MAX_JSON_FILE, &len) : NULL;
    if (text) {
        ep_agentconfig_parse(text, len, file_cloud, sizeof file_cloud, file_region,
                             sizeof file_region);
        free(text);
    }

    if (cfg->cloud[0]) {
        arcp_copy(out->cloud, sizeof out->cloud, cfg->cloud);
        out->cloud_source = ARCP_CLOUD_SOURCE_CONFIG;
    } else if (file_cloud[0]) {
        arcp_copy(out->cloud, sizeof out->cloud, file_cloud);
        out->cloud_source = ARCP_CLOUD_SOURCE_AGENTCONFIG_JSON;
    } else if (himds_cloud && himds_cloud[0]) {
        arcp_sanitize(out->cloud, sizeof out->cloud, himds_cloud, strlen(himds_cloud));
        out->cloud_source = ARCP_CLOUD_SOURCE_HIMDS;
    } else {
        arcp_copy(out->cloud, sizeof out->cloud, "AzureCloud");
        out->cloud_source = ARCP_CLOUD_SOURCE_DEFAULT;
    }

    /* A region that is not a plausible name is ignored rather than put
     * into host names. */
    if (cfg->location[0] &&
        ep_region_normalise(out->region, sizeof out->region, cfg->location) == 0)
        arcp_copy(out->region_source, sizeof out->region_source, "config");
    else if (file_region[0] &&
             ep_region_normalise(out->region, sizeof out->region, file_region) == 0)
        arcp_copy(out->region_source, sizeof out->region_source, "agentconfig.json");
    else if (himds_location && himds_location[0] &&
             ep_region_normalise(out->region, sizeof out->region, himds_location) == 0)
        arcp_copy(out->region_source, sizeof out->region_source, "himds");
    else
        out->region[0] = '\0';
}
