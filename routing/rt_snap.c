/* rt_snap.c — joining a point to the graph at its projection on an edge.
 *
 * A uniform grid over the metric frame lists, per cell, the geometry
 * segments whose bounding box touches it. A query scans rings of cells
 * around the point and stops once the best distance found is no more than
 * the nearest a further ring could hold, so the answer is the exact
 * nearest usable segment, not an approximation. */
#include <stdlib.h>
#include <string.h>

#include "rt_graph_int.h"

#define RT_CELL_M 100.0
#define RT_MAX_CELLS (4u << 20)

static void cell_range(const rt_graph *g, double lo, double hi, double origin, int32_t n, int32_t *a, int32_t *b)
{
    double fa = (lo - origin) / g->cell_m, fb = (hi - origin) / g->cell_m;
    *a = fa < 0 ? 0 : fa >= n ? n - 1 : (int32_t)fa;
    *b = fb < 0 ? 0 : fb >= n ? n - 1 : (int32_t)fb;
}

/* Calls visit-like counting (fill == NULL) or filling for each cell of segment i. */
static void place_segment(rt_graph *g, uint32_t i, uint32_t *count, uint32_t *fill)
{
    geo_xy a = g->pts_xy[i], b = g->pts_xy[i + 1];
    int32_t x0, x1, y0, y1;
    cell_range(g, a.x_m < b.x_m ? a.x_m : b.x_m, a.x_m < b.x_m ? b.x_m : a.x_m, g->grid_x0, g->grid_nx, &x0, &x1);
    cell_range(g, a.y_m < b.y_m ? a.y_m : b.y_m, a.y_m < b.y_m ? b.y_m : a.y_m, g->grid_y0, g->grid_ny, &y0, &y1);
    for (int32_t y = y0; y <= y1; y++)
        for (int32_t x = x0; x <= x1; x++) {
            size_t c = (size_t)y * (size_t)g->grid_nx + (size_t)x;
            if (fill)
                g->cell_seg[fill[c]++] = i;
            else
                count[c + 1]++;
        }
}

pc_rc rt_snap_grid_build(rt_graph *g)
{
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (size_t i = 0; i < g->n_pts; i++) {
        geo_xy p = g->pts_xy[i];
        if (i == 0 || p.x_m < x0) x0 = p.x_m;
        if (i == 0 || p.x_m > x1) x1 = p.x_m;
        if (i == 0 || p.y_m < y0) y0 = p.y_m;
        if (i == 0 || p.y_m > y1) y1 = p.y_m;
    }
    g->cell_m = RT_CELL_M;
    while (((x1 - x0) / g->cell_m + 1) * ((y1 - y0) / g->cell_m + 1) > RT_MAX_CELLS)
        g->cell_m *= 2;
    g->grid_x0 = x0, g->grid_y0 = y0;
    g->grid_nx = (int32_t)((x1 - x0) / g->cell_m) + 1;
    g->grid_ny = (int32_t)((y1 - y0) / g->cell_m) + 1;
    size_t nc = (size_t)g->grid_nx * (size_t)g->grid_ny;
    if (!(g->pt_edge = malloc((g->n_pts ? g->n_pts : 1) * sizeof *g->pt_edge)) ||
        !(g->cell_first = calloc(nc + 1, sizeof *g->cell_first)))
        return PC_ENOMEM;
    for (size_t i = 0; i < g->n_pts; i++)
        g->pt_edge[i] = -1;
    for (int32_t e = 0; e < g->n_edges; e++)
        for (uint32_t k = 0; k + 1 < g->edge_n_pts[e]; k++)
            g->pt_edge[g->edge_pt_off[e] + k] = e;
    for (size_t i = 0; i + 1 < g->n_pts; i++)
        if (g->pt_edge[i] >= 0)
            place_segment(g, (uint32_t)i, g->cell_first, NULL);
    for (size_t c = 0; c < nc; c++)
        g->cell_first[c + 1] += g->cell_first[c];
    uint32_t *fill = malloc((nc + 1) * sizeof *fill);
    if (!fill || !(g->cell_seg = malloc((g->cell_first[nc] ? g->cell_first[nc] : 1) * sizeof *g->cell_seg))) {
        free(fill);
        return PC_ENOMEM;
    }
    memcpy(fill, g->cell_first, (nc + 1) * sizeof *fill);
    for (size_t i = 0; i + 1 < g->n_pts; i++)
        if (g->pt_edge[i] >= 0)
            place_segment(g, (uint32_t)i, NULL, fill);
    free(fill);
    return PC_OK;
}

geo_lonlat rt_edge_point_at(const rt_graph *g, int32_t e, double frac)
{
    uint32_t off = g->edge_pt_off[e], n = g->edge_n_pts[e];
    double want = frac * g->edge_glen_m[e], at = 0;
    for (uint32_t k = 0; k + 1 < n; k++) {
        geo_xy a = g->pts_xy[off + k], b = g->pts_xy[off + k + 1];
        double len = hypot(b.x_m - a.x_m, b.y_m - a.y_m);
        if (at + len >= want && len > 0) {
            double t = (want - at) / len;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            geo_lonlat pa = g->pts_ll[off + k], pb = g->pts_ll[off + k + 1];
            return (geo_lonlat){pa.lon_deg + t * (pb.lon_deg - pa.lon_deg), pa.lat_deg + t * (pb.lat_deg - pa.lat_deg)};
        }
        at += len;
    }
    return frac <= 0 ? g->pts_ll[off] : g->pts_ll[off + n - 1];
}

typedef struct best {
    double d2;
    uint32_t seg;
    double t;
} best;

static int segment_usable(const rt_graph *g, int p, int32_t e, const rt_overlay *o, int64_t now_s)
{
    if (!isfinite(g->cost[p][rt_graph_arc_of(g, e, 0)]) && !isfinite(g->cost[p][rt_graph_arc_of(g, e, 1)]))
        return 0;
    return !(rt_overlay_touches(o, e) && rt_overlay_factor(o, e, now_s) == 0);
}

static void scan_cell(const rt_graph *g, int p, geo_xy q, size_t c, const rt_overlay *o, int64_t now_s, best *b)
{
    for (uint32_t k = g->cell_first[c]; k < g->cell_first[c + 1]; k++) {
        uint32_t s = g->cell_seg[k];
        geo_xy a = g->pts_xy[s], v = g->pts_xy[s + 1];
        double dx = v.x_m - a.x_m, dy = v.y_m - a.y_m, l2 = dx * dx + dy * dy;
        double t = l2 > 0 ? ((q.x_m - a.x_m) * dx + (q.y_m - a.y_m) * dy) / l2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double px = a.x_m + t * dx - q.x_m, py = a.y_m + t * dy - q.y_m, d2 = px * px + py * py;
        if (d2 < b->d2 || (d2 == b->d2 && s < b->seg)) {
            if (!segment_usable(g, p, g->pt_edge[s], o, now_s))
                continue;
            b->d2 = d2, b->seg = s, b->t = t;
        }
    }
}

/* Scans Chebyshev ring r around cell (cx, cy). */
static void scan_ring(const rt_graph *g, int p, geo_xy q, int32_t cx, int32_t cy, int32_t r, const rt_overlay *o,
                      int64_t now_s, best *b)
{
    for (int32_t y = cy - r; y <= cy + r; y++) {
        if (y < 0 || y >= g->grid_ny)
            continue;
        int32_t step = (y == cy - r || y == cy + r) ? 1 : 2 * r;
        for (int32_t x = cx - r; x <= cx + r; x += step)
            if (x >= 0 && x < g->grid_nx)
                scan_cell(g, p, q, (size_t)y * (size_t)g->grid_nx + (size_t)x, o, now_s, b);
    }
}

pc_rc rt_graph_snap(const rt_graph *g, int profile, geo_lonlat pt, double max_dist_m, int64_t now_s, rt_snap *out)
{
    memset(out, 0, sizeof *out);
    out->edge = -1;
    out->query = pt;
    if (!geo_lonlat_valid(pt) || profile < 0 || (size_t)profile >= g->profiles.n || !(max_dist_m >= 0))
        return PC_EINVAL;
    if (g->n_pts < 2)
        return PC_ENOTFOUND;
    geo_xy q = geo_frame_to_xy(&g->frame, pt);
    int32_t cx = (int32_t)floor((q.x_m - g->grid_x0) / g->cell_m), cy = (int32_t)floor((q.y_m - g->grid_y0) / g->cell_m);
    /* outside the grid: start from the nearest cell; the ring bound counts from there */
    double outside = 0;
    int32_t ccx = cx < 0 ? 0 : cx >= g->grid_nx ? g->grid_nx - 1 : cx;
    int32_t ccy = cy < 0 ? 0 : cy >= g->grid_ny ? g->grid_ny - 1 : cy;
    outside = fmax(abs(ccx - cx), abs(ccy - cy)) > 1 ? (fmax(abs(ccx - cx), abs(ccy - cy)) - 1) * g->cell_m : 0;
    if (outside > max_dist_m)
        return PC_ENOTFOUND;
    rt_overlay *o = rt_overlay_acquire(g);
    best b = {INFINITY, UINT32_MAX, 0};
    int32_t rmax = g->grid_nx > g->grid_ny ? g->grid_nx : g->grid_ny;
    for (int32_t r = 0; r <= rmax; r++) {
        scan_ring(g, profile, q, ccx, ccy, r, o, now_s, &b);
        double reach = fmax(outside, r * g->cell_m); /* nothing unseen is closer than this */
        if (b.d2 <= reach * reach || reach > max_dist_m)
            break;
    }
    rt_overlay_release(o);
    if (!(b.d2 <= max_dist_m * max_dist_m))
        return PC_ENOTFOUND;
    int32_t e = g->pt_edge[b.seg];
    double along = 0;
    for (uint32_t s = g->edge_pt_off[e]; s < b.seg; s++)
        along += hypot(g->pts_xy[s + 1].x_m - g->pts_xy[s].x_m, g->pts_xy[s + 1].y_m - g->pts_xy[s].y_m);
    along += b.t * hypot(g->pts_xy[b.seg + 1].x_m - g->pts_xy[b.seg].x_m, g->pts_xy[b.seg + 1].y_m - g->pts_xy[b.seg].y_m);
    out->edge = e;
    out->frac = g->edge_glen_m[e] > 0 ? fmin(1, along / g->edge_glen_m[e]) : 0;
    geo_lonlat pa = g->pts_ll[b.seg], pb = g->pts_ll[b.seg + 1];
    out->pos = (geo_lonlat){pa.lon_deg + b.t * (pb.lon_deg - pa.lon_deg), pa.lat_deg + b.t * (pb.lat_deg - pa.lat_deg)};
    out->snap_dist_m = sqrt(b.d2);
    return PC_OK;
}
