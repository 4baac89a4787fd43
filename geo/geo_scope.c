/* geo_scope.c — SQL for area scopes (admin-unit subtrees) and house ownership. */
/* geo_store_int.h first: it unlocks GEO_SCOPE_CTE in geo_scope.h */
#include "geo_store_int.h"
#include "geo_scope.h"

#include <stdio.h>
#include <string.h>

pc_rc geo_scope_contains(geo_store *s, int64_t root, int64_t unit_id, int *yes)
{
    static const char sql[] = GEO_SCOPE_CTE "SELECT 1 FROM scope_units WHERE id=?2";
    *yes = 0;
    if (root == 0) {
        *yes = 1;
        return PC_OK;
    }
    if (unit_id <= 0)
        return PC_OK;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    sqlite3_bind_int64(st, 2, unit_id);
    int rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? PC_OK : geo_rc(rc);
}

static void read_unit(sqlite3_stmt *st, geo_admin_unit *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    const char *code = (const char *)sqlite3_column_text(st, 1);
    const char *name = (const char *)sqlite3_column_text(st, 2);
    /* truncation of an over-long name is harmless for display; codes are short */
    snprintf(u->code, sizeof u->code, "%s", code ? code : "");
    snprintf(u->name, sizeof u->name, "%s", name ? name : "");
    u->level = sqlite3_column_int(st, 3);
    u->parent_id = sqlite3_column_int64(st, 4);
    u->population = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
}

#define UNIT_COLS "id, code, name, level, coalesce(parent_id,0), population"

pc_rc geo_admin_unit_get(geo_store *s, int64_t id, geo_admin_unit *out)
{
    static const char sql[] = "SELECT " UNIT_COLS " FROM admin_unit WHERE id=?";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_unit(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_admin_unit_by_code(geo_store *s, const char *code, geo_admin_unit *out)
{
    static const char sql[] = "SELECT " UNIT_COLS " FROM admin_unit WHERE code=?";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_unit(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_admin_unit_list(geo_store *s, int64_t root, int64_t offset, size_t cap, geo_admin_unit *out, size_t *n_out,
                          int64_t *total)
{
    static const char sql_n[] = GEO_SCOPE_CTE "SELECT count(*) FROM admin_unit WHERE " GEO_SCOPE_WHERE("id");
    static const char sql[] = GEO_SCOPE_CTE "SELECT " UNIT_COLS " FROM admin_unit WHERE " GEO_SCOPE_WHERE(
        "id") " ORDER BY id LIMIT ?2 OFFSET ?3";
    *n_out = 0;
    *total = 0;
    sqlite3_stmt *st = geo_stmt(s, sql_n);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return geo_rc(rc);
    if (!(st = geo_stmt(s, sql)))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    sqlite3_bind_int64(st, 2, (int64_t)cap);
    sqlite3_bind_int64(st, 3, offset < 0 ? 0 : offset);
    while (*n_out < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_unit(st, &out[(*n_out)++]);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        *n_out = 0;
        return geo_rc(rc);
    }
    return PC_OK;
}

pc_rc geo_building_unit(geo_store *s, int64_t building_id, int64_t *unit_id)
{
    static const char sql[] = "SELECT coalesce(admin_unit_id,0) FROM building WHERE id=?";
    *unit_id = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *unit_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_building_claimed_by(geo_store *s, int64_t building_id, int64_t account_id, int *yes)
{
    static const char sql[] =
        "SELECT 1 FROM house_claim WHERE building_id=? AND account_id=? AND status='confirmed'";
    *yes = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    sqlite3_bind_int64(st, 2, account_id);
    int rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? PC_OK : geo_rc(rc);
}
