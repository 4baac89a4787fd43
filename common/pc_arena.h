/* pc_arena.h — a bump allocator for per-request and per-query memory.
 *
 * Everything allocated from an arena is freed at once by pc_arena_destroy()
 * (or reset by pc_arena_reset()); nothing is freed piece by piece. */
#ifndef PC_ARENA_H
#define PC_ARENA_H

#include <stddef.h>

typedef struct pc_arena pc_arena;

/* Returns NULL on allocation failure. block_size 0 picks a default (64 KiB). */
pc_arena *pc_arena_create(size_t block_size);
void pc_arena_destroy(pc_arena *a);
/* Frees every block but the first and rewinds it. */
void pc_arena_reset(pc_arena *a);
/* 16-byte aligned; NULL on failure or n == 0 overflow. */
void *pc_arena_alloc(pc_arena *a, size_t n);
void *pc_arena_calloc(pc_arena *a, size_t count, size_t size);
char *pc_arena_strdup(pc_arena *a, const char *s);
char *pc_arena_strndup(pc_arena *a, const char *s, size_t n);
/* Bytes handed out since creation or the last reset. */
size_t pc_arena_used(const pc_arena *a);

#endif
