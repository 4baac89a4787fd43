/* h_citizen.c — public sign-up, house claims, sample house types, house
 * declarations, citizens' reports, and the audited residents list
 * (engine/citizen, engine/import). Citizens see only their own claims,
 * declarations and reports; officers see those of their area. */
#include <stdio.h>
#include <string.h>

#include "citizen.h"
#include "http_int.h"
#include "import.h"

#define ID_MAX INT64_C(999999999999)

static void reply_tables(http_resp *resp, pc_rc rc, const geo_table *t, size_t n, unsigned status)
{
    if (rc != PC_OK)
        http_reply_rc(resp, rc, NULL);
    else
        http_reply_json(resp, status, http_tables_json(t, n, 1));
}

/* ?status=&offset=&limit= then a paged list from fn. */
typedef pc_rc (*list_fn)(geo_store *, const eng_principal *, const char *, int64_t, size_t, pc_arena *, geo_table *);
static void paged_list(http_req *req, http_resp *resp, list_fn fn)
{
    static const char *const q[] = {"status", "offset", "limit", NULL};
    const char *status = NULL;
    int64_t offset;
    size_t limit;
    geo_table t;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0 ||
        http_query_str(req, resp, "status", 16, &status) != 0)
        return;
    pc_rc rc = fn(req->store, &req->who, status, offset, limit, req->arena, &t);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    http_reply_json(resp, 200, http_page_json(http_table_json(&t), offset, limit, t.total));
}

/* {"decision": yes|no word, "reason"?: text} -> 1 / 0; -1 after a reply. */
static int decision(cJSON *body, const char *yes, const char *no, const char **reason, http_resp *resp)
{
    const char *d = NULL;
    if (http_json_str(body, "decision", 1, 16, &d, resp) != 0 || http_json_str(body, "reason", 0, 1000, reason, resp))
        return -1;
    if (strcmp(d, yes) == 0 || strcmp(d, no) == 0)
        return strcmp(d, yes) == 0;
    char msg[96];
    snprintf(msg, sizeof msg, "'decision' must be %s or %s", yes, no);
    http_reply_problem(resp, 400, "invalid-field", "Invalid field", msg);
    return -1;
}

void h_signup(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"username", "password", "display_name", NULL};
    const char *user = NULL, *pw = NULL, *name = NULL;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "username", 1, 64, &user, resp) == 0 &&
        http_json_str(body, "password", 1, 256, &pw, resp) == 0 &&
        http_json_str(body, "display_name", 0, 127, &name, resp) == 0) {
        int64_t id = 0;
        pc_rc rc = eng_citizen_signup(req->auth, req->store, user, pw, name, req->ip, &id, err, sizeof err);
        if (rc == PC_ELIMIT)
            resp->retry_after_s = 3600;
        if (rc != PC_OK) {
            http_reply_err(resp, rc, err);
        } else {
            cJSON *j = cJSON_CreateObject();
            if (j) {
                cJSON_AddNumberToObject(j, "id", (double)id);
                cJSON_AddStringToObject(j, "username", user);
                cJSON_AddStringToObject(j, "role", "citizen");
            }
            http_reply_json(resp, 201, j);
        }
    }
    cJSON_Delete(body);
}

void h_claim_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"house_code", NULL};
    const char *code = NULL;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "house_code", 1, 32, &code, resp) == 0) {
        int64_t id = 0;
        pc_rc rc = eng_claim_create(req->store, &req->who, code, &id, err, sizeof err);
        if (rc != PC_OK) {
            http_reply_err(resp, rc, err);
        } else {
            cJSON *j = cJSON_CreateObject();
            if (j) {
                cJSON_AddNumberToObject(j, "id", (double)id);
                cJSON_AddStringToObject(j, "status", "pending");
            }
            http_reply_json(resp, 201, j);
        }
    }
    cJSON_Delete(body);
}

void h_claim_list(http_req *req, http_resp *resp) { paged_list(req, resp, eng_claim_list); }

void h_claim_review(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"decision", "reason", NULL};
    const char *reason = NULL;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    int yes = decision(body, "confirm", "refuse", &reason, resp);
    if (yes >= 0) {
        pc_rc rc = eng_claim_review(req->store, &req->who, req->params[0], yes, reason, err, sizeof err);
        if (rc != PC_OK) {
            http_reply_err(resp, rc, err);
        } else {
            cJSON *j = cJSON_CreateObject();
            if (j) {
                cJSON_AddNumberToObject(j, "id", (double)req->params[0]);
                cJSON_AddStringToObject(j, "status", yes ? "confirmed" : "refused");
            }
            http_reply_json(resp, 200, j);
        }
    }
    cJSON_Delete(body);
}

void h_house_types(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    geo_table *t = NULL;
    size_t n = 0;
    if (http_query_check(req, resp, none) != 0)
        return;
    pc_rc rc = eng_house_types(req->store, req->arena, &t, &n);
    if (rc != PC_OK)
        http_reply_rc(resp, rc, NULL);
    else
        http_reply_json(resp, 200, http_tables_json(t, n, 0));
}

/* hazards: [code...]; exits: [{kind, floor?, width_m?}] */
static int decl_lists(http_req *req, cJSON *body, eng_declaration *d, http_resp *resp)
{
    cJSON *h = cJSON_GetObjectItemCaseSensitive(body, "hazards"), *e = cJSON_GetObjectItemCaseSensitive(body, "exits");
    if ((h && (!cJSON_IsArray(h) || cJSON_GetArraySize(h) > 16)) ||
        (e && (!cJSON_IsArray(e) || cJSON_GetArraySize(e) > 32))) {
        http_reply_problem(resp, 400, "invalid-field", "Invalid field",
                           "'hazards' is an array of at most 16 codes, 'exits' of at most 32 exits");
        return -1;
    }
    size_t nh = h ? (size_t)cJSON_GetArraySize(h) : 0, ne = e ? (size_t)cJSON_GetArraySize(e) : 0;
    const char **hz = pc_arena_calloc(req->arena, nh + 1, sizeof *hz);
    geo_exit_rec *ex = pc_arena_calloc(req->arena, ne + 1, sizeof *ex);
    if (!hz || !ex) {
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return -1;
    }
    cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, h)
    {
        if (!cJSON_IsString(it)) {
            http_reply_problem(resp, 400, "invalid-field", "Invalid field", "'hazards' holds hazard codes (strings)");
            return -1;
        }
        hz[i++] = it->valuestring;
    }
    i = 0;
    cJSON_ArrayForEach(it, e)
    {
        cJSON *k = cJSON_GetObjectItemCaseSensitive(it, "kind"), *f = cJSON_GetObjectItemCaseSensitive(it, "floor");
        cJSON *w = cJSON_GetObjectItemCaseSensitive(it, "width_m");
        if (!cJSON_IsObject(it) || !cJSON_IsString(k) || (f && !cJSON_IsNumber(f)) || (w && !cJSON_IsNumber(w)) ||
            cJSON_GetArraySize(it) != 1 + (f != NULL) + (w != NULL) || (f && f->valuedouble != (int)f->valuedouble) ||
            (w && !(w->valuedouble >= 0))) {
            http_reply_problem(resp, 400, "invalid-field", "Invalid field",
                               "each of 'exits' is {\"kind\": text, \"floor\"?: integer, \"width_m\"?: number >= 0}");
            return -1;
        }
        ex[i++] = (geo_exit_rec){k->valuestring, f ? (int)f->valuedouble : 0, w ? w->valuedouble : -1.0};
    }
    d->has_hazards = h != NULL, d->hazards = hz, d->n_hazards = nh;
    d->has_exits = e != NULL, d->exits = ex, d->n_exits = ne;
    return 0;
}

void h_declaration_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"building_id",    "house_code",
                                         "sample",         "type_code",
                                         "floors",         "basements",
                                         "apartments",     "rooms",
                                         "occupants",      "vuln_elderly",
                                         "vuln_children",  "vuln_disabled",
                                         "vuln_bedridden", "ground_floor_use",
                                         "hazards",        "exits",
                                         "supersedes_id",  NULL};
    static const char *const nums[] = {"floors",       "basements",     "apartments",    "rooms",         "occupants",
                                       "vuln_elderly", "vuln_children", "vuln_disabled", "vuln_bedridden"};
    eng_declaration d = {0};
    int *slots[] = {&d.floors,       &d.basements,     &d.apartments,    &d.rooms,         &d.occupants,
                    &d.vuln_elderly, &d.vuln_children, &d.vuln_disabled, &d.vuln_bedridden};
    char err[200] = "";
    int p, ok = 1;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    for (size_t i = 0; ok && i < sizeof nums / sizeof nums[0]; i++) {
        int64_t v = -1;
        ok = http_json_int(body, nums[i], 0, 10000, &v, &p, resp) == 0;
        *slots[i] = (int)v;
    }
    if (ok && http_json_int(body, "building_id", 1, ID_MAX, &d.building_id, &p, resp) == 0 &&
        http_json_int(body, "supersedes_id", 1, ID_MAX, &d.supersedes_id, &p, resp) == 0 &&
        http_json_str(body, "house_code", 0, 32, &d.house_code, resp) == 0 &&
        http_json_str(body, "sample", 0, 40, &d.sample, resp) == 0 &&
        http_json_str(body, "type_code", 0, 40, &d.type_code, resp) == 0 &&
        http_json_str(body, "ground_floor_use", 0, 100, &d.ground_floor_use, resp) == 0 &&
        decl_lists(req, body, &d, resp) == 0) {
        int64_t id = 0;
        geo_table *t = NULL;
        size_t n = 0;
        pc_rc rc = eng_declaration_submit(req->store, &req->who, &d, &id, err, sizeof err);
        if (rc == PC_OK) {
            pc_rc src = eng_declaration_sheet(req->store, &req->who, id, req->arena, &t, &n);
            reply_tables(resp, src, t, n, 201);
        } else
            http_reply_err(resp, rc, err);
    }
    cJSON_Delete(body);
}

void h_declaration_list(http_req *req, http_resp *resp) { paged_list(req, resp, eng_declaration_list); }

void h_declaration_get(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    geo_table *t = NULL;
    size_t n = 0;
    if (http_query_check(req, resp, none) != 0)
        return;
    pc_rc rc = eng_declaration_sheet(req->store, &req->who, req->params[0], req->arena, &t, &n);
    reply_tables(resp, rc, t, n, 200);
}

void h_declaration_review(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"decision", "reason", NULL};
    const char *reason = NULL;
    char err[200] = "";
    geo_table *t = NULL;
    size_t n = 0;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    int yes = decision(body, "accept", "return", &reason, resp);
    if (yes >= 0) {
        pc_rc rc = eng_declaration_review(req->store, &req->who, req->params[0], yes, reason, err, sizeof err);
        if (rc == PC_OK) {
            pc_rc src = eng_declaration_sheet(req->store, &req->who, req->params[0], req->arena, &t, &n);
            reply_tables(resp, src, t, n, 200);
        } else
            http_reply_err(resp, rc, err);
    }
    cJSON_Delete(body);
}

void h_report_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"kind", "text", "lat", "lon", "house_code", "channel", NULL};
    eng_report_new r = {0};
    int plat = 0, plon = 0;
    char err[200] = "";
    geo_table *t = NULL;
    size_t n = 0;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "kind", 1, 16, &r.kind, resp) == 0 &&
        http_json_str(body, "text", 1, 2000, &r.text, resp) == 0 &&
        http_json_str(body, "house_code", 0, 32, &r.house_code, resp) == 0 &&
        http_json_str(body, "channel", 0, 16, &r.channel, resp) == 0 &&
        http_json_real(body, "lat", -90, 90, &r.pos.lat_deg, &plat, resp) == 0 &&
        http_json_real(body, "lon", -180, 180, &r.pos.lon_deg, &plon, resp) == 0) {
        if (!plat || !plon) {
            http_reply_problem(resp, 400, "invalid-field", "Invalid field", "'lat' and 'lon' are required");
        } else {
            int64_t id = 0;
            pc_rc rc = eng_report_submit(req->store, &req->who, &r, &id, err, sizeof err);
            if (rc == PC_OK) {
                pc_rc src = eng_report_sheet(req->store, &req->who, id, req->arena, &t, &n);
                reply_tables(resp, src, t, n, 201);
            } else
                http_reply_err(resp, rc, err);
        }
    }
    cJSON_Delete(body);
}

void h_report_list(http_req *req, http_resp *resp) { paged_list(req, resp, eng_report_list); }

void h_report_get(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    geo_table *t = NULL;
    size_t n = 0;
    if (http_query_check(req, resp, none) != 0)
        return;
    pc_rc rc = eng_report_sheet(req->store, &req->who, req->params[0], req->arena, &t, &n);
    reply_tables(resp, rc, t, n, 200);
}

void h_report_status(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"status", "note", NULL};
    const char *to = NULL, *note = NULL;
    char err[200] = "";
    geo_table *t = NULL;
    size_t n = 0;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "status", 1, 16, &to, resp) == 0 &&
        http_json_str(body, "note", 0, 1000, &note, resp) == 0) {
        pc_rc rc = eng_report_set_status(req->store, &req->who, req->params[0], to, note, err, sizeof err);
        if (rc == PC_OK) {
            pc_rc src = eng_report_sheet(req->store, &req->who, req->params[0], req->arena, &t, &n);
            reply_tables(resp, src, t, n, 200);
        } else
            http_reply_err(resp, rc, err);
    }
    cJSON_Delete(body);
}

void h_residents_list(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    eng_resident_view *v = NULL;
    size_t n = 0;
    if (http_query_check(req, resp, none) != 0)
        return;
    pc_rc rc = eng_residents_read(req->store, req->key, &req->who, req->params[0], req->arena, &v, &n);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; items && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddNumberToObject(o, "id", (double)v[i].id);
        cJSON_AddStringToObject(o, "pid", v[i].pid);
        if (v[i].birth_year)
            cJSON_AddNumberToObject(o, "birth_year", v[i].birth_year);
        else
            cJSON_AddNullToObject(o, "birth_year");
        cJSON_AddBoolToObject(o, "disabled", v[i].disabled);
        cJSON_AddBoolToObject(o, "bedridden", v[i].bedridden);
        cJSON_AddStringToObject(o, "residence", v[i].residence);
        cJSON_AddItemToArray(items, o);
        memset(v[i].pid, 0, sizeof v[i].pid);
    }
    cJSON *j = cJSON_CreateObject();
    if (j) {
        cJSON_AddNumberToObject(j, "building_id", (double)req->params[0]);
        cJSON_AddItemToObject(j, "residents", items);
    } else {
        cJSON_Delete(items);
    }
    http_reply_json(resp, 200, j);
}
