/* serve_opts.c — `pccc serve` options: command line, configuration file,
 * and which differences need a restart. */
#include "serve_opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct option OPTS[] = {
    {"db", required_argument, 0, 'd'},           {"port", required_argument, 0, 'p'},
    {"bind", required_argument, 0, 'b'},         {"threads", required_argument, 0, 't'},
    {"max-connections", required_argument, 0, 'c'}, {"max-per-ip", required_argument, 0, 'i'},
    {"timeout", required_argument, 0, 'o'},      {"deadline", required_argument, 0, 'D'},
    {"max-body", required_argument, 0, 'B'},     {"page-max", required_argument, 0, 'P'},
    {"key-file", required_argument, 0, 'k'},     {"session-idle", required_argument, 0, 'I'},
    {"session-max", required_argument, 0, 'M'},  {"web-root", required_argument, 0, 'W'},
    {"rules", required_argument, 0, 'R'},        {"trusted-proxy", required_argument, 0, 'T'},
    {"deadline-ms", required_argument, 0, 'm'},  {"tls-cert", required_argument, 0, 'C'},
    {"tls-key", required_argument, 0, 'K'},      {"log-level", required_argument, 0, 'L'},
    {"config", required_argument, 0, 'F'},       {"help", no_argument, 0, 'h'},
    {"max-new-per-ip", required_argument, 0, 'N'},
    {0, 0, 0, 0}};

static const char *const LEVELS[] = {"debug", "info", "warn", "error"};

int serve_log_level_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, LEVELS[i]) == 0)
            return i;
    return -1;
}

const char *serve_log_level_name(int level) { return level >= 0 && level < 4 ? LEVELS[level] : "?"; }

int serve_args_parse(int argc, char **argv, serve_arg *args, size_t *n_args, const char **config_path)
{
    int c;
    *n_args = 0;
    *config_path = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
        if (c == 'h')
            return 1;
        if (c == '?' || c == ':')
            return -1; /* getopt printed why */
        if (c == 'F')
            *config_path = optarg;
        else
            args[(*n_args)++] = (serve_arg){c, optarg};
    }
    if (optind != argc) {
        fprintf(stderr, "pccc serve: unexpected argument %s\n", argv[optind]);
        return -1;
    }
    return 0;
}

static int uint_opt(const char *v, unsigned long long min, unsigned long long max, unsigned *out)
{
    unsigned long long x;
    if (cli_parse_uint(v, min, max, &x))
        return -1;
    *out = (unsigned)x;
    return 0;
}

/* Applies one option; -1 when its value is bad. */
static int opt_apply(serve_opts *o, int c, const char *v)
{
    http_config *cfg = &o->cfg;
    unsigned long long x;
    switch (c) {
    case 'd': cfg->db_path = v; return 0;
    case 'b': cfg->bind_addr = v; return 0;
    case 'k': cfg->key_path = v; return 0;
    case 'W': cfg->web_root = v; return 0;
    case 'R': o->rules_path = v; return 0;
    case 'C': cfg->tls_cert_path = v; return 0;
    case 'K': cfg->tls_key_path = v; return 0;
    case 'p': return uint_opt(v, 0, 65535, &cfg->port);
    case 't': return uint_opt(v, 1, 256, &cfg->threads);
    case 'c': return uint_opt(v, 1, 100000, &cfg->max_connections);
    case 'i': return uint_opt(v, 1, 100000, &cfg->max_per_ip);
    case 'N': return uint_opt(v, 0, 1000000, &cfg->max_new_per_ip_s);
    case 'o': return uint_opt(v, 1, 3600, &cfg->timeout_s);
    case 'I': return uint_opt(v, 10, 86400, &cfg->auth.session_idle_s);
    case 'M': return uint_opt(v, 60, 7 * 86400, &cfg->auth.session_absolute_s);
    case 'D':
    case 'm':
        if (cli_parse_uint(v, 1, c == 'D' ? 600 : 600000, &x))
            return -1;
        cfg->deadline_s = c == 'D' ? (double)x : (double)x / 1000.0;
        return 0;
    case 'B':
        if (cli_parse_uint(v, 1024, 64 << 20, &x))
            return -1;
        cfg->max_body = (size_t)x;
        return 0;
    case 'P':
        if (uint_opt(v, 1, 10000, &cfg->page_max))
            return -1;
        if (cfg->page_default > cfg->page_max)
            cfg->page_default = cfg->page_max;
        return 0;
    case 'L': return (o->log_level = serve_log_level_parse(v)) < 0 ? -1 : 0;
    case 'T':
        if (cfg->n_trusted_proxies == HTTP_MAX_TRUSTED_PROXIES)
            return -1;
        o->trusted[cfg->n_trusted_proxies++] = v;
        cfg->trusted_proxies = o->trusted;
        return 0;
    default: return -1;
    }
}

/* The option named name (long form, no dashes) that a file may set; NULL otherwise. */
static const struct option *opt_find(const char *name)
{
    for (const struct option *op = OPTS; op->name; op++)
        if (strcmp(op->name, name) == 0 && op->has_arg == required_argument && op->val != 'F')
            return op;
    return NULL;
}

/* Cuts a comment (# at the start or after a blank) and trims; returns the start. */
static char *line_clean(char *line)
{
    for (char *p = line; *p; p++)
        if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

static int config_read(serve_opts *o, const char *path, char *err, size_t err_len)
{
    size_t len = 0;
    if (!(o->file_text = cli_read_file(path, 1 << 20, &len))) {
        snprintf(err, err_len, "cannot read the configuration file %s", path);
        return -1;
    }
    if (strlen(o->file_text) != len) {
        snprintf(err, err_len, "%s is not a text file", path);
        return -1;
    }
    char *next = o->file_text;
    for (int lineno = 1; next; lineno++) {
        char *line = next;
        if ((next = strchr(line, '\n')))
            *next++ = '\0';
        line = line_clean(line);
        if (!*line)
            continue;
        char *value = line + strcspn(line, " \t");
        if (*value)
            *value++ = '\0';
        value = line_clean(value);
        const struct option *op = opt_find(line);
        if (!op) {
            snprintf(err, err_len, "%s:%d: unknown setting '%s' (a long option of pccc serve, without --)", path,
                     lineno, line);
            return -1;
        }
        if (!*value || opt_apply(o, op->val, value) != 0) {
            snprintf(err, err_len, "%s:%d: bad value '%s' for %s", path, lineno, value, line);
            return -1;
        }
    }
    return 0;
}

int serve_opts_load(serve_opts *o, const char *config_path, const serve_arg *args, size_t n_args, char *err,
                    size_t err_len)
{
    memset(o, 0, sizeof *o);
    http_config_defaults(&o->cfg);
    o->cfg.db_path = cli_default_db();
    o->log_level = -1;
    o->config_path = config_path;
    if (config_path && config_read(o, config_path, err, err_len) != 0)
        goto fail;
    /* then the command line: it wins, and adds its trusted proxies to the file's */
    for (size_t i = 0; i < n_args; i++) {
        if (opt_apply(o, args[i].opt, args[i].value) != 0) {
            const char *name = "?";
            for (const struct option *op = OPTS; op->name; op++)
                if (op->val == args[i].opt)
                    name = op->name;
            snprintf(err, err_len, "bad value '%s' for --%s", args[i].value, name);
            goto fail;
        }
    }
    return 0;
fail:
    serve_opts_free(o);
    return -1;
}

void serve_opts_free(serve_opts *o)
{
    if (!o)
        return;
    free(o->file_text);
    o->file_text = NULL;
}

static int str_differ(const char *a, const char *b) { return (a == NULL) != (b == NULL) || (a && strcmp(a, b)); }

static void add_name(char *out, size_t out_len, const char *name)
{
    size_t n = strlen(out);
    snprintf(out + n, out_len - n, "%s%s", n ? ", " : "", name);
}

void serve_opts_restart_only(const serve_opts *a, const serve_opts *b, char *out, size_t out_len)
{
    const http_config *x = &a->cfg, *y = &b->cfg;
    out[0] = '\0';
    if (str_differ(x->db_path, y->db_path)) add_name(out, out_len, "db");
    if (str_differ(x->bind_addr, y->bind_addr)) add_name(out, out_len, "bind");
    if (x->port != y->port) add_name(out, out_len, "port");
    if (x->threads != y->threads) add_name(out, out_len, "threads");
    if (x->max_connections != y->max_connections) add_name(out, out_len, "max-connections");
    if (x->max_per_ip != y->max_per_ip) add_name(out, out_len, "max-per-ip");
    if (x->max_new_per_ip_s != y->max_new_per_ip_s) add_name(out, out_len, "max-new-per-ip");
    if (x->timeout_s != y->timeout_s) add_name(out, out_len, "timeout");
    if (x->deadline_s != y->deadline_s) add_name(out, out_len, "deadline");
    if (x->max_body != y->max_body) add_name(out, out_len, "max-body");
    if (x->page_max != y->page_max) add_name(out, out_len, "page-max");
    if (str_differ(x->key_path, y->key_path)) add_name(out, out_len, "key-file");
    if (str_differ(x->web_root, y->web_root)) add_name(out, out_len, "web-root");
    if (x->auth.session_idle_s != y->auth.session_idle_s) add_name(out, out_len, "session-idle");
    if (x->auth.session_absolute_s != y->auth.session_absolute_s) add_name(out, out_len, "session-max");
    if ((x->tls_cert_path != NULL) != (y->tls_cert_path != NULL)) add_name(out, out_len, "http/https");
    int trusted_same = x->n_trusted_proxies == y->n_trusted_proxies;
    for (size_t i = 0; trusted_same && i < x->n_trusted_proxies; i++)
        trusted_same = !str_differ(x->trusted_proxies[i], y->trusted_proxies[i]);
    if (!trusted_same) add_name(out, out_len, "trusted-proxy");
}
