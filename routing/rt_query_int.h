/* rt_query_int.h — per-thread search scratch, shared by the search files.
 *
 * Labels: dist[dir][v] is valid only when stamp[dir][v] == gen, so a new
 * search costs nothing to reset. dir 0 searches forward (from sources),
 * dir 1 backward (towards targets, over in-arcs). parent[dir][v] is the
 * out-arc that set the label (RT_ROOT for a start node). The heap is 4-ary
 * with lazy deletion: stale entries (d > label) are skipped when popped. */
#ifndef RT_QUERY_INT_H
#define RT_QUERY_INT_H

#include "rt_graph_int.h"
#include "rt_search.h"

#define RT_ROOT UINT32_MAX
#define RT_KNN_MAX 64 /* the most hits one K-nearest search returns */

struct rt_ch;
struct rt_site_cache;

typedef struct rt_hent {
    double key, d;
    int32_t v;
} rt_hent;

typedef struct rt_heap {
    rt_hent *a;
    size_t n, cap;
} rt_heap;

/* A start or end of a search: a node, its initial cost, and the piece of
 * edge between the snapped point and the node (f0 -> f1 along edge). */
typedef struct rt_end {
    int32_t node;
    double cost_s;
    int32_t edge; /* -1: the node itself */
    double f0, f1;
} rt_end;

struct rt_query {
    const rt_graph *g;
    uint32_t gen;
    uint32_t *stamp[2];
    double *dist[2];
    uint32_t *parent[2];
    rt_heap heap[2];
    rt_overlay *ov; /* held from a search's start until the next one */
    int64_t now_s;
    int profile;
    /* site marks for K nearest */
    uint32_t *mark_stamp;
    int32_t *mark_head;
    int32_t *site_next;
    size_t site_cap;
    rt_snap *sites; /* copy of the last K-nearest sites, for rt_nearest_route */
    size_t n_sites, sites_cap;
    int8_t *site_side; /* per site: the end its best way leaves by (2: along the target's edge) */
    rt_snap target;
    /* contraction-hierarchy searches (rt_ch_query.c): there parent[dir][v]
     * is the previous node, not an arc; the unpacked path and its stack */
    uint32_t *ch_arcs;
    size_t ch_arcs_n, ch_arcs_cap;
    int32_t *ch_stack;
    size_t ch_stack_n, ch_stack_cap;
    /* K nearest through the hierarchy (rt_many_ch.c): the sites' upward
     * search spaces, and the routes of the last hits until taken */
    struct rt_site_cache *site_cache;
    const struct rt_ch *knn_ch; /* the hierarchy of the last K-nearest search, NULL: exact search */
    rt_route knn_route[RT_KNN_MAX];
    uint32_t knn_route_site[RT_KNN_MAX];
    size_t knn_n_routes;
};

static inline double rt_label(const rt_query *q, int dir, int32_t v)
{
    return q->stamp[dir][v] == q->gen ? q->dist[dir][v] : INFINITY;
}

static inline void rt_set_label(rt_query *q, int dir, int32_t v, double d, uint32_t parent)
{
    q->stamp[dir][v] = q->gen;
    q->dist[dir][v] = d;
    q->parent[dir][v] = parent;
}

/* part(f, c): the cost of a fraction f of an arc costing c (INFINITY stays). */
static inline double rt_part(double f, double c) { return isfinite(c) ? f * c : INFINITY; }

pc_rc rt_heap_push(rt_heap *h, double key, double d, int32_t v);
rt_hent rt_heap_pop(rt_heap *h);

/* Starts a search: new generation, empty heaps, the current overlay. */
void rt_q_begin(rt_query *q, int profile, int64_t now_s);
/* A new generation and empty heaps for another search of the same query
 * (same profile, time and overlay). */
void rt_q_restart(rt_query *q);

/* The fastest route from a to b (snapped for q's profile) in q's current
 * search settings, through ch (NULL: the exact bidirectional search on the
 * overlay). out->status is RT_REACHED or RT_DISCONNECTED; caller frees out
 * with rt_route_free(). */
pc_rc rt_route_snaps(rt_query *q, const struct rt_ch *ch, const rt_snap *a, const rt_snap *b, rt_route *out);

/* Drive times from every site to target through ch, in q's current search
 * settings (ch must be usable by them: rt_ch_for_query). best[i] gets
 * INFINITY for unreachable sites and sites with edge -1. Uses and fills
 * q's cache of the sites' upward search spaces (rt_many_ch.c). */
pc_rc rt_ch_site_costs(rt_query *q, const struct rt_ch *ch, const rt_snap *sites, size_t n, const rt_snap *target,
                       double *best);
void rt_site_cache_free(struct rt_site_cache *c);
/* Effective cost of arc a in this search. */
static inline double rt_q_arc(const rt_query *q, uint32_t a)
{
    return rt_arc_cost(q->g, q->profile, a, q->ov, q->now_s);
}
/* The two ends of a snapped point's edge, seen as a start (leaving the
 * point) or as a destination (arriving at it). Returns the count (0-2). */
int rt_ends_from_snap(const rt_query *q, const rt_snap *s, int as_target, rt_end out[2]);

/* Route assembly: appends the piece of edge e from f0 to f1 (either order). */
typedef struct rt_builder {
    rt_route *r;
    size_t cap_pts, cap_edges, cap_streets;
    size_t pts_floor; /* points before this index are never merged with new ones */
    pc_rc rc;
} rt_builder;
void rt_build_piece(rt_builder *b, const rt_query *q, int32_t e, double f0, double f1, double time_s);
/* The end in e[0..n) whose node is v, preferring the one whose cost equals
 * v's root label (NULL when none). */
const rt_end *rt_end_for(const rt_end *e, int n, int32_t v, double label);
/* Appends the full arc a (in its direction). */
void rt_build_arc(rt_builder *b, const rt_query *q, uint32_t a);

#endif
