/* bench_routing.c — the routing engine beside SpatiaLite VirtualRouting on
 * the same graph: point-to-point queries/s, K-nearest-of-60-stations
 * latency p50/p99, a 4-minute isochrone, all-stations multi-source time;
 * contraction hierarchies: build time and memory per profile, and their
 * point-to-point queries/s (node to node, and whole routes between
 * snapped points with geometry) checked against the exact search.
 *
 * usage: bench_routing DB [PAIRS]   (DB: a pccc store with a road graph,
 * e.g. from `pccc demo` or `pccc import-osm`; PAIRS default 2000). Builds
 * the oracle tables bench_e/bench_vr in DB (dropped at the end). When the
 * store has fewer than 60 stations, the missing ones are random nodes on
 * engine roads (said in the output). Single-threaded figures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_road.h"
#include "geo_store_int.h"
#include "pc_progress.h"
#include "rt_ch.h"
#include "rt_search.h"

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int exec(geo_store *s, const char *sql)
{
    char *m = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &m) != SQLITE_OK) {
        fprintf(stderr, "bench_routing: %s\n", m ? m : "?");
        sqlite3_free(m);
        return -1;
    }
    return 0;
}

/* The oracle over engine-usable edges, costs as in routing (see test_routing_oracle.c).
 * VirtualRouting refuses zero costs, which OSM imports have (duplicate
 * nodes): those edges get 1 mm, too little to change a timing. */
static int build_vr(geo_store *s, const rt_profile *p)
{
    char spd[2048], sql[8192];
    size_t o = (size_t)snprintf(spd, sizeof spd, "(CASE class");
    for (int c = 0; c < RT_CLASS_OTHER; c++)
        if (p->speed_kmh[c] > 0)
            o += (size_t)snprintf(spd + o, sizeof spd - o, " WHEN '%s' THEN %.17g WHEN '%s_link' THEN %.17g",
                                  rt_class_name((rt_class)c), p->speed_kmh[c], rt_class_name((rt_class)c),
                                  p->speed_kmh[c]);
    snprintf(spd + o, sizeof spd - o, " ELSE %.17g END)", p->speed_kmh[RT_CLASS_OTHER]);
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS bench_vr; DROP TABLE IF EXISTS bench_data; DROP TABLE IF EXISTS bench_e;"
             "CREATE TABLE bench_e(id INTEGER PRIMARY KEY, node_from INTEGER, node_to INTEGER, cost DOUBLE,"
             " fwd INTEGER, rev INTEGER);"
             "INSERT INTO bench_e SELECT id, node_from, node_to, max(length_m, 0.001) / (%s / 3.6), 1,"
             " CASE WHEN oneway = 1 AND %d THEN 0 ELSE 1 END FROM road_edge WHERE %s = 1 AND width_m >= %.17g"
             " AND (maxheight_m IS NULL OR maxheight_m >= %.17g) AND %s > 0;",
             spd, p->obeys_oneway, p->access == RT_ACCESS_MOTOR ? "motor" : "foot", rt_profile_min_width_m(p),
             p->clear_height_m, spd);
    if (exec(s, sql) != 0)
        return -1;
    return exec(s, "SELECT CreateRouting('bench_data','bench_vr','bench_e','node_from','node_to',NULL,'cost',"
                   "NULL,0,1,'fwd','rev',1)");
}

/* Nodes at the ends of edges the profile may use. */
static int32_t *usable_nodes(const rt_graph *g, int p, uint32_t *n_out)
{
    size_t n = rt_graph_n_nodes(g);
    int32_t *v = malloc(n * sizeof *v);
    char *seen = calloc(n, 1);
    uint32_t k = 0;
    for (int32_t e = 0; v && seen && e < (int32_t)rt_graph_n_edges(g); e++) {
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

/* Whole routes (snapping, search, geometry, streets) between the node
 * positions of the connected pairs (an unreachable pair also searches for
 * the nearest reachable point: a different cost), exact search and CH;
 * same time and length. */
static void bench_routes(const rt_graph *g, rt_query *q, int p, int32_t (*pr)[2], const double *exact, int pairs,
                         double vr_qps)
{
    double qps[2], *t = malloc((size_t)pairs * sizeof *t), *len = malloc((size_t)pairs * sizeof *len);
    int differ = 0, same_edges = 0, reached = 0, n_conn = 0;
    size_t *ne = malloc((size_t)pairs * sizeof *ne);
    for (int i = 0; i < pairs; i++)
        n_conn += isfinite(exact[i]);
    for (int k = 0; k < 2; k++) {
        rt_route_opts o = {.profile = p, .max_snap_m = 50, .algo = k ? RT_ALGO_CH : RT_ALGO_BIDIR_DIJKSTRA};
        double t0 = pc_now_s();
        for (int i = 0; i < pairs; i++) {
            if (!isfinite(exact[i]))
                continue;
            rt_route r;
            rt_route_find(q, rt_graph_node_pos(g, pr[i][0]), rt_graph_node_pos(g, pr[i][1]), &o, &r);
            double tt = r.status == RT_REACHED ? r.time_s : INFINITY;
            if (k == 0)
                t[i] = tt, len[i] = r.dist_m, ne[i] = r.n_edges, reached += r.status == RT_REACHED;
            else if (!(isinf(tt) && isinf(t[i])) && !(fabs(tt - t[i]) <= 1e-9 * t[i]))
                differ++;
            else
                same_edges += ne[i] == r.n_edges && fabs(len[i] - r.dist_m) <= 1e-6 * fmax(1, len[i]);
            rt_route_free(&r);
        }
        qps[k] = n_conn / (pc_now_s() - t0);
    }
    printf("whole routes (snap + search + geometry + streets, engine, the %d connected pairs; %d reached):\n",
           n_conn, reached);
    printf("  pccc exact bidirectional Dijkstra %8.0f routes/s\n", qps[0]);
    printf("  pccc contraction hierarchy        %8.0f routes/s  (%.0fx VirtualRouting's cost-only queries)\n",
           qps[1], qps[1] / vr_qps);
    printf("  CH routes: %d times differ, %d of %d with the same edge count and length\n", differ, same_edges, n_conn);
    free(t), free(len), free(ne);
}

static void bench_p2p(geo_store *s, const rt_graph *g, rt_query *q, int p, const int32_t *use, uint32_t n_use,
                      int pairs)
{
    sqlite3_stmt *st = NULL;
    if (build_vr(s, &rt_graph_profiles(g)->p[p]) != 0 ||
        sqlite3_prepare_v2(s->db, "SELECT Cost FROM bench_vr WHERE NodeFrom = ? AND NodeTo = ?", -1, &st, NULL))
        return;
    int32_t(*pr)[2] = malloc((size_t)pairs * sizeof *pr);
    for (int i = 0; i < pairs; i++)
        pr[i][0] = use[rnd(n_use)], pr[i][1] = use[rnd(n_use)];
    enum { N_ALG = 4 };
    const char *names[N_ALG] = {"bidirectional Dijkstra", "bidirectional A*", "Dijkstra", "contraction hierarchy"};
    const rt_algo algs[N_ALG] = {RT_ALGO_BIDIR_DIJKSTRA, RT_ALGO_BIDIR_ASTAR, RT_ALGO_DIJKSTRA, RT_ALGO_CH};
    double qps[N_ALG], sink = 0, worst = 0;
    double *exact = malloc((size_t)pairs * sizeof *exact);
    int mismatch = 0;
    for (int alg = 0; alg < N_ALG; alg++) {
        int reps = alg == 3 ? 10 : 1; /* CH is fast: more rounds for a steadier figure */
        double t0 = pc_now_s(), c;
        for (int r = 0; r < reps; r++)
            for (int i = 0; i < pairs; i++) {
                rt_node_cost(q, p, pr[i][0], pr[i][1], 0, algs[alg], &c);
                sink += isfinite(c) ? c : 0;
                if (alg == 0)
                    exact[i] = c;
                else if (alg == 3 && r == 0) {
                    double d = isinf(c) && isinf(exact[i]) ? 0 : fabs(c - exact[i]) / fmax(exact[i], 1e-9);
                    mismatch += !(d <= 1e-9);
                    worst = d > worst && isfinite(d) ? d : worst;
                }
            }
        qps[alg] = reps * pairs / (pc_now_s() - t0);
    }

    int vr_pairs = pairs < 300 ? pairs : 300;
    double t0 = pc_now_s();
    for (int i = 0; i < vr_pairs; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, rt_graph_node_id(g, pr[i][0]));
        sqlite3_bind_int64(st, 2, rt_graph_node_id(g, pr[i][1]));
        if (sqlite3_step(st) == SQLITE_ROW)
            sink += sqlite3_column_double(st, 0);
    }
    double vr_qps = vr_pairs / (pc_now_s() - t0);
    sqlite3_finalize(st);
    printf("point-to-point (engine, %d random pairs; VirtualRouting on %d of them):\n", pairs, vr_pairs);
    for (int alg = 0; alg < N_ALG; alg++)
        printf("  pccc %-24s %10.0f queries/s  (%.0fx VirtualRouting)\n", names[alg], qps[alg], qps[alg] / vr_qps);
    printf("  SpatiaLite VirtualRouting    %10.1f queries/s\n", vr_qps);
    printf("  CH against bidirectional Dijkstra: %d of %d costs differ (worst relative difference %.2g)\n",
           mismatch, pairs, worst);
    bench_routes(g, q, p, pr, exact, pairs, vr_qps);
    free(exact);
    if (sink < 0)
        printf("%g\n", sink);
    free(pr);
}

/* Stations snapped for the engine; random engine nodes fill up to 60. */
static rt_snap *stations(geo_store *s, const rt_graph *g, int p, const int32_t *use, uint32_t n_use, size_t *n)
{
    geo_road_station *st = NULL;
    size_t ns = 0;
    geo_road_stations(s, &st, &ns);
    *n = ns > 60 ? ns : 60;
    rt_snap *v = calloc(*n, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < ns; i++)
        if (rt_graph_snap(g, p, st[i].pos, 1000, 0, &v[k]) == PC_OK)
            k++;
    size_t real = k;
    while (k < *n)
        if (rt_graph_snap(g, p, rt_graph_node_pos(g, use[rnd(n_use)]), 1000, 0, &v[k]) == PC_OK)
            k++;
    printf("stations: %zu from the store (snapped for the engine), %zu random engine nodes added\n", real,
           *n - real);
    free(st);
    return v;
}

static void bench_knn(const rt_graph *g, rt_query *q, int p, const rt_snap *sites, size_t n_sites,
                      const int32_t *use, uint32_t n_use)
{
    enum { N = 1000 };
    double *lat = malloc(N * sizeof *lat);
    rt_hit hits[3];
    for (int i = 0; i < N; i++) {
        rt_snap t;
        rt_graph_snap(g, p, rt_graph_node_pos(g, use[rnd(n_use)]), 1000, 0, &t);
        size_t nh;
        double t0 = pc_now_s();
        rt_nearest_sites(q, p, &t, sites, n_sites, 3, 0, hits, &nh);
        lat[i] = (pc_now_s() - t0) * 1e3;
    }
    qsort(lat, N, sizeof *lat, dcmp);
    printf("K nearest (K=3 of %zu stations, engine, %d targets): p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", n_sites,
           N, lat[N / 2], lat[N * 99 / 100], lat[N - 1]);
    free(lat);
}

static void bench_iso_multi(const rt_graph *g, rt_query *q, int p, const rt_snap *sites, size_t n_sites)
{
    rt_reach r;
    double t0 = pc_now_s();
    rt_isochrone(q, p, &sites[0], 240, 0, &r);
    double t1 = pc_now_s();
    char *gj = NULL;
    pc_rc prc = r.n_lines ? geo_road_reach_polygon(r.pts, r.line_len, r.n_lines, 25, &gj) : PC_EINVAL;
    double t2 = pc_now_s();
    printf("4-minute isochrone (engine, station 1): %zu nodes, %zu road pieces, %.1f km of road: search %.2f ms, "
           "GEOS polygon %.1f ms (%s)\n",
           r.n_nodes_reached, r.n_lines, r.reached_length_m / 1000, (t1 - t0) * 1e3, (t2 - t1) * 1e3,
           prc == PC_OK ? "ok" : pc_rc_str(prc));
    free(gj);
    rt_reach_free(&r);
    size_t n = rt_graph_n_nodes(g), reached = 0;
    double *t = malloc(n * sizeof *t);
    int32_t *src = malloc(n * sizeof *src);
    t0 = pc_now_s();
    rt_multi_source(q, p, sites, n_sites, 0, 0, t, src);
    t1 = pc_now_s();
    for (size_t i = 0; i < n; i++)
        reached += isfinite(t[i]);
    printf("multi-source (all %zu stations -> every node, engine): %.1f ms, %zu of %zu nodes reached\n", n_sites,
           (t1 - t0) * 1e3, reached, n);
    free(t);
    free(src);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_routing DB [PAIRS]\n");
        return 2;
    }
    int pairs = argc > 2 ? atoi(argv[2]) : 2000;
    geo_store *s = NULL;
    geo_road_net *net = NULL;
    rt_graph *g = NULL;
    rt_query *q = NULL;
    rt_profile_set ps;
    char err[256];
    if (geo_store_open(argv[1], 0, &s, err, sizeof err) != PC_OK || rt_profiles_default(&ps) != PC_OK) {
        fprintf(stderr, "bench_routing: %s\n", err);
        return 1;
    }
    double t0 = pc_now_s();
    if (geo_road_load(s, &net, err, sizeof err) != PC_OK) {
        fprintf(stderr, "bench_routing: %s\n", err);
        return 1;
    }
    double t1 = pc_now_s();
    if (rt_graph_build(net, &ps, &g, err, sizeof err) != PC_OK || rt_query_create(g, &q) != PC_OK) {
        fprintf(stderr, "bench_routing: %s\n", err);
        return 1;
    }
    printf("graph: %zu nodes, %zu edges; load from store %.2f s, build (%zu profiles) %.2f s\n", rt_graph_n_nodes(g),
           rt_graph_n_edges(g), t1 - t0, ps.n, pc_now_s() - t1);
    geo_road_net_free(net);
    printf("contraction hierarchies (one per profile, built from the graph's arc costs):\n");
    for (size_t i = 0; i < ps.n; i++) {
        rt_ch_stats cs;
        if (rt_graph_ch_build(g, (int)i, &cs) != PC_OK) {
            fprintf(stderr, "bench_routing: CH build failed\n");
            return 1;
        }
        printf("  %-13s %6.2f s, %7zu nodes, %7zu arcs + %7zu shortcuts, %6.1f MB\n", ps.p[i].name, cs.build_s,
               cs.n_nodes, cs.n_arcs, cs.n_shortcuts, cs.bytes / 1e6);
    }
    int p = rt_profiles_find(&ps, "engine");
    uint32_t n_use = 0;
    int32_t *use = usable_nodes(g, p, &n_use);
    printf("engine may use roads touching %u nodes\n", n_use);
    if (n_use > 1) {
        bench_p2p(s, g, q, p, use, n_use, pairs);
        size_t n_sites;
        rt_snap *sites = stations(s, g, p, use, n_use, &n_sites);
        bench_knn(g, q, p, sites, n_sites, use, n_use);
        bench_iso_multi(g, q, p, sites, n_sites);
        free(sites);
    }
    exec(s, "DROP TABLE IF EXISTS bench_vr; DROP TABLE IF EXISTS bench_data; DROP TABLE IF EXISTS bench_e;");
    free(use);
    rt_query_destroy(q);
    rt_graph_destroy(g);
    geo_store_close(s);
    return 0;
}
