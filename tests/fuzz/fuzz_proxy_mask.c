/* libFuzzer target: the one masking function and the proxy URL parser.
 * Oracles:
 *  - masking arbitrary text leaves no user info: every '@' that remains
 *    directly follows "***" (or a blank, an opening quote, "://": nothing
 *    that can end user info), at every buffer size;
 *  - a password of the characters the agent accepts, put into a proxy URL
 *    inside arbitrary text, never survives masking;
 *  - a URL the parser accepts gives libcurl a URL without '@' and shows
 *    none of its user info. */
#include "proxy_url.h"
#include "input_args.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What may stand right before a remaining '@': the mask, or something that
 * ends no user info (a word's start, an opening quote or bracket, "://"). */
static void no_userinfo_left(const char *out)
{
    for (const char *at = strchr(out, '@'); at; at = strchr(at + 1, '@')) {
        if (at - out >= 3 && memcmp(at - 3, "***", 3) == 0)
            continue;
        if (at - out >= 3 && memcmp(at - 3, "://", 3) == 0)
            continue;
        if (at == out || strchr(" \t\v\f\r\n'\"(<[{`", at[-1]))
            continue;
        abort();
    }
}

static void password_hidden(const char *text, size_t len)
{
    /* Go's userinfo characters and '/', which users type; the password
     * starts with 'Q', which nothing around it holds, so any 'Q...' left
     * in the output is the password's */
    static const char allowed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                  "-._:~!$&'()*+,;=%@/";
    /* arbitrary surroundings without letters or digits, "://" and '@' included */
    static const char noise[] = " \t'\"<>^`|\\@=:/";
    char pw[64], prefix[32];
    size_t n = 0, k = 0;
    pw[n++] = 'Q';
    for (size_t i = 0; i < len && n + 1 < sizeof pw; i++)
        pw[n++] = allowed[(unsigned char)text[i] % (sizeof allowed - 1)];
    pw[n] = '\0';
    for (size_t i = len; i-- > 0 && k + 1 < sizeof prefix;)
        prefix[k++] = noise[(unsigned char)text[i] % (sizeof noise - 1)];
    prefix[k] = '\0';
    char in[256], out[512];
    snprintf(in, sizeof in, "proxy %s http://arc:%s@proxy.example:3128 failed", prefix, pw);
    arcp_mask_credentials(out, sizeof out, in);
    if (strstr(out, "Q"))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_input_text(data, size, 4096);
    char *out = malloc(size + 64);
    if (!text || !out) {
        free(text);
        free(out);
        return 0;
    }
    for (size_t cap = 1; cap <= size + 64; cap += cap < 16 ? 1 : 13) {
        arcp_mask_credentials(out, cap, text);
        if (strnlen(out, cap) >= cap)
            abort();
        no_userinfo_left(out);
    }
    password_hidden(text, strlen(text));

    struct proxy_url u;
    char err[ARCP_TEXT_MAX];
    if (proxy_url_parse(text, &u, err, sizeof err) == 0) {
        if (strchr(u.curl_url, '@') || strchr(u.shown, '@'))
            abort();
        /* (a password that is also part of the host or scheme may show) */
        if (strlen(u.password) >= 4 && !strstr(u.host, u.password) &&
            !strstr(u.scheme, u.password) &&
            (strstr(u.shown, u.password) || strstr(u.curl_url, u.password)))
            abort();
    } else if (u.password[0] || u.username[0]) {
        abort();
    }
    free(text);
    free(out);
    return 0;
}
