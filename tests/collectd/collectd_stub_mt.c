/* collectd_stub_mt.c - non-serialising stand-in for collectd's plugin API and
 * an emulation of collectd 5.12's read threads (see collectd_stub_mt.h).
 */
#include "collectd_stub_mt.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int (*mt_config_cb)(oconfig_item_t *);
int (*mt_init_cb)(void);
int mt_refuse_odd_rounds;

static char hostname_buf[] = "stubhost";
char *hostname_g = hostname_buf;

static struct mt_read reads[MT_MAX_READS];
static size_t reads_count;

/* Relaxed atomics: counted without ordering anything between threads. */
static atomic_size_t errors_outside_reads;
static atomic_size_t stray_dispatches;

static struct mt_read_record *records;
static size_t records_count, records_cap;

/* The read this thread is running, if any. */
static _Thread_local struct mt_read_record *current;

/* ---- the plugin API ---- */

int plugin_register_complex_config(const char *type, int (*callback)(oconfig_item_t *))
{
    (void)type;
    mt_config_cb = callback;
    return 0;
}

int plugin_register_init(const char *name, plugin_init_cb callback)
{
    (void)name;
    mt_init_cb = callback;
    return 0;
}

int plugin_register_complex_read(const char *group, const char *name, plugin_read_cb callback,
                                 cdtime_t interval, user_data_t const *user_data)
{
    (void)interval;
    /* As collectd 5.12: a duplicate name is refused and the user data freed. */
    if (mt_find_read(name) != NULL || reads_count >= MT_MAX_READS) {
        if (user_data != NULL && user_data->free_func != NULL)
            user_data->free_func(user_data->data);
        return EINVAL;
    }
    struct mt_read *r = &reads[reads_count++];
    memset(r, 0, sizeof(*r));
    snprintf(r->group, sizeof(r->group), "%s", group != NULL ? group : "");
    snprintf(r->name, sizeof(r->name), "%s", name);
    const char *slash = strchr(r->name, '/');
    r->instance = slash != NULL ? slash + 1 : r->name;
    r->callback = callback;
    if (user_data != NULL)
        r->ud = *user_data;
    return 0;
}

int plugin_unregister_read_group(const char *group)
{
    /* collectd only marks the functions (RF_REMOVE); a read thread frees
     * each when it next takes it off the heap. */
    int found = 0;
    for (size_t i = 0; i < reads_count; i++) {
        if (strcmp(reads[i].group, group) == 0 && !reads[i].removed) {
            reads[i].removed = 1;
            found++;
        }
    }
    return found > 0 ? 0 : -ENOENT;
}

int plugin_dispatch_values(value_list_t const *vl)
{
    struct mt_read_record *rec = current;
    if (rec == NULL) {
        atomic_fetch_add_explicit(&stray_dispatches, 1, memory_order_relaxed);
        return 0;
    }
    rec->values++;
    if (strcmp(vl->plugin_instance, rec->instance) != 0 || strcmp(vl->plugin, "azure_arc") != 0)
        rec->foreign++;
    if (vl->values_len == 1 && strcmp(vl->type, "gauge") == 0) {
        if (strcmp(vl->type_instance, "state") == 0)
            rec->state = vl->values[0].gauge;
        else if (strcmp(vl->type_instance, "himds_state") == 0)
            rec->himds_state = vl->values[0].gauge;
    }
    return mt_refuse_odd_rounds && rec->round % 2 == 1 ? -1 : 0;
}

int plugin_dispatch_notification(const notification_t *n)
{
    struct mt_read_record *rec = current;
    if (rec == NULL) {
        atomic_fetch_add_explicit(&stray_dispatches, 1, memory_order_relaxed);
        return 0;
    }
    rec->notifications++;
    if (strcmp(n->plugin_instance, rec->instance) != 0 || strcmp(n->plugin, "azure_arc") != 0)
        rec->foreign++;
    /* Nothing changes after the first read, so nothing may be raised. */
    if (rec->round > 0)
        rec->unexpected_notifications++;
    return 0;
}

void plugin_log(int level, const char *format, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, format);
    vsnprintf(msg, sizeof(msg), format, ap);
    va_end(ap);
    struct mt_read_record *rec = current;
    if (rec != NULL) {
        rec->logs++;
        return;
    }
    if (level <= LOG_ERR) {
        atomic_fetch_add_explicit(&errors_outside_reads, 1, memory_order_relaxed);
        fprintf(stderr, "collectd_stub_mt: ERROR logged: %s\n", msg);
    }
}

cdtime_t plugin_get_interval(void)
{
    return DOUBLE_TO_CDTIME_T(10.0);
}

cdtime_t cdtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return TIMESPEC_TO_CDTIME_T(&ts);
}

/* ---- the registration table and records ---- */

size_t mt_read_count(void)
{
    return reads_count;
}

struct mt_read *mt_read_at(size_t i)
{
    return i < reads_count ? &reads[i] : NULL;
}

struct mt_read *mt_find_read(const char *name)
{
    for (size_t i = 0; i < reads_count; i++) {
        if (!reads[i].removed && strcmp(reads[i].name, name) == 0)
            return &reads[i];
    }
    return NULL;
}

size_t mt_errors_outside_reads(void)
{
    return atomic_load_explicit(&errors_outside_reads, memory_order_relaxed);
}

size_t mt_stray_dispatches(void)
{
    return atomic_load_explicit(&stray_dispatches, memory_order_relaxed);
}

size_t mt_record_count(void)
{
    return records_count;
}

const struct mt_read_record *mt_record_at(size_t i)
{
    return i < records_count ? &records[i] : NULL;
}

/* Called on the main thread after the thread that made them was joined. */
static void keep_records(const struct mt_read_record *recs, size_t n)
{
    if (n == 0)
        return;
    if (records_count + n > records_cap) {
        size_t want = (records_count + n) * 2;
        struct mt_read_record *grown = realloc(records, want * sizeof(*records));
        if (grown == NULL) {
            fprintf(stderr, "collectd_stub_mt: out of memory\n");
            abort();
        }
        records = grown;
        records_cap = want;
    }
    memcpy(records + records_count, recs, n * sizeof(*recs));
    records_count += n;
}

/* Each thread's own records. */
struct thread_log {
    struct mt_read_record *recs;
    size_t count, cap;
};

static void run_one(struct thread_log *log, struct mt_read *r, size_t round)
{
    struct mt_read_record rec = {.instance = r->instance, .round = round};
    rec.state = rec.himds_state = -1;
    current = &rec;
    rec.status = r->callback(&r->ud);
    current = NULL;
    if (log->count == log->cap) {
        size_t want = log->cap ? log->cap * 2 : 32;
        struct mt_read_record *grown = realloc(log->recs, want * sizeof(*grown));
        if (grown == NULL)
            abort();
        log->recs = grown;
        log->cap = want;
    }
    log->recs[log->count++] = rec;
}

/* ---- collectd's read threads ---- */

static struct {
    pthread_mutex_t lock; /* collectd's read_lock */
    pthread_cond_t cond;
    struct mt_read *queue[MT_MAX_READS];
    size_t head, len; /* a ring; collectd's heap orders by due time */
    size_t finished, total;
    size_t rounds;
    pthread_barrier_t start;
} sched = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void queue_push(struct mt_read *r)
{
    sched.queue[(sched.head + sched.len) % MT_MAX_READS] = r;
    sched.len++;
}

static struct mt_read *queue_pop(void)
{
    struct mt_read *r = sched.queue[sched.head];
    sched.head = (sched.head + 1) % MT_MAX_READS;
    sched.len--;
    return r;
}

static void *read_thread(void *arg)
{
    struct thread_log *log = arg;
    pthread_barrier_wait(&sched.start);
    for (;;) {
        pthread_mutex_lock(&sched.lock);
        while (sched.len == 0 && sched.finished < sched.total)
            pthread_cond_wait(&sched.cond, &sched.lock);
        if (sched.len == 0) {
            pthread_mutex_unlock(&sched.lock);
            break;
        }
        struct mt_read *r = queue_pop();
        int removed = r->removed;
        size_t round = r->rounds_done;
        pthread_mutex_unlock(&sched.lock);

        if (removed) {
            /* destroy_callback, outside read_lock as in collectd */
            if (r->ud.free_func != NULL)
                r->ud.free_func(r->ud.data);
            pthread_mutex_lock(&sched.lock);
            r->freed = 1;
            sched.finished++;
            pthread_cond_broadcast(&sched.cond);
            pthread_mutex_unlock(&sched.lock);
            continue;
        }

        run_one(log, r, round);

        pthread_mutex_lock(&sched.lock);
        if (++r->rounds_done < sched.rounds)
            queue_push(r);
        else
            sched.finished++;
        pthread_cond_broadcast(&sched.cond);
        pthread_mutex_unlock(&sched.lock);
    }
    return NULL;
}

int mt_run_scheduled(size_t threads, size_t rounds)
{
    struct thread_log logs[16];
    pthread_t th[16];
    memset(logs, 0, sizeof(logs));
    if (threads > 16)
        threads = 16;

    /* Filled before any thread starts: no lock needed yet. */
    sched.head = sched.len = sched.finished = sched.total = 0;
    sched.rounds = rounds;
    for (size_t i = 0; i < reads_count; i++) {
        if (reads[i].freed)
            continue;
        reads[i].rounds_done = 0;
        queue_push(&reads[i]);
        sched.total++;
    }
    if (pthread_barrier_init(&sched.start, NULL, (unsigned)threads) != 0)
        return -1;
    size_t started = 0;
    for (; started < threads; started++) {
        if (pthread_create(&th[started], NULL, read_thread, &logs[started]) != 0)
            break;
    }
    if (started < threads) {
        /* The started threads wait at the barrier forever: give up. */
        fprintf(stderr, "collectd_stub_mt: pthread_create failed\n");
        abort();
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&sched.start);
    for (size_t i = 0; i < started; i++) {
        keep_records(logs[i].recs, logs[i].count);
        free(logs[i].recs);
    }
    return 0;
}

struct reentry {
    struct thread_log log;
    struct mt_read *read;
    size_t rounds;
};

static void *reentry_thread(void *arg)
{
    struct reentry *re = arg;
    for (size_t i = 0; i < re->rounds; i++)
        run_one(&re->log, re->read, i);
    return NULL;
}

int mt_run_reentered(struct mt_read *read, size_t threads, size_t rounds)
{
    struct reentry re[16];
    pthread_t th[16];
    if (threads > 16)
        threads = 16;
    size_t started = 0;
    for (; started < threads; started++) {
        re[started] = (struct reentry){.read = read, .rounds = rounds};
        if (pthread_create(&th[started], NULL, reentry_thread, &re[started]) != 0)
            break;
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < started; i++) {
        keep_records(re[i].log.recs, re[i].log.count);
        free(re[i].log.recs);
    }
    return started == threads ? 0 : -1;
}

static struct {
    pthread_barrier_t round;
    struct mt_read *removed[MT_MAX_READS];
    size_t count, threads;
} at_once;

static void *free_thread(void *arg)
{
    size_t t = (size_t)(uintptr_t)arg;
    size_t rounds = (at_once.count + at_once.threads - 1) / at_once.threads;
    for (size_t k = 0; k < rounds; k++) {
        pthread_barrier_wait(&at_once.round);
        size_t i = k * at_once.threads + t;
        if (i < at_once.count) {
            struct mt_read *r = at_once.removed[i];
            if (r->ud.free_func != NULL)
                r->ud.free_func(r->ud.data);
        }
    }
    return NULL;
}

size_t mt_free_removed_at_once(size_t threads)
{
    pthread_t th[16];
    if (threads > 16)
        threads = 16;
    at_once.count = 0;
    at_once.threads = threads;
    for (size_t i = 0; i < reads_count; i++) {
        if (reads[i].removed && !reads[i].freed)
            at_once.removed[at_once.count++] = &reads[i];
    }
    if (pthread_barrier_init(&at_once.round, NULL, (unsigned)threads) != 0)
        return 0;
    for (size_t t = 0; t < threads; t++) {
        if (pthread_create(&th[t], NULL, free_thread, (void *)(uintptr_t)t) != 0) {
            fprintf(stderr, "collectd_stub_mt: pthread_create failed\n");
            abort();
        }
    }
    for (size_t t = 0; t < threads; t++)
        pthread_join(th[t], NULL);
    pthread_barrier_destroy(&at_once.round);
    for (size_t i = 0; i < at_once.count; i++)
        at_once.removed[i]->freed = 1;
    return at_once.count;
}

void mt_shutdown(void)
{
    for (size_t i = 0; i < reads_count; i++) {
        if (!reads[i].freed && reads[i].ud.free_func != NULL)
            reads[i].ud.free_func(reads[i].ud.data);
        reads[i].freed = 1;
    }
    reads_count = 0;
}

void mt_reset(void)
{
    mt_shutdown();
    free(records);
    records = NULL;
    records_count = records_cap = 0;
    mt_config_cb = NULL;
    mt_init_cb = NULL;
    mt_refuse_odd_rounds = 0;
}
