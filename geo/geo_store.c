/* geo_store.c — opening the SpatiaLite file, migrations, transactions,
 * bulk loading and the statement cache. */
#include "geo_store_int.h"

#include <spatialite.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_schema_int.h"
#include "pc_log.h"

int geo_store_schema_latest(void) { return geo_migrations[geo_n_migrations - 1].version; }

pc_rc geo_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return PC_OK;
    case SQLITE_NOMEM:
        return PC_ENOMEM;
    case SQLITE_CONSTRAINT:
        return PC_ECONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return PC_EBUSY;
    case SQLITE_NOTFOUND:
        return PC_ENOTFOUND;
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
        return PC_EINVAL;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return PC_EFORMAT;
    default:
        return PC_EIO;
    }
}

int geo_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

void geo_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

void geo_bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
    if (v >= 0)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

void geo_bind_opt_real(sqlite3_stmt *st, int i, double v)
{
    if (v >= 0)
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

pc_rc geo_step_insert(geo_store *s, sqlite3_stmt *st, int64_t *id_out)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        sqlite3_reset(st);
        pc_log(PC_LOG_DEBUG, "write refused: %s", sqlite3_errmsg(s->db));
        return geo_rc(rc);
    }
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(s->db);
    sqlite3_reset(st);
    return PC_OK;
}

const char *geo_col_str(pc_arena *a, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? pc_arena_strdup(a, (const char *)t) : NULL;
}

sqlite3_stmt *geo_stmt(geo_store *s, const char *sql)
{
    size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull;
    for (size_t k = 0; k < GEO_STMT_CACHE; k++) {
        size_t i = (h + k) & (GEO_STMT_CACHE - 1);
        if (s->stmts[i].sql == sql) {
            sqlite3_stmt *st = s->stmts[i].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        if (s->stmts[i].sql)
            continue;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
            pc_log(PC_LOG_ERROR, "prepare failed: %s", sqlite3_errmsg(s->db));
            return NULL;
        }
        s->stmts[i].sql = sql;
        s->stmts[i].stmt = st;
        s->n_stmts++;
        return st;
    }
    pc_log(PC_LOG_ERROR, "statement cache full (%d): raise GEO_STMT_CACHE", GEO_STMT_CACHE);
    return NULL;
}

static void set_err(char *err, size_t err_len, const char *fmt, const char *a, const char *b)
{
    if (err && err_len)
        snprintf(err, err_len, fmt, a, b);
}

/* Runs constant SQL (DDL, pragmas); never used with outside input. */
static pc_rc exec_sql(geo_store *s, const char *sql, char *err, size_t err_len)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        set_err(err, err_len, "%s%s", "database: ", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return geo_rc(rc);
    }
    return PC_OK;
}

static pc_rc query_int(geo_store *s, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    *out = 0;
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? PC_OK : geo_rc(rc);
}

static pc_rc table_exists(geo_store *s, const char *name, int *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        *out = rc == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? PC_OK : geo_rc(rc);
}

int geo_store_schema_version(geo_store *s)
{
    int v = 0, exists = 0;
    if (table_exists(s, "schema_version", &exists) != PC_OK || !exists)
        return 0;
    if (query_int(s, "SELECT coalesce(max(version),0) FROM schema_version", &v) != PC_OK)
        return -1;
    return v;
}

/* Creates the spatial index and append-only triggers a migration needs. */
static pc_rc create_indexes_and_triggers(geo_store *s, char *err, size_t err_len)
{
    char sql[512];
    /* only columns without an index yet: earlier migrations made the others */
    for (size_t i = 0; i < geo_n_spatial_columns; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT CreateSpatialIndex(f_table_name,f_geometry_column) FROM geometry_columns"
                 " WHERE f_table_name=lower('%s') AND f_geometry_column=lower('%s') AND spatial_index_enabled=0",
                 geo_spatial_columns[i].table, geo_spatial_columns[i].column);
        pc_rc rc = exec_sql(s, sql, err, err_len);
        if (rc != PC_OK)
            return rc;
    }
    for (size_t i = 0; i < geo_n_append_only_tables; i++) {
        const char *t = geo_append_only_tables[i];
        snprintf(sql, sizeof sql,
                 "CREATE TRIGGER IF NOT EXISTS %s_no_update BEFORE UPDATE ON %s BEGIN "
                 "SELECT RAISE(ABORT,'%s is history: add a new row that supersedes it'); END;"
                 "CREATE TRIGGER IF NOT EXISTS %s_no_delete BEFORE DELETE ON %s BEGIN "
                 "SELECT RAISE(ABORT,'%s is history: rows are never deleted'); END;",
                 t, t, t, t, t, t);
        pc_rc rc = exec_sql(s, sql, err, err_len);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

static pc_rc apply_migration(geo_store *s, const geo_migration *m, int first, char *err, size_t err_len)
{
    pc_rc rc = exec_sql(s, "BEGIN IMMEDIATE", err, err_len);
    if (rc != PC_OK)
        return rc;
    if (first) {
        /* spatial metadata (spatial_ref_sys with every EPSG code, for QGIS) */
        rc = exec_sql(s,
                      "SELECT InitSpatialMetadata(0);"
                      "CREATE TABLE schema_version(version INTEGER PRIMARY KEY, what TEXT NOT NULL,"
                      " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));",
                      err, err_len);
    }
    if (rc == PC_OK)
        rc = exec_sql(s, m->sql, err, err_len);
    if (rc == PC_OK)
        rc = create_indexes_and_triggers(s, err, err_len);
    if (rc == PC_OK) {
        sqlite3_stmt *st = NULL;
        int src = sqlite3_prepare_v2(s->db, "INSERT INTO schema_version(version, what) VALUES(?,?)", -1, &st, NULL);
        if (src == SQLITE_OK) {
            sqlite3_bind_int(st, 1, m->version);
            sqlite3_bind_text(st, 2, m->what, -1, SQLITE_STATIC);
            src = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (src != SQLITE_DONE) {
            set_err(err, err_len, "%s%s", "database: ", sqlite3_errmsg(s->db));
            rc = geo_rc(src);
        }
    }
    if (rc == PC_OK)
        rc = exec_sql(s, "COMMIT", err, err_len);
    if (rc != PC_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    else
        pc_log(PC_LOG_INFO, "store: applied schema migration %d (%s)", m->version, m->what);
    return rc;
}

static pc_rc migrate(geo_store *s, int up_to, char *err, size_t err_len)
{
    int v = geo_store_schema_version(s);
    if (v < 0) {
        set_err(err, err_len, "%s%s", "cannot read schema version: ", sqlite3_errmsg(s->db));
        return PC_EIO;
    }
    if (v > geo_store_schema_latest()) {
        char msg[160];
        snprintf(msg, sizeof msg, "database schema version %d is newer than this pccc (%d): upgrade pccc", v,
                 geo_store_schema_latest());
        set_err(err, err_len, "%s%s", msg, "");
        return PC_EVERSION;
    }
    if (v == 0) {
        int has_tables = 0;
        if (query_int(s, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'", &has_tables) != PC_OK ||
            has_tables) {
            set_err(err, err_len, "%s%s", "not a pccc database (it has tables but no schema_version)", "");
            return PC_EFORMAT;
        }
    }
    if (s->readonly && v < geo_store_schema_latest()) {
        set_err(err, err_len, "%s%s", "database needs a schema upgrade: open it once read-write", "");
        return PC_EVERSION;
    }
    for (size_t i = 0; i < geo_n_migrations; i++) {
        if (geo_migrations[i].version <= v || geo_migrations[i].version > up_to)
            continue;
        pc_rc rc = apply_migration(s, &geo_migrations[i], v == 0 && i == 0, err, err_len);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

pc_rc geo_store_open(const char *path, unsigned flags, geo_store **out, char *err, size_t err_len)
{
    return geo_store_open_version(path, flags, geo_store_schema_latest(), out, err, err_len);
}

pc_rc geo_store_open_version(const char *path, unsigned flags, int up_to, geo_store **out, char *err,
                             size_t err_len)
{
    pc_rc rc = PC_OK;
    geo_store *s = NULL;
    *out = NULL;
    if (err && err_len)
        err[0] = '\0';
    if (!path || !*path) {
        set_err(err, err_len, "%s%s", "no database path given", "");
        return PC_EINVAL;
    }
    s = calloc(1, sizeof *s);
    if (!s)
        return PC_ENOMEM;
    s->readonly = (flags & GEO_STORE_READONLY) != 0;
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!s->readonly && (flags & GEO_STORE_CREATE))
        oflags |= SQLITE_OPEN_CREATE;
    oflags |= SQLITE_OPEN_NOMUTEX; /* one thread per connection */
    int src = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (src != SQLITE_OK) {
        set_err(err, err_len, "cannot open database %s: %s", path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(src));
        rc = src == SQLITE_CANTOPEN ? PC_ENOTFOUND : geo_rc(src);
        goto cleanup;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    s->splite = spatialite_alloc_connection();
    if (!s->splite) {
        rc = PC_ENOMEM;
        goto cleanup;
    }
    spatialite_init_ex(s->db, s->splite, 0);
    int exists = 0;
    /* a file that is not SQLite shows up at the first read */
    if ((rc = table_exists(s, "sqlite_master", &exists)) != PC_OK) {
        set_err(err, err_len, "%s is not a database: %s", path, sqlite3_errmsg(s->db));
        rc = PC_EFORMAT;
        goto cleanup;
    }
    if (!s->readonly) {
        rc = exec_sql(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", err, err_len);
        if (rc != PC_OK)
            goto cleanup;
    }
    rc = exec_sql(s, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;", err, err_len);
    if (rc != PC_OK)
        goto cleanup;
    rc = migrate(s, up_to, err, err_len);
cleanup:
    if (rc != PC_OK) {
        geo_store_close(s);
        return rc;
    }
    *out = s;
    return PC_OK;
}

void geo_store_close(geo_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < GEO_STMT_CACHE; i++)
        sqlite3_finalize(s->stmts[i].stmt); /* NULL is a no-op */
    if (s->db)
        sqlite3_close_v2(s->db);
    if (s->splite)
        spatialite_cleanup_ex(s->splite);
    free(s);
}

pc_rc geo_store_begin(geo_store *s) { return exec_sql(s, "BEGIN IMMEDIATE", NULL, 0); }
pc_rc geo_store_commit(geo_store *s) { return exec_sql(s, "COMMIT", NULL, 0); }
void geo_store_rollback(geo_store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a cached transaction statement; 1 when it completed. */
static int step_txn(sqlite3_stmt *st)
{
    int ok = st && sqlite3_step(st) == SQLITE_DONE;
    if (st)
        sqlite3_reset(st);
    return ok;
}

pc_rc geo_store_read_begin(geo_store *s, int *started)
{
    *started = 0;
    if (!sqlite3_get_autocommit(s->db))
        return PC_OK;
    /* all three prepared first: ending the snapshot must not need memory
     * (an unended one would swallow the next writes); without them the
     * reads simply run without a snapshot */
    sqlite3_stmt *commit = geo_stmt(s, "COMMIT"), *rollback = geo_stmt(s, "ROLLBACK");
    sqlite3_stmt *begin = commit && rollback ? geo_stmt(s, "BEGIN") : NULL;
    *started = step_txn(begin);
    return PC_OK;
}

void geo_store_read_end(geo_store *s, int started)
{
    if (!started || sqlite3_get_autocommit(s->db))
        return;
    if (!step_txn(geo_stmt(s, "COMMIT")) && !sqlite3_get_autocommit(s->db))
        step_txn(geo_stmt(s, "ROLLBACK"));
}

const char *geo_store_errmsg(geo_store *s) { return s && s->db ? sqlite3_errmsg(s->db) : "no database"; }

pc_rc geo_store_bulk_begin(geo_store *s)
{
    char sql[256];
    for (size_t i = 0; i < geo_n_spatial_columns; i++) {
        snprintf(sql, sizeof sql, "SELECT DisableSpatialIndex('%s','%s')", geo_spatial_columns[i].table,
                 geo_spatial_columns[i].column);
        pc_rc rc = exec_sql(s, sql, NULL, 0);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

pc_rc geo_store_bulk_end(geo_store *s)
{
    char sql[512];
    pc_rc rc = PC_OK;
    for (size_t i = 0; rc == PC_OK && i < geo_n_spatial_columns; i++) {
        const char *t = geo_spatial_columns[i].table, *c = geo_spatial_columns[i].column;
        /* DisableSpatialIndex leaves the R*Tree table behind: drop it, then
         * CreateSpatialIndex re-creates the triggers and fills the tree. */
        snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS \"idx_%s_%s\"; SELECT CreateSpatialIndex('%s','%s')", t, c,
                 t, c);
        rc = exec_sql(s, sql, NULL, 0);
    }
    return rc;
}

pc_rc geo_store_count(geo_store *s, const char *table, int64_t *out)
{
    static const char *const known[] = {
        "admin_unit", "building", "building_hazard", "building_exit", "escape_route", "address_point",
        "facility", "safety_record", "inspection", "inspection_item", "violation", "suspension",
        "fire_event", "station", "unit", "hydrant", "water_source", "draft_point", "fire_point",
        "safety_group", "safety_group_building", "assembly_area", "road_node", "road_edge", "incident",
        "incident_event", "account", "session", "citizen_report", "citizen_report_event", "house_claim",
        "resident", "audit_log",
    };
    *out = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i], table) != 0)
            continue;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", known[i]);
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
        if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
            *out = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return rc == SQLITE_ROW ? PC_OK : geo_rc(rc);
    }
    return PC_EINVAL;
}

pc_rc geo_store_meta_set(geo_store *s, const char *key, const char *value)
{
    static const char sql[] = "INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

pc_rc geo_store_meta_get(geo_store *s, const char *key, char *buf, size_t buf_len)
{
    static const char sql[] = "SELECT value FROM meta WHERE key=?";
    if (buf_len)
        buf[0] = '\0';
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    pc_rc out = PC_ENOTFOUND;
    if (rc == SQLITE_ROW) {
        snprintf(buf, buf_len, "%s", (const char *)sqlite3_column_text(st, 0));
        out = PC_OK;
    } else if (rc != SQLITE_DONE) {
        out = geo_rc(rc);
    }
    sqlite3_reset(st);
    return out;
}

pc_rc geo_store_backup(geo_store *s, const char *out_path, char *err, size_t err_len)
{
    sqlite3 *dst = NULL;
    pc_rc rc = PC_OK;
    int src = sqlite3_open_v2(out_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (src != SQLITE_OK) {
        set_err(err, err_len, "cannot create %s: %s", out_path, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(src));
        rc = PC_EIO;
        goto cleanup;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
    if (!b) {
        set_err(err, err_len, "backup to %s: %s", out_path, sqlite3_errmsg(dst));
        rc = PC_EIO;
        goto cleanup;
    }
    /* copy in steps so that writers on other connections are not starved */
    do {
        src = sqlite3_backup_step(b, 1024);
        if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
            sqlite3_sleep(10);
    } while (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (src != SQLITE_DONE) {
        set_err(err, err_len, "backup to %s: %s", out_path, sqlite3_errstr(src));
        rc = geo_rc(src);
    }
cleanup:
    sqlite3_close_v2(dst);
    return rc;
}
