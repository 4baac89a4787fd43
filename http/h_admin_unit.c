/* h_admin_unit.c — administrative units within the caller's scope. */
#include "http_int.h"
#include "scope.h"

static cJSON *unit_json(const geo_admin_unit *u)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddNumberToObject(j, "id", (double)u->id);
    cJSON_AddStringToObject(j, "code", u->code);
    cJSON_AddStringToObject(j, "name", u->name);
    cJSON_AddNumberToObject(j, "level", u->level);
    if (u->parent_id > 0)
        cJSON_AddNumberToObject(j, "parent_id", (double)u->parent_id);
    else
        cJSON_AddNullToObject(j, "parent_id");
    if (u->population >= 0)
        cJSON_AddNumberToObject(j, "population", (double)u->population);
    else
        cJSON_AddNullToObject(j, "population");
    return j;
}

void h_admin_unit_list(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"offset", "limit", NULL};
    int64_t offset, total = 0;
    size_t limit, n = 0;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0)
        return;
    geo_admin_unit *rows = pc_arena_calloc(req->arena, limit, sizeof *rows);
    if (!rows) {
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return;
    }
    pc_rc rc = eng_admin_unit_list(req->store, &req->who, offset, limit, rows, &n, &total);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; items && i < n; i++)
        cJSON_AddItemToArray(items, unit_json(&rows[i]));
    http_reply_json(resp, 200, http_page_json(items, offset, limit, total));
}

void h_admin_unit_get(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    if (http_query_check(req, resp, none) != 0)
        return;
    geo_admin_unit u;
    pc_rc rc = eng_admin_unit_get(req->store, &req->who, req->params[0], &u);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    http_reply_json(resp, 200, unit_json(&u));
}
