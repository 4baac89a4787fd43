/* geo_map.c — base-map layers (see geo_map.h).
 *
 * One SELECT per layer with the same columns: id, code, name, kind, status,
 * value, flag, geometry as GeoJSON. ?1..?4 is the box (xmin, xmax, ymin,
 * ymax) matched against the layer's R*Tree; ?5 is max + 1, so that one row
 * more than wanted tells that the answer was cut. */
#include "geo_map.h"

#include <math.h>
#include <string.h>

#include "geo_store_int.h"

#define BOX(t, c) " WHERE id IN (SELECT pkid FROM idx_" t "_" c " WHERE xmin<=?2 AND xmax>=?1 AND ymin<=?4 AND ymax>=?3)"

static const char *const MAP_SQL[GEO_MAP_LAYER_COUNT_] = {
    [GEO_MAP_ROADS] = "SELECT id,NULL,name,class,NULL,width_m,oneway,AsGeoJSON(geom,6) FROM road_edge" BOX(
        "road_edge", "geom") " LIMIT ?5",
    [GEO_MAP_BUILDINGS] = "SELECT id,house_code,name,type_code,NULL,coalesce(floors,-1),0,AsGeoJSON(footprint,6)"
                          " FROM building" BOX("building", "footprint") " LIMIT ?5",
    [GEO_MAP_WATER] = "SELECT id,NULL,name,kind,NULL,coalesce(capacity_m3,-1),0,AsGeoJSON(geom,6) FROM water_source" BOX(
        "water_source", "geom") " LIMIT ?5",
    [GEO_MAP_HYDRANTS] = "SELECT id,code,NULL,kind,status,coalesce(flow_lpm,-1),0,AsGeoJSON(geom,6) FROM hydrant" BOX(
        "hydrant", "geom") " LIMIT ?5",
    [GEO_MAP_STATIONS] = "SELECT id,code,name,NULL,NULL,-1,0,AsGeoJSON(geom,6) FROM station" BOX("station",
                                                                                                  "geom") " LIMIT ?5",
    [GEO_MAP_FIRE_POINTS] = "SELECT id,code,name,NULL,NULL,coalesce(extinguishers,-1),0,AsGeoJSON(geom,6)"
                            " FROM fire_point" BOX("fire_point", "geom") " LIMIT ?5",
    [GEO_MAP_DRAFT_POINTS] = "SELECT d.id,NULL,w.name,coalesce(d.note,w.kind),NULL,coalesce(w.capacity_m3,-1),"
                             "d.all_year,AsGeoJSON(d.geom,6) FROM draft_point d"
                             " LEFT JOIN water_source w ON w.id=d.water_source_id"
                             " WHERE d.id IN (SELECT pkid FROM idx_draft_point_geom"
                             " WHERE xmin<=?2 AND xmax>=?1 AND ymin<=?4 AND ymax>=?3) LIMIT ?5",
    [GEO_MAP_ASSEMBLY] = "SELECT id,NULL,name,kind,NULL,coalesce(capacity,-1),0,AsGeoJSON(geom,6) FROM assembly_area" BOX(
        "assembly_area", "geom") " LIMIT ?5",
    [GEO_MAP_SAFETY_GROUPS] = "SELECT id,code,name,NULL,NULL,coalesce(households,-1),0,AsGeoJSON(geom,6)"
                              " FROM safety_group" BOX("safety_group", "geom") " LIMIT ?5",
};

static int bbox_valid(const geo_map_bbox *b)
{
    return isfinite(b->min_lon_deg) && isfinite(b->min_lat_deg) && isfinite(b->max_lon_deg) &&
           isfinite(b->max_lat_deg) && b->min_lon_deg >= -180 && b->max_lon_deg <= 180 && b->min_lat_deg >= -90 &&
           b->max_lat_deg <= 90 && b->min_lon_deg <= b->max_lon_deg && b->min_lat_deg <= b->max_lat_deg;
}

/* A text column copied into the arena; NULL stays NULL. 0 or -1 (no memory). */
static int col_text(sqlite3_stmt *st, int i, pc_arena *a, const char **out)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    *out = NULL;
    if (!t)
        return 0;
    *out = pc_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
    return *out ? 0 : -1;
}

/* Reads one row into f. PC_OK, PC_ENOMEM, or PC_ENOTFOUND for a row without
 * geometry (skipped by the caller). */
static pc_rc read_row(sqlite3_stmt *st, pc_arena *a, geo_map_feature *f)
{
    if (sqlite3_column_type(st, 7) == SQLITE_NULL)
        return PC_ENOTFOUND;
    f->id = sqlite3_column_int64(st, 0);
    f->value = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 5);
    f->flag = sqlite3_column_int(st, 6) != 0;
    if (col_text(st, 1, a, &f->code) || col_text(st, 2, a, &f->name) || col_text(st, 3, a, &f->kind) ||
        col_text(st, 4, a, &f->status) || col_text(st, 7, a, &f->geometry))
        return PC_ENOMEM;
    return PC_OK;
}

pc_rc geo_map_features(geo_store *s, geo_map_layer layer, const geo_map_bbox *bbox, size_t max, pc_arena *a,
                       geo_map_feature **out, size_t *n_out, int *truncated)
{
    pc_rc rc = PC_OK;
    geo_map_feature *v = NULL;
    size_t n = 0;
    *out = NULL;
    *n_out = 0;
    *truncated = 0;
    if ((unsigned)layer >= GEO_MAP_LAYER_COUNT_ || !bbox || !bbox_valid(bbox) || max < 1 || max > 100000)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, MAP_SQL[layer]);
    if (!st)
        return PC_EIO;
    sqlite3_bind_double(st, 1, bbox->min_lon_deg);
    sqlite3_bind_double(st, 2, bbox->max_lon_deg);
    sqlite3_bind_double(st, 3, bbox->min_lat_deg);
    sqlite3_bind_double(st, 4, bbox->max_lat_deg);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)max + 1);
    size_t cap = max < 256 ? max : 256;
    if (!(v = pc_arena_alloc(a, cap * sizeof *v))) {
        rc = PC_ENOMEM;
        goto cleanup;
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == max) {
            *truncated = 1;
            break;
        }
        if (n == cap) { /* grow in the arena: the old block is simply left behind */
            size_t ncap = cap * 2 < max ? cap * 2 : max;
            geo_map_feature *nv = pc_arena_alloc(a, ncap * sizeof *nv);
            if (!nv) {
                rc = PC_ENOMEM;
                goto cleanup;
            }
            memcpy(nv, v, n * sizeof *v);
            v = nv, cap = ncap;
        }
        pc_rc r = read_row(st, a, &v[n]);
        if (r == PC_ENOMEM) {
            rc = r;
            goto cleanup;
        }
        if (r == PC_OK)
            n++;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = geo_rc(step);
cleanup:
    sqlite3_reset(st);
    if (rc == PC_OK) {
        *out = v;
        *n_out = n;
    } else {
        *truncated = 0;
    }
    return rc;
}

pc_rc geo_map_extent(geo_store *s, geo_map_bbox *out)
{
    static const char sql[] = "SELECT min(x0),min(y0),max(x1),max(y1) FROM ("
                              "SELECT min(xmin) x0,min(ymin) y0,max(xmax) x1,max(ymax) y1 FROM idx_building_footprint"
                              " UNION ALL SELECT min(xmin),min(ymin),max(xmax),max(ymax) FROM idx_road_edge_geom"
                              " UNION ALL SELECT min(xmin),min(ymin),max(xmax),max(ymax) FROM idx_station_geom)";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    pc_rc rc = PC_ENOTFOUND;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        out->min_lon_deg = sqlite3_column_double(st, 0);
        out->min_lat_deg = sqlite3_column_double(st, 1);
        out->max_lon_deg = sqlite3_column_double(st, 2);
        out->max_lat_deg = sqlite3_column_double(st, 3);
        rc = PC_OK;
    } else if (step != SQLITE_ROW) {
        rc = geo_rc(step);
    }
    sqlite3_reset(st);
    return rc;
}
