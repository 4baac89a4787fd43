/* test_incident.c — incidents and unit status on a generated demo city:
 * the status cycle, busy units never dispatched twice, all-or-nothing
 * dispatch, closing, the timeline; and the building sheet and POI queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_city.h"
#include "geo_incident.h"
#include "geo_query.h"
#include "geo_store_int.h"
#include "dispatch.h"
#include "test_util.h"

static char g_path[512];
static geo_store *g_store;
static eng_principal g_who; /* the local operator: city-wide */

static int64_t q_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(g_store->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    eng_principal_cli(&g_who, "test");
    test_db_path(g_path, sizeof g_path, "incident");
    assert_int_equal(geo_store_open(g_path, GEO_STORE_CREATE, &g_store, err, sizeof err), PC_OK);
    demo_params p = {.scale = 1, .seed = 3, .quiet = 1};
    demo_stats st;
    assert_int_equal(demo_city_generate(g_store, &p, &st, err, sizeof err), PC_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    geo_store_close(g_store);
    test_db_remove(g_path);
    return 0;
}

static const char *unit_status(int64_t id)
{
    static char buf[32];
    pc_arena *a = pc_arena_create(0);
    geo_unit *u = NULL;
    assert_int_equal(geo_unit_get(g_store, id, a, &u), PC_OK);
    snprintf(buf, sizeof buf, "%s", u->status);
    pc_arena_destroy(a);
    return buf;
}

static void test_transition_table(void **state)
{
    (void)state;
    assert_true(eng_unit_transition_allowed("available", "dispatched"));
    assert_true(eng_unit_transition_allowed("on_scene", "returning"));
    assert_false(eng_unit_transition_allowed("available", "on_scene"));
    assert_false(eng_unit_transition_allowed("returning", "dispatched"));
    assert_false(eng_unit_transition_allowed("out_of_service", "dispatched"));
    assert_false(eng_unit_transition_allowed(NULL, "available"));
}

static void test_full_cycle(void **state)
{
    (void)state;
    int64_t u1 = q_int("SELECT min(id) FROM unit WHERE kind='engine'");
    int64_t u2 = q_int("SELECT max(id) FROM unit WHERE kind='engine'");
    int64_t b = q_int("SELECT min(id) FROM building");
    eng_incident_new in = {.kind = "fire", .building_id = b, .pos = {105.85, 21.03}, .address = "Số 1 phố Khương Hạ"};
    int64_t inc = 0, inc2 = 0;
    assert_int_equal(eng_dispatch_open(g_store, &g_who, &in, &inc, NULL, 0), PC_OK);
    assert_true(inc > 0);
    assert_int_equal(eng_dispatch_open(g_store, &g_who, &in, &inc2, NULL, 0), PC_OK);

    int64_t both[2] = {u1, u2};
    assert_int_equal(eng_dispatch_units(g_store, &g_who, inc, both, 2, NULL, 0), PC_OK);
    assert_string_equal(unit_status(u1), "dispatched");
    /* a busy unit is never offered to the next incident, and all-or-nothing */
    int64_t free_unit = q_int("SELECT min(id) FROM unit WHERE status='available'");
    int64_t mixed[2] = {free_unit, u1};
    assert_int_equal(eng_dispatch_units(g_store, &g_who, inc2, mixed, 2, NULL, 0), PC_ECONFLICT);
    assert_string_equal(unit_status(free_unit), "available");
    assert_int_equal(q_int("SELECT count(*) FROM unit WHERE status='available' AND id IN (SELECT id FROM unit WHERE incident_id IS NOT NULL)"), 0);

    /* the status cycle, refused skips */
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, u1, "on_scene", NULL, 0), PC_ECONFLICT);
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, u1, "en_route", NULL, 0), PC_OK);
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, u1, "on_scene", NULL, 0), PC_OK);
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, u1, "bogus", NULL, 0), PC_EINVAL);
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, 999999, "en_route", NULL, 0), PC_ENOTFOUND);

    /* closing sends the units still out back; the closed incident takes no more units */
    assert_int_equal(eng_dispatch_close(g_store, &g_who, inc, NULL, 0), PC_OK);
    assert_string_equal(unit_status(u1), "returning");
    assert_string_equal(unit_status(u2), "returning");
    assert_int_equal(eng_dispatch_close(g_store, &g_who, inc, NULL, 0), PC_ECONFLICT);
    assert_int_equal(eng_dispatch_units(g_store, &g_who, inc, &free_unit, 1, NULL, 0), PC_ECONFLICT);
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, u1, "available", NULL, 0), PC_OK);
    assert_int_equal(q_int("SELECT count(*) FROM unit WHERE id=(SELECT min(id) FROM unit WHERE kind='engine') AND incident_id IS NULL"), 1);

    /* the timeline holds every step in order */
    pc_arena *a = pc_arena_create(0);
    geo_incident_event *ev = NULL;
    size_t n = 0;
    assert_int_equal(geo_incident_events(g_store, inc, a, &ev, &n), PC_OK);
    const char *want[] = {"opened", "dispatched", "dispatched", "en_route", "on_scene", "returning", "returning",
                          "closed", "available"};
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(i == 0 || i == 7 ? ev[i].kind : ev[i].status, want[i]);
    geo_incident *list = NULL;
    assert_int_equal(geo_incident_list(g_store, "open", 10, 0, a, &list, &n), PC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, inc2);
    pc_arena_destroy(a);
    /* nothing survives in memory only: a second connection sees the same */
    geo_store *other = NULL;
    char err[256];
    assert_int_equal(geo_store_open(g_path, 0, &other, err, sizeof err), PC_OK);
    a = pc_arena_create(0);
    geo_incident *x = NULL;
    assert_int_equal(geo_incident_get(other, inc, a, &x), PC_OK);
    assert_string_equal(x->status, "closed");
    pc_arena_destroy(a);
    geo_store_close(other);
}

static void test_building_sheet(void **state)
{
    (void)state;
    int64_t id = q_int("SELECT b.id FROM building b JOIN facility f ON f.building_id=b.id WHERE b.type_code="
                       "'mini_apartment' ORDER BY b.id LIMIT 1");
    pc_arena *a = pc_arena_create(0);
    geo_building *b = NULL;
    assert_int_equal(geo_building_get(g_store, id, a, &b), PC_OK);
    assert_string_equal(b->type_code, "mini_apartment");
    assert_true(b->floors >= 6 && b->n_exits >= 2 && b->n_footprint == 5);
    assert_non_null(b->addr_full);
    assert_true(b->compliance.facility_id > 0);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM building_exit WHERE building_id=%lld", (long long)id);
    assert_int_equal(b->n_exits, q_int(sql));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM violation v JOIN facility f ON f.id=v.facility_id "
                              "WHERE f.building_id=%lld AND v.status='open'", (long long)id);
    assert_int_equal(b->compliance.open_violations, q_int(sql));
    int64_t code_id = 0;
    assert_int_equal(geo_building_id_by_code(g_store, b->house_code, &code_id), PC_OK);
    assert_int_equal(code_id, id);
    assert_int_equal(geo_building_id_by_code(g_store, "HN-0000-0000-0", &code_id), PC_ENOTFOUND);
    assert_int_equal(geo_building_get(g_store, 99999999, a, &b), PC_ENOTFOUND);
    pc_arena_destroy(a);
}

static void test_poi_within(void **state)
{
    (void)state;
    pc_arena *a = pc_arena_create(0);
    geo_lonlat c = {105.8542, 21.0285};
    geo_poi *p = NULL;
    size_t n = 0;
    assert_int_equal(geo_poi_within(g_store, GEO_POI_HYDRANT, c, 5000, 0, a, &p, &n), PC_OK);
    assert_int_equal(n, q_int("SELECT count(*) FROM hydrant"));
    for (size_t i = 1; i < n; i++)
        assert_true(p[i - 1].dist_m <= p[i].dist_m);
    /* a small radius keeps only what is within it, checked with SpatiaLite's geodesic distance */
    double r = p[n / 2].dist_m;
    assert_int_equal(geo_poi_within(g_store, GEO_POI_HYDRANT, c, r, 0, a, &p, &n), PC_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM hydrant WHERE ST_Distance(geom,MakePoint(%.7f,%.7f,4326),1) <= %.3f",
             c.lon_deg, c.lat_deg, r + 0.5);
    int64_t want = q_int(sql);
    assert_true((int64_t)n >= want - 1 && (int64_t)n <= want);
    assert_int_equal(geo_poi_within(g_store, GEO_POI_STATION, c, 5000, 1, a, &p, &n), PC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(geo_poi_within(g_store, GEO_POI_ASSEMBLY_AREA, c, 5000, 0, a, &p, &n), PC_OK);
    assert_true(n >= 1);
    assert_int_equal(geo_poi_within(g_store, GEO_POI_HYDRANT, c, 50000, 0, a, &p, &n), PC_ELIMIT);
    geo_lonlat bad = {200, 21};
    assert_int_equal(geo_poi_within(g_store, GEO_POI_HYDRANT, bad, 100, 0, a, &p, &n), PC_EINVAL);
    pc_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_table),
        cmocka_unit_test(test_full_cycle),
        cmocka_unit_test(test_building_sheet),
        cmocka_unit_test(test_poi_within),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
