/* geo_account.c — SQL for the account and session tables. */
#include "geo_account.h"

#include <string.h>

#include "geo_store_int.h" /* before geo_scope.h: unlocks GEO_SCOPE_CTE */
#include "geo_scope.h"

#define ACCOUNT_COLS                                                                                            \
    "id, username, pw_hash, role, coalesce(admin_unit_id,0), coalesce(display_name,''), disabled, token_epoch, " \
    "created_at, phone_enc IS NOT NULL"

/* Copies column i as text into buf; PC_EFORMAT when it does not fit. */
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

static pc_rc read_account(sqlite3_stmt *st, geo_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    pc_rc rc = col_text(st, 1, a->username, sizeof a->username);
    if (rc == PC_OK)
        rc = col_text(st, 2, a->pw_hash, sizeof a->pw_hash);
    if (rc == PC_OK)
        rc = col_text(st, 3, a->role, sizeof a->role);
    a->admin_unit_id = sqlite3_column_int64(st, 4);
    if (rc == PC_OK)
        rc = col_text(st, 5, a->display_name, sizeof a->display_name);
    a->disabled = sqlite3_column_int(st, 6);
    a->token_epoch = sqlite3_column_int64(st, 7);
    if (rc == PC_OK)
        rc = col_text(st, 8, a->created_at, sizeof a->created_at);
    a->has_phone = sqlite3_column_int(st, 9);
    return rc;
}

static int fits(const char *s, size_t max) { return s && strlen(s) <= max; }

static void bind_unit(sqlite3_stmt *st, int i, int64_t unit)
{
    if (unit > 0)
        sqlite3_bind_int64(st, i, unit);
    else
        sqlite3_bind_null(st, i);
}

pc_rc geo_account_insert(geo_store *s, const geo_account *a, const void *phone_enc, size_t phone_len,
                         int64_t *id_out)
{
    static const char sql[] = "INSERT INTO account(username, pw_hash, role, admin_unit_id, display_name, phone_enc,"
                              " disabled, token_epoch) VALUES(?,?,?,?,?,?,?,?)";
    *id_out = 0;
    if (!fits(a->username, GEO_USERNAME_MAX) || !fits(a->pw_hash, GEO_PWHASH_MAX) ||
        strlen(a->display_name) > GEO_DISPLAY_MAX)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, a->username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, a->pw_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, a->role, -1, SQLITE_TRANSIENT);
    bind_unit(st, 4, a->admin_unit_id);
    geo_bind_text_or_null(st, 5, a->display_name[0] ? a->display_name : NULL);
    if (phone_enc && phone_len)
        sqlite3_bind_blob(st, 6, phone_enc, (int)phone_len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_int(st, 7, a->disabled ? 1 : 0);
    sqlite3_bind_int64(st, 8, a->token_epoch);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return PC_EEXIST;
    if (rc != SQLITE_DONE)
        return rc == SQLITE_CONSTRAINT_FOREIGNKEY ? PC_ENOTFOUND : geo_rc(rc);
    *id_out = sqlite3_last_insert_rowid(s->db);
    return PC_OK;
}

static pc_rc get_one(sqlite3_stmt *st, geo_account *out)
{
    int rc = sqlite3_step(st);
    pc_rc r = PC_OK;
    if (rc == SQLITE_ROW)
        r = read_account(st, out);
    else
        r = rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
    sqlite3_reset(st);
    if (r != PC_OK)
        memset(out, 0, sizeof *out);
    return r;
}

pc_rc geo_account_get(geo_store *s, int64_t id, geo_account *out)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM account WHERE id=?";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    return get_one(st, out);
}

pc_rc geo_account_get_by_name(geo_store *s, const char *username, geo_account *out)
{
    static const char sql[] = "SELECT " ACCOUNT_COLS " FROM account WHERE username=?";
    memset(out, 0, sizeof *out);
    if (!fits(username, GEO_USERNAME_MAX))
        return PC_ENOTFOUND;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
    return get_one(st, out);
}

pc_rc geo_account_update(geo_store *s, const geo_account *a)
{
    static const char sql[] = "UPDATE account SET pw_hash=?, role=?, admin_unit_id=?, display_name=?, disabled=?,"
                              " token_epoch=? WHERE id=?";
    if (!fits(a->pw_hash, GEO_PWHASH_MAX) || strlen(a->display_name) > GEO_DISPLAY_MAX)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, a->pw_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, a->role, -1, SQLITE_TRANSIENT);
    bind_unit(st, 3, a->admin_unit_id);
    geo_bind_text_or_null(st, 4, a->display_name[0] ? a->display_name : NULL);
    sqlite3_bind_int(st, 5, a->disabled ? 1 : 0);
    sqlite3_bind_int64(st, 6, a->token_epoch);
    sqlite3_bind_int64(st, 7, a->id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_CONSTRAINT_FOREIGNKEY ? PC_ENOTFOUND : geo_rc(rc);
    return sqlite3_changes(s->db) == 1 ? PC_OK : PC_ENOTFOUND;
}

pc_rc geo_account_phone(geo_store *s, int64_t id, void *buf, size_t buf_len, size_t *len_out)
{
    static const char sql[] = "SELECT phone_enc FROM account WHERE id=? AND phone_enc IS NOT NULL";
    *len_out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    pc_rc r = PC_OK;
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (n > buf_len) {
            r = PC_ELIMIT;
        } else {
            if (n)
                memcpy(buf, sqlite3_column_blob(st, 0), n);
            *len_out = n;
        }
    } else {
        r = rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
    }
    sqlite3_reset(st);
    return r;
}

pc_rc geo_account_set_phone(geo_store *s, int64_t id, const void *phone_enc, size_t phone_len)
{
    static const char sql[] = "UPDATE account SET phone_enc=? WHERE id=?";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    if (phone_enc && phone_len)
        sqlite3_bind_blob(st, 1, phone_enc, (int)phone_len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return geo_rc(rc);
    return sqlite3_changes(s->db) == 1 ? PC_OK : PC_ENOTFOUND;
}

pc_rc geo_account_list(geo_store *s, int64_t scope_root, int64_t offset, size_t cap, geo_account *out, size_t *n_out,
                       int64_t *total)
{
    static const char sql_n[] = GEO_SCOPE_CTE "SELECT count(*) FROM account WHERE " GEO_SCOPE_WHERE("admin_unit_id");
    static const char sql[] = GEO_SCOPE_CTE "SELECT " ACCOUNT_COLS " FROM account WHERE " GEO_SCOPE_WHERE(
        "admin_unit_id") " ORDER BY id LIMIT ?2 OFFSET ?3";
    *n_out = 0;
    *total = 0;
    sqlite3_stmt *st = geo_stmt(s, sql_n);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, scope_root);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return geo_rc(rc);
    if (!(st = geo_stmt(s, sql)))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, scope_root);
    sqlite3_bind_int64(st, 2, (int64_t)cap);
    sqlite3_bind_int64(st, 3, offset < 0 ? 0 : offset);
    pc_rc r = PC_OK;
    while (r == PC_OK && *n_out < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
        r = read_account(st, &out[(*n_out)++]);
    sqlite3_reset(st);
    if (r == PC_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = geo_rc(rc);
    if (r != PC_OK)
        *n_out = 0;
    return r;
}

pc_rc geo_session_insert(geo_store *s, const geo_session *ses)
{
    static const char sql[] = "INSERT INTO session(token_hash, account_id, token_epoch, created_at, last_seen,"
                              " expires_at, ip) VALUES(?,?,?,?,?,?,?)";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_blob(st, 1, ses->token_hash, GEO_SESSION_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, ses->account_id);
    sqlite3_bind_int64(st, 3, ses->token_epoch);
    sqlite3_bind_int64(st, 4, ses->created_at);
    sqlite3_bind_int64(st, 5, ses->last_seen);
    sqlite3_bind_int64(st, 6, ses->expires_at);
    geo_bind_text_or_null(st, 7, ses->ip[0] ? ses->ip : NULL);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

pc_rc geo_session_get(geo_store *s, const uint8_t hash[GEO_SESSION_HASH_LEN], geo_session *out)
{
    static const char sql[] = "SELECT account_id, token_epoch, created_at, last_seen, expires_at, coalesce(ip,'')"
                              " FROM session WHERE token_hash=?";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_blob(st, 1, hash, GEO_SESSION_HASH_LEN, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    pc_rc r = PC_OK;
    if (rc == SQLITE_ROW) {
        memcpy(out->token_hash, hash, GEO_SESSION_HASH_LEN);
        out->account_id = sqlite3_column_int64(st, 0);
        out->token_epoch = sqlite3_column_int64(st, 1);
        out->created_at = sqlite3_column_int64(st, 2);
        out->last_seen = sqlite3_column_int64(st, 3);
        out->expires_at = sqlite3_column_int64(st, 4);
        if (col_text(st, 5, out->ip, sizeof out->ip) != PC_OK)
            out->ip[0] = '\0';
    } else {
        r = rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
    }
    sqlite3_reset(st);
    return r;
}

/* Runs a one-row write statement with a hash bound first and an int64 second. */
static pc_rc exec_hash(geo_store *s, const char *sql, const uint8_t *hash, int64_t v, int has_v)
{
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_blob(st, 1, hash, GEO_SESSION_HASH_LEN, SQLITE_TRANSIENT);
    if (has_v)
        sqlite3_bind_int64(st, 2, v);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

pc_rc geo_session_touch(geo_store *s, const uint8_t hash[GEO_SESSION_HASH_LEN], int64_t last_seen)
{
    static const char sql[] = "UPDATE session SET last_seen=?2 WHERE token_hash=?1";
    return exec_hash(s, sql, hash, last_seen, 1);
}

pc_rc geo_session_delete(geo_store *s, const uint8_t hash[GEO_SESSION_HASH_LEN])
{
    static const char sql[] = "DELETE FROM session WHERE token_hash=?1";
    return exec_hash(s, sql, hash, 0, 0);
}

pc_rc geo_session_delete_account(geo_store *s, int64_t account_id)
{
    static const char sql[] = "DELETE FROM session WHERE account_id=?";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, account_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

pc_rc geo_session_purge(geo_store *s, int64_t now, int64_t idle_s, int64_t *n_deleted)
{
    static const char sql[] = "DELETE FROM session WHERE expires_at <= ?1 OR last_seen + ?2 <= ?1";
    if (n_deleted)
        *n_deleted = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, idle_s);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return geo_rc(rc);
    if (n_deleted)
        *n_deleted = sqlite3_changes(s->db);
    return PC_OK;
}
