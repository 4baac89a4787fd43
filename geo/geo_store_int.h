/* geo_store_int.h — the store's insides, for the table-family files of geo/.
 *
 * Nothing outside geo/ includes this: SQLite and SpatiaLite types stay here. */
#ifndef GEO_STORE_INT_H
#define GEO_STORE_INT_H

#include <sqlite3.h>

#include "geo_store.h"
#include "pc_arena.h"

/* Slots of the statement cache: a power of two, well above the number of
 * distinct SQL strings in the program (about 300), so nothing is evicted. */
#define GEO_STMT_CACHE 1024

struct geo_store {
    sqlite3 *db;
    void *splite; /* SpatiaLite per-connection cache */
    int readonly;
    int n_stmts;
    struct {
        const char *sql; /* key: the address of a static SQL string */
        sqlite3_stmt *stmt;
    } stmts[GEO_STMT_CACHE];
};

/* A prepared statement for sql, which must be a string literal (or other
 * storage that outlives the store): it is cached by address (open
 * addressing on the pointer) for the life of the connection, never evicted,
 * so a caller may hold several at once. The statement comes back reset with
 * its bindings cleared. NULL on error (or, never in practice, a full cache). */
sqlite3_stmt *geo_stmt(geo_store *s, const char *sql);

/* Maps a SQLite result code to pc_rc. */
pc_rc geo_rc(int sqlite_rc);

/* Binds text, or NULL when s is NULL. */
int geo_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* Binds an id (<= 0: NULL), an optional integer (< 0: NULL), a real (< 0: NULL). */
void geo_bind_id(sqlite3_stmt *st, int i, int64_t id);
void geo_bind_opt_int(sqlite3_stmt *st, int i, int64_t v);
void geo_bind_opt_real(sqlite3_stmt *st, int i, double v);
/* Steps an INSERT/UPDATE once and resets it; *id_out (may be NULL) gets the
 * new rowid. A refused write is logged at debug level with SQLite's reason. */
pc_rc geo_step_insert(geo_store *s, sqlite3_stmt *st, int64_t *id_out);
/* Column i as text copied into the arena; NULL for SQL NULL. */
const char *geo_col_str(pc_arena *a, sqlite3_stmt *st, int i);

#endif
