/* cmd_closure.c — `pccc closure add|list|clear`: live road closures and
 * slow-downs kept in the store (road_closure), applied by every later
 * route query. Usage text is in cmd_route.c (usage_closure). */
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
#include "rt_graph.h"

/* "YYYY-MM-DDTHH:MM:SSZ" -> Unix seconds; -1 when malformed. */
static int64_t parse_iso_utc(const char *s)
{
    struct tm tm = {0};
    char z = 0;
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec, &z, &n) != 7 || z != 'Z' || s[n] != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

/* The edge nearest to p usable by any profile (closing it closes it for all). */
static int64_t edge_near(geo_store *s, geo_lonlat p, double *dist_m)
{
    geo_road_net *net = NULL;
    rt_graph *g = NULL;
    rt_profile_set set;
    int64_t id = -1;
    char err[256];
    if (rt_profiles_default(&set) != PC_OK || geo_road_load(s, &net, err, sizeof err) != PC_OK ||
        rt_graph_build(net, &set, &g, err, sizeof err) != PC_OK) {
        geo_road_net_free(net);
        return -1;
    }
    *dist_m = INFINITY;
    for (size_t i = 0; i < set.n; i++) {
        rt_snap sn;
        if (rt_graph_snap(g, (int)i, p, 200, 0, &sn) == PC_OK && sn.snap_dist_m < *dist_m) {
            *dist_m = sn.snap_dist_m;
            id = rt_graph_edge_id(g, sn.edge);
        }
    }
    rt_graph_destroy(g);
    geo_road_net_free(net);
    return id;
}

static int closure_add(geo_store *s, int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},     {"edge", required_argument, 0, 'e'},
                                         {"at", required_argument, 0, 'a'},     {"factor", required_argument, 0, 'f'},
                                         {"minutes", required_argument, 0, 'm'}, {"until", required_argument, 0, 'u'},
                                         {"reason", required_argument, 0, 'r'}, {0, 0, 0, 0}};
    geo_road_closure c = {.edge_id = -1, .factor = 0, .starts_s = (int64_t)time(NULL), .expires_s = -1};
    geo_lonlat at = {NAN, NAN};
    unsigned long long v;
    double minutes;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int bad = 0;
        switch (o) {
        case 'd': break;
        case 'e': bad = cli_parse_uint(optarg, 1, INT64_MAX, &v), c.edge_id = (int64_t)v; break;
        case 'a': bad = cli_parse_latlon(optarg, &at.lat_deg, &at.lon_deg); break;
        case 'f': bad = cli_parse_double(optarg, 0, 1000, &c.factor) || (c.factor > 0 && c.factor < 1); break;
        case 'm': bad = cli_parse_double(optarg, 1, 525600, &minutes), c.expires_s = c.starts_s + (int64_t)(minutes * 60); break;
        case 'u': bad = (c.expires_s = parse_iso_utc(optarg)) <= c.starts_s; break;
        case 'r': snprintf(c.reason, sizeof c.reason, "%s", optarg); break;
        default: bad = 1;
        }
        if (bad) {
            fprintf(stderr, "pccc closure add: bad option or value (see --help)\n");
            return CLI_USAGE;
        }
    }
    if ((c.edge_id < 0) == isnan(at.lat_deg) || c.expires_s <= c.starts_s) {
        fprintf(stderr, "pccc closure add: give --edge or --at, and --minutes or a future --until\n");
        return CLI_USAGE;
    }
    double dist = 0;
    if (c.edge_id < 0 && (c.edge_id = edge_near(s, at, &dist)) < 0) {
        fprintf(stderr, "pccc closure add: no road within 200 m of the point\n");
        return CLI_ERROR;
    }
    int64_t id = 0;
    pc_rc rc = geo_road_closure_add(s, &c, &id);
    if (rc != PC_OK) {
        fprintf(stderr, "pccc closure add: %s\n", rc == PC_ENOTFOUND ? "no such road edge" : pc_rc_str(rc));
        return CLI_ERROR;
    }
    printf("{\"id\":%" PRId64 ",\"edge_id\":%" PRId64 ",\"factor\":%g,\"expires_s\":%" PRId64 "}\n", id, c.edge_id,
           c.factor, c.expires_s);
    return CLI_OK;
}

static int closure_list(geo_store *s)
{
    geo_road_closure *v = NULL;
    size_t n = 0;
    if (geo_road_closure_list(s, (int64_t)time(NULL), &v, &n) != PC_OK) {
        fprintf(stderr, "pccc closure list: %s\n", geo_store_errmsg(s));
        return CLI_ERROR;
    }
    printf("[");
    for (size_t i = 0; i < n; i++) {
        printf("%s{\"id\":%" PRId64 ",\"edge_id\":%" PRId64 ",\"factor\":%g,\"starts_s\":%" PRId64
               ",\"expires_s\":%" PRId64 ",\"reason\":\"",
               i ? "," : "", v[i].id, v[i].edge_id, v[i].factor, v[i].starts_s, v[i].expires_s);
        for (const char *p = v[i].reason; *p; p++) {
            if (*p == '"' || *p == '\\')
                putchar('\\');
            putchar((unsigned char)*p < 0x20 ? ' ' : *p);
        }
        printf("\"}");
    }
    printf("]\n");
    free(v);
    return CLI_OK;
}

static int closure_clear(geo_store *s, int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"id", required_argument, 0, 'i'},
                                         {0, 0, 0, 0}};
    unsigned long long id = 0;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1)
        if (o == '?' || (o == 'i' && cli_parse_uint(optarg, 1, INT64_MAX, &id) != 0)) {
            fprintf(stderr, "pccc closure clear: --id is a closure id\n");
            return CLI_USAGE;
        }
    int64_t n = 0;
    pc_rc rc = geo_road_closure_clear(s, (int64_t)id, &n);
    if (rc != PC_OK) {
        fprintf(stderr, "pccc closure clear: %s\n", rc == PC_ENOTFOUND ? "no such closure" : pc_rc_str(rc));
        return CLI_ERROR;
    }
    printf("{\"deleted\":%" PRId64 "}\n", n);
    return CLI_OK;
}

int cmd_closure(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "list") && strcmp(argv[1], "clear"))) {
        usage_closure();
        return CLI_USAGE;
    }
    const char *db = cli_default_db();
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], "--db") == 0)
            db = argv[i + 1];
    geo_store *s = NULL;
    char err[256];
    if (geo_store_open(db, 0, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc closure: %s\n", err);
        return CLI_ERROR;
    }
    int ret = argv[1][0] == 'a' ? closure_add(s, argc - 1, argv + 1)
              : argv[1][1] == 'l' ? closure_clear(s, argc - 1, argv + 1)
                                  : closure_list(s);
    geo_store_close(s);
    return ret;
}
