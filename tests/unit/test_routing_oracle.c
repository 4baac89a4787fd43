/* test_routing_oracle.c — our shortest-path costs against an oracle we did
 * not write: SpatiaLite's VirtualRouting (CreateRouting, Dijkstra) built
 * over the same road_edge rows with the same per-vehicle usability and
 * costs, computed here in SQL from the profile (length_m / (speed / 3.6),
 * width, clear height, access, oneway). Random node pairs must get equal
 * costs within 1e-6 relative and the same reachable/unreachable verdict.
 *
 * Graphs: the demo city (generated here) and, when the environment gives
 * the real Hanoi graph (../shared/osm/hanoi-roads.osm.pbf imported into a
 * temporary store, or the store PCCC_ORACLE_DB names), that one too; without
 * either, the OSM part is skipped with a message. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_city.h"
#include "geo_road.h"
#include "geo_store_int.h"
#include "rt_search.h"
#include "geo_osm_import.h"
#include "test_util.h"

static rt_profile_set profiles;

/* The speed CASE expression of a profile over road_edge.class. */
static void speed_case(const rt_profile *p, char *buf, size_t n)
{
    size_t o = (size_t)snprintf(buf, n, "(CASE CASE WHEN class LIKE '%%\\_link' ESCAPE '\\'"
                                        " THEN substr(class, 1, length(class) - 5) ELSE class END");
    for (int c = 0; c < RT_CLASS_OTHER; c++)
        if (p->speed_kmh[c] > 0)
            o += (size_t)snprintf(buf + o, n - o, " WHEN '%s' THEN %.17g", rt_class_name((rt_class)c), p->speed_kmh[c]);
    snprintf(buf + o, n - o, " ELSE %.17g END)", p->speed_kmh[RT_CLASS_OTHER]);
}

static void exec(geo_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", msg ? msg : "?", sql);
}

/* Builds oracle_vr over the edges profile p may use. Returns the edge count. */
static int64_t build_oracle(geo_store *s, const rt_profile *p)
{
    char spd[2048], sql[8192];
    speed_case(p, spd, sizeof spd);
    exec(s, "DROP TABLE IF EXISTS oracle_e;"
            "CREATE TABLE oracle_e(id INTEGER PRIMARY KEY, node_from INTEGER NOT NULL, node_to INTEGER NOT NULL,"
            " cost DOUBLE NOT NULL, fwd INTEGER NOT NULL, rev INTEGER NOT NULL)");
    snprintf(sql, sizeof sql,
             "INSERT INTO oracle_e SELECT id, node_from, node_to, length_m / (%s / 3.6), 1,"
             " CASE WHEN oneway = 1 AND %d THEN 0 ELSE 1 END FROM road_edge"
             " WHERE %s = 1 AND width_m >= %.17g AND (maxheight_m IS NULL OR maxheight_m >= %.17g) AND %s > 0",
             spd, p->obeys_oneway, p->access == RT_ACCESS_MOTOR ? "motor" : "foot", rt_profile_min_width_m(p),
             p->clear_height_m, spd);
    exec(s, sql);
    if (getenv("ORACLE_DEBUG"))
        print_message("%s\n", sql);
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT count(*) FROM oracle_e", -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (n == 0)
        return 0;
    for (sqlite3_stmt *b = sqlite3_next_stmt(s->db, NULL); b; b = sqlite3_next_stmt(s->db, b))
        if (sqlite3_stmt_busy(b))
            print_message("busy: %s\n", sqlite3_sql(b));
    if (sqlite3_prepare_v2(s->db,
                           "SELECT CreateRouting('oracle_data','oracle_vr','oracle_e','node_from','node_to',NULL,"
                           "'cost',NULL,0,1,'fwd','rev',1)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        fail_msg("CreateRouting: %s", sqlite3_errmsg(s->db));
    int ok = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (ok != 1)
        fail_msg("CreateRouting failed for %s", p->name);
    return n;
}

/* The oracle's cost from a to b (INFINITY when unreachable or unknown). */
static double oracle_cost(geo_store *s, sqlite3_stmt *st, int64_t a, int64_t b)
{
    (void)s;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    double c = INFINITY;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *role = (const char *)sqlite3_column_text(st, 0);
        if (role && strcmp(role, "Route") == 0 && sqlite3_column_type(st, 1) != SQLITE_NULL)
            c = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    return c;
}

/* When we find a cheaper route than the oracle: re-checks our path with the
 * oracle's own edge table (each edge present, allowed in the direction
 * driven, consecutive) and sums its costs there. */
static int shorter_path_checks(geo_store *s, const rt_graph *g, rt_query *q, int profile, int32_t a, int32_t b,
                               double ours)
{
    rt_route r;
    rt_route_opts o = {.profile = profile, .max_snap_m = 1};
    if (rt_route_find(q, rt_graph_node_pos(g, a), rt_graph_node_pos(g, b), &o, &r) != PC_OK ||
        r.status != RT_REACHED) {
        rt_route_free(&r);
        return 0;
    }
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s->db, "SELECT node_from, node_to, cost, fwd, rev FROM oracle_e WHERE id = ?", -1, &st, NULL);
    int64_t cur = rt_graph_node_id(g, a);
    double sum = 0;
    int ok = st != NULL;
    for (size_t i = 0; ok && i < r.n_edges; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, rt_graph_edge_id(g, r.edges[i]));
        ok = sqlite3_step(st) == SQLITE_ROW;
        if (!ok)
            break;
        int64_t f = sqlite3_column_int64(st, 0), t = sqlite3_column_int64(st, 1);
        if (f == cur && sqlite3_column_int(st, 3))
            cur = t;
        else if (t == cur && sqlite3_column_int(st, 4))
            cur = f;
        else
            ok = 0;
        sum += sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    rt_route_free(&r);
    return ok && cur == rt_graph_node_id(g, b) && fabs(sum - ours) <= 1e-9 * ours;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((rng_state >> 33) % n);
}

/* Compares n_pairs random node pairs for one profile. */
static void compare_profile(geo_store *s, const rt_graph *g, rt_query *q, int profile, int n_pairs)
{
    const rt_profile *p = &profiles.p[profile];
    int64_t n_edges = build_oracle(s, p);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT Role, Cost FROM oracle_vr WHERE NodeFrom = ? AND NodeTo = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    /* four pairs in five between nodes on roads this vehicle may use, the rest anywhere */
    uint32_t n = (uint32_t)rt_graph_n_nodes(g), n_use = 0;
    int32_t *use = malloc(n * sizeof *use);
    char *seen = calloc(n, 1);
    assert_non_null(use);
    assert_non_null(seen);
    for (int32_t e = 0; e < (int32_t)rt_graph_n_edges(g); e++) {
        if (isinf(rt_graph_edge_cost_s(g, profile, e, 0)) && isinf(rt_graph_edge_cost_s(g, profile, e, 1)))
            continue;
        int32_t v, w;
        rt_graph_edge_nodes(g, e, &v, &w);
        if (!seen[v])
            seen[v] = 1, use[n_use++] = v;
        if (!seen[w])
            seen[w] = 1, use[n_use++] = w;
    }
    free(seen);
    int reachable = 0, unreachable = 0, oracle_worse = 0;
    double worst = 0;
    for (int i = 0; i < n_pairs; i++) {
        int on_road = n_use > 1 && i % 5 != 4;
        int32_t a = on_road ? use[rnd(n_use)] : (int32_t)rnd(n), b = on_road ? use[rnd(n_use)] : (int32_t)rnd(n);
        if (a == b)
            continue;
        double ours, theirs = n_edges ? oracle_cost(s, st, rt_graph_node_id(g, a), rt_graph_node_id(g, b)) : INFINITY;
        double astar;
        assert_int_equal(rt_node_cost(q, profile, a, b, 0, RT_ALGO_BIDIR_DIJKSTRA, &ours), PC_OK);
        assert_int_equal(rt_node_cost(q, profile, a, b, 0, RT_ALGO_BIDIR_ASTAR, &astar), PC_OK);
        assert_true(isinf(ours) == isinf(astar) && (isinf(ours) || fabs(ours - astar) <= 1e-9 * ours));
        if (isinf(ours) != isinf(theirs))
            fail_msg("%s %lld -> %lld: ours %g, VirtualRouting %g", p->name, (long long)rt_graph_node_id(g, a),
                     (long long)rt_graph_node_id(g, b), ours, theirs);
        if (isinf(ours)) {
            unreachable++;
            continue;
        }
        reachable++;
        double rel = fabs(ours - theirs) / fmax(theirs, 1e-9);
        if (rel > 1e-6 && ours < theirs && shorter_path_checks(s, g, q, profile, a, b, ours)) {
            oracle_worse++; /* VirtualRouting missed a shorter path that we verified edge by edge */
            continue;
        }
        worst = rel > worst ? rel : worst;
        if (rel > 1e-6)
            fail_msg("%s %lld -> %lld: ours %.9f s, VirtualRouting %.9f s", p->name,
                     (long long)rt_graph_node_id(g, a), (long long)rt_graph_node_id(g, b), ours, theirs);
    }
    sqlite3_finalize(st);
    free(use);
    print_message("  %-13s %lld usable edges: %d reachable pairs equal (worst relative difference %.2g), "
                  "%d unreachable pairs agree, %d where VirtualRouting's cost is higher and our shorter path "
                  "checks out in SQL\n",
                  p->name, (long long)n_edges, reachable - oracle_worse, worst, unreachable, oracle_worse);
    assert_true(reachable > 0);
}

static void compare_store(geo_store *s, int n_pairs)
{
    geo_road_net *net = NULL;
    rt_graph *g = NULL;
    rt_query *q = NULL;
    char err[256];
    assert_int_equal(geo_road_load(s, &net, err, sizeof err), PC_OK);
    assert_int_equal(rt_graph_build(net, &profiles, &g, err, sizeof err), PC_OK);
    geo_road_net_free(net);
    assert_int_equal(rt_query_create(g, &q), PC_OK);
    print_message("  graph: %zu nodes, %zu edges\n", rt_graph_n_nodes(g), rt_graph_n_edges(g));
    static const char *const kinds[] = {"engine", "small_engine", "motorbike", "foot"};
    for (int k = 0; k < 4; k++) {
        int p = rt_profiles_find(&profiles, kinds[k]);
        assert_true(p >= 0);
        compare_profile(s, g, q, p, k == 0 ? n_pairs : n_pairs / 4);
    }
    rt_query_destroy(q);
    rt_graph_destroy(g);
}

static void test_oracle_demo(void **state)
{
    (void)state;
    char path[512], err[512];
    geo_store *s = NULL;
    test_db_path(path, sizeof path, "oracle-demo");
    assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
    demo_params dp = {.scale = 20, .seed = 3, .quiet = 1};
    demo_stats ds;
    assert_int_equal(demo_city_generate(s, &dp, &ds, err, sizeof err), PC_OK);
    geo_store_close(s); /* a fresh connection, as a server worker would have */
    assert_int_equal(geo_store_open(path, 0, &s, err, sizeof err), PC_OK);
    compare_store(s, 1000);
    geo_store_close(s);
    test_db_remove(path);
}

#ifndef PCCC_OSM_DIR
#define PCCC_OSM_DIR "../shared/osm"
#endif

/* The real Hanoi road graph: PCCC_ORACLE_DB when set, else hanoi-roads.osm.pbf
 * from the shared extracts imported into a temporary store. */
static void test_oracle_osm(void **state)
{
    (void)state;
    const char *db = getenv("PCCC_ORACLE_DB");
    char path[512], err[512], pbf[600];
    geo_store *s = NULL;
    int temp = !db || !*db;
    if (temp) {
        snprintf(pbf, sizeof pbf, "%s/hanoi-roads.osm.pbf", PCCC_OSM_DIR);
        if (access(pbf, R_OK) != 0) {
            print_message("  skipped: %s is absent (the shared OSM extracts are not beside the project)\n", pbf);
            skip();
        }
        test_db_path(path, sizeof path, "oracle-osm");
        assert_int_equal(geo_store_open(path, GEO_STORE_CREATE, &s, err, sizeof err), PC_OK);
        geo_osm_options o = {.quiet = 1};
        geo_osm_stats st;
        if (geo_osm_import(s, pbf, &o, &st, err, sizeof err) != PC_OK)
            fail_msg("import %s: %s", pbf, err);
        /* VirtualRouting refuses zero costs: zero-length OSM edges get 1 mm in both graphs */
        exec(s, "UPDATE road_edge SET length_m = 0.001 WHERE length_m < 0.001");
    } else {
        assert_int_equal(geo_store_open(db, 0, &s, err, sizeof err), PC_OK);
    }
    compare_store(s, 1000);
    exec(s, "DROP TABLE IF EXISTS oracle_vr;"
            " DROP TABLE IF EXISTS oracle_data; DROP TABLE IF EXISTS oracle_e");
    geo_store_close(s);
    if (temp)
        test_db_remove(path);
}

int main(void)
{
    if (rt_profiles_default(&profiles) != PC_OK)
        return 1;
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_oracle_demo), cmocka_unit_test(test_oracle_osm)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
