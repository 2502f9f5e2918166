/* curl_floor: the same HTTPS GETs as one endpoint cycle, with nothing of
 * arcprobe in the way: bare libcurl multi handles, the same CA and TLS
 * verification, spread over THREADS threads (one multi handle each).
 *
 *   curl_floor [--cycles N] [--pause-ms MS] [--connect-to SPEC] CA_FILE THREADS URL...
 *
 * Prints the wall time of all cycles in seconds; exits 1 if any GET failed.
 * endpoints_bench.sh runs one cycle next to the engine so the report shows
 * how much of the cycle time is libcurl + TLS itself on this machine.
 * With --cycles, each thread keeps its multi handle (and so libcurl's cached
 * CA store) from cycle to cycle while every GET still opens a new
 * connection after a new name lookup, as a long-running arcprobe host does:
 * daemon_cpu_bench.sh takes the CPU of such cycles as the floor of its own.
 * --pause-ms sleeps between cycles, as a daemon waits for its next interval,
 * and with one thread also prints the CPU per cycle after the first.
 * --connect-to is CURLOPT_CONNECT_TO's "HOST:PORT:CONNECT-TO-HOST:PORT". */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct share {
    const char *ca_file;
    const char *connect_to;
    int cycles;
    int pause_ms;
    double cpu_after_first; /* process CPU seconds when this share's first cycle ended */
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

static double process_cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static size_t discard_body(char *data, size_t size, size_t count, void *user)
{
    (void)data;
    (void)user;
    return size * count;
}

/* One cycle on multi: every URL of this thread's share, each on a new
 * connection. */
static void run_cycle(struct share *s, CURLM *multi, struct curl_slist *connect_to)
{
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
        /* measured, not remembered: as the engine, nothing carries over */
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(easy, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
        if (connect_to)
            curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to);
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
}

static void *run_share(void *arg)
{
    struct share *s = arg;
    struct curl_slist *connect_to = s->connect_to ? curl_slist_append(NULL, s->connect_to) : NULL;
    CURLM *multi = curl_multi_init();
    for (int c = 0; c < s->cycles; c++) {
        if (c > 0 && s->pause_ms > 0) {
            struct timespec pause = {s->pause_ms / 1000, (long)(s->pause_ms % 1000) * 1000000L};
            nanosleep(&pause, NULL);
        }
        run_cycle(s, multi, connect_to);
        if (c == 0)
            s->cpu_after_first = process_cpu_seconds();
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(connect_to);
    return NULL;
}

int main(int argc, char **argv)
{
    int cycles = 1, pause_ms = 0;
    const char *connect_to = NULL;
    while (argc > 2 && (strcmp(argv[1], "--cycles") == 0 || strcmp(argv[1], "--connect-to") == 0 ||
                        strcmp(argv[1], "--pause-ms") == 0)) {
        if (strcmp(argv[1], "--cycles") == 0)
            cycles = atoi(argv[2]);
        else if (strcmp(argv[1], "--pause-ms") == 0)
            pause_ms = atoi(argv[2]);
        else
            connect_to = argv[2];
        argc -= 2;
        argv += 2;
    }
    if (argc < 4 || cycles < 1) {
        fprintf(
            stderr,
            "usage: curl_floor [--cycles N] [--pause-ms MS] [--connect-to SPEC] CA_FILE THREADS "
            "URL...\n");
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
        shares[t] = (struct share){.ca_file = argv[1],
                                   .connect_to = connect_to,
                                   .cycles = cycles,
                                   .pause_ms = pause_ms,
                                   .urls = argv + 3,
                                   .url_count = argc - 3,
                                   .thread_count = threads,
                                   .thread_index = t};
        pthread_create(&ids[t], NULL, run_share, &shares[t]);
    }
    int failed = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        failed += shares[t].failed;
    }
    printf("%.6f\n", monotonic_seconds() - start);
    /* A paced run is a daemon's life: between cycles the caches go cold. Its
     * CPU per cycle leaves out the first cycle (start-up, the CA file read). */
    if (threads == 1 && cycles > 1)
        printf("cpu_ms_per_cycle=%.2f\n",
               (process_cpu_seconds() - shares[0].cpu_after_first) * 1000 / (cycles - 1));
    curl_global_cleanup();
    return failed ? 1 : 0;
}
