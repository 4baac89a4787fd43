/* incident.h — incidents and unit availability: the dispatch rules.
 *
 * A unit's status moves available -> dispatched -> en_route -> on_scene ->
 * returning -> available; a dispatched or en-route unit may be recalled
 * (-> returning); an available unit may go out_of_service and come back.
 * Each step is time-stamped on the unit and written to the incident's
 * timeline. A unit that is not available is never dispatched: the status
 * change is one conditional UPDATE inside one transaction, so two
 * dispatchers racing for the same unit cannot both get it. */
#ifndef INCIDENT_H
#define INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"

typedef struct eng_incident_new {
    const char *kind;      /* fire, explosion, rescue, other (NULL: fire) */
    int64_t building_id;   /* 0: none known */
    geo_lonlat pos;
    const char *address;
    const char *note;
    int64_t admin_unit_id; /* 0: unknown */
} eng_incident_new;

/* 1 if a unit may go from status `from` to `to`. */
int eng_unit_transition_allowed(const char *from, const char *to);

/* Opens an incident; *id_out is its id. PC_EINVAL for a bad kind or position. */
pc_rc eng_incident_open(geo_store *s, const eng_incident_new *in, int64_t actor_id, int64_t *id_out);

/* Dispatches units to an open incident, all or none: PC_ECONFLICT if the
 * incident is closed or any unit is not available; PC_ENOTFOUND if the
 * incident or a unit does not exist. */
pc_rc eng_incident_dispatch(geo_store *s, int64_t incident_id, const int64_t *unit_ids, size_t n_units,
                            int64_t actor_id);

/* Moves a unit to status `to` (see above). PC_EINVAL: unknown status;
 * PC_ECONFLICT: not allowed from its current status. */
pc_rc eng_unit_set_status(geo_store *s, int64_t unit_id, const char *to, int64_t actor_id);

/* Closes an open incident; units still out on it are set returning. */
pc_rc eng_incident_close(geo_store *s, int64_t incident_id, int64_t actor_id);

#endif
