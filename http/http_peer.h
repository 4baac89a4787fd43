/* http_peer.h — who is at the other end: trusted proxies, the client
 * address behind them, and the per-IP connection limit.
 *
 * In production pccc listens on loopback behind nginx, so every socket peer
 * is the proxy. A peer listed as a trusted proxy (`--trusted-proxy ADDR` or
 * ADDR/PREFIX) may name the client in X-Forwarded-For; from anyone else the
 * header is ignored (a client could write anything there). The client
 * address is then the right-most entry of X-Forwarded-For that is not
 * itself a trusted proxy: entries to its left were written by the client
 * or by hops we do not trust. That address is what login throttling, the
 * audit log ("from where") and the logs see.
 *
 * The per-IP connection limit counts open sockets per peer address, except
 * trusted proxies (nginx multiplexes every client over its own connections;
 * nginx's limit_conn limits the real clients). It replaces libmicrohttpd's
 * own per-IP limit, which cannot exempt anyone. Optionally a rate of new
 * connections per untrusted address (a token bucket; bursts of twice the
 * rate or max_per_ip, whichever is larger): a client that reconnects in a loop is refused at accept, before
 * libmicrohttpd reads a byte, which is what keeps a flood of short
 * connections from a few addresses cheap. Rate state lives in a fixed table
 * (4096 addresses; the stalest is forgotten first: a forgotten address
 * starts again with a full bucket). Thread-safe: the accept check and the
 * counters share one mutex. */
#ifndef HTTP_PEER_H
#define HTTP_PEER_H

#include <stddef.h>
#include <sys/socket.h>

#include "pc_rc.h"

#define HTTP_MAX_TRUSTED_PROXIES 16
#define HTTP_ADDR_MAX 64 /* text of an IPv4/IPv6 address, NUL included */

typedef struct http_peers http_peers;

/* trusted: n_trusted addresses or CIDR blocks (IPv4 or IPv6, e.g.
 * "127.0.0.1", "10.0.0.0/8", "::1"); max_per_ip: open connections allowed
 * per untrusted peer address; max_connections sizes the table. PC_EINVAL
 * with err naming the bad entry. Caller owns *out (http_peers_destroy). */
pc_rc http_peers_create(const char *const *trusted, size_t n_trusted, unsigned max_per_ip, unsigned max_connections,
                        http_peers **out, char *err, size_t err_len);
void http_peers_destroy(http_peers *p);

/* Limits new connections per untrusted address to per_s a second (bursts
 * of 2 * per_s or max_per_ip, the larger); 0 turns the limit off (the
 * default). Call before serving. */
pc_rc http_peers_set_rate(http_peers *p, unsigned per_s);

/* 1 when sa is a trusted proxy. */
int http_peers_trusted(const http_peers *p, const struct sockaddr *sa);

/* Accept policy: 0 when the untrusted peer sa already holds max_per_ip
 * connections or has used up its rate of new ones (the new one should be
 * refused), 1 otherwise. _at takes the time (monotonic seconds) for tests. */
int http_peers_admit(http_peers *p, const struct sockaddr *sa);
int http_peers_admit_at(http_peers *p, const struct sockaddr *sa, double now_s);
/* Counts an accepted connection (returns 1 when it was counted and
 * http_peers_closed must be called for it when it closes). */
int http_peers_opened(http_peers *p, const struct sockaddr *sa);
void http_peers_closed(http_peers *p, const struct sockaddr *sa);

/* Formats sa as text into out (HTTP_ADDR_MAX bytes); "" when unknown. */
void http_addr_text(const struct sockaddr *sa, char *out, size_t out_len);

/* The client's address: the peer's, or, when the peer is a trusted proxy
 * and xff (the X-Forwarded-For value, may be NULL) names one, the
 * right-most untrusted address in it. A malformed entry ends the walk (the
 * address to its right stands). client gets the text, out_len >=
 * HTTP_ADDR_MAX. Returns 1 when the address came from xff. */
int http_peers_client(const http_peers *p, const struct sockaddr *peer, const char *xff, char *client,
                      size_t out_len);

#endif
