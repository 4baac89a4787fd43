/* http_worker.h — what each server worker thread owns, and the road graph
 * they share.
 *
 * A worker thread gets, on its first request, its own store connection, a
 * geocoder over it, and (when the server has a road graph) a plan context;
 * a PROJ context only when a VN-2000 position is first asked for. They are
 * freed when the thread ends (pthread key destructor), so nothing is shared
 * between threads but the immutable graph and the rules.
 *
 * Live closures: `pccc closure add` writes to the store; before a plan, a
 * worker calls http_worker_refresh_closures(), which re-reads them into the
 * graph's overlay at most every 2 s. One thread wins the right to reload
 * by a compare-and-swap on the timestamp; the others go on with the
 * overlay they have (the graph swaps it atomically).
 *
 * Dispatch rules are reloadable (SIGHUP): the set keeps the current rules
 * and a generation number; each worker plans with its own copy, and when it
 * picks up a request and sees a newer generation it copies the new rules and
 * rebuilds its plan context (between requests of its own thread, so no plan
 * ever sees rules change under it). */
#ifndef HTTP_WORKER_H
#define HTTP_WORKER_H

#include "geo_geocode.h"
#include "geo_proj.h"
#include "geo_store.h"
#include "plan.h"
#include "plan_rules.h"
#include "rt_graph.h"

#define HTTP_CLOSURE_REFRESH_MS 2000

typedef struct http_workers http_workers;

typedef struct http_worker {
    http_workers *set;    /* the server's set this worker belongs to */
    geo_store *store;
    geo_geocoder *gc;     /* NULL if it could not be created (geocoding answers 503) */
    eng_plan_ctx *plan;   /* NULL without a road graph (plans answer 503) */
    geo_proj *proj;       /* created on first use: http_worker_proj() */
    eng_plan_rules rules; /* this worker's copy: what plan points at */
    unsigned rules_gen;   /* generation of rules (0: none yet) */
} http_worker;

/* db_path and rules are copied; graph (NULL: no plans) must outlive the
 * set. Caller owns *out (http_workers_destroy, after every worker thread
 * has ended). */
pc_rc http_workers_create(const char *db_path, rt_graph *graph, const eng_plan_rules *rules, http_workers **out);
void http_workers_destroy(http_workers *w);

/* This thread's worker, created on the first call; NULL when its store
 * cannot be opened (logged). Its plan context follows the current rules. */
http_worker *http_workers_get(http_workers *w);

/* Makes rules (copied) the current dispatch rules: every worker switches
 * before its next request. No-op without a road graph. */
void http_workers_set_rules(http_workers *w, const eng_plan_rules *rules);

/* Re-reads the live closures into the shared graph through me's store if
 * the last reload is older than HTTP_CLOSURE_REFRESH_MS and no other
 * thread is doing it. */
void http_worker_refresh_closures(http_worker *me);

/* The worker's PROJ context, created on first use; NULL on failure. */
geo_proj *http_worker_proj(http_worker *me);

#endif
