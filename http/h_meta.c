/* h_meta.c — health check and version: the two endpoints without auth. */
#include <stdio.h>

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
