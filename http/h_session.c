/* h_session.c — log in, who am I, log out.
 *
 * POST /api/v1/session {"username","password"} -> 201 {"token", ...}.
 * Wrong username, wrong password and a disabled account all answer the
 * same 401; a throttled client gets 429 with Retry-After, and when every
 * password-hashing slot is busy 503 with Retry-After. */
#include <stdio.h>
#include <time.h>

#include "http_int.h"

static cJSON *principal_json(const eng_principal *who)
{
    cJSON *a = cJSON_CreateObject();
    if (!a)
        return NULL;
    cJSON_AddNumberToObject(a, "id", (double)who->account_id);
    cJSON_AddStringToObject(a, "username", who->username);
    cJSON_AddStringToObject(a, "role", eng_role_name(who->role));
    if (who->scope_unit_id > 0)
        cJSON_AddNumberToObject(a, "admin_unit_id", (double)who->scope_unit_id);
    else
        cJSON_AddNullToObject(a, "admin_unit_id");
    return a;
}

static void iso_time(int64_t t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void h_session_create(http_req *req, http_resp *resp)
{
    static const char *const fields[] = {"username", "password", NULL};
    const char *user = NULL, *pw = NULL;
    cJSON *body = http_json_body(req, resp, fields);
    if (!body)
        return;
    if (http_json_str(body, "username", 1, ENG_USERNAME_MAX, &user, resp) != 0 ||
        http_json_str(body, "password", 1, 1024, &pw, resp) != 0) {
        cJSON_Delete(body);
        return;
    }
    eng_login_result r;
    pc_rc rc = eng_login(req->auth, req->store, user, pw, req->ip, &r);
    cJSON_Delete(body);
    if (rc == PC_ELIMIT || rc == PC_EBUSY) {
        resp->retry_after_s = r.retry_after_s;
        http_reply_rc(resp, rc,
                      rc == PC_ELIMIT ? "too many failed logins: wait before trying again"
                                      : "every password check slot is busy: retry in a moment");
        return;
    }
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, rc == PC_EAUTH ? "wrong username or password" : NULL);
        return;
    }
    char exp[32];
    iso_time(r.expires_at, exp, sizeof exp);
    cJSON *j = cJSON_CreateObject();
    if (j) {
        cJSON_AddStringToObject(j, "token", r.token);
        cJSON_AddStringToObject(j, "token_type", "Bearer");
        cJSON_AddStringToObject(j, "expires_at", exp);
        cJSON_AddNumberToObject(j, "idle_timeout_s", eng_auth_config_get(req->auth)->session_idle_s);
        cJSON_AddItemToObject(j, "account", principal_json(&r.who));
    }
    http_reply_json(resp, 201, j);
}

void h_session_get(http_req *req, http_resp *resp)
{
    static const char *const none[] = {NULL};
    if (http_query_check(req, resp, none) != 0)
        return;
    http_reply_json(resp, 200, principal_json(&req->who));
}

void h_session_delete(http_req *req, http_resp *resp)
{
    pc_rc rc = eng_logout(req->auth, req->store, req->token, &req->who);
    if (rc != PC_OK) {
        http_reply_rc(resp, rc, NULL);
        return;
    }
    http_reply_empty(resp, 204);
}
