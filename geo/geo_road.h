/* geo_road.h — the road graph, stations and live closures as plain structs.
 *
 * This is the only SQL behind routing: routing/ builds its in-memory graph
 * from a geo_road_net and never sees the store. Everything returned here is
 * owned by the caller and freed with the matching *_free(). Closures live in
 * road_closure (schema version 2) so that every server worker and the CLI
 * see the same list; expiry times are Unix seconds (UTC). */
#ifndef GEO_ROAD_H
#define GEO_ROAD_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"

typedef struct geo_road_edge {
    int64_t id;                 /* road_edge.id */
    int64_t node_from, node_to; /* road_node.id */
    char cls[24];               /* OSM highway class ("" when longer than the field) */
    int32_t name_off;           /* offset of the name in net->names, -1 when unnamed */
    double width_m;
    double maxheight_m; /* 0: unlimited */
    double length_m;
    uint8_t oneway, motor, foot;
    uint32_t pt_off, n_pts; /* geometry: net->pts[pt_off .. pt_off + n_pts), node_from first */
} geo_road_edge;

typedef struct geo_road_net {
    int64_t *node_ids;    /* ascending */
    geo_lonlat *node_pos; /* parallel to node_ids */
    size_t n_nodes;
    geo_road_edge *edges; /* ascending id */
    size_t n_edges;
    geo_lonlat *pts;
    size_t n_pts;
    char *names; /* NUL-separated pool */
    size_t names_len;
} geo_road_net;

/* Reads every road_node and road_edge. An edge whose node is missing or
 * whose geometry is not a linestring of >= 2 points is refused with
 * PC_EFORMAT (err says which). Caller owns *out: geo_road_net_free(). */
pc_rc geo_road_load(geo_store *s, geo_road_net **out, char *err, size_t err_len);
void geo_road_net_free(geo_road_net *net);

typedef struct geo_road_station {
    int64_t id;
    char code[32];
    char name[128];
    geo_lonlat pos;
} geo_road_station;

/* Every station with a position, ascending id. *out is malloc'ed (caller
 * frees with free()); *n_out may be 0 (then *out is NULL). */
pc_rc geo_road_stations(geo_store *s, geo_road_station **out, size_t *n_out);

typedef struct geo_road_closure {
    int64_t id;        /* set by add */
    int64_t edge_id;   /* road_edge.id */
    double factor;     /* 0: closed; >= 1: travel time multiplied (slow-down) */
    int64_t starts_s;  /* Unix seconds */
    int64_t expires_s; /* Unix seconds, > starts_s */
    char reason[160];
} geo_road_closure;

/* Adds a closure (PC_ENOTFOUND when the edge does not exist, PC_EINVAL on a
 * bad factor or times). The new id goes to *id_out when given. */
pc_rc geo_road_closure_add(geo_store *s, const geo_road_closure *c, int64_t *id_out);
/* Closures not yet expired at now_s, ascending id; *out malloc'ed (free()). */
pc_rc geo_road_closure_list(geo_store *s, int64_t now_s, geo_road_closure **out, size_t *n_out);
/* Deletes one closure (id > 0; PC_ENOTFOUND when absent) or all (id == 0).
 * The number deleted goes to *n_deleted when given. */
pc_rc geo_road_closure_clear(geo_store *s, int64_t id, int64_t *n_deleted);

/* The area around reached road pieces: lines (lonlat, lines[i] has
 * line_len[i] points) buffered by buffer_m metres and merged, as a GeoJSON
 * (Multi)Polygon geometry in *geojson (malloc'ed, caller frees). Computed
 * with GEOS in a local metric frame. PC_EINVAL when there are no lines. */
pc_rc geo_road_reach_polygon(const geo_lonlat *pts, const uint32_t *line_len, size_t n_lines, double buffer_m,
                             char **geojson);

#endif
