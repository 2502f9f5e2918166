/* The libcurl and trust-store state one thread keeps from batch to batch.
 *
 * Parsing the system bundle whole costs ~25-50 ms of CPU. Each thread keeps
 * one multi handle for its lifetime, and for every CA bundle it verifies
 * with, the store indexed over that bundle (ca_store.c), which decodes only
 * the certificates verification asks for. A bundle that cannot be indexed
 * is loaded by libcurl, which caches the parsed store in the multi handle.
 * What must not be kept is kept nowhere: http_batch forces a fresh
 * connection, a fresh name lookup and a fresh TLS handshake for every
 * request.
 *
 * A bundle replaced on disk (update-ca-certificates, a new inspection CA)
 * must count at the next batch (libcurl's own cache would last 24 h), so
 * every CA file a thread used is remembered with its identity, and any
 * change drops the handle and the stores. */
#include "http_session.h"
#include "ca_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A thread uses one CA file in practice (the configured one or the
 * system's); a few slots cover a changing configuration. */
#define CA_SLOTS 4

struct ca_identity {
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    int missing;
    X509_STORE *store; /* indexed over this file, or NULL */
    int store_tried;   /* ca_store_open() was asked already */
};

struct session {
    CURLM *multi;
    struct ca_identity ca[CA_SLOTS];
    size_t ca_count;
    int overflow; /* a CA file went unremembered: start afresh next time */
};

static pthread_key_t session_key;
static pthread_once_t session_once = PTHREAD_ONCE_INIT;
static int session_key_ok;

static void forget_cas(struct session *s)
{
    for (size_t i = 0; i < s->ca_count; i++) {
        free(s->ca[i].path);
        X509_STORE_free(s->ca[i].store);
    }
    s->ca_count = 0;
}

static void session_free(void *arg)
{
    struct session *s = arg;
    if (!s)
        return;
    if (s->multi)
        curl_multi_cleanup(s->multi);
    forget_cas(s);
    free(s);
}

static void make_key(void)
{
    session_key_ok = pthread_key_create(&session_key, session_free) == 0;
}

static void identify(const char *path, struct ca_identity *id)
{
    struct stat st;
    memset(id, 0, sizeof *id);
    if (stat(path, &st) != 0) {
        id->missing = 1;
        return;
    }
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    id->size = st.st_size;
    id->mtime = st.st_mtim;
}

static int same_identity(const struct ca_identity *a, const struct ca_identity *b)
{
    return a->missing == b->missing && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static struct session *this_thread(void)
{
    pthread_once(&session_once, make_key);
    if (!session_key_ok)
        return NULL;
    struct session *s = pthread_getspecific(session_key);
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s || pthread_setspecific(session_key, s) != 0) {
            free(s);
            return NULL;
        }
    }
    return s;
}

/* Has any CA file this thread's handle may have cached changed on disk? */
static int cas_changed(const struct session *s)
{
    for (size_t i = 0; i < s->ca_count; i++) {
        struct ca_identity now;
        identify(s->ca[i].path, &now);
        if (!same_identity(&now, &s->ca[i]))
            return 1;
    }
    return 0;
}

CURLM *http_session_multi(void)
{
    struct session *s = this_thread();
    if (!s)
        return NULL;
    if (s->multi && (s->overflow || cas_changed(s))) {
        curl_multi_cleanup(s->multi);
        s->multi = NULL;
        forget_cas(s);
        s->overflow = 0;
    }
    if (!s->multi)
        s->multi = curl_multi_init();
    return s->multi;
}

static struct ca_identity *note_ca(struct session *s, const char *path)
{
    for (size_t i = 0; i < s->ca_count; i++)
        if (strcmp(s->ca[i].path, path) == 0)
            return &s->ca[i];
    if (s->ca_count == CA_SLOTS) {
        /* more CA files than slots: start over next time rather than
         * miss a change (the handle may be busy now) */
        s->overflow = 1;
        return NULL;
    }
    struct ca_identity *id = &s->ca[s->ca_count];
    /* identified before it is read: a change in between shows as a
     * change at the next batch, never the other way round */
    identify(path, id);
    id->path = strdup(path);
    if (!id->path)
        return NULL;
    s->ca_count++;
    return id;
}

void http_session_note_ca(const char *path)
{
    struct session *s = this_thread();
    if (s && path && *path)
        note_ca(s, path);
}

X509_STORE *http_session_ca_store(const char *path)
{
    struct session *s = this_thread();
    if (!s || !path || !*path)
        return NULL;
    struct ca_identity *id = note_ca(s, path);
    if (!id)
        return NULL;
    if (!id->store_tried) {
        id->store_tried = 1;
        id->store = ca_store_open(path);
    }
    return id->store;
}

void http_session_release(void)
{
    pthread_once(&session_once, make_key);
    if (!session_key_ok)
        return;
    struct session *s = pthread_getspecific(session_key);
    pthread_setspecific(session_key, NULL);
    session_free(s);
}
