/* bench_geocode.c — geocoding latency on a database (demo city or import).
 *
 * usage: bench_geocode DB [N]
 * Takes N buildings with an address (evenly spread over the table), asks
 * for each one's address in the slash form "5/12/34 Street, P. Ward" and
 * for the building at its footprint centroid, and prints p50/p99 per kind
 * and how often the top candidate was the building asked for. Peer: Nominatim
 * answers a structured search in ~10-100 ms on a country-sized database; the
 * dispatch goal is a few ms so that the whole plan stays under 10 ms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo_geocode.h"
#include "geo_store_int.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *ms, int n, int hits)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_d);
    printf("%-8s n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms top1=%.1f%%\n", what, n, ms[n / 2], ms[(n * 99) / 100],
           ms[n - 1], 100.0 * hits / n);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_geocode DB [N]\n");
        return 2;
    }
    int want = argc > 2 ? atoi(argv[2]) : 1000;
    geo_store *s = NULL;
    geo_geocoder *g = NULL;
    char err[256];
    if (geo_store_open(argv[1], GEO_STORE_READONLY, &s, err, sizeof err) != PC_OK || geo_geocoder_create(s, &g)) {
        fprintf(stderr, "bench_geocode: %s\n", err);
        return 1;
    }
    pc_arena *a = pc_arena_create(0);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s->db,
                       "SELECT b.house_code,b.addr_number,coalesce(b.addr_ngach,''),coalesce(b.addr_ngo,''),"
                       "b.addr_street,coalesce(u.name,''),ST_X(ST_Centroid(b.footprint)),ST_Y(ST_Centroid(b.footprint))"
                       " FROM building b LEFT JOIN admin_unit u ON u.id=b.admin_unit_id"
                       " WHERE b.addr_number IS NOT NULL AND b.addr_street IS NOT NULL"
                       " AND b.id % (1+(SELECT count(*) FROM building)/?1)=0 LIMIT ?1",
                       -1, &st, NULL);
    sqlite3_bind_int(st, 1, want);
    double *t_addr = calloc((size_t)want, sizeof(double)), *t_rev = calloc((size_t)want, sizeof(double));
    int n = 0, hit_addr = 0, hit_rev = 0;
    geo_gc_result *r = NULL;
    geo_geocoder_refresh(g);
    while (n < want && sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        char text[400], codebuf[GEO_HOUSECODE_LEN + 1];
        snprintf(codebuf, sizeof codebuf, "%s", code);
        const char *num = (const char *)sqlite3_column_text(st, 1), *ngach = (const char *)sqlite3_column_text(st, 2);
        const char *ngo = (const char *)sqlite3_column_text(st, 3), *street = (const char *)sqlite3_column_text(st, 4);
        const char *ward = (const char *)sqlite3_column_text(st, 5);
        if (*ngach)
            snprintf(text, sizeof text, "%s/%s/%s %s, P. %s", num, ngach, ngo, street, ward);
        else if (*ngo)
            snprintf(text, sizeof text, "%s/%s %s, P. %s", num, ngo, street, ward);
        else
            snprintf(text, sizeof text, "%s %s, P. %s", num, street, ward);
        geo_lonlat c = {sqlite3_column_double(st, 6), sqlite3_column_double(st, 7)};
        pc_arena_reset(a);
        double t0 = now_ms();
        pc_rc rc = geo_geocode_text(g, text, 5, a, &r);
        t_addr[n] = now_ms() - t0;
        int ok = rc == PC_OK && r->n_cands && strcmp(r->cands[0].house_code, codebuf) == 0;
        if (!ok && n - hit_addr < 5) /* the first misses, to look at */
            fprintf(stderr, "miss: \"%s\" -> %s (%.3f)\n", text, rc == PC_OK && r->n_cands ? r->cands[0].address : "-",
                    rc == PC_OK && r->n_cands ? r->cands[0].confidence : 0.0);
        hit_addr += ok;
        pc_arena_reset(a);
        t0 = now_ms();
        rc = geo_geocode_reverse(g, c, 5, a, &r);
        t_rev[n] = now_ms() - t0;
        hit_rev += rc == PC_OK && r->n_cands && strcmp(r->cands[0].house_code, codebuf) == 0;
        n++;
    }
    sqlite3_finalize(st);
    if (n > 0) {
        report("address", t_addr, n, hit_addr);
        report("reverse", t_rev, n, hit_rev);
    }
    free(t_addr);
    free(t_rev);
    pc_arena_destroy(a);
    geo_geocoder_destroy(g);
    geo_store_close(s);
    return 0;
}
