/* text.h - make text safe for a Nagios output line. */
#ifndef CHECK_AZURE_ARC_TEXT_H
#define CHECK_AZURE_ARC_TEXT_H

#include <stddef.h>

/* Copy src into dst as one output line: control characters (newlines
 * included) become spaces, '|' (the perfdata separator) becomes '/', runs of
 * blanks fold to one, leading/trailing blanks go. Always terminates; cuts at
 * a UTF-8 character boundary when it does not fit. Returns dst. */
char *arc_clean_line(char *dst, size_t size, const char *src);

#endif
