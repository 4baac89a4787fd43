/* rt_search.c — query scratch, the heap, point-to-point routes.
 *
 * Point-to-point is a bidirectional search between the two snapped points:
 * the forward search starts from the ends of the start's edge with the cost
 * of the partial edge, the backward search from the ends of the
 * destination's edge. With A*, each search's key is d + h with the admissible, consistent
 * straight-line bound of rt_graph.c, so a search can stop as soon as its
 * smallest key reaches the best meeting cost mu (Goldberg's symmetric
 * rule); bidirectional Dijkstra (h = 0) stops when the two smallest keys
 * sum to mu. Both are exact. With a contraction hierarchy (rt_ch_query.c)
 * the same ends seed its upward search and the path found is unpacked into
 * graph arcs, so the route is assembled the same way. */
#include <stdlib.h>
#include <string.h>

#include "rt_ch_int.h"

const char *rt_status_str(rt_status s)
{
    switch (s) {
    case RT_REACHED: return "reached";
    case RT_NO_ROAD: return "no road this vehicle may use near the point";
    case RT_CLOSED: return "cut off by a closure";
    case RT_DISCONNECTED: return "no road connection for this vehicle";
    }
    return "unknown";
}

pc_rc rt_query_create(const rt_graph *g, rt_query **out)
{
    *out = NULL;
    rt_query *q = calloc(1, sizeof *q);
    if (!q)
        return PC_ENOMEM;
    q->g = g;
    size_t n = g->n_nodes ? (size_t)g->n_nodes : 1;
    int ok = 1;
    for (int d = 0; d < 2; d++) {
        ok = ok && (q->stamp[d] = calloc(n, sizeof *q->stamp[d])) && (q->dist[d] = malloc(n * sizeof *q->dist[d])) &&
             (q->parent[d] = malloc(n * sizeof *q->parent[d]));
    }
    ok = ok && (q->mark_stamp = calloc(n, sizeof *q->mark_stamp)) && (q->mark_head = malloc(n * sizeof *q->mark_head));
    if (!ok) {
        rt_query_destroy(q);
        return PC_ENOMEM;
    }
    *out = q;
    return PC_OK;
}

void rt_query_destroy(rt_query *q)
{
    if (!q)
        return;
    for (int d = 0; d < 2; d++) {
        free(q->stamp[d]), free(q->dist[d]), free(q->parent[d]), free(q->heap[d].a);
    }
    free(q->mark_stamp), free(q->mark_head), free(q->site_next), free(q->sites), free(q->site_side);
    free(q->ch_arcs), free(q->ch_stack);
    for (size_t i = 0; i < q->knn_n_routes; i++)
        rt_route_free(&q->knn_route[i]);
    rt_site_cache_free(q->site_cache);
    rt_overlay_release(q->ov);
    free(q);
}

pc_rc rt_heap_push(rt_heap *h, double key, double d, int32_t v)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 1024;
        rt_hent *a = realloc(h->a, nc * sizeof *a);
        if (!a)
            return PC_ENOMEM;
        h->a = a, h->cap = nc;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (h->a[p].key <= key)
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = (rt_hent){key, d, v};
    return PC_OK;
}

rt_hent rt_heap_pop(rt_heap *h)
{
    rt_hent top = h->a[0], last = h->a[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t c = 4 * i + 1, best = c;
        if (c >= n)
            break;
        for (size_t k = c + 1; k < c + 4 && k < n; k++)
            if (h->a[k].key < h->a[best].key)
                best = k;
        if (h->a[best].key >= last.key)
            break;
        h->a[i] = h->a[best];
        i = best;
    }
    if (n > 0)
        h->a[i] = last;
    return top;
}

static void new_generation(rt_query *q)
{
    if (++q->gen == 0) { /* wrapped: old stamps could match again */
        for (int d = 0; d < 2; d++)
            memset(q->stamp[d], 0, (size_t)q->g->n_nodes * sizeof *q->stamp[d]);
        memset(q->mark_stamp, 0, (size_t)q->g->n_nodes * sizeof *q->mark_stamp);
        q->gen = 1;
    }
    q->heap[0].n = q->heap[1].n = 0;
}

void rt_q_restart(rt_query *q) { new_generation(q); }

void rt_q_begin(rt_query *q, int profile, int64_t now_s)
{
    rt_overlay_release(q->ov);
    q->ov = rt_overlay_acquire(q->g);
    q->profile = profile;
    q->now_s = now_s;
    new_generation(q);
}

int rt_ends_from_snap(const rt_query *q, const rt_snap *s, int as_target, rt_end out[2])
{
    const rt_graph *g = q->g;
    int n = 0;
    if (s->edge < 0)
        return 0;
    double f = s->frac;
    double cf = rt_q_arc(q, rt_graph_arc_of(g, s->edge, 0)), cr = rt_q_arc(q, rt_graph_arc_of(g, s->edge, 1));
    /* a point exactly on a node is that node, whichever way the edge may be driven */
    if (isfinite(cf) || (as_target ? f == 0 : f == 1))
        out[n++] = as_target ? (rt_end){g->edge_from[s->edge], isfinite(cf) ? f * cf : 0, s->edge, 0, f}
                             : (rt_end){g->edge_to[s->edge], isfinite(cf) ? (1 - f) * cf : 0, s->edge, f, 1};
    if (isfinite(cr) || (as_target ? f == 1 : f == 0))
        out[n++] = as_target ? (rt_end){g->edge_to[s->edge], isfinite(cr) ? (1 - f) * cr : 0, s->edge, 1, f}
                             : (rt_end){g->edge_from[s->edge], isfinite(cr) ? f * cr : 0, s->edge, f, 0};
    return n;
}

/* ---- point-to-point core ------------------------------------------------- */

typedef struct p2p {
    rt_end src[2], dst[2];
    int n_src, n_dst;
    double direct_s; /* along the shared edge when both points are on it */
    geo_xy src_xy, dst_xy;
    double mu;
    int32_t meet; /* -1: the direct piece (or nothing) */
} p2p;

static inline void meet_check(p2p *p, double d, int32_t v)
{
    if (d < p->mu)
        p->mu = d, p->meet = v;
}

/* Relaxes the arcs of v in direction dir; returns PC_ENOMEM only. */
static pc_rc relax(rt_query *q, p2p *p, int dir, int32_t v, double d, double h)
{
    const rt_graph *g = q->g;
    geo_xy goal = dir == 0 ? p->dst_xy : p->src_xy;
    uint32_t i0 = dir == 0 ? g->out_first[v] : g->in_first[v], i1 = dir == 0 ? g->out_first[v + 1] : g->in_first[v + 1];
    for (uint32_t i = i0; i < i1; i++) {
        uint32_t a = dir == 0 ? i : g->in_arc[i];
        double c = rt_q_arc(q, a);
        if (!isfinite(c))
            continue;
        int32_t w = dir == 0 ? g->out_head[a] : g->arc_tail[a];
        double nd = d + c;
        if (nd >= rt_label(q, dir, w))
            continue;
        rt_set_label(q, dir, w, nd, a);
        double key = nd;
        if (h > 0)
            key += h * hypot(g->node_xy[w].x_m - goal.x_m, g->node_xy[w].y_m - goal.y_m);
        if (rt_heap_push(&q->heap[dir], key, nd, w) != PC_OK)
            return PC_ENOMEM;
        meet_check(p, nd + rt_label(q, 1 - dir, w), w);
    }
    return PC_OK;
}

static pc_rc seed(rt_query *q, p2p *p, int dir, const rt_end *e, int n, int push, double h)
{
    geo_xy goal = dir == 0 ? p->dst_xy : p->src_xy;
    for (int i = 0; i < n; i++) {
        if (e[i].cost_s >= rt_label(q, dir, e[i].node))
            continue;
        rt_set_label(q, dir, e[i].node, e[i].cost_s, RT_ROOT);
        geo_xy x = q->g->node_xy[e[i].node];
        double key = e[i].cost_s + (h > 0 ? h * hypot(x.x_m - goal.x_m, x.y_m - goal.y_m) : 0);
        if (push && rt_heap_push(&q->heap[dir], key, e[i].cost_s, e[i].node) != PC_OK)
            return PC_ENOMEM;
        meet_check(p, e[i].cost_s + rt_label(q, 1 - dir, e[i].node), e[i].node);
    }
    return PC_OK;
}

static pc_rc p2p_search(rt_query *q, p2p *p, rt_algo algo)
{
    int bidir = algo != RT_ALGO_DIJKSTRA, astar = algo == RT_ALGO_BIDIR_ASTAR;
    double h = astar ? q->g->h_s_per_m[q->profile] : 0;
    p->mu = p->direct_s;
    p->meet = -1;
    pc_rc rc = seed(q, p, 0, p->src, p->n_src, 1, h);
    if (rc == PC_OK)
        rc = seed(q, p, 1, p->dst, p->n_dst, bidir, h);
    while (rc == PC_OK) {
        double kf = q->heap[0].n ? q->heap[0].a[0].key : INFINITY;
        double kb = bidir && q->heap[1].n ? q->heap[1].a[0].key : INFINITY;
        if (!bidir ? kf >= p->mu : astar ? (kf >= p->mu || kb >= p->mu) : (kf + kb >= p->mu))
            break;
        if (bidir && (kf == INFINITY || kb == INFINITY))
            break;
        int dir = (!bidir || q->heap[0].n <= q->heap[1].n) ? 0 : 1;
        rt_hent t = rt_heap_pop(&q->heap[dir]);
        if (t.d > rt_label(q, dir, t.v))
            continue;
        rc = relax(q, p, dir, t.v, t.d, h);
    }
    return rc;
}

/* ---- route assembly ------------------------------------------------------ */

static int grow(void **a, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*a, nc * size);
    if (!p)
        return 0;
    *a = p, *cap = nc;
    return 1;
}

static void add_pt(rt_builder *b, geo_lonlat p)
{
    rt_route *r = b->r;
    if (r->n_pts > b->pts_floor && r->pts[r->n_pts - 1].lon_deg == p.lon_deg && r->pts[r->n_pts - 1].lat_deg == p.lat_deg)
        return;
    if (!grow((void **)&r->pts, &b->cap_pts, r->n_pts + 1, sizeof *r->pts)) {
        b->rc = PC_ENOMEM;
        return;
    }
    r->pts[r->n_pts++] = p;
}

static void add_street(rt_builder *b, const rt_query *q, int32_t e, double dist_m, double time_s)
{
    rt_route *r = b->r;
    const char *name = rt_graph_edge_name(q->g, e);
    rt_class cls = (rt_class)q->g->edge_cls[e];
    if (r->n_streets) {
        rt_street *s = &r->streets[r->n_streets - 1];
        if (name ? (s->name && strcmp(s->name, name) == 0) : (!s->name && s->cls == cls)) {
            s->dist_m += dist_m, s->time_s += time_s;
            return;
        }
    }
    if (!grow((void **)&r->streets, &b->cap_streets, r->n_streets + 1, sizeof *r->streets)) {
        b->rc = PC_ENOMEM;
        return;
    }
    r->streets[r->n_streets++] = (rt_street){name, cls, dist_m, time_s};
}

void rt_build_piece(rt_builder *b, const rt_query *q, int32_t e, double f0, double f1, double time_s)
{
    const rt_graph *g = q->g;
    rt_route *r = b->r;
    if (b->rc != PC_OK)
        return;
    if (f0 == f1) { /* a point on a node: nothing driven */
        add_pt(b, rt_edge_point_at(g, e, f0));
        return;
    }
    if (!r->n_edges || r->edges[r->n_edges - 1] != e) {
        if (!grow((void **)&r->edges, &b->cap_edges, r->n_edges + 1, sizeof *r->edges)) {
            b->rc = PC_ENOMEM;
            return;
        }
        r->edges[r->n_edges++] = e;
    }
    uint32_t off = g->edge_pt_off[e], n = g->edge_n_pts[e];
    if (fabs(f1 - f0) == 1) { /* the whole edge (most of a route): its points as they are */
        for (uint32_t k = 0; k < n; k++)
            add_pt(b, g->pts_ll[off + (f1 > f0 ? k : n - 1 - k)]);
    } else {
        double glen = g->edge_glen_m[e], lo = fmin(f0, f1) * glen, hi = fmax(f0, f1) * glen;
        add_pt(b, rt_edge_point_at(g, e, f0));
        double cum = 0;
        size_t mark = r->n_pts;
        for (uint32_t k = 0; k < n; k++) {
            if (k > 0)
                cum += hypot(g->pts_xy[off + k].x_m - g->pts_xy[off + k - 1].x_m,
                             g->pts_xy[off + k].y_m - g->pts_xy[off + k - 1].y_m);
            if (cum > lo && cum < hi)
                add_pt(b, g->pts_ll[off + k]);
        }
        if (f1 < f0 && b->rc == PC_OK) /* interior vertices went in ascending order: turn them round */
            for (size_t i = mark, j = r->n_pts; i + 1 < j; i++, j--) {
                geo_lonlat t = r->pts[i];
                r->pts[i] = r->pts[j - 1], r->pts[j - 1] = t;
            }
        add_pt(b, rt_edge_point_at(g, e, f1));
    }
    double dist = fabs(f1 - f0) * g->edge_len_m[e];
    r->dist_m += dist;
    add_street(b, q, e, dist, time_s);
}

void rt_build_arc(rt_builder *b, const rt_query *q, uint32_t a)
{
    int32_t e = q->g->out_edge[a] >> 1;
    int rev = q->g->out_edge[a] & 1;
    rt_build_piece(b, q, e, rev ? 1 : 0, rev ? 0 : 1, rt_q_arc(q, a));
}

const rt_end *rt_end_for(const rt_end *e, int n, int32_t v, double label)
{
    const rt_end *hit = NULL;
    for (int i = 0; i < n; i++)
        if (e[i].node == v && (!hit || e[i].cost_s == label))
            hit = &e[i];
    return hit;
}

/* The route from the start's end at node first, along arcs, to the
 * destination's end at node last. */
static pc_rc assemble_path(rt_query *q, const p2p *p, int32_t first, const uint32_t *arcs, size_t n_arcs,
                           int32_t last, rt_route *out)
{
    rt_builder b = {.r = out, .rc = PC_OK};
    const rt_end *s = rt_end_for(p->src, p->n_src, first, rt_label(q, 0, first));
    if (s && s->edge >= 0)
        rt_build_piece(&b, q, s->edge, s->f0, s->f1, s->cost_s);
    for (size_t i = 0; i < n_arcs; i++)
        rt_build_arc(&b, q, arcs[i]);
    const rt_end *t = rt_end_for(p->dst, p->n_dst, last, rt_label(q, 1, last));
    if (t && t->edge >= 0)
        rt_build_piece(&b, q, t->edge, t->f0, t->f1, t->cost_s);
    out->time_s = p->mu;
    return b.rc;
}

static pc_rc assemble(rt_query *q, const p2p *p, const struct rt_ch *ch, const rt_snap *a, const rt_snap *bsnap,
                      rt_route *out)
{
    const rt_graph *g = q->g;
    if (p->meet < 0) {
        rt_builder b = {.r = out, .rc = PC_OK};
        rt_build_piece(&b, q, a->edge, a->frac, bsnap->frac, p->direct_s);
        out->time_s = p->mu;
        return b.rc;
    }
    if (ch) {
        const uint32_t *arcs;
        size_t n;
        int32_t first, last;
        pc_rc rc = rt_ch_path(q, ch, p->meet, &arcs, &n, &first, &last);
        return rc == PC_OK ? assemble_path(q, p, first, arcs, n, last, out) : rc;
    }
    size_t n_arcs = 0, cap = 0;
    uint32_t *arcs = NULL;
    pc_rc rc = PC_ENOMEM;
    int32_t v = p->meet, first;
    for (; q->parent[0][v] != RT_ROOT; v = g->arc_tail[q->parent[0][v]]) {
        if (!grow((void **)&arcs, &cap, n_arcs + 1, sizeof *arcs))
            goto cleanup;
        arcs[n_arcs++] = q->parent[0][v];
    }
    first = v;
    for (size_t i = 0, j = n_arcs; i + 1 < j; i++, j--) { /* collected from the meeting node back: turn round */
        uint32_t t = arcs[i];
        arcs[i] = arcs[j - 1], arcs[j - 1] = t;
    }
    for (v = p->meet; q->parent[1][v] != RT_ROOT; v = g->out_head[q->parent[1][v]]) {
        if (!grow((void **)&arcs, &cap, n_arcs + 1, sizeof *arcs))
            goto cleanup;
        arcs[n_arcs++] = q->parent[1][v];
    }
    rc = assemble_path(q, p, first, arcs, n_arcs, v, out);
cleanup:
    free(arcs);
    return rc;
}

/* ---- unreachable: why, and the nearest reachable point ------------------- */

static pc_rc nearest_reachable(rt_query *q, const p2p *p, rt_route *out)
{
    const rt_graph *g = q->g;
    new_generation(q);
    p2p tmp = *p;
    tmp.mu = INFINITY;
    pc_rc rc = seed(q, &tmp, 0, p->src, p->n_src, 1, 0);
    double best = INFINITY;
    while (rc == PC_OK && q->heap[0].n) {
        rt_hent t = rt_heap_pop(&q->heap[0]);
        if (t.d > rt_label(q, 0, t.v))
            continue;
        double gap = hypot(g->node_xy[t.v].x_m - p->dst_xy.x_m, g->node_xy[t.v].y_m - p->dst_xy.y_m);
        if (gap < best) {
            best = gap;
            out->has_nearest = 1;
            out->nearest = g->node_ll[t.v];
            out->nearest_gap_m = gap;
            out->nearest_time_s = t.d;
        }
        rc = relax(q, &tmp, 0, t.v, t.d, 0);
    }
    return rc;
}

static pc_rc explain_unreached(rt_query *q, p2p *p, rt_algo algo, rt_route *out)
{
    out->status = RT_DISCONNECTED;
    if (q->ov->n > 0) { /* would it be reachable without the closures? */
        rt_overlay *held = q->ov;
        q->ov = NULL;
        new_generation(q);
        p2p open = *p;
        pc_rc rc = p2p_search(q, &open, algo);
        q->ov = held;
        if (rc != PC_OK)
            return rc;
        if (isfinite(open.mu))
            out->status = RT_CLOSED;
    }
    return nearest_reachable(q, p, out);
}

static void setup_p2p(rt_query *q, const rt_snap *a, const rt_snap *b, p2p *p)
{
    const rt_graph *g = q->g;
    memset(p, 0, sizeof *p);
    p->n_src = rt_ends_from_snap(q, a, 0, p->src);
    p->n_dst = rt_ends_from_snap(q, b, 1, p->dst);
    p->src_xy = geo_frame_to_xy(&g->frame, a->pos);
    p->dst_xy = geo_frame_to_xy(&g->frame, b->pos);
    p->direct_s = INFINITY;
    if (a->edge == b->edge) {
        int rev = b->frac < a->frac;
        double c = rt_q_arc(q, rt_graph_arc_of(g, a->edge, rev));
        p->direct_s = rt_part(fabs(b->frac - a->frac), c);
    }
}

/* The hierarchy a point-to-point search may use (NULL: the exact search on
 * the overlay). RT_ALGO_CH builds it on first use: the graph is shared
 * read-only, but its hierarchies are published atomically (rt_ch_query.c). */
static pc_rc pick_ch(rt_query *q, rt_algo algo, const struct rt_ch **ch)
{
    *ch = NULL;
    if (algo != RT_ALGO_AUTO && algo != RT_ALGO_CH)
        return PC_OK;
    if (algo == RT_ALGO_CH && !rt_graph_ch_ready(q->g, q->profile)) {
        pc_rc rc = rt_graph_ch_build((rt_graph *)q->g, q->profile, NULL);
        if (rc != PC_OK)
            return rc;
    }
    *ch = rt_ch_for_query(q);
    return PC_OK;
}

static pc_rc ch_search(rt_query *q, const struct rt_ch *ch, p2p *p)
{
    p->mu = p->direct_s;
    return rt_ch_search(q, ch, p->src, p->n_src, p->dst, p->n_dst, &p->mu, &p->meet);
}

void rt_route_free(rt_route *r)
{
    if (!r)
        return;
    free(r->pts), free(r->edges), free(r->streets);
    memset(r, 0, sizeof *r);
}

/* Searches between the snapped points a and b (labels fresh) and, when
 * reached, assembles the route into out. */
static pc_rc route_core(rt_query *q, const struct rt_ch *ch, rt_algo algo, const rt_snap *a, const rt_snap *b, p2p *p,
                        rt_route *out)
{
    setup_p2p(q, a, b, p);
    pc_rc rc = ch ? ch_search(q, ch, p) : p2p_search(q, p, algo);
    if (rc != PC_OK || !isfinite(p->mu))
        return rc;
    out->status = RT_REACHED;
    return assemble(q, p, ch, a, b, out);
}

pc_rc rt_route_snaps(rt_query *q, const struct rt_ch *ch, const rt_snap *a, const rt_snap *b, rt_route *out)
{
    memset(out, 0, sizeof *out);
    out->from = *a, out->to = *b;
    out->status = RT_DISCONNECTED;
    new_generation(q);
    p2p p;
    pc_rc rc = route_core(q, ch, RT_ALGO_BIDIR_DIJKSTRA, a, b, &p, out);
    if (rc != PC_OK)
        rt_route_free(out);
    return rc;
}

pc_rc rt_route_find(rt_query *q, geo_lonlat a, geo_lonlat b, const rt_route_opts *o, rt_route *out)
{
    memset(out, 0, sizeof *out);
    const rt_graph *g = q->g;
    if (!o || o->profile < 0 || (size_t)o->profile >= g->profiles.n || !geo_lonlat_valid(a) || !geo_lonlat_valid(b))
        return PC_EINVAL;
    double max_snap = o->max_snap_m > 0 ? o->max_snap_m : 1000;
    pc_rc ra = rt_graph_snap(g, o->profile, a, max_snap, o->now_s, &out->from);
    pc_rc rb = rt_graph_snap(g, o->profile, b, max_snap, o->now_s, &out->to);
    if (ra != PC_OK || rb != PC_OK) {
        out->status = RT_NO_ROAD;
        return (ra == PC_OK || ra == PC_ENOTFOUND) && (rb == PC_OK || rb == PC_ENOTFOUND) ? PC_OK : PC_EINVAL;
    }
    rt_q_begin(q, o->profile, o->now_s);
    out->status = RT_DISCONNECTED; /* until route_core reaches b */
    p2p p;
    const struct rt_ch *ch = NULL;
    pc_rc rc = pick_ch(q, o->algo, &ch);
    if (rc == PC_OK)
        rc = route_core(q, ch, o->algo, &out->from, &out->to, &p, out);
    if (rc == PC_OK && out->status != RT_REACHED)
        rc = explain_unreached(q, &p, o->algo, out);
    if (rc != PC_OK)
        rt_route_free(out);
    return rc;
}

pc_rc rt_node_cost(rt_query *q, int profile, int32_t from, int32_t to, int64_t now_s, rt_algo algo, double *cost_s)
{
    const rt_graph *g = q->g;
    *cost_s = INFINITY;
    if (profile < 0 || (size_t)profile >= g->profiles.n || from < 0 || to < 0 || from >= g->n_nodes ||
        to >= g->n_nodes)
        return PC_EINVAL;
    rt_q_begin(q, profile, now_s);
    p2p p;
    memset(&p, 0, sizeof p);
    p.src[0] = (rt_end){from, 0, -1, 0, 0};
    p.dst[0] = (rt_end){to, 0, -1, 0, 0};
    p.n_src = p.n_dst = 1;
    p.direct_s = INFINITY;
    p.src_xy = g->node_xy[from];
    p.dst_xy = g->node_xy[to];
    const struct rt_ch *ch = NULL;
    pc_rc rc = pick_ch(q, algo, &ch);
    if (rc == PC_OK)
        rc = ch ? ch_search(q, ch, &p) : p2p_search(q, &p, algo);
    if (rc == PC_OK)
        *cost_s = p.mu;
    return rc;
}
