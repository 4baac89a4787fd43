/* h_facility.c — facilities and their records, hydrants, water sources,
 * fire points and safety groups (engine/records), plus the table and query
 * helpers the record, citizen, report and import handlers share.
 *
 * Field lists are explicit per endpoint; anything else is refused. The
 * engine decides officer role and scope; out of scope answers 404. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "records.h"

/* --- shared helpers ----------------------------------------------------------- */

cJSON *http_table_json(const geo_table *t)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t r = 0; arr && r < t->n_rows; r++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            cJSON_Delete(arr);
            return NULL;
        }
        for (size_t c = 0; c < t->n_cols; c++) {
            const geo_cell *x = &t->cells[r * t->n_cols + c];
            switch (x->type) {
            case GEO_CELL_INT: cJSON_AddNumberToObject(o, t->cols[c], (double)x->i); break;
            case GEO_CELL_REAL: cJSON_AddNumberToObject(o, t->cols[c], x->r); break;
            case GEO_CELL_TEXT: cJSON_AddStringToObject(o, t->cols[c], x->s); break;
            default: cJSON_AddNullToObject(o, t->cols[c]); break;
            }
        }
    }
    return arr;
}

cJSON *http_tables_json(const geo_table *t, size_t n, int first_as_object)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < n; i++) {
        cJSON *a = http_table_json(&t[i]);
        if (first_as_object && i == 0 && a) {
            cJSON *one = cJSON_DetachItemFromArray(a, 0);
            cJSON_Delete(a);
            a = one ? one : cJSON_CreateNull();
        }
        cJSON_AddItemToObject(o, t[i].name, a);
    }
    return o;
}

int http_query_str(http_req *req, http_resp *resp, const char *name, size_t max, const char **out)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    if (!v)
        return 0;
    size_t n = strlen(v);
    int ok = n > 0 && n <= max;
    for (size_t i = 0; ok && i < n; i++)
        ok = (unsigned char)v[i] >= 0x20;
    if (!ok) {
        char d[120];
        snprintf(d, sizeof d, "%s must be 1 to %zu bytes of text", name, max);
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", d);
        return -1;
    }
    *out = v;
    return 0;
}

int http_query_int(http_req *req, http_resp *resp, const char *name, int64_t min, int64_t max, int64_t *out)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    if (!v)
        return 0;
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || errno || x < min || x > max) {
        char d[120];
        snprintf(d, sizeof d, "%s must be an integer from %lld to %lld", name, (long long)min, (long long)max);
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", d);
        return -1;
    }
    *out = x;
    return 0;
}

int http_query_bool(http_req *req, http_resp *resp, const char *name, int *out)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    if (!v)
        return 0;
    if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
        char d[80];
        snprintf(d, sizeof d, "%s is true or false", name);
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", d);
        return -1;
    }
    *out = strcmp(v, "true") == 0;
    return 0;
}

int http_json_real(cJSON *obj, const char *name, double min, double max, double *out, int *present, http_resp *resp)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    *present = 0;
    if (!m)
        return 0;
    if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble) || m->valuedouble < min || m->valuedouble > max) {
        char d[120];
        snprintf(d, sizeof d, "'%s' must be a number from %g to %g", name, min, max);
        http_reply_problem(resp, 400, "invalid-field", "Invalid field", d);
        return -1;
    }
    *out = m->valuedouble;
    *present = 1;
    return 0;
}

void http_reply_err(http_resp *resp, pc_rc rc, const char *err) { http_reply_rc(resp, rc, err && *err ? err : NULL); }

/* --- facilities ---------------------------------------------------------------- */

void h_facility_list(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"category", "offset", "limit", NULL};
    const char *category = NULL;
    int64_t offset;
    size_t limit;
    geo_table t;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0 ||
        http_query_str(req, resp, "category", 40, &category) != 0)
        return;
    pc_rc rc = eng_facility_list(req->store, &req->who, category, offset, limit, req->arena, &t);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    http_reply_json(resp, 200, http_page_json(http_table_json(&t), offset, limit, t.total));
}

static void reply_sheet(http_req *req, http_resp *resp, int64_t id, int history, unsigned status)
{
    geo_table *t = NULL;
    size_t n = 0;
    pc_rc rc = eng_facility_sheet(req->store, &req->who, id, history, req->arena, &t, &n);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    http_reply_json(resp, status, http_tables_json(t, n, 1));
}

void h_facility_get(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"history", NULL};
    int history = 0;
    if (http_query_check(req, resp, q) != 0 || http_query_bool(req, resp, "history", &history) != 0)
        return;
    reply_sheet(req, resp, req->params[0], history, 200);
}

void h_facility_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"building_id", "house_code", "admin_unit_id", "category", "name",
                                         "operator_name", "note", NULL};
    eng_facility_spec f = {0};
    int p1, p2;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_int(body, "building_id", 1, INT64_C(999999999999), &f.building_id, &p1, resp) == 0 &&
        http_json_int(body, "admin_unit_id", 1, INT64_C(999999999999), &f.admin_unit_id, &p2, resp) == 0 &&
        http_json_str(body, "house_code", 0, 32, &f.house_code, resp) == 0 &&
        http_json_str(body, "category", 1, 40, &f.category, resp) == 0 &&
        http_json_str(body, "name", 1, 200, &f.name, resp) == 0 &&
        http_json_str(body, "operator_name", 0, 200, &f.operator_name, resp) == 0 &&
        http_json_str(body, "note", 0, 1000, &f.note, resp) == 0) {
        int64_t id = 0;
        pc_rc rc = eng_facility_register(req->store, &req->who, &f, &id, err, sizeof err);
        if (rc == PC_OK)
            reply_sheet(req, resp, id, 0, 201);
        else
            http_reply_err(resp, rc, err);
    }
    cJSON_Delete(body);
}

void h_facility_update(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"category", "name", "operator_name", "note", NULL};
    eng_facility_spec f = {0};
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "category", 0, 40, &f.category, resp) == 0 &&
        http_json_str(body, "name", 0, 200, &f.name, resp) == 0 &&
        http_json_str(body, "operator_name", 0, 200, &f.operator_name, resp) == 0 &&
        http_json_str(body, "note", 0, 1000, &f.note, resp) == 0) {
        int version = 0;
        pc_rc rc = eng_facility_update(req->store, &req->who, req->params[0], &f, &version, err, sizeof err);
        if (rc == PC_OK)
            reply_sheet(req, resp, req->params[0], 0, 200);
        else
            http_reply_err(resp, rc, err);
    }
    cJSON_Delete(body);
}
