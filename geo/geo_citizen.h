/* geo_citizen.h — house claims, house declarations, citizen reports and
 * resident rows in the store.
 *
 * Plain values in, geo_table out (see geo_records.h); no policy here:
 * engine/citizen decides who may do what and audits. State changes are
 * conditional UPDATEs (WHERE status = the expected one), so two officers
 * racing on the same claim, declaration or report cannot both succeed:
 * the loser gets PC_ECONFLICT.
 *
 * Lists take a scope root (GEO_SCOPE semantics: staff) or an owner account
 * id (> 0: only that account's rows, for citizens). */
#ifndef GEO_CITIZEN_H
#define GEO_CITIZEN_H

#include <stddef.h>
#include <stdint.h>

#include "geo_records.h"

/* --- house claims --------------------------------------------------------- */
/* PC_ECONFLICT when the account already claimed the building. */
pc_rc geo_claim_insert(geo_store *s, int64_t account_id, int64_t building_id, int64_t *id_out);
/* status gets pending / confirmed / refused. */
pc_rc geo_claim_get(geo_store *s, int64_t id, int64_t *account_id, int64_t *building_id, char status[16]);
/* pending -> to (confirmed / refused); PC_ECONFLICT when no longer pending. */
pc_rc geo_claim_review(geo_store *s, int64_t id, const char *to, int64_t reviewer_id, const char *reason);
pc_rc geo_claim_list(geo_store *s, int64_t root, int64_t owner_id, const char *status, int64_t offset, size_t limit,
                     pc_arena *a, geo_table *out);

/* --- sample house types and declarations ------------------------------------ */
/* Tables "house_types", "exits", "hazards". */
pc_rc geo_house_types(geo_store *s, pc_arena *a, geo_table **out, size_t *n_out);

typedef struct geo_exit_rec {
    const char *kind;
    int floor;
    double width_m; /* < 0 unknown */
} geo_exit_rec;

typedef struct geo_declaration_rec {
    int64_t account_id, building_id, supersedes_id;
    const char *sample_code, *type_code, *ground_floor_use;
    int floors, basements, apartments, rooms, occupants; /* apartments, rooms < 0: unknown */
    int vuln_elderly, vuln_children, vuln_disabled, vuln_bedridden;
    const char **hazards;
    size_t n_hazards;
    geo_exit_rec *exits;
    size_t n_exits;
} geo_declaration_rec;

/* Fills the numbers, type, ground-floor use, hazards and exits of the sample
 * (arrays in a); leaves the ids alone. PC_ENOTFOUND for an unknown code. */
pc_rc geo_sample_fill(geo_store *s, const char *code, pc_arena *a, geo_declaration_rec *out);
pc_rc geo_declaration_insert(geo_store *s, const geo_declaration_rec *d, int64_t *id_out);
pc_rc geo_declaration_get(geo_store *s, int64_t id, int64_t *account_id, int64_t *building_id, char status[16]);
/* from -> to with reviewer and reason (reviewer 0: none, e.g. superseded). */
pc_rc geo_declaration_set_status(geo_store *s, int64_t id, const char *from, const char *to, int64_t reviewer_id,
                                 const char *reason);
/* Copies an accepted declaration onto its building: the building's previous
 * values are kept as JSON in the declaration (building_before), then its
 * type, floors, counts and ground-floor use are replaced, its hazards are
 * replaced, and its exits are replaced by the declared ones (placed at the
 * entrance). */
pc_rc geo_declaration_apply(geo_store *s, int64_t id);
pc_rc geo_declaration_list(geo_store *s, int64_t root, int64_t owner_id, const char *status, int64_t offset,
                           size_t limit, pc_arena *a, geo_table *out);
/* Tables "declaration", "hazards", "exits". */
pc_rc geo_declaration_sheet(geo_store *s, int64_t id, pc_arena *a, geo_table **out, size_t *n_out);

/* --- citizen reports ---------------------------------------------------------- */
typedef struct geo_report_rec {
    int64_t reporter_id;
    const char *kind, *text, *channel;
    int64_t building_id; /* 0: none */
    geo_lonlat pos;
} geo_report_rec;

/* Inserts the report in status submitted with its first event; its admin
 * unit is the building's, else the lowest-level unit whose polygon holds
 * pos (none: NULL). */
pc_rc geo_report_insert(geo_store *s, const geo_report_rec *r, int64_t *id_out);
pc_rc geo_report_state(geo_store *s, int64_t id, int64_t *reporter_id, int64_t *unit_id, char status[16]);
/* from -> to, time-stamped event with actor and note; closed_at set when to
 * is resolved or rejected. PC_ECONFLICT when the status is no longer from. */
pc_rc geo_report_transition(geo_store *s, int64_t id, const char *from, const char *to, int64_t actor_id,
                            const char *note);
pc_rc geo_report_list(geo_store *s, int64_t root, int64_t owner_id, const char *status, int64_t offset, size_t limit,
                      pc_arena *a, geo_table *out);
/* Tables "report", "events". */
pc_rc geo_report_sheet(geo_store *s, int64_t id, pc_arena *a, geo_table **out, size_t *n_out);

/* Audit rows of an action from an IP at or after since (ISO text). */
pc_rc geo_audit_count_since(geo_store *s, const char *action, const char *ip, const char *since, int64_t *n);

/* --- residents (register extract) --------------------------------------------- */
/* Deletes the resident rows of a building (a new extract replaces them). */
pc_rc geo_resident_clear(geo_store *s, int64_t building_id);
pc_rc geo_resident_insert(geo_store *s, int64_t building_id, const uint8_t *pid_enc, size_t enc_len,
                          const uint8_t pid_hash[32], int birth_year, int disabled, int bedridden,
                          const char *residence);
/* Derives building.occupants and the vulnerable counts from its residents:
 * elderly = born in or before this_year - 60, children = born after
 * this_year - 16, disabled and bedridden flags. */
pc_rc geo_resident_recount(geo_store *s, int64_t building_id, int this_year);

typedef struct geo_resident {
    int64_t id;
    uint8_t *pid_enc;
    size_t enc_len;
    int birth_year; /* 0: unknown */
    int disabled, bedridden;
    const char *residence;
} geo_resident;
/* A building's residents (blobs and strings in a), by id. */
pc_rc geo_resident_list(geo_store *s, int64_t building_id, pc_arena *a, geo_resident **out, size_t *n_out);

#endif
