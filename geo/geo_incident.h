/* geo_incident.h — incidents, their timeline, and unit status rows.
 *
 * The rules (which status may follow which, who may dispatch) live in
 * engine/incident.c; these are the store operations it composes inside one
 * transaction. Results are allocated in the caller's arena. */
#ifndef GEO_INCIDENT_H
#define GEO_INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_query.h"
#include "geo_store.h"
#include "geo_types.h"
#include "pc_arena.h"

typedef struct geo_incident {
    int64_t id, building_id, admin_unit_id, created_by;
    const char *code, *kind, *status, *address, *note, *created_at, *closed_at;
    geo_lonlat pos;
} geo_incident;

typedef struct geo_incident_event {
    int64_t id, unit_id, actor_id;
    const char *at, *kind, *status, *detail;
} geo_incident_event;

/* Inserts an open incident; its code is INC-YYYYMMDD-NNNNNN. ids <= 0 are NULL. */
pc_rc geo_incident_insert(geo_store *s, const char *kind, int64_t building_id, const char *address, const char *note,
                          geo_lonlat pos, int64_t admin_unit_id, int64_t actor_id, int64_t *id_out);
pc_rc geo_incident_event_insert(geo_store *s, int64_t incident_id, const char *kind, int64_t unit_id,
                                const char *status, const char *detail, int64_t actor_id);
pc_rc geo_incident_get(geo_store *s, int64_t id, pc_arena *a, geo_incident **out);
pc_rc geo_incident_events(geo_store *s, int64_t id, pc_arena *a, geo_incident_event **out, size_t *n_out);
/* Incidents with the given status (NULL: all), newest first, paged. */
pc_rc geo_incident_list(geo_store *s, const char *status, int limit, int offset, pc_arena *a, geo_incident **out,
                        size_t *n_out);
/* open -> closed; PC_ECONFLICT if it was not open, PC_ENOTFOUND if absent. */
pc_rc geo_incident_mark_closed(geo_store *s, int64_t id);

/* Moves a unit from status `from` to `to` atomically (only if it is in
 * `from`), and sets its incident: incident_id > 0 sets, 0 clears, < 0 keeps.
 * PC_ECONFLICT if the unit is not in `from`; PC_ENOTFOUND if absent. */
pc_rc geo_unit_transition(geo_store *s, int64_t unit_id, const char *from, const char *to, int64_t incident_id);
/* Units currently assigned to an incident. */
pc_rc geo_units_of_incident(geo_store *s, int64_t incident_id, pc_arena *a, geo_unit **out, size_t *n_out);

#endif
