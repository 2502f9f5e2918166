/* The config parser on arbitrary file contents, then every key read back. */
#include "arcprobe.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const keys[] = {"agent_dir", "himds_url",  "timeout",    "proxy",
                                   "endpoints", "connect_to", "azcm_state", "log_scan_max"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/arcprobe-fuzz-config-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    arcp_config *cfg = arcp_config_new();
    char err[512];
    if (cfg) {
        arcp_config_load(cfg, path, err, sizeof err);
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            arcp_config_get(cfg, keys[i]);
        arcp_config_free(cfg);
    }
    unlink(path);
    return 0;
}
