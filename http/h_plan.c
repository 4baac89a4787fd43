/* h_plan.c — GET /api/v1/plan (the response plan) and GET /api/v1/geocode.
 *
 * The place is given exactly one way: house=CODE, address=TEXT, lat=&lon=
 * (WGS 84) or x=&y= (VN-2000 / TM-3 105°00', EPSG:5897 metres, through
 * this worker's PROJ context). engine/locate decides, never guessing: an
 * ambiguous address answers 422 location-ambiguous with its "candidates",
 * a house code failing its check character 422 bad-house-code with
 * "suggestions", nothing found 404. The plan document is http_plan_json's,
 * the same as `pccc plan` prints.
 *
 * Scope: an account with an area scope gets plans only for buildings in
 * it (others answer 404) and sees only in-scope buildings among candidates;
 * whole-city accounts skip the check (no extra query on the hot path). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"
#include "http_plan_json.h"
#include "http_plan_json_int.h"
#include "http_worker.h"
#include "locate.h"
#include "scope.h"

static const char *qarg(http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int bad_param(http_resp *resp, const char *detail)
{
    http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", detail);
    return -1;
}

/* A finite decimal within [min, max]; 0, or -1 after replying 400. */
static int qdouble(http_req *req, http_resp *resp, const char *name, double min, double max, double *out)
{
    const char *v = qarg(req, name);
    char *end = NULL, d[120];
    errno = 0;
    double x = v ? strtod(v, &end) : NAN;
    if (!v || !*v || *end || errno || !isfinite(x) || x < min || x > max) {
        snprintf(d, sizeof d, "%s must be a number from %g to %g", name, min, max);
        return bad_param(resp, d);
    }
    *out = x;
    return 0;
}

/* A text parameter of 1..max_len bytes without control characters, or absent. */
static int qtext(http_req *req, http_resp *resp, const char *name, size_t max_len, const char **out)
{
    const char *v = qarg(req, name);
    char d[120];
    *out = NULL;
    if (!v)
        return 0;
    size_t n = strlen(v);
    int ctl = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        ctl |= *p < 0x20;
    if (n == 0 || n > max_len || ctl) {
        snprintf(d, sizeof d, "%s must be 1 to %zu bytes of text", name, max_len);
        return bad_param(resp, d);
    }
    *out = v;
    return 0;
}

/* Reads a position given as lat=&lon= (WGS 84) or x=&y= (VN-2000).
 * *has = 0 when neither pair is present. 0, or -1 after replying. */
static int read_pos(http_req *req, http_resp *resp, geo_lonlat *pos, int *has)
{
    int ll = (qarg(req, "lat") != NULL) + (qarg(req, "lon") != NULL);
    int xy = (qarg(req, "x") != NULL) + (qarg(req, "y") != NULL);
    *has = 0;
    if (ll == 1 || xy == 1)
        return bad_param(resp, ll == 1 ? "lat and lon go together" : "x and y go together");
    if (ll && xy)
        return bad_param(resp, "give lat and lon or x and y, not both");
    if (ll) {
        if (qdouble(req, resp, "lat", -90, 90, &pos->lat_deg) != 0 ||
            qdouble(req, resp, "lon", -180, 180, &pos->lon_deg) != 0)
            return -1;
    } else if (xy) {
        geo_xy p;
        if (qdouble(req, resp, "x", GEO_VN2000_EAST_MIN_M, GEO_VN2000_EAST_MAX_M, &p.x_m) != 0 ||
            qdouble(req, resp, "y", GEO_VN2000_NORTH_MIN_M, GEO_VN2000_NORTH_MAX_M, &p.y_m) != 0)
            return -1;
        geo_proj *proj = http_worker_proj(req->worker);
        if (!proj) {
            http_reply_problem(resp, 503, "proj-unavailable", "Coordinate transforms unavailable",
                               "the PROJ context cannot be created");
            return -1;
        }
        if (geo_proj_from_vn2000(proj, p, pos) != PC_OK || !geo_lonlat_valid(*pos))
            return bad_param(resp, "x and y are not a position in VN-2000 / TM-3 105 (EPSG:5897)");
    }
    *has = ll || xy;
    return 0;
}

/* Drops candidates outside who's scope (whole-city accounts: no-op). */
static void scope_filter(http_req *req, geo_gc_candidate *c, size_t *n)
{
    if (eng_scope_root(&req->who) == 0)
        return;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (c[i].building_id > 0 && eng_scope_check_building(req->store, &req->who, c[i].building_id) == PC_OK)
            c[k++] = c[i];
    *n = k;
}

/* 422/404 for a location that is not one place, with its candidates. */
static void reply_unresolved(http_resp *resp, const eng_location *loc)
{
    cJSON *lj = http_location_to_cjson(loc);
    cJSON *cands = lj ? cJSON_DetachItemFromObjectCaseSensitive(lj, "candidates") : NULL;
    cJSON_Delete(lj);
    if (loc->status == ENG_LOC_NOT_FOUND) {
        cJSON_Delete(cands);
        http_reply_problem(resp, 404, "not-found", "Not found", "no building or place matches");
        return;
    }
    int bad = loc->status == ENG_LOC_BAD_CODE;
    http_reply_problem(resp, 422, bad ? "bad-house-code" : "location-ambiguous",
                       bad ? "Bad house code" : "Location ambiguous",
                       bad ? "the house code fails its check character: choose one of the suggestions"
                           : "several places match: choose one of the candidates and ask again by house code");
    cJSON *p = resp->body ? cJSON_Parse(resp->body) : NULL;
    if (p && cands) {
        cJSON_AddItemToObject(p, bad ? "suggestions" : "candidates", cands);
        cands = NULL;
        char *text = cJSON_PrintUnformatted(p);
        if (text) {
            free(resp->body);
            resp->body = text;
            resp->body_len = strlen(text);
        }
    }
    cJSON_Delete(p);
    cJSON_Delete(cands);
}

/* The vehicle parameter must name a motor profile of the graph. */
static int read_vehicle(http_req *req, http_resp *resp, const rt_graph *g, const char **out)
{
    if (qtext(req, resp, "vehicle", 31, out) != 0)
        return -1;
    if (*out && (strcmp(*out, "foot") == 0 || rt_profiles_find(rt_graph_profiles(g), *out) < 0))
        return bad_param(resp, "vehicle must be a vehicle kind of data/osm/vehicles.conf (engine, small_engine, "
                               "ladder, tanker, motorbike, rescue)");
    return 0;
}

static void build_plan(http_req *req, http_resp *resp, eng_location *loc, const char *vehicle)
{
    http_worker *me = req->worker;
    if (loc->status == ENG_LOC_BUILDING && eng_scope_root(&req->who) != 0 &&
        eng_scope_check_building(req->store, &req->who, loc->building_id) != PC_OK) {
        http_reply_problem(resp, 404, "not-found", "Not found", "no building in your area matches");
        return;
    }
    eng_plan_req preq = {.building_id = loc->status == ENG_LOC_BUILDING ? loc->building_id : 0,
                         .pos = loc->pos, .now_s = (int64_t)time(NULL), .only_kind = vehicle};
    eng_plan *plan = NULL;
    pc_rc rc = eng_plan_build(me->plan, &preq, req->arena, &plan);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, rc == PC_ENOTFOUND ? "no such building" : NULL);
        return;
    }
    char *text = http_plan_json(plan, loc, 0);
    if (!text) {
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return;
    }
    free(resp->body);
    resp->status = 200;
    resp->content_type = "application/json";
    resp->body = text;
    resp->body_len = strlen(text);
}

void h_plan_get(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"lat", "lon", "x", "y", "house", "address", "vehicle", NULL};
    http_worker *me = req->worker;
    const char *vehicle = NULL, *house = NULL, *address = NULL;
    geo_lonlat pos = {0, 0};
    int has_pos = 0;
    if (http_query_check(req, resp, q) != 0)
        return;
    if (!me->plan || !me->gc) {
        http_reply_problem(resp, 503, "plans-unavailable", "Plans unavailable",
                           "the server has no road graph or cannot read the store");
        resp->retry_after_s = 5;
        return;
    }
    if (qtext(req, resp, "house", 64, &house) != 0 || qtext(req, resp, "address", GEO_ADDRESS_MAX_LEN, &address) != 0 ||
        read_pos(req, resp, &pos, &has_pos) != 0 || read_vehicle(req, resp, req->cfg->graph, &vehicle) != 0)
        return;
    if ((house != NULL) + (address != NULL) + has_pos != 1) {
        bad_param(resp, "give exactly one of house, address, lat and lon, or x and y");
        return;
    }
    http_worker_refresh_closures(me);
    eng_location loc;
    pc_rc rc = eng_locate(me->gc, house, address, has_pos ? &pos : NULL, req->arena, &loc);
    if (rc == PC_EINVAL || rc == PC_ELIMIT) {
        bad_param(resp, house ? "house is not shaped like a house code" : "the place is not usable text");
        return;
    }
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    scope_filter(req, loc.candidates, &loc.n_candidates);
    if (loc.status == ENG_LOC_AMBIGUOUS && loc.n_candidates == 0)
        loc.status = ENG_LOC_NOT_FOUND; /* every candidate was outside the caller's area */
    if (loc.status != ENG_LOC_BUILDING && loc.status != ENG_LOC_PLACE)
        reply_unresolved(resp, &loc);
    else
        build_plan(req, resp, &loc, vehicle);
}

static const char *match_name(geo_gc_match m)
{
    static const char *const names[] = {"house_code", "address", "address_point", "contains", "nearest"};
    return m <= GEO_GC_NEAREST ? names[m] : "unknown";
}

/* Geocoding candidates, best first (the fields of `pccc geocode`). */
static cJSON *cands_json(const geo_gc_candidate *c, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        if (c[i].house_code)
            cJSON_AddStringToObject(o, "house_code", c[i].house_code);
        else
            cJSON_AddNullToObject(o, "house_code");
        if (c[i].address)
            cJSON_AddStringToObject(o, "address", c[i].address);
        else
            cJSON_AddNullToObject(o, "address");
        cJSON_AddNumberToObject(o, "lat", round(c[i].pos.lat_deg * 1e7) / 1e7);
        cJSON_AddNumberToObject(o, "lon", round(c[i].pos.lon_deg * 1e7) / 1e7);
        cJSON_AddNumberToObject(o, "confidence", round(c[i].confidence * 1000) / 1000);
        cJSON_AddStringToObject(o, "match", match_name(c[i].match));
        if (c[i].building_id > 0)
            cJSON_AddNumberToObject(o, "building_id", (double)c[i].building_id);
        if (c[i].dist_m >= 0)
            cJSON_AddNumberToObject(o, "dist_m", round(c[i].dist_m * 100) / 100);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

void h_geocode_get(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"q", "lat", "lon", "x", "y", "limit", NULL};
    http_worker *me = req->worker;
    const char *text = NULL, *lim = qarg(req, "limit");
    geo_lonlat pos = {0, 0};
    int has_pos = 0;
    long limit = 10;
    char *end = NULL;
    if (http_query_check(req, resp, q) != 0 || qtext(req, resp, "q", GEO_ADDRESS_MAX_LEN, &text) != 0 ||
        read_pos(req, resp, &pos, &has_pos) != 0)
        return;
    if (lim && (!*lim || (limit = strtol(lim, &end, 10)) < 1 || limit > GEO_GEOCODE_MAX_RESULTS || *end)) {
        bad_param(resp, "limit must be an integer from 1 to 50");
        return;
    }
    if ((text != NULL) + has_pos != 1) {
        bad_param(resp, "give exactly one of q, lat and lon, or x and y");
        return;
    }
    if (!me->gc) {
        http_reply_problem(resp, 503, "geocoder-unavailable", "Geocoder unavailable", "the geocoder cannot start");
        return;
    }
    geo_gc_result *r = NULL;
    pc_rc rc = text ? geo_geocode_text(me->gc, text, (size_t)limit, req->arena, &r)
                    : geo_geocode_reverse(me->gc, pos, (size_t)limit, req->arena, &r);
    if (rc == PC_EINVAL || rc == PC_ELIMIT) {
        bad_param(resp, "q is not a house code or an address (valid UTF-8, at most 400 bytes)");
        return;
    }
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    scope_filter(req, r->cands, &r->n_cands);
    if (r->status == GEO_GC_BAD_CHECK) {
        scope_filter(req, r->suggestions, &r->n_suggestions);
        eng_location loc = {.status = ENG_LOC_BAD_CODE, .how = "house_code", .candidates = r->suggestions,
                            .n_candidates = r->n_suggestions};
        reply_unresolved(resp, &loc);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddStringToObject(o, "status", r->n_cands ? "found" : "no_match");
        cJSON_AddItemToObject(o, "candidates", cands_json(r->cands, r->n_cands));
    }
    http_reply_json(resp, 200, o);
}
