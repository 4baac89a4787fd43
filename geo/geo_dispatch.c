/* geo_dispatch.c — scoped, paged incident ids for the dispatch API. */
#include "geo_dispatch.h"

#include "geo_store_int.h"
#include "geo_scope.h"

pc_rc geo_incident_page_ids(geo_store *s, const char *status, int64_t root, int64_t offset, size_t cap,
                            int64_t *ids, size_t *n_out, int64_t *total)
{
    static const char sql_n[] = GEO_SCOPE_CTE "SELECT count(*) FROM incident WHERE (?2 IS NULL OR status=?2) AND "
        GEO_SCOPE_WHERE("admin_unit_id");
    static const char sql[] = GEO_SCOPE_CTE "SELECT id FROM incident WHERE (?2 IS NULL OR status=?2) AND "
        GEO_SCOPE_WHERE("admin_unit_id") " ORDER BY id DESC LIMIT ?3 OFFSET ?4";
    *n_out = 0;
    *total = 0;
    sqlite3_stmt *st = geo_stmt(s, sql_n);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    geo_bind_text_or_null(st, 2, status);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return geo_rc(rc);
    if (!(st = geo_stmt(s, sql)))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    geo_bind_text_or_null(st, 2, status);
    sqlite3_bind_int64(st, 3, (int64_t)cap);
    sqlite3_bind_int64(st, 4, offset < 0 ? 0 : offset);
    while (*n_out < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ids[(*n_out)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        *n_out = 0;
        return geo_rc(rc);
    }
    return PC_OK;
}
