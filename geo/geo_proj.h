/* geo_proj.h — coordinate transforms through PROJ.
 *
 * Clients speak WGS 84 (EPSG:4326). Hanoi's cadastral maps use VN-2000 /
 * TM-3 105°00' (EPSG:5897: transverse Mercator, k = 0.9999, false easting
 * 500 km, with the official 7-parameter Helmert shift to WGS 84). Metric work
 * that must be exact uses WGS 84 / UTM zone 48N (EPSG:32648).
 *
 * A geo_proj owns one PJ_CONTEXT and its transforms: it belongs to one
 * thread at a time, like a geo_store. PROJ types never leave geo/.
 *
 * Axis order is fixed here: geo_lonlat in, geo_xy (x_m = easting,
 * y_m = northing) out, whatever the EPSG definitions say. */
#ifndef GEO_PROJ_H
#define GEO_PROJ_H

#include <stddef.h>

#include "geo_types.h"
#include "pc_rc.h"

typedef struct geo_proj geo_proj;

/* Plausible VN-2000 / TM-3 105° coordinates (the zone's area of use, with a
 * margin): inputs outside are refused with PC_EINVAL. */
#define GEO_VN2000_EAST_MIN_M 200000.0
#define GEO_VN2000_EAST_MAX_M 800000.0
#define GEO_VN2000_NORTH_MIN_M 800000.0
#define GEO_VN2000_NORTH_MAX_M 2700000.0

/* Creates a context with the WGS 84 <-> VN-2000 and WGS 84 <-> UTM 48N
 * transforms. VN-2000 comes from the EPSG database when PROJ has EPSG:5897
 * with a Helmert step; otherwise from the explicit definition with the
 * official +towgs84 parameters. On failure *out is NULL and err says why.
 * Caller owns *out: geo_proj_destroy(). */
pc_rc geo_proj_create(geo_proj **out, char *err, size_t err_len);
void geo_proj_destroy(geo_proj *p);

/* 1 if the VN-2000 transform came from PROJ's EPSG:5897, 0 if from the
 * explicit definition. */
int geo_proj_vn2000_from_epsg(const geo_proj *p);
/* The PROJ pipeline used for WGS 84 -> VN-2000 (for logs and tests); the
 * string belongs to p. */
const char *geo_proj_vn2000_pipeline(const geo_proj *p);

/* WGS 84 -> VN-2000 / TM-3 105°. PC_EINVAL for an invalid position or one
 * outside Vietnam's TM-3 105° zone area; PC_EFORMAT if PROJ fails. */
pc_rc geo_proj_to_vn2000(geo_proj *p, geo_lonlat ll, geo_xy *out);
/* VN-2000 / TM-3 105° -> WGS 84. PC_EINVAL if xy is outside the plausible
 * range above (or not finite). */
pc_rc geo_proj_from_vn2000(geo_proj *p, geo_xy xy, geo_lonlat *out);

/* WGS 84 <-> WGS 84 / UTM 48N (EPSG:32648). PC_EINVAL for invalid input. */
pc_rc geo_proj_to_utm48(geo_proj *p, geo_lonlat ll, geo_xy *out);
pc_rc geo_proj_from_utm48(geo_proj *p, geo_xy xy, geo_lonlat *out);

#endif
