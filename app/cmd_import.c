/* cmd_import.c — `pccc import-osm` and `pccc import-admin`: real map data
 * into a SpatiaLite store (geo_osm_import.h, geo_admin_import.h). Both print
 * one JSON line of counts on success and one error line on failure. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "geo_admin_import.h"
#include "geo_osm_import.h"
#include "pc_log.h"

void usage_import_osm(void)
{
    printf("usage: pccc import-osm FILE [--db DB] [--config roads.conf] [--quiet]\n\n"
           "Imports an OpenStreetMap extract (.osm XML or .osm.pbf) into the database: the road\n"
           "graph (every highway a vehicle or a person on foot can use, split at junctions, with\n"
           "width tagged or estimated, oneway, access, maxheight), buildings with house codes,\n"
           "address points, water sources, draft points, hydrants, fire stations and water tanks.\n"
           "Re-importing updates in place by OSM id and keeps what officers entered. The whole\n"
           "import is one transaction: a broken file changes nothing. The file is checked first\n"
           "(a broken one is refused with its line or block). --config names a road\n"
           "configuration (default: built-in, identical to data/osm/roads.conf).\n");
}

void usage_import_admin(void)
{
    printf("usage: pccc import-admin FILE.geojson [--db DB] --level ward|district|city [--parent CODE]\n\n"
           "Imports the named polygons of a GeoJSON FeatureCollection as administrative units of\n"
           "the level (code from wikidata, else the OSM id), with their parent from --parent or\n"
           "by containment in a higher-level unit, then assigns every building, address point,\n"
           "hydrant, station, water source and road edge to the lowest unit containing it.\n");
}

/* Opens the store for writing; prints the error. */
static geo_store *open_store(const char *cmd, const char *db)
{
    geo_store *s = NULL;
    char err[512];
    if (geo_store_open(db, GEO_STORE_CREATE, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc %s: %s\n", cmd, err);
        return NULL;
    }
    return s;
}

int cmd_import_osm(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"config", required_argument, 0, 'c'},
                                         {"quiet", no_argument, 0, 'q'}, {0, 0, 0, 0}};
    const char *db = cli_default_db(), *conf = NULL, *file = NULL;
    geo_osm_options o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'c': conf = optarg; break;
        case 'q': o.quiet = 1; break;
        default: usage_import_osm(); return CLI_USAGE;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "pccc import-osm: give exactly one FILE (.osm or .osm.pbf)\n");
        return CLI_USAGE;
    }
    file = argv[optind];
    char err[512] = "";
    geo_osm_config *cfg = NULL;
    if (conf && geo_osm_config_load(conf, &cfg, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc import-osm: %s\n", err);
        return CLI_ERROR;
    }
    o.config = cfg;
    if (pc_log_get_level() > PC_LOG_INFO)
        o.quiet = 1;
    geo_store *s = open_store("import-osm", db);
    geo_osm_stats st;
    pc_rc rc = s ? geo_osm_import(s, file, &o, &st, err, sizeof err) : PC_EIO;
    geo_store_close(s);
    geo_osm_config_free(cfg);
    if (rc != PC_OK) {
        if (err[0])
            fprintf(stderr, "pccc import-osm: %s\n", err);
        return CLI_ERROR;
    }
    printf("{\"nodes_read\":%lld,\"ways_read\":%lld,\"relations_read\":%lld,\"highway_ways\":%lld,"
           "\"road_nodes\":%lld,\"road_edges\":%lld,\"buildings\":%lld,\"address_points\":%lld,"
           "\"water_sources\":%lld,\"draft_points\":%lld,\"hydrants\":%lld,\"stations\":%lld,"
           "\"ways_incomplete\":%lld,\"areas_skipped\":%lld,\"admin_assigned\":%lld,\"check_s\":%.3f,\"read_s\":%.3f,"
           "\"write_s\":%.3f}\n",
           (long long)st.nodes_read, (long long)st.ways_read, (long long)st.relations_read,
           (long long)st.highway_ways, (long long)st.road_nodes, (long long)st.road_edges, (long long)st.buildings,
           (long long)st.address_points, (long long)st.water_sources, (long long)st.draft_points,
           (long long)st.hydrants, (long long)st.stations, (long long)st.ways_incomplete,
           (long long)st.polygons_broken, (long long)st.admin_assigned, st.check_s, st.read_s, st.write_s);
    return CLI_OK;
}

int cmd_import_admin(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"level", required_argument, 0, 'l'},
                                         {"parent", required_argument, 0, 'p'}, {"quiet", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    const char *db = cli_default_db();
    geo_admin_options o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': o.level = optarg; break;
        case 'p': o.parent_code = optarg; break;
        case 'q': o.quiet = 1; break;
        default: usage_import_admin(); return CLI_USAGE;
        }
    }
    if (optind + 1 != argc || !o.level) {
        fprintf(stderr, "pccc import-admin: give one FILE.geojson and --level ward|district|city\n");
        return CLI_USAGE;
    }
    geo_store *s = open_store("import-admin", db);
    geo_admin_stats st;
    char err[512] = "";
    pc_rc rc = s ? geo_admin_import(s, argv[optind], &o, &st, err, sizeof err) : PC_EIO;
    geo_store_close(s);
    if (rc != PC_OK) {
        if (err[0])
            fprintf(stderr, "pccc import-admin: %s\n", err);
        return CLI_ERROR;
    }
    printf("{\"units\":%lld,\"with_parent\":%lld,\"skipped\":%lld,\"assigned\":%lld}\n", (long long)st.units,
           (long long)st.with_parent, (long long)st.skipped, (long long)st.assigned);
    return CLI_OK;
}
