/* test_store.c — the SpatiaLite store: creation, migrations, version refusal,
 * append-only history, spatial indexes and geometry blobs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "geo_blob.h"
#include "geo_store.h"
#include "test_util.h"

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    return db;
}

static int raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_create_and_reopen(void **state)
{
    (void)state;
    char path[512], err[256];
    test_db_path(path, sizeof path, "create");
    geo_store *s = NULL;
    /* without CREATE a missing file is an error */
    assert_int_not_equal(geo_store_open(path, 0, &s, err, sizeof err), PC_OK);
    assert_null(s);
    assert_true(strlen(err) > 0);
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    assert_int_equal(geo_store_schema_version(s), geo_store_schema_latest());
    geo_store_close(s);
    /* reopening applies nothing and keeps the version */
    assert_int_equal(geo_store_open(path, GEO_STORE_READONLY, &s, err, sizeof err), PC_OK);
    assert_int_equal(geo_store_schema_version(s), geo_store_schema_latest());
    geo_store_close(s);

    sqlite3 *db = raw_open(path);
    /* WAL, every geometry column registered with SRID 4326 and indexed */
    assert_int_equal(raw_int(db, "SELECT count(*) FROM geometry_columns WHERE srid<>4326"), 0);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM geometry_columns WHERE spatial_index_enabled<>1"), 0);
    assert_true(raw_int(db, "SELECT count(*) FROM geometry_columns") >= 18);
    /* the current SpatiaLite metadata layout, which QGIS reads */
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                 "('geometry_columns','spatial_ref_sys','views_geometry_columns')"), 3);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM spatial_ref_sys WHERE srid=4326"), 1);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name='idx_building_footprint'"), 1);
    sqlite3_close(db);
    test_db_remove(path);
}

static void test_newer_schema_refused(void **state)
{
    (void)state;
    char path[512], err[256];
    test_db_path(path, sizeof path, "newer");
    geo_store *s = NULL;
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    geo_store_close(s);
    sqlite3 *db = raw_open(path);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO schema_version(version,what) VALUES(999,'future')", 0, 0, 0),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(geo_store_open(path, 0, &s, err, sizeof err), PC_EVERSION);
    assert_null(s);
    assert_non_null(strstr(err, "newer"));
    test_db_remove(path);
}

/* A file made by an older pccc (stopped at each earlier version) is brought
 * up to date on open, keeping its rows. */
static void test_older_file_migrates(void **state)
{
    (void)state;
    char path[512], err[256];
    for (int v = 1; v < geo_store_schema_latest(); v++) {
        test_db_path(path, sizeof path, "older");
        geo_store *s = NULL;
        assert_int_equal(geo_store_open_version(path, GEO_STORE_CREATE, v, &s, err, sizeof err), PC_OK);
        assert_int_equal(geo_store_schema_version(s), v);
        geo_store_close(s);
        sqlite3 *db = raw_open(path);
        assert_int_equal(sqlite3_exec(db, "INSERT INTO facility(category_code,name) VALUES('boarding_house','Nhà trọ 99')", 0, 0, 0),
                         SQLITE_OK);
        sqlite3_close(db);
        /* read-only cannot upgrade: refused clearly */
        assert_int_equal(geo_store_open(path, GEO_STORE_READONLY, &s, err, sizeof err), PC_EVERSION);
        assert_int_equal(geo_store_open(path, 0, &s, err, sizeof err), PC_OK);
        assert_int_equal(geo_store_schema_version(s), geo_store_schema_latest());
        geo_store_close(s);
        db = raw_open(path);
        assert_int_equal(raw_int(db, "SELECT count(*) FROM facility WHERE name='Nhà trọ 99'"), 1);
        assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_version"), geo_store_schema_latest());
        sqlite3_close(db);
        test_db_remove(path);
    }
}

static void test_not_a_pccc_db(void **state)
{
    (void)state;
    char path[512], err[256];
    test_db_path(path, sizeof path, "foreign");
    sqlite3 *db = raw_open(path);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", 0, 0, 0), SQLITE_OK);
    sqlite3_close(db);
    geo_store *s = NULL;
    assert_int_equal(geo_store_open(path, 0, &s, err, sizeof err), PC_EFORMAT);
    test_db_remove(path);

    /* a text file is not a database */
    FILE *f = fopen(path, "w");
    fputs("this is not sqlite at all, just text\n", f);
    fclose(f);
    assert_int_not_equal(geo_store_open(path, 0, &s, err, sizeof err), PC_OK);
    assert_null(s);
    test_db_remove(path);
}

static void test_history_is_append_only(void **state)
{
    (void)state;
    char path[512], err[256];
    test_db_path(path, sizeof path, "history");
    geo_store *s = NULL;
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    geo_store_close(s);
    sqlite3 *db = raw_open(path);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO facility(id,category_code,name) VALUES(1,'boarding_house','Nhà trọ A');"
                                  "INSERT INTO inspection(id,facility_id,inspected_on,result) VALUES(1,1,'2026-01-02','fail');",
                                  0, 0, 0),
                     SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE inspection SET result='pass' WHERE id=1", 0, 0, 0), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM inspection WHERE id=1", 0, 0, 0), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "INSERT INTO audit_log(at,action,prev_hash,hash) VALUES('x','y',x'00',x'00');"
                                          "DELETE FROM audit_log", 0, 0, 0), SQLITE_OK);
    /* a correction is a new row naming the one it supersedes */
    assert_int_equal(sqlite3_exec(db, "INSERT INTO inspection(facility_id,inspected_on,result,supersedes_id)"
                                      " VALUES(1,'2026-01-02','partial',1)", 0, 0, 0), SQLITE_OK);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM inspection"), 2);
    sqlite3_close(db);
    test_db_remove(path);
}

static void test_blobs_roundtrip(void **state)
{
    (void)state;
    geo_lonlat line[3] = {{105.85, 21.03}, {105.851, 21.031}, {105.852, 21.03}};
    geo_blob b = {0};
    assert_int_equal(geo_blob_linestring(line, 3, &b), PC_OK);
    geo_lonlat *pts = NULL;
    size_t n = 0;
    assert_int_equal(geo_blob_vertices(b.data, b.size, &pts, &n), PC_OK);
    assert_int_equal(n, 3);
    assert_true(pts[2].lon_deg == 105.852 && pts[1].lat_deg == 21.031);
    free(pts);
    geo_blob_free(&b);
    assert_int_equal(geo_blob_linestring(line, 1, &b), PC_EINVAL);
    assert_int_equal(geo_blob_vertices("junk", 4, &pts, &n), PC_EFORMAT);
    /* a polygon ring gets closed */
    assert_int_equal(geo_blob_polygon1(line, 3, &b), PC_OK);
    assert_int_equal(geo_blob_vertices(b.data, b.size, &pts, &n), PC_OK);
    assert_int_equal(n, 4);
    free(pts);
    geo_blob_free(&b);
}

static void test_meta_and_count(void **state)
{
    (void)state;
    char path[512], err[256], buf[64];
    test_db_path(path, sizeof path, "meta");
    geo_store *s = NULL;
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    assert_int_equal(geo_store_meta_get(s, "seed", buf, sizeof buf), PC_ENOTFOUND);
    assert_int_equal(geo_store_meta_set(s, "seed", "42"), PC_OK);
    assert_int_equal(geo_store_meta_set(s, "seed", "43"), PC_OK);
    assert_int_equal(geo_store_meta_get(s, "seed", buf, sizeof buf), PC_OK);
    assert_string_equal(buf, "43");
    int64_t n = -1;
    assert_int_equal(geo_store_count(s, "building", &n), PC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(geo_store_count(s, "building; DROP TABLE building", &n), PC_EINVAL);
    geo_store_close(s);
    test_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_reopen),  cmocka_unit_test(test_newer_schema_refused),
        cmocka_unit_test(test_not_a_pccc_db),      cmocka_unit_test(test_older_file_migrates),      cmocka_unit_test(test_history_is_append_only),
        cmocka_unit_test(test_blobs_roundtrip),    cmocka_unit_test(test_meta_and_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
