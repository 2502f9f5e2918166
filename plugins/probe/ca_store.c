/* A trust store over a PEM CA bundle that decodes a certificate only when
 * verification asks for its subject.
 *
 * Loading the system bundle whole (what libcurl does with CURLOPT_CAINFO)
 * decodes ~150 certificates with OpenSSL 3's per-key decoder set-up: ~25 ms
 * of CPU, most of a one-shot check_azure_arc run, to verify chains that
 * need one or two of them. Here the bundle is only indexed: each block's
 * base64 is decoded and its subject name read (~2 ms); a certificate is
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

/* One DER header at *p within `left` bytes: definite length, fits. */
static int der_header(const unsigned char **p, long *left, int *tag, int *cls, long *len)
{
    const unsigned char *q = *p;
    int r = ASN1_get_object(&q, len, tag, cls, *left);
    if ((r & 0x80) || (r & 1)) /* error, or indefinite length */
        return -1;
    *left -= q - *p;
    *p = q;
    return r;
}

static int der_skip(const unsigned char **p, long *left)
{
    int tag, cls;
    long len;
    if (der_header(p, left, &tag, &cls, &len) < 0)
        return -1;
    *p += len;
    *left -= len;
    return 0;
}

/* The subject Name of a DER certificate, read without decoding the rest:
 * Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version
 * OPTIONAL, serialNumber, signature, issuer, validity, subject, ... } ... } */
static X509_NAME *subject_of(const unsigned char *der, long der_len)
{
    const unsigned char *p = der;
    long left = der_len, len;
    int tag, cls;
    if (der_header(&p, &left, &tag, &cls, &len) < 0 || tag != V_ASN1_SEQUENCE || len != left)
        return NULL;
    if (der_header(&p, &left, &tag, &cls, &len) < 0 || tag != V_ASN1_SEQUENCE)
        return NULL;
    left = len;
    const unsigned char *field = p;
    long field_left = left;
    if (der_header(&field, &field_left, &tag, &cls, &len) < 0)
        return NULL;
    int skip = cls == V_ASN1_CONTEXT_SPECIFIC ? 5 : 4; /* [version,] serial ... validity */
    for (int i = 0; i < skip; i++)
        if (der_skip(&p, &left) < 0)
            return NULL;
    const unsigned char *subject = p;
    if (der_header(&p, &left, &tag, &cls, &len) < 0 || tag != V_ASN1_SEQUENCE)
        return NULL;
    long subject_len = (long)(p - subject) + len;
    return d2i_X509_NAME(NULL, &subject, subject_len);
}

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
