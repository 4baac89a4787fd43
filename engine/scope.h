/* scope.h — area scope and ownership: may this principal see this object?
 *
 * Staff roles see what lies in their admin unit and every unit below it
 * (scope 0: the whole city). Citizens see no area: only what they own (a
 * house with a confirmed claim) and their own reports. An object outside
 * the caller's reach answers PC_ENOTFOUND, exactly as if it did not exist,
 * so ids from another area cannot be probed. Lists are filtered in SQL by
 * handing eng_scope_root() to the geo list functions. */
#ifndef ENG_SCOPE_H
#define ENG_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "geo_scope.h"
#include "geo_store.h"

/* Scope root for SQL filters: 0 whole city, a unit id, or -1 (matches no
 * area: citizens). */
int64_t eng_scope_root(const eng_principal *who);

/* PC_OK when unit_id (0: no unit) is inside who's scope, else PC_ENOTFOUND. */
pc_rc eng_scope_check_unit(geo_store *s, const eng_principal *who, int64_t unit_id);

/* PC_OK when who may see building_id: staff by the building's unit,
 * citizens by a confirmed claim. PC_ENOTFOUND otherwise or when absent. */
pc_rc eng_scope_check_building(geo_store *s, const eng_principal *who, int64_t building_id);

/* One admin unit inside who's scope (PC_ENOTFOUND otherwise). */
pc_rc eng_admin_unit_get(geo_store *s, const eng_principal *who, int64_t id, geo_admin_unit *out);

/* The admin units inside who's scope, ordered by id (see geo_admin_unit_list). */
pc_rc eng_admin_unit_list(geo_store *s, const eng_principal *who, int64_t offset, size_t cap, geo_admin_unit *out,
                          size_t *n_out, int64_t *total);

#endif
