/* geo_records.h — facilities and their fire-safety records, and the change
 * history of hydrants, water sources, fire points and safety groups.
 *
 * Writes are plain inserts of already-validated values (engine/records
 * decides what is allowed and audits); the schema (migration 3) keeps every
 * version: facility_version for facilities, supersedes_id chains for the
 * record tables (a row is superseded at most once), resource_change for the
 * current-state resource tables. Nothing here updates a history row.
 *
 * Reads come back as geo_table: named columns and typed cells allocated in
 * the caller's arena, so listings need no struct per table. Strings passed
 * in may be NULL (stored as NULL); ids of 0 and numbers < 0 mean "none"
 * where the comment says so. */
#ifndef GEO_RECORDS_H
#define GEO_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"
#include "pc_arena.h"

typedef enum geo_cell_type { GEO_CELL_NULL, GEO_CELL_INT, GEO_CELL_REAL, GEO_CELL_TEXT } geo_cell_type;

typedef struct geo_cell {
    geo_cell_type type;
    int64_t i;
    double r;
    const char *s;
} geo_cell;

/* A result set: n_rows x n_cols cells, row-major. total is the number of
 * matching rows before paging (equal to n_rows for unpaged reads). */
typedef struct geo_table {
    const char *name;
    size_t n_cols;
    const char **cols;
    size_t n_rows;
    geo_cell *cells;
    int64_t total;
} geo_table;

/* Cell (row, col) of t; col by name (NULL when the table has no such column). */
const geo_cell *geo_table_cell(const geo_table *t, size_t row, const char *col);

/* --- facilities ----------------------------------------------------------- */

typedef struct geo_facility_rec {
    int64_t building_id; /* 0: none */
    const char *category, *name, *operator_name, *note;
    int64_t admin_unit_id; /* 0: none */
} geo_facility_rec;

/* Inserts a facility and its version 1. */
pc_rc geo_facility_insert(geo_store *s, const geo_facility_rec *f, int64_t actor_id, int64_t *id_out);
/* Writes f as the facility's current values and appends the next version;
 * *version_out gets its number. PC_ENOTFOUND when absent. */
pc_rc geo_facility_new_version(geo_store *s, int64_t id, const geo_facility_rec *f, int64_t actor_id,
                               int *version_out);
/* The facility's current values (strings in a) and admin unit (0: none). */
pc_rc geo_facility_read(geo_store *s, int64_t id, pc_arena *a, geo_facility_rec *out);

/* 1 when code is in the reference table (facility_category, condition_kind,
 * hazard_kind, building_type, house_type_sample). table must be one of those. */
pc_rc geo_code_known(geo_store *s, const char *table, const char *code, int *yes);

/* Facilities under scope root (GEO_SCOPE semantics), optionally of one
 * category (NULL: all), by id. */
pc_rc geo_facility_list(geo_store *s, int64_t root, const char *category, int64_t offset, size_t limit, pc_arena *a,
                        geo_table *out);

/* The facility's sheet: "facility", "versions", and per record kind the rows
 * in force (current) or, with history, every row including superseded ones;
 * "inspection_items" for the inspections listed. *out is an arena array. */
pc_rc geo_facility_sheet(geo_store *s, int64_t id, int history, pc_arena *a, geo_table **out, size_t *n_out);

/* --- record rows ---------------------------------------------------------- */

typedef enum geo_record_kind {
    GEO_REC_SAFETY,     /* safety_record: permit, design approval, acceptance */
    GEO_REC_INSPECTION,
    GEO_REC_VIOLATION,
    GEO_REC_SUSPENSION,
    GEO_REC_FIRE,
    GEO_REC_KIND_COUNT_
} geo_record_kind;

/* Table name of a record kind. */
const char *geo_record_table(geo_record_kind k);

/* About an existing record row: its facility, whether a later row already
 * supersedes it. PC_ENOTFOUND when absent. */
pc_rc geo_record_lookup(geo_store *s, geo_record_kind k, int64_t id, int64_t *facility_id, int *superseded);

typedef struct geo_safety_rec {
    const char *kind, *number, *issued_by, *issued_on, *valid_until, *note;
} geo_safety_rec;
typedef struct geo_inspection_rec {
    const char *inspected_on, *inspector, *result, *findings;
} geo_inspection_rec;
typedef struct geo_violation_rec {
    int64_t inspection_id; /* 0: none */
    const char *found_on, *legal_article, *description, *status;
    int64_t fine_vnd; /* < 0: none */
} geo_violation_rec;
typedef struct geo_suspension_rec {
    const char *kind, *decision_no, *reason, *start_on, *end_on, *reinstated_on;
} geo_suspension_rec;
typedef struct geo_fire_rec {
    int64_t building_id; /* 0: none */
    const char *kind, *occurred_at, *cause;
    int deaths, injuries;
    int64_t damage_vnd; /* < 0: unknown */
    int has_pos;        /* 0: at the building's entrance, if any */
    geo_lonlat pos;
} geo_fire_rec;

/* Inserts one row; supersedes_id 0 for a new chain. A second correction of
 * the same row fails with PC_ECONFLICT (unique index). */
pc_rc geo_safety_insert(geo_store *s, int64_t facility_id, const geo_safety_rec *r, int64_t supersedes_id,
                        int64_t actor_id, int64_t *id_out);
pc_rc geo_inspection_insert(geo_store *s, int64_t facility_id, const geo_inspection_rec *r, int64_t supersedes_id,
                            int64_t actor_id, int64_t *id_out);
pc_rc geo_inspection_item_insert(geo_store *s, int64_t inspection_id, const char *condition, int ok, const char *note);
pc_rc geo_violation_insert(geo_store *s, int64_t facility_id, const geo_violation_rec *r, int64_t supersedes_id,
                           int64_t actor_id, int64_t *id_out);
pc_rc geo_suspension_insert(geo_store *s, int64_t facility_id, const geo_suspension_rec *r, int64_t supersedes_id,
                            int64_t actor_id, int64_t *id_out);
pc_rc geo_fire_insert(geo_store *s, int64_t facility_id, const geo_fire_rec *r, int64_t supersedes_id,
                      int64_t actor_id, int64_t *id_out);

/* --- resources (current state + change history) ---------------------------- */

typedef enum geo_resource_kind {
    GEO_RES_HYDRANT,
    GEO_RES_WATER_SOURCE,
    GEO_RES_FIRE_POINT,
    GEO_RES_SAFETY_GROUP,
    GEO_RES_KIND_COUNT_
} geo_resource_kind;

/* "hydrant", "water_source", "fire_point", "safety_group"; parse: PC_EINVAL. */
const char *geo_resource_name(geo_resource_kind k);
pc_rc geo_resource_parse(const char *name, geo_resource_kind *out);

/* The admin unit of a resource (0: none). PC_ENOTFOUND when absent. */
pc_rc geo_resource_unit(geo_store *s, geo_resource_kind k, int64_t id, int64_t *unit_id);

/* A change: NULL strings and negative numbers leave a field as it is.
 * Fields that do not apply to the kind must be left so. */
typedef struct geo_resource_change {
    const char *status;          /* hydrant */
    double flow_lpm, pressure_bar; /* hydrant */
    const char *last_checked_on; /* hydrant, fire point */
    const char *name;            /* water source, fire point, safety group */
    double capacity_m3;          /* water source */
    const char *equipment;       /* fire point, safety group */
    int extinguishers;           /* fire point */
    double hose_m;               /* fire point */
    const char *leader_name;     /* safety group */
    int households;              /* safety group */
    const char *note;            /* kept in the history row only */
} geo_resource_change;

/* Applies ch and appends a resource_change row holding the values before
 * and after (JSON text) in the caller's transaction. *change_id gets it. */
pc_rc geo_resource_update(geo_store *s, geo_resource_kind k, int64_t id, const geo_resource_change *ch,
                          int64_t actor_id, int64_t *change_id);

/* The change rows of one resource, newest first. */
pc_rc geo_resource_history(geo_store *s, geo_resource_kind k, int64_t id, pc_arena *a, geo_table *out);

/* --- savepoints (for all-or-nothing imports that report every bad row) ---- */
pc_rc geo_savepoint(geo_store *s);
pc_rc geo_savepoint_release(geo_store *s);
void geo_savepoint_rollback(geo_store *s);

#endif
