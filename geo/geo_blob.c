/* geo_blob.c — geometry BLOBs through SpatiaLite's gaia API. */
#include "geo_blob.h"

#include <sqlite3.h>
#include <spatialite/gaiageo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static pc_rc to_blob(gaiaGeomCollPtr g, int declared, geo_blob *out)
{
    out->data = NULL;
    out->size = 0;
    g->Srid = 4326;
    g->DeclaredType = declared;
    gaiaToSpatiaLiteBlobWkb(g, &out->data, &out->size);
    gaiaFreeGeomColl(g);
    return out->data ? PC_OK : PC_ENOMEM;
}

pc_rc geo_blob_point(geo_lonlat p, geo_blob *out)
{
    gaiaGeomCollPtr g = gaiaAllocGeomColl();
    if (!g)
        return PC_ENOMEM;
    gaiaAddPointToGeomColl(g, p.lon_deg, p.lat_deg);
    return to_blob(g, GAIA_POINT, out);
}

pc_rc geo_blob_linestring(const geo_lonlat *pts, size_t n_pts, geo_blob *out)
{
    if (n_pts < 2 || n_pts > (1u << 24))
        return PC_EINVAL;
    gaiaGeomCollPtr g = gaiaAllocGeomColl();
    if (!g)
        return PC_ENOMEM;
    gaiaLinestringPtr ln = gaiaAddLinestringToGeomColl(g, (int)n_pts);
    for (size_t i = 0; i < n_pts; i++)
        gaiaSetPoint(ln->Coords, (int)i, pts[i].lon_deg, pts[i].lat_deg);
    return to_blob(g, GAIA_LINESTRING, out);
}

static void fill_ring(gaiaRingPtr r, const geo_lonlat *pts, size_t n, int close)
{
    for (size_t i = 0; i < n; i++)
        gaiaSetPoint(r->Coords, (int)i, pts[i].lon_deg, pts[i].lat_deg);
    if (close)
        gaiaSetPoint(r->Coords, (int)n, pts[0].lon_deg, pts[0].lat_deg);
}

static int ring_needs_close(const geo_lonlat *pts, size_t n)
{
    return pts[0].lon_deg != pts[n - 1].lon_deg || pts[0].lat_deg != pts[n - 1].lat_deg;
}

pc_rc geo_blob_multipolygon(const geo_lonlat *pts, const size_t *ring_len, const int *ring_outer, size_t n_rings,
                            geo_blob *out)
{
    if (n_rings == 0 || !ring_outer[0])
        return PC_EINVAL;
    for (size_t r = 0; r < n_rings; r++)
        if (ring_len[r] < 3 || ring_len[r] > (1u << 24))
            return PC_EINVAL;
    gaiaGeomCollPtr g = gaiaAllocGeomColl();
    if (!g)
        return PC_ENOMEM;
    size_t off = 0;
    for (size_t r = 0; r < n_rings;) {
        /* count the holes that follow this outer ring */
        size_t holes = 0;
        while (r + 1 + holes < n_rings && !ring_outer[r + 1 + holes])
            holes++;
        int close = ring_needs_close(pts + off, ring_len[r]);
        gaiaPolygonPtr pg = gaiaAddPolygonToGeomColl(g, (int)(ring_len[r] + (size_t)close), (int)holes);
        fill_ring(pg->Exterior, pts + off, ring_len[r], close);
        off += ring_len[r];
        for (size_t h = 0; h < holes; h++) {
            size_t len = ring_len[r + 1 + h];
            int hclose = ring_needs_close(pts + off, len);
            gaiaRingPtr hole = gaiaAddInteriorRing(pg, (int)h, (int)(len + (size_t)hclose));
            fill_ring(hole, pts + off, len, hclose);
            off += len;
        }
        r += 1 + holes;
    }
    return to_blob(g, GAIA_MULTIPOLYGON, out);
}

pc_rc geo_blob_polygon1(const geo_lonlat *ring, size_t n_ring, geo_blob *out)
{
    int outer = 1;
    return geo_blob_multipolygon(ring, &n_ring, &outer, 1, out);
}

void geo_blob_free(geo_blob *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->size = 0;
}

/* A SpatiaLite XY POINT blob is 60 bytes: 0x00, byte order (0x01 little
 * endian), SRID (4), MBR (4 doubles), 0x7C, class (4: 1 = POINT), X, Y
 * (doubles), 0xFE. */
#define POINT_BLOB_SIZE 60

static double read_le_double(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

pc_rc geo_blob_point_read(const void *blob, int size, geo_lonlat *out)
{
    const unsigned char *b = blob;
    if (b && size == POINT_BLOB_SIZE && b[0] == 0x00 && b[1] == 0x01 && b[38] == 0x7C && b[39] == 1 && b[40] == 0 &&
        b[41] == 0 && b[42] == 0 && b[59] == 0xFE) {
        *out = (geo_lonlat){read_le_double(b + 43), read_le_double(b + 51)};
        return PC_OK;
    }
    geo_lonlat *pts = NULL;
    size_t n = 0;
    pc_rc rc = geo_blob_vertices(blob, size, &pts, &n);
    if (rc == PC_OK && n != 1)
        rc = PC_EFORMAT;
    if (rc == PC_OK)
        *out = pts[0];
    free(pts);
    return rc;
}

pc_rc geo_blob_vertices(const void *blob, int size, geo_lonlat **pts, size_t *n_pts)
{
    *pts = NULL;
    *n_pts = 0;
    if (!blob || size <= 0)
        return PC_EFORMAT;
    gaiaGeomCollPtr g = gaiaFromSpatiaLiteBlobWkb(blob, (unsigned int)size);
    if (!g)
        return PC_EFORMAT;
    pc_rc rc = PC_OK;
    geo_lonlat *out = NULL;
    size_t n = 0;
    if (g->FirstLinestring) {
        gaiaLinestringPtr ln = g->FirstLinestring;
        n = (size_t)ln->Points;
        out = malloc(n * sizeof *out);
        for (size_t i = 0; out && i < n; i++) {
            double x, y;
            gaiaGetPoint(ln->Coords, (int)i, &x, &y);
            out[i] = (geo_lonlat){x, y};
        }
    } else if (g->FirstPolygon) {
        gaiaRingPtr r = g->FirstPolygon->Exterior;
        n = (size_t)r->Points;
        out = malloc(n * sizeof *out);
        for (size_t i = 0; out && i < n; i++) {
            double x, y;
            gaiaGetPoint(r->Coords, (int)i, &x, &y);
            out[i] = (geo_lonlat){x, y};
        }
    } else if (g->FirstPoint) {
        n = 1;
        out = malloc(sizeof *out);
        if (out)
            out[0] = (geo_lonlat){g->FirstPoint->X, g->FirstPoint->Y};
    } else {
        rc = PC_EFORMAT;
    }
    if (rc == PC_OK && !out)
        rc = PC_ENOMEM;
    gaiaFreeGeomColl(g);
    if (rc == PC_OK) {
        *pts = out;
        *n_pts = n;
    }
    return rc;
}
