/* h_map.c — GeoJSON base-map layers for the console's Leaflet map.
 *
 * There are no map tiles offline: the console draws our own roads,
 * buildings and water, and the fire resources on top. Each layer is a
 * FeatureCollection of the features whose box meets ?bbox=minlon,minlat,
 * maxlon,maxlat (WGS 84). Dense layers need a bbox no larger than their
 * span limit (a city block view, not the whole city at once); point layers
 * may omit it. Every answer holds at most ?limit= features (default and
 * maximum per layer below) and says "truncated": true when there were more,
 * so a client zoomed out too far knows to zoom in. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_map.h"
#include "http_int.h"

/* How each layer is asked for and named in its properties. */
typedef struct map_layer_spec {
    geo_map_layer layer;
    double span_max_deg;  /* largest bbox side; 0: bbox optional, any size */
    size_t limit_default, limit_max;
    const char *kind_name, *value_name, *flag_name; /* property names (NULL: not sent) */
} map_layer_spec;

static const map_layer_spec SPECS[] = {
    {GEO_MAP_ROADS, 0.1, 5000, 20000, "class", "width_m", "oneway"},
    {GEO_MAP_BUILDINGS, 0.03, 5000, 20000, "type", "floors", NULL},
    {GEO_MAP_WATER, 0.3, 2000, 5000, "kind", "capacity_m3", NULL},
    {GEO_MAP_HYDRANTS, 0, 5000, 20000, "kind", "flow_lpm", NULL},
    {GEO_MAP_STATIONS, 0, 1000, 5000, NULL, NULL, NULL},
    {GEO_MAP_FIRE_POINTS, 0, 5000, 20000, NULL, "extinguishers", NULL},
    {GEO_MAP_DRAFT_POINTS, 0, 2000, 5000, "note", "capacity_m3", "all_year"},
    {GEO_MAP_ASSEMBLY, 0, 2000, 5000, "kind", "capacity", NULL},
    {GEO_MAP_SAFETY_GROUPS, 0, 5000, 20000, NULL, "households", NULL},
};

/* Parses "a,b,c,d" as four finite numbers. 0 or -1. */
static int parse_bbox(const char *s, geo_map_bbox *b)
{
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end = NULL;
        errno = 0;
        v[i] = strtod(p, &end);
        if (end == p || errno || !isfinite(v[i]))
            return -1;
        if (i < 3 && *end != ',')
            return -1;
        if (i == 3 && *end)
            return -1;
        p = end + 1;
    }
    b->min_lon_deg = v[0], b->min_lat_deg = v[1], b->max_lon_deg = v[2], b->max_lat_deg = v[3];
    if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] > v[2] || v[1] > v[3])
        return -1;
    return 0;
}

/* Reads ?bbox= and ?limit= for spec. 0, or -1 after replying 400. */
static int map_query(http_req *req, http_resp *resp, const map_layer_spec *spec, geo_map_bbox *bb, size_t *limit)
{
    static const char *const q[] = {"bbox", "limit", NULL};
    char d[200];
    if (http_query_check(req, resp, q) != 0)
        return -1;
    const char *bs = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "bbox");
    const char *ls = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "limit");
    *bb = (geo_map_bbox){-180, -90, 180, 90};
    if (!bs && spec->span_max_deg > 0) {
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter",
                           "bbox=minlon,minlat,maxlon,maxlat is required for this layer");
        return -1;
    }
    if (bs && parse_bbox(bs, bb) != 0) {
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter",
                           "bbox must be minlon,minlat,maxlon,maxlat in WGS 84 degrees, min <= max");
        return -1;
    }
    if (spec->span_max_deg > 0 && (bb->max_lon_deg - bb->min_lon_deg > spec->span_max_deg ||
                                   bb->max_lat_deg - bb->min_lat_deg > spec->span_max_deg)) {
        snprintf(d, sizeof d, "bbox sides are limited to %.2f degrees for this layer: zoom in", spec->span_max_deg);
        http_reply_problem(resp, 400, "bbox-too-large", "Area too large", d);
        return -1;
    }
    *limit = spec->limit_default;
    if (ls) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(ls, &end, 10);
        if (!*ls || *end || errno || v < 1 || (unsigned long long)v > spec->limit_max) {
            snprintf(d, sizeof d, "limit must be an integer from 1 to %zu", spec->limit_max);
            http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", d);
            return -1;
        }
        *limit = (size_t)v;
    }
    return 0;
}

static void add_opt_str(cJSON *o, const char *k, const char *v)
{
    if (k && v)
        cJSON_AddStringToObject(o, k, v);
}

static cJSON *feature_json(const map_layer_spec *spec, const geo_map_feature *f)
{
    cJSON *o = cJSON_CreateObject(), *p = cJSON_CreateObject();
    cJSON *g = cJSON_CreateRaw(f->geometry);
    if (!o || !p || !g) {
        cJSON_Delete(o), cJSON_Delete(p), cJSON_Delete(g);
        return NULL;
    }
    cJSON_AddStringToObject(o, "type", "Feature");
    cJSON_AddNumberToObject(o, "id", (double)f->id);
    cJSON_AddItemToObject(o, "geometry", g);
    add_opt_str(p, "code", f->code);
    add_opt_str(p, "name", f->name);
    add_opt_str(p, spec->kind_name, f->kind);
    add_opt_str(p, "status", f->status);
    if (spec->value_name && f->value >= 0)
        cJSON_AddNumberToObject(p, spec->value_name, round(f->value * 10) / 10);
    if (spec->flag_name)
        cJSON_AddBoolToObject(p, spec->flag_name, f->flag);
    cJSON_AddItemToObject(o, "properties", p);
    return o;
}

static void map_layer(http_req *req, http_resp *resp, geo_map_layer layer)
{
    const map_layer_spec *spec = &SPECS[layer];
    geo_map_bbox bb;
    size_t limit = 0, n = 0;
    int truncated = 0;
    geo_map_feature *v = NULL;
    if (map_query(req, resp, spec, &bb, &limit) != 0)
        return;
    pc_rc rc = geo_map_features(req->store, layer, &bb, limit, req->arena, &v, &n, &truncated);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *fc = cJSON_CreateObject(), *feats = cJSON_CreateArray();
    if (!fc || !feats) {
        cJSON_Delete(fc), cJSON_Delete(feats);
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return;
    }
    cJSON_AddStringToObject(fc, "type", "FeatureCollection");
    for (size_t i = 0; i < n; i++) {
        cJSON *f = feature_json(spec, &v[i]);
        if (!f) {
            cJSON_Delete(fc), cJSON_Delete(feats);
            http_reply_rc(resp, PC_ENOMEM, NULL);
            return;
        }
        cJSON_AddItemToArray(feats, f);
    }
    cJSON_AddItemToObject(fc, "features", feats);
    cJSON_AddBoolToObject(fc, "truncated", truncated);
    cJSON_AddNumberToObject(fc, "limit", (double)limit);
    http_reply_json(resp, 200, fc);
    resp->content_type = "application/geo+json";
}

void h_map_roads(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_ROADS); }
void h_map_buildings(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_BUILDINGS); }
void h_map_water(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_WATER); }
void h_map_hydrants(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_HYDRANTS); }
void h_map_stations(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_STATIONS); }
void h_map_fire_points(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_FIRE_POINTS); }
void h_map_draft_points(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_DRAFT_POINTS); }
void h_map_assembly(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_ASSEMBLY); }
void h_map_safety_groups(http_req *req, http_resp *resp) { map_layer(req, resp, GEO_MAP_SAFETY_GROUPS); }

void h_map_extent(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    if (http_query_check(req, resp, none) != 0)
        return;
    geo_map_bbox bb;
    pc_rc rc = geo_map_extent(req->store, &bb);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, rc == PC_ENOTFOUND ? "the database holds no buildings, roads or stations" : NULL);
        return;
    }
    cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
    if (!o || !a) {
        cJSON_Delete(o), cJSON_Delete(a);
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return;
    }
    cJSON_AddItemToArray(a, cJSON_CreateNumber(bb.min_lon_deg));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(bb.min_lat_deg));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(bb.max_lon_deg));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(bb.max_lat_deg));
    cJSON_AddItemToObject(o, "bbox", a);
    http_reply_json(resp, 200, o);
}
