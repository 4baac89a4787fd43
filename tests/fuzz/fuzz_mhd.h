/* fuzz_mhd.h — real libmicrohttpd connections inside a fuzzer.
 *
 * The query-parameter and header parsers of http/ read through
 * MHD_lookup_connection_value, so they need a live MHD_Connection. A daemon
 * without a listening socket (external polling, no threads) is given one end
 * of a socketpair per request (MHD_add_connection); the request bytes are
 * written to the other end and parsed by MHD exactly as from a client; the
 * harness's callback runs inside the access handler with the connection,
 * then a 204 goes back and the connection is closed.
 *
 * fz_query_escape makes arbitrary bytes safe for a request line: the bytes
 * that would end or split it are percent-encoded, so after MHD's decoding a
 * parser sees them as they were (up to the first NUL, which ends a C string
 * anyway); fz_header_clean drops CR, LF and NUL from a header value. */
#ifndef FUZZ_MHD_H
#define FUZZ_MHD_H

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef void (*fz_mhd_cb)(struct MHD_Connection *conn, void *cls);

static struct {
    struct MHD_Daemon *d;
    fz_mhd_cb cb;
    void *cls;
    int ran;
} fz_mhd;

static enum MHD_Result fz_mhd_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                     const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size, (void)con_cls;
    if (fz_mhd.cb && !fz_mhd.ran) {
        fz_mhd.ran = 1;
        fz_mhd.cb(c, fz_mhd.cls);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, r);
    MHD_destroy_response(r);
    return ok;
}

/* Sends one request (len bytes) through MHD; cb(conn, cls) runs when MHD
 * has parsed its head. Returns 1 when cb ran, 0 when MHD refused the
 * request before it (a malformed request line or header). */
static int fz_mhd_request(const char *req, size_t len, fz_mhd_cb cb, void *cls)
{
    if (!fz_mhd.d) {
        fz_mhd.d = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, fz_mhd_access, NULL,
                                    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_END);
        if (!fz_mhd.d) {
            fprintf(stderr, "fuzz harness setup: MHD_start_daemon failed\n");
            abort();
        }
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        perror("socketpair");
        abort();
    }
    struct sockaddr_in peer = {0};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(40000);
    peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fz_mhd.cb = cb, fz_mhd.cls = cls, fz_mhd.ran = 0;
    if (MHD_add_connection(fz_mhd.d, sv[0], (const struct sockaddr *)&peer, sizeof peer) != MHD_YES) {
        fprintf(stderr, "fuzz harness: MHD_add_connection failed\n");
        abort();
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = send(sv[1], req + off, len - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            perror("send");
            abort();
        }
        off += (size_t)w;
    }
    char buf[4096];
    for (int i = 0; i < 1000; i++) { /* until the answer (204 or MHD's own 4xx) comes back */
        MHD_run(fz_mhd.d);
        if (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) > 0)
            break;
    }
    close(sv[1]);
    for (int i = 0; i < 4; i++) /* MHD sees the close and frees the connection */
        MHD_run(fz_mhd.d);
    fz_mhd.cb = NULL;
    return fz_mhd.ran;
}

/* Appends s (n bytes) to out (cap >= 3 * n + 1) with request-line bytes
 * percent-encoded; returns the new length. keep_syntax leaves '&', '=' and
 * '%' alone (the input is a whole query string), else they are encoded too
 * (the input is one value). */
static size_t fz_query_escape(char *out, size_t at, const uint8_t *s, size_t n, int keep_syntax)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        int plain = c > 0x20 && c < 0x7f && c != '#' && c != '?' && c != '+' &&
                    (keep_syntax || (c != '&' && c != '=' && c != '%'));
        if (plain) {
            out[at++] = (char)c;
        } else {
            out[at++] = '%', out[at++] = hex[c >> 4], out[at++] = hex[c & 15];
        }
    }
    out[at] = '\0';
    return at;
}

/* Appends s without CR, LF and NUL; returns the new length. */
static size_t fz_header_clean(char *out, size_t at, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n' && s[i] != '\0')
            out[at++] = (char)s[i];
    out[at] = '\0';
    return at;
}

#endif
