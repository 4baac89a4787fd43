/* pc_arena.c — bump allocator: a chain of blocks, oversize requests get a
 * block of their own. */
#include "pc_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct arena_block {
    struct arena_block *next;
    size_t cap;
    size_t used;
    _Alignas(16) unsigned char data[];
} arena_block;

struct pc_arena {
    arena_block *head;
    size_t block_size;
    size_t total;
};

static arena_block *block_new(size_t cap)
{
    arena_block *b = malloc(sizeof *b + cap);
    if (!b)
        return NULL;
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

pc_arena *pc_arena_create(size_t block_size)
{
    pc_arena *a = malloc(sizeof *a);
    if (!a)
        return NULL;
    a->block_size = block_size ? block_size : 65536;
    a->total = 0;
    a->head = block_new(a->block_size);
    if (!a->head) {
        free(a);
        return NULL;
    }
    return a;
}

void pc_arena_destroy(pc_arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

void pc_arena_reset(pc_arena *a)
{
    arena_block *b = a->head;
    while (b->next) {
        arena_block *n = b->next;
        b->next = n->next;
        free(n);
    }
    /* the newest block is kept (it is at least block_size) */
    b->used = 0;
    a->total = 0;
}

void *pc_arena_alloc(pc_arena *a, size_t n)
{
    if (n == 0 || n > SIZE_MAX - 16)
        return NULL;
    n = (n + 15) & ~(size_t)15;
    arena_block *b = a->head;
    if (b->cap - b->used < n) {
        size_t cap = n > a->block_size ? n : a->block_size;
        arena_block *nb = block_new(cap);
        if (!nb)
            return NULL;
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

void *pc_arena_calloc(pc_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = pc_arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *pc_arena_strndup(pc_arena *a, const char *s, size_t n)
{
    char *p = pc_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pc_arena_strdup(pc_arena *a, const char *s) { return pc_arena_strndup(a, s, strlen(s)); }

size_t pc_arena_used(const pc_arena *a) { return a->total; }
