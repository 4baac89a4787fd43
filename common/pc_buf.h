/* pc_buf.h — a growable byte buffer for building strings and blobs.
 *
 * A zeroed pc_buf is empty and valid. Appends keep the data NUL-terminated.
 * On allocation failure the buffer remembers it (failed = 1) and further
 * appends are ignored, so callers may check once at the end. */
#ifndef PC_BUF_H
#define PC_BUF_H

#include <stddef.h>

#include "pc_rc.h"

typedef struct pc_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} pc_buf;

void pc_buf_append(pc_buf *b, const void *p, size_t n);
void pc_buf_puts(pc_buf *b, const char *s);
void pc_buf_printf(pc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* PC_OK, or PC_ENOMEM if any append failed. */
pc_rc pc_buf_rc(const pc_buf *b);
/* Takes the data out (caller frees with free()) and resets the buffer. */
char *pc_buf_take(pc_buf *b);
void pc_buf_free(pc_buf *b);

#endif
