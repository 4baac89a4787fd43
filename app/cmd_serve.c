/* cmd_serve.c — `pccc serve`: run the HTTP server until SIGINT/SIGTERM;
 * reload what can change while serving on SIGHUP.
 *
 * SIGHUP reads the configuration file (--config), the dispatch rules file
 * and the TLS certificate and key again. Everything is checked first; if
 * anything is wrong, nothing changes (one log line says why). Then: the log
 * level is set, the rules are handed to the workers (each switches before
 * its next request), and a changed certificate is served to new connections
 * (http_server_set_tls). Settings that need a restart are named in the log. */
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "geo_store.h"
#include "graph.h"
#include "http_server.h"
#include "http_tls.h"
#include "pc_log.h"
#include "pc_progress.h"
#include "serve_opts.h"

void usage_serve(void)
{
    printf("usage: pccc serve [--config FILE] [--db FILE] [--port N] [--bind ADDR] [--threads N]\n"
           "                  [--max-connections N] [--max-per-ip N] [--max-new-per-ip N] [--timeout S]\n"
           "                  [--deadline S | --deadline-ms MS] [--max-body BYTES] [--page-max N]\n"
           "                  [--key-file FILE] [--session-idle S] [--session-max S] [--web-root DIR]\n"
           "                  [--rules FILE] [--trusted-proxy ADDR[/PREFIX]]... [--log-level LEVEL]\n"
           "                  [--tls-cert FILE --tls-key FILE]\n\n"
           "Serves the dispatch API (/api/v1/...) and /healthz. Defaults: --db $PCCC_DB or\n"
           "pccc.sqlite, --port 8114, --bind 127.0.0.1, one worker thread per core.\n"
           "Stops cleanly on SIGINT or SIGTERM (requests in flight finish).\n"
           "Limits (defaults): --max-connections 8000 (lowered to fit the descriptor limit, whose\n"
           "soft value is raised to the hard one), --max-per-ip 64 (open connections),\n"
           "--max-new-per-ip 50 (new connections a second, bursts of twice that or of\n"
           "--max-per-ip; 0: no limit),\n"
           "--timeout 15 (idle s),\n"
           "--deadline 10 (s per request: a read past it answers 503), --max-body 1048576,\n"
           "--page-max 200, JSON depth 16.\n"
           "Sessions end after --session-idle 1800 s idle or --session-max 43200 s. --key-file is\n"
           "the personal-data key ($PCCC_KEY_FILE or DB.key, created 0600 when missing).\n"
           "Accounts come from `pccc user add`; there is no default account.\n"
           "The web console is served at / from --web-root ($PCCC_WEB_ROOT, default the source\n"
           "tree's web/), Leaflet from Debian's libjs-leaflet.\n"
           "Plans (/api/v1/plan) use the road graph loaded once at start and the dispatch rules\n"
           "of --rules FILE (default: the built-in data/dispatch.conf); live closures from\n"
           "`pccc closure add` are picked up within 2 s.\n"
           "Behind nginx: --trusted-proxy 127.0.0.1 (repeatable, up to 16, CIDR blocks allowed).\n"
           "Only a trusted proxy's X-Forwarded-For names the client (for login throttling, the\n"
           "audit log and the logs); trusted proxies are exempt from the per-IP limits.\n"
           "--log-level debug|info|warn|error (debug: one access line per request).\n"
           "--tls-cert/--tls-key: serve HTTPS itself (PEM files, TLS 1.2 and 1.3 only; the key\n"
           "must not be readable by other users). Production normally runs nginx in front\n"
           "instead (deploy/nginx/pccc.conf).\n"
           "--config FILE: the same options, one `NAME VALUE` per line (NAME without --); the\n"
           "command line wins. SIGHUP reloads, without a restart, the log level, the rules file\n"
           "and the TLS certificate and key (re-read from FILE and the files it names); a bad\n"
           "file changes nothing. Other settings changed in FILE are logged as needing a restart.\n");
}

/* The dispatch rules from path, or the built-in ones; err says why not. */
static int rules_load(const char *path, eng_plan_rules *rules, char *err, size_t err_len)
{
    size_t len = 0;
    memset(rules, 0, sizeof *rules);
    if (!path)
        return eng_rules_default(rules) == PC_OK ? 0 : -1;
    char *text = cli_read_file(path, 1 << 20, &len);
    if (!text) {
        snprintf(err, err_len, "cannot read the rules file %s", path);
        return -1;
    }
    char why[256] = "";
    pc_rc rc = eng_rules_parse(text, len, rules, why, sizeof why);
    free(text);
    if (rc != PC_OK)
        snprintf(err, err_len, "%s: %s", path, why);
    return rc == PC_OK ? 0 : -1;
}

/* Checks the TLS files (before the possibly long graph load, and before a
 * reload); the server reads them itself. */
static int tls_check(const http_config *cfg, char *err, size_t err_len)
{
    char *cert = NULL, *key = NULL;
    if (!cfg->tls_cert_path && !cfg->tls_key_path)
        return 0;
    if (!cfg->tls_cert_path || !cfg->tls_key_path) {
        snprintf(err, err_len, "HTTPS needs both --tls-cert and --tls-key");
        return -1;
    }
    if (http_tls_load(cfg->tls_cert_path, cfg->tls_key_path, &cert, &key, err, err_len) != PC_OK)
        return -1;
    free(cert);
    http_tls_free_key(key);
    return 0;
}

/* Loads the road graph once; without roads the server runs without plans. */
static void serve_graph(geo_store *st, rt_graph **graph)
{
    char err[256];
    double t0 = pc_now_s();
    if (eng_graph_load(st, NULL, (int64_t)time(NULL), graph, err, sizeof err) != PC_OK) {
        pc_log(PC_LOG_WARN, "pccc serve: no road graph (%s): plans will answer 503", err);
        *graph = NULL;
        return;
    }
    pc_log(PC_LOG_INFO, "pccc serve: road graph %zu nodes, %zu edges, %zu closures in %.2f s",
           rt_graph_n_nodes(*graph), rt_graph_n_edges(*graph), rt_graph_n_closures(*graph), pc_now_s() - t0);
}

/* Lets the server hold max_connections sockets: raises the soft descriptor
 * limit to the hard one, and lowers max_connections (with a warning) when
 * even that leaves too few for the store files, logs and event loops. */
static void serve_fd_limit(http_config *cfg)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t old = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            rl.rlim_cur = old;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    rlim_t threads = cfg->threads ? cfg->threads : (rlim_t)(ncpu > 0 ? ncpu : 2);
    rlim_t reserve = 64 + 8 * threads; /* per worker: database, WAL, shm, epoll, ITC; plus logs, key, graph */
    if ((rlim_t)cfg->max_connections + reserve <= rl.rlim_cur)
        return;
    unsigned fit = rl.rlim_cur > reserve + 16 ? (unsigned)(rl.rlim_cur - reserve) : 16;
    pc_log(PC_LOG_WARN, "pccc serve: only %llu file descriptors (ulimit -n; systemd LimitNOFILE=): "
                        "--max-connections lowered from %u to %u", (unsigned long long)rl.rlim_cur,
           cfg->max_connections, fit);
    cfg->max_connections = fit;
}

typedef struct serve_state {
    const serve_arg *args;
    size_t n_args;
    const serve_opts *running; /* the options the server started with */
    eng_plan_rules rules;      /* the rules in force */
    http_server *srv;
    int base_level; /* the level without a --log-level (pccc --verbose/--quiet) */
} serve_state;

/* SIGHUP: everything is read and checked before anything changes. */
static void serve_reload(serve_state *st)
{
    serve_opts next;
    eng_plan_rules rules;
    char err[512] = "", restart[256];
    int tls_changed = 0;
    pc_log(PC_LOG_INFO, "pccc serve: SIGHUP: reloading");
    if (serve_opts_load(&next, st->running->config_path, st->args, st->n_args, err, sizeof err) != 0) {
        pc_log(PC_LOG_ERROR, "pccc serve: reload refused, nothing changed: %s", err);
        return;
    }
    if (rules_load(next.rules_path, &rules, err, sizeof err) != 0 || tls_check(&next.cfg, err, sizeof err) != 0) {
        pc_log(PC_LOG_ERROR, "pccc serve: reload refused, nothing changed: %s", err);
        goto cleanup;
    }
    serve_opts_restart_only(st->running, &next, restart, sizeof restart);
    if (next.cfg.tls_cert_path && st->running->cfg.tls_cert_path &&
        http_server_set_tls(st->srv, next.cfg.tls_cert_path, next.cfg.tls_key_path, &tls_changed, err,
                            sizeof err) != PC_OK) {
        pc_log(PC_LOG_ERROR, "pccc serve: reload refused, nothing changed: %s", err);
        goto cleanup;
    }
    int level = next.log_level >= 0 ? next.log_level : st->base_level;
    pc_log_set_level((pc_log_level)level);
    int rules_changed = memcmp(&rules, &st->rules, sizeof rules) != 0;
    if (rules_changed) {
        http_server_set_rules(st->srv, &rules);
        st->rules = rules;
    }
    pc_log(PC_LOG_INFO, "pccc serve: reloaded: log level %s, rules %s (%s, %zu rules), certificate %s",
           serve_log_level_name(level), rules_changed ? "changed" : "unchanged",
           next.rules_path ? next.rules_path : "built-in", rules.n_rules,
           !next.cfg.tls_cert_path ? "none" : tls_changed ? "changed" : "unchanged");
    if (restart[0])
        pc_log(PC_LOG_WARN, "pccc serve: changed but kept until a restart: %s", restart);
cleanup:
    serve_opts_free(&next);
}

/* Blocks the signals (worker threads inherit the mask) and waits for them. */
static void serve_loop(serve_state *st)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    int sig = 0;
    for (;;) {
        if (sigwait(&set, &sig) != 0)
            break;
        if (sig != SIGHUP)
            break;
        serve_reload(st);
    }
    pc_log(PC_LOG_INFO, "pccc serve: signal %d, stopping", sig);
}

static int serve_run(serve_opts *o, const serve_arg *args, size_t n_args, int base_level)
{
    char err[512] = "";
    geo_store *st = NULL;
    rt_graph *graph = NULL;
    serve_state state = {.running = o, .args = args, .n_args = n_args, .base_level = base_level};
    if (rules_load(o->rules_path, &state.rules, err, sizeof err) != 0 || tls_check(&o->cfg, err, sizeof err) != 0) {
        fprintf(stderr, "pccc serve: %s\n", err);
        return CLI_ERROR;
    }
    /* open once up front: migrate, fail fast on a bad path, load the graph */
    if (geo_store_open(o->cfg.db_path, 0, &st, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc serve: %s\n", err);
        return CLI_ERROR;
    }
    serve_graph(st, &graph);
    geo_store_close(st);
    o->cfg.graph = graph;
    o->cfg.rules = &state.rules;
    serve_fd_limit(&o->cfg);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* before any thread starts */
    signal(SIGPIPE, SIG_IGN);
    /* contraction hierarchies in the background (started after the mask: it
     * must not take the signals); plans use exact searches until then */
    eng_graph_speedup *speedup = NULL;
    if (graph && eng_graph_speedup_start(graph, &speedup) != PC_OK)
        pc_log(PC_LOG_WARN, "pccc serve: no thread for the route speed-up: exact searches only");
    if (http_server_start(&o->cfg, &state.srv, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc serve: %s\n", err);
        eng_graph_speedup_join(speedup);
        rt_graph_destroy(graph);
        return CLI_ERROR;
    }
    pc_log(PC_LOG_INFO, "pccc serve: listening on %s://%s:%u (db %s)", http_server_tls(state.srv) ? "https" : "http",
           o->cfg.bind_addr, http_server_port(state.srv), o->cfg.db_path);
    serve_loop(&state);
    http_server_stop(state.srv);
    eng_graph_speedup_join(speedup);
    rt_graph_destroy(graph); /* after the workers' plan contexts are gone */
    return CLI_OK;
}

int cmd_serve(int argc, char **argv)
{
    serve_arg *args = calloc((size_t)argc + 1, sizeof *args);
    const char *config_path = NULL;
    size_t n_args = 0;
    serve_opts opts;
    char err[512];
    int rc = CLI_USAGE;
    if (!args)
        return CLI_ERROR;
    int pr = serve_args_parse(argc, argv, args, &n_args, &config_path);
    if (pr != 0) {
        if (pr > 0)
            usage_serve();
        rc = pr > 0 ? CLI_OK : CLI_USAGE;
        goto cleanup;
    }
    if (serve_opts_load(&opts, config_path, args, n_args, err, sizeof err) != 0) {
        fprintf(stderr, "pccc serve: %s\n", err);
        goto cleanup;
    }
    int base_level = (int)pc_log_get_level();
    if (opts.log_level >= 0)
        pc_log_set_level((pc_log_level)opts.log_level);
    rc = serve_run(&opts, args, n_args, base_level);
    serve_opts_free(&opts);
cleanup:
    free(args);
    return rc;
}
