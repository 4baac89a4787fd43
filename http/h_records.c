/* h_records.c — record rows of a facility (permits and approvals,
 * inspections with their checklist, violations, suspensions, fires) and
 * changes to hydrants, water sources, fire points and safety groups with
 * their history. A correction names the row it supersedes (supersedes_id);
 * nothing is ever edited in place. */
#include <string.h>

#include "http_int.h"
#include "records.h"

#define ID_MAX INT64_C(999999999999)

static void reply_added(http_resp *resp, pc_rc rc, const char *err, int64_t id, const char *kind, int64_t fid)
{
    if (rc != PC_OK) {
        http_reply_err(resp, rc, err);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    if (j) {
        cJSON_AddNumberToObject(j, "id", (double)id);
        cJSON_AddStringToObject(j, "record", kind);
        cJSON_AddNumberToObject(j, "facility_id", (double)fid);
    }
    http_reply_json(resp, 201, j);
}

static void add(http_req *req, http_resp *resp, const eng_record *r)
{
    char err[200] = "";
    int64_t id = 0;
    pc_rc rc = eng_record_add(req->store, &req->who, req->params[0], r, &id, err, sizeof err);
    reply_added(resp, rc, err, id, geo_record_table(r->kind), req->params[0]);
}

#define STR(name, max, out) http_json_str(body, name, 0, max, &(out), resp) == 0

void h_record_safety(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"kind", "number", "issued_by", "issued_on", "valid_until", "note",
                                         "supersedes_id", NULL};
    eng_record r = {.kind = GEO_REC_SAFETY};
    int p;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    geo_safety_rec *x = &r.safety;
    if (STR("kind", 40, x->kind) && STR("number", 64, x->number) && STR("issued_by", 200, x->issued_by) &&
        STR("issued_on", 10, x->issued_on) && STR("valid_until", 10, x->valid_until) && STR("note", 1000, x->note) &&
        http_json_int(body, "supersedes_id", 1, ID_MAX, &r.supersedes_id, &p, resp) == 0)
        add(req, resp, &r);
    cJSON_Delete(body);
}

/* items: [{"condition": code, "ok": bool, "note": text}] */
static int read_items(http_req *req, cJSON *body, eng_record *r, http_resp *resp)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "items");
    if (!arr)
        return 0;
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n > 32) {
        http_reply_problem(resp, 400, "invalid-field", "Invalid field", "'items' must be an array of at most 32");
        return -1;
    }
    eng_check_item *items = pc_arena_calloc(req->arena, (size_t)n + 1, sizeof *items);
    if (!items) {
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return -1;
    }
    int i = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "condition"), *ok = cJSON_GetObjectItemCaseSensitive(it, "ok");
        cJSON *note = cJSON_GetObjectItemCaseSensitive(it, "note");
        if (!cJSON_IsObject(it) || !cJSON_IsString(c) || !cJSON_IsBool(ok) || (note && !cJSON_IsString(note)) ||
            cJSON_GetArraySize(it) != 2 + (note != NULL)) {
            http_reply_problem(resp, 400, "invalid-field", "Invalid field",
                               "each of 'items' is {\"condition\": code, \"ok\": true|false, \"note\"?: text}");
            return -1;
        }
        items[i++] = (eng_check_item){c->valuestring, cJSON_IsTrue(ok), note ? note->valuestring : NULL};
    }
    r->items = items;
    r->n_items = (size_t)i;
    return 0;
}

void h_record_inspection(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"inspected_on", "inspector", "result", "findings", "items",
                                         "supersedes_id", NULL};
    eng_record r = {.kind = GEO_REC_INSPECTION};
    int p;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    geo_inspection_rec *x = &r.inspection;
    if (STR("inspected_on", 10, x->inspected_on) && STR("inspector", 200, x->inspector) &&
        STR("result", 16, x->result) && STR("findings", 2000, x->findings) &&
        http_json_int(body, "supersedes_id", 1, ID_MAX, &r.supersedes_id, &p, resp) == 0 &&
        read_items(req, body, &r, resp) == 0)
        add(req, resp, &r);
    cJSON_Delete(body);
}

void h_record_violation(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"found_on", "legal_article", "description", "fine_vnd", "status",
                                         "inspection_id", "supersedes_id", NULL};
    eng_record r = {.kind = GEO_REC_VIOLATION};
    int p;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    geo_violation_rec *x = &r.violation;
    x->fine_vnd = -1;
    if (STR("found_on", 10, x->found_on) && STR("legal_article", 200, x->legal_article) &&
        STR("description", 2000, x->description) && STR("status", 16, x->status) &&
        http_json_int(body, "fine_vnd", 0, INT64_C(2000000000), &x->fine_vnd, &p, resp) == 0 &&
        http_json_int(body, "inspection_id", 1, ID_MAX, &x->inspection_id, &p, resp) == 0 &&
        http_json_int(body, "supersedes_id", 1, ID_MAX, &r.supersedes_id, &p, resp) == 0)
        add(req, resp, &r);
    cJSON_Delete(body);
}

void h_record_suspension(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"kind", "decision_no", "reason", "start_on", "end_on", "reinstated_on",
                                         "supersedes_id", NULL};
    eng_record r = {.kind = GEO_REC_SUSPENSION};
    int p;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    geo_suspension_rec *x = &r.suspension;
    if (STR("kind", 16, x->kind) && STR("decision_no", 64, x->decision_no) && STR("reason", 1000, x->reason) &&
        STR("start_on", 10, x->start_on) && STR("end_on", 10, x->end_on) &&
        STR("reinstated_on", 10, x->reinstated_on) &&
        http_json_int(body, "supersedes_id", 1, ID_MAX, &r.supersedes_id, &p, resp) == 0)
        add(req, resp, &r);
    cJSON_Delete(body);
}

void h_record_fire(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"kind", "occurred_at", "cause", "deaths", "injuries", "damage_vnd", "lat",
                                         "lon", "supersedes_id", NULL};
    eng_record r = {.kind = GEO_REC_FIRE};
    int p, plat = 0, plon = 0;
    int64_t deaths = 0, injuries = 0;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    geo_fire_rec *x = &r.fire;
    x->damage_vnd = -1;
    if (STR("kind", 16, x->kind) && STR("occurred_at", 25, x->occurred_at) && STR("cause", 500, x->cause) &&
        http_json_int(body, "deaths", 0, 10000, &deaths, &p, resp) == 0 &&
        http_json_int(body, "injuries", 0, 10000, &injuries, &p, resp) == 0 &&
        http_json_int(body, "damage_vnd", 0, INT64_C(10000000000000), &x->damage_vnd, &p, resp) == 0 &&
        http_json_real(body, "lat", -90, 90, &x->pos.lat_deg, &plat, resp) == 0 &&
        http_json_real(body, "lon", -180, 180, &x->pos.lon_deg, &plon, resp) == 0 &&
        http_json_int(body, "supersedes_id", 1, ID_MAX, &r.supersedes_id, &p, resp) == 0) {
        if (plat != plon) {
            http_reply_problem(resp, 400, "invalid-field", "Invalid field", "give both 'lat' and 'lon' or neither");
        } else {
            x->deaths = (int)deaths;
            x->injuries = (int)injuries;
            x->has_pos = plat;
            add(req, resp, &r);
        }
    }
    cJSON_Delete(body);
}

/* --- resources ------------------------------------------------------------------ */

static void resource_update(http_req *req, http_resp *resp, geo_resource_kind k)
{
    static const char *const fields[] = {"status", "flow_lpm", "pressure_bar", "last_checked_on", "name",
                                         "capacity_m3", "equipment", "extinguishers", "hose_m", "leader_name",
                                         "households", "note", NULL};
    geo_resource_change c = {NULL, -1, -1, NULL, NULL, -1, NULL, -1, -1, NULL, -1, NULL};
    int p;
    int64_t ext = -1, hh = -1;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (STR("status", 16, c.status) && STR("last_checked_on", 10, c.last_checked_on) && STR("name", 200, c.name) &&
        STR("equipment", 500, c.equipment) && STR("leader_name", 200, c.leader_name) && STR("note", 1000, c.note) &&
        http_json_real(body, "flow_lpm", 0, 100000, &c.flow_lpm, &p, resp) == 0 &&
        http_json_real(body, "pressure_bar", 0, 100, &c.pressure_bar, &p, resp) == 0 &&
        http_json_real(body, "capacity_m3", 0, 1e9, &c.capacity_m3, &p, resp) == 0 &&
        http_json_real(body, "hose_m", 0, 2000, &c.hose_m, &p, resp) == 0 &&
        http_json_int(body, "extinguishers", 0, 1000, &ext, &p, resp) == 0 &&
        http_json_int(body, "households", 0, 10000, &hh, &p, resp) == 0) {
        int64_t change = 0;
        c.extinguishers = (int)ext;
        c.households = (int)hh;
        pc_rc rc = eng_resource_update(req->store, &req->who, k, req->params[0], &c, &change, err, sizeof err);
        geo_table t;
        if (rc == PC_OK)
            rc = eng_resource_history(req->store, &req->who, k, req->params[0], req->arena, &t);
        if (rc == PC_OK) {
            cJSON *j = http_table_json(&t), *first = j ? cJSON_DetachItemFromArray(j, 0) : NULL;
            cJSON_Delete(j);
            http_reply_json(resp, 200, first);
        } else {
            http_reply_err(resp, rc, err);
        }
    }
    cJSON_Delete(body);
}

static void resource_history(http_req *req, http_resp *resp, geo_resource_kind k)
{
    static const char *const none[] = {NULL};
    geo_table t;
    if (http_query_check(req, resp, none) != 0)
        return;
    pc_rc rc = eng_resource_history(req->store, &req->who, k, req->params[0], req->arena, &t);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    if (j) {
        cJSON_AddStringToObject(j, "kind", geo_resource_name(k));
        cJSON_AddNumberToObject(j, "id", (double)req->params[0]);
        cJSON_AddItemToObject(j, "changes", http_table_json(&t));
    }
    http_reply_json(resp, 200, j);
}

void h_hydrant_update(http_req *req, http_resp *resp) { resource_update(req, resp, GEO_RES_HYDRANT); }
void h_water_source_update(http_req *req, http_resp *resp) { resource_update(req, resp, GEO_RES_WATER_SOURCE); }
void h_fire_point_update(http_req *req, http_resp *resp) { resource_update(req, resp, GEO_RES_FIRE_POINT); }
void h_safety_group_update(http_req *req, http_resp *resp) { resource_update(req, resp, GEO_RES_SAFETY_GROUP); }
void h_hydrant_history(http_req *req, http_resp *resp) { resource_history(req, resp, GEO_RES_HYDRANT); }
void h_water_source_history(http_req *req, http_resp *resp) { resource_history(req, resp, GEO_RES_WATER_SOURCE); }
void h_fire_point_history(http_req *req, http_resp *resp) { resource_history(req, resp, GEO_RES_FIRE_POINT); }
void h_safety_group_history(http_req *req, http_resp *resp) { resource_history(req, resp, GEO_RES_SAFETY_GROUP); }
