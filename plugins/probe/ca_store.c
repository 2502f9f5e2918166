/* A trust store over a PEM CA bundle that decodes a certificate only when
 * verification asks for its subject.
 *
 * Loading the system bundle whole (what libcurl does with CURLOPT_CAINFO)
 * decodes ~150 certificates with OpenSSL 3's per-key decoder set-up: ~25 ms
 * of CPU, most of a one-shot check_azure_arc run, to verify chains that
 * need one or two of them. Here the bundle is only indexed: each block's
 * base64 is decoded and checked as d2i_X509 would, but without building
 * its key, and its subject name kept (~2.5 ms); a certificate is
 * decoded and added to the store the first time OpenSSL looks for its
 * subject, exactly as OpenSSL's own hashed-directory lookup fills a store.
 * Every certificate with the asked-for subject is added at once, so chain
 * building sees the same candidates, in the same order, as with the whole
 * bundle loaded.
 *
 * What the whole load would refuse or treat specially is left to it: a
 * bundle with anything but plain certificates (trust settings, CRLs, keys)
 * or one that does not parse is not indexed, and libcurl loads it as
 * before. A store serves one thread (http_session.c keeps one per thread). */
#include "ca_store.h"

#include <openssl/asn1.h>
#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct ca_entry {
    X509_NAME *subject;
    unsigned char *der;
    long der_len;
    int in_store; /* decoded and added (or found undecodable) */
};

struct ca_index {
    struct ca_entry *entries;
    size_t count;
    size_t cap;
};

static void index_free(struct ca_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->count; i++) {
        X509_NAME_free(ix->entries[i].subject);
        OPENSSL_free(ix->entries[i].der);
    }
    free(ix->entries);
    free(ix);
}

/* A certificate decoded the way d2i_X509 decodes it, with the library's
 * own templates for every part, except the public key: its algorithm and
 * bits are read, but no key is built from them (OpenSSL 3 sets up its
 * decoders for each key, most of the cost of a whole load; d2i_X509 itself
 * tolerates a key it cannot build). A certificate this refuses, such as one
 * cut or damaged in the bundle, leaves the bundle to libcurl, which refuses
 * it as it always did: indexed, its subject would be found and its
 * certificate not, and verification would miss the issuer, a miss the
 * endpoint check takes for TLS inspection. */
/* (the template macros end without a semicolon, which clang-format
 * cannot follow) */
/* clang-format off */
typedef struct {
    X509_ALGOR *algorithm;
    ASN1_BIT_STRING *bits;
} CA_KEY;

ASN1_SEQUENCE(CA_KEY) = {
    ASN1_SIMPLE(CA_KEY, algorithm, X509_ALGOR),
    ASN1_SIMPLE(CA_KEY, bits, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(CA_KEY)

typedef struct {
    ASN1_INTEGER *version;
    ASN1_INTEGER *serial;
    X509_ALGOR *signature;
    X509_NAME *issuer;
    X509_VAL *validity;
    X509_NAME *subject;
    CA_KEY *key;
    ASN1_BIT_STRING *issuer_uid;
    ASN1_BIT_STRING *subject_uid;
    STACK_OF(X509_EXTENSION) *extensions;
} CA_TBS;

ASN1_SEQUENCE(CA_TBS) = {
    ASN1_EXP_OPT(CA_TBS, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(CA_TBS, serial, ASN1_INTEGER),
    ASN1_SIMPLE(CA_TBS, signature, X509_ALGOR),
    ASN1_SIMPLE(CA_TBS, issuer, X509_NAME),
    ASN1_SIMPLE(CA_TBS, validity, X509_VAL),
    ASN1_SIMPLE(CA_TBS, subject, X509_NAME),
    ASN1_SIMPLE(CA_TBS, key, CA_KEY),
    ASN1_IMP_OPT(CA_TBS, issuer_uid, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(CA_TBS, subject_uid, ASN1_BIT_STRING, 2),
    ASN1_EXP_SEQUENCE_OF_OPT(CA_TBS, extensions, X509_EXTENSION, 3),
} static_ASN1_SEQUENCE_END(CA_TBS)

typedef struct {
    CA_TBS *tbs;
    X509_ALGOR *signature_algorithm;
    ASN1_BIT_STRING *signature;
} CA_CERT;

ASN1_SEQUENCE(CA_CERT) = {
    ASN1_SIMPLE(CA_CERT, tbs, CA_TBS),
    ASN1_SIMPLE(CA_CERT, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(CA_CERT, signature, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(CA_CERT)

/* The subject Name of a DER certificate that decodes whole and is nothing
 * but the certificate, else NULL. */
static X509_NAME *subject_of(const unsigned char *der, long der_len)
{
    const unsigned char *p = der;
    CA_CERT *cert = (CA_CERT *)ASN1_item_d2i(NULL, &p, der_len, ASN1_ITEM_rptr(CA_CERT));
    if (!cert)
        return NULL;
    X509_NAME *subject = NULL;
    if (p == der + der_len) {
        subject = cert->tbs->subject;
        cert->tbs->subject = NULL;
    }
    ASN1_item_free((ASN1_VALUE *)cert, ASN1_ITEM_rptr(CA_CERT));
    return subject;
}
/* clang-format on */

static int index_add(struct ca_index *ix, unsigned char *der, long der_len)
{
    X509_NAME *subject = subject_of(der, der_len);
    if (!subject)
        return -1;
    if (ix->count == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 256;
        struct ca_entry *grown = realloc(ix->entries, cap * sizeof *grown);
        if (!grown) {
            X509_NAME_free(subject);
            return -1;
        }
        ix->entries = grown;
        ix->cap = cap;
    }
    ix->entries[ix->count++] = (struct ca_entry){subject, der, der_len, 0};
    return 0;
}

static int is_end_of_file(unsigned long err)
{
    return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

/* Index every block of the bundle; NULL if any is not a plain certificate
 * or the file holds none. */
static struct ca_index *index_read(BIO *in)
{
    struct ca_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    for (;;) {
        char *name = NULL, *header = NULL;
        unsigned char *der = NULL;
        long der_len = 0;
        if (!PEM_read_bio(in, &name, &header, &der, &der_len)) {
            if (is_end_of_file(ERR_peek_last_error()) && ix->count > 0)
                return ix;
            break;
        }
        int plain =
            (strcmp(name, PEM_STRING_X509) == 0 || strcmp(name, PEM_STRING_X509_OLD) == 0) &&
            header[0] == '\0';
        OPENSSL_free(name);
        OPENSSL_free(header);
        if (!plain || index_add(ix, der, der_len) != 0) {
            OPENSSL_free(der);
            break;
        }
    }
    index_free(ix);
    return NULL;
}

/* Decode the entry's certificate into the store (once). */
static void entry_load(struct ca_entry *e, X509_STORE *store)
{
    e->in_store = 1;
    const unsigned char *p = e->der;
    X509 *cert = d2i_X509(NULL, &p, e->der_len);
    if (!cert)
        return;
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
}

static int by_subject(X509_LOOKUP *lookup, X509_LOOKUP_TYPE type, const X509_NAME *name,
                      X509_OBJECT *ret)
{
    struct ca_index *ix = X509_LOOKUP_get_method_data(lookup);
    X509_STORE *store = X509_LOOKUP_get_store(lookup);
    if (type != X509_LU_X509 || !ix || !store)
        return 0;
    int matched = 0;
    for (size_t i = 0; i < ix->count; i++) {
        struct ca_entry *e = &ix->entries[i];
        if (X509_NAME_cmp(e->subject, name) != 0)
            continue;
        if (!e->in_store)
            entry_load(e, store);
        matched = 1;
    }
    if (!matched || !X509_STORE_lock(store))
        return 0;
    X509_OBJECT *obj =
        X509_OBJECT_retrieve_by_subject(X509_STORE_get0_objects(store), X509_LU_X509, name);
    X509 *cert = obj ? X509_OBJECT_get0_X509(obj) : NULL;
    X509_STORE_unlock(store);
    if (!cert || !X509_OBJECT_set1_X509(ret, cert))
        return 0;
    /* The answer is lent, not given, as OpenSSL's directory lookup lends
     * it: the store keeps the certificate and the caller takes its own
     * reference. */
    X509_free(cert);
    return 1;
}

static void lookup_free(X509_LOOKUP *lookup)
{
    index_free(X509_LOOKUP_get_method_data(lookup));
}

static X509_LOOKUP_METHOD *lazy_method;
static pthread_once_t lazy_method_once = PTHREAD_ONCE_INIT;

/* One method for the process: lookups made with it may outlive any thread. */
static void make_lazy_method(void)
{
    X509_LOOKUP_METHOD *m = X509_LOOKUP_meth_new("arcprobe CA bundle by subject");
    if (m && X509_LOOKUP_meth_set_get_by_subject(m, by_subject) &&
        X509_LOOKUP_meth_set_free(m, lookup_free))
        lazy_method = m;
    else
        X509_LOOKUP_meth_free(m);
}

X509_STORE *ca_store_open(const char *path)
{
    pthread_once(&lazy_method_once, make_lazy_method);
    if (!lazy_method || !path)
        return NULL;
    /* failures here only mean "let libcurl load it": leave nothing in this
     * thread's error queue that libcurl could take for its own */
    ERR_set_mark();
    X509_STORE *store = NULL;
    BIO *in = BIO_new_file(path, "r");
    struct ca_index *ix = in ? index_read(in) : NULL;
    BIO_free(in);
    if (ix) {
        store = X509_STORE_new();
        X509_LOOKUP *lookup = store ? X509_STORE_add_lookup(store, lazy_method) : NULL;
        if (lookup && X509_LOOKUP_set_method_data(lookup, ix)) {
            ix = NULL; /* the lookup owns it */
        } else {
            X509_STORE_free(store);
            store = NULL;
        }
    }
    index_free(ix);
    ERR_pop_to_mark();
    return store;
}
