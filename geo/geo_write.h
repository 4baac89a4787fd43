/* geo_write.h — inserting map and registry objects into the store.
 *
 * Plain records in, row ids out. Used by the demo-city generator and by
 * data-entry code; importers that upsert by OSM id have their own writers.
 * Strings may be NULL (stored as NULL) unless said otherwise; numeric fields
 * use a negative value (or 0 for *_id) to mean "unknown" (stored as NULL).
 * Each call is one INSERT: wrap bulk work in geo_store_begin/commit. */
#ifndef GEO_WRITE_H
#define GEO_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"

typedef struct geo_edge_rec {
    int64_t node_from, node_to;
    const char *cls;       /* OSM highway class */
    const char *name;
    double width_m;
    int width_tagged;      /* 1 tagged / surveyed, 0 estimated */
    double maxheight_m;    /* <= 0: no limit */
    int oneway, motor, foot;
    int lanes;             /* <= 0: unknown */
    double length_m;
    const geo_lonlat *pts; /* the geometry, >= 2 points */
    size_t n_pts;
    int64_t admin_unit_id; /* 0: unknown */
} geo_edge_rec;

typedef struct geo_building_rec {
    const char *house_code; /* required, canonical */
    int64_t admin_unit_id;
    const char *name;
    const char *addr_number, *addr_ngach, *addr_ngo, *addr_street, *addr_full;
    const char *type_code; /* building_type code, required */
    int floors, basements; /* < 0 unknown */
    double height_m, footprint_m2;
    int apartments, rooms, occupants;
    int vuln_elderly, vuln_children, vuln_disabled, vuln_bedridden;
    const char *ground_floor_use;
    const char *source; /* 'manual', 'osm' or 'demo' */
    const geo_lonlat *ring; /* outer ring of the footprint */
    size_t n_ring;
    geo_lonlat entrance;
} geo_building_rec;

typedef struct geo_unit_rec {
    const char *code;
    int64_t station_id;
    const char *kind; /* vehicle_kind code */
    const char *name;
    double width_m, height_m;
    int water_l;
    double ladder_m;
    int crew;
} geo_unit_rec;

typedef struct geo_hydrant_rec {
    const char *code;
    const char *kind;   /* pillar, underground, wall, pipe */
    const char *status; /* working, broken, unknown */
    double flow_lpm, pressure_bar;
    int diameter_mm;
    const char *last_checked_on;
    int64_t admin_unit_id;
    geo_lonlat pos;
} geo_hydrant_rec;

pc_rc geo_write_admin_unit(geo_store *s, int64_t id, const char *code, const char *name, int level, int64_t parent_id,
                           int64_t population, const geo_lonlat *ring, size_t n_ring);
pc_rc geo_write_road_node(geo_store *s, int64_t id, geo_lonlat pos);
pc_rc geo_write_road_edge(geo_store *s, const geo_edge_rec *e, int64_t *id_out);

pc_rc geo_write_building(geo_store *s, const geo_building_rec *b, int64_t *id_out);
pc_rc geo_write_building_hazard(geo_store *s, int64_t building_id, const char *hazard_code);
pc_rc geo_write_building_exit(geo_store *s, int64_t building_id, const char *kind, double width_m, int floor,
                              geo_lonlat pos);
pc_rc geo_write_escape_route(geo_store *s, int64_t building_id, const char *name, const char *description,
                             const geo_lonlat *pts, size_t n_pts);

pc_rc geo_write_station(geo_store *s, const char *code, const char *name, const char *address, const char *phone,
                        int64_t admin_unit_id, geo_lonlat pos, int64_t *id_out);
pc_rc geo_write_unit(geo_store *s, const geo_unit_rec *u, int64_t *id_out);
pc_rc geo_write_hydrant(geo_store *s, const geo_hydrant_rec *h);
pc_rc geo_write_water_source(geo_store *s, const char *name, const char *kind, double capacity_m3,
                             int64_t admin_unit_id, const geo_lonlat *ring, size_t n_ring, int64_t *id_out);
pc_rc geo_write_draft_point(geo_store *s, int64_t water_source_id, const char *note, geo_lonlat pos);
pc_rc geo_write_fire_point(geo_store *s, const char *code, const char *name, const char *equipment,
                           int extinguishers, double hose_m, int64_t admin_unit_id, geo_lonlat pos);
pc_rc geo_write_safety_group(geo_store *s, const char *code, const char *name, const char *leader_name,
                             int households, const char *equipment, int64_t admin_unit_id, geo_lonlat pos,
                             int64_t *id_out);
pc_rc geo_write_safety_group_building(geo_store *s, int64_t group_id, int64_t building_id);
pc_rc geo_write_assembly_area(geo_store *s, const char *name, const char *kind, int capacity,
                              const geo_lonlat *ring, size_t n_ring);

/* Fire-safety records (history rows). Dates are YYYY-MM-DD. */
pc_rc geo_write_facility(geo_store *s, int64_t building_id, const char *category, const char *name,
                         int64_t admin_unit_id, int64_t *id_out);
pc_rc geo_write_safety_record(geo_store *s, int64_t facility_id, const char *kind, const char *number,
                              const char *issued_by, const char *issued_on);
pc_rc geo_write_inspection(geo_store *s, int64_t facility_id, const char *date, const char *inspector,
                           const char *result, const char *findings, int64_t *id_out);
pc_rc geo_write_inspection_item(geo_store *s, int64_t inspection_id, const char *condition_code, int ok);
pc_rc geo_write_violation(geo_store *s, int64_t facility_id, int64_t inspection_id, const char *found_on,
                          const char *legal_article, const char *description, int64_t fine_vnd, const char *status);
pc_rc geo_write_suspension(geo_store *s, int64_t facility_id, const char *kind, const char *decision_no,
                           const char *reason, const char *start_on, const char *end_on, const char *reinstated_on);
pc_rc geo_write_fire_event(geo_store *s, int64_t facility_id, int64_t building_id, const char *kind,
                           const char *occurred_at, const char *cause, int deaths, int injuries, int64_t damage_vnd,
                           geo_lonlat pos);

#endif
