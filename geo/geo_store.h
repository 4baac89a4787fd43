/* geo_store.h — the pccc store: one SpatiaLite database file.
 *
 * A geo_store is one connection, owned by one thread at a time (the server
 * gives each worker its own). Opening applies pending schema migrations;
 * a file written by a newer pccc is refused with PC_EVERSION. The store runs
 * in WAL mode with foreign keys on and synchronous=FULL (durability is
 * documented in docs/DATA_MODEL.md).
 *
 * Table families have their own headers (geo_road.h, geo_building.h, ...);
 * this header is the connection, transactions and bulk loading. */
#ifndef GEO_STORE_H
#define GEO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "pc_rc.h"

typedef struct geo_store geo_store;

enum {
    GEO_STORE_CREATE = 1 << 0,   /* create the file if missing */
    GEO_STORE_READONLY = 1 << 1, /* open read-only (no migration; must be current) */
};

/* The schema version this program writes. */
int geo_store_schema_latest(void);

/* Opens (and with GEO_STORE_CREATE creates) the database at path, migrating
 * it to the latest schema. On failure *out is NULL and err (if given) holds
 * one line saying why. Caller owns *out: geo_store_close(). */
pc_rc geo_store_open(const char *path, unsigned flags, geo_store **out, char *err, size_t err_len);
void geo_store_close(geo_store *s);
/* As geo_store_open, but migrates no further than schema version up_to
 * (for tests of migrations and for tools that must not upgrade a file). */
pc_rc geo_store_open_version(const char *path, unsigned flags, int up_to, geo_store **out, char *err,
                             size_t err_len);

/* Schema version of the open file. */
int geo_store_schema_version(geo_store *s);

/* Transactions. begin is BEGIN IMMEDIATE (a writer waits for the lock up to
 * the busy timeout instead of failing half-way). */
pc_rc geo_store_begin(geo_store *s);
pc_rc geo_store_commit(geo_store *s);
void geo_store_rollback(geo_store *s);

/* A read snapshot over several statements (one WAL read lock instead of
 * one per statement, and every read sees the same data). Starts a deferred
 * transaction only when none is open: *started says whether this call
 * did, and geo_store_read_end() ends only such a one. Always PC_OK: when
 * the statements cannot be prepared (no memory) the reads run without a
 * snapshot rather than risk one that could not be ended. */
pc_rc geo_store_read_begin(geo_store *s, int *started);
void geo_store_read_end(geo_store *s, int started);

/* Bulk loading: drops the spatial index triggers so that millions of rows
 * load fast; bulk_end rebuilds every spatial index from the data. Both may
 * run inside the caller's transaction (so that a failed load leaves the
 * indexes as they were). */
pc_rc geo_store_bulk_begin(geo_store *s);
pc_rc geo_store_bulk_end(geo_store *s);

/* Number of rows of a table of the schema (names outside the schema are
 * refused with PC_EINVAL). */
pc_rc geo_store_count(geo_store *s, const char *table, int64_t *out);

/* meta key/value (text). get: PC_ENOTFOUND when absent; value copied into buf. */
pc_rc geo_store_meta_set(geo_store *s, const char *key, const char *value);
pc_rc geo_store_meta_get(geo_store *s, const char *key, char *buf, size_t buf_len);

/* The last SQLite error message of this connection (for logs). */
const char *geo_store_errmsg(geo_store *s);

/* Copies the live database to out_path through SQLite's online backup API,
 * while other connections keep writing. */
pc_rc geo_store_backup(geo_store *s, const char *out_path, char *err, size_t err_len);

#endif
