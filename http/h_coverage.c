/* h_coverage.c — GET /api/v1/coverage and POST /api/v1/coverage/what-if.
 *
 * GET answers one GeoJSON FeatureCollection (engine/coverage_out.c): the
 * worst buildings as features (?bbox=W,S,E,N: those inside it, for the
 * planner map) with options, city totals, per-unit summaries and alleys as
 * foreign members. POST takes a scenario (http_coverage.h) plus the same
 * options in the body and answers the delta against the stored data.
 * Planners and the city admin see the whole city (no area scope).
 *
 * The coverage context (every building snapped on foot: seconds on 2 M
 * buildings) is built on first use and shared by all workers, read-only,
 * with a reference count; it is rebuilt when older than COV_CTX_TTL_S and
 * no request holds it. This is the one piece of mutable process state in
 * http/ outside http_worker.c, guarded by its mutex. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coverage.h"
#include "http_coverage.h"
#include "http_int.h"

#define COV_CTX_TTL_S 600
#define COV_WORST_MAX 20000

static struct {
    pthread_mutex_t mu;
    eng_cov_ctx *ctx;
    const rt_graph *g;
    time_t built;
    int refs;
    eng_cov_ctx *stale; /* replaced while still in use: freed by its last user */
    int stale_refs;
} cov_cache = {.mu = PTHREAD_MUTEX_INITIALIZER};

static pc_rc ctx_acquire(http_req *req, eng_cov_ctx **out, char *err, size_t err_len)
{
    pc_rc rc = PC_OK;
    pthread_mutex_lock(&cov_cache.mu);
    time_t now = time(NULL);
    if (cov_cache.ctx && (cov_cache.g != req->cfg->graph || now - cov_cache.built > COV_CTX_TTL_S) &&
        !cov_cache.stale) {
        if (cov_cache.refs == 0)
            eng_cov_ctx_destroy(cov_cache.ctx);
        else
            cov_cache.stale = cov_cache.ctx, cov_cache.stale_refs = cov_cache.refs;
        cov_cache.ctx = NULL, cov_cache.refs = 0;
    }
    if (!cov_cache.ctx) {
        rc = eng_cov_ctx_create(req->store, req->cfg->graph, &cov_cache.ctx, err, err_len);
        cov_cache.g = req->cfg->graph, cov_cache.built = now;
    }
    if (rc == PC_OK)
        cov_cache.refs++;
    *out = cov_cache.ctx;
    pthread_mutex_unlock(&cov_cache.mu);
    return rc;
}

static void ctx_release(eng_cov_ctx *c)
{
    pthread_mutex_lock(&cov_cache.mu);
    if (c == cov_cache.ctx)
        cov_cache.refs--;
    else if (c == cov_cache.stale && --cov_cache.stale_refs == 0) {
        eng_cov_ctx_destroy(cov_cache.stale);
        cov_cache.stale = NULL;
    }
    pthread_mutex_unlock(&cov_cache.mu);
}

static int bad(http_resp *resp, const char *detail)
{
    http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", detail);
    return -1;
}

static int qnum(http_req *req, http_resp *resp, const char *name, double min, double max, double *out)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    char *end = NULL, d[120];
    if (!v)
        return 0;
    errno = 0;
    double x = strtod(v, &end);
    if (!*v || *end || errno || !isfinite(x) || x < min || x > max) {
        snprintf(d, sizeof d, "%s must be a number from %g to %g", name, min, max);
        return bad(resp, d);
    }
    *out = x;
    return 0;
}

/* bbox=W,S,E,N (WGS 84); *has = 0 when absent. */
static int qbbox(http_req *req, http_resp *resp, geo_lonlat box[2], int *has)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "bbox");
    *has = 0;
    if (!v)
        return 0;
    double w, s, e, n;
    char tail;
    if (sscanf(v, "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &tail) != 4 || !(w < e) || !(s < n) ||
        !geo_lonlat_valid((geo_lonlat){w, s}) || !geo_lonlat_valid((geo_lonlat){e, n}))
        return bad(resp, "bbox must be west,south,east,north in WGS 84 degrees");
    box[0] = (geo_lonlat){w, s}, box[1] = (geo_lonlat){e, n};
    *has = 1;
    return 0;
}

static void reply_buf(http_resp *resp, pc_buf *b, pc_rc rc, const char *type)
{
    if (rc != PC_OK) {
        pc_buf_free(b);
        http_reply_rc(resp, rc, NULL);
        return;
    }
    resp->status = 200;
    resp->content_type = type;
    resp->body_len = b->len;
    resp->body = pc_buf_take(b);
}

void h_coverage_get(http_req *req, http_resp *resp)
{
    static const char *const allowed[] = {"vehicle", "t1", "t2", "hose_reach_m", "unit", "units", "bbox", "limit",
                                          NULL};
    eng_cov_opts o = {0};
    const char *unit = NULL, *units = NULL;
    double limit = 200;
    geo_lonlat box[2];
    int has_box = 0;
    if (http_query_check(req, resp, allowed) || http_query_str(req, resp, "vehicle", 31, &o.vehicle) ||
        qnum(req, resp, "t1", 1, 7200, &o.t1_s) || qnum(req, resp, "t2", 1, 7200, &o.t2_s) ||
        qnum(req, resp, "hose_reach_m", 1, COV_WALK_MAX_M, &o.hose_reach_m) ||
        http_query_str(req, resp, "unit", 31, &unit) || http_query_str(req, resp, "units", 16, &units) ||
        qnum(req, resp, "limit", 0, COV_WORST_MAX, &limit) || qbbox(req, resp, box, &has_box))
        return;
    if (units && strcmp(units, "all") != 0 && strcmp(units, "available") != 0) {
        bad(resp, "units must be all or available");
        return;
    }
    o.available_only = units && strcmp(units, "available") == 0;
    if (!req->cfg->graph) {
        http_reply_problem(resp, 503, "coverage-unavailable", "Coverage unavailable", "the server has no road graph");
        return;
    }
    char err[256] = "";
    eng_cov_ctx *c = NULL;
    eng_cov_result *r = NULL;
    pc_rc rc = ctx_acquire(req, &c, err, sizeof err);
    if (rc == PC_OK)
        rc = eng_cov_run(c, req->store, &o, NULL, &r, err, sizeof err);
    long ux = -1;
    if (rc == PC_OK && unit && (ux = eng_cov_unit_find(r, unit)) < 0) {
        snprintf(err, sizeof err, "no administrative unit with code %s", unit);
        rc = PC_ENOTFOUND;
    }
    pc_buf b = {0};
    if (rc == PC_OK)
        reply_buf(resp, &b, eng_cov_json(c, r, ux, has_box ? box : NULL, (size_t)limit, &b), "application/geo+json");
    else
        http_reply_err(resp, rc, err);
    eng_cov_result_destroy(r);
    if (c)
        ctx_release(c);
}

static const char *const body_opts[] = {"vehicle", "t1", "t2", "hose_reach_m", "units", NULL};

/* The options among the body's members (already checked to be known). */
static int body_options(const char *text, size_t len, eng_cov_opts *o, pc_arena *a, http_resp *resp)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *v;
    int rc = 0;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "vehicle")) &&
        (!cJSON_IsString(v) || !(o->vehicle = pc_arena_strdup(a, v->valuestring))))
        rc = bad(resp, "vehicle must be a vehicle kind");
    const char *num[] = {"t1", "t2", "hose_reach_m"};
    double *dst[] = {&o->t1_s, &o->t2_s, &o->hose_reach_m};
    for (int k = 0; rc == 0 && k < 3; k++)
        if ((v = cJSON_GetObjectItemCaseSensitive(root, num[k]))) {
            if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1 && v->valuedouble <= 7200))
                rc = bad(resp, "t1, t2 and hose_reach_m must be numbers from 1 to 7200");
            else
                *dst[k] = v->valuedouble;
        }
    if (rc == 0 && (v = cJSON_GetObjectItemCaseSensitive(root, "units"))) {
        if (!cJSON_IsString(v) || (strcmp(v->valuestring, "all") && strcmp(v->valuestring, "available")))
            rc = bad(resp, "units must be all or available");
        else
            o->available_only = strcmp(v->valuestring, "available") == 0;
    }
    cJSON_Delete(root);
    return rc;
}

void h_coverage_what_if(http_req *req, http_resp *resp)
{
    if (!req->cfg->graph) {
        http_reply_problem(resp, 503, "coverage-unavailable", "Coverage unavailable", "the server has no road graph");
        return;
    }
    char err[256] = "";
    eng_cov_scenario sc;
    eng_cov_opts o = {0};
    const char *text = req->body.data ? req->body.data : "";
    pc_rc rc = http_cov_scenario_parse(text, req->body.len, rt_graph_profiles(req->cfg->graph), body_opts,
                                       req->arena, &sc, err, sizeof err);
    if (rc != PC_OK) {
        if (rc == PC_EINVAL)
            http_reply_problem(resp, 400, "invalid-body", "Invalid scenario", err);
        else
            http_reply_rc(resp, rc, NULL);
        return;
    }
    if (body_options(text, req->body.len, &o, req->arena, resp))
        return;
    eng_cov_ctx *c = NULL;
    eng_cov_result *before = NULL, *after = NULL;
    rc = ctx_acquire(req, &c, err, sizeof err);
    if (rc == PC_OK)
        rc = eng_cov_run(c, req->store, &o, NULL, &before, err, sizeof err);
    if (rc == PC_OK)
        rc = eng_cov_run(c, req->store, &o, &sc, &after, err, sizeof err);
    pc_buf b = {0};
    if (rc == PC_OK)
        reply_buf(resp, &b, eng_cov_delta_json(before, after, &b), "application/json");
    else if (rc == PC_EINVAL)
        http_reply_problem(resp, 422, "invalid-scenario", "Scenario cannot be evaluated", err);
    else
        http_reply_err(resp, rc, err);
    eng_cov_result_destroy(before);
    eng_cov_result_destroy(after);
    if (c)
        ctx_release(c);
}
