#include "mhd_request.h"

bool mhd_request_complete(void **req_cls, size_t *upload_data_size)
{
    static int headers_seen;
    if (*req_cls == NULL) {
        *req_cls = &headers_seen;
        return false;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0; /* the simulator ignores request bodies */
        return false;
    }
    return true;
}
