/* rt_search.h — searches on the road graph: point-to-point routes, the K
 * nearest sites by drive time, multi-source travel times, isochrones.
 *
 * A search runs in an rt_query: scratch memory for one thread (distance
 * labels stamped with a generation number, so nothing is cleared between
 * queries, and the heaps). Create one per worker thread; the graph itself
 * is shared read-only. Every search takes the closures overlay current
 * when it starts and the time now_s (Unix seconds) that decides which
 * closures are active.
 *
 * Unreachable is an answer, not an error: searches return PC_OK with a
 * status and, for routes, the nearest reachable point. */
#ifndef RT_SEARCH_H
#define RT_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "rt_graph.h"

typedef struct rt_query rt_query;

/* Scratch for searches on g (g must outlive it). Caller owns *out. */
pc_rc rt_query_create(const rt_graph *g, rt_query **out);
void rt_query_destroy(rt_query *q);

/* All are exact. The default (AUTO) uses the profile's contraction
 * hierarchy (rt_ch.h) when it is built and no active closure touches the
 * profile's roads, else bidirectional Dijkstra: on city graphs with mixed
 * speeds the straight-line A* bound is weak and its extra arithmetic costs
 * more than it prunes (bench/bench_routing.c). CH is AUTO that builds the
 * hierarchy on first use (seconds on a city graph) instead of skipping it. */
typedef enum rt_algo {
    RT_ALGO_AUTO = 0,
    RT_ALGO_BIDIR_DIJKSTRA,
    RT_ALGO_BIDIR_ASTAR,
    RT_ALGO_DIJKSTRA,
    RT_ALGO_CH,
} rt_algo;

typedef enum rt_status {
    RT_REACHED = 0,
    RT_NO_ROAD,      /* no road this vehicle may use near the start or the destination */
    RT_CLOSED,       /* a route exists, but live closures cut it off */
    RT_DISCONNECTED, /* no road connection for this vehicle */
} rt_status;

/* A short English explanation of a status (static). */
const char *rt_status_str(rt_status s);

typedef struct rt_route_opts {
    int profile;       /* index in the graph's profile set */
    double max_snap_m; /* how far a point may be from a usable road (<= 0: 1000 m) */
    int64_t now_s;     /* decides which closures are active */
    rt_algo algo;
} rt_route_opts;

/* One run of a route along the same street. */
typedef struct rt_street {
    const char *name; /* owned by the graph; NULL when unnamed */
    rt_class cls;
    double dist_m, time_s;
} rt_street;

typedef struct rt_route {
    rt_status status;
    double time_s, dist_m;   /* when reached */
    rt_snap from, to;
    geo_lonlat *pts;         /* route line, from the start's snapped point to the destination's */
    size_t n_pts;
    int32_t *edges;          /* graph edges followed, in order (partial first/last included) */
    size_t n_edges;
    rt_street *streets;
    size_t n_streets;
    int has_nearest;         /* not reached: the reachable point nearest to the destination */
    geo_lonlat nearest;
    double nearest_gap_m;    /* straight distance from it to the destination */
    double nearest_time_s;   /* drive time to it */
} rt_route;

/* Frees the arrays of r (not r itself) and zeroes it; accepts NULL. */
void rt_route_free(rt_route *r);

/* The fastest route from a to b for opts->profile. PC_OK whenever the
 * inputs are valid, with out->status saying whether b was reached; the
 * caller frees out with rt_route_free(). PC_EINVAL on bad points or
 * profile; PC_ENOMEM. */
pc_rc rt_route_find(rt_query *q, geo_lonlat a, geo_lonlat b, const rt_route_opts *opts, rt_route *out);

/* Travel seconds between two graph nodes (INFINITY when unreachable): the
 * oracle comparisons use this. */
pc_rc rt_node_cost(rt_query *q, int profile, int32_t from, int32_t to, int64_t now_s, rt_algo algo, double *cost_s);

/* One of the K nearest sites by drive time towards a target. */
typedef struct rt_hit {
    uint32_t site; /* index into the sites array */
    double eta_s;
    double dist_m;
} rt_hit;

/* The k sites (already snapped with the same profile) that reach target
 * fastest, driving from the site to the target. hits must hold k entries;
 * *n_hits may be < k when fewer sites are reachable (possibly 0). Sites
 * with edge -1 are skipped. After it, rt_nearest_route() gives the route
 * of any hit, until the next search on q. Exact either way: through the
 * profile's contraction hierarchy when rt_route_find would use it (the
 * sites' upward search spaces are cached in q), else one backward
 * Dijkstra from the target. */
pc_rc rt_nearest_sites(rt_query *q, int profile, const rt_snap *target, const rt_snap *sites, size_t n_sites,
                       size_t k, int64_t now_s, rt_hit *hits, size_t *n_hits);
pc_rc rt_nearest_route(rt_query *q, const rt_hit *hit, rt_route *out);

/* Travel seconds from the nearest of many sources to every node, in one
 * search (coverage). time_s (n_nodes entries) gets INFINITY for nodes not
 * reached within limit_s (<= 0: no limit); source (optional, n_nodes
 * entries) gets the index of the winning source or -1. */
pc_rc rt_multi_source(rt_query *q, int profile, const rt_snap *sources, size_t n_sources, double limit_s,
                      int64_t now_s, double *time_s, int32_t *source);

/* The roads reached from a point within limit_s: pieces of edges (partial
 * at the frontier) as lines. Caller frees with rt_reach_free(). */
typedef struct rt_reach {
    int32_t *edges;      /* one per piece */
    geo_lonlat *pts;     /* all lines' points, concatenated */
    uint32_t *line_len;  /* points per piece */
    size_t n_lines, n_pts;
    size_t n_nodes_reached;
    double reached_length_m;
} rt_reach;

pc_rc rt_isochrone(rt_query *q, int profile, const rt_snap *from, double limit_s, int64_t now_s, rt_reach *out);
void rt_reach_free(rt_reach *r);

#endif
