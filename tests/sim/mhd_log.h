/* libmicrohttpd's error messages, labelled with the server they came from. */
#ifndef ARC_SIM_MHD_LOG_H
#define ARC_SIM_MHD_LOG_H

#include <stdarg.h>

/* MHD_OPTION_EXTERNAL_LOGGER callback; `cls` is the label ("himds", "tls"). */
__attribute__((format(printf, 2, 0))) void mhd_log(void *cls, const char *fmt, va_list ap);

#endif
