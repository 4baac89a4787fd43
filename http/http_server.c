/* http_server.c — libmicrohttpd daemon, request life cycle and routing.
 *
 * Life of a request: the first callback allocates an http_req (with its
 * arena and deadline) and refuses an oversized Content-Length with 413 at
 * once, before any body byte is read; later callbacks append body bytes,
 * counting them, and close the connection of a client that sends far too
 * much or passes the deadline while uploading (a slow-body attack); the
 * final callback routes the request: 404/405, the door (token and role),
 * the handler. The completion callback records metrics and frees the request.
 *
 * Each worker thread opens its own store connection, geocoder and plan
 * context the first time it serves a request (http_worker.h: a pthread
 * key, freed when the thread ends). */
#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http_int.h"
#include "http_worker.h"
#include "pc_log.h"
#include "pc_progress.h"

struct http_server {
    struct MHD_Daemon *daemon;
    http_config cfg;
    http_workers *workers; /* per-thread store, geocoder, plan context */
    unsigned port;
    eng_auth *auth;
    eng_key *key;
    http_metrics *metrics;
};

void http_config_defaults(http_config *c)
{
    memset(c, 0, sizeof *c);
    c->bind_addr = "127.0.0.1";
    c->port = 8114;
    c->max_connections = 1024;
    c->max_per_ip = 64;
    c->timeout_s = 15;
    c->max_body = 1 << 20;
    c->deadline_s = 10;
    c->json_depth_max = 16;
    c->page_default = 50;
    c->page_max = 200;
    eng_auth_config_defaults(&c->auth);
}

static enum MHD_Result queue(struct MHD_Connection *conn, http_resp *r)
{
    struct MHD_Response *mr =
        MHD_create_response_from_buffer(r->body_len, r->body ? r->body : (void *)"",
                                        r->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!mr) {
        free(r->body);
        return MHD_NO;
    }
    r->body = NULL;
    if (r->content_type)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "Cache-Control", r->cache_control ? r->cache_control : "no-store");
    if (r->etag)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_ETAG, r->etag);
    if (r->content_encoding)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_ENCODING, r->content_encoding);
    if (r->vary)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_VARY, r->vary);
    if (r->csp) {
        MHD_add_response_header(mr, "Content-Security-Policy", r->csp);
        MHD_add_response_header(mr, "X-Frame-Options", "DENY");
        MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
    }
    if (r->status == 401)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"pccc\"");
    if (r->status == 405 && r->allow)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->retry_after_s) {
        char v[16];
        snprintf(v, sizeof v, "%u", r->retry_after_s);
        MHD_add_response_header(mr, MHD_HTTP_HEADER_RETRY_AFTER, v);
    }
    enum MHD_Result ok = MHD_queue_response(conn, r->status, mr);
    MHD_destroy_response(mr);
    return ok;
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t len)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)len);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)len);
}

static http_req *req_create(http_server *s, struct MHD_Connection *conn)
{
    http_req *req = calloc(1, sizeof *req);
    if (!req)
        return NULL;
    req->arena = pc_arena_create(0);
    if (!req->arena) {
        free(req);
        return NULL;
    }
    req->conn = conn;
    req->cfg = &s->cfg;
    req->auth = s->auth;
    req->key = s->key;
    req->metrics = s->metrics;
    req->t_start = pc_now_s();
    req->deadline = req->t_start + s->cfg.deadline_s;
    client_ip(conn, req->ip, sizeof req->ip);
    return req;
}

/* Routes a complete request and lets the handler fill resp. */
static void dispatch(http_server *s, http_req *req, http_resp *resp, char *allow, size_t allow_len)
{
    int path_known = 0;
    const http_route *rt = http_route_match(req->method, req->path, req->params, &req->n_params, &path_known,
                                            allow, allow_len);
    req->route = rt;
    if (!rt && !path_known && h_static_serve(req, resp))
        return; /* a console page or file */
    if (!rt) {
        if (path_known) {
            resp->allow = allow;
            http_reply_problem(resp, 405, "method-not-allowed", "Method not allowed", NULL);
        } else {
            http_reply_problem(resp, 404, "not-found", "Not found", "no such resource");
        }
        return;
    }
    if (pc_now_s() > req->deadline) {
        http_reply_problem(resp, 408, "request-timeout", "Request timeout",
                           "the request took longer than the server's deadline to arrive");
        return;
    }
    req->worker = http_workers_get(s->workers);
    req->store = req->worker ? req->worker->store : NULL;
    if (!req->store) {
        http_reply_problem(resp, 503, "store-unavailable", "Store unavailable", "the database cannot be opened");
        resp->retry_after_s = 5;
        return;
    }
    if (rt->roles != HTTP_PUBLIC && http_auth_door(req, resp) != 0)
        return;
    rt->handler(req, resp);
    double took = pc_now_s() - req->t_start;
    if (took > s->cfg.deadline_s)
        pc_log(PC_LOG_WARN, "http: %s %s took %.2f s (deadline %u s)", req->method, req->path, took,
               s->cfg.deadline_s);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    http_server *s = cls;
    http_req *req = *con_cls;
    if (!req) {
        /* first callback: headers only */
        if (!(req = req_create(s, conn)))
            return MHD_NO;
        *con_cls = req;
        req->method = method;
        req->path = url;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg.max_body)
            req->body_too_large = 1; /* answered below, before reading any of it */
        else
            return MHD_YES;
    }
    if (*upload_data_size) {
        req->body_seen += *upload_data_size;
        if (!req->body_too_large && req->body.len + *upload_data_size <= s->cfg.max_body)
            pc_buf_append(&req->body, upload_data, *upload_data_size);
        else
            req->body_too_large = 1;
        *upload_data_size = 0;
        /* a flood or a trickle: drop the connection rather than keep reading */
        if (req->body_seen > 4 * s->cfg.max_body || pc_now_s() > req->deadline) {
            pc_log(PC_LOG_WARN, "http: closing %s: body %s", req->ip,
                   req->body_seen > 4 * s->cfg.max_body ? "far over the limit" : "past the deadline");
            return MHD_NO;
        }
        return MHD_YES;
    }
    http_resp resp = {.status = 500};
    char allow[64] = "";
    if (req->body_too_large) {
        char detail[96];
        snprintf(detail, sizeof detail, "request bodies are limited to %zu bytes", s->cfg.max_body);
        http_reply_problem(&resp, 413, "body-too-large", "Request body too large", detail);
    } else if (pc_buf_rc(&req->body) != PC_OK) {
        http_reply_problem(&resp, 503, "overloaded", "Server overloaded", "out of memory");
    } else {
        dispatch(s, req, &resp, allow, sizeof allow);
    }
    return queue(conn, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    http_server *s = cls;
    http_req *req = *con_cls;
    if (!req)
        return;
    unsigned status = 0;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
    if (ci)
        status = ci->http_status;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !status)
        status = 499; /* closed before a reply (nginx's code for it) */
    size_t idx = req->route ? (size_t)(req->route - http_routes) : http_n_routes;
    http_metrics_observe(s->metrics, idx, status, pc_now_s() - req->t_start);
    pc_buf_free(&req->body);
    pc_arena_destroy(req->arena);
    free(req);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)conn, (void)socket_context;
    http_server *s = cls;
    http_metrics_conn(s->metrics, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    pc_log(PC_LOG_WARN, "http: %s", msg);
}

/* Auth state, key and metrics: everything shared by the workers. */
static pc_rc shared_create(http_server *s, const http_config *c, char *err, size_t err_len)
{
    char key_path[1024];
    pc_rc rc = eng_auth_create(&c->auth, &s->auth);
    if (rc != PC_OK) {
        snprintf(err, err_len, "bad auth configuration (PBKDF2 iterations must be at least 600000)");
        return rc;
    }
    if (c->key_path)
        snprintf(key_path, sizeof key_path, "%s", c->key_path);
    else
        eng_key_default_path(c->db_path, key_path, sizeof key_path);
    if ((rc = eng_key_load(key_path, 1, &s->key, err, err_len)) != PC_OK)
        return rc;
    s->metrics = http_metrics_create(http_n_routes);
    return s->metrics ? PC_OK : PC_ENOMEM;
}

static struct MHD_Daemon *daemon_start(http_server *s, const http_config *c, const struct sockaddr_in *sa)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = c->threads ? c->threads : (unsigned)(ncpu > 0 ? ncpu : 2);
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)c->port, NULL,
        NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, c->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
}

pc_rc http_server_start(const http_config *c, http_server **out, char *err, size_t err_len)
{
    *out = NULL;
    http_server *s = calloc(1, sizeof *s);
    if (!s)
        return PC_ENOMEM;
    pc_rc rc = PC_ENOMEM;
    s->cfg = *c;
    if ((rc = http_workers_create(c->db_path, c->graph, c->rules, &s->workers)) != PC_OK)
        goto cleanup;
    if (!c->deadline_s || !c->page_max || !c->page_default || c->page_default > c->page_max || !c->json_depth_max) {
        snprintf(err, err_len, "deadline, page sizes and JSON depth must be positive (page default <= max)");
        rc = PC_EINVAL;
        goto cleanup;
    }
    if ((rc = shared_create(s, c, err, err_len)) != PC_OK)
        goto cleanup;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)c->port);
    if (inet_pton(AF_INET, c->bind_addr ? c->bind_addr : "127.0.0.1", &sa.sin_addr) != 1) {
        snprintf(err, err_len, "bad bind address %s (IPv4 expected)", c->bind_addr);
        rc = PC_EINVAL;
        goto cleanup;
    }
    if (!(s->daemon = daemon_start(s, c, &sa))) {
        snprintf(err, err_len, "cannot listen on %s:%u (port in use or not permitted)", c->bind_addr, c->port);
        rc = PC_EIO;
        goto cleanup;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : c->port;
    *out = s;
    return PC_OK;
cleanup:
    http_server_stop(s);
    return rc;
}

unsigned http_server_port(const http_server *s) { return s->port; }

void http_server_stop(http_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    http_workers_destroy(s->workers); /* after the worker threads have ended */
    http_metrics_destroy(s->metrics);
    eng_key_destroy(s->key);
    eng_auth_destroy(s->auth);
    free(s);
}
