/* incident.h — incidents and unit availability: the dispatch rules.
 *
 * A unit's status moves available -> dispatched -> en_route -> on_scene ->
 * returning -> available; a dispatched or en-route unit may be recalled
 * (-> returning); an available unit may go out_of_service and come back.
 * Each step is time-stamped on the unit and written to the incident's
 * timeline. A unit that is not available is never dispatched: the status
 * change is one conditional UPDATE inside one transaction, so two
 * dispatchers racing for the same unit cannot both get it.
 *
 * The operations themselves, with the caller's scope and an audit row in
 * the same transaction, are in engine/dispatch.h; this header holds the
 * rules they share. */
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

/* 1 if s is a unit status (available, dispatched, en_route, on_scene,
 * returning, out_of_service). */
int eng_unit_status_known(const char *s);
/* 1 if a unit may go from status `from` to `to`. */
int eng_unit_transition_allowed(const char *from, const char *to);

#endif
