/* test_routing_ch.c — contraction hierarchies against the exact search.
 *
 * The exact bidirectional Dijkstra of rt_search.c is itself checked
 * against SpatiaLite's VirtualRouting (test_routing_oracle.c); here every
 * CH answer is compared with it: node-to-node costs, and whole routes
 * between snapped points (status, time, distance, the edges followed and
 * the geometry) for every vehicle profile, on hand-made graphs (oneway
 * streets, a narrow alley, a low bridge, steps, gates, parallel edges,
 * bent geometry) and on the demo city at scale 20. Where the two searches
 * pick different routes, the times must tie and each route's own street
 * times must add up to its time. Closures: a query falls back to the
 * exact search exactly when an active closure touches the profile's roads. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_city.h"
#include "geo_road.h"
#include "geo_write.h"
#include "rt_ch.h"
#include "rt_ch_int.h"
#include "test_util.h"

static const geo_lonlat ORIGIN = {105.85, 21.03};
static geo_frame frame;
static rt_profile_set profiles;
static int ENGINE, SMALL, FOOT;

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((rng_state >> 33) % n);
}
static double rndf(void) { return rnd(1u << 30) / (double)(1u << 30); }

typedef struct tnode {
    int64_t id;
    double x_m, y_m;
} tnode;

typedef struct tedge {
    int64_t from, to;
    const char *cls;
    double width_m, maxheight_m;
    int oneway, motor; /* motor 0: a gate closed to vehicles */
    double bend_m;     /* > 0: the geometry bends that far off the straight line */
    int zero_len;      /* length_m 0, as OSM imports give for duplicate nodes */
} tedge;

typedef struct world {
    char path[512];
    geo_store *s;
    rt_graph *g;
    rt_query *q;
} world;

static geo_lonlat ll(double x_m, double y_m) { return geo_frame_to_lonlat(&frame, (geo_xy){x_m, y_m}); }

static void world_load(world *w)
{
    char err[256];
    geo_road_net *net = NULL;
    assert_int_equal(geo_road_load(w->s, &net, err, sizeof err), PC_OK);
    assert_int_equal(rt_graph_build(net, &profiles, &w->g, err, sizeof err), PC_OK);
    geo_road_net_free(net);
    assert_int_equal(rt_query_create(w->g, &w->q), PC_OK);
}

static void world_make(world *w, const char *name, const tnode *n, size_t nn, const tedge *e, size_t ne)
{
    char err[256];
    test_db_path(w->path, sizeof w->path, name);
    assert_int_equal(geo_store_open(w->path, GEO_STORE_CREATE, &w->s, err, sizeof err), PC_OK);
    assert_int_equal(geo_store_begin(w->s), PC_OK);
    for (size_t i = 0; i < nn; i++)
        assert_int_equal(geo_write_road_node(w->s, n[i].id, ll(n[i].x_m, n[i].y_m)), PC_OK);
    for (size_t i = 0; i < ne; i++) {
        const tnode *a = &n[e[i].from - 1], *b = &n[e[i].to - 1]; /* ids are 1..nn in order */
        double mx = (a->x_m + b->x_m) / 2 - (b->y_m - a->y_m) * e[i].bend_m / 100,
               my = (a->y_m + b->y_m) / 2 + (b->x_m - a->x_m) * e[i].bend_m / 100;
        geo_lonlat pts[3] = {ll(a->x_m, a->y_m), ll(mx, my), ll(b->x_m, b->y_m)};
        size_t np = e[i].bend_m > 0 ? 3 : 2;
        if (np == 2)
            pts[1] = pts[2];
        double len = geo_haversine_m(pts[0], pts[1]) + (np == 3 ? geo_haversine_m(pts[1], pts[2]) : 0);
        geo_edge_rec r = {.node_from = e[i].from, .node_to = e[i].to, .cls = e[i].cls, .name = e[i].cls,
                          .width_m = e[i].width_m, .width_tagged = 1, .maxheight_m = e[i].maxheight_m,
                          .oneway = e[i].oneway, .motor = e[i].motor, .foot = 1,
                          .length_m = e[i].zero_len ? 0 : len, .pts = pts,
                          .n_pts = np};
        assert_int_equal(geo_write_road_edge(w->s, &r, NULL), PC_OK);
    }
    assert_int_equal(geo_store_commit(w->s), PC_OK);
    world_load(w);
}

static void world_free(world *w)
{
    rt_query_destroy(w->q);
    rt_graph_destroy(w->g);
    geo_store_close(w->s);
    test_db_remove(w->path);
}

/* ---- comparing a CH answer with the exact one --------------------------- */

typedef struct tally {
    int reached, unreached, ties;
} tally;

static double street_time(const rt_route *r)
{
    double t = 0;
    for (size_t i = 0; i < r->n_streets; i++)
        t += r->streets[i].time_s;
    return t;
}

/* The route from a to b with the exact search and with the CH must agree. */
static void compare_route(rt_query *q, int profile, geo_lonlat a, geo_lonlat b, int64_t now_s, rt_algo ch_algo,
                          tally *t)
{
    rt_route ex, ch;
    rt_route_opts o = {.profile = profile, .max_snap_m = 300, .now_s = now_s, .algo = RT_ALGO_BIDIR_DIJKSTRA};
    assert_int_equal(rt_route_find(q, a, b, &o, &ex), PC_OK);
    o.algo = ch_algo;
    assert_int_equal(rt_route_find(q, a, b, &o, &ch), PC_OK);
    assert_int_equal(ch.status, ex.status);
    assert_int_equal(ch.from.edge, ex.from.edge);
    assert_int_equal(ch.to.edge, ex.to.edge);
    if (ex.status != RT_REACHED) {
        assert_int_equal(ch.has_nearest, ex.has_nearest);
        t->unreached++;
        rt_route_free(&ex), rt_route_free(&ch);
        return;
    }
    t->reached++;
    assert_true(fabs(ch.time_s - ex.time_s) <= 1e-9 * fmax(1, ex.time_s));
    assert_true(fabs(street_time(&ch) - ch.time_s) <= 1e-6 * fmax(1, ch.time_s));
    int same = ch.n_edges == ex.n_edges && ch.n_pts == ex.n_pts;
    for (size_t i = 0; same && i < ch.n_edges; i++)
        same = ch.edges[i] == ex.edges[i];
    for (size_t i = 0; same && i < ch.n_pts; i++)
        same = ch.pts[i].lon_deg == ex.pts[i].lon_deg && ch.pts[i].lat_deg == ex.pts[i].lat_deg;
    if (!same) { /* a tie: both are shortest; each must be a real path of that cost between the same points */
        t->ties++;
        assert_true(fabs(street_time(&ex) - ex.time_s) <= 1e-6 * fmax(1, ex.time_s));
        assert_true(ch.pts[0].lon_deg == ex.pts[0].lon_deg && ch.pts[0].lat_deg == ex.pts[0].lat_deg);
        assert_true(ch.pts[ch.n_pts - 1].lon_deg == ex.pts[ex.n_pts - 1].lon_deg &&
                    ch.pts[ch.n_pts - 1].lat_deg == ex.pts[ex.n_pts - 1].lat_deg);
    } else {
        assert_true(fabs(ch.dist_m - ex.dist_m) <= 1e-9 * fmax(1, ex.dist_m));
        assert_int_equal(ch.n_streets, ex.n_streets);
    }
    rt_route_free(&ex), rt_route_free(&ch);
}

static void compare_nodes(rt_query *q, int profile, int32_t a, int32_t b, tally *t)
{
    double ex, ch;
    assert_int_equal(rt_node_cost(q, profile, a, b, 0, RT_ALGO_BIDIR_DIJKSTRA, &ex), PC_OK);
    assert_int_equal(rt_node_cost(q, profile, a, b, 0, RT_ALGO_CH, &ch), PC_OK);
    assert_int_equal(isinf(ch), isinf(ex));
    if (isfinite(ex))
        assert_true(fabs(ch - ex) <= 1e-9 * fmax(1, ex));
    isfinite(ex) ? t->reached++ : t->unreached++;
}

/* ---- hand-made graphs ------------------------------------------------------ */

/*   1 ---(alley 3.0 m, 200 m)--- 2 ---(gate)--- 5
 *   |                             |             |
 *   3 --------(street 10 m)------ 4 --(low bridge 4.0 m)-- 6,  3-2 steps */
static const tnode SMALL_N[] = {{1, 0, 0}, {2, 200, 0}, {3, 0, -100}, {4, 200, -100}, {5, 400, 0}, {6, 400, -100}};
static const tedge SMALL_E[] = {
    {1, 2, "residential", 3.0, 0, 0, 1, 0, 0}, {1, 3, "tertiary", 10, 0, 0, 1, 0, 0},
    {3, 4, "tertiary", 10, 0, 0, 1, 12, 0},    {2, 4, "tertiary", 10, 0, 1, 1, 0, 0}, /* oneway 2 -> 4 */
    {2, 5, "residential", 8, 0, 0, 0, 0, 0},   {4, 6, "primary", 12, 4.0, 0, 1, 0, 0},
    {5, 6, "tertiary", 10, 0, 0, 1, 5, 0},     {3, 2, "steps", 2, 0, 0, 0, 0, 0},
};

static void test_small_graph_rules(void **state)
{
    (void)state;
    world w;
    world_make(&w, "ch-small", SMALL_N, 6, SMALL_E, 8);
    rt_ch_stats st;
    assert_int_equal(rt_graph_ch_stats(w.g, ENGINE, &st), PC_ENOTFOUND);
    assert_false(rt_graph_ch_ready(w.g, ENGINE));
    assert_int_equal(rt_graph_ch_build(w.g, 99, &st), PC_EINVAL);
    assert_int_equal(rt_graph_ch_build_all(w.g, 1), PC_OK);
    for (size_t p = 0; p < profiles.n; p++)
        assert_true(rt_graph_ch_ready(w.g, (int)p));
    assert_int_equal(rt_graph_ch_stats(w.g, ENGINE, &st), PC_OK);
    assert_true(st.bytes > 0 && st.n_arcs > 0);
    /* engine: no alley (too narrow), gate, low bridge or steps, and 4 -> 2 is
     * against the oneway: node 2 cannot be reached from 1, only left */
    rt_route r;
    rt_route_opts o = {.profile = ENGINE, .max_snap_m = 50, .algo = RT_ALGO_CH};
    assert_int_equal(rt_route_find(w.q, ll(0, 0), ll(200, 0), &o, &r), PC_OK);
    assert_int_equal(r.status, RT_DISCONNECTED);
    rt_route_free(&r);
    assert_int_equal(rt_route_find(w.q, ll(200, 0), ll(0, 0), &o, &r), PC_OK);
    assert_int_equal(r.status, RT_REACHED);
    assert_int_equal(r.n_edges, 3); /* 2-4, 4-3 (bent), 3-1 */
    assert_true(r.n_pts == 5);      /* the bend's point is in the line */
    rt_route_free(&r);
    o.profile = SMALL; /* 3.0 m is wide enough for the small engine */
    assert_int_equal(rt_route_find(w.q, ll(0, 0), ll(200, 0), &o, &r), PC_OK);
    assert_int_equal(r.status, RT_REACHED);
    assert_int_equal(r.n_edges, 1);
    rt_route_free(&r);
    /* every pair of nodes and of points along the roads, every profile */
    tally t = {0};
    for (size_t p = 0; p < profiles.n; p++) {
        for (int32_t a = 0; a < 6; a++)
            for (int32_t b = 0; b < 6; b++)
                compare_nodes(w.q, (int)p, a, b, &t);
        for (int i = 0; i < 60; i++)
            compare_route(w.q, (int)p, ll(rndf() * 400, -rndf() * 100), ll(rndf() * 400, -rndf() * 100), 0,
                          RT_ALGO_CH, &t);
    }
    assert_true(t.reached > 0 && t.unreached > 0);
    world_free(&w);
}

/* A jittered 14 x 14 grid with random classes, widths, clear heights,
 * oneways, gates, bends, a few parallel edges and zero-length edges. */
static void random_world(world *w, const char *name)
{
    enum { N = 14 };
    static const char *const cls[] = {"primary", "secondary", "tertiary", "residential", "service",
                                      "footway", "living_street", "steps", "residential", "tertiary"};
    tnode n[N * N];
    tedge e[3 * N * N];
    size_t ne = 0;
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++)
            n[y * N + x] = (tnode){y * N + x + 1, x * 80.0 + rndf() * 30, y * 80.0 + rndf() * 30};
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++) {
            int64_t id = y * N + x + 1;
            for (int dir = 0; dir < 2; dir++) {
                if ((dir == 0 && x == N - 1) || (dir == 1 && y == N - 1) || rnd(10) == 0)
                    continue;
                int64_t to = dir == 0 ? id + 1 : id + N;
                tedge t = {id, to, cls[rnd(10)], 3.0 + rnd(9), rnd(8) == 0 ? 3.0 + rnd(3) : 0, rnd(5) == 0,
                           rnd(12) != 0, rnd(4) == 0 ? rndf() * 20 : 0, rnd(12) == 0};
                if (rnd(2))
                    t.from = to, t.to = id;
                e[ne++] = t;
                if (rnd(15) == 0) { /* a parallel road between the same corners */
                    t.bend_m = 10 + rndf() * 20, t.oneway = 0, t.cls = "residential";
                    e[ne++] = t;
                }
            }
        }
    world_make(w, name, n, N * N, e, ne);
}

static void test_random_grid(void **state)
{
    (void)state;
    world w;
    random_world(&w, "ch-grid");
    assert_int_equal(rt_graph_ch_build_all(w.g, 1), PC_OK);
    int32_t n = (int32_t)rt_graph_n_nodes(w.g);
    for (size_t p = 0; p < profiles.n; p++) {
        tally t = {0};
        for (int32_t a = 0; a < n; a += 3)
            for (int32_t b = 0; b < n; b += 2)
                compare_nodes(w.q, (int)p, a, b, &t);
        for (int i = 0; i < 300; i++)
            compare_route(w.q, (int)p, ll(rndf() * 1150, rndf() * 1150), ll(rndf() * 1150, rndf() * 1150), 0,
                          RT_ALGO_AUTO, &t);
        /* the same edge, both ways (a oneway may force a loop round the block) */
        rt_snap s;
        if (rt_graph_snap(w.g, (int)p, ll(500, 500), 300, 0, &s) == PC_OK) {
            geo_lonlat a = rt_edge_point_at(w.g, s.edge, 0.2), b = rt_edge_point_at(w.g, s.edge, 0.7);
            compare_route(w.q, (int)p, a, b, 0, RT_ALGO_AUTO, &t);
            compare_route(w.q, (int)p, b, a, 0, RT_ALGO_AUTO, &t);
        }
        print_message("  %-13s grid: %d reached, %d unreachable, %d ties\n", profiles.p[p].name, t.reached,
                      t.unreached, t.ties);
        assert_true(t.reached > 100 && t.ties * 20 <= t.reached); /* ties come from zero-length edges */
    }
    world_free(&w);
}

/* ---- the demo city ------------------------------------------------------------ */

static world demo;

static int demo_setup(void **state)
{
    (void)state;
    char err[512];
    test_db_path(demo.path, sizeof demo.path, "ch-demo");
    if (geo_store_open(demo.path, GEO_STORE_CREATE, &demo.s, err, sizeof err) != PC_OK)
        return -1;
    demo_params dp = {.scale = 20, .seed = 5, .quiet = 1};
    demo_stats ds;
    if (demo_city_generate(demo.s, &dp, &ds, err, sizeof err) != PC_OK)
        return -1;
    world_load(&demo);
    return 0;
}

static int demo_teardown(void **state)
{
    (void)state;
    world_free(&demo);
    return 0;
}

/* Nodes at the ends of edges profile p may use. */
static int32_t *usable_nodes(const rt_graph *g, int p, uint32_t *n_out)
{
    uint32_t n = (uint32_t)rt_graph_n_nodes(g), k = 0;
    int32_t *v = malloc(n * sizeof *v);
    char *seen = calloc(n, 1);
    assert_non_null(v);
    assert_non_null(seen);
    for (int32_t e = 0; e < (int32_t)rt_graph_n_edges(g); e++) {
        if (isinf(rt_graph_edge_cost_s(g, p, e, 0)) && isinf(rt_graph_edge_cost_s(g, p, e, 1)))
            continue;
        int32_t a, b;
        rt_graph_edge_nodes(g, e, &a, &b);
        if (!seen[a])
            seen[a] = 1, v[k++] = a;
        if (!seen[b])
            seen[b] = 1, v[k++] = b;
    }
    free(seen);
    *n_out = k;
    return v;
}

/* A point a few metres off a random usable node (so it snaps part-way along an edge). */
static geo_lonlat near_node(const rt_graph *g, const int32_t *use, uint32_t n_use)
{
    geo_lonlat p = rt_graph_node_pos(g, use[rnd(n_use)]);
    p.lon_deg += (rndf() - 0.5) * 4e-4;
    p.lat_deg += (rndf() - 0.5) * 4e-4;
    return p;
}

static void test_demo_city(void **state)
{
    (void)state;
    print_message("  demo city: %zu nodes, %zu edges\n", rt_graph_n_nodes(demo.g), rt_graph_n_edges(demo.g));
    for (size_t p = 0; p < profiles.n; p++) {
        rt_ch_stats st;
        assert_int_equal(rt_graph_ch_build(demo.g, (int)p, &st), PC_OK);
        uint32_t n_use;
        int32_t *use = usable_nodes(demo.g, (int)p, &n_use);
        tally t = {0};
        if (n_use > 1) {
            for (int i = 0; i < 2000; i++)
                compare_nodes(demo.q, (int)p, use[rnd(n_use)], use[rnd(n_use)], &t);
            for (int i = 0; i < 400; i++)
                compare_route(demo.q, (int)p, near_node(demo.g, use, n_use), near_node(demo.g, use, n_use), 0,
                              RT_ALGO_AUTO, &t);
        }
        print_message("  %-13s CH %.2f s, %zu arcs + %zu shortcuts, %.2f MB; %d reached (%d ties), %d "
                      "unreachable\n",
                      profiles.p[p].name, st.build_s, st.n_arcs, st.n_shortcuts, st.bytes / 1e6, t.reached, t.ties,
                      t.unreached);
        assert_true(n_use < 2 || t.reached > 1000);
        assert_true(t.ties * 50 <= t.reached);
        free(use);
    }
}

/* The middle edge of the CH route between two points (-1 when none). */
static int32_t middle_edge(geo_lonlat a, geo_lonlat b, rt_route *r)
{
    rt_route_opts o = {.profile = ENGINE, .max_snap_m = 300, .algo = RT_ALGO_CH};
    assert_int_equal(rt_route_find(demo.q, a, b, &o, r), PC_OK);
    return r->status == RT_REACHED && r->n_edges > 4 ? r->edges[r->n_edges / 2] : -1;
}

static int ch_usable(int profile, int64_t now_s)
{
    rt_q_begin(demo.q, profile, now_s);
    return rt_ch_for_query(demo.q) != NULL;
}

static void test_demo_closures(void **state)
{
    (void)state;
    assert_int_equal(rt_graph_ch_build(demo.g, ENGINE, NULL), PC_OK);
    uint32_t n_use;
    int32_t *use = usable_nodes(demo.g, ENGINE, &n_use);
    geo_lonlat a, b;
    rt_route before;
    int32_t mid = -1;
    for (int i = 0; i < 100 && mid < 0; i++) {
        a = near_node(demo.g, use, n_use), b = near_node(demo.g, use, n_use);
        mid = middle_edge(a, b, &before);
        if (mid < 0)
            rt_route_free(&before);
    }
    assert_true(mid >= 0);
    /* closed from 1000 to 2000: the engine's CH is not used then, and the route changes */
    rt_closure c = {.edge_id = rt_graph_edge_id(demo.g, mid), .factor = 0, .starts_s = 1000, .expires_s = 2000};
    assert_int_equal(rt_graph_set_closures(demo.g, &c, 1, NULL), PC_OK);
    assert_true(ch_usable(ENGINE, 500));
    assert_false(ch_usable(ENGINE, 1500));
    assert_true(ch_usable(ENGINE, 2000)); /* expired */
    tally t = {0};
    for (int64_t now = 500; now <= 2500; now += 1000) {
        compare_route(demo.q, ENGINE, a, b, now, RT_ALGO_AUTO, &t);
        compare_route(demo.q, ENGINE, a, b, now, RT_ALGO_CH, &t);
    }
    rt_route r;
    rt_route_opts o = {.profile = ENGINE, .max_snap_m = 300, .now_s = 1500, .algo = RT_ALGO_CH};
    assert_int_equal(rt_route_find(demo.q, a, b, &o, &r), PC_OK);
    assert_true(r.status != RT_REACHED || r.time_s > before.time_s);
    for (size_t i = 0; i < r.n_edges; i++)
        assert_int_not_equal(r.edges[i], mid);
    rt_route_free(&r);
    /* a slow-down is a closure too */
    c.factor = 3;
    assert_int_equal(rt_graph_set_closures(demo.g, &c, 1, NULL), PC_OK);
    assert_false(ch_usable(ENGINE, 1500));
    compare_route(demo.q, ENGINE, a, b, 1500, RT_ALGO_AUTO, &t);
    /* a closure on a road the engine may not use leaves its CH in use */
    int32_t foot_only = -1;
    for (int32_t e = 0; e < (int32_t)rt_graph_n_edges(demo.g) && foot_only < 0; e++)
        if (isinf(rt_graph_edge_cost_s(demo.g, ENGINE, e, 0)) && isinf(rt_graph_edge_cost_s(demo.g, ENGINE, e, 1)) &&
            isfinite(rt_graph_edge_cost_s(demo.g, FOOT, e, 0)))
            foot_only = e;
    assert_true(foot_only >= 0);
    c = (rt_closure){.edge_id = rt_graph_edge_id(demo.g, foot_only), .factor = 0, .starts_s = 0, .expires_s = 5000};
    assert_int_equal(rt_graph_set_closures(demo.g, &c, 1, NULL), PC_OK);
    assert_true(ch_usable(ENGINE, 1500));
    assert_int_equal(rt_graph_ch_build(demo.g, FOOT, NULL), PC_OK);
    assert_false(ch_usable(FOOT, 1500));
    compare_route(demo.q, ENGINE, a, b, 1500, RT_ALGO_AUTO, &t);
    assert_true(t.reached > 0);
    assert_int_equal(rt_graph_set_closures(demo.g, NULL, 0, NULL), PC_OK);
    rt_route_free(&before);
    free(use);
}

/* ---- K nearest sites through the hierarchy ------------------------------------ */

/* n sites snapped near random usable nodes of profile p. */
static size_t random_sites(const rt_graph *g, int p, const int32_t *use, uint32_t n_use, rt_snap *sites, size_t n)
{
    size_t k = 0;
    while (k < n)
        if (rt_graph_snap(g, p, near_node(g, use, n_use), 300, 0, &sites[k]) == PC_OK)
            k++;
    return k;
}

/* The K nearest with the hierarchy (demo.q, CH built) and with the exact
 * backward search (q_exact on a graph without CH): same costs in the same
 * order, and each hit's route costs its eta and is as long as its dist_m. */
static void compare_knn(rt_query *q_exact, int p, const rt_snap *target, const rt_snap *sites, size_t n, size_t k,
                        int64_t now_s, int *n_hits_total)
{
    rt_hit a[16], b[16];
    size_t na = 0, nb = 0;
    assert_int_equal(rt_nearest_sites(demo.q, p, target, sites, n, k, now_s, a, &na), PC_OK);
    assert_int_equal(rt_nearest_sites(q_exact, p, target, sites, n, k, now_s, b, &nb), PC_OK);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_true(fabs(a[i].eta_s - b[i].eta_s) <= 1e-9 * fmax(1, b[i].eta_s));
        rt_route r;
        assert_int_equal(rt_nearest_route(demo.q, &a[i], &r), PC_OK);
        assert_int_equal(r.status, RT_REACHED);
        assert_true(fabs(r.time_s - a[i].eta_s) <= 1e-9 * fmax(1, a[i].eta_s));
        assert_true(fabs(r.dist_m - a[i].dist_m) <= 1e-6 * fmax(1, a[i].dist_m));
        assert_true(fabs(street_time(&r) - r.time_s) <= 1e-6 * fmax(1, r.time_s));
        rt_route_free(&r);
    }
    *n_hits_total += (int)na;
}

static void test_demo_knn(void **state)
{
    (void)state;
    world exact = {0};
    char err[256];
    geo_road_net *net = NULL;
    assert_int_equal(geo_road_load(demo.s, &net, err, sizeof err), PC_OK);
    assert_int_equal(rt_graph_build(net, &profiles, &exact.g, err, sizeof err), PC_OK);
    geo_road_net_free(net);
    assert_int_equal(rt_query_create(exact.g, &exact.q), PC_OK);
    enum { N_SITES = 1000 };
    rt_snap *sites = malloc(N_SITES * sizeof *sites);
    assert_non_null(sites);
    const int kinds[] = {ENGINE, SMALL};
    for (size_t kk = 0; kk < 2; kk++) {
        int p = kinds[kk], hits = 0;
        assert_int_equal(rt_graph_ch_build(demo.g, p, NULL), PC_OK);
        uint32_t n_use;
        int32_t *use = usable_nodes(demo.g, p, &n_use);
        /* a station-like set reused plan after plan (the cache), then sets
         * large enough that the cache empties itself in the middle of one */
        size_t n = random_sites(demo.g, p, use, n_use, sites, 12);
        for (int i = 0; i < 200; i++) {
            rt_snap t;
            if (rt_graph_snap(demo.g, p, near_node(demo.g, use, n_use), 300, 0, &t) == PC_OK)
                compare_knn(exact.q, p, &t, sites, n, 1 + (size_t)i % 4, 0, &hits);
        }
        for (int round = 0; round < 3; round++) {
            n = random_sites(demo.g, p, use, n_use, sites, N_SITES);
            rt_snap t;
            if (rt_graph_snap(demo.g, p, near_node(demo.g, use, n_use), 300, 0, &t) == PC_OK)
                compare_knn(exact.q, p, &t, sites, n, 8, 0, &hits);
        }
        /* the target on a site's own edge, between it and the next node */
        rt_snap t = sites[0];
        t.frac = t.frac < 0.5 ? t.frac + 0.3 : t.frac - 0.3;
        t.pos = rt_edge_point_at(demo.g, t.edge, t.frac);
        compare_knn(exact.q, p, &t, sites, 12, 3, 0, &hits);
        print_message("  %-13s K nearest: %d hits equal to the exact search\n", profiles.p[p].name, hits);
        assert_true(hits > 400);
        free(use);
    }
    /* with a closure active on the engine's roads the exact search answers, on both graphs */
    uint32_t n_use;
    int32_t *use = usable_nodes(demo.g, ENGINE, &n_use);
    size_t n = random_sites(demo.g, ENGINE, use, n_use, sites, 12);
    rt_closure c = {.edge_id = rt_graph_edge_id(demo.g, sites[0].edge), .factor = 0, .starts_s = 0,
                    .expires_s = 5000};
    assert_int_equal(rt_graph_set_closures(demo.g, &c, 1, NULL), PC_OK);
    assert_int_equal(rt_graph_set_closures(exact.g, &c, 1, NULL), PC_OK);
    int hits = 0;
    for (int i = 0; i < 50; i++) {
        rt_snap t;
        if (rt_graph_snap(demo.g, ENGINE, near_node(demo.g, use, n_use), 300, 0, &t) == PC_OK)
            compare_knn(exact.q, ENGINE, &t, sites, n, 3, 100, &hits);
    }
    assert_true(hits > 50);
    assert_int_equal(rt_graph_set_closures(demo.g, NULL, 0, NULL), PC_OK);
    free(use);
    free(sites);
    rt_query_destroy(exact.q);
    rt_graph_destroy(exact.g);
}

/* ---- threads: lazy builds racing, queries sharing one CH ---------------------- */

typedef struct worker {
    world *w;
    int profile;
    double cost[64];
    pc_rc rc;
} worker;

static void *work(void *arg)
{
    worker *k = arg;
    rt_query *q = NULL;
    k->rc = rt_query_create(k->w->g, &q);
    int32_t n = (int32_t)rt_graph_n_nodes(k->w->g);
    for (int i = 0; i < 64 && k->rc == PC_OK; i++)
        k->rc = rt_node_cost(q, k->profile, (i * 37) % n, (i * 101 + 7) % n, 0, RT_ALGO_CH, &k->cost[i]);
    rt_query_destroy(q);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    world w;
    random_world(&w, "ch-threads");
    worker k[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        k[i] = (worker){.w = &w, .profile = i % 2 ? SMALL : ENGINE};
        assert_int_equal(pthread_create(&th[i], NULL, work, &k[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    int32_t n = (int32_t)rt_graph_n_nodes(w.g);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(k[i].rc, PC_OK);
        for (int j = 0; j < 64; j++) {
            double ex;
            assert_int_equal(rt_node_cost(w.q, k[i].profile, (j * 37) % n, (j * 101 + 7) % n, 0,
                                          RT_ALGO_BIDIR_DIJKSTRA, &ex),
                             PC_OK);
            assert_true((isinf(ex) && isinf(k[i].cost[j])) || fabs(ex - k[i].cost[j]) <= 1e-9 * fmax(1, ex));
        }
    }
    world_free(&w);
}

int main(void)
{
    geo_frame_init(&frame, ORIGIN);
    if (rt_profiles_default(&profiles) != PC_OK)
        return 1;
    ENGINE = rt_profiles_find(&profiles, "engine");
    SMALL = rt_profiles_find(&profiles, "small_engine");
    FOOT = rt_profiles_find(&profiles, "foot");
    if (ENGINE < 0 || SMALL < 0 || FOOT < 0)
        return 1;
    const struct CMUnitTest hand[] = {
        cmocka_unit_test(test_small_graph_rules),
        cmocka_unit_test(test_random_grid),
        cmocka_unit_test(test_threads),
    };
    const struct CMUnitTest city[] = {cmocka_unit_test(test_demo_city), cmocka_unit_test(test_demo_closures),
                                      cmocka_unit_test(test_demo_knn)};
    int rc = cmocka_run_group_tests_name("hand-made graphs", hand, NULL, NULL);
    return rc | cmocka_run_group_tests_name("demo city", city, demo_setup, demo_teardown);
}
