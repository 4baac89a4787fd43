/* test_plan.c — the response plan on a generated demo city, checked against
 * expectations computed here independently of the plan code: a plain
 * Dijkstra over the road_edge rows gives the hose distance from a building
 * in a narrow ngách to the first junction a standard engine can use; unit
 * availability, broken hydrants, warnings and the first alarm are checked
 * against the data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "demo_city.h"
#include "geo_store_int.h"
#include "graph.h"
#include "dispatch.h"
#include "geo_outline.h"
#include "plan.h"
#include "test_util.h"

static char g_path[512];
static geo_store *g_store;
static eng_principal g_who; /* the local operator: city-wide */
static rt_graph *g_graph;
static eng_plan_rules g_rules;

static double q_double(const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g_store->db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sqlite3_errmsg(g_store->db), sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    eng_principal_cli(&g_who, "test");
    test_db_path(g_path, sizeof g_path, "plan");
    assert_int_equal(geo_store_open(g_path, GEO_STORE_CREATE, &g_store, err, sizeof err), PC_OK);
    demo_params p = {.scale = 2, .seed = 11, .quiet = 1};
    demo_stats st;
    assert_int_equal(demo_city_generate(g_store, &p, &st, err, sizeof err), PC_OK);
    assert_int_equal(eng_graph_load(g_store, NULL, 0, &g_graph, err, sizeof err), PC_OK);
    assert_int_equal(eng_rules_default(&g_rules), PC_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rt_graph_destroy(g_graph);
    geo_store_close(g_store);
    test_db_remove(g_path);
    return 0;
}

/* --- an independent walking search over the stored edges ----------------- */

typedef struct walk_graph {
    int64_t n_edges;
    int64_t *from, *to;
    double *len, *width;
    int *motor;
    int64_t max_node;
} walk_graph;

static void walk_graph_load(walk_graph *w)
{
    w->n_edges = (int64_t)q_double("SELECT count(*) FROM road_edge");
    w->max_node = (int64_t)q_double("SELECT max(id) FROM road_node");
    w->from = calloc((size_t)w->n_edges, sizeof *w->from);
    w->to = calloc((size_t)w->n_edges, sizeof *w->to);
    w->len = calloc((size_t)w->n_edges, sizeof *w->len);
    w->width = calloc((size_t)w->n_edges, sizeof *w->width);
    w->motor = calloc((size_t)w->n_edges, sizeof *w->motor);
    sqlite3_stmt *st = NULL;
    /* an edge with a gate lower than an engine's 4.5 m clearance counts as narrow */
    assert_int_equal(sqlite3_prepare_v2(g_store->db, "SELECT node_from,node_to,length_m,"
                                        "CASE WHEN maxheight_m < 4.5 THEN 0 ELSE width_m END,motor FROM road_edge "
                                        "WHERE foot=1 ORDER BY id", -1, &st, NULL), SQLITE_OK);
    int64_t i = 0;
    while (sqlite3_step(st) == SQLITE_ROW && i < w->n_edges) {
        w->from[i] = sqlite3_column_int64(st, 0), w->to[i] = sqlite3_column_int64(st, 1);
        w->len[i] = sqlite3_column_double(st, 2), w->width[i] = sqlite3_column_double(st, 3);
        w->motor[i] = sqlite3_column_int(st, 4);
        i++;
    }
    w->n_edges = i;
    sqlite3_finalize(st);
}

static void walk_graph_free(walk_graph *w)
{
    free(w->from), free(w->to), free(w->len), free(w->width), free(w->motor);
}

/* Plain O(V^2)-ish Dijkstra (Bellman-style relaxation until stable) from two
 * seeded nodes; returns the smallest distance to a node touching an edge at
 * least min_width wide open to motor traffic. */
static double dist_to_wide_road(const walk_graph *w, int64_t a, double da, int64_t b, double db, double min_width)
{
    double *d = malloc((size_t)(w->max_node + 1) * sizeof *d);
    for (int64_t i = 0; i <= w->max_node; i++)
        d[i] = INFINITY;
    d[a] = da;
    d[b] = fmin(d[b], db);
    for (int changed = 1; changed;) {
        changed = 0;
        for (int64_t e = 0; e < w->n_edges; e++) {
            if (d[w->from[e]] + w->len[e] < d[w->to[e]] - 1e-9)
                d[w->to[e]] = d[w->from[e]] + w->len[e], changed = 1;
            if (d[w->to[e]] + w->len[e] < d[w->from[e]] - 1e-9)
                d[w->from[e]] = d[w->to[e]] + w->len[e], changed = 1;
        }
    }
    double best = INFINITY;
    for (int64_t e = 0; e < w->n_edges; e++)
        if (w->motor[e] && w->width[e] >= min_width)
            best = fmin(best, fmin(d[w->from[e]], d[w->to[e]]));
    free(d);
    return best;
}

static eng_plan *plan_for(int64_t building_id, pc_arena *a)
{
    eng_plan_ctx *ctx = NULL;
    assert_int_equal(eng_plan_ctx_create(g_store, g_graph, &g_rules, &ctx), PC_OK);
    eng_plan_req req = {.building_id = building_id, .now_s = 1000};
    eng_plan *p = NULL;
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    eng_plan_ctx_destroy(ctx);
    return p;
}

static const eng_access *access_of(const eng_plan *p, const char *kind)
{
    for (size_t i = 0; i < p->n_access; i++)
        if (strcmp(p->access[i].kind, kind) == 0)
            return &p->access[i];
    return NULL;
}

static int has_warning(const eng_plan *p, const char *code)
{
    for (size_t i = 0; i < p->n_warnings; i++)
        if (strcmp(p->warnings[i].code, code) == 0)
            return 1;
    return 0;
}

/* A building down a narrow ngách: the engine stages where the walking path
 * first meets a road it can use, and the hose distance is that path's length. */
static void test_narrow_alley_staging(void **state)
{
    (void)state;
    /* a ngách lot whose ngách and ngõ are both too narrow or too low for an engine */
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(g_store->db,
        "SELECT b.id, e.node_from, e.node_to, e.length_m, Line_Locate_Point(e.geom, b.entrance), "
        "ST_Distance(e.geom, b.entrance, 1), e.width_m FROM building b, road_edge e "
        "WHERE b.addr_ngach IS NOT NULL AND e.name LIKE 'Ngách %' AND e.width_m < 2.0 "
        "AND ST_Distance(e.geom, b.entrance, 1) < 2 ORDER BY b.id LIMIT 1", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t bid = sqlite3_column_int64(st, 0), n0 = sqlite3_column_int64(st, 1), n1 = sqlite3_column_int64(st, 2);
    double len = sqlite3_column_double(st, 3), frac = sqlite3_column_double(st, 4);
    double snap = sqlite3_column_double(st, 5), width = sqlite3_column_double(st, 6);
    sqlite3_finalize(st);
    walk_graph w;
    walk_graph_load(&w);
    /* the engine needs 3.5 m (and 4.5 m clear height: see walk_graph_load) */
    double want = dist_to_wide_road(&w, n0, frac * len, n1, (1 - frac) * len, 3.5) + snap;
    walk_graph_free(&w);

    pc_arena *a = pc_arena_create(0);
    eng_plan *p = plan_for(bid, a);
    const eng_access *e = access_of(p, "engine");
    assert_non_null(e);
    assert_true(e->reachable);
    assert_false(e->at_door);
    assert_true(fabs(e->hose_m - want) < 0.5);
    assert_true(e->hose_line.n_pts >= 2);
    assert_int_equal(e->within_hose_reach, e->hose_m <= g_rules.hose_reach_m);
    assert_true(has_warning(p, "alley_too_narrow"));
    /* a fire motorbike (0.8 m) fits the ngách and stops at the door */
    const eng_access *m = access_of(p, "motorbike");
    assert_non_null(m);
    assert_true(m->reachable && m->at_door && m->hose_m < 2.0);
    assert_true(width < 2.0);
    pc_arena_destroy(a);
}

/* Units come nearest first, only available ones, and a dispatched unit is
 * not offered again. */
static void test_units_available_only(void **state)
{
    (void)state;
    int64_t bid = (int64_t)q_double("SELECT min(id) FROM building WHERE type_code='house'");
    pc_arena *a = pc_arena_create(0);
    eng_plan *p = plan_for(bid, a);
    int64_t first_engine = 0;
    for (size_t i = 0; i < p->n_units; i++) {
        if (i > 0 && strcmp(p->units[i].unit.kind, p->units[i - 1].unit.kind) == 0)
            assert_true(p->units[i].eta_s >= p->units[i - 1].eta_s);
        assert_string_equal(p->units[i].unit.status, "available");
        assert_true(p->units[i].route.n_pts >= 2);
        if (!first_engine && strcmp(p->units[i].unit.kind, "engine") == 0)
            first_engine = p->units[i].unit.id;
    }
    assert_true(first_engine > 0);
    eng_incident_new in = {.building_id = bid, .pos = p->target};
    int64_t inc = 0;
    assert_int_equal(eng_dispatch_open(g_store, &g_who, &in, &inc, NULL, 0), PC_OK);
    assert_int_equal(eng_dispatch_units(g_store, &g_who, inc, &first_engine, 1, NULL, 0), PC_OK);
    eng_plan *p2 = plan_for(bid, a);
    for (size_t i = 0; i < p2->n_units; i++)
        assert_true(p2->units[i].unit.id != first_engine);
    assert_int_equal(eng_dispatch_close(g_store, &g_who, inc, NULL, 0), PC_OK);
    assert_int_equal(eng_dispatch_unit_status(g_store, &g_who, first_engine, "available", NULL, 0), PC_OK);
    pc_arena_destroy(a);
}

/* Broken hydrants are never offered; with none working the plan says so. */
static void test_broken_hydrants_never_offered(void **state)
{
    (void)state;
    int64_t bid = (int64_t)q_double("SELECT min(id) FROM building WHERE type_code='house_business'");
    pc_arena *a = pc_arena_create(0);
    eng_plan *p = plan_for(bid, a);
    for (size_t i = 0; i < p->n_hydrants; i++)
        assert_string_not_equal(p->hydrants[i].poi.status, "broken");
    for (size_t i = 1; i < p->n_hydrants; i++)
        if (strcmp(p->hydrants[i].poi.status, "working") == 0)
            assert_string_equal(p->hydrants[i - 1].poi.status, "working");
    assert_int_equal(sqlite3_exec(g_store->db, "UPDATE hydrant SET status='broken' WHERE status<>'broken'"
                                               " AND last_checked_on IS NOT NULL", 0, 0, 0), SQLITE_OK);
    eng_plan *p2 = plan_for(bid, a);
    assert_int_equal(p2->n_hydrants, 0);
    assert_true(p2->broken_hydrants_near > 0);
    assert_true(has_warning(p2, "no_hydrant"));
    /* without a working hydrant the rules ask for a tanker */
    int tanker = 0;
    for (size_t i = 0; i < p2->n_first_alarm; i++)
        tanker |= strcmp(p2->first_alarm[i].kind, "tanker") == 0;
    assert_true(tanker);
    pc_arena_destroy(a);
}

static void exec_sql(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(g_store->db, sql, 0, 0, &err) != SQLITE_OK)
        fail_msg("%s: %s", err ? err : "?", sql);
}

static const eng_place *place_with_id(const eng_place *v, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].poi.id == id)
            return &v[i];
    return NULL;
}

/* One context kept across edits of the store, as a server worker keeps it:
 * every plan sees the points and stations as they are now. */
static void test_points_follow_the_store(void **state)
{
    (void)state;
    int64_t bid = (int64_t)q_double("SELECT min(id) FROM building WHERE type_code='house_business'");
    char sql[600];
    eng_plan_ctx *ctx = NULL;
    assert_int_equal(eng_plan_ctx_create(g_store, g_graph, &g_rules, &ctx), PC_OK);
    pc_arena *a = pc_arena_create(0);
    eng_plan_req req = {.building_id = bid, .now_s = 1000};
    eng_plan *p = NULL;
    exec_sql("UPDATE hydrant SET status='working'");
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    assert_true(p->n_hydrants > 0);
    int64_t first = p->hydrants[0].poi.id;
    int broken_before = p->broken_hydrants_near;
    /* a hydrant reported broken is no longer offered by the same context */
    snprintf(sql, sizeof sql, "UPDATE hydrant SET status='broken' WHERE id=%lld", (long long)first);
    exec_sql(sql);
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    assert_null(place_with_id(p->hydrants, p->n_hydrants, first));
    assert_int_equal(p->broken_hydrants_near, broken_before + 1);
    /* a public fire point added at the entrance comes first, with its details */
    snprintf(sql, sizeof sql,
             "INSERT INTO fire_point(id,code,name,extinguishers,geom) SELECT 990001,'FP-TEST','Test point',4,"
             "MakePoint(ST_X(entrance)+0.00002,ST_Y(entrance),4326) FROM building WHERE id=%lld",
             (long long)bid);
    exec_sql(sql);
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    assert_true(p->n_fire_points > 0);
    assert_int_equal(p->fire_points[0].poi.id, 990001);
    assert_string_equal(p->fire_points[0].poi.name, "Test point");
    /* a renamed point shows its new name (details are read for every plan) */
    exec_sql("UPDATE fire_point SET name='Renamed point' WHERE id=990001");
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    assert_string_equal(p->fire_points[0].poi.name, "Renamed point");
    /* moved 5 km away, it is gone */
    exec_sql("UPDATE fire_point SET geom=MakePoint(ST_X(geom)+0.05,ST_Y(geom),4326) WHERE id=990001");
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    assert_null(place_with_id(p->fire_points, p->n_fire_points, 990001));
    exec_sql("DELETE FROM fire_point WHERE id=990001");
    /* a station opened next door, with an engine, sends the first engine */
    snprintf(sql, sizeof sql,
             "INSERT INTO station(id,code,name,geom) SELECT 990001,'ST-TEST','Test station',"
             "MakePoint(ST_X(entrance),ST_Y(entrance),4326) FROM building WHERE id=%lld;"
             "INSERT INTO unit(id,code,station_id,kind,width_m,height_m) VALUES (990001,'U-TEST',990001,'engine',2.5,3.2);",
             (long long)bid);
    exec_sql(sql);
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    const eng_access *eng = access_of(p, "engine");
    assert_true(eng && eng->reachable);
    int found = 0;
    for (size_t i = 0; i < p->n_units; i++)
        found |= p->units[i].unit.id == 990001 && p->units[i].eta_s < 120;
    assert_true(found);
    exec_sql("DELETE FROM unit WHERE id=990001; DELETE FROM station WHERE id=990001;"
             "UPDATE hydrant SET status='working'");
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    for (size_t i = 0; i < p->n_units; i++)
        assert_int_not_equal(p->units[i].unit.id, 990001);
    pc_arena_destroy(a);
    eng_plan_ctx_destroy(ctx);
}

/* Nearest points of assembly areas from the in-memory outlines equal
 * SpatiaLite's ST_ClosestPoint computed in UTM 48N through PROJ (metres,
 * as ours; in degrees the nearest side can differ) for points outside,
 * and a point inside (by GEOS's ST_Contains) is its own nearest point: for
 * the demo areas and for a two-part area with a hole (a point in the hole
 * is outside the area). */
static void test_area_nearest_points_match_geos(void **state)
{
    (void)state;
    exec_sql("INSERT INTO assembly_area(id,name,kind,geom) SELECT 990002,'Test area','park',"
             "GeomFromText('MULTIPOLYGON(((105.80 21.00,105.81 21.00,105.81 21.01,105.80 21.01,105.80 21.00),"
             "(105.803 21.003,105.807 21.003,105.807 21.007,105.803 21.007,105.803 21.003)),"
             "((105.82 21.00,105.83 21.00,105.825 21.01,105.82 21.00)))',4326)");
    geo_outlines o;
    assert_int_equal(geo_outlines_assembly_areas(g_store, &o), PC_OK);
    assert_true(o.n >= 2);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(g_store->db,
                                        "SELECT ST_X(c),ST_Y(c),inside FROM (SELECT ST_Transform(ST_ClosestPoint(ST_Transform(geom,32648),"
                                        "ST_Transform(MakePoint(?2,?3,4326),32648)),4326) AS c,"
                                        " ST_Contains(geom,MakePoint(?2,?3,4326)) AS inside FROM assembly_area WHERE id=?1)", -1, &st, NULL), SQLITE_OK);
    uint64_t x = 12345;
    int compared = 0, inside_seen = 0;
    double worst = 0;
    for (size_t i = 0; i < o.n; i++)
        for (int k = 0; k < 40; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const double *bb = o.bbox[i];
            double w = bb[2] - bb[0], h = bb[3] - bb[1];
            /* around the area: inside, outside, in the hole */
            geo_lonlat p = {bb[0] - w + 3 * w * (double)(x % 1000) / 1000, bb[1] - h + 3 * h * (double)(x / 1000 % 1000) / 1000};
            if (k == 0 && o.id[i] == 990002)
                p = (geo_lonlat){105.8049, 21.0051}; /* in the hole, nearest its west side */
            geo_lonlat mine = geo_outline_closest(&o, i, p);
            sqlite3_bind_int64(st, 1, o.id[i]);
            sqlite3_bind_double(st, 2, p.lon_deg);
            sqlite3_bind_double(st, 3, p.lat_deg);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            /* ST_ClosestPoint measures to the rings: inside, ours is the
             * point itself, and GEOS's ST_Contains must agree */
            int inside = sqlite3_column_int(st, 2);
            geo_lonlat geos = inside ? p : (geo_lonlat){sqlite3_column_double(st, 0), sqlite3_column_double(st, 1)};
            sqlite3_reset(st);
            inside_seen += inside;
            double gap = geo_haversine_m(mine, geos);
            worst = gap > worst ? gap : worst;
            /* the local frame's error grows with the square of the distance
             * (a perpendicular to a meridian is not a parallel): 2 cm at the
             * plan's 800 m, 18 cm at 2.4 km */
            if (gap > 0.01 + 1e-4 * geo_haversine_m(p, geos)) {
                char q[160];
                snprintf(q, sizeof q, "SELECT ST_AsText(geom) FROM assembly_area WHERE id=%lld", (long long)o.id[i]);
                sqlite3_stmt *t = NULL;
                sqlite3_prepare_v2(g_store->db, q, -1, &t, NULL);
                if (sqlite3_step(t) == SQLITE_ROW)
                    print_message("%s\n", sqlite3_column_text(t, 0));
                sqlite3_finalize(t);
                fail_msg("area %lld at (%.7f, %.7f): ours (%.8f, %.8f), GEOS (%.8f, %.8f), %.3f m apart",
                         (long long)o.id[i], p.lon_deg, p.lat_deg, mine.lon_deg, mine.lat_deg, geos.lon_deg,
                         geos.lat_deg, gap);
            }
            compared++;
        }
    print_message("  %d nearest points equal to GEOS's (largest gap %.2g m), %d inside an area\n", compared, worst,
                  inside_seen);
    assert_true(inside_seen > 0 && inside_seen < compared);
    sqlite3_finalize(st);
    geo_outlines_free(&o);
    exec_sql("DELETE FROM assembly_area WHERE id=990002");
}

/* Warnings and the first alarm follow the building's data. */
static void test_building_warnings_and_alarm(void **state)
{
    (void)state;
    int64_t bid = (int64_t)q_double("SELECT min(b.id) FROM building b JOIN building_hazard h ON h.building_id=b.id "
                                    "AND h.hazard_code='iron_cage_balcony' WHERE b.floors >= 6");
    pc_arena *a = pc_arena_create(0);
    eng_plan *p = plan_for(bid, a);
    assert_non_null(p->building);
    assert_true(has_warning(p, "iron_cage_balcony"));
    int ladder = 0;
    for (size_t i = 0; i < p->n_first_alarm; i++)
        if (strcmp(p->first_alarm[i].kind, "ladder") == 0)
            ladder = p->first_alarm[i].wanted;
    assert_int_equal(ladder, 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM building_exit WHERE building_id=%lld", (long long)bid);
    assert_int_equal(p->building->n_exits, (size_t)q_double(sql));
    pc_arena_destroy(a);
}

/* A bare place (no building) still gets units and water. */
static void test_bare_place(void **state)
{
    (void)state;
    eng_plan_ctx *ctx = NULL;
    assert_int_equal(eng_plan_ctx_create(g_store, g_graph, &g_rules, &ctx), PC_OK);
    pc_arena *a = pc_arena_create(0);
    eng_plan_req req = {.pos = {q_double("SELECT ST_X(geom) FROM road_node ORDER BY id LIMIT 1 OFFSET 5"),
                                q_double("SELECT ST_Y(geom) FROM road_node ORDER BY id LIMIT 1 OFFSET 5")},
                        .now_s = 1000};
    eng_plan *p = NULL;
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_OK);
    assert_null(p->building);
    assert_true(p->n_units > 0);
    req.pos.lon_deg = 500;
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_EINVAL);
    req.building_id = 99999999;
    assert_int_equal(eng_plan_build(ctx, &req, a, &p), PC_ENOTFOUND);
    pc_arena_destroy(a);
    eng_plan_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_narrow_alley_staging),     cmocka_unit_test(test_units_available_only),
        cmocka_unit_test(test_building_warnings_and_alarm), cmocka_unit_test(test_bare_place),
        cmocka_unit_test(test_broken_hydrants_never_offered), cmocka_unit_test(test_points_follow_the_store),
        cmocka_unit_test(test_area_nearest_points_match_geos),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
