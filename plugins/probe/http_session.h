/* The libcurl state one thread keeps across batches (see http_session.c). */
#ifndef ARCPROBE_HTTP_SESSION_H
#define ARCPROBE_HTTP_SESSION_H

#include <curl/curl.h>

/* The calling thread's multi handle, made on first use and kept; replaced
 * when a CA file noted with http_session_note_ca() changed on disk. Not to
 * be used by two batches at once. NULL when it cannot be made. */
CURLM *http_session_multi(void);

/* A request of the current batch verifies with this CA file. */
void http_session_note_ca(const char *path);

/* Drop the calling thread's handle now (other threads' go when they end). */
void http_session_release(void);

#endif
