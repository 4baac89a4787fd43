/* test_demo.c — the demo-city generator: determinism, counts and the
 * invariants the rest of pccc relies on, checked with SpatiaLite's own
 * geometry functions; and the spatial index against a brute-force scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "demo_city.h"
#include "geo_store_int.h"
#include "test_util.h"

static char g_path[512];
static geo_store *g_store;

static double q_double(geo_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare: %s: %s", sqlite3_errmsg(s->db), sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t q_int(geo_store *s, const char *sql) { return (int64_t)llround(q_double(s, sql)); }

static int setup_city(void **state)
{
    (void)state;
    char err[512];
    test_db_path(g_path, sizeof g_path, "demo");
    assert_int_equal(geo_store_open(g_path, GEO_STORE_CREATE, &g_store, err, sizeof err), PC_OK);
    demo_params p = {.scale = 1, .seed = 7, .quiet = 1};
    demo_stats st;
    pc_rc rc = demo_city_generate(g_store, &p, &st, err, sizeof err);
    if (rc != PC_OK)
        fail_msg("generate: %s", err);
    return 0;
}

static int teardown_city(void **state)
{
    (void)state;
    geo_store_close(g_store);
    test_db_remove(g_path);
    return 0;
}

/* FNV-1a over every value of a table (but time stamps), in key order. */
static uint64_t table_digest(geo_store *s, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", table);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), SQLITE_OK);
    uint64_t h = 1469598103934665603ull;
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *name = sqlite3_column_name(st, i);
            size_t len = strlen(name);
            if (len > 3 && strcmp(name + len - 3, "_at") == 0)
                continue; /* creation times are not part of the city */
            const unsigned char *p = sqlite3_column_blob(st, i);
            int n = sqlite3_column_bytes(st, i);
            for (int k = 0; k < n; k++)
                h = (h ^ p[k]) * 1099511628211ull;
            h = (h ^ 0xff) * 1099511628211ull;
        }
    }
    sqlite3_finalize(st);
    return h;
}

static uint64_t city_digest(geo_store *s)
{
    static const char *const tables[] = {"admin_unit", "building", "building_exit", "building_hazard", "road_node",
                                         "road_edge", "station", "unit", "hydrant", "water_source", "fire_point",
                                         "safety_group", "facility", "inspection", "violation"};
    uint64_t h = 0;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        h = h * 31 + table_digest(s, tables[i]);
    return h;
}

static uint64_t generate_digest(uint64_t seed)
{
    char path[512], err[512];
    test_db_path(path, sizeof path, "demo-digest");
    geo_store *s = NULL;
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    demo_params p = {.scale = 1, .seed = seed, .quiet = 1};
    demo_stats st;
    assert_int_equal(demo_city_generate(s, &p, &st, err, sizeof err), PC_OK);
    uint64_t h = city_digest(s);
    geo_store_close(s);
    test_db_remove(path);
    return h;
}

static void test_same_seed_same_city(void **state)
{
    (void)state;
    uint64_t a = city_digest(g_store);
    assert_true(a == generate_digest(7));
    assert_true(a != generate_digest(8));
}

static void test_counts(void **state)
{
    (void)state;
    int64_t b = q_int(g_store, "SELECT count(*) FROM building");
    assert_true(b >= 900 && b <= 2500);
    assert_true(q_int(g_store, "SELECT count(*) FROM station") >= 2);
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM station s WHERE NOT EXISTS "
                                    "(SELECT 1 FROM unit u WHERE u.station_id=s.id AND u.kind='engine')"), 0);
    assert_true(q_int(g_store, "SELECT count(DISTINCT kind) FROM unit") >= 4);
    assert_true(q_int(g_store, "SELECT count(*) FROM water_source WHERE kind='lake'") >= 1);
    assert_true(q_int(g_store, "SELECT count(*) FROM draft_point") >= 4);
    assert_true(q_int(g_store, "SELECT count(*) FROM fire_point") >= 1);
    assert_true(q_int(g_store, "SELECT count(*) FROM safety_group") >= 1);
    assert_true(q_int(g_store, "SELECT count(*) FROM admin_unit WHERE level=3") >= 1);
    /* some hydrants broken, most working */
    double broken = q_double(g_store, "SELECT avg(status='broken') FROM hydrant");
    double working = q_double(g_store, "SELECT avg(status='working') FROM hydrant");
    assert_true(broken > 0.02 && broken < 0.3);
    assert_true(working > 0.6);
    /* every type of building the mission names, with codes that pass their check */
    assert_int_equal(q_int(g_store, "SELECT count(DISTINCT type_code) FROM building WHERE type_code IN "
                                    "('mini_apartment','boarding_house','house_business')"), 3);
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM building WHERE addr_full IS NULL OR occupants IS NULL"), 0);
    assert_true(q_int(g_store, "SELECT count(*) FROM building_exit") >= b);
    assert_true(q_int(g_store, "SELECT count(*) FROM violation") > 0);
}

static void test_alleys(void **state)
{
    (void)state;
    /* ngõ 1.5-6 m, ngách 1.2-3 m, main streets wide */
    assert_true(q_double(g_store, "SELECT min(width_m) FROM road_edge WHERE name LIKE 'Ngõ %'") >= 1.5);
    assert_true(q_double(g_store, "SELECT max(width_m) FROM road_edge WHERE name LIKE 'Ngõ %'") <= 6.0);
    assert_true(q_double(g_store, "SELECT min(width_m) FROM road_edge WHERE name LIKE 'Ngách %'") >= 1.2);
    assert_true(q_double(g_store, "SELECT max(width_m) FROM road_edge WHERE name LIKE 'Ngách %'") <= 3.0);
    assert_true(q_int(g_store, "SELECT count(*) FROM road_edge WHERE name LIKE 'Ngõ %' AND width_m < 3.5") > 0);
    assert_true(q_int(g_store, "SELECT count(*) FROM road_edge WHERE name LIKE 'Ngõ %' AND width_m >= 3.5") > 0);
    /* dead ends: nodes used by exactly one edge */
    assert_true(q_int(g_store, "SELECT count(*) FROM (SELECT n, count(*) c FROM (SELECT node_from n FROM road_edge "
                               "UNION ALL SELECT node_to FROM road_edge) GROUP BY n HAVING c=1)") > 5);
    /* every node is used, every edge's length matches its geometry (geodesic) within 0.5% */
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM road_node n WHERE NOT EXISTS (SELECT 1 FROM road_edge e "
                                    "WHERE e.node_from=n.id OR e.node_to=n.id)"), 0);
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM road_edge WHERE abs(ST_Length(geom,1)-length_m) > "
                                    "0.005*length_m + 0.05"), 0);
    /* edge ends sit on their nodes */
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM road_edge e JOIN road_node a ON a.id=e.node_from "
                                    "JOIN road_node b ON b.id=e.node_to WHERE ST_Distance(ST_StartPoint(e.geom),a.geom,1) > 0.01 "
                                    "OR ST_Distance(ST_EndPoint(e.geom),b.geom,1) > 0.01"), 0);
}

static void test_geometry_invariants(void **state)
{
    (void)state;
    /* every building inside its ward */
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM building b WHERE NOT EXISTS (SELECT 1 FROM admin_unit w "
                                    "WHERE w.level=3 AND w.id=b.admin_unit_id AND ST_Within(b.footprint,w.geom))"), 0);
    /* every hydrant on a road: within the carriageway of the nearest edge */
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM hydrant h WHERE NOT EXISTS (SELECT 1 FROM road_edge e "
                                    "WHERE e.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name='road_edge' "
                                    "AND search_frame=ST_Buffer(h.geom,0.0003)) AND ST_Distance(h.geom,e.geom,1) <= e.width_m/2)"),
                     0);
    /* no building stands on a road, none overlaps another */
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM building a, road_edge e WHERE e.ROWID IN (SELECT ROWID FROM "
                                    "SpatialIndex WHERE f_table_name='road_edge' AND search_frame=a.footprint) AND "
                                    "ST_Intersects(a.footprint,e.geom)"), 0);
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM building a, building b WHERE a.id<b.id AND b.ROWID IN "
                                    "(SELECT ROWID FROM SpatialIndex WHERE f_table_name='building' AND "
                                    "f_geometry_column='footprint' AND search_frame=a.footprint) AND "
                                    "ST_Area(ST_Intersection(a.footprint,b.footprint)) > 1e-12"), 0);
    /* entrances lie on the footprint's edge or within 0.5 m of it */
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM building WHERE ST_Distance(entrance,footprint,1) > 0.5"), 0);
}

/* The R*Tree answers "nearest hydrant" like a full scan does. */
static void test_spatial_nearest_vs_bruteforce(void **state)
{
    (void)state;
    static const char idx_sql[] =
        "SELECT h.id FROM hydrant h WHERE h.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name='hydrant' "
        "AND search_frame=BuildMbr(?1-?3,?2-?3,?1+?3,?2+?3,4326)) ORDER BY ST_Distance(h.geom,MakePoint(?1,?2,4326),1), h.id LIMIT 1";
    static const char brute_sql[] =
        "SELECT id FROM hydrant ORDER BY ST_Distance(geom,MakePoint(?1,?2,4326),1), id LIMIT 1";
    double x0 = q_double(g_store, "SELECT MbrMinX(geom) FROM admin_unit WHERE level=1");
    double x1 = q_double(g_store, "SELECT MbrMaxX(geom) FROM admin_unit WHERE level=1");
    double y0 = q_double(g_store, "SELECT MbrMinY(geom) FROM admin_unit WHERE level=1");
    double y1 = q_double(g_store, "SELECT MbrMaxY(geom) FROM admin_unit WHERE level=1");
    sqlite3_stmt *a = NULL, *b = NULL;
    assert_int_equal(sqlite3_prepare_v2(g_store->db, idx_sql, -1, &a, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(g_store->db, brute_sql, -1, &b, NULL), SQLITE_OK);
    uint64_t x = 12345;
    for (int k = 0; k < 50; k++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        double lon = x0 + (x1 - x0) * (double)(x >> 11) / 9007199254740992.0;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        double lat = y0 + (y1 - y0) * (double)(x >> 11) / 9007199254740992.0;
        sqlite3_bind_double(b, 1, lon);
        sqlite3_bind_double(b, 2, lat);
        assert_int_equal(sqlite3_step(b), SQLITE_ROW);
        int64_t want = sqlite3_column_int64(b, 0);
        sqlite3_reset(b);
        int64_t got = 0;
        /* grow the search box until it holds a hydrant whose distance the box guarantees */
        for (double r = 0.001; r < 1.0 && !got; r *= 2) {
            sqlite3_bind_double(a, 1, lon);
            sqlite3_bind_double(a, 2, lat);
            sqlite3_bind_double(a, 3, r);
            if (sqlite3_step(a) == SQLITE_ROW) {
                int64_t id = sqlite3_column_int64(a, 0);
                sqlite3_reset(a);
                /* accept only if the box radius (in metres, lower bound) covers the distance */
                char q[256];
                snprintf(q, sizeof q, "SELECT ST_Distance(geom,MakePoint(%.9f,%.9f,4326),1) FROM hydrant WHERE id=%lld",
                         lon, lat, (long long)id);
                if (q_double(g_store, q) <= r * 103000.0)
                    got = id;
            } else {
                sqlite3_reset(a);
            }
        }
        assert_int_equal(got, want);
    }
    sqlite3_finalize(a);
    sqlite3_finalize(b);
}

static void test_refusals(void **state)
{
    (void)state;
    char err[512];
    demo_params p = {.scale = 1, .seed = 7, .quiet = 1};
    demo_stats st;
    int64_t before = q_int(g_store, "SELECT count(*) FROM building");
    assert_int_equal(demo_city_generate(g_store, &p, &st, err, sizeof err), PC_EEXIST);
    assert_non_null(strstr(err, "already"));
    assert_int_equal(q_int(g_store, "SELECT count(*) FROM building"), before);
    p.scale = 0;
    assert_int_equal(demo_city_generate(g_store, &p, &st, err, sizeof err), PC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_city), cmocka_unit_test(test_counts),
        cmocka_unit_test(test_alleys),              cmocka_unit_test(test_geometry_invariants),
        cmocka_unit_test(test_spatial_nearest_vs_bruteforce), cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup_city, teardown_city);
}
