/* http_json.c — strict JSON bodies, query parameters and pagination.
 *
 * A body is checked in this order: Content-Type application/json (415),
 * nesting depth measured on the raw text before parsing (so a deeply nested
 * body costs no recursion), then cJSON's parse, then the top level must be
 * an object whose every member is in the endpoint's explicit field list:
 * an unexpected member such as "role" or "owner" is refused, never ignored. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

/* Deepest nesting of [ and { outside strings. */
static unsigned json_depth(const char *s, size_t n)
{
    unsigned depth = 0, max = 0;
    int in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                max = depth;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return max;
}

static int listed(const char *name, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(*list, name) == 0)
            return 1;
    return 0;
}

cJSON *http_json_body(http_req *req, http_resp *resp, const char *const *fields)
{
    const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
        http_reply_problem(resp, 415, "unsupported-media-type", "Unsupported media type",
                           "send the body as application/json");
        return NULL;
    }
    return http_json_parse(req->body.data, req->body.len, req->cfg->json_depth_max, fields, resp);
}

cJSON *http_json_parse(const char *data, size_t len, unsigned depth_max, const char *const *fields, http_resp *resp)
{
    if (!len) {
        http_reply_problem(resp, 400, "malformed-json", "Malformed JSON", "the body is empty");
        return NULL;
    }
    if (memchr(data, '\0', len)) {
        http_reply_problem(resp, 400, "malformed-json", "Malformed JSON", "the body holds a NUL byte");
        return NULL;
    }
    if (json_depth(data, len) > depth_max) {
        char d[80];
        snprintf(d, sizeof d, "JSON nesting is limited to %u levels", depth_max);
        http_reply_problem(resp, 400, "json-too-deep", "JSON too deep", d);
        return NULL;
    }
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(data, len + 1, &end, 1); /* + its NUL (data[len] is '\0') */
    if (!j) {
        http_reply_problem(resp, 400, "malformed-json", "Malformed JSON", "the body is not valid JSON");
        return NULL;
    }
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        http_reply_problem(resp, 400, "malformed-json", "Malformed JSON", "the body must be a JSON object");
        return NULL;
    }
    for (cJSON *m = j->child; m; m = m->next) {
        if (!m->string || !listed(m->string, fields) || cJSON_GetObjectItemCaseSensitive(j, m->string) != m) {
            char d[160];
            snprintf(d, sizeof d, "field '%.64s' is not accepted here%s", m->string ? m->string : "",
                     m->string && listed(m->string, fields) ? " twice" : "");
            cJSON_Delete(j);
            http_reply_problem(resp, 400, "unknown-field", "Unknown field", d);
            return NULL;
        }
    }
    return j;
}

static int bad_member(http_resp *resp, const char *name, const char *what)
{
    char d[160];
    snprintf(d, sizeof d, "'%s' %s", name, what);
    http_reply_problem(resp, 400, "invalid-field", "Invalid field", d);
    return -1;
}

int http_json_str(cJSON *obj, const char *name, int required, size_t max_len, const char **out, http_resp *resp)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m)
        return required ? bad_member(resp, name, "is required") : 0;
    if (!cJSON_IsString(m) || !m->valuestring)
        return bad_member(resp, name, "must be a string");
    size_t n = strlen(m->valuestring);
    char what[64];
    snprintf(what, sizeof what, "must be 1 to %zu bytes", max_len);
    if (n == 0 || n > max_len)
        return bad_member(resp, name, what);
    for (const unsigned char *p = (const unsigned char *)m->valuestring; *p; p++)
        if (*p < 0x20)
            return bad_member(resp, name, "must not hold control characters");
    *out = m->valuestring;
    return 0;
}

int http_json_int(cJSON *obj, const char *name, int64_t min, int64_t max, int64_t *out, int *present,
                  http_resp *resp)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    *present = 0;
    if (!m)
        return 0;
    double v = m->valuedouble;
    char what[96];
    snprintf(what, sizeof what, "must be an integer from %" PRId64 " to %" PRId64, min, max);
    if (!cJSON_IsNumber(m) || !isfinite(v) || v != floor(v) || v < (double)min || v > (double)max)
        return bad_member(resp, name, what);
    *out = (int64_t)v;
    *present = 1;
    return 0;
}

int http_json_bool(cJSON *obj, const char *name, int *out, int *present, http_resp *resp)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    *present = 0;
    if (!m)
        return 0;
    if (!cJSON_IsBool(m))
        return bad_member(resp, name, "must be true or false");
    *out = cJSON_IsTrue(m) ? 1 : 0;
    *present = 1;
    return 0;
}

typedef struct query_check {
    const char *const *allowed;
    const char *bad;
} query_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind, (void)value;
    query_check *q = cls;
    if (!listed(key, q->allowed)) {
        q->bad = key;
        return MHD_NO;
    }
    return MHD_YES;
}

int http_query_check(http_req *req, http_resp *resp, const char *const *allowed)
{
    query_check q = {allowed, NULL};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &q);
    if (!q.bad)
        return 0;
    char d[120];
    snprintf(d, sizeof d, "query parameter '%.64s' is not accepted here", q.bad);
    http_reply_problem(resp, 400, "unknown-parameter", "Unknown parameter", d);
    return -1;
}

static int query_int(http_req *req, const char *name, int64_t min, int64_t max, int64_t *out)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    if (!v)
        return 0;
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end || errno || x < min || x > max)
        return -1;
    *out = x;
    return 0;
}

int http_page(http_req *req, http_resp *resp, int64_t *offset, size_t *limit)
{
    int64_t off = 0, lim = req->cfg->page_default;
    char d[120];
    if (query_int(req, "offset", 0, 1000000000, &off) != 0) {
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter",
                           "offset must be an integer from 0 to 1000000000");
        return -1;
    }
    if (query_int(req, "limit", 1, req->cfg->page_max, &lim) != 0) {
        snprintf(d, sizeof d, "limit must be an integer from 1 to %u", req->cfg->page_max);
        http_reply_problem(resp, 400, "invalid-parameter", "Invalid parameter", d);
        return -1;
    }
    *offset = off;
    *limit = (size_t)lim;
    return 0;
}

cJSON *http_page_json(cJSON *items, int64_t offset, size_t limit, int64_t total)
{
    cJSON *j = cJSON_CreateObject();
    if (!j) {
        cJSON_Delete(items);
        return NULL;
    }
    cJSON_AddItemToObject(j, "items", items);
    cJSON_AddNumberToObject(j, "offset", (double)offset);
    cJSON_AddNumberToObject(j, "limit", (double)limit);
    cJSON_AddNumberToObject(j, "total", (double)total);
    return j;
}
