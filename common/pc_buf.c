/* pc_buf.c — growable buffer. */
#include "pc_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(pc_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void pc_buf_append(pc_buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void pc_buf_puts(pc_buf *b, const char *s) { pc_buf_append(b, s, strlen(s)); }

void pc_buf_printf(pc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n) != 0) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

pc_rc pc_buf_rc(const pc_buf *b) { return b->failed ? PC_ENOMEM : PC_OK; }

char *pc_buf_take(pc_buf *b)
{
    char *p = b->data;
    if (!p && !b->failed)
        p = calloc(1, 1);
    memset(b, 0, sizeof *b);
    return p;
}

void pc_buf_free(pc_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
