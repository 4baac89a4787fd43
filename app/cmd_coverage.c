/* cmd_coverage.c — `pccc coverage`: coverage gaps for a vehicle kind, per
 * administrative unit, as JSON on stdout and optionally GeoJSON, CSV and a
 * PNG map; --scenario FILE prints the what-if delta instead. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coverage.h"
#include "geo_store.h"
#include "graph.h"
#include "http_coverage.h"
#include "pc_progress.h"

void usage_coverage(void)
{
    printf("usage: pccc coverage [--db FILE] [--vehicle KIND] [--t1 S] [--t2 S] [--hose-reach M]\n"
           "                     [--available] [--unit CODE] [--worst N] [--geojson FILE] [--csv FILE]\n"
           "                     [--png FILE] [--png-width PX] [--scenario FILE]\n\n"
           "Classifies every building by drive time from the nearest station having the vehicle kind\n"
           "(default engine; all its units, or --available ones) to its staging point: within T1\n"
           "(default 240 s), within T2 (480 s), beyond, unreachable; flags buildings beyond hose reach\n"
           "(default 120 m) and without water, and ranks the alleys a truck cannot enter. Prints one\n"
           "GeoJSON FeatureCollection: the N worst buildings (default 50) with the city totals, the\n"
           "per-unit summaries (--unit: that unit and below) and the alleys as members. --geojson writes\n"
           "every building of the area, --csv one row per unit, --png a map (stored PNG, no zlib).\n"
           "--scenario FILE (JSON: add_stations, add_units, remove_stations, add_hydrants,\n"
           "remove_hydrants, add_draft_points) prints the delta against the stored data instead;\n"
           "nothing is written.\n");
}

static int write_file(const char *path, const pc_buf *b)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "pccc coverage: cannot write %s\n", path);
    return ok ? 0 : -1;
}

typedef struct cov_args {
    const char *db, *unit, *geojson, *csv, *png, *scenario;
    eng_cov_opts o;
    unsigned long long worst, png_w;
} cov_args;

static int parse_args(int argc, char **argv, cov_args *a)
{
    static const struct option opts[] = {
        {"db", 1, 0, 'd'},      {"vehicle", 1, 0, 'v'}, {"t1", 1, 0, '1'},      {"t2", 1, 0, '2'},
        {"hose-reach", 1, 0, 'r'}, {"available", 0, 0, 'a'}, {"unit", 1, 0, 'u'}, {"worst", 1, 0, 'n'},
        {"geojson", 1, 0, 'g'}, {"csv", 1, 0, 'c'},     {"png", 1, 0, 'p'},     {"png-width", 1, 0, 'w'},
        {"scenario", 1, 0, 's'}, {"help", 0, 0, 'h'},   {0, 0, 0, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case 'd': a->db = optarg; break;
        case 'v': a->o.vehicle = optarg; break;
        case '1': bad = cli_parse_double(optarg, 1, 7200, &a->o.t1_s); break;
        case '2': bad = cli_parse_double(optarg, 1, 7200, &a->o.t2_s); break;
        case 'r': bad = cli_parse_double(optarg, 1, COV_WALK_MAX_M, &a->o.hose_reach_m); break;
        case 'a': a->o.available_only = 1; break;
        case 'u': a->unit = optarg; break;
        case 'n': bad = cli_parse_uint(optarg, 0, 100000, &a->worst); break;
        case 'g': a->geojson = optarg; break;
        case 'c': a->csv = optarg; break;
        case 'p': a->png = optarg; break;
        case 'w': bad = cli_parse_uint(optarg, 16, 8000, &a->png_w); break;
        case 's': a->scenario = optarg; break;
        case 'h': usage_coverage(); return CLI_OK + 100;
        default: bad = 1;
        }
        if (bad) {
            usage_coverage();
            return CLI_USAGE;
        }
    }
    if (optind < argc) {
        usage_coverage();
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* The outputs of one run. */
static pc_rc outputs(const cov_args *a, const eng_cov_ctx *c, const eng_cov_result *r, long ux)
{
    pc_buf b = {0};
    pc_rc rc = eng_cov_json(c, r, ux, NULL, (size_t)a->worst, &b);
    if (rc == PC_OK)
        fwrite(b.data, 1, b.len, stdout), putchar('\n');
    if (rc == PC_OK && a->geojson) {
        pc_buf_free(&b);
        rc = eng_cov_geojson(c, r, ux, 0, &b);
        if (rc == PC_OK && write_file(a->geojson, &b))
            rc = PC_EIO;
    }
    if (rc == PC_OK && a->csv) {
        pc_buf_free(&b);
        rc = eng_cov_csv(r, ux, &b);
        if (rc == PC_OK && write_file(a->csv, &b))
            rc = PC_EIO;
    }
    if (rc == PC_OK && a->png) {
        pc_buf_free(&b);
        rc = eng_cov_png(c, r, ux, (int)a->png_w, &b);
        if (rc == PC_OK && write_file(a->png, &b))
            rc = PC_EIO;
    }
    pc_buf_free(&b);
    return rc;
}

static pc_rc run_scenario(const cov_args *a, const rt_graph *g, eng_cov_ctx *c, geo_store *s, char *err,
                          size_t err_len)
{
    size_t len = 0;
    char *text = cli_read_file(a->scenario, 1 << 20, &len);
    if (!text) {
        snprintf(err, err_len, "cannot read %s (at most 1 MiB)", a->scenario);
        return PC_EIO;
    }
    pc_arena *ar = pc_arena_create(0);
    eng_cov_scenario sc;
    eng_cov_result *x = NULL, *y = NULL;
    pc_rc rc = ar ? http_cov_scenario_parse(text, len, rt_graph_profiles(g), NULL, ar, &sc, err, err_len) : PC_ENOMEM;
    if (rc == PC_OK)
        rc = eng_cov_run(c, s, &a->o, NULL, &x, err, err_len);
    if (rc == PC_OK)
        rc = eng_cov_run(c, s, &a->o, &sc, &y, err, err_len);
    pc_buf b = {0};
    if (rc == PC_OK)
        rc = eng_cov_delta_json(x, y, &b);
    if (rc == PC_OK)
        fwrite(b.data, 1, b.len, stdout), putchar('\n');
    pc_buf_free(&b);
    eng_cov_result_destroy(x);
    eng_cov_result_destroy(y);
    pc_arena_destroy(ar);
    free(text);
    return rc;
}

int cmd_coverage(int argc, char **argv)
{
    cov_args a = {.db = cli_default_db(), .worst = 50, .png_w = 1200};
    int prc = parse_args(argc, argv, &a);
    if (prc != CLI_OK)
        return prc == CLI_OK + 100 ? CLI_OK : prc;
    char err[512] = "";
    geo_store *s = NULL;
    rt_graph *g = NULL;
    eng_cov_ctx *c = NULL;
    eng_cov_result *r = NULL;
    double t0 = pc_now_s();
    pc_rc rc = geo_store_open(a.db, GEO_STORE_READONLY, &s, err, sizeof err);
    if (rc == PC_OK)
        rc = eng_graph_load(s, NULL, 0, &g, err, sizeof err);
    if (rc == PC_OK)
        rc = eng_cov_ctx_create(s, g, &c, err, sizeof err);
    double t_ctx = pc_now_s() - t0;
    if (rc == PC_OK && a.scenario) {
        rc = run_scenario(&a, g, c, s, err, sizeof err);
    } else if (rc == PC_OK) {
        rc = eng_cov_run(c, s, &a.o, NULL, &r, err, sizeof err);
        long ux = -1;
        if (rc == PC_OK && a.unit && (ux = eng_cov_unit_find(r, a.unit)) < 0) {
            snprintf(err, sizeof err, "no administrative unit with code %s", a.unit);
            rc = PC_ENOTFOUND;
        }
        if (rc == PC_OK)
            rc = outputs(&a, c, r, ux);
    }
    if (rc == PC_OK)
        fprintf(stderr, "coverage: %zu buildings; load and snap %.2f s, run %.0f ms\n", eng_cov_ctx_n_buildings(c),
                t_ctx, r ? r->run_ms : 0);
    else
        fprintf(stderr, "pccc coverage: %s\n", err[0] ? err : pc_rc_str(rc));
    eng_cov_result_destroy(r);
    eng_cov_ctx_destroy(c);
    rt_graph_destroy(g);
    geo_store_close(s);
    return rc == PC_OK ? CLI_OK : CLI_ERROR;
}
