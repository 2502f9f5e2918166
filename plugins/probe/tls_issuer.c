/* Naming the CA of a TLS-inspecting device. libcurl says only that the
 * chain was not trusted; OpenSSL's verify callback sees the chain as it is
 * refused, so the issuer's name is taken there. The callback never changes
 * a verdict: it returns what OpenSSL decided. */
#include "tls_issuer.h"
#include "arcprobe.h"

#ifdef HAVE_OPENSSL
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <pthread.h>
#include <string.h>

/* Where the verify callback finds the transfer's buffer: the SSL_CTX that
 * libcurl makes for each connection carries it under this index. */
static int ctx_index = -1;
static pthread_once_t ctx_index_once = PTHREAD_ONCE_INIT;

static void make_ctx_index(void)
{
    ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

/* The errors that mean "this chain leads to a CA not in the store". */
static int untrusted_issuer(int error)
{
    return error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
           error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
           error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
           error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
}

/* The entry's bytes as they are (UTF8String or PrintableString in practice;
 * anything else is cleaned to '?'s): no allocation, and no OPENSSL_free,
 * whose macro would put this file's build path into the library. */
static void copy_common_name(X509_NAME *name, char *dst, size_t dstlen)
{
    char cn[ARCP_NAME_MAX];
    if (X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn) > 0)
        arcp_clean_text(dst, dstlen, cn);
}

static int remember_issuer(int preverified, X509_STORE_CTX *store)
{
    if (preverified || !untrusted_issuer(X509_STORE_CTX_get_error(store)))
        return preverified;
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    char *issuer = ssl ? SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index) : NULL;
    X509 *cert = X509_STORE_CTX_get_current_cert(store);
    /* the first refusal names the CA; later calls on the same chain do not */
    if (issuer && cert && issuer[0] == '\0')
        copy_common_name(X509_get_issuer_name(cert), issuer, ARCP_NAME_MAX);
    return preverified;
}

static CURLcode on_ssl_ctx(CURL *easy, void *ssl_ctx, void *userptr)
{
    (void)easy;
    SSL_CTX *ctx = ssl_ctx;
    if (ctx_index >= 0 && SSL_CTX_set_ex_data(ctx, ctx_index, userptr) == 1)
        SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), remember_issuer);
    return CURLE_OK;
}

void tls_issuer_watch(CURL *easy, char issuer[ARCP_NAME_MAX])
{
    issuer[0] = '\0';
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    /* the callback gets an OpenSSL SSL_CTX only from an OpenSSL libcurl */
    if (v->ssl_version == NULL || strncmp(v->ssl_version, "OpenSSL/", 8) != 0)
        return;
    pthread_once(&ctx_index_once, make_ctx_index);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, issuer);
}
#else
void tls_issuer_watch(CURL *easy, char issuer[ARCP_NAME_MAX])
{
    (void)easy;
    issuer[0] = '\0';
}
#endif
