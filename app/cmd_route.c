/* cmd_route.c — `pccc route`, `pccc nearest` and `pccc closure`: routes for
 * a vehicle, the nearest stations by drive time, live closures.
 *
 * Each run loads the road graph from the store, applies the closures
 * active now and prints JSON on stdout (GeoJSON for geometry). The vehicle
 * profiles are data/osm/vehicles.conf, compiled in, or --vehicles FILE. */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "geo_road.h"
#include "geo_store.h"
#include "graph.h"
#include "pc_progress.h"
#include "rt_search.h"

void usage_route(void)
{
    printf("usage: pccc route [--db FILE] --from LAT,LON --to LAT,LON [--vehicle KIND] [--vehicles FILE]\n"
           "                  [--algo bidijkstra|astar|dijkstra|ch] [--max-snap M]\n\n"
           "Prints the fastest route for the vehicle as JSON: time_s, distance_m, a GeoJSON LineString\n"
           "and the streets followed. Vehicle kinds come from data/osm/vehicles.conf (engine,\n"
           "small_engine, ladder, tanker, motorbike, rescue, foot); default engine. Closures active\n"
           "now apply. When the destination cannot be reached the JSON says why and gives the\n"
           "nearest reachable point (exit code 0: unreachable is an answer). --algo ch first builds the\n"
           "vehicle's contraction hierarchy (about a second on a city; worth it for many queries, not one).\n");
}

void usage_nearest(void)
{
    printf("usage: pccc nearest [--db FILE] --at LAT,LON [--vehicle KIND] [-k K] [--vehicles FILE]\n\n"
           "Prints the K (default 3) stations that reach the point fastest for the vehicle, with\n"
           "ETA, distance and route geometry, as JSON.\n");
}

void usage_closure(void)
{
    printf("usage: pccc closure add [--db FILE] (--edge ID | --at LAT,LON) [--factor F]\n"
           "                        (--minutes N | --until YYYY-MM-DDTHH:MM:SSZ) [--reason TEXT]\n"
           "       pccc closure list [--db FILE]\n"
           "       pccc closure clear [--db FILE] [--id ID]\n\n"
           "Closes a road edge (factor 0, the default) or slows it down (factor >= 1 multiplies\n"
           "its travel time) until the given time. --at picks the edge nearest the point. The next\n"
           "route, nearest or server query sees the change. clear without --id removes all.\n");
}

/* ---- shared loading ------------------------------------------------------ */

static int load_profiles(const char *cmd, const char *path, rt_profile_set *set)
{
    char err[256];
    if (!path)
        return rt_profiles_default(set) == PC_OK ? 0 : -1;
    size_t len = 0;
    char *text = cli_read_file(path, 1 << 20, &len);
    if (!text) {
        fprintf(stderr, "pccc %s: cannot read %s\n", cmd, path);
        return -1;
    }
    pc_rc rc = rt_profiles_parse(text, len, set, err, sizeof err);
    free(text);
    if (rc != PC_OK)
        fprintf(stderr, "pccc %s: %s: %s\n", cmd, path, err);
    return rc == PC_OK ? 0 : -1;
}

/* Loads the graph with the closures active now. */
static int load_graph(const char *cmd, geo_store *s, const rt_profile_set *set, rt_graph **g)
{
    char err[256];
    if (eng_graph_load(s, set, (int64_t)time(NULL), g, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc %s: %s\n", cmd, err);
        return -1;
    }
    return 0;
}

static int open_store(const char *cmd, const char *db, geo_store **s)
{
    char err[256];
    if (geo_store_open(db, 0, s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc %s: %s\n", cmd, err);
        return -1;
    }
    return 0;
}

/* ---- JSON output --------------------------------------------------------- */

static void json_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void json_point(geo_lonlat p) { printf("[%.7f,%.7f]", p.lon_deg, p.lat_deg); }

static const char *status_code(rt_status s)
{
    static const char *const codes[] = {"reached", "no_road", "closed", "disconnected"};
    return (unsigned)s < 4 ? codes[s] : "unknown";
}

static void json_snap(const rt_graph *g, const rt_snap *s)
{
    printf("{\"query\":");
    json_point(s->query);
    if (s->edge < 0) {
        printf(",\"snapped\":null}");
        return;
    }
    printf(",\"snapped\":");
    json_point(s->pos);
    printf(",\"snap_dist_m\":%.1f,\"edge_id\":%" PRId64 "}", s->snap_dist_m, rt_graph_edge_id(g, s->edge));
}

static void json_route(const rt_graph *g, const char *vehicle, const rt_route *r)
{
    printf("{\"vehicle\":");
    json_str(vehicle);
    printf(",\"status\":\"%s\",\"reason\":", status_code(r->status));
    json_str(r->status == RT_REACHED ? NULL : rt_status_str(r->status));
    printf(",\"from\":");
    json_snap(g, &r->from);
    printf(",\"to\":");
    json_snap(g, &r->to);
    if (r->status == RT_REACHED) {
        printf(",\"time_s\":%.1f,\"distance_m\":%.1f,\"geometry\":{\"type\":\"LineString\",\"coordinates\":[",
               r->time_s, r->dist_m);
        for (size_t i = 0; i < r->n_pts; i++) {
            if (i)
                putchar(',');
            json_point(r->pts[i]);
        }
        printf("]},\"streets\":[");
        for (size_t i = 0; i < r->n_streets; i++) {
            printf("%s{\"name\":", i ? "," : "");
            json_str(r->streets[i].name);
            printf(",\"class\":\"%s\",\"distance_m\":%.1f,\"time_s\":%.1f}", rt_class_name(r->streets[i].cls),
                   r->streets[i].dist_m, r->streets[i].time_s);
        }
        putchar(']');
    } else if (r->has_nearest) {
        printf(",\"nearest_reachable\":{\"type\":\"Point\",\"coordinates\":");
        json_point(r->nearest);
        printf(",\"gap_m\":%.1f,\"time_s\":%.1f}", r->nearest_gap_m, r->nearest_time_s);
    }
    putchar('}');
}

/* ---- pccc route ---------------------------------------------------------- */

typedef struct route_args {
    const char *db, *vehicle, *vehicles;
    geo_lonlat from, to;
    int have_from, have_to, k;
    rt_algo algo;
    double max_snap_m;
} route_args;

static int parse_route_args(const char *cmd, int argc, char **argv, route_args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},      {"from", required_argument, 0, 'f'},
        {"to", required_argument, 0, 't'},      {"at", required_argument, 0, 't'},
        {"vehicle", required_argument, 0, 'v'}, {"vehicles", required_argument, 0, 'V'},
        {"algo", required_argument, 0, 'a'},    {"max-snap", required_argument, 0, 'm'},
        {"k", required_argument, 0, 'k'},       {0, 0, 0, 0}};
    unsigned long long k;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
        geo_lonlat *p = c == 'f' ? &a->from : &a->to;
        switch (c) {
        case 'd': a->db = optarg; break;
        case 'f':
        case 't':
            if (cli_parse_latlon(optarg, &p->lat_deg, &p->lon_deg) != 0) {
                fprintf(stderr, "pccc %s: a point is LAT,LON in degrees (WGS 84)\n", cmd);
                return -1;
            }
            *(c == 'f' ? &a->have_from : &a->have_to) = 1;
            break;
        case 'v': a->vehicle = optarg; break;
        case 'V': a->vehicles = optarg; break;
        case 'a':
            if (strcmp(optarg, "astar") && strcmp(optarg, "bidijkstra") && strcmp(optarg, "dijkstra") &&
                strcmp(optarg, "ch")) {
                fprintf(stderr, "pccc %s: --algo is astar, bidijkstra, dijkstra or ch\n", cmd);
                return -1;
            }
            a->algo = optarg[0] == 'a' ? RT_ALGO_BIDIR_ASTAR
                      : optarg[0] == 'b' ? RT_ALGO_BIDIR_DIJKSTRA
                      : optarg[0] == 'c' ? RT_ALGO_CH
                                         : RT_ALGO_DIJKSTRA;
            break;
        case 'm':
            if (cli_parse_double(optarg, 1, 100000, &a->max_snap_m) != 0) {
                fprintf(stderr, "pccc %s: --max-snap is metres, 1 to 100000\n", cmd);
                return -1;
            }
            break;
        case 'k':
            if (cli_parse_uint(optarg, 1, 64, &k) != 0) {
                fprintf(stderr, "pccc %s: -k is 1 to 64\n", cmd);
                return -1;
            }
            a->k = (int)k;
            break;
        default: return -1;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "pccc %s: unexpected argument %s\n", cmd, argv[optind]);
        return -1;
    }
    return 0;
}

/* Opens the store, loads profiles and the graph, finds the profile. */
static int setup(const char *cmd, const route_args *a, geo_store **s, rt_graph **g, int *profile)
{
    rt_profile_set set;
    if (load_profiles(cmd, a->vehicles, &set) != 0)
        return CLI_ERROR;
    *profile = rt_profiles_find(&set, a->vehicle);
    if (*profile < 0) {
        fprintf(stderr, "pccc %s: unknown vehicle '%s' (profiles:", cmd, a->vehicle);
        for (size_t i = 0; i < set.n; i++)
            fprintf(stderr, " %s", set.p[i].name);
        fprintf(stderr, ")\n");
        return CLI_USAGE;
    }
    if (open_store(cmd, a->db, s) != 0)
        return CLI_ERROR;
    return load_graph(cmd, *s, &set, g) == 0 ? CLI_OK : CLI_ERROR;
}

int cmd_route(int argc, char **argv)
{
    route_args a = {.db = cli_default_db(), .vehicle = "engine", .algo = RT_ALGO_BIDIR_DIJKSTRA};
    if (parse_route_args("route", argc, argv, &a) != 0)
        return CLI_USAGE;
    if (!a.have_from || !a.have_to) {
        fprintf(stderr, "pccc route: --from and --to are required\n");
        return CLI_USAGE;
    }
    geo_store *s = NULL;
    rt_graph *g = NULL;
    rt_query *q = NULL;
    rt_route r = {0};
    int profile = -1, ret = setup("route", &a, &s, &g, &profile);
    if (ret == CLI_OK && rt_query_create(g, &q) != PC_OK)
        ret = CLI_ERROR;
    if (ret == CLI_OK) {
        rt_route_opts o = {.profile = profile, .max_snap_m = a.max_snap_m, .now_s = (int64_t)time(NULL), .algo = a.algo};
        pc_rc rc = rt_route_find(q, a.from, a.to, &o, &r);
        if (rc == PC_OK) {
            json_route(g, a.vehicle, &r);
            putchar('\n');
        } else {
            fprintf(stderr, "pccc route: %s\n", pc_rc_str(rc));
            ret = CLI_ERROR;
        }
    }
    rt_route_free(&r);
    rt_query_destroy(q);
    rt_graph_destroy(g);
    geo_store_close(s);
    return ret;
}

/* ---- pccc nearest -------------------------------------------------------- */

static int print_nearest(rt_query *q, const rt_graph *g, int profile, const route_args *a,
                         const geo_road_station *st, size_t n_st)
{
    int64_t now = (int64_t)time(NULL);
    rt_snap target, *sites = calloc(n_st ? n_st : 1, sizeof *sites);
    rt_hit hits[64];
    size_t n_hits = 0;
    if (!sites)
        return CLI_ERROR;
    for (size_t i = 0; i < n_st; i++)
        rt_graph_snap(g, profile, st[i].pos, 1000, now, &sites[i]);
    rt_graph_snap(g, profile, a->to, 1000, now, &target);
    pc_rc rc = rt_nearest_sites(q, profile, &target, sites, n_st, (size_t)a->k, now, hits, &n_hits);
    printf("{\"vehicle\":");
    json_str(a->vehicle);
    printf(",\"target\":");
    json_snap(g, &target);
    printf(",\"stations\":[");
    for (size_t i = 0; rc == PC_OK && i < n_hits; i++) {
        rt_route r = {0};
        rc = rt_nearest_route(q, &hits[i], &r);
        if (rc != PC_OK)
            break;
        printf("%s{\"code\":", i ? "," : "");
        json_str(st[hits[i].site].code);
        printf(",\"name\":");
        json_str(st[hits[i].site].name);
        printf(",\"eta_s\":%.1f,\"distance_m\":%.1f,\"route\":", hits[i].eta_s, hits[i].dist_m);
        json_route(g, a->vehicle, &r);
        putchar('}');
        rt_route_free(&r);
    }
    printf("]}\n");
    free(sites);
    if (rc != PC_OK)
        fprintf(stderr, "pccc nearest: %s\n", pc_rc_str(rc));
    return rc == PC_OK ? CLI_OK : CLI_ERROR;
}

int cmd_nearest(int argc, char **argv)
{
    route_args a = {.db = cli_default_db(), .vehicle = "engine", .k = 3};
    if (parse_route_args("nearest", argc, argv, &a) != 0)
        return CLI_USAGE;
    if (!a.have_to) {
        fprintf(stderr, "pccc nearest: --at LAT,LON is required\n");
        return CLI_USAGE;
    }
    geo_store *s = NULL;
    rt_graph *g = NULL;
    rt_query *q = NULL;
    geo_road_station *st = NULL;
    size_t n_st = 0;
    int profile = -1, ret = setup("nearest", &a, &s, &g, &profile);
    if (ret == CLI_OK && (rt_query_create(g, &q) != PC_OK || geo_road_stations(s, &st, &n_st) != PC_OK))
        ret = CLI_ERROR;
    if (ret == CLI_OK)
        ret = print_nearest(q, g, profile, &a, st, n_st);
    free(st);
    rt_query_destroy(q);
    rt_graph_destroy(g);
    geo_store_close(s);
    return ret;
}
