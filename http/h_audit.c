/* h_audit.c — GET /api/v1/audit: the audit log, newest first (city-wide
 * admins only; decided in engine/audit). */
#include "audit.h"
#include "http_int.h"

void h_audit_list(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"offset", "limit", NULL};
    int64_t offset, total = 0;
    size_t limit, n = 0;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0)
        return;
    eng_audit_entry *rows = pc_arena_calloc(req->arena, limit, sizeof *rows);
    if (!rows) {
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return;
    }
    pc_rc rc = eng_audit_list(req->store, &req->who, offset, limit, rows, &n, &total);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; items && i < n; i++) {
        cJSON *j = cJSON_CreateObject();
        if (!j)
            break;
        cJSON_AddNumberToObject(j, "id", (double)rows[i].id);
        cJSON_AddStringToObject(j, "at", rows[i].at);
        if (rows[i].actor_id > 0)
            cJSON_AddNumberToObject(j, "actor_id", (double)rows[i].actor_id);
        else
            cJSON_AddNullToObject(j, "actor_id");
        cJSON_AddStringToObject(j, "actor", rows[i].actor);
        cJSON_AddStringToObject(j, "ip", rows[i].ip);
        cJSON_AddStringToObject(j, "action", rows[i].action);
        cJSON_AddStringToObject(j, "object", rows[i].object);
        cJSON_AddStringToObject(j, "detail", rows[i].detail);
        cJSON_AddItemToArray(items, j);
    }
    http_reply_json(resp, 200, http_page_json(items, offset, limit, total));
}
