/* failmalloc.h — fail the Nth allocation (test executables only).
 *
 * A test executable linked with -Wl,--wrap=malloc,--wrap=calloc,
 * --wrap=realloc,--wrap=strdup,--wrap=free sends every allocation made by
 * the statically linked pccc code through failmalloc.c; cJSON (a shared
 * library) is routed here by cJSON_InitHooks and SQLite by
 * SQLITE_CONFIG_MALLOC (failmalloc_install does both). All of them share
 * one counter: with failmalloc_arm(N), the Nth allocation from now returns
 * NULL (and, when persistent, every later one too). failmalloc_live()
 * counts blocks from the wrapped allocators and cJSON not yet freed, so a
 * leak on an error path shows up without ASan as well. */
#ifndef FAILMALLOC_H
#define FAILMALLOC_H

/* Routes cJSON and SQLite through the counter; call before any SQLite use. */
int failmalloc_install(void);
/* Arms the failure at the nth allocation from now (0: disarm). */
void failmalloc_arm(long nth, int persistent);
/* Did an injected failure happen since the last arm? */
int failmalloc_fired(void);
/* Allocations counted since the last arm. */
long failmalloc_count(void);
/* Blocks allocated through the wrappers or cJSON and not yet freed. */
long failmalloc_live(void);

#endif
