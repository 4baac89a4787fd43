/* http_worker.c — per-thread worker state and the shared graph's closures. */
#include "http_worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graph.h"
#include "pc_log.h"
#include "pc_progress.h"

struct http_workers {
    char *db_path;
    rt_graph *graph;
    int has_rules;          /* guarded by rules_lock, like rules */
    eng_plan_rules rules;   /* current rules, guarded by rules_lock */
    pthread_mutex_t rules_lock;
    _Atomic unsigned rules_gen; /* bumped by every change of rules */
    pthread_key_t key;
    int key_created;
    _Atomic int64_t closures_ms; /* monotonic ms of the last reload */
};

static void worker_destroy(void *p)
{
    http_worker *me = p;
    if (!me)
        return;
    eng_plan_ctx_destroy(me->plan);
    geo_geocoder_destroy(me->gc);
    geo_proj_destroy(me->proj);
    geo_store_close(me->store);
    free(me);
}

static int64_t mono_ms(void) { return (int64_t)(pc_now_s() * 1000.0); }

pc_rc http_workers_create(const char *db_path, rt_graph *graph, const eng_plan_rules *rules, http_workers **out)
{
    *out = NULL;
    http_workers *w = calloc(1, sizeof *w);
    if (!w)
        return PC_ENOMEM;
    w->db_path = strdup(db_path ? db_path : "");
    w->graph = graph;
    if ((w->has_rules = rules != NULL))
        w->rules = *rules;
    pthread_mutex_init(&w->rules_lock, NULL);
    atomic_init(&w->rules_gen, 1);
    atomic_init(&w->closures_ms, mono_ms());
    if (!w->db_path || pthread_key_create(&w->key, worker_destroy) != 0) {
        http_workers_destroy(w);
        return PC_ENOMEM;
    }
    w->key_created = 1;
    *out = w;
    return PC_OK;
}

void http_workers_destroy(http_workers *w)
{
    if (!w)
        return;
    if (w->key_created) {
        /* the calling thread may hold a worker too (tests serve from it) */
        worker_destroy(pthread_getspecific(w->key));
        pthread_setspecific(w->key, NULL);
        pthread_key_delete(w->key);
    }
    pthread_mutex_destroy(&w->rules_lock);
    free(w->db_path);
    free(w);
}

/* Copies the current rules into me and rebuilds its plan context when the
 * generation moved (always on the worker's first request). */
static void worker_rules_refresh(http_workers *w, http_worker *me)
{
    unsigned gen = atomic_load(&w->rules_gen);
    if (!w->graph || gen == me->rules_gen)
        return;
    eng_plan_ctx_destroy(me->plan);
    me->plan = NULL;
    pthread_mutex_lock(&w->rules_lock);
    int has_rules = w->has_rules;
    me->rules = w->rules;
    gen = atomic_load(&w->rules_gen); /* the generation of what was copied */
    pthread_mutex_unlock(&w->rules_lock);
    pc_rc rc = has_rules ? eng_plan_ctx_create(me->store, w->graph, &me->rules, &me->plan) : PC_OK;
    if (rc != PC_OK) {
        pc_log(PC_LOG_ERROR, "worker cannot create its plan context: %s", pc_rc_str(rc));
        return; /* tried again at the next request */
    }
    me->rules_gen = gen;
}

void http_workers_set_rules(http_workers *w, const eng_plan_rules *rules)
{
    pthread_mutex_lock(&w->rules_lock);
    w->rules = *rules;
    w->has_rules = 1;
    atomic_fetch_add(&w->rules_gen, 1);
    pthread_mutex_unlock(&w->rules_lock);
}

http_worker *http_workers_get(http_workers *w)
{
    http_worker *me = pthread_getspecific(w->key);
    if (me) {
        worker_rules_refresh(w, me);
        return me;
    }
    char err[256];
    if (!(me = calloc(1, sizeof *me)))
        return NULL;
    me->set = w;
    pc_rc rc = geo_store_open(w->db_path, 0, &me->store, err, sizeof err);
    if (rc != PC_OK) {
        pc_log(PC_LOG_ERROR, "worker cannot open store: %s", err);
        free(me);
        return NULL;
    }
    if ((rc = geo_geocoder_create(me->store, &me->gc)) != PC_OK)
        pc_log(PC_LOG_ERROR, "worker cannot create its geocoder: %s", pc_rc_str(rc));
    worker_rules_refresh(w, me); /* the plan context, with a copy of the rules */
    if (pthread_setspecific(w->key, me) != 0) {
        worker_destroy(me);
        return NULL;
    }
    return me;
}

void http_worker_refresh_closures(http_worker *me)
{
    http_workers *w = me->set;
    if (!w->graph)
        return;
    int64_t now = mono_ms(), last = atomic_load(&w->closures_ms);
    if (now - last < HTTP_CLOSURE_REFRESH_MS || !atomic_compare_exchange_strong(&w->closures_ms, &last, now))
        return;
    pc_rc rc = eng_graph_reload_closures(me->store, w->graph, (int64_t)time(NULL));
    if (rc != PC_OK)
        pc_log(PC_LOG_WARN, "closures: reload failed (%s); keeping the previous ones", pc_rc_str(rc));
}

geo_proj *http_worker_proj(http_worker *me)
{
    char err[256];
    if (!me->proj && geo_proj_create(&me->proj, err, sizeof err) != PC_OK)
        pc_log(PC_LOG_ERROR, "worker cannot create its PROJ context: %s", err);
    return me->proj;
}
