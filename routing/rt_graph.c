/* rt_graph.c — building the immutable CSR graph and its per-profile costs.
 *
 * Every road_edge gives two arcs stored in CSR order by tail node; an arc
 * the profile may not use costs INFINITY, so searches need no other test.
 * The A* factor per profile is r_min / v_max, where r_min is the smallest
 * ratio of an edge's stored length to its straight geometry in the metric
 * frame: then cost >= factor * straight distance holds on every path, so
 * the heuristic is admissible and consistent and results stay exact. */
#include "rt_graph_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rt_graph_destroy(rt_graph *g)
{
    if (!g)
        return;
    free(g->node_id), free(g->node_ll), free(g->node_xy);
    free(g->edge_id), free(g->edge_from), free(g->edge_to), free(g->edge_cls);
    free(g->edge_len_m), free(g->edge_glen_m), free(g->edge_pt_off), free(g->edge_n_pts);
    free(g->edge_name), free(g->names), free(g->pts_ll), free(g->pts_xy),
    free(g->out_first), free(g->out_head), free(g->out_edge), free(g->in_first), free(g->in_arc);
    free(g->arc_tail), free(g->edge_arc);
    for (int p = 0; p < RT_MAX_PROFILES; p++)
        free(g->cost[p]), rt_ch_destroy(atomic_load(&g->ch[p]));
    free(g->cell_first), free(g->cell_seg), free(g->pt_edge);
    if (g->slot) {
        rt_overlay_release(g->slot->cur);
        pthread_mutex_destroy(&g->slot->mu);
        free(g->slot);
    }
    free(g);
}

static int32_t find_id(const int64_t *ids, int32_t n, int64_t id)
{
    int32_t lo = 0, hi = n - 1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return mid;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

#define ALLOC(ptr, n) ((ptr) = malloc(((n) > 0 ? (size_t)(n) : 1) * sizeof *(ptr)))

static pc_rc copy_nodes(rt_graph *g, const geo_road_net *net, char *err, size_t err_len)
{
    if (net->n_nodes >= INT32_MAX || net->n_edges >= INT32_MAX / 2) {
        snprintf(err, err_len, "road graph too large");
        return PC_ELIMIT;
    }
    g->n_nodes = (int32_t)net->n_nodes;
    if (!ALLOC(g->node_id, g->n_nodes) || !ALLOC(g->node_ll, g->n_nodes) || !ALLOC(g->node_xy, g->n_nodes))
        return PC_ENOMEM;
    double x0 = 180, x1 = -180, y0 = 90, y1 = -90;
    for (int32_t i = 0; i < g->n_nodes; i++) {
        if (i > 0 && net->node_ids[i] <= net->node_ids[i - 1]) {
            snprintf(err, err_len, "road nodes are not in ascending id order");
            return PC_EINVAL;
        }
        geo_lonlat p = net->node_pos[i];
        x0 = p.lon_deg < x0 ? p.lon_deg : x0, x1 = p.lon_deg > x1 ? p.lon_deg : x1;
        y0 = p.lat_deg < y0 ? p.lat_deg : y0, y1 = p.lat_deg > y1 ? p.lat_deg : y1;
    }
    if (g->n_nodes) { /* an empty network has NULL arrays */
        memcpy(g->node_id, net->node_ids, (size_t)g->n_nodes * sizeof *g->node_id);
        memcpy(g->node_ll, net->node_pos, (size_t)g->n_nodes * sizeof *g->node_ll);
    }
    geo_frame_init(&g->frame, g->n_nodes ? (geo_lonlat){(x0 + x1) / 2, (y0 + y1) / 2} : (geo_lonlat){105.85, 21.03});
    for (int32_t i = 0; i < g->n_nodes; i++)
        g->node_xy[i] = geo_frame_to_xy(&g->frame, g->node_ll[i]);
    return PC_OK;
}

static double dist_xy(geo_xy a, geo_xy b) { return hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

static pc_rc copy_edges(rt_graph *g, const geo_road_net *net, char *err, size_t err_len)
{
    int32_t m = g->n_edges = (int32_t)net->n_edges;
    g->n_pts = net->n_pts;
    if (!ALLOC(g->edge_id, m) || !ALLOC(g->edge_from, m) || !ALLOC(g->edge_to, m) || !ALLOC(g->edge_cls, m) ||
        !ALLOC(g->edge_len_m, m) || !ALLOC(g->edge_glen_m, m) || !ALLOC(g->edge_pt_off, m) ||
        !ALLOC(g->edge_n_pts, m) || !ALLOC(g->edge_name, m) || !ALLOC(g->pts_ll, g->n_pts) ||
        !ALLOC(g->pts_xy, g->n_pts) || !ALLOC(g->names, net->names_len))
        return PC_ENOMEM;
    if (net->names_len)
        memcpy(g->names, net->names, net->names_len);
    if (g->n_pts)
        memcpy(g->pts_ll, net->pts, g->n_pts * sizeof *g->pts_ll);
    for (size_t i = 0; i < g->n_pts; i++)
        g->pts_xy[i] = geo_frame_to_xy(&g->frame, g->pts_ll[i]);
    for (int32_t i = 0; i < m; i++) {
        const geo_road_edge *e = &net->edges[i];
        if (i > 0 && e->id <= net->edges[i - 1].id) {
            snprintf(err, err_len, "road edges are not in ascending id order");
            return PC_EINVAL;
        }
        g->edge_id[i] = e->id;
        g->edge_from[i] = find_id(g->node_id, g->n_nodes, e->node_from);
        g->edge_to[i] = find_id(g->node_id, g->n_nodes, e->node_to);
        if (g->edge_from[i] < 0 || g->edge_to[i] < 0 || e->n_pts < 2 || e->pt_off + e->n_pts > g->n_pts) {
            snprintf(err, err_len, "road_edge %lld: unknown node or bad geometry", (long long)e->id);
            return PC_EFORMAT;
        }
        g->edge_cls[i] = (uint8_t)rt_class_parse(e->cls);
        g->edge_len_m[i] = e->length_m;
        g->edge_pt_off[i] = e->pt_off;
        g->edge_n_pts[i] = e->n_pts;
        g->edge_name[i] = e->name_off;
        double glen = 0;
        for (uint32_t k = 1; k < e->n_pts; k++)
            glen += dist_xy(g->pts_xy[e->pt_off + k - 1], g->pts_xy[e->pt_off + k]);
        g->edge_glen_m[i] = glen;
    }
    return PC_OK;
}

static pc_rc build_csr(rt_graph *g)
{
    int32_t n = g->n_nodes, m = g->n_edges;
    size_t na = 2 * (size_t)m;
    if (!(g->out_first = calloc((size_t)n + 1, sizeof *g->out_first)) ||
        !(g->in_first = calloc((size_t)n + 1, sizeof *g->in_first)) || !ALLOC(g->out_head, na) ||
        !ALLOC(g->out_edge, na) || !ALLOC(g->in_arc, na) || !ALLOC(g->arc_tail, na) || !ALLOC(g->edge_arc, na))
        return PC_ENOMEM;
    for (int32_t e = 0; e < m; e++) {
        g->out_first[g->edge_from[e] + 1]++;
        g->out_first[g->edge_to[e] + 1]++;
        g->in_first[g->edge_to[e] + 1]++;
        g->in_first[g->edge_from[e] + 1]++;
    }
    for (int32_t v = 0; v < n; v++) {
        g->out_first[v + 1] += g->out_first[v];
        g->in_first[v + 1] += g->in_first[v];
    }
    uint32_t *fill = malloc(((size_t)n + 1) * sizeof *fill);
    if (!fill)
        return PC_ENOMEM;
    memcpy(fill, g->out_first, ((size_t)n + 1) * sizeof *fill);
    for (int32_t e = 0; e < m; e++) {
        for (int rev = 0; rev < 2; rev++) {
            int32_t tail = rev ? g->edge_to[e] : g->edge_from[e], head = rev ? g->edge_from[e] : g->edge_to[e];
            uint32_t a = fill[tail]++;
            g->out_head[a] = head;
            g->out_edge[a] = (e << 1) | rev;
            g->arc_tail[a] = tail;
            g->edge_arc[2 * (size_t)e + rev] = a;
        }
    }
    memcpy(fill, g->in_first, ((size_t)n + 1) * sizeof *fill);
    for (size_t a = 0; a < na; a++)
        g->in_arc[fill[g->out_head[a]]++] = (uint32_t)a;
    free(fill);
    return PC_OK;
}

/* May profile p use edge e at all (either direction)? */
static int edge_usable(const rt_graph *g, const geo_road_edge *e, const rt_profile *p, int32_t i)
{
    if (p->speed_kmh[g->edge_cls[i]] <= 0)
        return 0;
    if (p->access == RT_ACCESS_MOTOR ? !e->motor : !e->foot)
        return 0;
    if (e->width_m < rt_profile_min_width_m(p))
        return 0;
    return !(e->maxheight_m > 0 && e->maxheight_m < p->clear_height_m);
}

static pc_rc build_costs(rt_graph *g, const geo_road_net *net)
{
    double r_min = INFINITY;
    for (int32_t e = 0; e < g->n_edges; e++) {
        const geo_road_edge *re = &net->edges[e];
        double straight = g->edge_glen_m[e] + dist_xy(g->node_xy[g->edge_from[e]], g->pts_xy[re->pt_off]) +
                          dist_xy(g->pts_xy[re->pt_off + re->n_pts - 1], g->node_xy[g->edge_to[e]]);
        if (straight > 1e-6 && g->edge_len_m[e] / straight < r_min)
            r_min = g->edge_len_m[e] / straight;
    }
    if (!isfinite(r_min))
        r_min = 1;
    for (size_t p = 0; p < g->profiles.n; p++) {
        const rt_profile *pr = &g->profiles.p[p];
        if (!ALLOC(g->cost[p], 2 * (size_t)g->n_edges))
            return PC_ENOMEM;
        double vmax = 0;
        for (int c = 0; c < RT_CLASS_COUNT; c++)
            vmax = pr->speed_kmh[c] > vmax ? pr->speed_kmh[c] : vmax;
        g->h_s_per_m[p] = r_min / (vmax / 3.6) * (1 - 1e-9);
        for (int32_t e = 0; e < g->n_edges; e++) {
            const geo_road_edge *re = &net->edges[e];
            double c = INFINITY;
            if (edge_usable(g, re, pr, e))
                c = g->edge_len_m[e] / (pr->speed_kmh[g->edge_cls[e]] / 3.6);
            g->cost[p][g->edge_arc[2 * (size_t)e]] = c;
            g->cost[p][g->edge_arc[2 * (size_t)e + 1]] = (re->oneway && pr->obeys_oneway) ? INFINITY : c;
        }
    }
    return PC_OK;
}

pc_rc rt_graph_build(const geo_road_net *net, const rt_profile_set *profiles, rt_graph **out, char *err,
                     size_t err_len)
{
    char dummy[8];
    if (!err)
        err = dummy, err_len = sizeof dummy;
    err[0] = '\0';
    *out = NULL;
    if (!net || !profiles || profiles->n == 0 || profiles->n > RT_MAX_PROFILES)
        return PC_EINVAL;
    rt_graph *g = calloc(1, sizeof *g);
    if (!g)
        return PC_ENOMEM;
    g->profiles = *profiles;
    pc_rc rc = copy_nodes(g, net, err, err_len);
    if (rc == PC_OK)
        rc = copy_edges(g, net, err, err_len);
    if (rc == PC_OK)
        rc = build_csr(g);
    if (rc == PC_OK)
        rc = build_costs(g, net);
    if (rc == PC_OK)
        rc = rt_snap_grid_build(g);
    if (rc == PC_OK) {
        g->slot = calloc(1, sizeof *g->slot);
        if (!g->slot || pthread_mutex_init(&g->slot->mu, NULL) != 0) {
            free(g->slot);
            g->slot = NULL;
            rc = PC_ENOMEM;
        } else {
            rc = rt_overlay_create_empty(&g->slot->cur);
        }
    }
    if (rc != PC_OK) {
        if (!err[0])
            snprintf(err, err_len, "building the road graph: %s", pc_rc_str(rc));
        rt_graph_destroy(g);
        return rc;
    }
    *out = g;
    return PC_OK;
}

size_t rt_graph_n_nodes(const rt_graph *g) { return (size_t)g->n_nodes; }
size_t rt_graph_n_edges(const rt_graph *g) { return (size_t)g->n_edges; }
const rt_profile_set *rt_graph_profiles(const rt_graph *g) { return &g->profiles; }
int32_t rt_graph_node_index(const rt_graph *g, int64_t id) { return find_id(g->node_id, g->n_nodes, id); }
int32_t rt_graph_edge_index(const rt_graph *g, int64_t id) { return find_id(g->edge_id, g->n_edges, id); }
int64_t rt_graph_node_id(const rt_graph *g, int32_t v) { return (v >= 0 && v < g->n_nodes) ? g->node_id[v] : -1; }
int64_t rt_graph_edge_id(const rt_graph *g, int32_t e) { return (e >= 0 && e < g->n_edges) ? g->edge_id[e] : -1; }

geo_lonlat rt_graph_node_pos(const rt_graph *g, int32_t v)
{
    return (v >= 0 && v < g->n_nodes) ? g->node_ll[v] : (geo_lonlat){NAN, NAN};
}

double rt_graph_edge_cost_s(const rt_graph *g, int profile, int32_t e, int reverse)
{
    if (profile < 0 || (size_t)profile >= g->profiles.n || e < 0 || e >= g->n_edges)
        return INFINITY;
    return g->cost[profile][rt_graph_arc_of(g, e, reverse)];
}

double rt_graph_edge_length_m(const rt_graph *g, int32_t e) { return (e >= 0 && e < g->n_edges) ? g->edge_len_m[e] : 0; }

const char *rt_graph_edge_name(const rt_graph *g, int32_t e)
{
    return (e >= 0 && e < g->n_edges && g->edge_name[e] >= 0) ? g->names + g->edge_name[e] : NULL;
}

rt_class rt_graph_edge_class(const rt_graph *g, int32_t e)
{
    return (e >= 0 && e < g->n_edges) ? (rt_class)g->edge_cls[e] : RT_CLASS_OTHER;
}

void rt_graph_edge_nodes(const rt_graph *g, int32_t e, int32_t *from, int32_t *to)
{
    int ok = e >= 0 && e < g->n_edges;
    *from = ok ? g->edge_from[e] : -1;
    *to = ok ? g->edge_to[e] : -1;
}
