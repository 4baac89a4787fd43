/* rt_graph_int.h — the graph's arrays, for the files of routing/ only.
 *
 * CSR layout: out_first[v] .. out_first[v+1] are v's out-arcs; arc a goes to
 * out_head[a] over edge out_edge[a] >> 1, reversed when out_edge[a] & 1.
 * in_first/in_arc list, for each node, the out-arc indices that enter it
 * (for backward searches). cost[p][a] is the travel time of arc a for
 * profile p (INFINITY when not usable), laid out like the arcs. */
#ifndef RT_GRAPH_INT_H
#define RT_GRAPH_INT_H

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>

#include "rt_graph.h"

/* The closures overlay: immutable once published, reference counted. */
typedef struct rt_overlay {
    atomic_int refs;
    size_t n;
    int32_t *edge;      /* ascending edge index (duplicates merged) */
    double *factor;     /* 0 closed, >= 1 slow-down */
    int64_t *starts_s;
    int64_t *expires_s;
    uint64_t *bits;     /* one bit per edge: has an entry */
} rt_overlay;

typedef struct rt_overlay_slot {
    pthread_mutex_t mu;
    rt_overlay *cur;
} rt_overlay_slot;

struct rt_graph {
    int32_t n_nodes, n_edges;
    int64_t *node_id;
    geo_lonlat *node_ll;
    geo_xy *node_xy;
    int64_t *edge_id;
    int32_t *edge_from, *edge_to;
    uint8_t *edge_cls;
    double *edge_len_m;   /* road_edge.length_m */
    double *edge_glen_m;  /* geometry length in the frame (for snapping fractions) */
    uint32_t *edge_pt_off, *edge_n_pts;
    int32_t *edge_name;   /* offset in names or -1 */
    char *names;
    geo_lonlat *pts_ll;
    geo_xy *pts_xy;
    size_t n_pts;

    uint32_t *out_first;
    int32_t *out_head;
    int32_t *out_edge;
    uint32_t *in_first;
    uint32_t *in_arc;
    int32_t *arc_tail;    /* tail node of each out-arc */
    uint32_t *edge_arc;   /* [2e]: forward arc of edge e, [2e+1]: reverse arc */

    rt_profile_set profiles;
    double *cost[RT_MAX_PROFILES];
    double h_s_per_m[RT_MAX_PROFILES]; /* admissible A* factor: seconds per straight metre */

    geo_frame frame;
    /* snapping grid over segments */
    double grid_x0, grid_y0, cell_m;
    int32_t grid_nx, grid_ny;
    uint32_t *cell_first;  /* grid_nx * grid_ny + 1 */
    uint32_t *cell_seg;    /* segment = index of its first point in pts */
    int32_t *pt_edge;      /* edge of the segment starting at a point (-1 at an edge's last point) */

    rt_overlay_slot *slot;
    _Atomic(struct rt_ch *) ch[RT_MAX_PROFILES]; /* contraction hierarchies (rt_ch.h), NULL until built */
};

/* Takes a reference to the current overlay (never NULL); release it after. */
rt_overlay *rt_overlay_acquire(const rt_graph *g);
void rt_overlay_release(rt_overlay *o);
/* The multiplier of edge e at now_s: 1 when free, 0 when closed, >= 1 slow. */
double rt_overlay_factor(const rt_overlay *o, int32_t e, int64_t now_s);
static inline int rt_overlay_touches(const rt_overlay *o, int32_t e)
{
    return o->n && ((o->bits[(uint32_t)e >> 6] >> ((uint32_t)e & 63)) & 1);
}
/* Effective arc cost under an overlay (INFINITY when unusable or closed). */
static inline double rt_arc_cost(const rt_graph *g, int p, uint32_t a, const rt_overlay *o, int64_t now_s)
{
    double c = g->cost[p][a];
    if (o && rt_overlay_touches(o, g->out_edge[a] >> 1)) {
        double f = rt_overlay_factor(o, g->out_edge[a] >> 1, now_s);
        c = f == 0 ? INFINITY : c * f;
    }
    return c;
}
/* The out-arc of edge e in direction rev (0 forward, 1 reverse). */
static inline uint32_t rt_graph_arc_of(const rt_graph *g, int32_t e, int rev) { return g->edge_arc[2 * (uint32_t)e + (rev != 0)]; }
pc_rc rt_overlay_create_empty(rt_overlay **out);
/* Frees a contraction hierarchy (rt_ch_build.c); accepts NULL. */
void rt_ch_destroy(struct rt_ch *ch);
/* Builds the snapping grid (rt_snap.c). */
pc_rc rt_snap_grid_build(rt_graph *g);
/* Point at fraction t along edge e. */
geo_lonlat rt_edge_point_at(const rt_graph *g, int32_t e, double frac);

#endif
