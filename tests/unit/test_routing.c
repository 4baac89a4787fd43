/* test_routing.c — the routing engine on small hand-made road graphs.
 *
 * Each graph is written into a real temporary store (geo_write), read back
 * with geo_road_load and built with the default vehicle profiles. Expected
 * costs are computed here from the edge lengths and the profile speeds. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "geo_road.h"
#include "geo_write.h"
#include "rt_search.h"
#include "test_util.h"

static const geo_lonlat ORIGIN = {105.85, 21.03};
static geo_frame frame;
static rt_profile_set profiles;
static int ENGINE, SMALL, FOOT, MOTORBIKE;

typedef struct tnode {
    int64_t id;
    double x_m, y_m;
} tnode;

typedef struct tedge {
    int64_t from, to;
    const char *cls, *name;
    double width_m, maxheight_m;
    int oneway;
} tedge;

typedef struct world {
    char path[512];
    geo_store *s;
    rt_graph *g;
    rt_query *q;
} world;

static geo_lonlat ll(double x_m, double y_m) { return geo_frame_to_lonlat(&frame, (geo_xy){x_m, y_m}); }

static geo_lonlat node_ll(const tnode *n, size_t nn, int64_t id)
{
    for (size_t i = 0; i < nn; i++)
        if (n[i].id == id)
            return ll(n[i].x_m, n[i].y_m);
    fail_msg("no node %lld", (long long)id);
    return ORIGIN;
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
        geo_lonlat pts[2] = {node_ll(n, nn, e[i].from), node_ll(n, nn, e[i].to)};
        geo_edge_rec r = {.node_from = e[i].from, .node_to = e[i].to, .cls = e[i].cls, .name = e[i].name,
                          .width_m = e[i].width_m, .width_tagged = 1, .maxheight_m = e[i].maxheight_m,
                          .oneway = e[i].oneway, .motor = strcmp(e[i].cls, "steps") != 0, .foot = 1,
                          .length_m = geo_haversine_m(pts[0], pts[1]), .pts = pts, .n_pts = 2};
        assert_int_equal(geo_write_road_edge(w->s, &r, NULL), PC_OK);
    }
    assert_int_equal(geo_store_commit(w->s), PC_OK);
    geo_road_net *net = NULL;
    assert_int_equal(geo_road_load(w->s, &net, err, sizeof err), PC_OK);
    assert_int_equal(rt_graph_build(net, &profiles, &w->g, err, sizeof err), PC_OK);
    geo_road_net_free(net);
    assert_int_equal(rt_query_create(w->g, &w->q), PC_OK);
}

static void world_free(world *w)
{
    rt_query_destroy(w->q);
    rt_graph_destroy(w->g);
    geo_store_close(w->s);
    test_db_remove(w->path);
}

/* Seconds to drive len_m on a class for a profile, computed here. */
static double secs(int profile, const char *cls, double len_m)
{
    return len_m / (profiles.p[profile].speed_kmh[rt_class_parse(cls)] / 3.6);
}

static double hav(double x0, double y0, double x1, double y1) { return geo_haversine_m(ll(x0, y0), ll(x1, y1)); }

static void route(world *w, int profile, geo_lonlat a, geo_lonlat b, int64_t now, rt_route *r)
{
    rt_route_opts o = {.profile = profile, .max_snap_m = 200, .now_s = now};
    assert_int_equal(rt_route_find(w->q, a, b, &o, r), PC_OK);
}

#define assert_close(a, b) assert_true(fabs((a) - (b)) <= 1e-9 * fmax(1, fabs(b)))

/* ---- the "narrow alley" graph ----------------------------------------- *
 *   1 ---(alley 3.0 m, 200 m)--- 2
 *   |                             |
 *   3 --------(street 10 m)------ 4    (1-3 and 2-4 are 10 m wide, 100 m) */
static const tnode ALLEY_N[] = {{1, 0, 0}, {2, 200, 0}, {3, 0, -100}, {4, 200, -100}};
static const tedge ALLEY_E[] = {
    {1, 2, "residential", "Ngõ Hẹp", 3.0, 0, 0},
    {1, 3, "tertiary", "Phố Tây", 10, 0, 0},
    {3, 4, "tertiary", "Phố Nam", 10, 0, 0},
    {2, 4, "tertiary", "Phố Đông", 10, 0, 0},
};

static void test_profiles(void **state)
{
    (void)state;
    const rt_profile *e = &profiles.p[ENGINE];
    assert_true(fabs(rt_profile_min_width_m(e) - 3.5) < 1e-9);
    assert_true(fabs(e->clear_height_m - 4.5) < 1e-9);
    assert_true(e->obeys_oneway);
    assert_false(profiles.p[FOOT].obeys_oneway);
    assert_true(profiles.p[FOOT].speed_kmh[RT_CLASS_STEPS] > 0);
    assert_true(e->speed_kmh[RT_CLASS_FOOTWAY] == 0);
    rt_profile_set s;
    char err[128];
    static const char bad1[] = "[x]\nwidth_m = 2\nheight_m = 2\nwidth_margin_m = 1\n";
    assert_int_equal(rt_profiles_parse(bad1, sizeof bad1 - 1, &s, err, sizeof err), PC_EFORMAT);
    static const char bad2[] = "[x]\nwidth_m = -2\n";
    assert_int_equal(rt_profiles_parse(bad2, sizeof bad2 - 1, &s, err, sizeof err), PC_EFORMAT);
    assert_non_null(strstr(err, "line 2"));
    static const char bad3[] = "[x]\nspeed_kmh.hovercraft = 3\n";
    assert_int_equal(rt_profiles_parse(bad3, sizeof bad3 - 1, &s, err, sizeof err), PC_EFORMAT);
    assert_int_equal(rt_class_parse("primary_link"), RT_CLASS_PRIMARY);
}

static void test_width_rule(void **state)
{
    (void)state;
    world w;
    world_make(&w, "width", ALLEY_N, 4, ALLEY_E, 4);
    rt_route r;
    geo_lonlat a = ll(0, 0), b = ll(200, 0);
    route(&w, ENGINE, a, b, 0, &r);
    assert_int_equal(r.status, RT_REACHED);
    double detour = secs(ENGINE, "tertiary", hav(0, 0, 0, -100) + hav(0, -100, 200, -100) + hav(200, -100, 200, 0));
    assert_close(r.time_s, detour);
    assert_int_equal(r.n_edges, 3);
    for (size_t i = 0; i < r.n_edges; i++)
        assert_int_not_equal(rt_graph_edge_id(w.g, r.edges[i]), 1); /* never the 3 m alley */
    assert_int_equal(r.n_streets, 3);
    assert_string_equal(r.streets[1].name, "Phố Nam");
    rt_route_free(&r);
    route(&w, SMALL, a, b, 0, &r); /* the small engine needs 2.5 m: takes the alley */
    assert_int_equal(r.status, RT_REACHED);
    assert_close(r.time_s, secs(SMALL, "residential", hav(0, 0, 200, 0)));
    assert_true(fabs(r.dist_m - hav(0, 0, 200, 0)) < 1e-6);
    rt_route_free(&r);
    world_free(&w);
}

static void test_height_rule(void **state)
{
    (void)state;
    tedge e[4];
    memcpy(e, ALLEY_E, sizeof e);
    e[0].width_m = 6; /* wide enough now, but under a 4.0 m bridge */
    e[0].maxheight_m = 4.0;
    world w;
    world_make(&w, "height", ALLEY_N, 4, e, 4);
    rt_route r;
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 0, &r);
    assert_int_equal(r.n_edges, 3);
    rt_route_free(&r);
    route(&w, SMALL, ll(0, 0), ll(200, 0), 0, &r); /* clear height 3.5 fits */
    assert_int_equal(r.n_edges, 1);
    rt_route_free(&r);
    world_free(&w);
    e[0].maxheight_m = 4.6;
    world_make(&w, "height2", ALLEY_N, 4, e, 4);
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 0, &r);
    assert_int_equal(r.n_edges, 1);
    rt_route_free(&r);
    world_free(&w);
}

static void test_oneway_and_foot(void **state)
{
    (void)state;
    tedge e[5];
    memcpy(e, ALLEY_E, sizeof ALLEY_E);
    e[0].width_m = 6;
    e[0].oneway = 1;                                     /* 1 -> 2 only */
    e[4] = (tedge){3, 2, "steps", "Dốc", 2, 0, 0};       /* a footway shortcut with steps */
    world w;
    world_make(&w, "oneway", ALLEY_N, 4, e, 5);
    rt_route r;
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 0, &r);
    assert_int_equal(r.n_edges, 1);
    rt_route_free(&r);
    route(&w, ENGINE, ll(200, 0), ll(0, 0), 0, &r); /* against the oneway: detour */
    assert_int_equal(r.n_edges, 3);
    assert_close(r.time_s, secs(ENGINE, "tertiary", hav(0, 0, 0, -100) + hav(0, -100, 200, -100) + hav(200, -100, 200, 0)));
    rt_route_free(&r);
    route(&w, FOOT, ll(200, 0), ll(0, 0), 0, &r); /* on foot the oneway does not apply */
    assert_int_equal(r.n_edges, 1);
    assert_close(r.time_s, secs(FOOT, "residential", hav(200, 0, 0, 0)));
    rt_route_free(&r);
    route(&w, FOOT, ll(200, 0), ll(100, -50), 0, &r); /* half-way down the steps */
    assert_int_equal(r.status, RT_REACHED);
    assert_true(fabs(r.time_s - secs(FOOT, "steps", hav(200, 0, 100, -50))) < 1e-3);
    rt_route_free(&r);
    route(&w, ENGINE, ll(200, 0), ll(100, -50), 0, &r); /* no steps for an engine: it snaps elsewhere */
    assert_int_equal(r.status, RT_REACHED);
    assert_true(r.to.snap_dist_m > 40);
    rt_route_free(&r);
    world_free(&w);
}

static void test_snap_projection(void **state)
{
    (void)state;
    world w;
    world_make(&w, "snap", ALLEY_N, 4, ALLEY_E, 4);
    rt_snap s;
    /* 30 m north of the south street, 50 m from its west end */
    assert_int_equal(rt_graph_snap(w.g, ENGINE, ll(50, -70), 100, 0, &s), PC_OK);
    assert_int_equal(rt_graph_edge_id(w.g, s.edge), 3);
    assert_true(fabs(s.frac - 0.25) < 1e-6);
    assert_true(fabs(s.snap_dist_m - 30) < 0.05);
    assert_true(geo_haversine_m(s.pos, ll(50, -100)) < 0.05);
    /* the alley is nearer, but the engine may not use it: the small engine does */
    assert_int_equal(rt_graph_snap(w.g, ENGINE, ll(100, -10), 200, 0, &s), PC_OK);
    assert_int_not_equal(rt_graph_edge_id(w.g, s.edge), 1);
    assert_true(s.snap_dist_m > 80);
    assert_int_equal(rt_graph_snap(w.g, SMALL, ll(100, -10), 200, 0, &s), PC_OK);
    assert_int_equal(rt_graph_edge_id(w.g, s.edge), 1);
    assert_int_equal(rt_graph_snap(w.g, ENGINE, ll(5000, 5000), 200, 0, &s), PC_ENOTFOUND);
    /* a route between two projected points costs the partial edges */
    rt_route r;
    route(&w, ENGINE, ll(50, -70), ll(150, -130), 0, &r);
    assert_int_equal(r.status, RT_REACHED);
    assert_close(r.time_s, secs(ENGINE, "tertiary", 0.5 * hav(0, -100, 200, -100)));
    assert_true(fabs(r.dist_m - 0.5 * hav(0, -100, 200, -100)) < 1e-6);
    assert_int_equal(r.n_pts, 2);
    rt_route_free(&r);
    world_free(&w);
}

static void test_closures(void **state)
{
    (void)state;
    world w;
    world_make(&w, "closure", ALLEY_N, 4, ALLEY_E, 4);
    rt_route r;
    double base = secs(ENGINE, "tertiary", hav(0, 0, 0, -100) + hav(0, -100, 200, -100) + hav(200, -100, 200, 0));
    rt_closure c = {.edge_id = 3, .factor = 2, .starts_s = 1000, .expires_s = 2000};
    assert_int_equal(rt_graph_set_closures(w.g, &c, 1, NULL), PC_OK);
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 1500, &r); /* slowed: the south street counts double */
    assert_close(r.time_s, base + secs(ENGINE, "tertiary", hav(0, -100, 200, -100)));
    rt_route_free(&r);
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 2000, &r); /* expired */
    assert_close(r.time_s, base);
    rt_route_free(&r);
    c.factor = 0; /* closed: the engine is cut off; the small engine takes the alley */
    size_t unknown = 9;
    rt_closure two[2] = {c, {.edge_id = 999, .factor = 0, .starts_s = 0, .expires_s = 10}};
    assert_int_equal(rt_graph_set_closures(w.g, two, 2, &unknown), PC_OK);
    assert_int_equal(unknown, 1);
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 1500, &r);
    assert_int_equal(r.status, RT_CLOSED);
    assert_true(r.has_nearest);
    assert_true(fabs(r.nearest_gap_m - hav(0, 0, 200, 0)) < 0.5); /* the start corner itself is nearest */
    rt_route_free(&r);
    route(&w, SMALL, ll(0, 0), ll(200, 0), 1500, &r);
    assert_int_equal(r.status, RT_REACHED);
    rt_route_free(&r);
    rt_closure bad = {.edge_id = 3, .factor = 0.5, .starts_s = 0, .expires_s = 10};
    assert_int_equal(rt_graph_set_closures(w.g, &bad, 1, NULL), PC_EINVAL);
    assert_int_equal(rt_graph_n_closures(w.g), 1); /* unchanged */
    assert_int_equal(rt_graph_set_closures(w.g, NULL, 0, NULL), PC_OK);
    route(&w, ENGINE, ll(0, 0), ll(200, 0), 1500, &r);
    assert_close(r.time_s, base);
    rt_route_free(&r);
    world_free(&w);
}

static void test_unreachable(void **state)
{
    (void)state;
    /* two islands: 1-2 a street, 5-6 a street 1 km away joined only by a footway 6-7-2 */
    static const tnode n[] = {{1, 0, 0}, {2, 100, 0}, {5, 1000, 0}, {6, 1100, 0}, {7, 500, 0}};
    static const tedge e[] = {{1, 2, "tertiary", "A", 8, 0, 0}, {5, 6, "tertiary", "B", 8, 0, 0},
                              {2, 7, "footway", "C", 2, 0, 0}, {7, 5, "footway", "C", 2, 0, 0}};
    world w;
    world_make(&w, "unreach", n, 5, e, 4);
    rt_route r;
    route(&w, ENGINE, ll(10, 0), ll(1050, 0), 0, &r);
    assert_int_equal(r.status, RT_DISCONNECTED);
    assert_true(r.has_nearest);
    assert_true(geo_haversine_m(r.nearest, ll(100, 0)) < 0.01);
    assert_true(fabs(r.nearest_gap_m - 950) < 2);
    assert_close(r.nearest_time_s, secs(ENGINE, "tertiary", hav(10, 0, 100, 0)));
    rt_route_free(&r);
    route(&w, ENGINE, ll(10, 0), ll(500, 500), 0, &r); /* nothing for an engine within 200 m */
    assert_int_equal(r.status, RT_NO_ROAD);
    assert_int_equal(r.to.edge, -1);
    rt_route_free(&r);
    route(&w, FOOT, ll(10, 0), ll(1050, 0), 0, &r);
    assert_int_equal(r.status, RT_REACHED);
    assert_close(r.time_s, secs(FOOT, "tertiary", hav(10, 0, 100, 0) + hav(1000, 0, 1050, 0)) +
                               secs(FOOT, "footway", hav(100, 0, 1000, 0)));
    rt_route_free(&r);
    world_free(&w);
}

/* A 6 x 6 grid, 100 m blocks, alternating classes, one oneway column. */
static void grid_world(world *w, const char *name)
{
    tnode n[36];
    tedge e[60];
    size_t ne = 0;
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 6; x++)
            n[y * 6 + x] = (tnode){y * 6 + x + 1, x * 100.0, y * 100.0};
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 6; x++) {
            int64_t id = y * 6 + x + 1;
            if (x < 5)
                e[ne++] = (tedge){id, id + 1, y % 2 ? "primary" : "residential", "Ngang", 8, 0, 0};
            if (y < 5)
                e[ne++] = (tedge){id, id + 6, x % 3 ? "tertiary" : "service", "Dọc", x == 2 ? 2.0 : 6, 0, x == 4};
        }
    world_make(w, name, n, 36, e, ne);
}

static void test_nearest_and_multi(void **state)
{
    (void)state;
    world w;
    grid_world(&w, "grid");
    geo_lonlat pts[5] = {ll(10, 0), ll(500, 450), ll(250, 300), ll(0, 500), ll(420, 100)};
    rt_snap sites[5], target;
    for (int i = 0; i < 5; i++)
        assert_int_equal(rt_graph_snap(w.g, ENGINE, pts[i], 200, 0, &sites[i]), PC_OK);
    geo_lonlat tp = ll(330, 210);
    assert_int_equal(rt_graph_snap(w.g, ENGINE, tp, 200, 0, &target), PC_OK);
    /* each site's cost another way: a point-to-point route */
    double want[5];
    for (int i = 0; i < 5; i++) {
        rt_route r;
        route(&w, ENGINE, pts[i], tp, 0, &r);
        assert_int_equal(r.status, RT_REACHED);
        want[i] = r.time_s;
        rt_route_free(&r);
    }
    rt_hit hits[3];
    size_t nh = 0;
    assert_int_equal(rt_nearest_sites(w.q, ENGINE, &target, sites, 5, 3, 0, hits, &nh), PC_OK);
    assert_int_equal(nh, 3);
    for (size_t i = 0; i < nh; i++) {
        assert_true(fabs(hits[i].eta_s - want[hits[i].site]) < 1e-9);
        for (int j = 0; j < 5; j++) /* nobody outside the hits is faster */
            if (want[j] < hits[i].eta_s - 1e-9) {
                int in = 0;
                for (size_t k = 0; k < nh; k++)
                    in |= hits[k].site == (uint32_t)j;
                assert_true(in);
            }
        rt_route r;
        assert_int_equal(rt_nearest_route(w.q, &hits[i], &r), PC_OK);
        assert_true(fabs(r.dist_m - hits[i].dist_m) < 1e-6);
        assert_true(geo_haversine_m(r.pts[0], sites[hits[i].site].pos) < 0.01);
        assert_true(geo_haversine_m(r.pts[r.n_pts - 1], target.pos) < 0.01);
        rt_route_free(&r);
    }
    /* multi-source: each node's time is the minimum over single sources */
    size_t nn = rt_graph_n_nodes(w.g);
    double *t = malloc(nn * sizeof *t);
    int32_t *src = malloc(nn * sizeof *src);
    assert_int_equal(rt_multi_source(w.q, ENGINE, sites, 5, 0, 0, t, src), PC_OK);
    for (size_t v = 0; v < nn; v++) {
        double best = INFINITY;
        for (int i = 0; i < 5; i++) {
            rt_route r;
            geo_lonlat vp = rt_graph_node_pos(w.g, (int32_t)v);
            route(&w, ENGINE, pts[i], vp, 0, &r);
            if (r.status == RT_REACHED && r.time_s < best)
                best = r.time_s;
            rt_route_free(&r);
        }
        assert_true(fabs(t[v] - best) < 1e-6);
        assert_true(src[v] >= 0);
    }
    free(t);
    free(src);
    world_free(&w);
}

static void test_isochrone_and_algorithms(void **state)
{
    (void)state;
    world w;
    grid_world(&w, "iso");
    rt_snap from;
    assert_int_equal(rt_graph_snap(w.g, ENGINE, ll(250, 200), 100, 0, &from), PC_OK);
    rt_reach reach;
    double limit = 40;
    assert_int_equal(rt_isochrone(w.q, ENGINE, &from, limit, 0, &reach), PC_OK);
    assert_true(reach.n_lines > 0 && reach.n_nodes_reached > 0);
    /* every piece's far end is reachable within the limit (plus a metre of slack) */
    size_t off = 0;
    for (size_t i = 0; i < reach.n_lines; i++) {
        geo_lonlat end = reach.pts[off + reach.line_len[i] - 1];
        rt_route r;
        route(&w, ENGINE, ll(250, 200), end, 0, &r);
        assert_int_equal(r.status, RT_REACHED);
        assert_true(r.time_s <= limit + 0.5);
        rt_route_free(&r);
        off += reach.line_len[i];
    }
    char *gj = NULL;
    assert_int_equal(geo_road_reach_polygon(reach.pts, reach.line_len, reach.n_lines, 25, &gj), PC_OK);
    assert_non_null(strstr(gj, "Polygon"));
    free(gj);
    rt_reach_free(&reach);
    /* the three algorithms agree on every pair of nodes */
    int32_t n = (int32_t)rt_graph_n_nodes(w.g);
    for (int32_t a = 0; a < n; a += 1)
        for (int32_t b = 0; b < n; b += 5) {
            double c[3];
            for (int alg = 0; alg < 3; alg++)
                assert_int_equal(rt_node_cost(w.q, ENGINE, a, b, 0, (rt_algo)(alg + 1), &c[alg]), PC_OK);
            assert_true(isinf(c[0]) == isinf(c[2]) && isinf(c[1]) == isinf(c[2]));
            if (isfinite(c[2]))
                assert_true(fabs(c[0] - c[2]) < 1e-9 && fabs(c[1] - c[2]) < 1e-9);
        }
    world_free(&w);
}

static void test_closure_store(void **state)
{
    (void)state;
    world w;
    world_make(&w, "cstore", ALLEY_N, 4, ALLEY_E, 4);
    geo_road_closure c = {.edge_id = 3, .factor = 0, .starts_s = 1000, .expires_s = 5000};
    snprintf(c.reason, sizeof c.reason, "chợ họp");
    int64_t id = 0;
    assert_int_equal(geo_road_closure_add(w.s, &c, &id), PC_OK);
    c.edge_id = 77;
    assert_int_equal(geo_road_closure_add(w.s, &c, NULL), PC_ENOTFOUND);
    c.edge_id = 2, c.factor = 0.5;
    assert_int_equal(geo_road_closure_add(w.s, &c, NULL), PC_EINVAL);
    c.factor = 3, c.expires_s = 1500;
    assert_int_equal(geo_road_closure_add(w.s, &c, NULL), PC_OK);
    geo_road_closure *v = NULL;
    size_t n = 0;
    assert_int_equal(geo_road_closure_list(w.s, 2000, &v, &n), PC_OK);
    assert_int_equal(n, 1); /* the slow-down expired at 1500 */
    assert_int_equal(v[0].id, id);
    assert_int_equal(v[0].expires_s, 5000);
    assert_string_equal(v[0].reason, "chợ họp");
    free(v);
    int64_t del = 0;
    assert_int_equal(geo_road_closure_clear(w.s, 0, &del), PC_OK);
    assert_int_equal(del, 2);
    assert_int_equal(geo_road_closure_clear(w.s, id, NULL), PC_ENOTFOUND);
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
    MOTORBIKE = rt_profiles_find(&profiles, "motorbike");
    if (ENGINE < 0 || SMALL < 0 || FOOT < 0 || MOTORBIKE < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profiles),        cmocka_unit_test(test_width_rule),
        cmocka_unit_test(test_height_rule),     cmocka_unit_test(test_oneway_and_foot),
        cmocka_unit_test(test_snap_projection), cmocka_unit_test(test_closures),
        cmocka_unit_test(test_unreachable),     cmocka_unit_test(test_nearest_and_multi),
        cmocka_unit_test(test_isochrone_and_algorithms), cmocka_unit_test(test_closure_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
