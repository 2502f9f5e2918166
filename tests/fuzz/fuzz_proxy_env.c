/* libFuzzer target: systemd's system.conf syntax and assignment lists as
 * read for HTTPS_PROXY / NO_PROXY. Whatever the text, the result is
 * terminated and a chosen proxy names where it came from. */
#include "proxy_environment.h"
#include "input_args.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_input_text(data, size, 65536);
    if (!text)
        return 0;
    struct proxy_env_vars vars;
    struct proxy_env out;
    memset(&vars, 0, sizeof vars);
    proxy_env_apply_conf(&vars, text);
    proxy_env_apply(&vars, text, 1);
    proxy_env_choose(&vars, &out);
    if (strnlen(out.https_proxy, sizeof out.https_proxy) >= sizeof out.https_proxy ||
        strnlen(out.no_proxy, sizeof out.no_proxy) >= sizeof out.no_proxy)
        abort();
    if (out.https_proxy[0] && out.source == ARCP_PROXY_SOURCE_UNSET)
        abort();
    free(text);
    return 0;
}
