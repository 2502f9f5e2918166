/* The libcurl state one thread keeps across batches (see http_session.c). */
#ifndef ARCPROBE_HTTP_SESSION_H
#define ARCPROBE_HTTP_SESSION_H

#include <curl/curl.h>
#include <openssl/x509_vfy.h>

/* The calling thread's multi handle, made on first use and kept; replaced
 * when a CA file noted with http_session_note_ca() changed on disk. Not to
 * be used by two batches at once. NULL when it cannot be made. */
CURLM *http_session_multi(void);

/* A request of the current batch verifies with this CA file. */
void http_session_note_ca(const char *path);

/* The same, for a request that can verify with the calling thread's store
 * indexed over the file (ca_store.c): that store, made on first use and
 * kept like the multi handle; NULL when libcurl must load the file. */
X509_STORE *http_session_ca_store(const char *path);

/* Drop the calling thread's handle now (other threads' go when they end). */
void http_session_release(void);

#endif
