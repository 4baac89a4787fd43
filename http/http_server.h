/* http_server.h — the pccc HTTP API server (libmicrohttpd).
 *
 * Runs an epoll thread pool sized to the cores, HTTP or HTTPS (TLS 1.2 and
 * 1.3, http_tls.h). Each worker thread lazily opens its own store
 * connection on the database file. Limits are set at the door: connections
 * overall, open and new connections per IP (http_peer.h), a connection
 * timeout against slow clients, a maximum body size, a wall-clock deadline
 * per request (a read that overruns it answers 503), a JSON depth limit and
 * a page size limit. A request that announces a body is answered before any
 * of it is read when the answer does not depend on it: 413 for a too large
 * Content-Length, 404/405, 401/403 at the door; a chunked body that passes
 * the limit is cut. Every route but /healthz, the version, the OpenAPI
 * document, the login and the citizen sign-up needs a bearer token (see
 * http_routes.c).
 *
 * Behind a reverse proxy (nginx on the same machine), the proxy's address
 * is listed in trusted_proxies: only then is X-Forwarded-For believed, and
 * the client it names is what throttling, the audit log and the logs see;
 * trusted proxies are exempt from the per-IP limits.
 *
 * While serving, the dispatch rules and the TLS certificate can be replaced
 * (http_server_set_rules, http_server_set_tls: SIGHUP in pccc serve). */
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
    unsigned max_connections;    /* default 8000 (pccc serve lowers it to fit the descriptor limit) */
    unsigned max_per_ip;         /* default 64 */
    unsigned max_new_per_ip_s;   /* new connections a second per address, default 50; 0: off (http_peer.h) */
    unsigned timeout_s;          /* idle connection timeout, default 15 */
    size_t max_body;             /* bytes, default 1 MiB */
    double deadline_s;           /* wall-clock limit per request, headers to reply, default 10 */
    unsigned json_depth_max;     /* nesting of a JSON body, default 16 */
    unsigned page_default;       /* list page size when ?limit= is absent, default 50 */
    unsigned page_max;           /* largest ?limit=, default 200 */
    const char *key_path;        /* personal-data key file; NULL: eng_key_default_path */
    const char *web_root;        /* console files; NULL: $PCCC_WEB_ROOT or the source tree's web/ */
    eng_auth_config auth;        /* passwords, sessions, login throttling */
    rt_graph *graph;             /* road graph for plans (NULL: plans answer 503); closures reloaded into it */
    const eng_plan_rules *rules; /* dispatch rules for plans; must outlive the server */
    const char *const *trusted_proxies; /* n_trusted_proxies peers allowed to name the client in
                                         * X-Forwarded-For (addresses or CIDR blocks; http_peer.h) */
    size_t n_trusted_proxies;
    const char *tls_cert_path;   /* both set: HTTPS only, TLS 1.2/1.3 (http_tls.h); both NULL: HTTP */
    const char *tls_key_path;
} http_config;

typedef struct http_server http_server;

void http_config_defaults(http_config *c);
/* Starts listening; *out owned by caller (http_server_stop). */
pc_rc http_server_start(const http_config *c, http_server **out, char *err, size_t err_len);
/* Stops accepting, lets requests in flight finish, frees everything. */
void http_server_stop(http_server *s);
/* The port actually bound (useful with port 0 in tests). */
unsigned http_server_port(const http_server *s);
/* 1 when the server speaks HTTPS. */
int http_server_tls(const http_server *s);

/* Makes rules (copied) the dispatch rules of every plan that starts after
 * this call: each worker switches before its next request. Not
 * thread-safe against itself: one caller (the signal loop). */
void http_server_set_rules(http_server *s, const eng_plan_rules *rules);

/* Reads the certificate and key again (http_tls.h checks, then GnuTLS's).
 * Unchanged files: nothing happens. Otherwise new connections get the new
 * certificate at once: a new daemon takes over the listening socket and the
 * old one serves its open connections until they end (at most the idle
 * timeout plus the deadline). *changed = 1 when the certificate changed.
 * Any error leaves the server as it was (err says why). The server must
 * have been started with TLS. Same single caller as http_server_set_rules. */
pc_rc http_server_set_tls(http_server *s, const char *cert_path, const char *key_path, int *changed, char *err,
                          size_t err_len);

#endif
