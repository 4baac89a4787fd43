/* http_reply.c — JSON and problem+json responses (the only cJSON writer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

void http_reply_json(http_resp *resp, unsigned status, cJSON *json)
{
    char *text = json ? cJSON_PrintUnformatted(json) : NULL;
    cJSON_Delete(json);
    if (!text) {
        http_reply_problem(resp, 500, "internal", "Internal error", "out of memory");
        return;
    }
    free(resp->body);
    resp->status = status;
    resp->content_type = "application/json";
    resp->body = text;
    resp->body_len = strlen(text);
}

void http_reply_problem(http_resp *resp, unsigned status, const char *type, const char *title, const char *detail)
{
    cJSON *j = cJSON_CreateObject();
    char type_uri[128];
    snprintf(type_uri, sizeof type_uri, "https://pccc.hanoi/problems/%s", type);
    char *text = NULL;
    if (j && cJSON_AddStringToObject(j, "type", type_uri) && cJSON_AddStringToObject(j, "title", title) &&
        cJSON_AddNumberToObject(j, "status", status) && (!detail || cJSON_AddStringToObject(j, "detail", detail)))
        text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    free(resp->body);
    resp->status = status;
    resp->content_type = "application/problem+json";
    if (!text) {
        static const char fallback[] = "{\"type\":\"https://pccc.hanoi/problems/internal\",\"status\":500}";
        text = strdup(fallback);
        resp->status = 500;
    }
    resp->body = text;
    resp->body_len = text ? strlen(text) : 0;
}

void http_reply_empty(http_resp *resp, unsigned status)
{
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
    resp->content_type = NULL;
    resp->status = status;
}

void http_reply_rc(http_resp *resp, pc_rc rc, const char *detail)
{
    switch (rc) {
    case PC_ENOTFOUND: http_reply_problem(resp, 404, "not-found", "Not found", detail); break;
    case PC_EINVAL: http_reply_problem(resp, 400, "invalid-field", "Invalid field", detail); break;
    case PC_EFORBIDDEN: http_reply_problem(resp, 403, "forbidden", "Forbidden", detail); break;
    case PC_EEXIST: http_reply_problem(resp, 409, "exists", "Already exists", detail); break;
    case PC_ECONFLICT: http_reply_problem(resp, 409, "conflict", "Conflict", detail); break;
    case PC_EAUTH: http_reply_problem(resp, 401, "unauthorized", "Unauthorized", detail); break;
    case PC_ELIMIT: http_reply_problem(resp, 429, "rate-limited", "Too many requests", detail); break;
    case PC_EBUSY:
        http_reply_problem(resp, 503, "busy", "Server busy", detail);
        if (!resp->retry_after_s)
            resp->retry_after_s = 1;
        break;
    case PC_EIO:
        /* the store cannot write (disk full, read-only file, I/O error): the
         * change was rolled back, reads still work, the client may retry */
        http_reply_problem(resp, 503, "storage-unavailable", "Storage unavailable",
                           "the database cannot be written right now (disk full, read-only file or I/O "
                           "error); nothing was changed: retry later");
        if (!resp->retry_after_s)
            resp->retry_after_s = 30;
        break;
    default:
        /* internal details stay in the log, not in the reply */
        http_reply_problem(resp, 500, "internal", "Internal error", pc_rc_str(rc));
        break;
    }
}
