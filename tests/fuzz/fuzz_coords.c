/* fuzz_coords.c — libFuzzer harness for every parser of positions and
 * areas that comes from outside: query parameters (the map layers'
 * bbox=minlon,minlat,maxlon,maxlat and limit, coverage's bbox=W,S,E,N and
 * numeric options, the plan's lat=&lon= or VN-2000 x=&y=), JSON numbers
 * (http_json_real for citizen reports and fire records, the incident's
 * lat/lon) and the coverage what-if scenario (http_cov_scenario_parse).
 *
 * An input starting with '{' is a JSON body; anything else is a query
 * string, sent through a real libmicrohttpd connection (fuzz_mhd.h) so that
 * the parsers read it with MHD_lookup_connection_value as in the server.
 * Properties: no crash; whatever is accepted is finite and in range (a bbox
 * within WGS 84 with min <= max and within the layer's span limit, a limit
 * within the layer's, a position geo_lonlat_valid, a number within the
 * bounds asked for, scenario ids positive integers, kinds among the vehicle
 * profiles); whatever is refused is a 400 problem+json that parses. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_coords.h"
#include "fuzz_mhd.h"
#include "http_coverage.h"
#include "http_worker.h"
#include "pc_log.h"

#define FZ_MAX_INPUT 4096

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_coords: %s\n", what);
    abort();
}

/* A refusal: 400 with a problem+json body that parses (freed here). */
static void check_refusal(http_resp *r)
{
    if (r->status != 400 || !r->body)
        fail("a refusal is not a 400 with a body");
    cJSON *j = cJSON_Parse(r->body);
    if (!j)
        fail("a refusal body is not JSON");
    cJSON_Delete(j);
    free(r->body);
    memset(r, 0, sizeof *r);
}

static int in(double v, double lo, double hi) { return isfinite(v) && v >= lo && v <= hi; }

static void check_map(http_req *req)
{
    for (size_t i = 0; i < fz_map_n_layers(); i++) {
        http_resp r = {0};
        geo_map_bbox b;
        size_t limit = 0, limit_max = 0;
        double span = 0;
        if (fz_map_query(req, &r, i, &b, &limit, &span, &limit_max) != 0) {
            check_refusal(&r);
            continue;
        }
        if (!in(b.min_lon_deg, -180, 180) || !in(b.max_lon_deg, -180, 180) || !in(b.min_lat_deg, -90, 90) ||
            !in(b.max_lat_deg, -90, 90) || b.min_lon_deg > b.max_lon_deg || b.min_lat_deg > b.max_lat_deg ||
            (span > 0 && (b.max_lon_deg - b.min_lon_deg > span || b.max_lat_deg - b.min_lat_deg > span)) ||
            limit < 1 || limit > limit_max || r.body)
            fail("map layer query accepted out of range");
    }
}

static void check_coverage(http_req *req)
{
    static const struct {
        const char *name;
        double min, max;
    } nums[] = {{"t1", 1, 7200}, {"t2", 1, 7200}, {"hose_reach_m", 1, COV_WALK_MAX_M}, {"limit", 0, 20000}};
    http_resp r = {0};
    geo_lonlat box[2];
    int has = 0;
    if (fz_cov_qbbox(req, &r, box, &has) != 0)
        check_refusal(&r);
    else if (has && (!geo_lonlat_valid(box[0]) || !geo_lonlat_valid(box[1]) || !(box[0].lon_deg < box[1].lon_deg) ||
                     !(box[0].lat_deg < box[1].lat_deg)))
        fail("coverage bbox accepted out of range");
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        double v = NAN;
        if (fz_cov_qnum(req, &r, nums[i].name, nums[i].min, nums[i].max, &v) != 0)
            check_refusal(&r);
        else if (!isnan(v) && !in(v, nums[i].min, nums[i].max))
            fail("coverage number accepted out of range");
    }
}

static void check_plan(http_req *req)
{
    http_resp r = {0};
    geo_lonlat pos = {NAN, NAN};
    int has = 0;
    if (fz_plan_read_pos(req, &r, &pos, &has) != 0) {
        if (r.status == 503) /* no PROJ context: not a parsing outcome */
            fail("the PROJ context cannot be created");
        check_refusal(&r);
    } else if (has && !geo_lonlat_valid(pos)) {
        fail("plan position accepted out of range");
    } else if (!has && !isnan(pos.lon_deg)) {
        fail("plan position set without one given");
    }
}

static http_worker fz_worker; /* only its PROJ context is used (read_pos, VN-2000) */

static void on_request(struct MHD_Connection *conn, void *cls)
{
    (void)cls;
    http_req req;
    memset(&req, 0, sizeof req);
    req.conn = conn;
    req.method = "GET";
    req.path = "/q";
    req.worker = &fz_worker;
    check_map(&req);
    check_coverage(&req);
    check_plan(&req);
}

static void query_mode(const uint8_t *data, size_t size)
{
    static char request[3 * FZ_MAX_INPUT + 128];
    char *text = malloc(size + 1);
    if (!text)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    geo_map_bbox b; /* the pure parser on the raw bytes, too */
    if (fz_map_parse_bbox(text, &b) == 0 &&
        (!in(b.min_lon_deg, -180, 180) || !in(b.max_lon_deg, -180, 180) || !in(b.min_lat_deg, -90, 90) ||
         !in(b.max_lat_deg, -90, 90) || b.min_lon_deg > b.max_lon_deg || b.min_lat_deg > b.max_lat_deg))
        fail("parse_bbox accepted out of range");
    free(text);
    size_t n = (size_t)snprintf(request, sizeof request, "GET /q?");
    n = fz_query_escape(request, n, data, size, 1);
    n += (size_t)snprintf(request + n, sizeof request - n, " HTTP/1.1\r\nHost: fuzz\r\n\r\n");
    fz_mhd_request(request, n, on_request, NULL);
}

static void check_scenario(const eng_cov_scenario *sc, const rt_profile_set *set)
{
    for (size_t i = 0; i < sc->n_add_stations; i++) {
        if (!geo_lonlat_valid(sc->add_stations[i].pos) || sc->add_stations[i].n_kinds < 1 ||
            sc->add_stations[i].n_kinds > COV_MAX_KINDS)
            fail("scenario station accepted out of range");
        for (size_t k = 0; k < sc->add_stations[i].n_kinds; k++)
            if (rt_profiles_find(set, sc->add_stations[i].kinds[k]) < 0)
                fail("scenario station kind is not a profile");
    }
    for (size_t i = 0; i < sc->n_add_units; i++)
        if (sc->add_units[i].station_id < 1 || rt_profiles_find(set, sc->add_units[i].kind) < 0)
            fail("scenario unit accepted out of range");
    for (size_t i = 0; i < sc->n_remove_stations; i++)
        if (sc->remove_stations[i] < 1)
            fail("scenario station id accepted out of range");
    for (size_t i = 0; i < sc->n_remove_hydrants; i++)
        if (sc->remove_hydrants[i] < 1)
            fail("scenario hydrant id accepted out of range");
    for (size_t i = 0; i < sc->n_add_hydrants; i++)
        if (!geo_lonlat_valid(sc->add_hydrants[i]))
            fail("scenario hydrant accepted out of range");
    for (size_t i = 0; i < sc->n_add_draft_points; i++)
        if (!geo_lonlat_valid(sc->add_draft_points[i]))
            fail("scenario draft point accepted out of range");
    size_t most = HTTP_COV_MAX_ITEMS;
    if (sc->n_add_stations > most || sc->n_add_units > most || sc->n_remove_stations > most ||
        sc->n_remove_hydrants > most || sc->n_add_hydrants > most || sc->n_add_draft_points > most)
        fail("scenario array longer than allowed");
}

static void json_mode(const uint8_t *data, size_t size)
{
    static const char *const fields[] = {"lat", "lon", "kind", "add_stations", "add_hydrants", "t1", NULL};
    static const char *const extra[] = {"t1", "t2", "vehicle", NULL};
    static rt_profile_set set;
    static int have_set;
    if (!have_set && (have_set = rt_profiles_default(&set) == PC_OK) == 0)
        fail("the default vehicle profiles do not parse");
    char *body = malloc(size + 1);
    pc_arena *a = pc_arena_create(0);
    if (!body || !a)
        goto cleanup;
    memcpy(body, data, size);
    body[size] = '\0';
    http_resp r = {0};
    cJSON *j = http_json_parse(body, size, 16, fields, &r);
    if (!j) {
        if (r.status < 400 || r.status >= 500)
            fail("a refused body is not a 4xx");
        free(r.body);
        memset(&r, 0, sizeof r);
    } else {
        double lat = NAN, lon = NAN;
        int present = 0;
        if (http_json_real(j, "lat", -90, 90, &lat, &present, &r) != 0)
            check_refusal(&r);
        else if (present && !in(lat, -90, 90))
            fail("http_json_real accepted out of range");
        if (fz_incident_json_real(j, "lon", -180, 180, &lon, &r) != 0)
            check_refusal(&r);
        else if (!in(lon, -180, 180))
            fail("incident json_real accepted out of range");
        cJSON_Delete(j);
    }
    eng_cov_scenario sc;
    char err[200];
    pc_rc rc = http_cov_scenario_parse(body, size, &set, extra, a, &sc, err, sizeof err);
    if (rc == PC_OK)
        check_scenario(&sc, &set);
    else if (rc != PC_ENOMEM && (!memchr(err, '\0', sizeof err) || !err[0]))
        fail("a refused scenario does not say why");
cleanup:
    pc_arena_destroy(a);
    free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet++)
        pc_log_set_level(PC_LOG_OFF);
    if (size > FZ_MAX_INPUT)
        return 0;
    if (size && data[0] == '{')
        json_mode(data, size);
    else
        query_mode(data, size);
    return 0;
}
