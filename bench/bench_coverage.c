/* bench_coverage.c — coverage of a whole city for one vehicle kind, and the
 * what-if delta of one added station.
 *
 * usage: bench_coverage DB [vehicle]
 * Goals (docs/PERFORMANCE.md): full coverage of the 2M-building demo city
 * for the engine profile under 5 s (graph load + context + run), the
 * what-if delta of one added station under 1 s (two runs on the context).
 * Peer: the per-building way — one eng_plan_build per building — timed on
 * 200 buildings and extrapolated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "geo_store.h"
#include "graph.h"
#include "pc_progress.h"
#include "plan.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_coverage DB [vehicle]\n");
        return 2;
    }
    char err[512];
    geo_store *s = NULL;
    rt_graph *g = NULL;
    eng_cov_ctx *c = NULL;
    eng_cov_result *r = NULL, *y = NULL;
    eng_cov_opts o = {.vehicle = argc > 2 ? argv[2] : "engine"};
    double t0 = pc_now_s();
    if (geo_store_open(argv[1], GEO_STORE_READONLY, &s, err, sizeof err) != PC_OK ||
        eng_graph_load(s, NULL, 0, &g, err, sizeof err) != PC_OK) {
        fprintf(stderr, "bench_coverage: %s\n", err);
        return 1;
    }
    double t1 = pc_now_s();
    if (eng_cov_ctx_create(s, g, &c, err, sizeof err) != PC_OK) {
        fprintf(stderr, "bench_coverage: %s\n", err);
        return 1;
    }
    double t2 = pc_now_s();
    if (eng_cov_run(c, s, &o, NULL, &r, err, sizeof err) != PC_OK) {
        fprintf(stderr, "bench_coverage: %s\n", err);
        return 1;
    }
    double t3 = pc_now_s();
    printf("buildings %zu, stations %zu\n", eng_cov_ctx_n_buildings(c), r->n_sources);
    printf("graph load      %7.0f ms\ncontext (snap)  %7.0f ms\nrun             %7.0f ms\nfull coverage   %7.0f ms"
           "   (goal < 5000)\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t3 - t0) * 1e3);
    /* what-if: one station at the worst building's entrance */
    size_t *idx = NULL, n = 0;
    geo_lonlat at;
    eng_cov_worst(c, r, -1, NULL, 1, &idx, &n);
    eng_cov_building(c, n ? idx[0] : 0, NULL, &at, NULL, NULL);
    free(idx);
    eng_cov_new_station ns = {.pos = at, .kinds = {o.vehicle}, .n_kinds = 1};
    eng_cov_scenario sc = {.add_stations = &ns, .n_add_stations = 1};
    eng_cov_result *x = NULL;
    double t4 = pc_now_s();
    pc_buf b = {0};
    if (eng_cov_run(c, s, &o, NULL, &x, err, sizeof err) != PC_OK ||
        eng_cov_run(c, s, &o, &sc, &y, err, sizeof err) != PC_OK || eng_cov_delta_json(x, y, &b) != PC_OK) {
        fprintf(stderr, "bench_coverage: what-if: %s\n", err);
        return 1;
    }
    double t5 = pc_now_s();
    printf("what-if delta   %7.0f ms   (goal < 1000; before + after runs and the delta)\n", (t5 - t4) * 1e3);
    printf("  t1 before %lld after %lld\n", (long long)x->city.n[ENG_COV_T1], (long long)y->city.n[ENG_COV_T1]);
    /* peer: one plan per building */
    eng_plan_rules rules;
    eng_plan_ctx *pc = NULL;
    if (eng_rules_default(&rules) == PC_OK && eng_plan_ctx_create(s, g, &rules, &pc) == PC_OK) {
        size_t nb = eng_cov_ctx_n_buildings(c), step = nb / 200 ? nb / 200 : 1, k = 0;
        double p0 = pc_now_s();
        for (size_t i = 0; i < nb && k < 200; i += step, k++) {
            int64_t id;
            eng_cov_building(c, i, &id, NULL, NULL, NULL);
            pc_arena *a = pc_arena_create(0);
            eng_plan *p = NULL;
            eng_plan_req req = {.building_id = id, .only_kind = o.vehicle};
            eng_plan_build(pc, &req, a, &p);
            pc_arena_destroy(a);
        }
        double per = (pc_now_s() - p0) / (double)(k ? k : 1);
        printf("peer: one plan per building %.2f ms -> %.0f s for the city\n", per * 1e3, per * (double)nb);
        eng_plan_ctx_destroy(pc);
    }
    pc_buf_free(&b);
    eng_cov_result_destroy(x);
    eng_cov_result_destroy(y);
    eng_cov_result_destroy(r);
    eng_cov_ctx_destroy(c);
    rt_graph_destroy(g);
    geo_store_close(s);
    return 0;
}
