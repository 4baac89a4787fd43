/* http_json_mem.c — per-thread bump regions for cJSON (see http_json_mem.h). */
#include "http_json_mem.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define REGION_BYTES (1u << 20)

typedef struct region {
    char *base;
    size_t used;
    int on;
} region;

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;
static pthread_key_t region_key;
static _Thread_local region *tl_region;

static void region_free(void *p)
{
    region *r = p;
    if (r)
        free(r->base);
    free(r);
}

static void *json_malloc(size_t n)
{
    region *r = tl_region;
    if (r && r->on && n <= REGION_BYTES - r->used) {
        void *p = r->base + r->used;
        r->used += (n + 15) & ~(size_t)15;
        if (r->used > REGION_BYTES)
            r->used = REGION_BYTES;
        return p;
    }
    return malloc(n);
}

static void json_free(void *p)
{
    region *r = tl_region;
    if (r && (uintptr_t)p >= (uintptr_t)r->base && (uintptr_t)p < (uintptr_t)r->base + REGION_BYTES)
        return; /* reclaimed all at once by http_json_mem_reset */
    free(p);
}

static void install_hooks(void)
{
    /* installed once, before this thread's first region: every pointer
     * cJSON held before was malloc'ed, and json_free frees those as usual */
    cJSON_Hooks h = {json_malloc, json_free};
    if (pthread_key_create(&region_key, region_free) == 0)
        cJSON_InitHooks(&h);
}

void http_json_mem_on(void)
{
    pthread_once(&hooks_once, install_hooks);
    if (!tl_region) {
        region *r = calloc(1, sizeof *r);
        if (r && !(r->base = malloc(REGION_BYTES))) {
            free(r);
            r = NULL;
        }
        if (!r)
            return; /* no region: cJSON keeps using malloc */
        tl_region = r;
        pthread_setspecific(region_key, r); /* freed when the thread exits */
    }
    tl_region->on = 1;
}

void http_json_mem_off(void)
{
    if (tl_region)
        tl_region->on = 0;
}

void http_json_mem_reset(void)
{
    if (tl_region)
        tl_region->used = 0, tl_region->on = 0;
}
