/* geo_blob.h — SpatiaLite geometry BLOBs from and to plain coordinate arrays.
 *
 * Writers bind these BLOBs to INSERTs directly, which is several times faster
 * than having SQL parse WKT. All geometries are SRID 4326, XY. Blobs returned
 * here are owned by the caller: free with geo_blob_free(). */
#ifndef GEO_BLOB_H
#define GEO_BLOB_H

#include <stddef.h>

#include "geo_types.h"
#include "pc_rc.h"

typedef struct geo_blob {
    unsigned char *data;
    int size;
} geo_blob;

pc_rc geo_blob_point(geo_lonlat p, geo_blob *out);
/* n_pts >= 2 */
pc_rc geo_blob_linestring(const geo_lonlat *pts, size_t n_pts, geo_blob *out);
/* A MULTIPOLYGON of polygons given as rings: ring_len[i] points each (closed
 * or not: the ring is closed if needed). ring_outer[i] != 0 starts a new
 * polygon; otherwise the ring is a hole of the current polygon. */
pc_rc geo_blob_multipolygon(const geo_lonlat *pts, const size_t *ring_len, const int *ring_outer, size_t n_rings,
                            geo_blob *out);
/* Convenience: one polygon with one outer ring. */
pc_rc geo_blob_polygon1(const geo_lonlat *ring, size_t n_ring, geo_blob *out);
void geo_blob_free(geo_blob *b);

/* Reads the vertices of a POINT/LINESTRING (or the first linestring/outer
 * ring of a multi geometry). *pts is malloc'ed (caller frees); PC_EFORMAT if
 * the blob is not a geometry. */
pc_rc geo_blob_vertices(const void *blob, int size, geo_lonlat **pts, size_t *n_pts);

/* The position of a POINT blob, without allocating (the hot path of the
 * plan's point layers): a plain XY point is read in place, anything else
 * goes through SpatiaLite's parser and must be a single point. PC_EFORMAT
 * when it is not. */
pc_rc geo_blob_point_read(const void *blob, int size, geo_lonlat *out);

#endif
