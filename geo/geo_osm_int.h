/* geo_osm_int.h — the insides of the OSM importer (geo_osm_*.c only).
 *
 * Reading (geo_osm_read.c) turns the file into an in-memory extract: every
 * node position, every way's node list, the multipolygon relations that
 * make areas, and the tag-derived records of what will be written (roads,
 * buildings, water, points of interest). Strings live in one arena. The
 * writers (geo_osm_roads.c, geo_osm_areas.c, geo_osm_pois.c) then resolve
 * geometry and upsert rows inside the import's transaction. */
#ifndef GEO_OSM_INT_H
#define GEO_OSM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_osm_import.h"
#include "geo_store_int.h"
#include "geo_types.h"
#include "pc_arena.h"

#define GEO_OSM_N_FORMS 7 /* ngo ngach hem kiet pho duong dai_lo */
#define GEO_OSM_MAX_CLASSES 64
#define GEO_OSM_CONF_MAX 65536

typedef struct geo_osm_class {
    char name[32];
    int import, motor, foot, use_lanes;
    double width_m;
    double form_width_m[GEO_OSM_N_FORMS]; /* 0: not set */
} geo_osm_class;

struct geo_osm_config {
    geo_osm_class classes[GEO_OSM_MAX_CLASSES];
    size_t n_classes;
    double lane_width_m;
    double form_width_m[GEO_OSM_N_FORMS]; /* [general] defaults; 0: not set */
};

/* The section for a highway class: itself, its base class for *_link, else
 * [other]; NULL when none applies. */
const geo_osm_class *geo_osm_class_find(const geo_osm_config *c, const char *name);
/* The naming form of a road name (index into the forms), -1 when none. */
int geo_osm_name_form(const char *name);
/* 1 when both configurations are the same. */
int geo_osm_config_equal(const geo_osm_config *a, const geo_osm_config *b);

/* --- tags ------------------------------------------------------------------ */

typedef struct osm_tags {
    const char *const *k;
    const char *const *v;
    size_t n;
} osm_tags;

/* Value of key, or NULL. */
const char *osm_tag(const osm_tags *t, const char *key);
/* A length in metres from "3.5", "3,5 m", "12 ft", "14'6\""; -1 when not one. */
double osm_parse_length_m(const char *v);
/* Speed in km/h from "40", "40 km/h", "30 mph"; -1 when not one. */
double osm_parse_speed_kmh(const char *v);
/* The first integer of v, or -1. */
int osm_parse_int(const char *v);
/* 1 for yes/true/1, a positive bridge/tunnel kind; 0 for no or NULL. */
int osm_tag_truthy(const char *v);

/* --- the extract ------------------------------------------------------------ */

typedef struct osm_node {
    int64_t id;
    int32_t lon_e7, lat_e7; /* OSM's own precision: 1e-7 degree */
} osm_node;

typedef struct osm_way {
    int64_t id;
    uint32_t ref_off, n_refs; /* into osm_extract.refs */
} osm_way;

typedef struct osm_way_key {
    int64_t id;
    uint32_t idx;
} osm_way_key;

typedef struct osm_road {
    uint32_t way; /* index into ways */
    const char *cls, *name, *access, *surface;
    double width_m, maxheight_m, maxspeed_kmh; /* < 0: unknown */
    int width_tagged, lanes, oneway;           /* oneway: 1, 0 or -1 (reverse) */
    int motor, foot, bridge, tunnel;
} osm_road;

enum { OSM_SRC_WAY = 'W', OSM_SRC_REL = 'R', OSM_SRC_NODE = 'N' };

typedef struct osm_area {
    char src;      /* OSM_SRC_WAY or OSM_SRC_REL */
    int64_t osm_id;
    uint32_t idx;  /* index into ways or rels */
} osm_area;

typedef struct osm_building {
    osm_area a;
    const char *name, *number, *street, *addr_full, *type_code;
    int floors, apartments; /* < 0 unknown */
    double height_m;
} osm_building;

typedef struct osm_water {
    osm_area a;
    const char *name, *kind; /* water_source.kind; NULL: decided by area */
    double capacity_m3;
} osm_water;

typedef enum osm_poi_kind {
    OSM_POI_ADDRESS, OSM_POI_HYDRANT, OSM_POI_STATION, OSM_POI_TANK, OSM_POI_POND, OSM_POI_SUCTION,
} osm_poi_kind;

typedef struct osm_poi {
    osm_poi_kind kind;
    char src;          /* OSM_SRC_NODE, or OSM_SRC_WAY for a station mapped as an area */
    int64_t osm_id;
    uint32_t way;      /* index into ways when src is a way */
    geo_lonlat pos;    /* nodes: the position */
    const char *name;  /* address points: housenumber */
    const char *street, *addr_full, *kind_tag, *phone;
    double number1;    /* hydrant diameter_mm, tank capacity_m3; < 0 unknown */
    double number2;    /* hydrant pressure_bar; < 0 unknown */
} osm_poi;

typedef struct osm_member {
    int64_t way_id;
    int inner;
} osm_member;

typedef struct osm_rel {
    int64_t id;
    uint32_t mem_off, n_mem;
} osm_rel;

/* A growable array: data, count, capacity. */
#define OSM_VEC(T)                                                                                                    \
    struct {                                                                                                          \
        T *v;                                                                                                         \
        size_t n, cap;                                                                                                \
    }

typedef struct osm_extract {
    pc_arena *strings;
    OSM_VEC(osm_node) nodes;  /* sorted by id (duplicates dropped) after reading */
    OSM_VEC(osm_way) ways;    /* file order */
    osm_way_key *way_index;   /* (id, index into ways), sorted by id */
    OSM_VEC(int64_t) refs;
    OSM_VEC(osm_road) roads;
    OSM_VEC(osm_building) buildings;
    OSM_VEC(osm_water) waters;
    OSM_VEC(osm_poi) pois;
    OSM_VEC(osm_rel) rels;
    OSM_VEC(osm_member) members;
    OSM_VEC(int64_t) entrances; /* entrance=* node ids, sorted; main entrances first among equals */
    OSM_VEC(int64_t) main_entrances;
    const geo_osm_config *cfg;
    int64_t n_nodes_read, n_ways_read, n_rels_read;
    pc_rc rc; /* first error while reading (ENOMEM) */
} osm_extract;

/* Grows vec by one zeroed element; NULL on allocation failure. */
void *osm_vec_push(void *vec_v, size_t *n, size_t *cap, size_t elem);
#define OSM_PUSH(vec) osm_vec_push(&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v)

/* Reads path into x (zeroed first). quiet: no progress. On failure err says
 * why in one line. Caller frees with osm_extract_free() in every case. */
pc_rc osm_extract_read(osm_extract *x, const char *path, const geo_osm_config *cfg, int quiet, char *err,
                       size_t err_len);
void osm_extract_free(osm_extract *x);

/* Index of node id, or -1. */
int64_t osm_node_find(const osm_extract *x, int64_t id);
/* Index of way id, or -1. */
int64_t osm_way_find(const osm_extract *x, int64_t id);
geo_lonlat osm_node_pos(const osm_extract *x, size_t idx);

/* Vertices of an area: rings (closed, first point repeated), ring_len and
 * ring_outer as geo_blob_multipolygon wants them, holes after their outer
 * ring. All arrays malloc'ed (free each). PC_EFORMAT when the rings cannot
 * be closed or nodes are missing. */
typedef struct osm_rings {
    geo_lonlat *pts;
    size_t n_pts, cap_pts;
    size_t *ring_len;
    int *ring_outer;
    size_t n_rings, cap_rings;
} osm_rings;
pc_rc osm_area_rings(const osm_extract *x, const osm_area *a, osm_rings *out);
void osm_rings_free(osm_rings *r);
/* Area in m² (outer rings minus holes) and a point inside the first outer
 * ring (centroid when inside, else the middle of the widest horizontal span
 * through it). */
double osm_rings_area_m2(const osm_rings *r);
geo_lonlat osm_rings_inner_point(const osm_rings *r);

/* --- writers (inside the caller's transaction) -------------------------------- */

/* A bulk-write window over some tables: SpatiaLite's per-row triggers
 * (geometry checks, geometry_columns_time stamps, R*Tree upkeep through
 * RTreeAlign) cost ~40 µs a row, most of an import. begin saves and drops
 * them; end re-creates them from the saved SQL (byte for byte), refills the
 * tables' R*Trees from the data and stamps geometry_columns_time once.
 * Both run inside the caller's transaction, so a rollback restores all. */
typedef struct osm_bulk {
    char **sql;
    size_t n;
    const char *const *tables;
    size_t n_tables;
} osm_bulk;
pc_rc osm_bulk_begin(geo_store *s, const char *const *tables, size_t n_tables, osm_bulk *b);
pc_rc osm_bulk_end(geo_store *s, osm_bulk *b);
/* Frees what begin saved (after end, or on failure). */
void osm_bulk_free(osm_bulk *b);

pc_rc osm_write_roads(geo_store *s, const osm_extract *x, int quiet, geo_osm_stats *st, char *err, size_t err_len);
pc_rc osm_write_buildings(geo_store *s, const osm_extract *x, int quiet, geo_osm_stats *st, char *err,
                          size_t err_len);
pc_rc osm_write_waters(geo_store *s, const osm_extract *x, geo_osm_stats *st, char *err, size_t err_len);
pc_rc osm_write_pois(geo_store *s, const osm_extract *x, geo_osm_stats *st, char *err, size_t err_len);

#endif
