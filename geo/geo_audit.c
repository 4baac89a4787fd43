/* geo_audit.c — SQL for the append-only audit_log table. */
#include "geo_audit.h"

#include <string.h>

#include "geo_store_int.h"

pc_rc geo_audit_last(geo_store *s, int64_t *id, uint8_t hash[GEO_AUDIT_HASH_LEN])
{
    static const char sql[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
    *id = 0;
    memset(hash, 0, GEO_AUDIT_HASH_LEN);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    int rc = sqlite3_step(st);
    pc_rc r = PC_OK;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (sqlite3_column_bytes(st, 1) == GEO_AUDIT_HASH_LEN)
            memcpy(hash, sqlite3_column_blob(st, 1), GEO_AUDIT_HASH_LEN);
        else
            r = PC_EFORMAT;
    } else if (rc != SQLITE_DONE) {
        r = geo_rc(rc);
    }
    sqlite3_reset(st);
    return r;
}

pc_rc geo_audit_insert(geo_store *s, const geo_audit_row *row)
{
    static const char sql[] = "INSERT INTO audit_log(id, at, actor_id, actor, ip, action, object, detail,"
                              " prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, row->id);
    sqlite3_bind_text(st, 2, row->at, -1, SQLITE_TRANSIENT);
    if (row->actor_id > 0)
        sqlite3_bind_int64(st, 3, row->actor_id);
    else
        sqlite3_bind_null(st, 3);
    geo_bind_text_or_null(st, 4, row->actor[0] ? row->actor : NULL);
    geo_bind_text_or_null(st, 5, row->ip[0] ? row->ip : NULL);
    sqlite3_bind_text(st, 6, row->action, -1, SQLITE_TRANSIENT);
    geo_bind_text_or_null(st, 7, row->object[0] ? row->object : NULL);
    geo_bind_text_or_null(st, 8, row->detail[0] ? row->detail : NULL);
    sqlite3_bind_blob(st, 9, row->prev_hash, GEO_AUDIT_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 10, row->hash, GEO_AUDIT_HASH_LEN, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return PC_EEXIST;
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

static pc_rc col_text(sqlite3_stmt *st, int i, char *buf, size_t len)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
    if (n >= len)
        return PC_EFORMAT;
    if (n)
        memcpy(buf, t, n);
    buf[n] = '\0';
    return PC_OK;
}

static pc_rc col_hash(sqlite3_stmt *st, int i, uint8_t *out)
{
    if (sqlite3_column_bytes(st, i) != GEO_AUDIT_HASH_LEN) {
        memset(out, 0, GEO_AUDIT_HASH_LEN);
        return PC_OK; /* a wrong-sized hash simply fails verification */
    }
    memcpy(out, sqlite3_column_blob(st, i), GEO_AUDIT_HASH_LEN);
    return PC_OK;
}

#define AUDIT_COLS "id, at, coalesce(actor_id,0), actor, ip, action, object, detail, prev_hash, hash"

static pc_rc read_row(sqlite3_stmt *st, geo_audit_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->actor_id = sqlite3_column_int64(st, 2);
    pc_rc rc = col_text(st, 1, r->at, sizeof r->at);
    if (rc == PC_OK)
        rc = col_text(st, 3, r->actor, sizeof r->actor);
    if (rc == PC_OK)
        rc = col_text(st, 4, r->ip, sizeof r->ip);
    if (rc == PC_OK)
        rc = col_text(st, 5, r->action, sizeof r->action);
    if (rc == PC_OK)
        rc = col_text(st, 6, r->object, sizeof r->object);
    if (rc == PC_OK)
        rc = col_text(st, 7, r->detail, sizeof r->detail);
    if (rc == PC_OK)
        rc = col_hash(st, 8, r->prev_hash);
    if (rc == PC_OK)
        rc = col_hash(st, 9, r->hash);
    return rc;
}

pc_rc geo_audit_scan(geo_store *s, int64_t after_id, geo_audit_fn fn, void *ctx)
{
    /* not cached: a scan may run while the caller appends with the cached statements */
    static const char sql[] = "SELECT " AUDIT_COLS " FROM audit_log WHERE id > ? ORDER BY id";
    sqlite3_stmt *st = NULL;
    pc_rc r = PC_OK;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        r = geo_rc(rc);
        goto cleanup;
    }
    sqlite3_bind_int64(st, 1, after_id);
    geo_audit_row row;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((r = read_row(st, &row)) != PC_OK)
            goto cleanup;
        if (fn(ctx, &row))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = geo_rc(rc);
cleanup:
    sqlite3_finalize(st);
    return r;
}

pc_rc geo_audit_list(geo_store *s, int64_t offset, size_t cap, geo_audit_row *out, size_t *n_out, int64_t *total)
{
    static const char sql_n[] = "SELECT count(*) FROM audit_log";
    static const char sql[] = "SELECT " AUDIT_COLS " FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?";
    *n_out = 0;
    *total = 0;
    sqlite3_stmt *st = geo_stmt(s, sql_n);
    if (!st)
        return PC_EIO;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return geo_rc(rc);
    if (!(st = geo_stmt(s, sql)))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, (int64_t)cap);
    sqlite3_bind_int64(st, 2, offset < 0 ? 0 : offset);
    pc_rc r = PC_OK;
    while (r == PC_OK && *n_out < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
        r = read_row(st, &out[(*n_out)++]);
    sqlite3_reset(st);
    if (r == PC_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = geo_rc(rc);
    if (r != PC_OK)
        *n_out = 0;
    return r;
}
