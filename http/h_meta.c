/* h_meta.c — health check, version and the OpenAPI document: no auth. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_store.h"
#include "http_int.h"

void h_health(http_req *req, http_resp *resp)
{
    int v = req->store ? geo_store_schema_version(req->store) : -1;
    if (v <= 0) {
        http_reply_problem(resp, 503, "store-unavailable", "Store unavailable",
                           "the database cannot be read by this worker");
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "status", "ok");
    cJSON_AddNumberToObject(j, "schema_version", v);
    http_reply_json(resp, 200, j);
}

void h_version(http_req *req, http_resp *resp)
{
    (void)req;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", "pccc");
    cJSON_AddStringToObject(j, "version", PCCC_VERSION);
    cJSON_AddStringToObject(j, "api", "v1");
    cJSON_AddNumberToObject(j, "schema_version", geo_store_schema_latest());
    http_reply_json(resp, 200, j);
}

void h_openapi(http_req *req, http_resp *resp)
{
    (void)req;
    char *copy = malloc(http_openapi_json_len + 1);
    if (!copy) {
        http_reply_problem(resp, 503, "overloaded", "Server overloaded", "out of memory");
        return;
    }
    memcpy(copy, http_openapi_json, http_openapi_json_len);
    copy[http_openapi_json_len] = '\0';
    free(resp->body);
    resp->status = 200;
    resp->content_type = "application/json";
    resp->body = copy;
    resp->body_len = http_openapi_json_len;
}
