/* http_routes.c — the static route table: method, path, handler. */
#include "http_int.h"

const http_route http_routes[] = {
    {"GET", "/healthz", h_health},
    {"GET", "/api/v1/version", h_version},
};
const size_t http_n_routes = sizeof http_routes / sizeof http_routes[0];
