/* The issuer of a certificate chain that failed verification, for the
 * TLS-inspection finding: the common name of the CA nobody here trusts. */
#ifndef ARCPROBE_TLS_ISSUER_H
#define ARCPROBE_TLS_ISSUER_H

#include "arcprobe.h"

#include <curl/curl.h>

/* Have the transfer write into issuer (cleaned text; "" unless the chain is
 * refused for want of a trusted issuer) the common name of the certificate
 * authority that the refused certificate names as its issuer and that the
 * trust store does not hold. Without OpenSSL as libcurl's TLS backend it
 * does nothing and issuer stays "". issuer must outlive the transfer. */
void tls_issuer_watch(CURL *easy, char issuer[ARCP_NAME_MAX]);

#endif
