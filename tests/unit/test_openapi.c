/* test_openapi.c — the embedded OpenAPI document and the route table agree:
 * every route is documented with its roles (x-roles) and its security
 * (public routes have "security": []), and every documented operation is a
 * route. Also checks the document is OpenAPI 3.1 and that each operation
 * documents its responses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <string.h>

#include "http_int.h"

static cJSON *load_doc(void)
{
    cJSON *doc = cJSON_ParseWithLength((const char *)http_openapi_json, http_openapi_json_len);
    assert_non_null(doc);
    return doc;
}

static void lower(const char *in, char *out, size_t n)
{
    size_t i = 0;
    for (; in[i] && i + 1 < n; i++)
        out[i] = (char)tolower((unsigned char)in[i]);
    out[i] = '\0';
}

static void test_routes_in_document(void **state)
{
    (void)state;
    cJSON *doc = load_doc();
    cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(doc, "openapi")->valuestring, "3.1.0");
    for (size_t i = 0; i < http_n_routes; i++) {
        const http_route *r = &http_routes[i];
        char m[16];
        lower(r->method, m, sizeof m);
        cJSON *item = cJSON_GetObjectItemCaseSensitive(paths, r->path);
        cJSON *op = item ? cJSON_GetObjectItemCaseSensitive(item, m) : NULL;
        if (!op)
            fail_msg("route %s %s is not in openapi.json", r->method, r->path);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(op, "responses"));
        assert_non_null(cJSON_GetObjectItemCaseSensitive(op, "summary"));
        /* x-roles lists exactly the roles of the route's door */
        unsigned doc_roles = 0;
        cJSON *role;
        cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(op, "x-roles"))
        {
            eng_role er;
            assert_int_equal(eng_role_parse(role->valuestring, &er), PC_OK);
            doc_roles |= ENG_ROLE_BIT(er);
        }
        if (doc_roles != r->roles)
            fail_msg("%s %s: x-roles 0x%x but route admits 0x%x", r->method, r->path, doc_roles, r->roles);
        /* public routes say so with an empty security list; others inherit bearer */
        cJSON *sec = cJSON_GetObjectItemCaseSensitive(op, "security");
        int is_public = sec && cJSON_IsArray(sec) && cJSON_GetArraySize(sec) == 0;
        if (is_public != (r->roles == HTTP_PUBLIC))
            fail_msg("%s %s: security does not match the route's door", r->method, r->path);
        /* path parameters are declared */
        if (strchr(r->path, '{'))
            assert_non_null(cJSON_GetObjectItemCaseSensitive(op, "parameters"));
    }
    cJSON_Delete(doc);
}

static void test_document_in_routes(void **state)
{
    (void)state;
    static const char *const methods[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};
    cJSON *doc = load_doc();
    cJSON *item;
    size_t n_ops = 0;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(doc, "paths"))
    {
        for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
            if (!cJSON_GetObjectItemCaseSensitive(item, methods[k]))
                continue;
            n_ops++;
            int found = 0;
            for (size_t i = 0; i < http_n_routes && !found; i++) {
                char m[16];
                lower(http_routes[i].method, m, sizeof m);
                found = strcmp(m, methods[k]) == 0 && strcmp(http_routes[i].path, item->string) == 0;
            }
            if (!found)
                fail_msg("openapi.json documents %s %s but the server has no such route", methods[k], item->string);
        }
    }
    assert_int_equal(n_ops, http_n_routes);
    cJSON_Delete(doc);
}

static void test_route_matching(void **state)
{
    (void)state;
    int64_t p[HTTP_MAX_PARAMS];
    size_t np = 0;
    int known = 0;
    char allow[64];
    const http_route *r = http_route_match("GET", "/api/v1/users/42", p, &np, &known, allow, sizeof allow);
    assert_non_null(r);
    assert_string_equal(r->path, "/api/v1/users/{id}");
    assert_int_equal(np, 1);
    assert_int_equal(p[0], 42);
    /* ids are positive decimal integers without leading zeros or signs */
    assert_null(http_route_match("GET", "/api/v1/users/0", p, &np, &known, allow, sizeof allow));
    assert_null(http_route_match("GET", "/api/v1/users/-1", p, &np, &known, allow, sizeof allow));
    assert_null(http_route_match("GET", "/api/v1/users/007", p, &np, &known, allow, sizeof allow));
    assert_null(http_route_match("GET", "/api/v1/users/1%20OR%201", p, &np, &known, allow, sizeof allow));
    assert_null(http_route_match("GET", "/api/v1/users/9999999999999999999", p, &np, &known, allow, sizeof allow));
    assert_null(http_route_match("GET", "/api/v1/users/", p, &np, &known, allow, sizeof allow));
    assert_false(known);
    /* a known path with another method: 405 with the Allow list */
    assert_null(http_route_match("PUT", "/api/v1/session", p, &np, &known, allow, sizeof allow));
    assert_true(known);
    assert_string_equal(allow, "POST, GET, DELETE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes_in_document),
        cmocka_unit_test(test_document_in_routes),
        cmocka_unit_test(test_route_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
