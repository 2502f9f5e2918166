/* Waiting for a whole request in a libmicrohttpd access handler. */
#ifndef ARC_SIM_MHD_REQUEST_H
#define ARC_SIM_MHD_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

/* libmicrohttpd calls an access handler first with the headers only, then
 * once per piece of upload data, then once more with none: true only on that
 * last call, when it is time to answer. Pass the handler's own arguments. */
bool mhd_request_complete(void **req_cls, size_t *upload_data_size);

#endif
