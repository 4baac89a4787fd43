/* http_routes.c — the static route table and its matcher.
 *
 * One line per endpoint: method, path ({name} segments are positive integer
 * ids, handed to the handler in req->params), handler, the roles let in at
 * the door (HTTP_PUBLIC: no token), and a summary. openapi.json must list
 * the same (method, path) pairs: test_openapi checks both directions. */
#include <stdio.h>
#include <string.h>

#include "http_int.h"

#define R(role) ENG_ROLE_BIT(ENG_ROLE_##role)
#define ADMIN R(CITY_ADMIN)
#define STAFF ENG_ROLES_STAFF
#define ANYONE_SIGNED_IN ENG_ROLES_ALL

const http_route http_routes[] = {
    {"GET", "/healthz", h_health, HTTP_PUBLIC, "liveness and store check"},
    {"GET", "/api/v1/version", h_version, HTTP_PUBLIC, "program and API version"},
    {"GET", "/api/v1/openapi.json", h_openapi, HTTP_PUBLIC, "this API's OpenAPI 3.1 document"},
    {"GET", "/metrics", h_metrics, ADMIN, "Prometheus metrics"},
    {"POST", "/api/v1/session", h_session_create, HTTP_PUBLIC, "log in: username and password for a token"},
    {"GET", "/api/v1/session", h_session_get, ANYONE_SIGNED_IN, "who am I"},
    {"DELETE", "/api/v1/session", h_session_delete, ANYONE_SIGNED_IN, "log out"},
    {"GET", "/api/v1/users", h_user_list, ADMIN, "accounts in my scope"},
    {"POST", "/api/v1/users", h_user_create, ADMIN, "create an account"},
    {"GET", "/api/v1/users/{id}", h_user_get, ADMIN, "one account"},
    {"PATCH", "/api/v1/users/{id}", h_user_update, ADMIN, "change role, unit, name, phone, password; disable"},
    {"GET", "/api/v1/admin-units", h_admin_unit_list, STAFF, "administrative units in my scope"},
    {"GET", "/api/v1/admin-units/{id}", h_admin_unit_get, STAFF, "one administrative unit"},
    {"GET", "/api/v1/audit", h_audit_list, ADMIN, "the audit log, newest first"},
};
const size_t http_n_routes = sizeof http_routes / sizeof http_routes[0];

/* Parses a positive decimal id of at most 18 digits spanning [s, end). */
static int parse_id(const char *s, const char *end, int64_t *out)
{
    int64_t v = 0;
    if (end == s || end - s > 18 || *s == '0')
        return -1;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

/* Does path fit pattern? Fills params from {name} segments. */
static int path_fits(const char *pattern, const char *path, int64_t *params, size_t *n_params)
{
    const char *a = pattern, *b = path;
    *n_params = 0;
    while (*a && *b) {
        if (*a != '/' || *b != '/')
            return 0;
        a++, b++;
        const char *ae = strchr(a, '/'), *be = strchr(b, '/');
        if (!ae)
            ae = a + strlen(a);
        if (!be)
            be = b + strlen(b);
        if (*a == '{') {
            if (*n_params >= HTTP_MAX_PARAMS || parse_id(b, be, &params[*n_params]) != 0)
                return 0;
            (*n_params)++;
        } else if (ae - a != be - b || memcmp(a, b, (size_t)(ae - a)) != 0) {
            return 0;
        }
        a = ae, b = be;
    }
    return !*a && !*b;
}

const http_route *http_route_match(const char *method, const char *path, int64_t *params, size_t *n_params,
                                   int *path_known, char *allow, size_t allow_len)
{
    const http_route *found = NULL;
    size_t used = 0;
    int64_t tmp[HTTP_MAX_PARAMS];
    size_t n_tmp = 0;
    *path_known = 0;
    *n_params = 0;
    if (allow_len)
        allow[0] = '\0';
    for (size_t i = 0; i < http_n_routes; i++) {
        if (!path_fits(http_routes[i].path, path, tmp, &n_tmp))
            continue;
        *path_known = 1;
        if (allow_len > used)
            used += (size_t)snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", http_routes[i].method);
        if (!found && strcmp(http_routes[i].method, method) == 0) {
            found = &http_routes[i];
            memcpy(params, tmp, sizeof tmp[0] * n_tmp);
            *n_params = n_tmp;
        }
    }
    return found;
}
