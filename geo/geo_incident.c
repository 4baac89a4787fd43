/* geo_incident.c — incident rows, timeline events and unit status updates. */
#include "geo_incident.h"

#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"
#include "geo_store_int.h"

pc_rc geo_incident_insert(geo_store *s, const char *kind, int64_t building_id, const char *address, const char *note,
                          geo_lonlat pos, int64_t admin_unit_id, int64_t actor_id, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO incident(code,kind,building_id,address,note,geom,admin_unit_id,created_by)"
        " VALUES(printf('INC-%s-%06d',strftime('%Y%m%d','now'),(SELECT coalesce(max(id),0)+1 FROM incident)),"
        "?,?,?,?,?,?,?)";
    *id_out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    geo_blob b = {0};
    pc_rc rc = geo_blob_point(pos, &b);
    if (rc != PC_OK)
        return rc;
    geo_bind_text_or_null(st, 1, kind ? kind : "fire");
    geo_bind_id(st, 2, building_id);
    geo_bind_text_or_null(st, 3, address);
    geo_bind_text_or_null(st, 4, note);
    sqlite3_bind_blob(st, 5, b.data, b.size, free);
    geo_bind_id(st, 6, admin_unit_id);
    geo_bind_id(st, 7, actor_id);
    int src = sqlite3_step(st);
    sqlite3_reset(st);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    *id_out = sqlite3_last_insert_rowid(s->db);
    return PC_OK;
}

pc_rc geo_incident_event_insert(geo_store *s, int64_t incident_id, const char *kind, int64_t unit_id,
                                const char *status, const char *detail, int64_t actor_id)
{
    static const char sql[] = "INSERT INTO incident_event(incident_id,kind,unit_id,status,detail,actor_id)"
                              " VALUES(?,?,?,?,?,?)";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, incident_id);
    geo_bind_text_or_null(st, 2, kind);
    geo_bind_id(st, 3, unit_id);
    geo_bind_text_or_null(st, 4, status);
    geo_bind_text_or_null(st, 5, detail);
    geo_bind_id(st, 6, actor_id);
    int src = sqlite3_step(st);
    sqlite3_reset(st);
    return src == SQLITE_DONE ? PC_OK : geo_rc(src);
}

#define INCIDENT_COLS                                                                                                  \
    "SELECT id,coalesce(building_id,0),coalesce(admin_unit_id,0),coalesce(created_by,0),code,kind,status,address,"    \
    "note,created_at,closed_at,ST_X(geom),ST_Y(geom) FROM incident "

static void fill_incident(sqlite3_stmt *st, pc_arena *a, geo_incident *x)
{
    x->id = sqlite3_column_int64(st, 0), x->building_id = sqlite3_column_int64(st, 1);
    x->admin_unit_id = sqlite3_column_int64(st, 2), x->created_by = sqlite3_column_int64(st, 3);
    x->code = geo_col_str(a, st, 4), x->kind = geo_col_str(a, st, 5), x->status = geo_col_str(a, st, 6);
    x->address = geo_col_str(a, st, 7), x->note = geo_col_str(a, st, 8);
    x->created_at = geo_col_str(a, st, 9), x->closed_at = geo_col_str(a, st, 10);
    x->pos = (geo_lonlat){sqlite3_column_double(st, 11), sqlite3_column_double(st, 12)};
}

pc_rc geo_incident_get(geo_store *s, int64_t id, pc_arena *a, geo_incident **out)
{
    static const char sql[] = INCIDENT_COLS "WHERE id=?";
    *out = NULL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        *out = pc_arena_calloc(a, 1, sizeof **out);
        if (*out)
            fill_incident(st, a, *out);
    }
    sqlite3_reset(st);
    if (src == SQLITE_ROW)
        return *out ? PC_OK : PC_ENOMEM;
    return src == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(src);
}

pc_rc geo_incident_list(geo_store *s, const char *status, int limit, int offset, pc_arena *a, geo_incident **out,
                        size_t *n_out)
{
    static const char sql[] = INCIDENT_COLS "WHERE (?1 IS NULL OR status=?1) ORDER BY id DESC LIMIT ?2 OFFSET ?3";
    *out = NULL;
    *n_out = 0;
    if (limit <= 0 || limit > 1000 || offset < 0)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    geo_bind_text_or_null(st, 1, status);
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int(st, 3, offset);
    geo_incident *v = pc_arena_calloc(a, (size_t)limit, sizeof *v);
    size_t n = 0;
    int src = SQLITE_DONE;
    while (v && (src = sqlite3_step(st)) == SQLITE_ROW)
        fill_incident(st, a, &v[n++]);
    sqlite3_reset(st);
    if (!v)
        return PC_ENOMEM;
    if (src != SQLITE_DONE)
        return geo_rc(src);
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_incident_events(geo_store *s, int64_t id, pc_arena *a, geo_incident_event **out, size_t *n_out)
{
    static const char sql[] = "SELECT id,coalesce(unit_id,0),coalesce(actor_id,0),at,kind,status,detail"
                              " FROM incident_event WHERE incident_id=? ORDER BY id LIMIT 1000";
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0, cap = 0;
    geo_incident_event *v = NULL;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            geo_incident_event *nv = pc_arena_alloc(a, ncap * sizeof *nv);
            if (!nv) {
                sqlite3_reset(st);
                return PC_ENOMEM;
            }
            if (n)
                memcpy(nv, v, n * sizeof *v);
            v = nv, cap = ncap;
        }
        geo_incident_event *e = &v[n++];
        e->id = sqlite3_column_int64(st, 0), e->unit_id = sqlite3_column_int64(st, 1);
        e->actor_id = sqlite3_column_int64(st, 2);
        e->at = geo_col_str(a, st, 3), e->kind = geo_col_str(a, st, 4), e->status = geo_col_str(a, st, 5);
        e->detail = geo_col_str(a, st, 6);
    }
    sqlite3_reset(st);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    *out = v;
    *n_out = n;
    return PC_OK;
}

/* Distinguishes "no such row" from "row in another state" after an UPDATE
 * that changed nothing. */
static pc_rc exists_or_conflict(geo_store *s, const char *sql, int64_t id)
{
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int src = sqlite3_step(st);
    sqlite3_reset(st);
    return src == SQLITE_ROW ? PC_ECONFLICT : src == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(src);
}

pc_rc geo_incident_mark_closed(geo_store *s, int64_t id)
{
    static const char sql[] = "UPDATE incident SET status='closed',closed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                              " WHERE id=? AND status='open'";
    static const char probe[] = "SELECT 1 FROM incident WHERE id=?";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int src = sqlite3_step(st);
    sqlite3_reset(st);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    return sqlite3_changes(s->db) == 1 ? PC_OK : exists_or_conflict(s, probe, id);
}

pc_rc geo_unit_transition(geo_store *s, int64_t unit_id, const char *from, const char *to, int64_t incident_id)
{
    static const char sql[] =
        "UPDATE unit SET status=?3,status_at=strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
        "incident_id=CASE WHEN ?4<0 THEN incident_id WHEN ?4=0 THEN NULL ELSE ?4 END WHERE id=?1 AND status=?2";
    static const char probe[] = "SELECT 1 FROM unit WHERE id=?";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, incident_id);
    int src = sqlite3_step(st);
    sqlite3_reset(st);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    return sqlite3_changes(s->db) == 1 ? PC_OK : exists_or_conflict(s, probe, unit_id);
}

pc_rc geo_units_of_incident(geo_store *s, int64_t incident_id, pc_arena *a, geo_unit **out, size_t *n_out)
{
    static const char sql[] = "SELECT id FROM unit WHERE incident_id=? ORDER BY id LIMIT 200";
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, incident_id);
    int64_t ids[200];
    size_t n = 0;
    int src = SQLITE_DONE;
    while (n < 200 && (src = sqlite3_step(st)) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (src != SQLITE_DONE && src != SQLITE_ROW)
        return geo_rc(src);
    geo_unit *v = pc_arena_calloc(a, n ? n : 1, sizeof *v);
    if (!v)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        geo_unit *u = NULL;
        pc_rc rc = geo_unit_get(s, ids[i], a, &u);
        if (rc != PC_OK)
            return rc;
        v[i] = *u;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}
