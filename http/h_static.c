/* h_static.c — the web console's static files, and Leaflet from Debian.
 *
 * Paths outside /api/ that match no route are files: "/" is index.html,
 * "/vendor/leaflet/..." comes from Debian's libjs-leaflet directory, anything
 * else from the web root (cfg->web_root, else $PCCC_WEB_ROOT, else the
 * source tree's web/ compiled in as PCCC_WEB_ROOT_DEFAULT). Only GET and
 * HEAD. No traversal: libmicrohttpd hands us the path already
 * percent-decoded, and every segment must be a plain name (no "." or ".."
 * segments, no hidden files, no backslashes or control characters), so the
 * file is always inside its root. Files are small (at most 8 MiB) and read
 * whole. HTML and our own scripts revalidate on every load (no-cache with an
 * ETag, answered 304 when unchanged) so an upgrade shows at once; Leaflet
 * is cached for a day. A precompressed sibling (file.gz, as Debian ships
 * for Leaflet) is sent to clients that accept gzip. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_int.h"

#ifndef PCCC_WEB_ROOT_DEFAULT
#define PCCC_WEB_ROOT_DEFAULT "web"
#endif
#ifndef PCCC_LEAFLET_DIR
#define PCCC_LEAFLET_DIR "/usr/share/javascript/leaflet"
#endif

#define STATIC_MAX_BYTES (8u << 20)
#define LEAFLET_PREFIX "/vendor/leaflet/"

/* The console's pages load only from this server; no inline scripts. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                          "form-action 'self'";

static const struct {
    const char *ext, *type;
} TYPES[] = {
    {".html", "text/html; charset=utf-8"},     {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},       {".json", "application/json"},
    {".png", "image/png"},                     {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"},                  {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},              {".woff2", "font/woff2"},
    {".webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(dot, TYPES[i].ext) == 0)
            return TYPES[i].type;
    return NULL;
}

/* 1 if rel ("a/b.js", no leading slash) is a safe relative file path. */
static int path_safe(const char *rel)
{
    if (!*rel || strlen(rel) > 200)
        return 0;
    const char *seg = rel;
    for (const char *p = rel;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '/' || c == '\0') {
            if (p == seg || *seg == '.') /* empty, ".", "..", or hidden */
                return 0;
            if (!c)
                return 1;
            seg = p + 1;
        } else if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
            return 0;
        }
    }
}

/* Reads a regular file whole. 0, -1 missing/not regular, -2 too big or I/O. */
static int read_whole(const char *file, char **body, size_t *len, struct stat *sb)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    int ret = -1;
    char *buf = NULL;
    if (fd < 0)
        return -1;
    if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode))
        goto cleanup;
    ret = -2;
    if ((size_t)sb->st_size > STATIC_MAX_BYTES || !(buf = malloc((size_t)sb->st_size + 1)))
        goto cleanup;
    size_t got = 0;
    while (got < (size_t)sb->st_size) {
        ssize_t r = read(fd, buf + got, (size_t)sb->st_size - got);
        if (r <= 0)
            goto cleanup;
        got += (size_t)r;
    }
    *body = buf, *len = got, buf = NULL;
    ret = 0;
cleanup:
    free(buf);
    close(fd);
    return ret;
}

static int accepts_gzip(http_req *req)
{
    const char *ae = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    return ae && strstr(ae, "gzip") != NULL;
}

/* Serves root/rel into resp; 0, or -1 when there is no such file. */
static int serve_file(http_req *req, http_resp *resp, const char *root, const char *rel, int long_cache)
{
    char file[1200], etag[96];
    char *body = NULL;
    size_t len = 0;
    struct stat sb;
    const char *type = content_type(rel);
    if (!type)
        return -1;
    int gz = 0, r = -1;
    if (accepts_gzip(req) && strcmp(type, "image/png") != 0) {
        snprintf(file, sizeof file, "%s/%s.gz", root, rel);
        if ((r = read_whole(file, &body, &len, &sb)) == 0)
            gz = 1;
    }
    if (r != 0) {
        snprintf(file, sizeof file, "%s/%s", root, rel);
        r = read_whole(file, &body, &len, &sb);
    }
    if (r == -1)
        return -1;
    if (r == -2) {
        http_reply_problem(resp, 500, "internal", "Internal error", "the file cannot be read");
        return 0;
    }
    snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)sb.st_size,
             (unsigned long long)sb.st_mtim.tv_sec * 1000ull + (unsigned long long)(sb.st_mtim.tv_nsec / 1000000),
             gz ? "-gz" : "");
    resp->etag = pc_arena_strdup(req->arena, etag);
    resp->cache_control = long_cache ? "public, max-age=86400" : "no-cache";
    resp->vary = "Accept-Encoding";
    if (strncmp(type, "text/html", 9) == 0)
        resp->csp = CSP;
    const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (inm && resp->etag && strcmp(inm, resp->etag) == 0) {
        free(body);
        http_reply_empty(resp, 304);
        return 0;
    }
    free(resp->body);
    resp->status = 200;
    resp->content_type = type;
    resp->content_encoding = gz ? "gzip" : NULL;
    resp->body = body;
    resp->body_len = len;
    return 0;
}

const char *h_static_root(const http_config *cfg)
{
    if (cfg->web_root && *cfg->web_root)
        return cfg->web_root;
    const char *env = getenv("PCCC_WEB_ROOT");
    return env && *env ? env : PCCC_WEB_ROOT_DEFAULT;
}

int h_static_serve(http_req *req, http_resp *resp)
{
    const char *path = req->path;
    if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 || path[0] != '/')
        return 0;
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        resp->allow = "GET, HEAD";
        http_reply_problem(resp, 405, "method-not-allowed", "Method not allowed", NULL);
        return 1;
    }
    char rel[256];
    const char *root = h_static_root(req->cfg);
    int long_cache = 0;
    if (strncmp(path, LEAFLET_PREFIX, strlen(LEAFLET_PREFIX)) == 0) {
        root = PCCC_LEAFLET_DIR;
        long_cache = 1;
        snprintf(rel, sizeof rel, "%s", path + strlen(LEAFLET_PREFIX));
    } else {
        size_t n = strlen(path);
        snprintf(rel, sizeof rel, "%s%s", path + 1, n == 1 || path[n - 1] == '/' ? "index.html" : "");
    }
    if (strlen(path) > 200 || !path_safe(rel) || serve_file(req, resp, root, rel, long_cache) != 0)
        http_reply_problem(resp, 404, "not-found", "Not found", "no such page or file");
    return 1;
}
