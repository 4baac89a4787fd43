/* serve_opts.h — the options of `pccc serve`, from the command line and an
 * optional configuration file.
 *
 * The file (`--config FILE`) holds the same options as the command line,
 * one per line, `NAME VALUE` with NAME the long option without its dashes
 * (`trusted-proxy 127.0.0.1`, `rules /etc/pccc/dispatch.conf`); `#` starts a
 * comment at the beginning of a line or after a blank; the value is the
 * rest of the line. The command line wins over the file. On SIGHUP the file
 * is read again (serve_opts_load with the same command line) and the
 * reloadable settings are applied; serve_opts_restart_only names what
 * changed but needs a restart. */
#ifndef SERVE_OPTS_H
#define SERVE_OPTS_H

#include <stddef.h>

#include "http_peer.h"
#include "http_server.h"
#include "pc_log.h"

typedef struct serve_arg {
    int opt; /* the option's short code */
    const char *value;
} serve_arg;

typedef struct serve_opts {
    http_config cfg;
    const char *rules_path;  /* NULL: the built-in data/dispatch.conf */
    const char *config_path; /* NULL: none */
    int log_level;           /* a pc_log_level, or -1 when not set */
    const char *trusted[HTTP_MAX_TRUSTED_PROXIES];
    char *file_text;         /* the configuration file's text: values point into it */
} serve_opts;

/* Reads the command line into args (argc entries at most; *n_args set) and
 * *config_path (the --config value or NULL). Prints the problem and returns
 * -1 on an unknown option or a missing value; 1 when --help was asked. */
int serve_args_parse(int argc, char **argv, serve_arg *args, size_t *n_args, const char **config_path);

/* Defaults, then the configuration file (if config_path), then args. 0 or
 * -1 with err ("FILE:LINE: ..." or the option at fault). On success the
 * caller frees with serve_opts_free (o's strings point into the file text
 * and into argv). */
int serve_opts_load(serve_opts *o, const char *config_path, const serve_arg *args, size_t n_args, char *err,
                    size_t err_len);
void serve_opts_free(serve_opts *o);

/* Names of the settings that differ between a and b and need a restart to
 * take effect, comma-separated into out ("" when none). */
void serve_opts_restart_only(const serve_opts *a, const serve_opts *b, char *out, size_t out_len);

/* "debug", "info", "warn", "error" -> the level; -1 otherwise. */
int serve_log_level_parse(const char *name);
const char *serve_log_level_name(int level);

#endif
