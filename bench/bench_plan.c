/* bench_plan.c — response-plan latency on one core.
 *
 * usage: bench_plan --db FILE [--plans N] [--seed S] [--exact]
 * Loads the road graph once, builds its contraction hierarchies as the
 * server does in the background (--exact: without them, as a server does
 * in its first seconds or while a closure touches a vehicle's roads), then
 * builds N plans for buildings drawn at
 * random (fixed seed) and prints p50/p90/p99/max latency and plans/s. Each
 * plan is the full document: building sheet, staging and hose for every
 * vehicle kind, K nearest units by drive time with routes, hydrants and
 * draft points by hose distance, neighbours, assembly areas, warnings.
 * Goal (issue 5): p99 under 10 ms on one core. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo_store.h"
#include "graph.h"
#include "pc_progress.h"
#include "plan.h"
#include "rt_ch.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* CPU seconds of this thread: on a shared machine, wall time includes
 * waiting for the core; both are reported. */
static double cpu_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double pct(const double *v, size_t n, double p) { return v[(size_t)((double)(n - 1) * p)]; }

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"plans", required_argument, 0, 'n'},
                                         {"seed", required_argument, 0, 's'}, {"exact", no_argument, 0, 'x'},
                                         {0, 0, 0, 0}};
    const char *db = NULL;
    long n = 2000;
    unsigned long long seed = 1;
    int c, exact = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd') db = optarg;
        else if (c == 'n') n = strtol(optarg, NULL, 10);
        else if (c == 's') seed = strtoull(optarg, NULL, 10);
        else if (c == 'x') exact = 1;
        else return 2;
    }
    if (!db || n < 1) {
        fprintf(stderr, "usage: bench_plan --db FILE [--plans N] [--seed S] [--exact]\n");
        return 2;
    }
    char err[512];
    geo_store *s = NULL;
    rt_graph *g = NULL;
    eng_plan_ctx *ctx = NULL;
    eng_plan_rules rules;
    int64_t n_buildings = 0;
    if (geo_store_open(db, 0, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "bench_plan: %s\n", err);
        return 1;
    }
    double t0 = pc_now_s();
    if (eng_graph_load(s, NULL, 0, &g, err, sizeof err) != PC_OK || eng_rules_default(&rules) != PC_OK ||
        eng_plan_ctx_create(s, g, &rules, &ctx) != PC_OK || geo_store_count(s, "building", &n_buildings) != PC_OK ||
        n_buildings == 0) {
        fprintf(stderr, "bench_plan: setup failed: %s\n", err);
        return 1;
    }
    double t_load = pc_now_s() - t0, t_ch = pc_now_s();
    if (!exact && rt_graph_ch_build_all(g, 0) != PC_OK) {
        fprintf(stderr, "bench_plan: contraction hierarchies failed\n");
        return 1;
    }
    t_ch = pc_now_s() - t_ch;
    double *lat = malloc((size_t)n * sizeof *lat), *cpu = malloc((size_t)n * sizeof *cpu);
    pc_arena *a = pc_arena_create(1 << 20);
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    size_t failed = 0, warm = n < 50 ? (size_t)n : 50;
    double t_all = 0;
    for (long i = -(long)warm; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        eng_plan_req req = {.building_id = 1 + (int64_t)(x % (uint64_t)n_buildings), .now_s = 1000};
        eng_plan *p = NULL;
        double t = pc_now_s(), tc = cpu_now_s();
        pc_rc rc = eng_plan_build(ctx, &req, a, &p);
        double dt = pc_now_s() - t, dc = cpu_now_s() - tc;
        pc_arena_reset(a);
        if (i < 0)
            continue; /* warm-up: page cache and statement cache */
        failed += rc != PC_OK;
        lat[i] = dt * 1000.0;
        cpu[i] = dc * 1000.0;
        t_all += dt;
    }
    qsort(lat, (size_t)n, sizeof *lat, cmp_double);
    qsort(cpu, (size_t)n, sizeof *cpu, cmp_double);
    printf("db %s: %lld buildings, %zu graph nodes, %zu edges; graph load %.2f s\n", db, (long long)n_buildings,
           rt_graph_n_nodes(g), rt_graph_n_edges(g), t_load);
    if (exact)
        printf("searches: exact (no contraction hierarchies)\n");
    else
        printf("searches: contraction hierarchies of the motor profiles, built in %.2f s\n", t_ch);
    printf("plans %ld (failed %zu), one thread: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  %.0f plans/s\n", n,
           failed, pct(lat, (size_t)n, 0.5), pct(lat, (size_t)n, 0.9), pct(lat, (size_t)n, 0.99), lat[n - 1],
           (double)n / t_all);
    printf("thread CPU time per plan:       p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
           pct(cpu, (size_t)n, 0.5), pct(cpu, (size_t)n, 0.9), pct(cpu, (size_t)n, 0.99), cpu[n - 1]);
    printf("goal p99 < 10 ms (wall): %s\n", pct(lat, (size_t)n, 0.99) < 10.0 ? "met" : "MISSED");
    free(lat);
    free(cpu);
    pc_arena_destroy(a);
    eng_plan_ctx_destroy(ctx);
    rt_graph_destroy(g);
    geo_store_close(s);
    return failed ? 1 : 0;
}
