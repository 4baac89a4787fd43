/* geo_osm_bulk.c — a bulk-write window without SpatiaLite's per-row
 * triggers (see osm_bulk in geo_osm_int.h).
 *
 * Only SpatiaLite's own triggers are touched, recognised by their name
 * prefixes: ggi/ggu (geometry type and SRID checks), tmi/tmu/tmd
 * (geometry_columns_time) and gii/giu/gid (R*Tree upkeep). The importer
 * builds every geometry BLOB itself with the declared type and SRID 4326,
 * which is what the dropped checks verify. */
#include "geo_osm_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char TRIGGERS_SQL[] =
    "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=?1 AND"
    " (substr(name,1,4) IN ('ggi_','ggu_','tmi_','tmu_','tmd_','gii_','giu_','gid_'))";

void osm_bulk_free(osm_bulk *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->sql[i]);
    free(b->sql);
    memset(b, 0, sizeof *b);
}

static pc_rc save_and_drop(geo_store *s, const char *table, osm_bulk *b)
{
    sqlite3_stmt *q = geo_stmt(s, TRIGGERS_SQL);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    char names[16][64];
    size_t n_names = 0;
    int src;
    pc_rc rc = PC_OK;
    while (rc == PC_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0), *sql = (const char *)sqlite3_column_text(q, 1);
        char **v = realloc(b->sql, (b->n + 1) * sizeof *v);
        if (!v || !name || !sql || n_names == 16 || strlen(name) >= sizeof names[0]) {
            rc = v ? PC_ELIMIT : PC_ENOMEM;
            if (v)
                b->sql = v;
            break;
        }
        b->sql = v;
        if (!(b->sql[b->n] = strdup(sql))) {
            rc = PC_ENOMEM;
            break;
        }
        b->n++;
        snprintf(names[n_names++], sizeof names[0], "%s", name);
    }
    sqlite3_reset(q);
    for (size_t i = 0; i < n_names && rc == PC_OK; i++) {
        char drop[96];
        snprintf(drop, sizeof drop, "DROP TRIGGER \"%s\"", names[i]);
        src = sqlite3_exec(s->db, drop, NULL, NULL, NULL);
        rc = geo_rc(src);
    }
    return rc;
}

pc_rc osm_bulk_begin(geo_store *s, const char *const *tables, size_t n_tables, osm_bulk *b)
{
    memset(b, 0, sizeof *b);
    b->tables = tables, b->n_tables = n_tables;
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < n_tables && rc == PC_OK; i++)
        rc = save_and_drop(s, tables[i], b);
    return rc;
}

/* Refills the R*Tree of every indexed geometry column of table. */
static pc_rc refill_indexes(geo_store *s, const char *table)
{
    static const char cols_sql[] = "SELECT f_geometry_column FROM geometry_columns"
                                   " WHERE f_table_name=lower(?1) AND spatial_index_enabled=1";
    sqlite3_stmt *q = geo_stmt(s, cols_sql);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    char cols[8][64];
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW && n < 8)
        snprintf(cols[n++], sizeof cols[0], "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        char sql[512]; /* names come from the schema, not from outside */
        snprintf(sql, sizeof sql,
                 "DELETE FROM \"idx_%s_%s\"; INSERT INTO \"idx_%s_%s\"(pkid,xmin,xmax,ymin,ymax)"
                 " SELECT rowid,MbrMinX(\"%s\"),MbrMaxX(\"%s\"),MbrMinY(\"%s\"),MbrMaxY(\"%s\") FROM \"%s\""
                 " WHERE \"%s\" IS NOT NULL",
                 table, cols[i], table, cols[i], cols[i], cols[i], cols[i], cols[i], table, cols[i]);
        rc = geo_rc(sqlite3_exec(s->db, sql, NULL, NULL, NULL));
    }
    return rc;
}

pc_rc osm_bulk_end(geo_store *s, osm_bulk *b)
{
    static const char stamp[] = "UPDATE geometry_columns_time SET last_insert=strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
                                "last_update=strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE f_table_name=lower(?1)";
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < b->n && rc == PC_OK; i++)
        rc = geo_rc(sqlite3_exec(s->db, b->sql[i], NULL, NULL, NULL));
    for (size_t t = 0; t < b->n_tables && rc == PC_OK; t++) {
        rc = refill_indexes(s, b->tables[t]);
        sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, stamp) : NULL;
        if (q) {
            sqlite3_bind_text(q, 1, b->tables[t], -1, SQLITE_STATIC);
            int src = sqlite3_step(q);
            sqlite3_reset(q);
            rc = geo_rc(src);
        }
    }
    return rc;
}
