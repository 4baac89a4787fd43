/* geo_outline.c — polygon outlines in memory and nearest points (see geo_outline.h). */
#include "geo_outline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_store_int.h"

#include <spatialite/gaiageo.h>

void geo_outlines_free(geo_outlines *o)
{
    if (!o)
        return;
    free(o->id), free(o->bbox), free(o->ring_first), free(o->pt_first), free(o->pts);
    memset(o, 0, sizeof *o);
}

/* Grows *p (elements of size) to hold need; 0 on ENOMEM. */
static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q)
        return 0;
    *p = q, *cap = nc;
    return 1;
}

typedef struct caps {
    size_t id, bbox, ring_first, pt_first, pts;
} caps;

static int add_ring(geo_outlines *o, caps *c, gaiaRingPtr r, double *bb)
{
    if (!reserve((void **)&o->pts, &c->pts, o->n_pts + (size_t)r->Points, sizeof *o->pts) ||
        !reserve((void **)&o->pt_first, &c->pt_first, o->n_rings + 2, sizeof *o->pt_first))
        return 0;
    for (int k = 0; k < r->Points; k++) {
        double x, y;
        gaiaGetPoint(r->Coords, k, &x, &y);
        o->pts[o->n_pts++] = (geo_lonlat){x, y};
        bb[0] = fmin(bb[0], x), bb[1] = fmin(bb[1], y), bb[2] = fmax(bb[2], x), bb[3] = fmax(bb[3], y);
    }
    o->pt_first[++o->n_rings] = o->n_pts;
    return 1;
}

/* Appends the rings of one geometry as polygon o->n. */
static int add_polygon(geo_outlines *o, caps *c, int64_t id, gaiaGeomCollPtr g)
{
    if (!reserve((void **)&o->id, &c->id, o->n + 1, sizeof *o->id) ||
        !reserve((void **)&o->bbox, &c->bbox, o->n + 1, sizeof *o->bbox) ||
        !reserve((void **)&o->ring_first, &c->ring_first, o->n + 2, sizeof *o->ring_first))
        return 0;
    double *bb = o->bbox[o->n];
    bb[0] = bb[1] = INFINITY, bb[2] = bb[3] = -INFINITY;
    for (gaiaPolygonPtr pg = g->FirstPolygon; pg; pg = pg->Next) {
        if (!add_ring(o, c, pg->Exterior, bb))
            return 0;
        for (int h = 0; h < pg->NumInteriors; h++)
            if (!add_ring(o, c, &pg->Interiors[h], bb))
                return 0;
    }
    o->id[o->n++] = id;
    o->ring_first[o->n] = o->n_rings;
    return 1;
}

pc_rc geo_outlines_assembly_areas(geo_store *s, geo_outlines *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, "SELECT id,geom FROM assembly_area WHERE geom IS NOT NULL ORDER BY id");
    if (!st)
        return PC_EIO;
    caps c = {0, 0, 0, 0, 0};
    pc_rc rc = PC_OK;
    int src = SQLITE_DONE;
    if (!reserve((void **)&out->pt_first, &c.pt_first, 1, sizeof *out->pt_first) ||
        !reserve((void **)&out->ring_first, &c.ring_first, 1, sizeof *out->ring_first))
        rc = PC_ENOMEM;
    else
        out->pt_first[0] = out->ring_first[0] = 0;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 1);
        int size = sqlite3_column_bytes(st, 1);
        gaiaGeomCollPtr g = blob ? gaiaFromSpatiaLiteBlobWkb(blob, (unsigned)size) : NULL;
        if (g && g->FirstPolygon && !add_polygon(out, &c, sqlite3_column_int64(st, 0), g))
            rc = PC_ENOMEM;
        gaiaFreeGeomColl(g);
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = PC_EIO;
    if (rc != PC_OK)
        geo_outlines_free(out);
    return rc;
}

geo_lonlat geo_outline_closest(const geo_outlines *o, size_t i, geo_lonlat p)
{
    geo_frame f;
    geo_frame_init(&f, p);
    int inside = 0;
    double best = INFINITY;
    geo_xy at = {0, 0};
    for (size_t r = o->ring_first[i]; r < o->ring_first[i + 1]; r++) {
        const geo_lonlat *pt = &o->pts[o->pt_first[r]];
        size_t n = o->pt_first[r + 1] - o->pt_first[r];
        for (size_t k = 0; k + 1 < n; k++) {
            geo_xy a = geo_frame_to_xy(&f, pt[k]), b = geo_frame_to_xy(&f, pt[k + 1]);
            if ((a.y_m > 0) != (b.y_m > 0) && 0 < a.x_m + (b.x_m - a.x_m) * (0 - a.y_m) / (b.y_m - a.y_m))
                inside = !inside; /* a ray from p (the origin) towards +x crosses this edge */
            double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m, l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? -(a.x_m * dx + a.y_m * dy) / l2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            geo_xy q = {a.x_m + t * dx, a.y_m + t * dy};
            double d2 = q.x_m * q.x_m + q.y_m * q.y_m;
            if (d2 < best)
                best = d2, at = q;
        }
    }
    return inside || !isfinite(best) ? p : geo_frame_to_lonlat(&f, at);
}
