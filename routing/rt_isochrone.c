/* rt_isochrone.c — the roads a vehicle reaches within a time limit.
 *
 * A forward Dijkstra bounded by the limit labels every node reached in
 * time; then each usable arc out of a reached node is reached in full when
 * its head is reached through it in time, and otherwise up to the fraction
 * the remaining time allows (a frontier piece). The start edge contributes
 * the pieces either side of the snapped point. geo_road_reach_polygon()
 * turns the pieces into the area polygon. */
#include <stdlib.h>
#include <string.h>

#include "rt_query_int.h"

void rt_reach_free(rt_reach *r)
{
    if (!r)
        return;
    free(r->edges), free(r->pts), free(r->line_len);
    memset(r, 0, sizeof *r);
}

typedef struct reach_acc {
    rt_route lines; /* points and edges accumulate here through the builder */
    rt_builder b;
    rt_reach *out;
    size_t cap_lines;
} reach_acc;

static void add_piece(reach_acc *acc, const rt_query *q, int32_t e, double f0, double f1)
{
    if (acc->b.rc != PC_OK || f0 == f1)
        return;
    rt_reach *r = acc->out;
    if (r->n_lines == acc->cap_lines) {
        size_t nc = acc->cap_lines ? acc->cap_lines * 2 : 256;
        uint32_t *ll = realloc(r->line_len, nc * sizeof *ll);
        int32_t *ee = ll ? realloc(r->edges, nc * sizeof *ee) : NULL;
        if (ll)
            r->line_len = ll;
        if (!ll || !ee) {
            acc->b.rc = PC_ENOMEM;
            return;
        }
        r->edges = ee;
        acc->cap_lines = nc;
    }
    size_t before = acc->lines.n_pts;
    acc->b.pts_floor = before;
    acc->lines.n_edges = 0; /* the builder's edge list is not needed here */
    acc->lines.n_streets = 0;
    rt_build_piece(&acc->b, q, e, f0, f1, 0);
    r->edges[r->n_lines] = e;
    r->line_len[r->n_lines++] = (uint32_t)(acc->lines.n_pts - before);
    r->reached_length_m += fabs(f1 - f0) * q->g->edge_len_m[e];
}

static pc_rc bounded_dijkstra(rt_query *q, const rt_end *ends, int ne, double limit, int32_t **settled, size_t *n)
{
    const rt_graph *g = q->g;
    size_t cap = 0;
    for (int s = 0; s < ne; s++) {
        if (ends[s].cost_s > limit || ends[s].cost_s >= rt_label(q, 0, ends[s].node))
            continue;
        rt_set_label(q, 0, ends[s].node, ends[s].cost_s, RT_ROOT);
        if (rt_heap_push(&q->heap[0], ends[s].cost_s, ends[s].cost_s, ends[s].node) != PC_OK)
            return PC_ENOMEM;
    }
    while (q->heap[0].n) {
        rt_hent t = rt_heap_pop(&q->heap[0]);
        if (t.d > rt_label(q, 0, t.v))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            int32_t *p = realloc(*settled, cap * sizeof *p);
            if (!p)
                return PC_ENOMEM;
            *settled = p;
        }
        (*settled)[(*n)++] = t.v;
        for (uint32_t a = g->out_first[t.v]; a < g->out_first[t.v + 1]; a++) {
            double nd = t.d + rt_q_arc(q, a);
            int32_t w = g->out_head[a];
            if (nd > limit || !(nd < rt_label(q, 0, w)))
                continue;
            rt_set_label(q, 0, w, nd, a);
            if (rt_heap_push(&q->heap[0], nd, nd, w) != PC_OK)
                return PC_ENOMEM;
        }
    }
    return PC_OK;
}

/* Pieces of the arcs out of the reached nodes. An edge reached in full from
 * both ends is emitted once (from its tree arc, or from its lower arc). */
static void arc_pieces(reach_acc *acc, const rt_query *q, const int32_t *settled, size_t n, double limit)
{
    const rt_graph *g = q->g;
    for (size_t i = 0; i < n && acc->b.rc == PC_OK; i++) {
        int32_t v = settled[i];
        double d = rt_label(q, 0, v);
        for (uint32_t a = g->out_first[v]; a < g->out_first[v + 1]; a++) {
            double c = rt_q_arc(q, a);
            if (!isfinite(c))
                continue;
            int32_t e = g->out_edge[a] >> 1, rev = g->out_edge[a] & 1, w = g->out_head[a];
            double f0 = rev ? 1 : 0;
            if (d + c <= limit) {
                /* full: skip when the other direction also covers it in full and has the lower index */
                uint32_t other = rt_graph_arc_of(g, e, !rev);
                double dw = rt_label(q, 0, w), co = rt_q_arc(q, other);
                if (dw + co <= limit && other < a)
                    continue;
                add_piece(acc, q, e, f0, rev ? 0 : 1);
            } else {
                double f = (limit - d) / c;
                add_piece(acc, q, e, f0, rev ? 1 - f : f);
            }
        }
    }
}

pc_rc rt_isochrone(rt_query *q, int profile, const rt_snap *from, double limit_s, int64_t now_s, rt_reach *out)
{
    memset(out, 0, sizeof *out);
    const rt_graph *g = q->g;
    if (profile < 0 || (size_t)profile >= g->profiles.n || !from || !(limit_s > 0))
        return PC_EINVAL;
    rt_q_begin(q, profile, now_s);
    if (from->edge < 0)
        return PC_OK;
    reach_acc acc = {.out = out};
    acc.b = (rt_builder){.r = &acc.lines, .rc = PC_OK};
    rt_end ends[2];
    int ne = rt_ends_from_snap(q, from, 0, ends);
    int32_t *settled = NULL;
    size_t n = 0;
    pc_rc rc = bounded_dijkstra(q, ends, ne, limit_s, &settled, &n);
    for (int s = 0; rc == PC_OK && s < ne; s++) { /* the start edge, either side of the point */
        double span = fabs(ends[s].f1 - ends[s].f0), f = ends[s].cost_s > limit_s ? limit_s / ends[s].cost_s : 1;
        add_piece(&acc, q, from->edge, ends[s].f0, ends[s].f0 + (ends[s].f1 > ends[s].f0 ? 1 : -1) * span * f);
    }
    if (rc == PC_OK)
        arc_pieces(&acc, q, settled, n, limit_s);
    free(settled);
    if (rc == PC_OK)
        rc = acc.b.rc;
    out->pts = acc.lines.pts;
    out->n_pts = acc.lines.n_pts;
    out->n_nodes_reached = n;
    free(acc.lines.edges), free(acc.lines.streets);
    if (rc != PC_OK)
        rt_reach_free(out);
    return rc;
}
