/* rt_ch.h — contraction hierarchies (CH): a per-profile speed-up index for
 * point-to-point routes on the immutable graph.
 *
 * A CH is built once per vehicle profile from the graph's own arc costs
 * (no closures), is immutable afterwards and shared by every thread; it
 * lives inside the graph and is freed with it. Searches use it through
 * rt_route_find()/rt_node_cost() with RT_ALGO_CH or RT_ALGO_AUTO (the
 * default): when the current closures overlay has an entry active at the
 * query's now_s on an edge this profile may use, the query falls back to
 * the exact bidirectional Dijkstra, so closures are always honoured.
 * Results equal the exact search's (cost, and the same route unless two
 * routes tie). Nothing is cached on disk: `pccc route` builds a CH only
 * when asked (--algo ch); a server builds them once after loading the
 * graph (about 1 s per motor profile, 4-5 s for foot, on the 155k-node
 * demo city; 5-10 MB each). */
#ifndef RT_CH_H
#define RT_CH_H

#include <stddef.h>

#include "pc_rc.h"
#include "rt_graph.h"

typedef struct rt_ch_stats {
    double build_s;       /* wall-clock seconds of the build */
    size_t n_nodes;       /* nodes with at least one usable arc */
    size_t n_arcs;        /* usable original arcs (parallel ones merged) */
    size_t n_shortcuts;   /* shortcut arcs kept in the hierarchy */
    size_t bytes;         /* memory of the built hierarchy */
} rt_ch_stats;

/* Builds the CH of one profile into g unless it is there already
 * (idempotent). Safe to call from several threads at once and while
 * queries run (the CH is published atomically; a query started before
 * simply does not use it). stats (optional) gets the figures of the CH in
 * g. PC_EINVAL on a bad profile, PC_ENOMEM. */
pc_rc rt_graph_ch_build(rt_graph *g, int profile, rt_ch_stats *stats);

/* Builds the CH of every profile with motor access, and of foot profiles
 * too when with_foot != 0. Stops at the first error. */
pc_rc rt_graph_ch_build_all(rt_graph *g, int with_foot);

/* 1 when the CH of profile is built, else 0. */
int rt_graph_ch_ready(const rt_graph *g, int profile);

/* The figures of a built CH; PC_ENOTFOUND when there is none. */
pc_rc rt_graph_ch_stats(const rt_graph *g, int profile, rt_ch_stats *out);

#endif
