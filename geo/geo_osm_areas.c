/* geo_osm_areas.c — polygons of OSM areas: a closed way, or a multipolygon
 * relation whose member ways are joined end to end into rings.
 *
 * Ring assembly: take an unused member, then keep appending the member
 * whose end (either end: members may run either way) meets the ring's open
 * end, until the ring closes. Outer and inner rings are assembled apart;
 * each inner ring follows the outer ring that contains its first vertex
 * (inner rings inside no outer ring are dropped). Areas and the point inside
 * are computed in a local metric frame (geo_frame), exact enough for one
 * building or lake. */
#include "geo_osm_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void osm_rings_free(osm_rings *r)
{
    if (!r)
        return;
    free(r->pts), free(r->ring_len), free(r->ring_outer);
    memset(r, 0, sizeof *r);
}

static pc_rc push_pt(osm_rings *r, geo_lonlat p)
{
    if (r->n_pts == r->cap_pts) {
        size_t c = r->cap_pts ? r->cap_pts * 2 : 64;
        geo_lonlat *v = realloc(r->pts, c * sizeof *v);
        if (!v)
            return PC_ENOMEM;
        r->pts = v, r->cap_pts = c;
    }
    r->pts[r->n_pts++] = p;
    return PC_OK;
}

static pc_rc push_ring(osm_rings *r, size_t len, int outer)
{
    if (r->n_rings == r->cap_rings) {
        size_t c = r->cap_rings ? r->cap_rings * 2 : 8;
        size_t *l = realloc(r->ring_len, c * sizeof *l);
        if (!l)
            return PC_ENOMEM;
        r->ring_len = l;
        int *o = realloc(r->ring_outer, c * sizeof *o);
        if (!o)
            return PC_ENOMEM;
        r->ring_outer = o, r->cap_rings = c;
    }
    r->ring_len[r->n_rings] = len;
    r->ring_outer[r->n_rings++] = outer;
    return PC_OK;
}

/* Appends way w's vertices (reversed when rev), skipping the first when skip1. */
static pc_rc append_way(const osm_extract *x, const osm_way *w, int rev, int skip1, osm_rings *r)
{
    for (uint32_t i = skip1 ? 1 : 0; i < w->n_refs; i++) {
        int64_t k = osm_node_find(x, x->refs.v[w->ref_off + (rev ? w->n_refs - 1 - i : i)]);
        if (k < 0)
            return PC_EFORMAT;
        pc_rc rc = push_pt(r, osm_node_pos(x, (size_t)k));
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

static int64_t way_first(const osm_extract *x, const osm_way *w) { return x->refs.v[w->ref_off]; }
static int64_t way_last(const osm_extract *x, const osm_way *w) { return x->refs.v[w->ref_off + w->n_refs - 1]; }

/* Assembles the members of one role into closed rings appended to tmp. */
static pc_rc assemble(const osm_extract *x, const osm_way **ws, size_t n, int outer, osm_rings *tmp)
{
    char *used = calloc(n ? n : 1, 1);
    if (!used)
        return PC_ENOMEM;
    pc_rc rc = PC_OK;
    for (size_t s = 0; s < n && rc == PC_OK; s++) {
        if (used[s])
            continue;
        used[s] = 1;
        size_t start = tmp->n_pts;
        int64_t first = way_first(x, ws[s]), end = way_last(x, ws[s]);
        rc = append_way(x, ws[s], 0, 0, tmp);
        while (rc == PC_OK && end != first) {
            size_t j = 0;
            for (; j < n; j++)
                if (!used[j] && (way_first(x, ws[j]) == end || way_last(x, ws[j]) == end))
                    break;
            if (j == n) {
                rc = PC_EFORMAT; /* the ring does not close */
                break;
            }
            used[j] = 1;
            int rev = way_first(x, ws[j]) != end;
            end = rev ? way_first(x, ws[j]) : way_last(x, ws[j]);
            rc = append_way(x, ws[j], rev, 1, tmp);
        }
        if (rc == PC_OK && tmp->n_pts - start < 4)
            rc = PC_EFORMAT;
        if (rc == PC_OK)
            rc = push_ring(tmp, tmp->n_pts - start, outer);
    }
    free(used);
    return rc;
}

/* Even-odd test of p against ring pts[0..n). */
static int in_ring(const geo_lonlat *pts, size_t n, geo_lonlat p)
{
    int in = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        if ((pts[i].lat_deg > p.lat_deg) != (pts[j].lat_deg > p.lat_deg) &&
            p.lon_deg < (pts[j].lon_deg - pts[i].lon_deg) * (p.lat_deg - pts[i].lat_deg) /
                                (pts[j].lat_deg - pts[i].lat_deg) +
                            pts[i].lon_deg)
            in = !in;
    }
    return in;
}

/* Copies tmp's rings into out: each outer ring followed by its holes. */
static pc_rc order_rings(const osm_rings *tmp, osm_rings *out)
{
    size_t *off = malloc((tmp->n_rings ? tmp->n_rings : 1) * sizeof *off);
    if (!off)
        return PC_ENOMEM;
    for (size_t i = 0, o = 0; i < tmp->n_rings; o += tmp->ring_len[i++])
        off[i] = o;
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < tmp->n_rings && rc == PC_OK; i++) {
        if (!tmp->ring_outer[i])
            continue;
        const geo_lonlat *outer = tmp->pts + off[i];
        for (size_t h = 0; h < tmp->n_rings && rc == PC_OK; h++) {
            if (h != i && (tmp->ring_outer[h] || !in_ring(outer, tmp->ring_len[i], tmp->pts[off[h]])))
                continue;
            for (size_t k = 0; k < tmp->ring_len[h] && rc == PC_OK; k++)
                rc = push_pt(out, tmp->pts[off[h] + k]);
            if (rc == PC_OK)
                rc = push_ring(out, tmp->ring_len[h], h == i);
        }
    }
    free(off);
    if (rc == PC_OK && out->n_rings == 0)
        rc = PC_EFORMAT;
    return rc;
}

static pc_rc relation_rings(const osm_extract *x, const osm_rel *rel, osm_rings *out)
{
    const osm_way **ws = malloc((rel->n_mem ? rel->n_mem : 1) * sizeof *ws);
    osm_rings tmp = {0};
    pc_rc rc = ws ? PC_OK : PC_ENOMEM;
    for (int role = 0; role < 2 && rc == PC_OK; role++) {
        size_t n = 0;
        for (uint32_t m = 0; m < rel->n_mem && rc == PC_OK; m++) {
            const osm_member *mem = &x->members.v[rel->mem_off + m];
            if (mem->inner != role)
                continue;
            int64_t w = osm_way_find(x, mem->way_id);
            if (w < 0 || x->ways.v[w].n_refs < 2)
                rc = PC_EFORMAT; /* a member outside the extract */
            else
                ws[n++] = &x->ways.v[w];
        }
        if (rc == PC_OK)
            rc = assemble(x, ws, n, !role, &tmp);
    }
    if (rc == PC_OK)
        rc = order_rings(&tmp, out);
    osm_rings_free(&tmp);
    free(ws);
    return rc;
}

pc_rc osm_area_rings(const osm_extract *x, const osm_area *a, osm_rings *out)
{
    memset(out, 0, sizeof *out);
    pc_rc rc;
    if (a->src == OSM_SRC_WAY) {
        const osm_way *w = &x->ways.v[a->idx];
        rc = append_way(x, w, 0, 0, out);
        if (rc == PC_OK)
            rc = push_ring(out, out->n_pts, 1);
    } else {
        rc = relation_rings(x, &x->rels.v[a->idx], out);
    }
    if (rc != PC_OK)
        osm_rings_free(out);
    return rc;
}

static double ring_area_m2(const geo_frame *f, const geo_lonlat *pts, size_t n)
{
    double a = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        geo_xy p = geo_frame_to_xy(f, pts[j]), q = geo_frame_to_xy(f, pts[i]);
        a += p.x_m * q.y_m - q.x_m * p.y_m;
    }
    return fabs(a) / 2;
}

double osm_rings_area_m2(const osm_rings *r)
{
    if (!r->n_pts)
        return 0;
    geo_frame f;
    geo_frame_init(&f, r->pts[0]);
    double total = 0;
    for (size_t i = 0, o = 0; i < r->n_rings; o += r->ring_len[i++])
        total += (r->ring_outer[i] ? 1 : -1) * ring_area_m2(&f, r->pts + o, r->ring_len[i]);
    return total > 0 ? total : 0;
}

/* The middle of the widest span of the ring along the parallel lat. */
static geo_lonlat widest_span(const geo_lonlat *pts, size_t n, double lat)
{
    double xs[64];
    size_t k = 0;
    for (size_t i = 0, j = n - 1; i < n && k < 64; j = i++)
        if ((pts[i].lat_deg > lat) != (pts[j].lat_deg > lat))
            xs[k++] = pts[i].lon_deg +
                      (lat - pts[i].lat_deg) * (pts[j].lon_deg - pts[i].lon_deg) / (pts[j].lat_deg - pts[i].lat_deg);
    for (size_t i = 1; i < k; i++) /* insertion sort: few crossings */
        for (size_t j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
            double t = xs[j];
            xs[j] = xs[j - 1], xs[j - 1] = t;
        }
    geo_lonlat best = pts[0];
    double w = -1;
    for (size_t i = 0; i + 1 < k; i += 2)
        if (xs[i + 1] - xs[i] > w)
            w = xs[i + 1] - xs[i], best = (geo_lonlat){(xs[i] + xs[i + 1]) / 2, lat};
    return best;
}

geo_lonlat osm_rings_inner_point(const osm_rings *r)
{
    const geo_lonlat *p = r->pts;
    size_t n = r->ring_len[0];
    double a = 0, cx = 0, cy = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double dx0 = p[j].lon_deg - p[0].lon_deg, dy0 = p[j].lat_deg - p[0].lat_deg;
        double dx1 = p[i].lon_deg - p[0].lon_deg, dy1 = p[i].lat_deg - p[0].lat_deg;
        double cr = dx0 * dy1 - dx1 * dy0;
        a += cr, cx += (dx0 + dx1) * cr, cy += (dy0 + dy1) * cr;
    }
    if (fabs(a) < 1e-18)
        return p[0];
    geo_lonlat c = {p[0].lon_deg + cx / (3 * a), p[0].lat_deg + cy / (3 * a)};
    if (in_ring(p, n, c))
        return c;
    return widest_span(p, n, c.lat_deg);
}
