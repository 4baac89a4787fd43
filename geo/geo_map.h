/* geo_map.h — base-map layers for the web console: roads, buildings, water
 * and the fire resources, as features with GeoJSON geometry text.
 *
 * There are no map tiles offline, so the console draws our own data. Each
 * call reads one layer inside a lon/lat box through the layer's R*Tree
 * (idx_<table>_<column>) and returns at most max features; *truncated says
 * whether more were there. Geometry comes back as RFC 7946 GeoJSON text made
 * by SpatiaLite (AsGeoJSON, 6 decimals: about 0.1 m), ready to be embedded
 * in a FeatureCollection without re-parsing. */
#ifndef GEO_MAP_H
#define GEO_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "pc_arena.h"

typedef enum geo_map_layer {
    GEO_MAP_ROADS,         /* road_edge: kind = class, value = width_m, flag = oneway */
    GEO_MAP_BUILDINGS,     /* building footprints: code = house_code, kind = type, value = floors */
    GEO_MAP_WATER,         /* water_source polygons: kind, value = capacity_m3 */
    GEO_MAP_HYDRANTS,      /* code, kind, status (working/broken/unknown), value = flow_lpm */
    GEO_MAP_STATIONS,      /* code, name */
    GEO_MAP_FIRE_POINTS,   /* code, name, value = extinguishers */
    GEO_MAP_DRAFT_POINTS,  /* name (of the water), kind = note, flag = all_year */
    GEO_MAP_ASSEMBLY,      /* assembly_area polygons: name, kind, value = capacity */
    GEO_MAP_SAFETY_GROUPS, /* code, name, value = households */
    GEO_MAP_LAYER_COUNT_
} geo_map_layer;

/* A lon/lat box (WGS 84 degrees). */
typedef struct geo_map_bbox {
    double min_lon_deg, min_lat_deg, max_lon_deg, max_lat_deg;
} geo_map_bbox;

typedef struct geo_map_feature {
    int64_t id;
    const char *code, *name, *kind, *status; /* NULL when the layer has none */
    double value;                            /* < 0: unknown or none */
    int flag;                                /* layer-specific 0/1 (see above) */
    const char *geometry;                    /* GeoJSON geometry text, never NULL */
} geo_map_feature;

/* Features of layer whose bounding box meets bbox, at most max of them (1 to
 * 100000), allocated in arena a (they live as long as it). *truncated = 1
 * when the box held more than max. PC_EINVAL for a bad layer, box (not
 * finite, out of range or min > max) or max; PC_EIO on a database error. */
pc_rc geo_map_features(geo_store *s, geo_map_layer layer, const geo_map_bbox *bbox, size_t max, pc_arena *a,
                       geo_map_feature **out, size_t *n_out, int *truncated);

/* The box around everything in the store that has a place (buildings,
 * roads, stations), for the console's first view. PC_ENOTFOUND when the
 * store has no buildings and no roads. */
pc_rc geo_map_extent(geo_store *s, geo_map_bbox *out);

#endif
