/* http_metrics.c — request counters and latency histograms per route, in
 * the Prometheus text exposition format (version 0.0.4).
 *
 * Lock-free: every counter is an atomic incremented by the worker that
 * finished the request; /metrics reads them without stopping anyone, so a
 * scrape may see one request counted in the total but not yet in a bucket. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"

static const double BUCKETS_S[] = {0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define N_BUCKETS (sizeof BUCKETS_S / sizeof BUCKETS_S[0])
#define N_CLASSES 6 /* 1xx..5xx, then "closed" (no reply sent) */

typedef struct route_stats {
    atomic_uint_fast64_t by_class[N_CLASSES];
    atomic_uint_fast64_t bucket[N_BUCKETS + 1]; /* not cumulative; last is +Inf */
    atomic_uint_fast64_t sum_us;
} route_stats;

struct http_metrics {
    size_t n_routes;
    atomic_int connections;
    time_t started;
    route_stats routes[]; /* n_routes + 1: the last counts unmatched requests */
};

http_metrics *http_metrics_create(size_t n_routes)
{
    http_metrics *m = calloc(1, sizeof *m + (n_routes + 1) * sizeof(route_stats));
    if (!m)
        return NULL;
    m->n_routes = n_routes;
    m->started = time(NULL);
    return m;
}

void http_metrics_destroy(http_metrics *m) { free(m); }

void http_metrics_conn(http_metrics *m, int delta) { atomic_fetch_add(&m->connections, delta); }

void http_metrics_observe(http_metrics *m, size_t route_index, unsigned status, double seconds)
{
    if (route_index > m->n_routes)
        route_index = m->n_routes;
    route_stats *r = &m->routes[route_index];
    unsigned cls = status >= 100 && status < 600 && status != 499 ? status / 100 - 1 : N_CLASSES - 1;
    atomic_fetch_add(&r->by_class[cls], 1);
    size_t b = 0;
    while (b < N_BUCKETS && seconds > BUCKETS_S[b])
        b++;
    atomic_fetch_add(&r->bucket[b], 1);
    atomic_fetch_add(&r->sum_us, (uint_fast64_t)(seconds * 1e6));
}

static void route_labels(http_metrics *m, size_t i, char *buf, size_t len)
{
    if (i < m->n_routes)
        snprintf(buf, len, "method=\"%s\",route=\"%s\"", http_routes[i].method, http_routes[i].path);
    else
        snprintf(buf, len, "method=\"\",route=\"unmatched\"");
}

static void render_requests(http_metrics *m, pc_buf *b)
{
    static const char *const cls[N_CLASSES] = {"1xx", "2xx", "3xx", "4xx", "5xx", "closed"};
    char lab[160];
    pc_buf_puts(b, "# HELP pccc_http_requests_total HTTP requests by route and status class.\n"
                   "# TYPE pccc_http_requests_total counter\n");
    for (size_t i = 0; i <= m->n_routes; i++) {
        route_labels(m, i, lab, sizeof lab);
        for (size_t c = 0; c < N_CLASSES; c++) {
            uint64_t v = atomic_load(&m->routes[i].by_class[c]);
            if (v)
                pc_buf_printf(b, "pccc_http_requests_total{%s,code=\"%s\"} %llu\n", lab, cls[c],
                              (unsigned long long)v);
        }
    }
}

static void render_latency(http_metrics *m, pc_buf *b)
{
    char lab[160];
    pc_buf_puts(b, "# HELP pccc_http_request_duration_seconds Time from request headers to completion.\n"
                   "# TYPE pccc_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= m->n_routes; i++) {
        route_labels(m, i, lab, sizeof lab);
        uint64_t cum = 0;
        for (size_t k = 0; k <= N_BUCKETS; k++) {
            cum += atomic_load(&m->routes[i].bucket[k]);
            if (k < N_BUCKETS)
                pc_buf_printf(b, "pccc_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n", lab, BUCKETS_S[k],
                              (unsigned long long)cum);
            else
                pc_buf_printf(b, "pccc_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n", lab,
                              (unsigned long long)cum);
        }
        pc_buf_printf(b, "pccc_http_request_duration_seconds_sum{%s} %.6f\n", lab,
                      (double)atomic_load(&m->routes[i].sum_us) / 1e6);
        pc_buf_printf(b, "pccc_http_request_duration_seconds_count{%s} %llu\n", lab, (unsigned long long)cum);
    }
}

void http_metrics_render(http_metrics *m, eng_auth *auth, pc_buf *b)
{
    render_requests(m, b);
    render_latency(m, b);
    uint64_t plans = 0;
    for (size_t i = 0; i < m->n_routes; i++)
        if (strncmp(http_routes[i].path, "/api/v1/plan", 12) == 0)
            plans += atomic_load(&m->routes[i].by_class[1]);
    pc_buf_printf(b,
                  "# HELP pccc_plans_total Response plans served (2xx replies of /api/v1/plan*).\n"
                  "# TYPE pccc_plans_total counter\npccc_plans_total %llu\n",
                  (unsigned long long)plans);
    pc_buf_printf(b,
                  "# HELP pccc_http_connections Open client connections.\n"
                  "# TYPE pccc_http_connections gauge\npccc_http_connections %d\n",
                  atomic_load(&m->connections));
    eng_auth_stats st;
    eng_auth_stats_get(auth, &st);
    pc_buf_printf(b,
                  "# HELP pccc_logins_total Login attempts by outcome.\n# TYPE pccc_logins_total counter\n"
                  "pccc_logins_total{result=\"ok\"} %llu\npccc_logins_total{result=\"failed\"} %llu\n"
                  "pccc_logins_total{result=\"throttled\"} %llu\npccc_logins_total{result=\"busy\"} %llu\n",
                  (unsigned long long)st.login_ok, (unsigned long long)st.login_failed,
                  (unsigned long long)st.login_throttled, (unsigned long long)st.login_busy);
    pc_buf_printf(b,
                  "# HELP pccc_start_time_seconds Unix time the server started.\n"
                  "# TYPE pccc_start_time_seconds gauge\npccc_start_time_seconds %lld\n",
                  (long long)m->started);
}
