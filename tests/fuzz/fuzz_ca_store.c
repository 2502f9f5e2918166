/* libFuzzer target: the lazy trust store (ca_store.c) on an arbitrary CA
 * bundle. It indexes the bundle itself (PEM blocks, then a walk over each
 * certificate's DER to its subject) and promises to take only what
 * OpenSSL's whole load, libcurl's CURLOPT_CAINFO, would take too. Oracles:
 * a bundle the index accepts is one the whole load accepts, and every
 * certificate the whole load holds is found by its subject in the lazy
 * store. No crash, no leak. */
#include "ca_store.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char bundle[] = "/tmp/arcprobe-fuzz-ca-XXXXXX";

static void remove_bundle(void)
{
    unlink(bundle);
}

static int write_bundle(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0) {
        fd = mkstemp(bundle);
        if (fd < 0)
            return -1;
        atexit(remove_bundle);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        return -1;
    return 0;
}

/* Every certificate of the whole load is found by its subject lazily. */
static void check_lookups(X509_STORE *lazy, X509_STORE *whole)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    STACK_OF(X509) *certs = X509_STORE_get1_all_certs(whole);
    if (!ctx || !certs || !X509_STORE_CTX_init(ctx, lazy, NULL, NULL))
        abort();
    for (int i = 0; i < sk_X509_num(certs); i++) {
        X509_OBJECT *found = X509_STORE_CTX_get_obj_by_subject(
            ctx, X509_LU_X509, X509_get_subject_name(sk_X509_value(certs, i)));
        if (!found)
            abort();
        X509_OBJECT_free(found);
    }
    sk_X509_pop_free(certs, X509_free);
    X509_STORE_CTX_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20) || write_bundle(data, size) != 0)
        return 0;
    X509_STORE *lazy = ca_store_open(bundle);
    if (lazy) {
        X509_STORE *whole = X509_STORE_new();
        if (!whole)
            abort();
        if (X509_STORE_load_file(whole, bundle) != 1)
            abort(); /* the index took a bundle libcurl would refuse */
        check_lookups(lazy, whole);
        X509_STORE_free(whole);
        X509_STORE_free(lazy);
    }
    ERR_clear_error();
    return 0;
}
