/* test_plan_json.c — the plan document as the API writes it, parsed back.
 *
 * Plans for buildings of a demo city are serialised with http_plan_json()
 * (hand-formatted coordinates and numbers, cJSON nodes from a per-thread
 * region) and parsed again with cJSON: every figure must equal the engine's
 * value to the printed precision, every geometry must be GeoJSON, and two
 * threads writing plans at once must each get their own document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "demo_city.h"
#include "graph.h"
#include "http_plan_json.h"
#include "plan.h"
#include "test_util.h"

static char g_path[512];
static geo_store *g_store;
static rt_graph *g_graph;
static eng_plan_rules g_rules;

static int setup(void **state)
{
    (void)state;
    char err[512];
    test_db_path(g_path, sizeof g_path, "plan-json");
    if (geo_store_open(g_path, GEO_STORE_CREATE, &g_store, err, sizeof err) != PC_OK)
        return -1;
    demo_params p = {.scale = 2, .seed = 3, .quiet = 1};
    demo_stats st;
    if (demo_city_generate(g_store, &p, &st, err, sizeof err) != PC_OK ||
        eng_graph_load(g_store, NULL, 0, &g_graph, err, sizeof err) != PC_OK || eng_rules_default(&g_rules) != PC_OK)
        return -1;
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

static void near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: %.9f written, %.9f in the plan", what, got, want);
}

static double num_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v))
        fail_msg("%s is not a number", k);
    return v->valuedouble;
}

/* A GeoJSON geometry of the type, whose points equal pts to 1e-7 degrees. */
static void check_line(const cJSON *g, const geo_lonlat *pts, size_t n)
{
    if (n < 2) {
        assert_true(cJSON_IsNull(g));
        return;
    }
    assert_string_equal(cJSON_GetObjectItem(g, "type")->valuestring, "LineString");
    const cJSON *c = cJSON_GetObjectItem(g, "coordinates");
    assert_int_equal(cJSON_GetArraySize(c), (int)n);
    for (size_t i = 0; i < n; i++) {
        const cJSON *pt = cJSON_GetArrayItem(c, (int)i);
        near(cJSON_GetArrayItem(pt, 0)->valuedouble, pts[i].lon_deg, 0.51e-7, "lon");
        near(cJSON_GetArrayItem(pt, 1)->valuedouble, pts[i].lat_deg, 0.51e-7, "lat");
    }
}

static void check_places(const cJSON *a, const eng_place *v, size_t n)
{
    assert_int_equal(cJSON_GetArraySize(a), (int)n);
    for (size_t i = 0; i < n; i++) {
        const cJSON *o = cJSON_GetArrayItem(a, (int)i);
        assert_int_equal((int64_t)num_of(o, "id"), v[i].poi.id);
        near(num_of(o, "straight_m"), v[i].poi.dist_m, 0.05 + 1e-9, "straight_m");
        const cJSON *path = cJSON_GetObjectItem(o, "path_m");
        if (v[i].walk_m < 0)
            assert_true(cJSON_IsNull(path));
        else
            near(path->valuedouble, v[i].walk_m, 0.05 + 1e-9, "path_m");
        const cJSON *pos = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "geometry"), "coordinates");
        near(cJSON_GetArrayItem(pos, 0)->valuedouble, v[i].poi.pos.lon_deg, 0.51e-7, "place lon");
    }
}

/* The document of plan p, parsed, checked field by field against p. */
static void check_plan(const eng_plan *p)
{
    char *text = http_plan_json(p, NULL, 0);
    assert_non_null(text);
    cJSON *doc = cJSON_Parse(text);
    if (!doc)
        fail_msg("not JSON: %.200s", text);
    const cJSON *units = cJSON_GetObjectItem(doc, "units");
    assert_int_equal(cJSON_GetArraySize(units), (int)p->n_units);
    for (size_t i = 0; i < p->n_units; i++) {
        const cJSON *u = cJSON_GetArrayItem(units, (int)i);
        assert_int_equal((int64_t)num_of(u, "id"), p->units[i].unit.id);
        near(num_of(u, "eta_s"), p->units[i].eta_s, 0.05 + 1e-9, "eta_s");
        near(num_of(u, "distance_m"), p->units[i].dist_m, 0.05 + 1e-9, "distance_m");
        check_line(cJSON_GetObjectItem(u, "route"), p->units[i].route.pts, p->units[i].route.n_pts);
    }
    const cJSON *acc = cJSON_GetObjectItem(doc, "access");
    for (size_t i = 0; i < p->n_access; i++) {
        const cJSON *x = cJSON_GetArrayItem(acc, (int)i);
        if (!p->access[i].reachable)
            continue;
        near(num_of(x, "hose_m"), p->access[i].hose_m, 0.05 + 1e-9, "hose_m");
        check_line(cJSON_GetObjectItem(x, "hose_line"), p->access[i].hose_line.pts, p->access[i].hose_line.n_pts);
    }
    const cJSON *water = cJSON_GetObjectItem(doc, "water");
    check_places(cJSON_GetObjectItem(water, "hydrants"), p->hydrants, p->n_hydrants);
    check_places(cJSON_GetObjectItem(water, "draft_points"), p->draft_points, p->n_draft_points);
    check_places(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "neighbours"), "fire_points"), p->fire_points,
                 p->n_fire_points);
    if (p->building && p->building->height_m >= 0)
        near(num_of(cJSON_GetObjectItem(doc, "building"), "height_m"), p->building->height_m, 0.05 + 1e-9,
             "height_m");
    cJSON_Delete(doc);
    free(text);
}

typedef struct worker {
    int64_t first;
    int n;
    size_t checked;
} worker;

/* Plans for n buildings from id first, each written and checked. */
static void *run(void *arg)
{
    worker *w = arg;
    eng_plan_ctx *ctx = NULL;
    if (eng_plan_ctx_create(g_store, g_graph, &g_rules, &ctx) != PC_OK)
        return NULL;
    pc_arena *a = pc_arena_create(0);
    for (int i = 0; i < w->n; i++) {
        eng_plan_req req = {.building_id = w->first + i * 7, .now_s = 1000};
        eng_plan *p = NULL;
        if (eng_plan_build(ctx, &req, a, &p) == PC_OK) {
            check_plan(p);
            w->checked++;
        }
        pc_arena_reset(a);
    }
    pc_arena_destroy(a);
    eng_plan_ctx_destroy(ctx);
    return NULL;
}

static void test_plans_round_trip(void **state)
{
    (void)state;
    worker w = {1, 60, 0};
    run(&w);
    assert_int_equal(w.checked, 60);
}

/* Two threads writing documents at once, each with its own store handle. */
static void *run_own_store(void *arg)
{
    worker *w = arg;
    char err[256];
    geo_store *s = NULL;
    if (geo_store_open(g_path, 0, &s, err, sizeof err) != PC_OK)
        return NULL;
    eng_plan_ctx *ctx = NULL;
    pc_arena *a = pc_arena_create(0);
    if (eng_plan_ctx_create(s, g_graph, &g_rules, &ctx) == PC_OK)
        for (int i = 0; i < w->n; i++) {
            eng_plan_req req = {.building_id = w->first + i * 5, .now_s = 1000};
            eng_plan *p = NULL;
            if (eng_plan_build(ctx, &req, a, &p) == PC_OK) {
                char *text = http_plan_json(p, NULL, 0);
                cJSON *doc = text ? cJSON_Parse(text) : NULL;
                const cJSON *units = cJSON_GetObjectItem(doc, "units");
                if (doc && cJSON_GetArraySize(units) == (int)p->n_units &&
                    (p->n_units == 0 ||
                     (int64_t)cJSON_GetArrayItem(units, 0)->child->valuedouble == p->units[0].unit.id))
                    w->checked++;
                cJSON_Delete(doc);
                free(text);
            }
            pc_arena_reset(a);
        }
    eng_plan_ctx_destroy(ctx);
    pc_arena_destroy(a);
    geo_store_close(s);
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    worker w[2] = {{3, 80, 0}, {400, 80, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, run_own_store, &w[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_int_equal(w[0].checked, 80);
    assert_int_equal(w[1].checked, 80);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_plans_round_trip), cmocka_unit_test(test_two_threads)};
    return cmocka_run_group_tests_name("plan json", tests, setup, teardown);
}
