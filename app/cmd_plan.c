/* cmd_plan.c — `pccc plan`: the response plan for a house code, an address
 * or a position, printed as the same JSON the API serves. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "geo_geocode.h"
#include "geo_proj.h"
#include "graph.h"
#include "http_plan_json.h"
#include "locate.h"
#include "plan.h"

void usage_plan(void)
{
    printf("usage: pccc plan [--db FILE] (--house CODE | --address TEXT | --at LAT,LON | --vn2000 X,Y)\n"
           "                 [--vehicle KIND] [--rules FILE] [--pretty]\n\n"
           "Prints the response plan as JSON: the building and its occupants, exits and\n"
           "compliance; for each vehicle kind with available units the staging point and\n"
           "hose distance; the nearest units by drive time with their routes; the suggested\n"
           "first alarm; working hydrants and draft points by hose distance; public fire\n"
           "points, safety groups and assembly areas; warnings. --vn2000 takes VN-2000 /\n"
           "TM-3 105°00' metres (EPSG:5897: X easting, Y northing). An address that matches\n"
           "several buildings prints the candidates and exits 1.\n");
}

static int vn2000_to_wgs84(double x, double y, geo_lonlat *out)
{
    geo_proj *p = NULL;
    char err[256];
    if (geo_proj_create(&p, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc plan: %s\n", err);
        return -1;
    }
    geo_xy xy = {x, y};
    pc_rc rc = geo_proj_from_vn2000(p, xy, out);
    geo_proj_destroy(p);
    return rc == PC_OK && geo_lonlat_valid(*out) ? 0 : -1;
}

typedef struct plan_args {
    const char *db, *house, *address, *vehicle, *rules;
    int has_pos, pretty;
    geo_lonlat pos;
} plan_args;

static int parse_args(int argc, char **argv, plan_args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},     {"house", required_argument, 0, 'h'},
        {"address", required_argument, 0, 'a'}, {"at", required_argument, 0, 't'},
        {"vn2000", required_argument, 0, 'v'}, {"vehicle", required_argument, 0, 'k'},
        {"rules", required_argument, 0, 'r'},  {"pretty", no_argument, 0, 'p'}, {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    a->db = cli_default_db();
    int c, given = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        double x, y;
        switch (c) {
        case 'd': a->db = optarg; break;
        case 'h': a->house = optarg, given++; break;
        case 'a': a->address = optarg, given++; break;
        case 't':
            if (cli_parse_latlon(optarg, &a->pos.lat_deg, &a->pos.lon_deg)) {
                fprintf(stderr, "pccc plan: --at wants LAT,LON in degrees\n");
                return -1;
            }
            a->has_pos = 1, given++;
            break;
        case 'v':
            if (sscanf(optarg, "%lf,%lf", &x, &y) != 2 || vn2000_to_wgs84(x, y, &a->pos) != 0) {
                fprintf(stderr, "pccc plan: --vn2000 wants X,Y in metres (EPSG:5897)\n");
                return -1;
            }
            a->has_pos = 1, given++;
            break;
        case 'k': a->vehicle = optarg; break;
        case 'r': a->rules = optarg; break;
        case 'p': a->pretty = 1; break;
        default: return -1;
        }
    }
    if (given != 1 || optind != argc) {
        fprintf(stderr, "pccc plan: give exactly one of --house, --address, --at, --vn2000\n");
        return -1;
    }
    return 0;
}

static int load_rules(const char *path, eng_plan_rules *rules)
{
    char err[256];
    if (!path)
        return eng_rules_default(rules) == PC_OK ? 0 : -1;
    size_t len = 0;
    char *text = cli_read_file(path, 1 << 20, &len);
    if (!text) {
        fprintf(stderr, "pccc plan: cannot read %s\n", path);
        return -1;
    }
    pc_rc rc = eng_rules_parse(text, len, rules, err, sizeof err);
    free(text);
    if (rc != PC_OK)
        fprintf(stderr, "pccc plan: %s: %s\n", path, err);
    return rc == PC_OK ? 0 : -1;
}

/* Prints the plan for a located building or place. */
static int print_plan(geo_store *s, const plan_args *a, const eng_plan_rules *rules, const eng_location *loc,
                      pc_arena *arena)
{
    char err[256];
    rt_graph *g = NULL;
    eng_plan_ctx *ctx = NULL;
    eng_plan *plan = NULL;
    int64_t now = (int64_t)time(NULL);
    int ret = CLI_ERROR;
    pc_rc rc = eng_graph_load(s, NULL, now, &g, err, sizeof err);
    if (rc != PC_OK) {
        fprintf(stderr, "pccc plan: road graph: %s\n", err);
        goto cleanup;
    }
    if ((rc = eng_plan_ctx_create(s, g, rules, &ctx)) != PC_OK) {
        fprintf(stderr, "pccc plan: %s\n", pc_rc_str(rc));
        goto cleanup;
    }
    eng_plan_req req = {.building_id = loc->building_id, .pos = loc->pos, .now_s = now, .only_kind = a->vehicle};
    if ((rc = eng_plan_build(ctx, &req, arena, &plan)) != PC_OK) {
        fprintf(stderr, "pccc plan: %s\n", pc_rc_str(rc));
        goto cleanup;
    }
    char *json = http_plan_json(plan, loc, a->pretty);
    if (json) {
        puts(json);
        free(json);
        ret = CLI_OK;
    }
cleanup:
    eng_plan_ctx_destroy(ctx);
    rt_graph_destroy(g);
    return ret;
}

int cmd_plan(int argc, char **argv)
{
    plan_args a;
    eng_plan_rules rules;
    if (parse_args(argc, argv, &a) != 0)
        return CLI_USAGE;
    if (load_rules(a.rules, &rules) != 0)
        return CLI_ERROR;
    geo_store *s = NULL;
    geo_geocoder *gc = NULL;
    pc_arena *arena = pc_arena_create(0);
    char err[256];
    int ret = CLI_ERROR;
    if (!arena)
        return CLI_ERROR;
    if (geo_store_open(a.db, 0, &s, err, sizeof err) != PC_OK) { /* may migrate an older file */
        fprintf(stderr, "pccc plan: %s\n", err);
        goto cleanup;
    }
    eng_location loc;
    pc_rc rc = geo_geocoder_create(s, &gc);
    if (rc == PC_OK)
        rc = eng_locate(gc, a.house, a.address, a.has_pos ? &a.pos : NULL, arena, &loc);
    if (rc != PC_OK) {
        fprintf(stderr, "pccc plan: cannot read the place: %s\n", pc_rc_str(rc));
        goto cleanup;
    }
    if (loc.status != ENG_LOC_BUILDING && loc.status != ENG_LOC_PLACE) {
        char *json = http_location_json(&loc, a.pretty);
        if (json)
            puts(json);
        free(json);
        fprintf(stderr, "pccc plan: %s\n", loc.status == ENG_LOC_BAD_CODE ? "the house code fails its check character"
                                        : loc.status == ENG_LOC_AMBIGUOUS ? "several places match: choose one"
                                                                          : "no such place");
        goto cleanup;
    }
    ret = print_plan(s, &a, &rules, &loc, arena);
cleanup:
    geo_geocoder_destroy(gc);
    geo_store_close(s);
    pc_arena_destroy(arena);
    return ret;
}
