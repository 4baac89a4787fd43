/* fuzz_store.h — what the store harnesses (osm_xml, osm_pbf, geojson) share.
 *
 * One in-memory SpatiaLite store lives across inputs. It is opened by
 * geo_store_open like any store, given a baseline (a small OSM extract and
 * one ward, so that re-imports update rows in place and new rows get an
 * administrative unit), copied aside, and its bytes kept as a reference
 * image. The live database is SQLite's memdb (in memory, contiguous), so
 * after each input the harness compares the live bytes with the image: a
 * failed import must leave them identical (its one transaction was rolled
 * back); a successful one is checked (no open transaction, foreign keys
 * hold, every geometry is WGS 84 within range) and undone by copying the
 * baseline back (SQLite's online backup).
 *
 * The importers read a path: each input is written to a file on /dev/shm
 * (tmpfs) when it exists, else in $TMPDIR or /tmp, named after the process.
 * Test code: SQL here is plain sqlite3 on the store's connection. */
#ifndef FUZZ_STORE_H
#define FUZZ_STORE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo_admin_import.h"
#include "geo_osm_import.h"
#include "geo_schema_int.h"
#include "geo_store_int.h"
#include "pc_log.h"

/* Hoàn Kiếm, a few streets: roads (one oneway), a building with an address
 * and an entrance, a hydrant, a station, a pond drawn as a multipolygon. */
static const char FZ_BASE_OSM[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='pccc-fuzz'>\n"
    " <node id='1' lat='21.0280' lon='105.8500'/>\n <node id='2' lat='21.0285' lon='105.8510'/>\n"
    " <node id='3' lat='21.0290' lon='105.8520'/>\n <node id='4' lat='21.0280' lon='105.8520'/>\n"
    " <node id='10' lat='21.0282' lon='105.8505'/>\n <node id='11' lat='21.0282' lon='105.8507'/>\n"
    " <node id='12' lat='21.0284' lon='105.8507'/>\n <node id='13' lat='21.0284' lon='105.8505'>\n"
    "  <tag k='entrance' v='main'/>\n </node>\n"
    " <node id='20' lat='21.0286' lon='105.8512'><tag k='emergency' v='fire_hydrant'/>"
    "<tag k='fire_hydrant:type' v='pillar'/></node>\n"
    " <node id='21' lat='21.0279' lon='105.8515'><tag k='amenity' v='fire_station'/>"
    "<tag k='name' v='PCCC Hoàn Kiếm'/></node>\n"
    " <node id='30' lat='21.0290' lon='105.8500'/>\n <node id='31' lat='21.0290' lon='105.8504'/>\n"
    " <node id='32' lat='21.0294' lon='105.8504'/>\n <node id='33' lat='21.0294' lon='105.8500'/>\n"
    " <way id='100'><nd ref='1'/><nd ref='2'/><nd ref='3'/><tag k='highway' v='residential'/>"
    "<tag k='name' v='Phố Hàng Bạc'/></way>\n"
    " <way id='101'><nd ref='2'/><nd ref='4'/><tag k='highway' v='service'/><tag k='oneway' v='yes'/>"
    "<tag k='width' v='3.5'/></way>\n"
    " <way id='200'><nd ref='10'/><nd ref='11'/><nd ref='12'/><nd ref='13'/><nd ref='10'/>"
    "<tag k='building' v='house'/><tag k='building:levels' v='4'/><tag k='addr:housenumber' v='12'/>"
    "<tag k='addr:street' v='Hàng Bạc'/></way>\n"
    " <way id='300'><nd ref='30'/><nd ref='31'/><nd ref='32'/><nd ref='33'/><nd ref='30'/></way>\n"
    " <relation id='400'><member type='way' ref='300' role='outer'/><tag k='type' v='multipolygon'/>"
    "<tag k='natural' v='water'/><tag k='water' v='pond'/></relation>\n"
    "</osm>\n";

static const char FZ_BASE_WARD[] =
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
    "{\"name\":\"Phường Hoàn Kiếm\",\"@id\":\"relation/9001\",\"admin_level\":\"6\"},\"geometry\":"
    "{\"type\":\"Polygon\",\"coordinates\":[[[105.849,21.027],[105.853,21.027],[105.853,21.030],"
    "[105.849,21.030],[105.849,21.027]]]}}]}\n";

static struct {
    geo_store *s;
    sqlite3 *base;        /* the baseline, for restoring */
    unsigned char *image; /* the live bytes right after the last restore */
    sqlite3_int64 image_len;
    char path[128];
} fz_st;

static void fz_die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz harness: %s: %s\n", what, why ? why : "");
    abort();
}

static void fz_remove_input(void)
{
    if (fz_st.path[0])
        unlink(fz_st.path);
}

/* Writes the input to this process's input file named ...suffix; returns its path. */
static const char *fz_write_input(const char *suffix, const uint8_t *data, size_t size)
{
    static int registered;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(fz_st.path, sizeof fz_st.path, "%s/pccc-fuzz-%ld%s", dir, (long)getpid(), suffix);
    if (!registered && atexit(fz_remove_input) == 0)
        registered = 1;
    FILE *f = fopen(fz_st.path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        fz_die("cannot write the input file", fz_st.path);
    return fz_st.path;
}

/* The live bytes (memdb: no copy). */
static const unsigned char *fz_live_bytes(sqlite3_int64 *n)
{
    unsigned char *p = sqlite3_serialize(fz_st.s->db, "main", n, SQLITE_SERIALIZE_NOCOPY);
    if (!p)
        fz_die("serialize", "the live database is not a memdb image");
    return p;
}

static void fz_take_image(void)
{
    sqlite3_int64 n = 0;
    const unsigned char *p = fz_live_bytes(&n);
    unsigned char *img = realloc(fz_st.image, (size_t)n);
    if (!img)
        fz_die("image", "out of memory");
    memcpy(img, p, (size_t)n);
    fz_st.image = img, fz_st.image_len = n;
}

/* Copies the baseline back into the live connection (online backup: the
 * connection, its schema and its cached statements stay), then takes the
 * new reference image. (sqlite3_deserialize would be cheaper, but in SQLite
 * 3.40 it frees the schema that the connection's eponymous virtual tables,
 * json_each and pragma_*, still point to: a use-after-free at their next use.) */
static void fz_store_restore(void)
{
    sqlite3_backup *b = sqlite3_backup_init(fz_st.s->db, "main", fz_st.base, "main");
    if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK)
        fz_die("restore", sqlite3_errmsg(fz_st.s->db));
    fz_take_image();
}

/* 1 when the live database is byte for byte the reference image. */
static int fz_store_unchanged(void)
{
    sqlite3_int64 n = 0;
    const unsigned char *p = fz_live_bytes(&n);
    return n == fz_st.image_len && memcmp(p, fz_st.image, (size_t)n) == 0;
}

/* The store, opened and given its baseline on first use. The live
 * database is a memdb (SQLite's in-memory VFS, addressed by URI) so that
 * its bytes can be compared without copying. */
static geo_store *fz_store_get(void)
{
    if (fz_st.s)
        return fz_st.s;
    char err[512];
    pc_log_set_level(PC_LOG_OFF);
    if (sqlite3_config(SQLITE_CONFIG_URI, 1) != SQLITE_OK)
        fz_die("sqlite3_config", "URI filenames");
    if (geo_store_open("file:pccc-fuzz-live?vfs=memdb", GEO_STORE_CREATE, &fz_st.s, err, sizeof err) != PC_OK)
        fz_die("open", err);
    geo_osm_options oo = {NULL, 1};
    geo_admin_options ao = {"ward", NULL, 1};
    if (geo_admin_import(fz_st.s, fz_write_input(".geojson", (const uint8_t *)FZ_BASE_WARD, sizeof FZ_BASE_WARD - 1),
                         &ao, NULL, err, sizeof err) != PC_OK)
        fz_die("baseline ward", err);
    fz_remove_input();
    if (geo_osm_import(fz_st.s, fz_write_input(".osm", (const uint8_t *)FZ_BASE_OSM, sizeof FZ_BASE_OSM - 1), &oo,
                       NULL, err, sizeof err) != PC_OK)
        fz_die("baseline osm", err);
    fz_remove_input();
    /* every EPSG code is 6 of the 7 MB of a new store and no importer reads
     * them (all geometry is SRID 4326): keep the codes in use, so that
     * comparing and restoring the bytes stays cheap */
    if (sqlite3_exec(fz_st.s->db,
                     "DELETE FROM spatial_ref_sys_aux WHERE srid NOT IN (SELECT srid FROM geometry_columns);"
                     "DELETE FROM spatial_ref_sys WHERE srid NOT IN (SELECT srid FROM geometry_columns);"
                     "VACUUM;",
                     NULL, NULL, NULL) != SQLITE_OK)
        fz_die("baseline trim", sqlite3_errmsg(fz_st.s->db));
    sqlite3_backup *b = NULL;
    if (sqlite3_open_v2("file:pccc-fuzz-base?vfs=memdb", &fz_st.base, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK ||
        !(b = sqlite3_backup_init(fz_st.base, "main", fz_st.s->db, "main")) ||
        sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK)
        fz_die("baseline copy", sqlite3_errmsg(fz_st.base));
    fz_take_image();
    return fz_st.s;
}

static int64_t fz_count(const char *sql)
{
    sqlite3_stmt *q = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(fz_st.s->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* After a successful import: no open transaction, foreign keys hold, every
 * geometry has SRID 4326 and a box within WGS 84. Aborts otherwise. */
static void fz_store_check_sane(void)
{
    char sql[512];
    if (!sqlite3_get_autocommit(fz_st.s->db))
        fz_die("after import", "a transaction is still open");
    if (fz_count("SELECT count(*) FROM pragma_foreign_key_check") != 0)
        fz_die("after import", "foreign key violations");
    for (size_t i = 0; i < geo_n_spatial_columns; i++) {
        const char *t = geo_spatial_columns[i].table, *c = geo_spatial_columns[i].column;
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM \"%s\" WHERE \"%s\" IS NOT NULL AND (ST_SRID(\"%s\") IS NOT 4326"
                 " OR NOT (MbrMinX(\"%s\") >= -180 AND MbrMaxX(\"%s\") <= 180"
                 " AND MbrMinY(\"%s\") >= -90 AND MbrMaxY(\"%s\") <= 90))",
                 t, c, c, c, c, c, c);
        if (fz_count(sql) != 0) {
            fprintf(stderr, "%s.%s: %s\n", t, c, sqlite3_errmsg(fz_st.s->db));
            fz_die("after import", "a geometry outside WGS 84 (or unreadable)");
        }
    }
}

/* The common end of an input: a failed import (rc != PC_OK) must have said
 * why in err and changed nothing; a successful one must be sane, and is undone. */
static void fz_store_after(pc_rc rc, const char *err, size_t err_len)
{
    if (rc != PC_OK) {
        if (!memchr(err, '\0', err_len) || !err[0])
            fz_die("failed import", "no error message");
        if (!sqlite3_get_autocommit(fz_st.s->db))
            fz_die("failed import", "a transaction is still open");
        if (!fz_store_unchanged()) {
            fprintf(stderr, "import failed with %s (%s) but changed the database\n", pc_rc_str(rc), err);
            abort();
        }
        return;
    }
    fz_store_check_sane();
    if (!fz_store_unchanged())
        fz_store_restore();
}

#endif
