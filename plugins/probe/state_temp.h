/* The temporary file a state file is written to before it is renamed over
 * the old one (state_file_write), and the removal of those a run left
 * behind when it was killed between the two (the Nagios plugin's watchdog
 * ends a run wherever it is). A temporary file of the state file NAME is
 * ".NAME.PID.NONCE" in the state directory: PID of the run that writes it,
 * NONCE in hexadecimal. */
#ifndef ARCPROBE_STATE_TEMP_H
#define ARCPROBE_STATE_TEMP_H

#include <stddef.h>
#include <time.h>

/* Create a new temporary file for name in the directory dirfd, mode 0600,
 * never opening an existing file or link; its name goes to tmp. Returns
 * the descriptor open for writing, or -1 with errno set. */
int state_temp_create(int dirfd, const char *name, char *tmp, size_t tmplen);

/* Remove name's temporary files in dirfd that no run is writing any more:
 * only regular files of this user named as above (links and other names
 * are left alone), not modified for a while, whose run is gone (or that
 * have not been modified for longer than a run can last). Others' files
 * are left alone; a file being written now is recent, so it stays. */
void state_temp_sweep(int dirfd, const char *name, time_t now);

#endif
