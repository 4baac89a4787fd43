/* h_incident.c — incidents and units: open, list, read, dispatch, close;
 * list units and move them through their status cycle.
 *
 * Bodies have explicit field lists: POST /incidents takes kind,
 * building_id, lat, lon, address, note; dispatch takes unit_ids; PATCH
 * /units/{id} takes status; close takes nothing (an empty body or {}).
 * The rules, scope checks and audit rows are engine/dispatch's: a refused
 * change (unit busy, incident closed, transition not allowed) is 409 with
 * a sentence saying why, and nothing is changed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "http_int.h"
#include "http_plan_json_int.h"

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static void add_id_or_null(cJSON *o, const char *k, int64_t v)
{
    if (v > 0)
        cJSON_AddNumberToObject(o, k, (double)v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *unit_json(const geo_unit *u)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "id", (double)u->id);
    cJSON_AddStringToObject(o, "code", u->code);
    cJSON_AddStringToObject(o, "kind", u->kind);
    add_str_or_null(o, "name", u->name);
    cJSON_AddStringToObject(o, "status", u->status);
    cJSON_AddStringToObject(o, "status_at", u->status_at);
    add_id_or_null(o, "incident_id", u->incident_id);
    cJSON *st = cJSON_AddObjectToObject(o, "station");
    if (st) {
        cJSON_AddNumberToObject(st, "id", (double)u->station_id);
        add_str_or_null(st, "code", u->station_code);
        add_str_or_null(st, "name", u->station_name);
    }
    /* units report no live position: where they are based */
    cJSON_AddItemToObject(o, "position", http_geo_point(u->station_pos));
    cJSON_AddNumberToObject(o, "width_m", u->width_m);
    cJSON_AddNumberToObject(o, "height_m", u->height_m);
    if (u->ladder_m > 0)
        cJSON_AddNumberToObject(o, "ladder_m", u->ladder_m);
    if (u->water_l > 0)
        cJSON_AddNumberToObject(o, "water_l", u->water_l);
    if (u->crew > 0)
        cJSON_AddNumberToObject(o, "crew", u->crew);
    return o;
}

static cJSON *incident_json(const geo_incident *x)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "id", (double)x->id);
    cJSON_AddStringToObject(o, "code", x->code);
    cJSON_AddStringToObject(o, "kind", x->kind);
    cJSON_AddStringToObject(o, "status", x->status);
    add_id_or_null(o, "building_id", x->building_id);
    add_id_or_null(o, "admin_unit_id", x->admin_unit_id);
    add_str_or_null(o, "address", x->address);
    add_str_or_null(o, "note", x->note);
    cJSON_AddNumberToObject(o, "lat", round(x->pos.lat_deg * 1e7) / 1e7);
    cJSON_AddNumberToObject(o, "lon", round(x->pos.lon_deg * 1e7) / 1e7);
    cJSON_AddItemToObject(o, "position", http_geo_point(x->pos));
    add_id_or_null(o, "created_by", x->created_by);
    cJSON_AddStringToObject(o, "created_at", x->created_at);
    add_str_or_null(o, "closed_at", x->closed_at);
    return o;
}

/* The incident with its timeline and the units assigned to it. */
static void reply_incident(http_req *req, http_resp *resp, unsigned status, int64_t id)
{
    geo_incident *x = NULL;
    geo_incident_event *ev = NULL;
    geo_unit *units = NULL;
    size_t n_ev = 0, n_units = 0;
    pc_rc rc = eng_dispatch_get(req->store, &req->who, id, req->arena, &x);
    if (rc == PC_OK)
        rc = geo_incident_events(req->store, id, req->arena, &ev, &n_ev);
    if (rc == PC_OK)
        rc = geo_units_of_incident(req->store, id, req->arena, &units, &n_units);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, rc == PC_ENOTFOUND ? "no such incident in your area" : NULL);
        return;
    }
    cJSON *o = incident_json(x);
    cJSON *tl = o ? cJSON_AddArrayToObject(o, "timeline") : NULL;
    for (size_t i = 0; tl && i < n_ev; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        cJSON_AddNumberToObject(e, "id", (double)ev[i].id);
        cJSON_AddStringToObject(e, "at", ev[i].at);
        cJSON_AddStringToObject(e, "kind", ev[i].kind);
        add_id_or_null(e, "unit_id", ev[i].unit_id);
        add_str_or_null(e, "status", ev[i].status);
        add_str_or_null(e, "detail", ev[i].detail);
        add_id_or_null(e, "actor_id", ev[i].actor_id);
        cJSON_AddItemToArray(tl, e);
    }
    cJSON *ua = o ? cJSON_AddArrayToObject(o, "units") : NULL;
    for (size_t i = 0; ua && i < n_units; i++)
        cJSON_AddItemToArray(ua, unit_json(&units[i]));
    http_reply_json(resp, status, o);
}

/* ?status= must be one of list (NULL-terminated) when present. */
static int status_param(http_req *req, http_resp *resp, const char *const *list, const char *what,
                        const char **out)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "status");
    *out = NULL;
    if (!v)
        return 0;
    for (; *list; list++)
        if (strcmp(*list, v) == 0) {
            *out = *list;
            return 0;
        }
    char d[160];
    snprintf(d, sizeof d, "status must be one of %s", what);
    http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", d);
    return -1;
}

void h_incident_list(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"status", "offset", "limit", NULL};
    static const char *const statuses[] = {"open", "closed", NULL};
    const char *status = NULL;
    int64_t offset, total = 0;
    size_t limit, n = 0;
    geo_incident *rows = NULL;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0 ||
        status_param(req, resp, statuses, "open, closed", &status) != 0)
        return;
    pc_rc rc = eng_dispatch_list(req->store, &req->who, status, offset, limit, req->arena, &rows, &n, &total);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; items && i < n; i++)
        cJSON_AddItemToArray(items, incident_json(&rows[i]));
    http_reply_json(resp, 200, http_page_json(items, offset, limit, total));
}

/* A required JSON number within [min, max]; 0, or -1 after replying 400. */
static int json_real(cJSON *obj, const char *name, double min, double max, double *out, http_resp *resp)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m || !cJSON_IsNumber(m) || !isfinite(m->valuedouble) || m->valuedouble < min || m->valuedouble > max) {
        char d[120];
        snprintf(d, sizeof d, "'%s' is required: a number from %g to %g", name, min, max);
        http_reply_problem(resp, 400, "invalid-field", "Invalid field", d);
        return -1;
    }
    *out = m->valuedouble;
    return 0;
}

void h_incident_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"kind", "building_id", "lat", "lon", "address", "note", NULL};
    eng_incident_new in = {0};
    int has_b = 0;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "kind", 0, 16, &in.kind, resp) != 0 ||
        http_json_int(body, "building_id", 1, INT64_C(999999999999), &in.building_id, &has_b, resp) != 0 ||
        json_real(body, "lat", -90, 90, &in.pos.lat_deg, resp) != 0 ||
        json_real(body, "lon", -180, 180, &in.pos.lon_deg, resp) != 0 ||
        http_json_str(body, "address", 0, 500, &in.address, resp) != 0 ||
        http_json_str(body, "note", 0, 2000, &in.note, resp) != 0)
        goto cleanup;
    int64_t id = 0;
    pc_rc rc = eng_dispatch_open(req->store, &req->who, &in, &id, err, sizeof err);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, err[0] ? err : NULL);
        goto cleanup;
    }
    geo_incident *x = NULL;
    cJSON *o = NULL;
    if (geo_incident_get(req->store, id, req->arena, &x) == PC_OK && (o = cJSON_CreateObject())) {
        cJSON_AddNumberToObject(o, "id", (double)id);
        cJSON_AddStringToObject(o, "code", x->code);
    }
    http_reply_json(resp, 201, o);
cleanup:
    cJSON_Delete(body);
}

void h_incident_get(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    if (http_query_check(req, resp, none) == 0)
        reply_incident(req, resp, 200, req->params[0]);
}

/* unit_ids: an array of 1..50 positive integers. */
static int unit_ids_member(cJSON *body, int64_t *ids, size_t *n, http_resp *resp)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "unit_ids"), *e;
    int sz = a && cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
    *n = 0;
    if (sz < 1 || sz > 50)
        goto bad;
    cJSON_ArrayForEach(e, a)
    {
        double v = e->valuedouble;
        if (!cJSON_IsNumber(e) || !isfinite(v) || v != floor(v) || v < 1 || v > 999999999999.0)
            goto bad;
        ids[(*n)++] = (int64_t)v;
    }
    return 0;
bad:
    http_reply_problem(resp, 400, "invalid-field", "Invalid field",
                       "'unit_ids' is required: an array of 1 to 50 positive unit ids");
    return -1;
}

void h_incident_dispatch(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"unit_ids", NULL};
    int64_t ids[50];
    size_t n = 0;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (unit_ids_member(body, ids, &n, resp) == 0) {
        pc_rc rc = eng_dispatch_units(req->store, &req->who, req->params[0], ids, n, err, sizeof err);
        if (rc == PC_OK)
            reply_incident(req, resp, 200, req->params[0]);
        else
            http_reply_rc(resp, rc, err[0] ? err : NULL);
    }
    cJSON_Delete(body);
}

void h_incident_close(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    char err[200] = "";
    if (http_query_check(req, resp, none) != 0)
        return;
    if (req->body.len) { /* nothing to say but {} */
        cJSON *body = http_json_body(req, resp, none);
        if (!body)
            return;
        cJSON_Delete(body);
    }
    pc_rc rc = eng_dispatch_close(req->store, &req->who, req->params[0], err, sizeof err);
    if (rc == PC_OK)
        reply_incident(req, resp, 200, req->params[0]);
    else
        http_reply_rc(resp, rc, err[0] ? err : NULL);
}

static const char *const UNIT_STATUSES[] = {"available", "dispatched", "en_route", "on_scene", "returning",
                                            "out_of_service", NULL};
#define UNIT_STATUS_LIST "available, dispatched, en_route, on_scene, returning, out_of_service"

void h_unit_list(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"status", "offset", "limit", NULL};
    const char *status = NULL;
    int64_t offset;
    size_t limit, n = 0;
    geo_unit *rows = NULL;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0 ||
        status_param(req, resp, UNIT_STATUSES, UNIT_STATUS_LIST, &status) != 0)
        return;
    /* units are few (a city has hundreds): read them all, page here */
    pc_rc rc = geo_units_list(req->store, status, req->arena, &rows, &n);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = (size_t)offset; items && i < n && i < (size_t)offset + limit; i++)
        cJSON_AddItemToArray(items, unit_json(&rows[i]));
    http_reply_json(resp, 200, http_page_json(items, offset, limit, (int64_t)n));
}

void h_unit_update(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"status", NULL};
    const char *to = NULL;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "status", 1, 32, &to, resp) != 0)
        goto cleanup;
    pc_rc rc = eng_dispatch_unit_status(req->store, &req->who, req->params[0], to, err, sizeof err);
    geo_unit *u = NULL;
    if (rc == PC_OK)
        rc = geo_unit_get(req->store, req->params[0], req->arena, &u);
    if (rc == PC_OK)
        http_reply_json(resp, 200, unit_json(u));
    else
        http_reply_rc(resp, rc, err[0] ? err : NULL);
cleanup:
    cJSON_Delete(body);
}
