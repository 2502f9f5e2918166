/* The indexed CA store (ca_store.c) gives every verification the verdict
 * the whole bundle loaded by OpenSSL gives (libcurl's flags: trusted first,
 * partial chains), while decoding only the certificates asked for; bundles
 * it cannot serve that way are refused, so libcurl loads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ca_store.h"

#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/arcprobe-ca-store-XXXXXX";

struct issued {
    X509 *cert;
    EVP_PKEY *key;
};

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    assert_non_null(ext);
    assert_true(X509_add_ext(cert, ext, -1));
    X509_EXTENSION_free(ext);
}

/* A certificate for `cn`, signed by `by` (NULL: self-signed). */
static struct issued make_cert(const char *cn, const struct issued *by, int ca, long serial)
{
    struct issued out = {X509_new(), EVP_EC_gen("P-256")};
    assert_non_null(out.cert);
    assert_non_null(out.key);
    X509_set_version(out.cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(out.cert), serial);
    X509_NAME *name = X509_get_subject_name(out.cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"arcprobe test", -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(out.cert, by ? X509_get_subject_name(by->cert) : name);
    X509_gmtime_adj(X509_getm_notBefore(out.cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(out.cert), 86400);
    X509_set_pubkey(out.cert, out.key);
    X509 *issuer = by ? by->cert : out.cert;
    add_ext(out.cert, issuer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
    if (ca)
        add_ext(out.cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
    /* key identifiers, as real CAs have: they tell a renewed root apart */
    add_ext(out.cert, issuer, NID_subject_key_identifier, "hash");
    if (by)
        add_ext(out.cert, issuer, NID_authority_key_identifier, "keyid:always");
    assert_true(X509_sign(out.cert, by ? by->key : out.key, EVP_sha256()) > 0);
    return out;
}

static void issued_free(struct issued *c)
{
    X509_free(c->cert);
    EVP_PKEY_free(c->key);
}

/* A bundle file of `n` certificates, with `decoys` unrelated CAs first. */
static const char *write_bundle(const char *name, X509 *const *certs, size_t n, int decoys)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < decoys; i++) {
        char cn[32];
        snprintf(cn, sizeof cn, "Decoy Root %d", i);
        struct issued d = make_cert(cn, NULL, 1, 1000 + i);
        fprintf(f, "# %s\n", cn); /* text between blocks, as in ca-certificates.crt */
        PEM_write_X509(f, d.cert);
        issued_free(&d);
    }
    for (size_t i = 0; i < n; i++)
        PEM_write_X509(f, certs[i]);
    fclose(f);
    return path;
}

struct verdict {
    int ok;
    int error;
    int depth; /* certificates in the chain built */
};

static struct verdict verify_with(X509_STORE *store, X509 *leaf, X509 *const *sent, size_t n)
{
    X509_STORE_set_flags(store, X509_V_FLAG_TRUSTED_FIRST | X509_V_FLAG_PARTIAL_CHAIN);
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    for (size_t i = 0; i < n; i++)
        sk_X509_push(untrusted, sent[i]);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    assert_true(X509_STORE_CTX_init(ctx, store, leaf, untrusted));
    struct verdict v;
    v.ok = X509_verify_cert(ctx);
    v.error = X509_STORE_CTX_get_error(ctx);
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    v.depth = chain ? sk_X509_num(chain) : 0;
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    return v;
}

static int objects_in(X509_STORE *store)
{
    return sk_X509_OBJECT_num(X509_STORE_get0_objects(store));
}

/* Both stores over `bundle` judge the chain alike; returns the verdict and
 * how many certificates the indexed store decoded for it. */
static struct verdict same_verdict(const char *bundle, X509 *leaf, X509 *const *sent, size_t n,
                                   int *decoded)
{
    X509_STORE *whole = X509_STORE_new();
    assert_true(X509_STORE_load_file(whole, bundle));
    X509_STORE *indexed = ca_store_open(bundle);
    assert_non_null(indexed);
    struct verdict a = verify_with(whole, leaf, sent, n);
    struct verdict b = verify_with(indexed, leaf, sent, n);
    if (a.ok != b.ok || a.error != b.error || a.depth != b.depth)
        fail_msg(
            "whole bundle: ok=%d error=%d (%s) depth=%d; indexed: ok=%d error=%d (%s) depth=%d",
            a.ok, a.error, X509_verify_cert_error_string(a.error), a.depth, b.ok, b.error,
            X509_verify_cert_error_string(b.error), b.depth);
    if (decoded)
        *decoded = objects_in(indexed);
    X509_STORE_free(indexed);
    X509_STORE_free(whole);
    return a;
}

static void test_root_among_many_decodes_one(void **state)
{
    (void)state;
    struct issued root = make_cert("Root A", NULL, 1, 1);
    struct issued leaf = make_cert("leaf.example", &root, 0, 2);
    const char *bundle = write_bundle("many.pem", &root.cert, 1, 40);
    int decoded = -1;
    struct verdict v = same_verdict(bundle, leaf.cert, NULL, 0, &decoded);
    assert_int_equal(v.ok, 1);
    assert_int_equal(v.depth, 2);
    assert_int_equal(decoded, 1); /* of 41 */
    issued_free(&leaf);
    issued_free(&root);
}

/* Root A -> Issuing CA 1 -> leaf.example */
struct chain {
    struct issued root, mid, leaf;
};

static struct chain make_chain(void)
{
    struct chain c;
    c.root = make_cert("Root A", NULL, 1, 1);
    c.mid = make_cert("Issuing CA 1", &c.root, 1, 5);
    c.leaf = make_cert("leaf.example", &c.mid, 0, 6);
    return c;
}

static void chain_free(struct chain *c)
{
    issued_free(&c->leaf);
    issued_free(&c->mid);
    issued_free(&c->root);
}

/* A chain whose root the bundle lacks (as behind a TLS inspection proxy
 * whose CA is not installed): refused alike, for the same reason. */
static void test_unknown_issuer_refused_alike(void **state)
{
    (void)state;
    struct chain c = make_chain();
    struct issued other = make_cert("Root B", NULL, 1, 3);
    const char *bundle = write_bundle("other.pem", &other.cert, 1, 5);
    struct verdict v = same_verdict(bundle, c.leaf.cert, &c.mid.cert, 1, NULL);
    assert_int_equal(v.ok, 0);
    assert_int_equal(v.error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    issued_free(&other);
    chain_free(&c);
}

static void test_intermediate_sent_by_server(void **state)
{
    (void)state;
    struct chain c = make_chain();
    const char *bundle = write_bundle("root.pem", &c.root.cert, 1, 5);
    struct verdict v = same_verdict(bundle, c.leaf.cert, &c.mid.cert, 1, NULL);
    assert_int_equal(v.ok, 1);
    assert_int_equal(v.depth, 3);
    /* without the intermediate: refused alike */
    v = same_verdict(bundle, c.leaf.cert, NULL, 0, NULL);
    assert_int_equal(v.ok, 0);
    chain_free(&c);
}

static void test_intermediate_as_trust_anchor(void **state)
{
    (void)state;
    struct chain c = make_chain();
    const char *bundle = write_bundle("mid.pem", &c.mid.cert, 1, 5);
    struct verdict v = same_verdict(bundle, c.leaf.cert, NULL, 0, NULL);
    assert_int_equal(v.ok, 1);
    assert_int_equal(v.depth, 2);
    chain_free(&c);
}

/* Two CAs with one subject (a renewed root): the one that signed is found
 * though the other comes first in the bundle. */
static void test_every_certificate_of_a_subject(void **state)
{
    (void)state;
    struct issued old_root = make_cert("Root R", NULL, 1, 7);
    struct issued new_root = make_cert("Root R", NULL, 1, 8);
    struct issued leaf = make_cert("leaf.example", &new_root, 0, 9);
    X509 *both[] = {old_root.cert, new_root.cert};
    const char *bundle = write_bundle("renewed.pem", both, 2, 3);
    int decoded = -1;
    struct verdict v = same_verdict(bundle, leaf.cert, NULL, 0, &decoded);
    assert_int_equal(v.ok, 1);
    assert_int_equal(decoded, 2);
    issued_free(&leaf);
    issued_free(&new_root);
    issued_free(&old_root);
}

static const char *write_text(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Left to libcurl, which loads them as it always did (or fails to). */
static void test_bundles_not_indexed(void **state)
{
    (void)state;
    char missing[300];
    snprintf(missing, sizeof missing, "%s/missing.pem", dir);
    assert_null(ca_store_open(missing));
    assert_null(ca_store_open(write_text("empty.pem", "")));
    assert_null(ca_store_open(write_text("text.pem", "no certificate here\n")));
    assert_null(ca_store_open(write_text(
        "bad.pem", "-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n")));
    assert_null(ca_store_open(write_text(
        "notcert.pem", "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n")));

    /* trust settings (OpenSSL's TRUSTED CERTIFICATE) after a plain one */
    struct issued root = make_cert("Root A", NULL, 1, 1);
    const char *bundle = write_bundle("trusted.pem", &root.cert, 1, 1);
    FILE *f = fopen(bundle, "a");
    assert_non_null(f);
    PEM_write_X509_AUX(f, root.cert);
    fclose(f);
    assert_null(ca_store_open(bundle));
    issued_free(&root);
}

/* A certificate damaged after its subject (here its signature algorithm
 * no longer a SEQUENCE, every length intact): the whole load refuses the
 * bundle, so the index must too. Indexed, its subject would be found and
 * the certificate not, and verification would miss an issuer the bundle
 * names, which the endpoint check takes for TLS inspection. */
static void test_damaged_certificate_not_indexed(void **state)
{
    (void)state;
    struct issued root = make_cert("Root Damaged", NULL, 1, 7);
    unsigned char *der = NULL;
    int len = i2d_X509(root.cert, &der);
    assert_true(len > 8 && der[0] == 0x30 && der[1] == 0x82 && der[4] == 0x30 && der[5] == 0x82);
    size_t signature_algorithm = 8 + ((size_t)der[6] << 8 | der[7]);
    assert_true(signature_algorithm < (size_t)len && der[signature_algorithm] == 0x30);
    der[signature_algorithm] = 0x31;
    const char *bundle = write_bundle("damaged.pem", NULL, 0, 3);
    FILE *f = fopen(bundle, "a");
    assert_non_null(f);
    assert_true(PEM_write(f, "CERTIFICATE", "", der, len) > 0);
    fclose(f);
    OPENSSL_free(der);

    X509_STORE *whole = X509_STORE_new();
    assert_false(X509_STORE_load_file(whole, bundle));
    X509_STORE_free(whole);
    ERR_clear_error();
    assert_null(ca_store_open(bundle));
    issued_free(&root);
}

/* The system bundle (the default when no ca_file is set) is served indexed. */
static void test_system_bundle_indexed(void **state)
{
    (void)state;
    const char *system_bundle = "/etc/ssl/certs/ca-certificates.crt";
    if (access(system_bundle, R_OK) != 0)
        skip();
    X509_STORE *store = ca_store_open(system_bundle);
    assert_non_null(store);
    assert_int_equal(objects_in(store), 0);
    X509_STORE_free(store);
}

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_among_many_decodes_one),
        cmocka_unit_test(test_unknown_issuer_refused_alike),
        cmocka_unit_test(test_intermediate_sent_by_server),
        cmocka_unit_test(test_intermediate_as_trust_anchor),
        cmocka_unit_test(test_every_certificate_of_a_subject),
        cmocka_unit_test(test_bundles_not_indexed),
        cmocka_unit_test(test_damaged_certificate_not_indexed),
        cmocka_unit_test(test_system_bundle_indexed),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
