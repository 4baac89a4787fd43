/* h_import.c — CSV bulk import of fire-safety records (engine/import).
 *
 * POST /api/v1/imports?kind=K[&commit=true] with a text/csv body. Without
 * commit=true it is a dry run: every bad row is listed with its line number
 * and reason and nothing is written. With commit=true the file is written
 * whole or not at all: any bad row answers 422 with the same list. */
#include <stdio.h>
#include <string.h>

#include "http_int.h"
#include "import.h"

static cJSON *result_json(const eng_import_result *r, int commit)
{
    cJSON *j = cJSON_CreateObject(), *errs = cJSON_CreateArray();
    if (!j || !errs) {
        cJSON_Delete(j);
        cJSON_Delete(errs);
        return NULL;
    }
    cJSON_AddStringToObject(j, "kind", r->kind);
    cJSON_AddStringToObject(j, "mode", commit ? "commit" : "dry-run");
    cJSON_AddNumberToObject(j, "rows", (double)r->rows);
    cJSON_AddNumberToObject(j, "rows_ok", (double)r->rows_ok);
    cJSON_AddNumberToObject(j, "rows_bad", (double)r->n_errors);
    cJSON_AddBoolToObject(j, "committed", r->committed);
    if (r->committed) {
        cJSON_AddNumberToObject(j, "first_id", (double)r->first_id);
        cJSON_AddNumberToObject(j, "last_id", (double)r->last_id);
    }
    for (size_t i = 0; i < r->n_errors; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        cJSON_AddNumberToObject(e, "line", (double)r->errors[i].line);
        cJSON_AddStringToObject(e, "reason", r->errors[i].reason);
        cJSON_AddItemToArray(errs, e);
    }
    cJSON_AddItemToObject(j, "errors", errs);
    return j;
}

void h_import(http_req *req, http_resp *resp)
{
    static const char *const q[] = {"kind", "commit", NULL};
    const char *kind = NULL;
    int commit = 0;
    char err[200] = "";
    if (http_query_check(req, resp, q) != 0 || http_query_str(req, resp, "kind", 24, &kind) != 0 ||
        http_query_bool(req, resp, "commit", &commit) != 0)
        return;
    const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncmp(ct, "text/csv", 8) != 0 || (ct[8] && ct[8] != ';' && ct[8] != ' ')) {
        http_reply_problem(resp, 415, "unsupported-media-type", "Unsupported media type", "send the file as text/csv");
        return;
    }
    if (!kind) {
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", "kind is required");
        return;
    }
    eng_import_result r;
    pc_rc rc = eng_import_records(req->store, &req->who, kind, req->body.data ? req->body.data : "", req->body.len,
                                  commit, &r, err, sizeof err);
    if (rc != PC_OK)
        http_reply_err(resp, rc, err);
    else
        http_reply_json(resp, commit && !r.committed ? 422 : 200, result_json(&r, commit));
    eng_import_result_free(&r);
}
