/* dispatch.h — incidents and units as the dispatch API changes them: with
 * the caller's identity, area scope and an audit row for every change.
 *
 * engine/incident.h holds the dispatch rules (status cycle, all-or-nothing
 * dispatch) for the CLI's local operator; these functions apply the same
 * rules for a signed-in principal and write the change and its audit row
 * (engine/audit.h) in one transaction, so a change is never committed
 * without its row. An incident takes the admin unit of its building; a
 * caller sees and changes only incidents inside their scope (others answer
 * PC_ENOTFOUND, as if absent). Units are city resources: any dispatcher
 * may move any unit. On failure nothing is changed and err (when given)
 * gets one plain sentence saying why. */
#ifndef ENG_DISPATCH_H
#define ENG_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "geo_incident.h"
#include "geo_store.h"
#include "incident.h"
#include "pc_arena.h"

/* Opens an incident (in->admin_unit_id is ignored: it comes from the
 * building). PC_EINVAL: bad kind, position or text lengths; PC_ENOTFOUND:
 * the building is absent or outside who's scope; PC_EFORBIDDEN: a caller
 * with an area scope opening an incident without a building (its area is
 * unknown). Audited as incident.open. */
pc_rc eng_dispatch_open(geo_store *s, const eng_principal *who, const eng_incident_new *in, int64_t *id_out,
                        char *err, size_t err_len);

/* One incident inside who's scope (PC_ENOTFOUND otherwise); in a. */
pc_rc eng_dispatch_get(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, geo_incident **out);

/* Incidents inside who's scope with status (NULL: any), newest first:
 * at most cap from offset, in a; *total counts them all. */
pc_rc eng_dispatch_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t cap,
                        pc_arena *a, geo_incident **out, size_t *n_out, int64_t *total);

/* Dispatches units (1 to 50 distinct ids) to an open incident, all or
 * none. PC_ENOTFOUND: the incident (or out of scope) or a unit is absent;
 * PC_ECONFLICT: the incident is closed or a unit is not available;
 * PC_EINVAL: no units, too many or a repeated id. Audited as
 * incident.dispatch. */
pc_rc eng_dispatch_units(geo_store *s, const eng_principal *who, int64_t incident_id, const int64_t *unit_ids,
                         size_t n_units, char *err, size_t err_len);

/* Closes an open incident; its units still out are set returning.
 * PC_ECONFLICT when already closed. Audited as incident.close. */
pc_rc eng_dispatch_close(geo_store *s, const eng_principal *who, int64_t incident_id, char *err, size_t err_len);

/* Moves a unit to status `to` (eng_unit_transition_allowed). PC_EINVAL:
 * unknown status; PC_ECONFLICT: not allowed from its current status;
 * PC_ENOTFOUND: no such unit. Audited as unit.status. */
pc_rc eng_dispatch_unit_status(geo_store *s, const eng_principal *who, int64_t unit_id, const char *to, char *err,
                               size_t err_len);

#endif
