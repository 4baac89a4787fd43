/* cmd_info.c — `pccc info` and `pccc backup`: look at and copy a database. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "geo_store.h"

void usage_info(void)
{
    printf("usage: pccc info [--db FILE]\n\nPrints the schema version and the number of rows of each layer.\n");
}

int cmd_info(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {0, 0, 0, 0}};
    const char *db = cli_default_db();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'd') {
            usage_info();
            return CLI_USAGE;
        }
        db = optarg;
    }
    if (optind != argc) {
        fprintf(stderr, "pccc info: unexpected argument %s\n", argv[optind]);
        return CLI_USAGE;
    }
    geo_store *s = NULL;
    char err[256];
    if (geo_store_open(db, GEO_STORE_READONLY, &s, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc info: %s\n", err);
        return CLI_ERROR;
    }
    static const char *const tables[] = {"admin_unit", "building", "building_exit", "address_point", "facility",
                                         "inspection", "violation", "station", "unit", "hydrant", "water_source",
                                         "draft_point", "fire_point", "safety_group", "assembly_area", "road_node",
                                         "road_edge", "incident", "citizen_report", "account", "audit_log"};
    printf("{\"db\":\"%s\",\"schema_version\":%d", db, geo_store_schema_version(s));
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        int64_t n = 0;
        geo_store_count(s, tables[i], &n);
        printf(",\"%s\":%" PRId64, tables[i], n);
    }
    printf("}\n");
    geo_store_close(s);
    return CLI_OK;
}

void usage_backup(void)
{
    printf("usage: pccc backup [--db FILE] --out FILE\n\n"
           "Copies the database through SQLite's online backup API while the server keeps running.\n");
}

int cmd_backup(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"out", required_argument, 0, 'o'}, {0, 0, 0, 0}};
    const char *db = cli_default_db(), *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd') db = optarg;
        else if (c == 'o') out = optarg;
        else { usage_backup(); return CLI_USAGE; }
    }
    if (!out || optind != argc) {
        usage_backup();
        return CLI_USAGE;
    }
    geo_store *s = NULL;
    char err[256];
    if (geo_store_open(db, 0, &s, err, sizeof err) != PC_OK || geo_store_backup(s, out, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc backup: %s\n", err);
        geo_store_close(s);
        return CLI_ERROR;
    }
    geo_store_close(s);
    printf("backup written to %s\n", out);
    return CLI_OK;
}
