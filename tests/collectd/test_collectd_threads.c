/* test_collectd_threads.c - azure_arc under several read threads, against a
 * stand-in for collectd that does not serialise the plugin (collectd_stub_mt.c).
 *
 * In the default build this runs under ThreadSanitizer (run_tsan.sh fails the
 * test on any report); in the ASan build the same assertions run with leak
 * detection. What is shared between threads, and so what is exercised:
 *  - different instances read at once (collectd's ReadThreads): the core,
 *    the plugin's file-level state, hostname_g;
 *  - one instance read by several threads at once: collectd 5.12 never does
 *    this (a read function is off the heap while it runs), but the plugin
 *    promises it (azure_arc.h) and guards it with the instance's lock;
 *  - instances freed by read threads at once: after plugin_unregister_read_group
 *    (azarc_init's failure path) each read thread frees what it takes off the
 *    heap, and every free releases the instance's name in the plugin's table.
 * collectd joins its read threads before it frees the remaining instances at
 * shutdown, so a read never races its own instance's free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "azure_arc.h"
#include "collectd_stub_mt.h"
#include "test_dir.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef AZARC_REQUIRE_TSAN
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define AZARC_HAVE_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define AZARC_HAVE_TSAN 1
#endif
#ifndef AZARC_HAVE_TSAN
#error "this build of the test is meant to run under ThreadSanitizer (-fsanitize=thread)"
#endif
#endif

enum { THREADS = 4, ROUNDS = 8 };

/* ------------------------------------------------------------------ */
/* configuration trees                                                 */

static oconfig_item_t *item_add(oconfig_item_t *parent, const char *key, int nvalues, ...)
{
    oconfig_item_t *grown =
        realloc(parent->children, (parent->children_num + 1) * sizeof(*parent->children));
    assert_non_null(grown);
    parent->children = grown;
    oconfig_item_t *ci = &parent->children[parent->children_num++];
    memset(ci, 0, sizeof(*ci));
    ci->key = strdup(key);
    ci->parent = parent;
    ci->values = calloc((size_t)nvalues, sizeof(*ci->values));
    assert_true(ci->key != NULL && (nvalues == 0 || ci->values != NULL));
    va_list ap;
    va_start(ap, nvalues);
    for (int i = 0; i < nvalues; i++) {
        ci->values[i].type = OCONFIG_TYPE_STRING;
        ci->values[i].value.string = strdup(va_arg(ap, const char *));
        assert_non_null(ci->values[i].value.string);
    }
    va_end(ap);
    ci->values_num = nvalues;
    return ci;
}

static void item_free_contents(oconfig_item_t *ci)
{
    for (int i = 0; i < ci->values_num; i++)
        free(ci->values[i].value.string);
    free(ci->values);
    for (int i = 0; i < ci->children_num; i++)
        item_free_contents(&ci->children[i]);
    free(ci->children);
    free(ci->key);
}

/* An unused TCP port on 127.0.0.1: connecting to it is refused. */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* Instance i checks himds alone when even and everything when odd (the
 * endpoints on libcurl, the AZCM log scan), so the instances differ in what
 * they dispatch and the whole core runs on several threads at once. */
static int checks_all(size_t i)
{
    return i % 2 == 1;
}

/* "state" and 5 himds values; with every check also 5 agent (3 + the
 * expiry countdown's 2), 3 AZCM, 3 endpoint summary + 2 clock and 8 values
 * per endpoint. */
static int values_per_read_ok(size_t i, size_t values)
{
    if (!checks_all(i))
        return values == 1 + 5;
    size_t fixed = 1 + 5 + 5 + 3 + 3 + 2;
    return values >= fixed && (values - fixed) % 8 == 0;
}

static void instance_name(char *buf, size_t len, size_t i)
{
    snprintf(buf, len, "inst%02zu", i);
}

/* An endpoint list for every instance (NULL: the catalog). */
static const char *configured_endpoints;

/* Run the config and init callbacks as collectd does before it starts its
 * read threads: n instances, each against its own refused himds port. */
static void configure(size_t n)
{
    oconfig_item_t root = {0};
    root.key = strdup("Plugin");
    assert_non_null(root.key);
    for (size_t i = 0; i < n; i++) {
        char name[32], url[64], agent_dir[300], connect_to[64];
        instance_name(name, sizeof(name), i);
        snprintf(url, sizeof(url), "http://127.0.0.1:%d", closed_port());
        snprintf(agent_dir, sizeof(agent_dir), "%s/agent-%zu", test_dir, i);
        /* Every endpoint goes to a refused loopback port, never out. */
        snprintf(connect_to, sizeof(connect_to), "::127.0.0.1:%d", closed_port());
        oconfig_item_t *b = item_add(&root, "Instance", 1, name);
        item_add(b, "Checks", 1, checks_all(i) ? "all" : "himds");
        item_add(b, "Timeout", 1, "5");
        item_add(b, "Set", 2, "himds_url", url);
        item_add(b, "Set", 2, "service_check", "none");
        item_add(b, "Set", 2, "agent_dir", agent_dir);
        item_add(b, "Set", 2, "proxy", "none");
        item_add(b, "Set", 2, "connect_to", connect_to);
        if (configured_endpoints)
            item_add(b, "Set", 2, "endpoints", configured_endpoints);
        /* item_add may move root.children: fix the parents afterwards. */
        for (int c = 0; c < root.children_num; c++) {
            for (int k = 0; k < root.children[c].children_num; k++)
                root.children[c].children[k].parent = &root.children[c];
        }
    }
    assert_int_equal(mt_config_cb(&root), 0);
    item_free_contents(&root);
    assert_int_equal(mt_init_cb(), 0);
    for (size_t i = 0; i < n; i++) {
        char name[32], read_name[64];
        instance_name(name, sizeof(name), i);
        snprintf(read_name, sizeof(read_name), "azure_arc/%s", name);
        assert_non_null(mt_find_read(read_name));
    }
    assert_int_equal(mt_errors_outside_reads(), 0);
}

static size_t instance_index(const char *instance)
{
    unsigned i = 0;
    if (sscanf(instance, "inst%02u", &i) != 1)
        fail_msg("record for unknown instance \"%s\"", instance);
    return i;
}

/* Every read's own values and notifications, and at most max_logs lines. */
static void assert_record_clean(const struct mt_read_record *r, size_t max_logs)
{
    size_t i = instance_index(r->instance);
    if (r->status != 0 || r->foreign != 0 || r->logs > max_logs ||
        !values_per_read_ok(i, r->values) || r->unexpected_notifications != 0)
        fail_msg("instance %s round %zu: status %d, %zu values, %zu naming another instance, "
                 "%zu log lines, %zu notifications after the first read",
                 r->instance, r->round, r->status, r->values, r->foreign, r->logs,
                 r->unexpected_notifications);
    assert_true(r->himds_state >= ARCP_WARNING && r->himds_state <= ARCP_UNKNOWN);
    assert_true(r->state >= r->himds_state);
}

/* ------------------------------------------------------------------ */
/* fixtures                                                            */

static int setup_all(void **state)
{
    (void)state;
    return test_dir_create("azarc-threads");
}

static int teardown_all(void **state)
{
    (void)state;
    return test_dir_remove();
}

static int reset(void **state)
{
    (void)state;
    configured_endpoints = NULL;
    mt_reset();
    module_register();
    return 0;
}

static int finish(void **state)
{
    (void)state;
    mt_reset();
    return 0;
}

/* ------------------------------------------------------------------ */
/* tests                                                               */

static void test_instances_read_concurrently(void **state)
{
    (void)state;
    enum { INSTANCES = 6 };
    configure(INSTANCES);
    assert_int_equal(mt_run_scheduled(THREADS, ROUNDS), 0);

    assert_int_equal(mt_record_count(), INSTANCES * ROUNDS);
    size_t seen[INSTANCES][ROUNDS] = {{0}};
    const struct mt_read_record *first[INSTANCES] = {0};
    for (size_t k = 0; k < mt_record_count(); k++) {
        const struct mt_read_record *r = mt_record_at(k);
        assert_record_clean(r, 0);
        size_t i = instance_index(r->instance);
        assert_true(i < INSTANCES && r->round < ROUNDS);
        seen[i][r->round]++;
        if (r->round == 0)
            first[i] = r;
    }
    for (size_t i = 0; i < INSTANCES; i++) {
        for (size_t round = 0; round < ROUNDS; round++)
            assert_int_equal(seen[i][round], 1);
        /* Each instance's own state starts OK and finds himds down (and,
         * with the agent check, the agent unknown) once: a notification
         * lost to another instance's state would show here. */
        print_message("%s: %zu values, %zu notifications in its first read\n", first[i]->instance,
                      first[i]->values, first[i]->notifications);
        if (checks_all(i))
            assert_true(first[i]->notifications >= 2);
        else
            assert_int_equal(first[i]->notifications, 1);
    }
    /* Every later read reported what the first did. */
    for (size_t k = 0; k < mt_record_count(); k++) {
        const struct mt_read_record *r = mt_record_at(k);
        const struct mt_read_record *f = first[instance_index(r->instance)];
        assert_true(r->state == f->state && r->himds_state == f->himds_state);
        assert_int_equal(r->values, f->values);
    }
    assert_int_equal(mt_stray_dispatches(), 0);
    /* collectd's shutdown: threads joined, then every instance freed here. */
    mt_shutdown();
    assert_int_equal(mt_errors_outside_reads(), 0);
}

static void test_same_instance_reentered(void **state)
{
    (void)state;
    configure(1);
    struct mt_read *r = mt_find_read("azure_arc/inst00");
    assert_non_null(r);
    /* collectd refusing every other read's values: each read changes the
     * instance's complaint state (one warning, or its release) as well */
    mt_refuse_odd_rounds = 1;
    assert_int_equal(mt_run_reentered(r, THREADS, ROUNDS), 0);

    assert_int_equal(mt_record_count(), THREADS * ROUNDS);
    size_t notifications = 0;
    for (size_t k = 0; k < mt_record_count(); k++) {
        const struct mt_read_record *rec = mt_record_at(k);
        assert_record_clean(rec, 1);
        notifications += rec->notifications;
    }
    /* The change OK -> CRITICAL is raised by exactly one of the reads. */
    assert_int_equal(notifications, 1);
    assert_int_equal(mt_stray_dispatches(), 0);
    mt_shutdown();
}

static void test_removed_instances_freed_by_read_threads(void **state)
{
    (void)state;
    enum { INSTANCES = 64 };
    configure(INSTANCES);
    /* What azarc_init does when the core cannot be set up, before collectd
     * starts its read threads; each thread then frees what it takes. */
    assert_int_equal(plugin_unregister_read_group(AZARC_PLUGIN), 0);
    assert_int_equal(mt_run_scheduled(THREADS, 1), 0);
    assert_int_equal(mt_record_count(), 0);
    for (size_t i = 0; i < mt_read_count(); i++)
        assert_true(mt_read_at(i)->freed);
    /* Every name was released: the same instances register again without
     * "configured twice" errors (configure() asserts no error was logged). */
    configure(INSTANCES);

    /* The same, with the threads freeing in lockstep: the frees of one round
     * are certain to be unordered, so a table without its lock is seen. */
    assert_int_equal(plugin_unregister_read_group(AZARC_PLUGIN), 0);
    assert_int_equal(mt_free_removed_at_once(THREADS), INSTANCES);
    configure(INSTANCES);
    mt_shutdown();
}

/* Threads of this process named like the core's batch helper
 * (http_batch_helper.c). */
static int helper_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[300], name[32] = "";
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        if (fgets(name, sizeof(name), f) != NULL && strcmp(name, "arcprobe-http2\n") == 0)
            n++;
        fclose(f);
    }
    closedir(d);
    return n;
}

struct helper_watch {
    pthread_mutex_t lock;
    int stop;
    int most; /* helper threads seen alive at once */
};

static void *watch_helpers(void *arg)
{
    struct helper_watch *w = arg;
    for (;;) {
        int n = helper_threads();
        pthread_mutex_lock(&w->lock);
        if (n > w->most)
            w->most = n;
        int stop = w->stop;
        pthread_mutex_unlock(&w->lock);
        if (stop)
            return NULL;
        usleep(1000);
    }
}

static int usable_cpus(void)
{
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    return sched_getaffinity(0, sizeof(cpus), &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
}

/* Endpoint lists long enough for the core to run half of each on a helper
 * thread per read thread: the helpers work while the reads run, and each
 * is gone once collectd has joined its read threads (no global clean-up
 * comes at collectd's shutdown). */
static void test_big_endpoint_lists_leave_no_thread(void **state)
{
    (void)state;
    enum { INSTANCES = 4, ENDPOINTS = 32 };
    static char list[ENDPOINTS * 40];
    size_t used = 0;
    for (int i = 0; i < ENDPOINTS; i++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "https://e%d.example.test/ ", i);
    configured_endpoints = list;
    configure(INSTANCES);
    struct helper_watch w = {.lock = PTHREAD_MUTEX_INITIALIZER};
    pthread_t watcher;
    assert_int_equal(pthread_create(&watcher, NULL, watch_helpers, &w), 0);
    assert_int_equal(mt_run_scheduled(THREADS, 3), 0);
    pthread_mutex_lock(&w.lock);
    w.stop = 1;
    pthread_mutex_unlock(&w.lock);
    pthread_join(watcher, NULL);

    assert_int_equal(mt_record_count(), INSTANCES * 3);
    for (size_t k = 0; k < mt_record_count(); k++)
        assert_record_clean(mt_record_at(k), 0);
    print_message("batch helpers alive at once: %d\n", w.most);
    if (usable_cpus() >= 2)
        assert_true(w.most >= 1);
    assert_int_equal(helper_threads(), 0);
    mt_shutdown();
    assert_int_equal(helper_threads(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_instances_read_concurrently, reset, finish),
        cmocka_unit_test_setup_teardown(test_same_instance_reentered, reset, finish),
        cmocka_unit_test_setup_teardown(test_removed_instances_freed_by_read_threads, reset,
                                        finish),
        cmocka_unit_test_setup_teardown(test_big_endpoint_lists_leave_no_thread, reset, finish),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
