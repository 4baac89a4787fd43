/* geo_outline.h — the outlines of a polygon layer held in memory, and the
 * point of an outline nearest to a given point.
 *
 * Assembly areas are few (under a thousand in a city) but a plan asks for
 * the nearest point of each one within 800 m of the building; through SQL
 * that is a GEOS ClosestPoint per area per plan, with both geometries
 * converted each time. Here the rings are read once and the nearest point
 * is plain planar geometry in a local frame around the query point: within
 * 2 cm of a conformal projection's answer at the plan's 800 m (the error
 * grows with the square of the distance), checked against SpatiaLite's
 * ST_ClosestPoint in UTM 48N by tests/unit/test_plan.c. */
#ifndef GEO_OUTLINE_H
#define GEO_OUTLINE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"

/* Polygons of a layer: polygon i has rings ring_first[i] .. ring_first[i+1]
 * (outer and inner rings of all its parts), ring r has points
 * pts[pt_first[r] .. pt_first[r+1]) (closed: first == last). bbox per
 * polygon: west, south, east, north. */
typedef struct geo_outlines {
    size_t n, n_rings, n_pts;
    int64_t *id;
    double (*bbox)[4];
    size_t *ring_first; /* n + 1 */
    size_t *pt_first;   /* n_rings + 1 */
    geo_lonlat *pts;
} geo_outlines;

/* Every assembly area's outline, by id. Caller frees with geo_outlines_free(). */
pc_rc geo_outlines_assembly_areas(geo_store *s, geo_outlines *out);
void geo_outlines_free(geo_outlines *o);

/* The point of polygon i nearest to p (p itself when p is inside it, by
 * the even-odd rule over its rings, so holes count as outside). */
geo_lonlat geo_outline_closest(const geo_outlines *o, size_t i, geo_lonlat p);

#endif
