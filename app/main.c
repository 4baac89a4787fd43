/* main.c — `pccc`: one program, many subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pc_log.h"

static const cli_command COMMANDS[] = {
    {"serve", "run the dispatch API and console server", cmd_serve, usage_serve},
    {"demo", "generate the demo city into a SpatiaLite file", cmd_demo, usage_demo},
    {"plan", "the response plan for a house code, an address or a position (JSON)", cmd_plan, usage_plan},
    {"coverage", "coverage gaps per ward for a vehicle kind; what-if scenarios (JSON, CSV, PNG)", cmd_coverage, usage_coverage},
    {"info", "print the schema version and row counts of a database", cmd_info, usage_info},
    {"backup", "copy a live database to a file (online backup)", cmd_backup, usage_backup},
    {"route", "fastest route for a vehicle between two points (JSON)", cmd_route, usage_route},
    {"nearest", "the K stations nearest a point by drive time (JSON)", cmd_nearest, usage_nearest},
    {"closure", "add, list or clear live road closures and slow-downs", cmd_closure, usage_closure},
    {"user", "manage accounts: add, passwd, set, disable, enable, list", cmd_user, usage_user},
    {"audit", "verify the audit log's hash chain", cmd_audit, usage_audit},
    {"import-residents", "import a population-register extract (CSV, IDs encrypted)", cmd_import_residents, usage_import_residents},
    {"geocode", "find a building by house code, address or coordinates", cmd_geocode, usage_geocode},
    {"import-osm", "import an OSM extract (.osm, .osm.pbf): roads, buildings, water, fire resources", cmd_import_osm, usage_import_osm},
    {"import-admin", "import administrative units from GeoJSON and assign objects to them", cmd_import_admin, usage_import_admin},
};
static const size_t N_COMMANDS = sizeof COMMANDS / sizeof COMMANDS[0];

static void usage(FILE *f)
{
    fprintf(f, "usage: pccc [--verbose|--quiet] COMMAND [ARGS]\n\n"
               "pccc is the fire-emergency dispatch engine for Hanoi.\n\ncommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-14s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\n`pccc COMMAND --help` describes one command. Exit codes: 0 ok, 1 error, 2 usage.\n");
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--verbose") == 0) {
            pc_log_set_level(PC_LOG_DEBUG);
        } else if (strcmp(argv[i], "--quiet") == 0) {
            pc_log_set_level(PC_LOG_WARN);
        } else if (cli_is_help(argv[i])) {
            usage(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("pccc %s\n", PCCC_VERSION);
            return CLI_OK;
        } else {
            fprintf(stderr, "pccc: unknown option %s\n", argv[i]);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    for (size_t c = 0; c < N_COMMANDS; c++) {
        if (strcmp(COMMANDS[c].name, argv[i]) != 0)
            continue;
        for (int a = i + 1; a < argc; a++) {
            if (cli_is_help(argv[a])) {
                COMMANDS[c].usage();
                return CLI_OK;
            }
        }
        return COMMANDS[c].run(argc - i, argv + i);
    }
    fprintf(stderr, "pccc: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return CLI_USAGE;
}
