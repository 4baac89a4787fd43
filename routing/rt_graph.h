/* rt_graph.h — the road graph in memory: built once, immutable, shared by
 * every thread; snapping points onto it; live closures as an overlay.
 *
 * Indices: nodes and edges are int32 indices into the graph (not store ids;
 * rt_graph_node_index/rt_graph_edge_index translate). An edge is one
 * road_edge row; it gives two arcs (forward node_from->node_to, reverse),
 * each usable or not per profile (class speed, access, width, clear height,
 * oneway). Costs are travel seconds: length_m / speed, per profile.
 *
 * Closures and slow-downs are an immutable overlay that the graph swaps
 * atomically: rt_graph_set_closures() builds a new one and publishes it;
 * queries in flight keep the overlay they started with. */
#ifndef RT_GRAPH_H
#define RT_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "geo_road.h"
#include "geo_types.h"
#include "pc_rc.h"
#include "rt_profile.h"

typedef struct rt_graph rt_graph;

/* Builds the graph from a loaded road network and a profile set (both are
 * copied; the caller keeps ownership). Edges that reference unknown nodes
 * are refused with PC_EFORMAT (err says which). Caller owns *out. */
pc_rc rt_graph_build(const geo_road_net *net, const rt_profile_set *profiles, rt_graph **out, char *err,
                     size_t err_len);
void rt_graph_destroy(rt_graph *g);

size_t rt_graph_n_nodes(const rt_graph *g);
size_t rt_graph_n_edges(const rt_graph *g);
const rt_profile_set *rt_graph_profiles(const rt_graph *g);
/* Node/edge index for a store id, or -1. */
int32_t rt_graph_node_index(const rt_graph *g, int64_t node_id);
int32_t rt_graph_edge_index(const rt_graph *g, int64_t edge_id);
int64_t rt_graph_node_id(const rt_graph *g, int32_t node);
int64_t rt_graph_edge_id(const rt_graph *g, int32_t edge);
geo_lonlat rt_graph_node_pos(const rt_graph *g, int32_t node);
/* Travel seconds of an edge for a profile in one direction (reverse != 0:
 * node_to -> node_from), without closures; INFINITY when not usable. */
double rt_graph_edge_cost_s(const rt_graph *g, int profile, int32_t edge, int reverse);
double rt_graph_edge_length_m(const rt_graph *g, int32_t edge);
/* The node indices at the ends of an edge (-1 for a bad edge). */
void rt_graph_edge_nodes(const rt_graph *g, int32_t edge, int32_t *from, int32_t *to);
/* The edge's name (NULL when unnamed) and class. */
const char *rt_graph_edge_name(const rt_graph *g, int32_t edge);
rt_class rt_graph_edge_class(const rt_graph *g, int32_t edge);

/* A point joined to the graph: the projected point along an edge. */
typedef struct rt_snap {
    int32_t edge;       /* -1: nothing usable within reach */
    double frac;        /* position along the edge from node_from, 0..1 */
    double snap_dist_m; /* from the query point to pos */
    geo_lonlat pos;     /* the projected point */
    geo_lonlat query;   /* the point asked for */
} rt_snap;

/* Snaps p onto the nearest edge the profile may use in at least one
 * direction and that is not closed now (now_s, Unix seconds), within
 * max_dist_m. PC_ENOTFOUND (out->edge = -1) when there is none; PC_EINVAL
 * on a bad point or profile. */
pc_rc rt_graph_snap(const rt_graph *g, int profile, geo_lonlat p, double max_dist_m, int64_t now_s, rt_snap *out);

/* One closure or slow-down of an edge, active for starts_s <= now < expires_s. */
typedef struct rt_closure {
    int64_t edge_id;
    double factor; /* 0: closed; >= 1: travel time multiplied */
    int64_t starts_s, expires_s;
} rt_closure;

/* Replaces the whole overlay with these closures (copied). Closures of
 * unknown edges are skipped and counted in *n_unknown (when given); a bad
 * factor or time range is PC_EINVAL and changes nothing. Queries that
 * already started keep the overlay they had. Thread-safe. */
pc_rc rt_graph_set_closures(rt_graph *g, const rt_closure *c, size_t n, size_t *n_unknown);
/* Number of closures in the current overlay (expired ones included). */
size_t rt_graph_n_closures(const rt_graph *g);

#endif
