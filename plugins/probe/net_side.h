/* The network side of the probe, ready to call (see net_side.c). */
#ifndef ARCPROBE_NET_SIDE_H
#define ARCPROBE_NET_SIDE_H

#include <stddef.h>

struct net_module;

/* Found and set up on first use; NULL with a one-line reason in why when
 * it cannot be had. Any thread, any time. */
const struct net_module *net_side(char *why, size_t why_len);

/* The same, found but maybe not set up: for what needs no libcurl state
 * (the cloud catalog). */
const struct net_module *net_side_found(char *why, size_t why_len);

/* Undo the set-up (arcp_global_cleanup); the next net_side() redoes it. */
void net_side_cleanup(void);

#endif
