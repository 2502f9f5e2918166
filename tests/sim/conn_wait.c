#include "conn_wait.h"

#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#define STEP_MS 100

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 when the peer has closed (or reset) the connection. */
static int client_gone(int fd, unsigned wait_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP, .revents = 0};
    int n = poll(&p, 1, (int)wait_ms);
    if (n < 0)
        return errno == EINTR ? 0 : 1;
    if (n == 0)
        return 0;
    if (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))
        return 1;
    char ch;
    if (recv(fd, &ch, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
        return 1;
    /* Bytes of a next request stay unread; pause instead of spinning on them. */
    struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)wait_ms * 1000000L};
    nanosleep(&ts, NULL);
    return 0;
}

enum conn_wait_result conn_wait(struct sim *sim, struct MHD_Connection *c, unsigned ms,
                                bool (*keep_waiting)(struct sim *sim))
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    int fd = ci != NULL ? ci->connect_fd : -1;
    long long deadline = now_ms() + ms;

    for (;;) {
        if (atomic_load(&sim->stopping))
            return CONN_WAIT_STOPPING;
        if (keep_waiting != NULL && !keep_waiting(sim))
            return CONN_WAIT_DONE;
        unsigned step = STEP_MS;
        if (ms != CONN_WAIT_FOREVER) {
            long long left = deadline - now_ms();
            if (left <= 0)
                return CONN_WAIT_DONE;
            if (left < step)
                step = (unsigned)left;
        }
        if (fd < 0) {
            if (!sim_sleep_ms(sim, step))
                return CONN_WAIT_STOPPING;
        } else if (client_gone(fd, step)) {
            return CONN_WAIT_GONE;
        }
    }
}
