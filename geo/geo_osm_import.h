/* geo_osm_import.h — importing an OpenStreetMap extract into the store.
 *
 * `pccc import-osm` reads a .osm (XML) or .osm.pbf file with readosm and
 * writes the road graph (road_node, road_edge), buildings, address points,
 * water sources and draft points, hydrants, fire stations and water tanks.
 * The file is first checked (geo_osm_check: readosm must never see a file
 * it would crash on), then read whole into memory (so that a broken file
 * fails before the database is touched, and objects may come in any order), then
 * written in one transaction: on any error the database is left exactly as
 * it was. Re-importing updates rows in place by OSM id and never touches the
 * columns officers maintain (hydrant status and checks, building occupants,
 * hazards, exits, declarations, facility records).
 *
 * Road widths, and which highway classes motor vehicles and people on foot
 * may use, come from a readable configuration file (data/osm/roads.conf,
 * documented in data/osm/README.md); built-in defaults equal that file. */
#ifndef GEO_OSM_IMPORT_H
#define GEO_OSM_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"

typedef struct geo_osm_config geo_osm_config;

/* Reads a roads.conf file. On failure *out is NULL and err holds one line
 * naming the file and line. Caller owns *out: geo_osm_config_free(). */
pc_rc geo_osm_config_load(const char *path, geo_osm_config **out, char *err, size_t err_len);
/* The built-in configuration (identical to data/osm/roads.conf). */
pc_rc geo_osm_config_default(geo_osm_config **out);
void geo_osm_config_free(geo_osm_config *c);

/* The road attributes the configuration derives from a highway's tags. */
typedef struct geo_osm_road_attr {
    int import;        /* 0: the class is not imported */
    double width_m;    /* > 0 */
    int width_tagged;  /* 1: from width / est_width; 0: estimated */
    int motor, foot;   /* usable by motor vehicles / on foot */
} geo_osm_road_attr;

/* Derives width and usage of a highway from its tags (keys[i] = vals[i]).
 * Pure: exposed for tests and tools. */
void geo_osm_road_classify(const geo_osm_config *c, const char *const *keys, const char *const *vals, size_t n_tags,
                           geo_osm_road_attr *out);

typedef struct geo_osm_options {
    const geo_osm_config *config; /* NULL: built-in defaults */
    int quiet;                    /* no progress output */
} geo_osm_options;

typedef struct geo_osm_stats {
    int64_t nodes_read, ways_read, relations_read;
    int64_t highway_ways;      /* ways written to road_edge */
    int64_t road_nodes, road_edges;
    int64_t ways_incomplete;   /* highway ways with missing nodes (the rest kept) */
    int64_t buildings, address_points, water_sources, draft_points, hydrants, stations;
    int64_t polygons_broken;   /* areas whose rings could not be closed (skipped) */
    int64_t admin_assigned;    /* rows given an admin unit (when units exist) */
    double check_s, read_s, write_s; /* the validation pass, the reading, the writing */
} geo_osm_stats;

/* Checks that the file at path (.osm XML or .osm.pbf, by its suffix) is one
 * the reader can take, without reading it into memory: Debian's readosm
 * 1.1.0 crashes on some malformed files (geo_osm_check.c says which), so
 * geo_osm_import runs this first. Refuses broken or truncated XML and PBF,
 * XML that is not OSM (a tag without k or v, a member without type, ref or
 * role, an id or ref that is not a number, a node without lat/lon within
 * WGS 84), and PBF that readosm would misread (string indexes past the
 * block's string table, sizes past the file or the format's limits, blocks
 * that do not unpack, mismatched array lengths). Reads the file once,
 * writes nothing. On failure err holds one line naming the file and the
 * XML line or the PBF block and byte offset. Returns PC_OK, PC_ENOTFOUND
 * (missing, unreadable, not a regular file), PC_EFORMAT, PC_ENOMEM or
 * PC_EIO. */
pc_rc geo_osm_check(const char *path, char *err, size_t err_len);

/* Imports the OSM file at path into s (see the top of this file). stats (may
 * be NULL) receives the counts. On failure err holds one line saying why
 * (missing file, wrong format, truncated or broken file with its line or
 * block, database error) and nothing was written. Returns PC_ENOTFOUND, PC_EFORMAT, PC_ENOMEM,
 * PC_EIO or another store error. */
pc_rc geo_osm_import(geo_store *s, const char *path, const geo_osm_options *opts, geo_osm_stats *stats, char *err,
                     size_t err_len);

#endif
