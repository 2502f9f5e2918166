/* The optional `azcmagent show -j` fallback: a large Go binary started at
 * most once per probe, killed when the deadline comes. */
#include "azcmagent_show.h"
#include "agent_status.h"
#include "http_batch.h"
#include "azcm_catalog.h"
#include "json_util.h"
#include "l10n.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHOW_OUTPUT_CAP (1024 * 1024)

extern char **environ;

/* Wait for pid to end, but not past deadline: a process can close its
 * output and go on running (or hang), so the end of its output says
 * nothing about its exit. Returns 0 with *status once it has ended; -1
 * when the deadline came first (it is then killed and reaped). */
static int reap_by(pid_t pid, double deadline, int *status)
{
    long pause_ns = 1000000; /* 1 ms, doubling: a quick exit costs little */
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return 0; /* not our child any more: nothing left to wait for */
        double left = deadline - http_now();
        if (left <= 0)
            break;
        long ns = left * 1e9 < (double)pause_ns ? (long)(left * 1e9) + 1 : pause_ns;
        struct timespec pause = {0, ns};
        nanosleep(&pause, NULL);
        if (pause_ns < 32000000)
            pause_ns *= 2;
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return -1;
}

int azcmagent_show(const struct arcp_config *cfg, double deadline, time_t now,
                   struct arcp_agent *agent, char *why, size_t whylen)
{
    if (access(cfg->azcmagent_path, X_OK) != 0) {
        snprintf(why, whylen, "%s: %s", cfg->azcmagent_path, strerror(errno));
        return -1;
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(why, whylen, _("pipe: %s"), strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    char *argv[] = {(char *)cfg->azcmagent_path, "show", "-j", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, cfg->azcmagent_path, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        snprintf(why, whylen, _("cannot start %s: %s"), cfg->azcmagent_path, strerror(rc));
        return -1;
    }

    char *out = malloc(SHOW_OUTPUT_CAP + 1);
    size_t len = 0;
    int timed_out = 0, too_big = 0;
    while (out) {
        double left = deadline - http_now();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int n = poll(&p, 1, (int)(left * 1000) + 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            continue;
        ssize_t got = read(fds[0], out + len, SHOW_OUTPUT_CAP - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
        if (len == SHOW_OUTPUT_CAP) {
            too_big = 1;
            break;
        }
    }
    close(fds[0]);
    int status = 0;
    if (timed_out || too_big || !out) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    } else if (reap_by(pid, deadline, &status) != 0) {
        timed_out = 1; /* its output ended, yet it went on past the deadline */
    }
    if (!out) {
        snprintf(why, whylen, _("out of memory"));
        return -1;
    }
    if (timed_out || too_big) {
        free(out);
        snprintf(why, whylen,
                 timed_out ? _("no answer before the deadline") : _("output larger than 1 MiB"));
        return -1;
    }
    out[len] = '\0';
    char jwhy[128];
    json_object *obj = json_parse_untrusted(out, len, jwhy, sizeof jwhy);
    free(out);
    if (!obj) {
        char exit_text[160];
        azcm_exit_status_describe(exit_text, sizeof exit_text,
                                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        snprintf(why, whylen, _("%s, output %s"), exit_text, jwhy);
        return -1;
    }
    int found = agent_status_from_json(obj, now, agent);
    json_object_put(obj);
    if (!found) {
        snprintf(why, whylen, _("output has no status"));
        return -1;
    }
    return 0;
}
