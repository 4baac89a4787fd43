/* geo_coverage.c — whole-table reads for coverage (see geo_coverage.h). */
#include "geo_coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_store_int.h"

/* A growable array: *v of *cap elements of size sz; makes room for one more. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 256;
    void *p = realloc(*v, nc * sz);
    if (!p)
        return -1;
    *v = p, *cap = nc;
    return 0;
}

/* The coordinates of a SpatiaLite POINT blob (little or big endian): the
 * MBR starts at byte 6 and for a point its min corner is the point. */
static int blob_point(const unsigned char *b, int n, geo_lonlat *out)
{
    if (!b || n < 60 || b[0] != 0x00 || (b[1] != 0x01 && b[1] != 0x00) || b[38] != 0x7C)
        return -1;
    double v[2];
    for (int k = 0; k < 2; k++) {
        unsigned char t[8];
        for (int i = 0; i < 8; i++)
            t[i] = b[1] == 0x01 ? b[6 + 8 * k + i] : b[6 + 8 * k + 7 - i];
        memcpy(&v[k], t, 8);
    }
    out->lon_deg = v[0], out->lat_deg = v[1];
    return 0;
}

pc_rc geo_cov_buildings(geo_store *s, geo_cov_building **out, size_t *n_out)
{
    static const char sql[] =
        "SELECT id, coalesce(admin_unit_id, 0), coalesce(occupants, 0), entrance,"
        " CASE WHEN entrance IS NULL THEN ST_X(ST_Centroid(footprint)) END,"
        " CASE WHEN entrance IS NULL THEN ST_Y(ST_Centroid(footprint)) END"
        " FROM building WHERE entrance IS NOT NULL OR footprint IS NOT NULL ORDER BY id";
    *out = NULL;
    *n_out = 0;
    geo_cov_building *v = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    pc_rc rc = PC_OK;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&v, &cap, n, sizeof *v) != 0) {
            rc = PC_ENOMEM;
            break;
        }
        geo_cov_building *b = &v[n];
        b->id = sqlite3_column_int64(st, 0);
        b->admin_unit_id = sqlite3_column_int64(st, 1);
        b->occupants = (int32_t)sqlite3_column_int(st, 2);
        if (b->occupants < 0)
            b->occupants = 0;
        if (sqlite3_column_type(st, 3) == SQLITE_BLOB) {
            if (blob_point(sqlite3_column_blob(st, 3), sqlite3_column_bytes(st, 3), &b->entrance) != 0)
                continue;
        } else if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
            b->entrance.lon_deg = sqlite3_column_double(st, 4);
            b->entrance.lat_deg = sqlite3_column_double(st, 5);
        } else {
            continue; /* an empty footprint */
        }
        n++;
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_cov_admin_units(geo_store *s, geo_cov_admin **out, size_t *n_out)
{
    static const char sql[] = "SELECT id, coalesce(parent_id, 0), level, code, name FROM admin_unit ORDER BY id";
    *out = NULL;
    *n_out = 0;
    geo_cov_admin *v = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    pc_rc rc = PC_OK;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&v, &cap, n, sizeof *v) != 0) {
            rc = PC_ENOMEM;
            break;
        }
        geo_cov_admin *a = &v[n++];
        a->id = sqlite3_column_int64(st, 0);
        a->parent_id = sqlite3_column_int64(st, 1);
        a->level = sqlite3_column_int(st, 2);
        snprintf(a->code, sizeof a->code, "%s", (const char *)sqlite3_column_text(st, 3));
        snprintf(a->name, sizeof a->name, "%s", (const char *)sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_cov_station_kinds(geo_store *s, geo_cov_station_kind **out, size_t *n_out)
{
    static const char sql[] = "SELECT station_id, kind, count(*), sum(status = 'available') FROM unit"
                              " GROUP BY station_id, kind ORDER BY station_id, kind";
    *out = NULL;
    *n_out = 0;
    geo_cov_station_kind *v = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    pc_rc rc = PC_OK;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&v, &cap, n, sizeof *v) != 0) {
            rc = PC_ENOMEM;
            break;
        }
        geo_cov_station_kind *k = &v[n++];
        k->station_id = sqlite3_column_int64(st, 0);
        snprintf(k->kind, sizeof k->kind, "%s", (const char *)sqlite3_column_text(st, 1));
        k->n_units = sqlite3_column_int(st, 2);
        k->n_available = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

static pc_rc read_points(geo_store *s, sqlite3_stmt *st, geo_cov_point **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    geo_cov_point *v = NULL;
    size_t n = 0, cap = 0;
    pc_rc rc = PC_OK;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&v, &cap, n, sizeof *v) != 0) {
            rc = PC_ENOMEM;
            break;
        }
        v[n].id = sqlite3_column_int64(st, 0);
        if (blob_point(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1), &v[n].pos) == 0)
            n++;
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_cov_hydrants(geo_store *s, geo_cov_point **out, size_t *n_out)
{
    static const char sql[] = "SELECT id, geom FROM hydrant WHERE status = 'working' AND geom IS NOT NULL ORDER BY id";
    return read_points(s, geo_stmt(s, sql), out, n_out);
}

pc_rc geo_cov_draft_points(geo_store *s, geo_cov_point **out, size_t *n_out)
{
    static const char sql[] = "SELECT id, geom FROM draft_point WHERE geom IS NOT NULL ORDER BY id";
    return read_points(s, geo_stmt(s, sql), out, n_out);
}
