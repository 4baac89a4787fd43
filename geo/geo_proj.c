/* geo_proj.c — WGS 84 <-> VN-2000 / TM-3 105° and UTM 48N through PROJ.
 *
 * VN-2000: we ask PROJ for the operations EPSG:4326 -> EPSG:5897 with
 * ballpark (datum-less) transformations forbidden and keep the best one,
 * which in PROJ 9 is "Inverse of VN-2000 to WGS 84 (2)", the official
 * 7-parameter Helmert shift (coordinate-frame rotation). We check that the
 * chosen pipeline really has a Helmert step; if PROJ lacks the code or gives
 * anything else we build the CRS from its definition with the official
 * +towgs84 (position-vector convention, hence the rotation signs opposite to
 * the coordinate-frame ones), which is the same transformation.
 *
 * Each transform is normalised for visualisation, so that input and output
 * are always (lon, lat) and (easting, northing). */
#include "geo_proj.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VN2000_DEF                                                                                              \
    "+proj=tmerc +lat_0=0 +lon_0=105 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84"                               \
    " +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278"       \
    " +units=m +no_defs +type=crs"

/* Area of use of TM-3 105° (EPSG: 8.33..23.4 N, 103.5..106.51 E) with a margin. */
#define VN_LON_MIN 102.0
#define VN_LON_MAX 108.0
#define VN_LAT_MIN 7.0
#define VN_LAT_MAX 24.5

struct geo_proj {
    PJ_CONTEXT *ctx;
    PJ *to_vn2000; /* lon,lat -> E,N */
    PJ *to_utm48;
    int vn2000_epsg;
    char *vn2000_pipeline;
};

static void set_err(char *err, size_t err_len, const char *what, PJ_CONTEXT *ctx)
{
    if (err && err_len)
        snprintf(err, err_len, "%s: %s", what, ctx ? proj_context_errno_string(ctx, proj_context_errno(ctx)) : "");
}

/* Normalises op to lon/lat order; takes ownership of op. */
static PJ *normalised(PJ_CONTEXT *ctx, PJ *op)
{
    if (!op)
        return NULL;
    PJ *n = proj_normalize_for_visualization(ctx, op);
    proj_destroy(op);
    return n;
}

/* The best non-ballpark operation EPSG:4326 -> EPSG:5897 that has a
 * Helmert step, or NULL. */
static PJ *vn2000_from_epsg(PJ_CONTEXT *ctx)
{
    PJ *src = proj_create(ctx, "EPSG:4326"), *dst = proj_create(ctx, "EPSG:5897"), *best = NULL;
    PJ_OPERATION_FACTORY_CONTEXT *f = NULL;
    PJ_OBJ_LIST *ops = NULL;
    if (!src || !dst)
        goto cleanup;
    f = proj_create_operation_factory_context(ctx, NULL);
    if (!f)
        goto cleanup;
    proj_operation_factory_context_set_allow_ballpark_transformations(ctx, f, 0);
    proj_operation_factory_context_set_spatial_criterion(ctx, f, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
    ops = proj_create_operations(ctx, src, dst, f);
    int n = ops ? proj_list_get_count(ops) : 0;
    for (int i = 0; i < n && !best; i++) {
        PJ *op = proj_list_get(ctx, ops, i);
        const char *def = op ? proj_as_proj_string(ctx, op, PJ_PROJ_5, NULL) : NULL;
        if (def && strstr(def, "proj=helmert") && !proj_coordoperation_has_ballpark_transformation(ctx, op))
            best = op;
        else
            proj_destroy(op);
    }
cleanup:
    proj_list_destroy(ops);
    proj_operation_factory_context_destroy(f);
    proj_destroy(src);
    proj_destroy(dst);
    return normalised(ctx, best);
}

pc_rc geo_proj_create(geo_proj **out, char *err, size_t err_len)
{
    *out = NULL;
    geo_proj *p = calloc(1, sizeof *p);
    pc_rc rc = PC_ENOMEM;
    if (!p || !(p->ctx = proj_context_create()))
        goto cleanup;
    proj_log_level(p->ctx, PJ_LOG_NONE);
    p->to_vn2000 = vn2000_from_epsg(p->ctx);
    p->vn2000_epsg = p->to_vn2000 != NULL;
    if (!p->to_vn2000)
        p->to_vn2000 = normalised(p->ctx, proj_create_crs_to_crs(p->ctx, "EPSG:4326", VN2000_DEF, NULL));
    rc = PC_EFORMAT;
    if (!p->to_vn2000) {
        set_err(err, err_len, "PROJ cannot build WGS 84 -> VN-2000", p->ctx);
        goto cleanup;
    }
    p->to_utm48 = normalised(p->ctx, proj_create_crs_to_crs(p->ctx, "EPSG:4326", "EPSG:32648", NULL));
    if (!p->to_utm48) {
        set_err(err, err_len, "PROJ cannot build WGS 84 -> UTM 48N", p->ctx);
        goto cleanup;
    }
    const char *def = proj_as_proj_string(p->ctx, p->to_vn2000, PJ_PROJ_5, NULL);
    p->vn2000_pipeline = strdup(def ? def : "");
    if (!p->vn2000_pipeline) {
        rc = PC_ENOMEM;
        goto cleanup;
    }
    *out = p;
    p = NULL;
    rc = PC_OK;
cleanup:
    if (rc == PC_ENOMEM && err && err_len)
        snprintf(err, err_len, "out of memory");
    geo_proj_destroy(p);
    return rc;
}

void geo_proj_destroy(geo_proj *p)
{
    if (!p)
        return;
    proj_destroy(p->to_vn2000);
    proj_destroy(p->to_utm48);
    proj_context_destroy(p->ctx);
    free(p->vn2000_pipeline);
    free(p);
}

int geo_proj_vn2000_from_epsg(const geo_proj *p) { return p->vn2000_epsg; }

const char *geo_proj_vn2000_pipeline(const geo_proj *p) { return p->vn2000_pipeline; }

/* One point through op in direction dir; PC_EFORMAT if PROJ fails. */
static pc_rc trans(PJ *op, PJ_DIRECTION dir, double a, double b, double *oa, double *ob)
{
    PJ_COORD c = proj_coord(a, b, 0, 0);
    proj_errno_reset(op);
    PJ_COORD r = proj_trans(op, dir, c);
    if (proj_errno(op) != 0 || !isfinite(r.xy.x) || !isfinite(r.xy.y))
        return PC_EFORMAT;
    *oa = r.xy.x;
    *ob = r.xy.y;
    return PC_OK;
}

static int in_vn_zone(geo_lonlat ll)
{
    return geo_lonlat_valid(ll) && ll.lon_deg >= VN_LON_MIN && ll.lon_deg <= VN_LON_MAX && ll.lat_deg >= VN_LAT_MIN &&
           ll.lat_deg <= VN_LAT_MAX;
}

pc_rc geo_proj_to_vn2000(geo_proj *p, geo_lonlat ll, geo_xy *out)
{
    *out = (geo_xy){0, 0};
    if (!in_vn_zone(ll))
        return PC_EINVAL;
    return trans(p->to_vn2000, PJ_FWD, ll.lon_deg, ll.lat_deg, &out->x_m, &out->y_m);
}

pc_rc geo_proj_from_vn2000(geo_proj *p, geo_xy xy, geo_lonlat *out)
{
    *out = (geo_lonlat){0, 0};
    if (!isfinite(xy.x_m) || !isfinite(xy.y_m) || xy.x_m < GEO_VN2000_EAST_MIN_M || xy.x_m > GEO_VN2000_EAST_MAX_M ||
        xy.y_m < GEO_VN2000_NORTH_MIN_M || xy.y_m > GEO_VN2000_NORTH_MAX_M)
        return PC_EINVAL;
    geo_lonlat r;
    pc_rc rc = trans(p->to_vn2000, PJ_INV, xy.x_m, xy.y_m, &r.lon_deg, &r.lat_deg);
    if (rc == PC_OK && !geo_lonlat_valid(r))
        rc = PC_EFORMAT;
    if (rc == PC_OK)
        *out = r;
    return rc;
}

pc_rc geo_proj_to_utm48(geo_proj *p, geo_lonlat ll, geo_xy *out)
{
    *out = (geo_xy){0, 0};
    /* UTM stays accurate some degrees beyond its 6° zone; further out it is meaningless. */
    if (!geo_lonlat_valid(ll) || fabs(ll.lat_deg) > 84 || ll.lon_deg < 90 || ll.lon_deg > 120)
        return PC_EINVAL;
    return trans(p->to_utm48, PJ_FWD, ll.lon_deg, ll.lat_deg, &out->x_m, &out->y_m);
}

pc_rc geo_proj_from_utm48(geo_proj *p, geo_xy xy, geo_lonlat *out)
{
    *out = (geo_lonlat){0, 0};
    if (!isfinite(xy.x_m) || !isfinite(xy.y_m) || xy.x_m < -2e6 || xy.x_m > 3e6 || fabs(xy.y_m) > 1e7)
        return PC_EINVAL;
    geo_lonlat r;
    pc_rc rc = trans(p->to_utm48, PJ_INV, xy.x_m, xy.y_m, &r.lon_deg, &r.lat_deg);
    if (rc == PC_OK && !geo_lonlat_valid(r))
        rc = PC_EFORMAT;
    if (rc == PC_OK)
        *out = r;
    return rc;
}
