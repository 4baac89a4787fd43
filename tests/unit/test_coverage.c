/* test_coverage.c — coverage gaps on a small hand-made city with exact
 * expected classes, sums per ward, the alley and what-if deltas; then, on a
 * generated demo city, every class cross-checked against the response plan
 * (eng_plan_build: staging point by its own walk, drive time by its own
 * K-nearest search) for a sample of buildings.
 *
 * The hand-made city (x east, y north, metres from 105.8 E, 21.0 N):
 *   main road (secondary, 8 m, engine 30 km/h = 0.12 s/m): N1 (0,0) - N2 (1000,0)
 *     - N3 (2500,0) - N4 (4500,0); station S at (0,-20) with one engine.
 *   alley (residential, 2 m: too narrow for an engine): N2 - N5 (1000,100) - N6 (1000,200).
 *   an island road N7 (0,5000) - N8 (300,5000), connected to nothing.
 *   B1 (500,-10) 10 occ: at the door, 60 s -> t1; hydrant (500,-5) -> water.
 *   B2 (2550,-10) 20 occ: 306 s -> t2; draft point (2500,-5) -> water.
 *   B3 (4400,-10) 30 occ: 528 s -> beyond; no water.
 *   B4 (1005,100) 40 occ: staging N2, hose 105 m, 120 s -> t1; behind the alley; no water.
 *   B5 (1005,200) 50 occ: hose 205 m -> beyond hose reach; t1.
 *   B6 (150,4990) 60 occ: unreachable.
 *   Wards W1 (B1-B3) and W2 (B4-B6) under the city. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "demo_city.h"
#include "geo_housecode.h"
#include "geo_write.h"
#include "graph.h"
#include "plan.h"
#include "test_util.h"

#define LON0 105.8
#define LAT0 21.0
#define M_LAT (1.0 / 111320.0)

static geo_lonlat P(double x, double y)
{
    return (geo_lonlat){LON0 + x * M_LAT / cos(LAT0 * M_PI / 180), LAT0 + y * M_LAT};
}

static void square(double x, double y, double h, geo_lonlat ring[4])
{
    ring[0] = P(x - h, y - h), ring[1] = P(x + h, y - h), ring[2] = P(x + h, y + h), ring[3] = P(x - h, y + h);
}

static void edge(geo_store *s, int64_t a, int64_t b, double ax, double ay, double bx, double by, const char *cls,
                 double width)
{
    geo_lonlat pts[2] = {P(ax, ay), P(bx, by)};
    geo_edge_rec e = {.node_from = a, .node_to = b, .cls = cls, .name = "road", .width_m = width, .width_tagged = 1,
                      .motor = 1, .foot = 1, .length_m = hypot(bx - ax, by - ay), .pts = pts, .n_pts = 2};
    assert_int_equal(geo_write_road_edge(s, &e, NULL), PC_OK);
}

static void building(geo_store *s, int serial, double x, double y, int occ, int64_t ward)
{
    char code[32];
    geo_lonlat ring[4];
    assert_int_equal(geo_housecode_make(1, (uint64_t)serial, code), PC_OK);
    square(x, y - 8, 6, ring);
    geo_building_rec b = {.house_code = code, .admin_unit_id = ward, .type_code = "other", .floors = -1,
                          .basements = -1, .height_m = -1, .footprint_m2 = -1, .apartments = -1, .rooms = -1,
                          .occupants = occ, .vuln_elderly = -1, .vuln_children = -1, .vuln_disabled = -1,
                          .vuln_bedridden = -1, .ring = ring, .n_ring = 4, .entrance = P(x, y)};
    assert_int_equal(geo_write_building(s, &b, NULL), PC_OK);
}

static void make_city(geo_store *s)
{
    geo_lonlat ring[4];
    square(2000, 2000, 6000, ring);
    assert_int_equal(geo_write_admin_unit(s, 1, "C", "City", 1, 0, -1, ring, 4), PC_OK);
    assert_int_equal(geo_write_admin_unit(s, 2, "W1", "Ward One", 3, 1, -1, ring, 4), PC_OK);
    assert_int_equal(geo_write_admin_unit(s, 3, "W2", "Ward Two", 3, 1, -1, ring, 4), PC_OK);
    const double nx[] = {0, 0, 1000, 2500, 4500, 1000, 1000, 0, 300}, ny[] = {0, 0, 0, 0, 0, 100, 200, 5000, 5000};
    for (int i = 1; i <= 8; i++)
        assert_int_equal(geo_write_road_node(s, i, P(nx[i], ny[i])), PC_OK);
    edge(s, 1, 2, 0, 0, 1000, 0, "secondary", 8);
    edge(s, 2, 3, 1000, 0, 2500, 0, "secondary", 8);
    edge(s, 3, 4, 2500, 0, 4500, 0, "secondary", 8);
    edge(s, 2, 5, 1000, 0, 1000, 100, "residential", 2);
    edge(s, 5, 6, 1000, 100, 1000, 200, "residential", 2);
    edge(s, 7, 8, 0, 5000, 300, 5000, "secondary", 8);
    int64_t st = 0;
    assert_int_equal(geo_write_station(s, "S1", "Station", NULL, NULL, 0, P(0, -20), &st), PC_OK);
    geo_unit_rec u = {.code = "E1", .station_id = st, .kind = "engine", .width_m = 2.5, .height_m = 3.3,
                      .water_l = -1, .ladder_m = -1, .crew = -1};
    assert_int_equal(geo_write_unit(s, &u, NULL), PC_OK);
    geo_hydrant_rec h = {.code = "H1", .kind = "pillar", .status = "working", .flow_lpm = -1, .pressure_bar = -1,
                         .diameter_mm = -1, .pos = P(500, -5)};
    assert_int_equal(geo_write_hydrant(s, &h), PC_OK);
    h = (geo_hydrant_rec){.code = "H2", .kind = "pillar", .status = "broken", .flow_lpm = -1, .pressure_bar = -1,
                          .diameter_mm = -1, .pos = P(1000, -5)};
    assert_int_equal(geo_write_hydrant(s, &h), PC_OK);
    assert_int_equal(geo_write_draft_point(s, 0, NULL, P(2500, -5)), PC_OK);
    building(s, 1, 500, -10, 10, 2);
    building(s, 2, 2550, -10, 20, 2);
    building(s, 3, 4400, -10, 30, 2);
    building(s, 4, 1005, 100, 40, 3);
    building(s, 5, 1005, 200, 50, 3);
    building(s, 6, 150, 4990, 60, 3);
}

typedef struct fixture {
    char path[512];
    geo_store *s;
    rt_graph *g;
    eng_cov_ctx *c;
} fixture;

static int setup_hand(void **state)
{
    static fixture f;
    char err[512];
    test_db_path(f.path, sizeof f.path, "coverage");
    assert_int_equal(geo_store_open(f.path, GEO_STORE_CREATE, &f.s, err, sizeof err), PC_OK);
    make_city(f.s);
    assert_int_equal(eng_graph_load(f.s, NULL, 0, &f.g, err, sizeof err), PC_OK);
    assert_int_equal(eng_cov_ctx_create(f.s, f.g, &f.c, err, sizeof err), PC_OK);
    *state = &f;
    return 0;
}

static int teardown_all(void **state)
{
    fixture *f = *state;
    eng_cov_ctx_destroy(f->c);
    rt_graph_destroy(f->g);
    geo_store_close(f->s);
    test_db_remove(f->path);
    return 0;
}

static void test_hand_classes(void **state)
{
    fixture *f = *state;
    char err[256];
    eng_cov_result *r = NULL;
    assert_int_equal(eng_cov_run(f->c, f->s, NULL, NULL, &r, err, sizeof err), PC_OK);
    assert_int_equal(r->n_b, 6);
    const uint8_t cls[6] = {ENG_COV_T1, ENG_COV_T2, ENG_COV_BEYOND, ENG_COV_T1, ENG_COV_T1, ENG_COV_UNREACHABLE};
    const double drive[6] = {60, 306, 528, 120, 120, INFINITY}, hose[6] = {10, 10, 10, 105, 205, INFINITY};
    const int no_water[6] = {0, 0, 1, 1, 1, 1};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(r->b[i].cls, cls[i]);
        if (isfinite(drive[i]))
            assert_true(fabs(r->b[i].drive_s - drive[i]) < 0.5);
        else
            assert_false(isfinite(r->b[i].drive_s));
        if (isfinite(hose[i]))
            assert_true(fabs(r->b[i].hose_m - hose[i]) < 0.5);
        assert_int_equal(r->b[i].no_water, no_water[i]);
    }
    /* per ward and rolled up */
    long w1 = eng_cov_unit_find(r, "W1"), w2 = eng_cov_unit_find(r, "W2"), city = eng_cov_unit_find(r, "C");
    assert_true(w1 >= 0 && w2 >= 0 && city >= 0);
    const eng_cov_sum *a = &r->units[w1].sum, *b = &r->units[w2].sum, *c = &r->units[city].sum;
    assert_int_equal(a->n[ENG_COV_T1], 1), assert_int_equal(a->n[ENG_COV_T2], 1);
    assert_int_equal(a->n[ENG_COV_BEYOND], 1), assert_int_equal(a->occ[ENG_COV_BEYOND], 30);
    assert_int_equal(b->n[ENG_COV_T1], 2), assert_int_equal(b->occ[ENG_COV_T1], 90);
    assert_int_equal(b->n[ENG_COV_UNREACHABLE], 1), assert_int_equal(b->occ[ENG_COV_UNREACHABLE], 60);
    assert_int_equal(b->n_hose_beyond, 2), assert_int_equal(b->occ_hose_beyond, 110);
    assert_int_equal(c->n_buildings, 6), assert_int_equal(c->occupants, 210);
    assert_int_equal(c->n_no_water, 4), assert_int_equal(c->occ_no_water, 180);
    assert_int_equal(c->n[ENG_COV_T1], 3), assert_int_equal(r->city.n[ENG_COV_T1], 3);
    /* the alley: B4 and B5 behind it, 2 m < 3.5 m */
    assert_int_equal(r->n_alleys, 1);
    assert_int_equal(r->alleys[0].n_buildings, 2);
    assert_int_equal(r->alleys[0].occupants, 90);
    assert_true(r->alleys[0].narrower);
    /* worst first: the unreachable one, then beyond */
    size_t *idx = NULL, n = 0;
    assert_int_equal(eng_cov_worst(f->c, r, -1, NULL, 2, &idx, &n), PC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(idx[0], 5), assert_int_equal(idx[1], 2);
    free(idx);
    /* thresholds are options */
    eng_cov_result *r2 = NULL;
    eng_cov_opts o = {.t1_s = 100, .t2_s = 600};
    assert_int_equal(eng_cov_run(f->c, f->s, &o, NULL, &r2, err, sizeof err), PC_OK);
    assert_int_equal(r2->b[3].cls, ENG_COV_T2), assert_int_equal(r2->b[2].cls, ENG_COV_T2);
    eng_cov_result_destroy(r2);
    eng_cov_result_destroy(r);
}

static void test_hand_what_if(void **state)
{
    fixture *f = *state;
    char err[256];
    eng_cov_result *x = NULL, *y = NULL;
    assert_int_equal(eng_cov_run(f->c, f->s, NULL, NULL, &x, err, sizeof err), PC_OK);
    eng_cov_new_station ns = {.pos = P(4500, -20), .kinds = {"engine"}, .n_kinds = 1};
    geo_lonlat hyd = P(1000, 5);
    eng_cov_scenario sc = {.add_stations = &ns, .n_add_stations = 1, .add_hydrants = &hyd, .n_add_hydrants = 1};
    assert_int_equal(eng_cov_run(f->c, f->s, NULL, &sc, &y, err, sizeof err), PC_OK);
    /* B2: min(306, 1950 m * 0.12 = 234) s; B3: 100 m = 12 s; B4 now has a hydrant 5 m from N2 */
    assert_int_equal(y->b[1].cls, ENG_COV_T1), assert_true(fabs(y->b[1].drive_s - 234) < 0.5);
    assert_int_equal(y->b[2].cls, ENG_COV_T1), assert_true(fabs(y->b[2].drive_s - 12) < 0.5);
    assert_int_equal(y->b[3].no_water, 0);
    pc_buf b = {0};
    assert_int_equal(eng_cov_delta_json(x, y, &b), PC_OK);
    assert_non_null(strstr(b.data, "\"buildings_better_class\":2"));
    pc_buf_free(&b);
    eng_cov_result_destroy(y);
    /* removing the only station: nothing reachable; the stored data unchanged */
    int64_t rm = 1;
    eng_cov_scenario sc2 = {.remove_stations = &rm, .n_remove_stations = 1};
    assert_int_equal(eng_cov_run(f->c, f->s, NULL, &sc2, &y, err, sizeof err), PC_OK);
    assert_int_equal(y->city.n[ENG_COV_UNREACHABLE], 6);
    eng_cov_result_destroy(y);
    int64_t bad = 99;
    eng_cov_scenario sc3 = {.remove_stations = &bad, .n_remove_stations = 1};
    assert_int_equal(eng_cov_run(f->c, f->s, NULL, &sc3, &y, err, sizeof err), PC_EINVAL);
    assert_non_null(strstr(err, "99"));
    eng_cov_opts o = {.vehicle = "spaceship"};
    assert_int_equal(eng_cov_run(f->c, f->s, &o, NULL, &y, err, sizeof err), PC_EINVAL);
    assert_int_equal(eng_cov_run(f->c, f->s, NULL, NULL, &y, err, sizeof err), PC_OK);
    assert_memory_equal(&y->city, &x->city, sizeof x->city);
    eng_cov_result_destroy(y);
    eng_cov_result_destroy(x);
}

/* --- the demo city against the response plan ------------------------------ */

static int setup_demo(void **state)
{
    static fixture f;
    char err[512];
    test_db_path(f.path, sizeof f.path, "coverage-demo");
    assert_int_equal(geo_store_open(f.path, GEO_STORE_CREATE, &f.s, err, sizeof err), PC_OK);
    demo_params p = {.scale = 2, .seed = 7, .quiet = 1};
    demo_stats st;
    assert_int_equal(demo_city_generate(f.s, &p, &st, err, sizeof err), PC_OK);
    assert_int_equal(eng_graph_load(f.s, NULL, 0, &f.g, err, sizeof err), PC_OK);
    assert_int_equal(eng_cov_ctx_create(f.s, f.g, &f.c, err, sizeof err), PC_OK);
    *state = &f;
    return 0;
}

/* For 500 buildings spread over the city: the plan's engine access gives
 * the staging point's hose metres and the nearest available engine's drive
 * time; coverage with available units must agree on the class (within 1 s
 * of a threshold either is accepted) and on the hose metres. */
static void test_demo_against_plan(void **state)
{
    fixture *f = *state;
    char err[256];
    eng_cov_opts o = {.available_only = 1};
    eng_cov_result *r = NULL;
    assert_int_equal(eng_cov_run(f->c, f->s, &o, NULL, &r, err, sizeof err), PC_OK);
    eng_plan_rules rules;
    assert_int_equal(eng_rules_default(&rules), PC_OK);
    rules.max_drive_s = 1e9;
    eng_plan_ctx *pc = NULL;
    assert_int_equal(eng_plan_ctx_create(f->s, f->g, &rules, &pc), PC_OK);
    size_t n = eng_cov_ctx_n_buildings(f->c), step = n / 500 ? n / 500 : 1, checked = 0, agree_hose = 0, reached = 0;
    for (size_t i = 0; i < n && checked < 500; i += step, checked++) {
        int64_t id;
        eng_cov_building(f->c, i, &id, NULL, NULL, NULL);
        pc_arena *a = pc_arena_create(0);
        eng_plan *p = NULL;
        eng_plan_req req = {.building_id = id, .now_s = 0, .only_kind = "engine"};
        assert_int_equal(eng_plan_build(pc, &req, a, &p), PC_OK);
        const eng_access *x = NULL;
        for (size_t k = 0; k < p->n_access; k++)
            if (strcmp(p->access[k].kind, "engine") == 0)
                x = &p->access[k];
        double eta = INFINITY;
        for (size_t k = 0; k < p->n_units; k++)
            if (strcmp(p->units[k].unit.kind, "engine") == 0 && p->units[k].eta_s < eta)
                eta = p->units[k].eta_s;
        if (!x || !x->reachable) {
            assert_int_equal(r->b[i].cls, ENG_COV_UNREACHABLE);
        } else {
            double d = r->b[i].drive_s;
            if (fabs(d - eta) > 1.0)
                fail_msg("building %lld: coverage %.1f s, plan %.1f s", (long long)id, d, eta);
            agree_hose += fabs(r->b[i].hose_m - x->hose_m) < 1.0;
            reached++;
        }
        pc_arena_destroy(a);
    }
    assert_int_equal(checked, 500);
    assert_true(reached > 400);
    assert_int_equal(agree_hose, reached); /* every staging point's hose metres agree */
    eng_plan_ctx_destroy(pc);
    eng_cov_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest hand[] = {
        cmocka_unit_test(test_hand_classes),
        cmocka_unit_test(test_hand_what_if),
    };
    const struct CMUnitTest demo[] = {
        cmocka_unit_test(test_demo_against_plan),
    };
    int fails = cmocka_run_group_tests_name("coverage_hand", hand, setup_hand, teardown_all);
    fails += cmocka_run_group_tests_name("coverage_demo", demo, setup_demo, teardown_all);
    return fails;
}
