/* geo_query.h — reading what a response plan needs from the store: the
 * building sheet, points of interest around a place, and units.
 *
 * Results are allocated in the caller's arena (pc_arena) and live as long as
 * it does; nothing here needs freeing. Unknown integers are -1, unknown reals
 * are < 0, unknown strings NULL. */
#ifndef GEO_QUERY_H
#define GEO_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"
#include "pc_arena.h"

typedef struct geo_exit {
    int64_t id;
    const char *kind; /* main_door, back_door, stair, external_stair, ladder, roof, window */
    double width_m;
    int floor;
    geo_lonlat pos;
} geo_exit;

typedef struct geo_escape_route {
    const char *name, *description;
    geo_lonlat *pts;
    size_t n_pts;
} geo_escape_route;

typedef struct geo_compliance {
    int64_t facility_id;          /* 0: not a managed facility */
    const char *category;
    const char *facility_name;
    const char *last_inspection_on; /* NULL: never inspected */
    const char *last_result;        /* pass, partial, fail */
    int open_violations;
    int64_t open_fines_vnd;
    int suspended;                  /* an active suspension today */
    const char *suspension_kind;    /* temporary / suspension */
    const char *suspended_since;
    int has_design_approval, has_acceptance;
    int fires_recorded;
} geo_compliance;

typedef struct geo_building {
    int64_t id;
    const char *house_code, *name, *type_code, *type_name_vi, *type_name_en;
    const char *addr_number, *addr_ngach, *addr_ngo, *addr_street, *addr_full;
    int64_t admin_unit_id;
    const char *admin_unit_name;
    int floors, basements;
    double height_m, footprint_m2;
    int apartments, rooms, occupants;
    int vuln_elderly, vuln_children, vuln_disabled, vuln_bedridden;
    const char *ground_floor_use;
    geo_lonlat entrance;
    geo_lonlat *footprint; /* outer ring */
    size_t n_footprint;
    const char **hazards; /* hazard_kind codes */
    size_t n_hazards;
    geo_exit *exits;
    size_t n_exits;
    geo_escape_route *routes;
    size_t n_routes;
    geo_compliance compliance;
} geo_building;

/* The whole sheet of building id. PC_ENOTFOUND if there is none. */
pc_rc geo_building_get(geo_store *s, int64_t id, pc_arena *a, geo_building **out);
/* The id of the building with this canonical house code. */
pc_rc geo_building_id_by_code(geo_store *s, const char *house_code, int64_t *out);

typedef enum geo_poi_kind {
    GEO_POI_HYDRANT,
    GEO_POI_DRAFT_POINT,
    GEO_POI_FIRE_POINT,
    GEO_POI_SAFETY_GROUP,
    GEO_POI_ASSEMBLY_AREA,
    GEO_POI_STATION,
    GEO_POI_KIND_COUNT_
} geo_poi_kind;

typedef struct geo_poi {
    geo_poi_kind kind;
    int64_t id;
    const char *code, *name;
    const char *status;  /* hydrants: working/broken/unknown */
    const char *detail;  /* equipment, source name, hydrant kind ... */
    const char *contact; /* safety groups: the leader's name */
    double value;        /* hydrant flow l/min, households, capacity (persons or m3); < 0 unknown */
    geo_lonlat pos;      /* areas: a point on the surface */
    double dist_m;       /* straight-line distance from the query centre */
} geo_poi;

/* Points of one kind within radius_m (straight line) of centre, nearest
 * first, at most max (0: no limit). Uses the R*Tree index. radius_m is
 * limited to 20 km (PC_ELIMIT beyond). */
pc_rc geo_poi_within(geo_store *s, geo_poi_kind kind, geo_lonlat centre, double radius_m, size_t max, pc_arena *a,
                     geo_poi **out, size_t *n_out);

/* One point by id with its details (an area's pos: its centroid); PC_ENOTFOUND. */
pc_rc geo_poi_get(geo_store *s, geo_poi_kind kind, int64_t id, pc_arena *a, geo_poi *out);

/* Every point of a layer (not areas: PC_EINVAL), for an in-memory index;
 * *out is malloc'ed (caller frees). out_of_service: a broken hydrant. */
typedef struct geo_poi_pos {
    int64_t id;
    geo_lonlat pos;
    int out_of_service;
} geo_poi_pos;
pc_rc geo_poi_positions(geo_store *s, geo_poi_kind kind, geo_poi_pos **out, size_t *n_out);

/* The version counter of each layer (v[kind]): it changes whenever a point
 * or area of the layer is added, removed or moved, or a hydrant's status
 * changes, so a copy held in memory knows when to read the layer again. */
pc_rc geo_poi_versions(geo_store *s, int64_t v[GEO_POI_KIND_COUNT_]);

typedef struct geo_unit {
    int64_t id, station_id, incident_id; /* incident_id 0: none */
    const char *code, *kind, *name, *status, *status_at;
    const char *station_code, *station_name;
    double width_m, height_m, ladder_m;
    int water_l, crew;
    geo_lonlat station_pos;
} geo_unit;

/* Units, optionally only those with a given status (NULL: all), by id. */
pc_rc geo_units_list(geo_store *s, const char *status, pc_arena *a, geo_unit **out, size_t *n_out);
/* A counter that changes whenever a unit is added, removed or changed (or a
 * station renamed), for copies of the unit list held in memory. */
pc_rc geo_units_version(geo_store *s, int64_t *version);
pc_rc geo_unit_get(geo_store *s, int64_t id, pc_arena *a, geo_unit **out);

typedef struct geo_edge_info {
    const char *name, *cls;
    double width_m, maxheight_m; /* maxheight < 0: no limit */
    const char *width_source;    /* tagged / estimated */
} geo_edge_info;

/* One road edge's descriptive columns. */
pc_rc geo_road_edge_get(geo_store *s, int64_t id, pc_arena *a, geo_edge_info *out);

/* Ids of the safety groups that count building_id among their households
 * (at most max; *n_out how many were written). */
pc_rc geo_building_groups(geo_store *s, int64_t building_id, int64_t *ids, size_t max, size_t *n_out);

#endif
