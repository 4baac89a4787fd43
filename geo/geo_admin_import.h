/* geo_admin_import.h — administrative units from GeoJSON, and assigning
 * every located object to the unit that contains it.
 *
 * `pccc import-admin` reads a GeoJSON FeatureCollection of boundary
 * polygons (for instance the 126 wards and communes of Hanoi since 1 July
 * 2025, as exported from OSM by Overpass) into admin_unit. The JSON is
 * parsed by SQLite's JSON functions and the geometry by SpatiaLite's
 * GeomFromGeoJSON, so no JSON parser lives in geo/. */
#ifndef GEO_ADMIN_IMPORT_H
#define GEO_ADMIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"

#define GEO_ADMIN_FILE_MAX (512u * 1024u * 1024u) /* bytes of GeoJSON accepted */

typedef struct geo_admin_options {
    const char *level;       /* an admin_level code: "ward", "district", "city" */
    const char *parent_code; /* NULL: parent found by containment in a higher-level unit */
    int quiet;
} geo_admin_options;

typedef struct geo_admin_stats {
    int64_t units;        /* units inserted or updated */
    int64_t skipped;      /* features that are not named (multi)polygons, e.g. label points */
    int64_t with_parent;  /* units given a parent */
    int64_t assigned;     /* located rows given an admin unit */
} geo_admin_stats;

/* Imports the FeatureCollection at path as units of the given level, in one
 * transaction, then assigns every building, address point, hydrant, station,
 * water source and road edge to the lowest-level unit containing it. Each
 * unit's code is its Wikidata id when the feature has one, else OSM-R<id>
 * (or OSM-W<id>) from "@id"/"id", else the folded name; an existing unit with
 * the same OSM id or code is updated in place. stats may be NULL. On failure
 * err holds one line and the database is unchanged: PC_ENOTFOUND (file or
 * parent), PC_EFORMAT (not GeoJSON, truncated, bad geometry), PC_EINVAL (bad
 * level), or a store error. */
pc_rc geo_admin_import(geo_store *s, const char *path, const geo_admin_options *opts, geo_admin_stats *stats,
                       char *err, size_t err_len);

/* Sets admin_unit_id of buildings (by entrance), address points, hydrants,
 * stations, water sources and road edges (by their middle point) to the
 * lowest-level unit containing them, through the admin_unit R*Tree and an
 * exact ST_Contains test. only_unassigned != 0 touches rows whose unit is
 * NULL; otherwise every row is recomputed (rows outside every unit get
 * NULL). The number of rows given a unit goes to *n_assigned (may be NULL).
 * Runs in the caller's transaction if one is open. */
pc_rc geo_admin_assign(geo_store *s, int only_unassigned, int64_t *n_assigned);

#endif
