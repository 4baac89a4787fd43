/* cmd_serve.c — `pccc serve`: run the HTTP server until SIGINT/SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "geo_store.h"
#include "graph.h"
#include "http_server.h"
#include "pc_log.h"
#include "pc_progress.h"

void usage_serve(void)
{
    printf("usage: pccc serve [--db FILE] [--port N] [--bind ADDR] [--threads N]\n"
           "                  [--max-connections N] [--max-per-ip N] [--timeout S]\n"
           "                  [--deadline S] [--max-body BYTES] [--page-max N] [--key-file FILE]\n"
           "                  [--session-idle S] [--session-max S] [--web-root DIR]\n"
           "                  [--rules FILE]\n\n"
           "Serves the dispatch API (/api/v1/...) and /healthz. Defaults: --db $PCCC_DB or\n"
           "pccc.sqlite, --port 8114, --bind 127.0.0.1, one worker thread per core.\n"
           "Stops cleanly on SIGINT or SIGTERM (requests in flight finish).\n"
           "Limits (defaults): --max-connections 1024, --max-per-ip 64, --timeout 15 (idle s),\n"
           "--deadline 10 (s per request), --max-body 1048576, --page-max 200, JSON depth 16.\n"
           "Sessions end after --session-idle 1800 s idle or --session-max 43200 s. --key-file is\n"
           "the personal-data key ($PCCC_KEY_FILE or DB.key, created 0600 when missing).\n"
           "Accounts come from `pccc user add`; there is no default account.\n"
           "The web console is served at / from --web-root ($PCCC_WEB_ROOT, default the source\n"
           "tree's web/), Leaflet from Debian's libjs-leaflet.\n"
           "Plans (/api/v1/plan) use the road graph loaded once at start and the dispatch rules\n"
           "of --rules FILE (default: the built-in data/dispatch.conf); live closures from\n"
           "`pccc closure add` are picked up within 2 s.\n");
}

/* The dispatch rules from path, or the built-in ones. */
static int serve_rules(const char *path, eng_plan_rules *rules)
{
    char err[256];
    size_t len = 0;
    if (!path)
        return eng_rules_default(rules) == PC_OK ? 0 : -1;
    char *text = cli_read_file(path, 1 << 20, &len);
    if (!text) {
        fprintf(stderr, "pccc serve: cannot read %s\n", path);
        return -1;
    }
    pc_rc rc = eng_rules_parse(text, len, rules, err, sizeof err);
    free(text);
    if (rc != PC_OK)
        fprintf(stderr, "pccc serve: %s: %s\n", path, err);
    return rc == PC_OK ? 0 : -1;
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

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},          {"port", required_argument, 0, 'p'},
        {"bind", required_argument, 0, 'b'},        {"threads", required_argument, 0, 't'},
        {"max-connections", required_argument, 0, 'c'}, {"max-per-ip", required_argument, 0, 'i'},
        {"timeout", required_argument, 0, 'o'},     {"deadline", required_argument, 0, 'D'},
        {"max-body", required_argument, 0, 'B'},    {"page-max", required_argument, 0, 'P'},
        {"key-file", required_argument, 0, 'k'},    {"session-idle", required_argument, 0, 'I'},
        {"session-max", required_argument, 0, 'M'}, {"web-root", required_argument, 0, 'W'},
        {"rules", required_argument, 0, 'R'},
        {0, 0, 0, 0}};
    http_config cfg;
    http_config_defaults(&cfg);
    cfg.db_path = cli_default_db();
    unsigned long long v;
    const char *rules_path = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cfg.db_path = optarg; break;
        case 'b': cfg.bind_addr = optarg; break;
        case 'p':
            if (cli_parse_uint(optarg, 0, 65535, &v)) goto bad;
            cfg.port = (unsigned)v;
            break;
        case 't':
            if (cli_parse_uint(optarg, 1, 256, &v)) goto bad;
            cfg.threads = (unsigned)v;
            break;
        case 'c':
            if (cli_parse_uint(optarg, 1, 100000, &v)) goto bad;
            cfg.max_connections = (unsigned)v;
            break;
        case 'i':
            if (cli_parse_uint(optarg, 1, 100000, &v)) goto bad;
            cfg.max_per_ip = (unsigned)v;
            break;
        case 'o':
            if (cli_parse_uint(optarg, 1, 3600, &v)) goto bad;
            cfg.timeout_s = (unsigned)v;
            break;
        case 'D':
            if (cli_parse_uint(optarg, 1, 600, &v)) goto bad;
            cfg.deadline_s = (unsigned)v;
            break;
        case 'B':
            if (cli_parse_uint(optarg, 1024, 64 << 20, &v)) goto bad;
            cfg.max_body = (size_t)v;
            break;
        case 'P':
            if (cli_parse_uint(optarg, 1, 10000, &v)) goto bad;
            cfg.page_max = (unsigned)v;
            if (cfg.page_default > cfg.page_max) cfg.page_default = cfg.page_max;
            break;
        case 'k': cfg.key_path = optarg; break;
        case 'W': cfg.web_root = optarg; break;
        case 'R': rules_path = optarg; break;
        case 'I':
            if (cli_parse_uint(optarg, 10, 86400, &v)) goto bad;
            cfg.auth.session_idle_s = (unsigned)v;
            break;
        case 'M':
            if (cli_parse_uint(optarg, 60, 7 * 86400, &v)) goto bad;
            cfg.auth.session_absolute_s = (unsigned)v;
            break;
        default: usage_serve(); return CLI_USAGE;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "pccc serve: unexpected argument %s\n", argv[optind]);
        return CLI_USAGE;
    }
    /* open once up front: migrate, fail fast on a bad path, load the graph */
    char err[256];
    geo_store *st = NULL;
    rt_graph *graph = NULL;
    eng_plan_rules rules;
    if (serve_rules(rules_path, &rules) != 0)
        return CLI_ERROR;
    if (geo_store_open(cfg.db_path, 0, &st, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc serve: %s\n", err);
        return CLI_ERROR;
    }
    serve_graph(st, &graph);
    geo_store_close(st);
    cfg.graph = graph;
    cfg.rules = &rules;

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* worker threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);
    /* contraction hierarchies in the background (started after the mask: it
     * must not take the signals); plans use exact searches until then */
    eng_graph_speedup *speedup = NULL;
    if (graph && eng_graph_speedup_start(graph, &speedup) != PC_OK)
        pc_log(PC_LOG_WARN, "pccc serve: no thread for the route speed-up: exact searches only");

    http_server *srv = NULL;
    if (http_server_start(&cfg, &srv, err, sizeof err) != PC_OK) {
        fprintf(stderr, "pccc serve: %s\n", err);
        eng_graph_speedup_join(speedup);
        rt_graph_destroy(graph);
        return CLI_ERROR;
    }
    pc_log(PC_LOG_INFO, "pccc serve: listening on http://%s:%u (db %s)", cfg.bind_addr, http_server_port(srv),
           cfg.db_path);
    int sig = 0;
    for (;;) {
        if (sigwait(&set, &sig) != 0)
            break;
        if (sig == SIGHUP) {
            pc_log(PC_LOG_INFO, "pccc serve: SIGHUP (nothing to reload yet)");
            continue;
        }
        break;
    }
    pc_log(PC_LOG_INFO, "pccc serve: signal %d, stopping", sig);
    http_server_stop(srv);
    eng_graph_speedup_join(speedup);
    rt_graph_destroy(graph); /* after the workers' plan contexts are gone */
    return CLI_OK;
bad:
    fprintf(stderr, "pccc serve: bad value '%s' for an option\n", optarg);
    return CLI_USAGE;
}
