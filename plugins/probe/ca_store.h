/* A trust store over a PEM CA bundle whose certificates are decoded only
 * when verification asks for them (see ca_store.c). */
#ifndef ARCPROBE_CA_STORE_H
#define ARCPROBE_CA_STORE_H

#include <openssl/x509_vfy.h>

/* A new store trusting exactly the certificates of the bundle at `path`.
 * NULL when the file cannot be served this way (unreadable, no certificate,
 * a block other than a plain certificate, a malformed one): loaded whole by
 * libcurl instead, it then succeeds or fails as it always did. */
X509_STORE *ca_store_open(const char *path);

#endif
