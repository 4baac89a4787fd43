/* rt_walk.c — Dijkstra on metres over walkable edges; staging points.
 *
 * The search reuses rt_query's labels and heap (direction 0). Nodes are
 * recorded in the order they settle, so staging candidates come out in
 * walking order without sorting: a node is a candidate when some arc the
 * vehicle may drive (closures applied) enters it. */
#include "rt_walk.h"

#include <stdlib.h>
#include <string.h>

#include "rt_query_int.h"

struct rt_walk {
    rt_query *q;
    rt_snap origin;
    int walk_profile;
    int32_t *settled; /* nodes in settle order */
    size_t n_settled, cap_settled;
};

pc_rc rt_walk_create(const rt_graph *g, rt_walk **out)
{
    *out = NULL;
    rt_walk *w = calloc(1, sizeof *w);
    if (!w)
        return PC_ENOMEM;
    pc_rc rc = rt_query_create(g, &w->q);
    if (rc != PC_OK) {
        free(w);
        return rc;
    }
    *out = w;
    return PC_OK;
}

void rt_walk_destroy(rt_walk *w)
{
    if (!w)
        return;
    rt_query_destroy(w->q);
    free(w->settled);
    free(w);
}

static int walkable(const rt_query *q, uint32_t a) { return isfinite(rt_q_arc(q, a)); }

static pc_rc settle(rt_walk *w, int32_t v)
{
    if (w->n_settled == w->cap_settled) {
        size_t nc = w->cap_settled ? w->cap_settled * 2 : 256;
        int32_t *p = realloc(w->settled, nc * sizeof *p);
        if (!p)
            return PC_ENOMEM;
        w->settled = p, w->cap_settled = nc;
    }
    w->settled[w->n_settled++] = v;
    return PC_OK;
}

/* Seeds both ends of the origin's edge with the metres to them. */
static pc_rc seed(rt_walk *w)
{
    rt_query *q = w->q;
    const rt_graph *g = q->g;
    int32_t e = w->origin.edge;
    double len = g->edge_len_m[e], f = w->origin.frac;
    int32_t ends[2] = {g->edge_from[e], g->edge_to[e]};
    double d[2] = {f * len, (1 - f) * len};
    /* an edge walkable one way only is still crossed on foot both ways for
     * the part between the point and its ends only if the profile allows it */
    int ok[2] = {walkable(q, rt_graph_arc_of(g, e, 1)) || f == 0, walkable(q, rt_graph_arc_of(g, e, 0)) || f == 1};
    for (int k = 0; k < 2; k++) {
        if (!ok[k] || d[k] >= rt_label(q, 0, ends[k]))
            continue;
        rt_set_label(q, 0, ends[k], d[k], RT_ROOT);
        if (rt_heap_push(&q->heap[0], d[k], d[k], ends[k]) != PC_OK)
            return PC_ENOMEM;
    }
    return PC_OK;
}

pc_rc rt_walk_run(rt_walk *w, int walk_profile, const rt_snap *origin, double limit_m, int64_t now_s)
{
    rt_query *q = w->q;
    const rt_graph *g = q->g;
    if (walk_profile < 0 || (size_t)walk_profile >= g->profiles.n || !origin || origin->edge < 0 ||
        origin->edge >= g->n_edges || !(limit_m >= 0 && limit_m <= 20000))
        return PC_EINVAL;
    rt_q_begin(q, walk_profile, now_s);
    w->origin = *origin;
    w->walk_profile = walk_profile;
    w->n_settled = 0;
    pc_rc rc = seed(w);
    while (rc == PC_OK && q->heap[0].n) {
        rt_hent h = rt_heap_pop(&q->heap[0]);
        if (h.d > rt_label(q, 0, h.v) || h.d > limit_m)
            continue;
        rc = settle(w, h.v);
        for (uint32_t a = g->out_first[h.v]; rc == PC_OK && a < g->out_first[h.v + 1]; a++) {
            if (!walkable(q, a))
                continue;
            double nd = h.d + g->edge_len_m[g->out_edge[a] >> 1];
            int32_t u = g->out_head[a];
            if (nd < rt_label(q, 0, u) && nd <= limit_m) {
                rt_set_label(q, 0, u, nd, a);
                rc = rt_heap_push(&q->heap[0], nd, nd, u);
            }
        }
    }
    return rc;
}

double rt_walk_dist_m(const rt_walk *w, const rt_snap *to)
{
    const rt_query *q = w->q;
    const rt_graph *g = q->g;
    if (!to || to->edge < 0 || to->edge >= g->n_edges)
        return INFINITY;
    double len = g->edge_len_m[to->edge];
    double d = fmin(rt_label(q, 0, g->edge_from[to->edge]) + to->frac * len,
                    rt_label(q, 0, g->edge_to[to->edge]) + (1 - to->frac) * len);
    if (to->edge == w->origin.edge)
        d = fmin(d, fabs(to->frac - w->origin.frac) * len);
    return d;
}

/* An arc entering v that the vehicle may drive now, or UINT32_MAX. */
static uint32_t drivable_in_arc(const rt_query *q, int vp, int32_t v)
{
    const rt_graph *g = q->g;
    for (uint32_t k = g->in_first[v]; k < g->in_first[v + 1]; k++) {
        uint32_t a = g->in_arc[k];
        if (isfinite(rt_arc_cost(g, vp, a, q->ov, q->now_s)))
            return a;
    }
    return UINT32_MAX;
}

/* The walking line from the origin to node v, following parents back. */
static pc_rc build_line(rt_walk *w, int32_t v, rt_route *r)
{
    rt_query *q = w->q;
    const rt_graph *g = q->g;
    size_t n = 0, cap = 64;
    uint32_t *arcs = malloc(cap * sizeof *arcs);
    if (!arcs)
        return PC_ENOMEM;
    int32_t u = v;
    while (q->parent[0][u] != RT_ROOT) {
        if (n == cap) {
            uint32_t *p = realloc(arcs, (cap *= 2) * sizeof *arcs);
            if (!p) {
                free(arcs);
                return PC_ENOMEM;
            }
            arcs = p;
        }
        arcs[n++] = q->parent[0][u];
        u = g->arc_tail[q->parent[0][u]];
    }
    rt_builder b = {.r = r, .rc = PC_OK};
    int32_t e = w->origin.edge;
    rt_build_piece(&b, q, e, w->origin.frac, u == g->edge_from[e] ? 0 : 1, 0);
    while (n--)
        rt_build_arc(&b, q, arcs[n]);
    free(arcs);
    return b.rc;
}

pc_rc rt_walk_staging(rt_walk *w, int vehicle_profile, size_t skip, rt_staging *out)
{
    rt_query *q = w->q;
    const rt_graph *g = q->g;
    memset(out, 0, sizeof *out);
    if (vehicle_profile < 0 || (size_t)vehicle_profile >= g->profiles.n)
        return PC_EINVAL;
    int32_t e = w->origin.edge;
    /* the vehicle fits the entrance's own road: it stops right there */
    if (isfinite(rt_arc_cost(g, vehicle_profile, rt_graph_arc_of(g, e, 0), q->ov, q->now_s)) ||
        isfinite(rt_arc_cost(g, vehicle_profile, rt_graph_arc_of(g, e, 1), q->ov, q->now_s))) {
        if (skip == 0) {
            out->found = 1;
            out->at = w->origin;
            out->at.snap_dist_m = 0;
            out->at.query = w->origin.pos;
            out->line.status = RT_REACHED;
            return PC_OK;
        }
        skip--;
    }
    for (size_t i = 0; i < w->n_settled; i++) {
        int32_t v = w->settled[i];
        uint32_t a = drivable_in_arc(q, vehicle_profile, v);
        if (a == UINT32_MAX || skip-- > 0)
            continue;
        int32_t ae = g->out_edge[a] >> 1;
        int rev = g->out_edge[a] & 1;
        out->found = 1;
        out->walk_m = rt_label(q, 0, v);
        out->at = (rt_snap){.edge = ae, .frac = rev ? 0.0 : 1.0, .snap_dist_m = 0, .pos = rt_graph_node_pos(g, v)};
        out->at.query = out->at.pos;
        out->line.status = RT_REACHED;
        pc_rc rc = build_line(w, v, &out->line);
        out->line.dist_m = out->walk_m;
        if (rc != PC_OK)
            rt_staging_free(out);
        return rc;
    }
    return PC_OK;
}

void rt_staging_free(rt_staging *s)
{
    if (!s)
        return;
    rt_route_free(&s->line);
    memset(s, 0, sizeof *s);
}
