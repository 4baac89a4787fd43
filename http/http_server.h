/* http_server.h — the pccc HTTP API server (libmicrohttpd).
 *
 * Runs an epoll thread pool sized to the cores. Each worker thread lazily
 * opens its own store connection on the database file. Limits are set at the
 * door: connections overall and per IP, a connection timeout against slow
 * clients, a maximum body size (413 from the Content-Length header, before
 * the body is read; bodies without one are counted as they arrive), a
 * wall-clock deadline per request, a JSON depth limit and a page size
 * limit. Every route but /healthz, the version, the OpenAPI document and
 * the login itself needs a bearer token (see http_routes.c). */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <stddef.h>

#include "auth.h"
#include "pc_rc.h"
#include "plan_rules.h"
#include "rt_graph.h"

typedef struct http_config {
    const char *db_path;
    const char *bind_addr;       /* default "127.0.0.1" */
    unsigned port;               /* default 8114 */
    unsigned threads;            /* 0: number of cores */
    unsigned max_connections;    /* default 1024 */
    unsigned max_per_ip;         /* default 64 */
    unsigned timeout_s;          /* idle connection timeout, default 15 */
    size_t max_body;             /* bytes, default 1 MiB */
    unsigned deadline_s;         /* wall-clock limit per request, headers to reply, default 10 */
    unsigned json_depth_max;     /* nesting of a JSON body, default 16 */
    unsigned page_default;       /* list page size when ?limit= is absent, default 50 */
    unsigned page_max;           /* largest ?limit=, default 200 */
    const char *key_path;        /* personal-data key file; NULL: eng_key_default_path */
    const char *web_root;        /* console files; NULL: $PCCC_WEB_ROOT or the source tree's web/ */
    eng_auth_config auth;        /* passwords, sessions, login throttling */
    rt_graph *graph;             /* road graph for plans (NULL: plans answer 503); closures reloaded into it */
    const eng_plan_rules *rules; /* dispatch rules for plans; must outlive the server */
} http_config;

typedef struct http_server http_server;

void http_config_defaults(http_config *c);
/* Starts listening; *out owned by caller (http_server_stop). */
pc_rc http_server_start(const http_config *c, http_server **out, char *err, size_t err_len);
/* Stops accepting, lets requests in flight finish, frees everything. */
void http_server_stop(http_server *s);
/* The port actually bound (useful with port 0 in tests). */
unsigned http_server_port(const http_server *s);

#endif
