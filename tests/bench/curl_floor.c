/* curl_floor: the same HTTPS GETs as one endpoint cycle, with nothing of
 * arcprobe in the way: bare libcurl multi handles, the same CA and TLS
 * verification, spread over THREADS threads (one multi handle each).
 *
 *   curl_floor CA_FILE THREADS URL...
 *
 * Prints the wall time of the cycle in seconds; exits 1 if any GET failed.
 * endpoints_bench.sh runs it next to the engine so the report shows how much
 * of the cycle time is libcurl + TLS itself on this machine. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct share {
    const char *ca_file;
    char **urls;
    int url_count;
    int thread_count;
    int thread_index;
    int failed;
};

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t discard_body(char *data, size_t size, size_t count, void *user)
{
    (void)data;
    (void)user;
    return size * count;
}

static void *run_share(void *arg)
{
    struct share *s = arg;
    CURLM *multi = curl_multi_init();
    CURL **easies = calloc((size_t)s->url_count, sizeof *easies);
    int easy_count = 0;
    for (int i = s->thread_index; i < s->url_count; i += s->thread_count) {
        CURL *easy = curl_easy_init();
        easies[easy_count++] = easy;
        curl_easy_setopt(easy, CURLOPT_URL, s->urls[i]);
        curl_easy_setopt(easy, CURLOPT_CAINFO, s->ca_file);
        /* the same choice as the engine: no compiled-in CA directory to scan */
        curl_easy_setopt(easy, CURLOPT_CAPATH, NULL);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 10000L);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard_body);
        curl_multi_add_handle(multi, easy);
    }
    int running = 1;
    while (running) {
        if (curl_multi_perform(multi, &running) != CURLM_OK)
            break;
        if (running)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    CURLMsg *msg;
    int queued;
    while ((msg = curl_multi_info_read(multi, &queued)) != NULL) {
        if (msg->msg == CURLMSG_DONE && msg->data.result != CURLE_OK) {
            fprintf(stderr, "curl_floor: %s\n", curl_easy_strerror(msg->data.result));
            s->failed++;
        }
    }
    for (int i = 0; i < easy_count; i++) {
        curl_multi_remove_handle(multi, easies[i]);
        curl_easy_cleanup(easies[i]);
    }
    free(easies);
    curl_multi_cleanup(multi);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: curl_floor CA_FILE THREADS URL...\n");
        return 2;
    }
    int threads = atoi(argv[2]);
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "curl_floor: THREADS must be 1..64\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct share shares[64];
    pthread_t ids[64];
    double start = monotonic_seconds();
    for (int t = 0; t < threads; t++) {
        shares[t] = (struct share){argv[1], argv + 3, argc - 3, threads, t, 0};
        pthread_create(&ids[t], NULL, run_share, &shares[t]);
    }
    int failed = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        failed += shares[t].failed;
    }
    printf("%.6f\n", monotonic_seconds() - start);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
