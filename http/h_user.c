/* h_user.c — accounts: list, create, read, change.
 *
 * Field lists are explicit: POST accepts username, password, role,
 * admin_unit_id, display_name, phone; PATCH accepts role, admin_unit_id,
 * disabled, display_name, password, phone. Anything else is refused. The
 * phone number is returned only on request (?with_phone=true), decrypted,
 * and that read is audited. Authorization (city admin, scope) is decided by
 * engine/account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "http_int.h"

static cJSON *user_json(const eng_user *u)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddNumberToObject(j, "id", (double)u->id);
    cJSON_AddStringToObject(j, "username", u->username);
    cJSON_AddStringToObject(j, "role", eng_role_name(u->role));
    if (u->admin_unit_id > 0)
        cJSON_AddNumberToObject(j, "admin_unit_id", (double)u->admin_unit_id);
    else
        cJSON_AddNullToObject(j, "admin_unit_id");
    cJSON_AddStringToObject(j, "display_name", u->display_name);
    cJSON_AddBoolToObject(j, "disabled", u->disabled);
    cJSON_AddBoolToObject(j, "has_phone", u->has_phone);
    cJSON_AddStringToObject(j, "created_at", u->created_at);
    return j;
}

void h_user_list(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"offset", "limit", NULL};
    int64_t offset, total = 0;
    size_t limit, n = 0;
    if (http_query_check(req, resp, q) != 0 || http_page(req, resp, &offset, &limit) != 0)
        return;
    eng_user *rows = pc_arena_calloc(req->arena, limit, sizeof *rows);
    if (!rows) {
        http_reply_rc(resp, PC_ENOMEM, NULL);
        return;
    }
    pc_rc rc = eng_user_list(req->store, &req->who, offset, limit, rows, &n, &total);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; items && i < n; i++)
        cJSON_AddItemToArray(items, user_json(&rows[i]));
    http_reply_json(resp, 200, http_page_json(items, offset, limit, total));
}

/* admin_unit_id: a positive id, or null for city-wide. */
static int unit_member(cJSON *body, int64_t *unit, int *present, http_resp *resp)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(body, "admin_unit_id");
    if (m && cJSON_IsNull(m)) {
        *unit = 0;
        *present = 1;
        return 0;
    }
    return http_json_int(body, "admin_unit_id", 1, INT64_C(999999999999), unit, present, resp);
}

static int role_member(cJSON *body, int required, eng_role *role, int *present, http_resp *resp)
{
    const char *name = NULL;
    *present = 0;
    if (http_json_str(body, "role", required, 32, &name, resp) != 0)
        return -1;
    if (!name)
        return 0;
    if (eng_role_parse(name, role) != PC_OK) {
        http_reply_problem(resp, 400, "invalid-field", "Invalid field", "'role' is not a known role");
        return -1;
    }
    *present = 1;
    return 0;
}

void h_user_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"username", "password", "role", "admin_unit_id", "display_name", "phone",
                                         NULL};
    eng_user_spec spec = {0};
    int has_role = 0, has_unit = 0;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "username", 1, ENG_USERNAME_MAX, &spec.username, resp) != 0 ||
        http_json_str(body, "password", 1, 256, &spec.password, resp) != 0 ||
        role_member(body, 1, &spec.role, &has_role, resp) != 0 ||
        unit_member(body, &spec.admin_unit_id, &has_unit, resp) != 0 ||
        http_json_str(body, "display_name", 0, 127, &spec.display_name, resp) != 0 ||
        http_json_str(body, "phone", 0, 20, &spec.phone, resp) != 0)
        goto cleanup;
    int64_t id = 0;
    pc_rc rc = eng_user_add(req->auth, req->store, req->key, &req->who, &spec, &id, err, sizeof err);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, err[0] ? err : NULL);
        goto cleanup;
    }
    eng_user u;
    rc = eng_user_get(req->store, &req->who, id, &u);
    if (rc == PC_OK)
        http_reply_json(resp, 201, user_json(&u));
    else
        http_reply_rc(resp, rc, NULL);
cleanup:
    cJSON_Delete(body);
}

void h_user_get(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"with_phone", NULL};
    if (http_query_check(req, resp, q) != 0)
        return;
    const char *wp = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "with_phone");
    if (wp && strcmp(wp, "true") != 0 && strcmp(wp, "false") != 0) {
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", "with_phone is true or false");
        return;
    }
    eng_user u;
    pc_rc rc = eng_user_get(req->store, &req->who, req->params[0], &u);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    cJSON *j = user_json(&u);
    if (j && wp && strcmp(wp, "true") == 0 && u.has_phone) {
        char phone[64];
        rc = eng_user_phone(req->store, req->key, &req->who, u.id, phone, sizeof phone);
        if (rc != PC_OK) {
            cJSON_Delete(j);
            http_reply_rc(resp, rc, NULL);
            return;
        }
        cJSON_AddStringToObject(j, "phone", phone);
        memset(phone, 0, sizeof phone);
    }
    http_reply_json(resp, 200, j);
}

void h_user_update(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"role", "admin_unit_id", "disabled", "display_name", "password", "phone",
                                         NULL};
    eng_user_change ch = {0};
    eng_role role;
    int64_t unit = 0;
    int disabled = 0, has_role = 0, has_unit = 0, has_dis = 0;
    char err[200] = "";
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (role_member(body, 0, &role, &has_role, resp) != 0 || unit_member(body, &unit, &has_unit, resp) != 0 ||
        http_json_bool(body, "disabled", &disabled, &has_dis, resp) != 0 ||
        http_json_str(body, "display_name", 0, 127, &ch.display_name, resp) != 0 ||
        http_json_str(body, "password", 0, 256, &ch.password, resp) != 0 ||
        http_json_str(body, "phone", 0, 20, &ch.phone, resp) != 0)
        goto cleanup;
    ch.role = has_role ? &role : NULL;
    ch.admin_unit_id = has_unit ? &unit : NULL;
    ch.disabled = has_dis ? &disabled : NULL;
    pc_rc rc = eng_user_update(req->auth, req->store, req->key, &req->who, req->params[0], &ch, err, sizeof err);
    eng_user u;
    if (rc == PC_OK)
        rc = eng_user_get(req->store, &req->who, req->params[0], &u);
    if (rc == PC_OK)
        http_reply_json(resp, 200, user_json(&u));
    else
        http_reply_rc(resp, rc, err[0] ? err : NULL);
cleanup:
    cJSON_Delete(body);
}
