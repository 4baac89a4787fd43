/* http_server.c — libmicrohttpd daemon, request life cycle and routing.
 *
 * Life of a request: the first callback allocates an http_req (with its
 * arena and deadline) and, when a body is announced, answers at once what
 * does not depend on it, before any body byte is read: 413 for an oversized
 * Content-Length, 404/405, and 401/403 at the door of a route that needs a
 * token. Later callbacks append body bytes and close the connection of a
 * client whose (chunked) body passes the limit or the deadline (a flood or
 * a slow-body attack). The final callback routes the request: 404/405, the
 * door (token and role), the handler, and the deadline (a read that overran
 * it answers 503). The completion callback records metrics, writes the
 * access line (debug level) and frees the request.
 *
 * Each worker thread opens its own store connection, geocoder and plan
 * context the first time it serves a request (http_worker.h: a pthread
 * key, freed when the thread ends).
 *
 * Who the client is (a trusted proxy's X-Forwarded-For, or the socket peer)
 * and the per-IP connection limit: http_peer.h. */
#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http_int.h"
#include "http_peer.h"
#include "http_tls.h"
#include "http_worker.h"
#include "pc_log.h"
#include "pc_progress.h"

/* Memory per connection (headers, read buffer, response headers). 32 KiB,
 * libmicrohttpd's default: larger pools are mmap()ed and munmap()ed for
 * every connection (a TLB shootdown across the worker threads each time),
 * which a flood of short connections turns into the server's main cost. */
#define HTTP_CONN_POOL_BYTES (32 * 1024)

struct http_server {
    struct MHD_Daemon *daemon;
    http_config cfg;
    http_workers *workers; /* per-thread store, geocoder, plan context */
    unsigned port;
    eng_auth *auth;
    eng_key *key;
    http_metrics *metrics;
    http_peers *peers; /* trusted proxies, per-IP connection counts */
    char *tls_cert, *tls_key; /* PEM text while serving HTTPS */
    _Atomic int starting;     /* 1 while MHD_start_daemon runs: its error lines go to start_err too */
    char start_err[200];
    _Atomic int64_t cut_log_s;        /* second of the last "closing" line (log_cut) */
    atomic_ulong cut_quiet;           /* connections cut since, not logged */
    struct sockaddr_in sa;    /* where it listens */
    /* after a certificate change: the previous daemon, serving its last
     * connections until the reaper thread stops it (http_server_set_tls) */
    struct MHD_Daemon *retired;
    char *retired_cert, *retired_key;
    pthread_t reaper;
    int reaper_running, reap_now;
    pthread_mutex_t reap_lock;
    pthread_cond_t reap_cond;
};

void http_config_defaults(http_config *c)
{
    memset(c, 0, sizeof *c);
    c->bind_addr = "127.0.0.1";
    c->port = 8114;
    c->max_connections = 8000; /* 1024 was exhausted by 2,000 idle connections (docs/RELIABILITY.md §6) */
    c->max_per_ip = 64;
    c->max_new_per_ip_s = 50;
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

static const struct sockaddr *conn_addr(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return ci ? ci->client_addr : NULL;
}

/* req->ip: the client (named by a trusted proxy, or the peer); req->peer:
 * the proxy when the address was forwarded. */
static void client_ip(http_server *s, http_req *req)
{
    const struct sockaddr *sa = conn_addr(req->conn);
    const char *xff = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (http_peers_client(s->peers, sa, xff, req->ip, sizeof req->ip))
        http_addr_text(sa, req->peer, sizeof req->peer);
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
    client_ip(s, req);
    return req;
}

/* A handler that overran the deadline: a read (GET/HEAD) answers 503
 * instead of its late result (the client has likely given up, and a late
 * answer hides an overload); a write keeps its answer, because what it
 * changed is committed and the client must learn that. Logged either way. */
static void deadline_enforce(http_server *s, http_req *req, http_resp *resp)
{
    double took = pc_now_s() - req->t_start;
    if (took <= s->cfg.deadline_s)
        return;
    int read_only = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    pc_log(PC_LOG_WARN, "http: %s %s from %s took %.3f s (deadline %.3f s): %s", req->method, req->path, req->ip,
           took, s->cfg.deadline_s, read_only ? "answered 503" : "write answered anyway (it is committed)");
    if (!read_only || resp->status >= 500)
        return;
    char detail[128];
    snprintf(detail, sizeof detail, "the request took %.0f ms, over the server's deadline of %.0f ms; retry", took * 1e3,
             s->cfg.deadline_s * 1e3);
    free(resp->body);
    memset(resp, 0, sizeof *resp);
    http_reply_problem(resp, 503, "deadline-exceeded", "Deadline exceeded", detail);
    resp->retry_after_s = 1;
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
    deadline_enforce(s, req, resp);
}

/* Logs that a connection was cut, at most one line a second: a flood of
 * cut connections must not become a flood of log lines. */
static void log_cut(http_server *s, const char *ip, const char *why)
{
    int64_t now = (int64_t)pc_now_s(), last = atomic_load(&s->cut_log_s);
    if (now == last || !atomic_compare_exchange_strong(&s->cut_log_s, &last, now)) {
        atomic_fetch_add(&s->cut_quiet, 1);
        return;
    }
    unsigned long more = (unsigned long)atomic_exchange(&s->cut_quiet, 0);
    pc_log(PC_LOG_WARN, "http: closing %s: %s (%lu more closed for a body since the last such line)", ip, why, more);
}

/* Before any body byte is read, a request that comes with a body gets the
 * answers that do not depend on it: 404/405, and the door (401/403) for
 * routes that need a token. So nobody can make the server read a body it
 * would refuse anyway; only the public routes (login, sign-up) read bodies
 * from anyone, up to max_body. 1 when resp holds the refusal. */
static int early_refusal(http_server *s, http_req *req, http_resp *resp, char *allow, size_t allow_len)
{
    int path_known = 0;
    const http_route *rt = http_route_match(req->method, req->path, req->params, &req->n_params, &path_known, allow,
                                            allow_len);
    if (!rt && path_known) {
        resp->allow = allow;
        http_reply_problem(resp, 405, "method-not-allowed", "Method not allowed", NULL);
        return 1;
    }
    if (!rt) { /* console files answer GET and HEAD; nothing else takes a body there */
        if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
            return 0;
        http_reply_problem(resp, 404, "not-found", "Not found", "no such resource");
        return 1;
    }
    if (rt->roles == HTTP_PUBLIC)
        return 0;
    req->route = rt;
    req->worker = http_workers_get(s->workers);
    if (!(req->store = req->worker ? req->worker->store : NULL))
        return 0; /* answered 503 once the body is in */
    return http_auth_door(req, resp) != 0;
}

/* The first callback: headers only. 1 when resp holds an answer to send
 * before reading any body. */
static int on_headers(http_server *s, http_req *req, http_resp *resp, char *allow, size_t allow_len)
{
    const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
    if (len > s->cfg.max_body) {
        char detail[96];
        snprintf(detail, sizeof detail, "request bodies are limited to %zu bytes", s->cfg.max_body);
        http_reply_problem(resp, 413, "body-too-large", "Request body too large", detail);
        return 1;
    }
    return (len > 0 || te) && early_refusal(s, req, resp, allow, allow_len);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    http_server *s = cls;
    http_req *req = *con_cls;
    http_resp resp = {.status = 500};
    char allow[64] = "";
    if (!req) {
        if (!(req = req_create(s, conn)))
            return MHD_NO;
        *con_cls = req;
        req->method = method;
        req->path = url;
        return on_headers(s, req, &resp, allow, sizeof allow) ? queue(conn, &resp) : MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        req->body_seen += n;
        /* a chunked body over the limit, or a trickle: drop the connection rather than keep reading
         * (a response cannot be queued in the middle of an upload) */
        if (req->body.len + n > s->cfg.max_body || pc_now_s() > req->deadline) {
            log_cut(s, req->ip, req->body.len + n > s->cfg.max_body ? "body over the limit" : "body past the deadline");
            return MHD_NO;
        }
        pc_buf_append(&req->body, upload_data, n);
        return MHD_YES;
    }
    if (pc_buf_rc(&req->body) != PC_OK)
        http_reply_problem(&resp, 503, "overloaded", "Server overloaded", "out of memory");
    else
        dispatch(s, req, &resp, allow, sizeof allow);
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
    double took = pc_now_s() - req->t_start;
    http_metrics_observe(s->metrics, idx, status, took);
    if (pc_log_get_level() <= PC_LOG_DEBUG) /* the access log */
        pc_log(PC_LOG_DEBUG, "http: %s%s%s %s %s %u %.1f ms", req->ip, req->peer[0] ? " via " : "", req->peer,
               req->method ? req->method : "-", req->path ? req->path : "-", status, took * 1000.0);
    pc_buf_free(&req->body);
    pc_arena_destroy(req->arena);
    free(req);
    *con_cls = NULL;
}

/* Connection counts: overall (metrics) and per peer address (the limit). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    http_server *s = cls;
    int started = toe == MHD_CONNECTION_NOTIFY_STARTED;
    http_metrics_conn(s->metrics, started ? 1 : -1);
    if (started) {
        *socket_context = http_peers_opened(s->peers, conn_addr(conn)) ? (void *)s : NULL;
    } else if (*socket_context) {
        http_peers_closed(s->peers, conn_addr(conn));
        *socket_context = NULL;
    }
}

/* Accept policy: the per-IP connection limit (trusted proxies exempt). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)addrlen;
    http_server *s = cls;
    return http_peers_admit(s->peers, addr) ? MHD_YES : MHD_NO;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    http_server *s = cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    /* our own deliberate MHD_NO (a body over the limit or late): log_cut
     * already wrote a line, at most one a second; one per connection here
     * would let a flood flood the log */
    if (strncmp(msg, "Application reported internal error", 35) == 0)
        return;
    if (s->starting && !s->start_err[0]) /* the first reason a start failed */
        snprintf(s->start_err, sizeof s->start_err, "%s", msg);
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
    if (!s->metrics)
        return PC_ENOMEM;
    rc = http_peers_create(c->trusted_proxies, c->n_trusted_proxies, c->max_per_ip, c->max_connections, &s->peers,
                           err, err_len);
    return rc != PC_OK ? rc : http_peers_set_rate(s->peers, c->max_new_per_ip_s);
}

/* A daemon serving s: bound to s->sa, or on listen_fd (a quiesced daemon's
 * socket) when that is valid; HTTPS when s has a certificate. */
static struct MHD_Daemon *daemon_start(http_server *s, MHD_socket listen_fd)
{
    const http_config *c = &s->cfg;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = c->threads ? c->threads : (unsigned)(ncpu > 0 ? ncpu : 2);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    struct MHD_OptionItem opt[6], *o = opt;
    if (listen_fd != MHD_INVALID_SOCKET) {
        *o++ = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, (intptr_t)listen_fd, NULL};
    } else {
        *o++ = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &s->sa};
        *o++ = (struct MHD_OptionItem){MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL};
    }
    if (s->tls_cert) {
        flags |= MHD_USE_TLS;
        *o++ = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert};
        *o++ = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key};
        *o++ = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)HTTP_TLS_PRIORITIES};
    }
    *o = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    s->starting = 1;
    s->start_err[0] = '\0';
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)c->port, on_accept, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
        MHD_OPTION_ARRAY, opt, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        c->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)HTTP_CONN_POOL_BYTES, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, s, MHD_OPTION_END);
    s->starting = 0;
    return d;
}

/* Reads the certificate and key when HTTPS is asked for. */
static pc_rc tls_setup(http_server *s, const http_config *c, char *err, size_t err_len)
{
    if (!c->tls_cert_path && !c->tls_key_path)
        return PC_OK;
    if (!c->tls_cert_path || !c->tls_key_path) {
        snprintf(err, err_len, "HTTPS needs both a certificate and a key (--tls-cert and --tls-key)");
        return PC_EINVAL;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        snprintf(err, err_len, "this libmicrohttpd was built without TLS (GnuTLS): serve plain HTTP on loopback "
                               "behind nginx (deploy/nginx/pccc.conf)");
        return PC_EINVAL;
    }
    return http_tls_load(c->tls_cert_path, c->tls_key_path, &s->tls_cert, &s->tls_key, err, err_len);
}

pc_rc http_server_start(const http_config *c, http_server **out, char *err, size_t err_len)
{
    *out = NULL;
    http_server *s = calloc(1, sizeof *s);
    if (!s)
        return PC_ENOMEM;
    pthread_mutex_init(&s->reap_lock, NULL);
    pthread_cond_init(&s->reap_cond, NULL);
    pc_rc rc = PC_ENOMEM;
    s->cfg = *c;
    if ((rc = http_workers_create(c->db_path, c->graph, c->rules, &s->workers)) != PC_OK)
        goto cleanup;
    if (!(c->deadline_s > 0) || !c->page_max || !c->page_default || c->page_default > c->page_max || !c->json_depth_max) {
        snprintf(err, err_len, "deadline, page sizes and JSON depth must be positive (page default <= max)");
        rc = PC_EINVAL;
        goto cleanup;
    }
    if ((rc = shared_create(s, c, err, err_len)) != PC_OK || (rc = tls_setup(s, c, err, err_len)) != PC_OK)
        goto cleanup;
    s->sa.sin_family = AF_INET;
    s->sa.sin_port = htons((uint16_t)c->port);
    if (inet_pton(AF_INET, c->bind_addr ? c->bind_addr : "127.0.0.1", &s->sa.sin_addr) != 1) {
        snprintf(err, err_len, "bad bind address %s (IPv4 expected)", c->bind_addr);
        rc = PC_EINVAL;
        goto cleanup;
    }
    if (!(s->daemon = daemon_start(s, MHD_INVALID_SOCKET))) {
        if (s->tls_cert && s->start_err[0])
            snprintf(err, err_len, "cannot serve HTTPS on %s:%u: %s", c->bind_addr, c->port, s->start_err);
        else
            snprintf(err, err_len, "cannot listen on %s:%u (%s)", c->bind_addr, c->port,
                     s->start_err[0] ? s->start_err : "port in use or not permitted");
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

int http_server_tls(const http_server *s) { return s->tls_cert != NULL; }

void http_server_set_rules(http_server *s, const eng_plan_rules *rules) { http_workers_set_rules(s->workers, rules); }

/* The reaper: stops the retired daemon once its connections are gone, or
 * after the longest a request can last there (idle timeout + deadline), or
 * at once when asked (reap_now). */
static void *reaper_main(void *arg)
{
    http_server *s = arg;
    double until = pc_now_s() + s->cfg.timeout_s + s->cfg.deadline_s + 1.0;
    pthread_mutex_lock(&s->reap_lock);
    while (!s->reap_now && pc_now_s() < until) {
        const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->retired, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (i && i->num_connections == 0)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000000L;
        if (ts.tv_nsec >= 1000000000L)
            ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&s->reap_cond, &s->reap_lock, &ts);
    }
    pthread_mutex_unlock(&s->reap_lock);
    MHD_stop_daemon(s->retired);
    pc_log(PC_LOG_INFO, "tls: the daemon with the previous certificate has stopped");
    return NULL;
}

/* Stops the retired daemon now (if any) and frees what it used. */
static void reaper_finish(http_server *s)
{
    if (s->reaper_running) {
        pthread_mutex_lock(&s->reap_lock);
        s->reap_now = 1;
        pthread_cond_signal(&s->reap_cond);
        pthread_mutex_unlock(&s->reap_lock);
        pthread_join(s->reaper, NULL);
        s->reaper_running = s->reap_now = 0;
    } else if (s->retired) {
        MHD_stop_daemon(s->retired);
    }
    s->retired = NULL;
    free(s->retired_cert);
    http_tls_free_key(s->retired_key);
    s->retired_cert = s->retired_key = NULL;
}

static void tls_try_log(void *cls, const char *fmt, va_list ap)
{
    char *buf = cls;
    if (!buf[0])
        vsnprintf(buf, 200, fmt, ap);
}

static enum MHD_Result tls_try_request(void *cls, struct MHD_Connection *c, const char *u, const char *m,
                                       const char *v, const char *d, size_t *n, void **cc)
{
    (void)cls, (void)c, (void)u, (void)m, (void)v, (void)d, (void)n, (void)cc;
    return MHD_NO;
}

/* Does GnuTLS accept this certificate and key? A daemon without a socket
 * or threads tries them; err gets GnuTLS's complaint. */
static int tls_try(const char *cert, const char *key, char *err, size_t err_len)
{
    char msg[200] = "";
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                                            tls_try_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, tls_try_log, msg,
                                            MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
                                            MHD_OPTION_HTTPS_PRIORITIES, HTTP_TLS_PRIORITIES, MHD_OPTION_END);
    if (d) {
        MHD_stop_daemon(d);
        return 1;
    }
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    snprintf(err, err_len, "the new TLS certificate and key are refused: %s", msg[0] ? msg : "unknown reason");
    return 0;
}

/* Moves the listening socket to a new daemon with cert/key (taken over);
 * the old one keeps serving its connections until the reaper stops it. */
static pc_rc tls_swap(http_server *s, char *cert, char *key, char *err, size_t err_len)
{
    reaper_finish(s); /* at most one daemon draining */
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    if (fd == MHD_INVALID_SOCKET) {
        snprintf(err, err_len, "cannot hand the listening socket over (libmicrohttpd quiesce failed)");
        free(cert);
        http_tls_free_key(key);
        return PC_EIO;
    }
    struct MHD_Daemon *old = s->daemon;
    char *old_cert = s->tls_cert, *old_key = s->tls_key;
    s->tls_cert = cert, s->tls_key = key;
    if (!(s->daemon = daemon_start(s, fd))) { /* back to the old certificate on the same socket */
        snprintf(err, err_len, "cannot start serving the new certificate: %s", s->start_err);
        free(s->tls_cert);
        http_tls_free_key(s->tls_key);
        s->tls_cert = old_cert, s->tls_key = old_key;
        old_cert = old_key = NULL;
        if (!(s->daemon = daemon_start(s, fd)))
            pc_log(PC_LOG_ERROR, "tls: cannot serve the old certificate again either: no longer listening");
    }
    s->retired = old;
    s->retired_cert = old_cert, s->retired_key = old_key;
    s->reaper_running = pthread_create(&s->reaper, NULL, reaper_main, s) == 0;
    if (!s->reaper_running)
        reaper_finish(s);
    return s->tls_key == key ? PC_OK : PC_EIO;
}

pc_rc http_server_set_tls(http_server *s, const char *cert_path, const char *key_path, int *changed, char *err,
                          size_t err_len)
{
    char *cert = NULL, *key = NULL;
    *changed = 0;
    if (!s->tls_cert || !s->daemon) {
        snprintf(err, err_len, s->daemon ? "the server was started without TLS: restart it to serve HTTPS"
                                         : "the server is not listening (an earlier certificate change failed)");
        return PC_EINVAL;
    }
    pc_rc rc = http_tls_load(cert_path, key_path, &cert, &key, err, err_len);
    if (rc != PC_OK)
        return rc;
    if (strcmp(cert, s->tls_cert) == 0 && strcmp(key, s->tls_key) == 0) {
        free(cert);
        http_tls_free_key(key);
        return PC_OK;
    }
    if (!tls_try(cert, key, err, err_len)) {
        free(cert);
        http_tls_free_key(key);
        return PC_EINVAL;
    }
    if ((rc = tls_swap(s, cert, key, err, err_len)) == PC_OK) {
        *changed = 1;
        pc_log(PC_LOG_INFO, "tls: new connections get the new certificate; the previous one serves its last "
                            "connections for at most %.0f s", s->cfg.timeout_s + s->cfg.deadline_s + 1.0);
    }
    return rc;
}

void http_server_stop(http_server *s)
{
    if (!s)
        return;
    reaper_finish(s);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    http_workers_destroy(s->workers); /* after the worker threads have ended */
    http_metrics_destroy(s->metrics);
    http_peers_destroy(s->peers);
    free(s->tls_cert);
    http_tls_free_key(s->tls_key);
    eng_key_destroy(s->key);
    eng_auth_destroy(s->auth);
    pthread_cond_destroy(&s->reap_cond);
    pthread_mutex_destroy(&s->reap_lock);
    free(s);
}
