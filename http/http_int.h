/* http_int.h — what the handlers of http/ share: the request context,
 * the response helpers and the route table. Not used outside http/. */
#ifndef HTTP_INT_H
#define HTTP_INT_H

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <stddef.h>

#include "geo_store.h"
#include "http_server.h"
#include "pc_arena.h"
#include "pc_buf.h"

typedef struct http_req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    pc_arena *arena;        /* freed when the request completes */
    pc_buf body;            /* request body as received */
    int body_too_large;
    geo_store *store;       /* this worker thread's connection, may be NULL */
    const http_config *cfg;
    double t_start;
} http_req;

typedef struct http_resp {
    unsigned status;
    const char *content_type;
    char *body; /* malloc'ed; freed by the server */
    size_t body_len;
} http_resp;

typedef void (*http_handler)(http_req *req, http_resp *resp);

typedef struct http_route {
    const char *method;
    const char *path;
    http_handler handler;
} http_route;

extern const http_route http_routes[];
extern const size_t http_n_routes;

/* Serialises json (consumed) as the response body with status. */
void http_reply_json(http_resp *resp, unsigned status, cJSON *json);
/* RFC 9457 problem+json; type is a stable slug ("not-found"), detail free text. */
void http_reply_problem(http_resp *resp, unsigned status, const char *type, const char *title, const char *detail);

/* Handlers */
void h_health(http_req *req, http_resp *resp);
void h_version(http_req *req, http_resp *resp);

#endif
