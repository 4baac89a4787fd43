/* geo_scope.h — area scopes: an administrative unit and every unit below it.
 *
 * The hierarchy is data (admin_unit.parent_id), never hard-coded levels. A
 * scope root of 0 means the whole city (every row, including rows with no
 * unit). Scoped lists are filtered in SQL, so an out-of-scope row never
 * reaches the caller.
 *
 * Inside geo/ (where geo_store_int.h is included) GEO_SCOPE_CTE and
 * GEO_SCOPE_WHERE let any table family filter by scope with the root bound
 * as parameter ?1:
 *     GEO_SCOPE_CTE "SELECT ... FROM building b WHERE " GEO_SCOPE_WHERE("b.admin_unit_id")
 * UNION (not UNION ALL) makes the walk terminate even on a cyclic parent chain. */
#ifndef GEO_SCOPE_H
#define GEO_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"

#ifdef GEO_STORE_INT_H
#define GEO_SCOPE_CTE                                                                                          \
    "WITH RECURSIVE scope_units(id) AS (SELECT id FROM admin_unit WHERE id = ?1"                              \
    " UNION SELECT a.id FROM admin_unit a JOIN scope_units su ON a.parent_id = su.id) "
#define GEO_SCOPE_WHERE(col) "(?1 = 0 OR " col " IN (SELECT id FROM scope_units))"
#endif

typedef struct geo_admin_unit {
    int64_t id;
    char code[48];
    char name[128];
    int level;
    int64_t parent_id; /* 0: top */
    int64_t population; /* -1: unknown */
} geo_admin_unit;

/* *yes = 1 when unit_id lies in the scope rooted at root (root 0: always,
 * even for unit 0; otherwise unit 0 is never inside). */
pc_rc geo_scope_contains(geo_store *s, int64_t root, int64_t unit_id, int *yes);

/* One admin unit. PC_ENOTFOUND when absent. */
pc_rc geo_admin_unit_get(geo_store *s, int64_t id, geo_admin_unit *out);

/* One admin unit by its code (exact). PC_ENOTFOUND when absent. */
pc_rc geo_admin_unit_by_code(geo_store *s, const char *code, geo_admin_unit *out);

/* Units inside the scope rooted at root, ordered by id; like geo_account_list. */
pc_rc geo_admin_unit_list(geo_store *s, int64_t root, int64_t offset, size_t cap, geo_admin_unit *out, size_t *n_out,
                          int64_t *total);

/* The admin unit of a building (0 when it has none). PC_ENOTFOUND when the
 * building does not exist. */
pc_rc geo_building_unit(geo_store *s, int64_t building_id, int64_t *unit_id);

/* *yes = 1 when account_id holds a confirmed claim on building_id. */
pc_rc geo_building_claimed_by(geo_store *s, int64_t building_id, int64_t account_id, int *yes);

#endif
