/* http_server.c — libmicrohttpd daemon, request life cycle and routing.
 *
 * Life of a request: the first callback allocates an http_req (with its
 * arena) and refuses an oversized Content-Length with 413 at once; later
 * callbacks append body bytes, counting them; the final callback routes the
 * request and queues the response. The completion callback frees the request.
 * Each worker thread opens its own store connection the first time it serves
 * a request (pthread key, closed when the thread ends). */
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
#include "pc_log.h"
#include "pc_progress.h"

struct http_server {
    struct MHD_Daemon *daemon;
    http_config cfg;
    char *db_path;
    pthread_key_t store_key;
    unsigned port;
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
}

static void store_destroy(void *p) { geo_store_close(p); }

static geo_store *worker_store(http_server *s)
{
    geo_store *st = pthread_getspecific(s->store_key);
    if (st)
        return st;
    char err[256];
    if (geo_store_open(s->db_path, 0, &st, err, sizeof err) != PC_OK) {
        pc_log(PC_LOG_ERROR, "worker cannot open store: %s", err);
        return NULL;
    }
    pthread_setspecific(s->store_key, st);
    return st;
}

static const http_route *find_route(const char *method, const char *path, int *path_known)
{
    *path_known = 0;
    for (size_t i = 0; i < http_n_routes; i++) {
        if (strcmp(http_routes[i].path, path) != 0)
            continue;
        *path_known = 1;
        if (strcmp(http_routes[i].method, method) == 0)
            return &http_routes[i];
    }
    return NULL;
}

static enum MHD_Result queue(struct MHD_Connection *conn, http_resp *r)
{
    struct MHD_Response *mr =
        MHD_create_response_from_buffer(r->body_len, r->body ? r->body : (void *)"", r->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!mr) {
        free(r->body);
        return MHD_NO;
    }
    r->body = NULL;
    if (r->content_type)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "Cache-Control", "no-store");
    enum MHD_Result ok = MHD_queue_response(conn, r->status, mr);
    MHD_destroy_response(mr);
    return ok;
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
        req = calloc(1, sizeof *req);
        if (!req)
            return MHD_NO;
        req->arena = pc_arena_create(0);
        if (!req->arena) {
            free(req);
            return MHD_NO;
        }
        req->conn = conn;
        req->cfg = &s->cfg;
        req->t_start = pc_now_s();
        *con_cls = req;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg.max_body)
            req->body_too_large = 1;
        if (!req->body_too_large)
            return MHD_YES;
    }
    if (*upload_data_size) {
        if (!req->body_too_large && req->body.len + *upload_data_size <= s->cfg.max_body)
            pc_buf_append(&req->body, upload_data, *upload_data_size);
        else
            req->body_too_large = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    http_resp resp = {500, NULL, NULL, 0};
    req->method = method;
    req->path = url;
    if (req->body_too_large) {
        char detail[96];
        snprintf(detail, sizeof detail, "request bodies are limited to %zu bytes", s->cfg.max_body);
        http_reply_problem(&resp, 413, "body-too-large", "Request body too large", detail);
    } else {
        int path_known;
        const http_route *rt = find_route(method, url, &path_known);
        if (rt) {
            req->store = worker_store(s);
            rt->handler(req, &resp);
        } else if (path_known) {
            http_reply_problem(&resp, 405, "method-not-allowed", "Method not allowed", NULL);
        } else {
            http_reply_problem(&resp, 404, "not-found", "Not found", "no such resource");
        }
    }
    return queue(conn, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    http_req *req = *con_cls;
    if (!req)
        return;
    pc_buf_free(&req->body);
    pc_arena_destroy(req->arena);
    free(req);
    *con_cls = NULL;
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

pc_rc http_server_start(const http_config *c, http_server **out, char *err, size_t err_len)
{
    *out = NULL;
    http_server *s = calloc(1, sizeof *s);
    if (!s)
        return PC_ENOMEM;
    s->cfg = *c;
    s->db_path = strdup(c->db_path ? c->db_path : "");
    if (!s->db_path || pthread_key_create(&s->store_key, store_destroy) != 0) {
        free(s->db_path);
        free(s);
        return PC_ENOMEM;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)c->port);
    if (inet_pton(AF_INET, c->bind_addr ? c->bind_addr : "127.0.0.1", &sa.sin_addr) != 1) {
        snprintf(err, err_len, "bad bind address %s (IPv4 expected)", c->bind_addr);
        http_server_stop(s);
        return PC_EINVAL;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = c->threads ? c->threads : (unsigned)(ncpu > 0 ? ncpu : 2);
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)c->port, NULL,
        NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, c->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, err_len, "cannot listen on %s:%u (port in use or not permitted)", c->bind_addr, c->port);
        http_server_stop(s);
        return PC_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : c->port;
    *out = s;
    return PC_OK;
}

unsigned http_server_port(const http_server *s) { return s->port; }

void http_server_stop(http_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    pthread_key_delete(s->store_key);
    free(s->db_path);
    free(s);
}
