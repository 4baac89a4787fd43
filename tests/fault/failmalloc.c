/* failmalloc.c — the failing allocator behind failmalloc.h.
 *
 * __wrap_* are the link-time replacements (-Wl,--wrap=...); __real_* are
 * libc's. SQLite's allocator is wrapped around its default methods, as
 * SQLite's own test_malloc.c does. Single-threaded tests only. */
#include "failmalloc.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void __real_free(void *p);

static long g_count, g_fail_at, g_live;
static int g_persistent, g_fired;
static sqlite3_mem_methods g_sqlite_default;

/* Counts one allocation; nonzero when it must fail. */
static int tick(void)
{
    g_count++;
    if (g_fail_at && (g_count == g_fail_at || (g_persistent && g_count > g_fail_at))) {
        g_fired = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    if (tick())
        return NULL;
    void *p = __real_malloc(n);
    if (p)
        g_live++;
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (tick())
        return NULL;
    void *p = __real_calloc(n, size);
    if (p)
        g_live++;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (tick())
        return NULL; /* p stays valid, as with a real failure */
    void *q = __real_realloc(p, n);
    if (!p && q)
        g_live++;
    return q;
}

char *__wrap_strdup(const char *s)
{
    if (tick())
        return NULL;
    char *p = __real_strdup(s);
    if (p)
        g_live++;
    return p;
}

void __wrap_free(void *p)
{
    if (p)
        g_live--;
    __real_free(p);
}

static void *json_malloc(size_t n) { return __wrap_malloc(n); }
static void json_free(void *p) { __wrap_free(p); }

static void *sq_malloc(int n) { return tick() ? NULL : g_sqlite_default.xMalloc(n); }
static void *sq_realloc(void *p, int n) { return tick() ? NULL : g_sqlite_default.xRealloc(p, n); }
static void sq_free(void *p) { g_sqlite_default.xFree(p); }
static int sq_size(void *p) { return g_sqlite_default.xSize(p); }
static int sq_roundup(int n) { return g_sqlite_default.xRoundup(n); }
static int sq_init(void *a) { return g_sqlite_default.xInit(a); }
static void sq_shutdown(void *a) { g_sqlite_default.xShutdown(a); }

int failmalloc_install(void)
{
    cJSON_Hooks hooks = {json_malloc, json_free};
    cJSON_InitHooks(&hooks);
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_sqlite_default) != SQLITE_OK)
        return -1;
    static sqlite3_mem_methods m;
    m = g_sqlite_default;
    m.xMalloc = sq_malloc, m.xRealloc = sq_realloc, m.xFree = sq_free, m.xSize = sq_size;
    m.xRoundup = sq_roundup, m.xInit = sq_init, m.xShutdown = sq_shutdown;
    /* no lookaside: every SQLite allocation goes through the counter */
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK || sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK)
        return -1;
    return 0;
}

void failmalloc_arm(long nth, int persistent)
{
    g_count = 0;
    g_fail_at = nth;
    g_persistent = persistent;
    g_fired = 0;
}

int failmalloc_fired(void) { return g_fired; }
long failmalloc_count(void) { return g_count; }
long failmalloc_live(void) { return g_live; }
