/* geo_records_int.h — helpers shared by geo_records.c, geo_citizen.c and
 * geo_report.c (inside geo/ only: SQLite types).
 *
 * These files prepare their statements fresh and finalize them (geo_prep)
 * instead of using the store's statement cache: they hold many statements,
 * some only used by imports and reports, and a fresh statement can never be
 * evicted while in use. */
#ifndef GEO_RECORDS_INT_H
#define GEO_RECORDS_INT_H

#include "geo_records.h"
#include "geo_store_int.h"

/* A new prepared statement (caller: sqlite3_finalize). NULL on error (logged). */
sqlite3_stmt *geo_prep(geo_store *s, const char *sql);

/* Steps st to the end, copying every row into out (arena a). */
pc_rc geo_table_read(sqlite3_stmt *st, pc_arena *a, const char *name, geo_table *out);

/* One integer from a single-row query with ?1 bound to a (PC_ENOTFOUND: no row). */
pc_rc geo_query_int64(geo_store *s, const char *sql, int64_t a, int64_t *out);

#endif
