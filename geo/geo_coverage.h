/* geo_coverage.h — bulk reads for coverage-gap analysis (engine/coverage).
 *
 * Coverage looks at every building at once, so it reads whole tables in one
 * pass each into plain malloc'ed arrays (caller frees with free()): building
 * entrances with occupants and ward, the administrative tree, which vehicle
 * kinds each station has, working hydrants and draft points. Entrance points
 * are decoded straight from the SpatiaLite point BLOB (no SQL function per
 * row): 2 million rows read in about a second. */
#ifndef GEO_COVERAGE_H
#define GEO_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"

typedef struct geo_cov_building {
    int64_t id;
    int64_t admin_unit_id; /* 0: none */
    geo_lonlat entrance;   /* the footprint's centroid when no entrance is stored */
    int32_t occupants;     /* 0 when unknown */
} geo_cov_building;

/* Every building with an entrance or a footprint, ascending id. */
pc_rc geo_cov_buildings(geo_store *s, geo_cov_building **out, size_t *n_out);

typedef struct geo_cov_admin {
    int64_t id, parent_id; /* parent_id 0: a root */
    int level;
    char code[32];
    char name[96];
} geo_cov_admin;

/* Every administrative unit, ascending id. */
pc_rc geo_cov_admin_units(geo_store *s, geo_cov_admin **out, size_t *n_out);

typedef struct geo_cov_station_kind {
    int64_t station_id;
    char kind[32];
    int n_units, n_available;
} geo_cov_station_kind;

/* One row per (station, vehicle kind) with how many units, and how many of
 * them are available now; ordered by station then kind. */
pc_rc geo_cov_station_kinds(geo_store *s, geo_cov_station_kind **out, size_t *n_out);

typedef struct geo_cov_point {
    int64_t id;
    geo_lonlat pos;
} geo_cov_point;

/* Hydrants whose status is 'working' (unknown and broken do not count). */
pc_rc geo_cov_hydrants(geo_store *s, geo_cov_point **out, size_t *n_out);
/* Draft points (all-year or not). */
pc_rc geo_cov_draft_points(geo_store *s, geo_cov_point **out, size_t *n_out);

#endif
