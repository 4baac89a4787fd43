/* records.h — officers' fire-safety record workflows.
 *
 * Who: only officers (city admin, district officer, commune officer) write,
 * and only for facilities and resources whose admin unit lies in their
 * scope; every staff role reads within its scope; citizens read nothing
 * here. Out of reach answers PC_ENOTFOUND, as if absent; a non-officer
 * writer gets PC_EFORBIDDEN.
 *
 * What: a facility is registered once and updated as new versions
 * (facility_version keeps each, with who and when). Record rows (permits,
 * design approval, acceptance, inspections with their checklist,
 * violations, suspensions and reinstatement, fires) are never changed: a
 * correction or a change of state (a violation remedied, a suspension
 * lifted) is a new row naming the row it supersedes, which must belong to
 * the same facility and not be superseded already (PC_ECONFLICT).
 * Hydrants, water sources, fire points and safety groups are changed in
 * place with a history row of before/after values.
 *
 * Every write is validated (err says which field and why: PC_EINVAL), runs
 * in one transaction and is audited in it. Dates are YYYY-MM-DD; dates of
 * things that happened (inspections, findings, fires, issues) may not lie
 * in the future. */
#ifndef ENG_RECORDS_H
#define ENG_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "geo_records.h"
#include "geo_store.h"
#include "pc_arena.h"

/* 1 for city admin, district officer and commune officer. */
int eng_is_officer(const eng_principal *who);

typedef struct eng_facility_spec {
    int64_t building_id;    /* 0: none (or house_code) */
    const char *house_code; /* alternative to building_id */
    int64_t admin_unit_id;  /* needed only without a building; else the building's */
    const char *category;   /* facility_category code */
    const char *name;       /* 1..200 bytes */
    const char *operator_name;
    const char *note;       /* kept with the version */
} eng_facility_spec;

/* Registers a facility (version 1). */
pc_rc eng_facility_register(geo_store *s, const eng_principal *who, const eng_facility_spec *f, int64_t *id_out,
                            char *err, size_t err_len);

/* A new version of facility id: category, name, operator_name and note of
 * ch replace the current ones when not NULL (building and unit stay).
 * *version_out gets the new version number. */
pc_rc eng_facility_update(geo_store *s, const eng_principal *who, int64_t id, const eng_facility_spec *ch,
                          int *version_out, char *err, size_t err_len);

/* Facilities in who's scope (category NULL: all), paged. */
pc_rc eng_facility_list(geo_store *s, const eng_principal *who, const char *category, int64_t offset, size_t limit,
                        pc_arena *a, geo_table *out);

/* The facility's sheet (see geo_facility_sheet); history 1 adds superseded rows. */
pc_rc eng_facility_sheet(geo_store *s, const eng_principal *who, int64_t id, int history, pc_arena *a,
                         geo_table **out, size_t *n_out);

typedef struct eng_check_item {
    const char *condition; /* condition_kind code */
    int ok;
    const char *note;
} eng_check_item;

typedef struct eng_record {
    geo_record_kind kind;
    int64_t supersedes_id; /* 0: a new record */
    geo_safety_rec safety;
    geo_inspection_rec inspection;
    const eng_check_item *items; /* inspections: the checklist */
    size_t n_items;
    geo_violation_rec violation;
    geo_suspension_rec suspension;
    geo_fire_rec fire;
} eng_record;

/* Adds the record r->kind (the matching member of r) to facility_id. */
pc_rc eng_record_add(geo_store *s, const eng_principal *who, int64_t facility_id, const eng_record *r,
                     int64_t *id_out, char *err, size_t err_len);

/* Changes a resource (see geo_resource_change; fields that do not apply to
 * the kind are refused). *change_id gets the history row. */
pc_rc eng_resource_update(geo_store *s, const eng_principal *who, geo_resource_kind k, int64_t id,
                          const geo_resource_change *ch, int64_t *change_id, char *err, size_t err_len);

/* The change history of a resource within who's scope, newest first. */
pc_rc eng_resource_history(geo_store *s, const eng_principal *who, geo_resource_kind k, int64_t id, pc_arena *a,
                           geo_table *out);

/* --- validation shared by the engine's writers ------------------------------ */

/* 1 when s is a real calendar date YYYY-MM-DD (years 1900..2199). */
int eng_valid_date(const char *s);
/* 1 for YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, optional Z. */
int eng_valid_datetime(const char *s);
/* Today's UTC date, YYYY-MM-DD. */
void eng_today(char out[11]);
/* 1 when s (may be NULL when !required) is 1..max bytes of valid UTF-8
 * without control characters. */
int eng_valid_text(const char *s, size_t max, int required);

#endif
