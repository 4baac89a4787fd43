/* coverage_run.c — one coverage run: sources from the store and the
 * scenario, the drive search, the walks, the per-building classes, sums per
 * admin unit and the alleys (see coverage.h for the method). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_int.h"
#include "geo_query.h"
#include "geo_road.h"
#include "pc_arena.h"
#include "pc_progress.h"
#include "rt_search.h"

#define COV_STATION_SNAP_M 300.0 /* as the plan snaps stations */
#define COV_POI_SNAP_M 60.0      /* hydrants and draft points to the walkable network */
#define COV_MAX_ALLEYS 100

typedef struct cov_onedge {
    int32_t edge;
    float frac, extra; /* extra: the snap metres (water points) */
} cov_onedge;

static int onedge_cmp(const void *x, const void *y)
{
    const cov_onedge *a = x, *b = y;
    return (a->edge > b->edge) - (a->edge < b->edge);
}

/* The first entry on edge e, or n. */
static size_t onedge_find(const cov_onedge *v, size_t n, int32_t e)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].edge < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Walking metres from points on edge e to fraction f of it (INFINITY: none). */
static double onedge_walk(const cov_onedge *v, size_t n, int32_t e, double f, double len)
{
    double best = INFINITY;
    for (size_t k = onedge_find(v, n, e); k < n && v[k].edge == e; k++)
        best = fmin(best, fabs(f - v[k].frac) * len + v[k].extra);
    return best;
}

/* Per-run scratch over the nodes. */
typedef struct cov_scratch {
    double *drive_s;
    float *hose_m, *hyd_m, *draft_m;
    int32_t *hose_src, *mouth;
    rt_snap *sites;
    size_t n_sites;
    /* points on edges, sorted by edge: drive sources, hydrants, draft points;
     * a building on the same edge as one is measured along the edge too */
    cov_onedge *on_site, *on_hyd, *on_draft;
    size_t n_on_site, n_on_hyd, n_on_draft;
} cov_scratch;

static void scratch_free(cov_scratch *x)
{
    free(x->drive_s), free(x->hose_m), free(x->hyd_m), free(x->draft_m);
    free(x->hose_src), free(x->mouth), free(x->sites);
    free(x->on_site), free(x->on_hyd), free(x->on_draft);
}

static pc_rc fill_opts(const eng_cov_ctx *c, const eng_cov_opts *o, eng_cov_result *r, int *vp, char *err,
                       size_t err_len)
{
    eng_cov_opts d = {0};
    r->opts = o ? *o : d;
    snprintf(r->vehicle, sizeof r->vehicle, "%s", r->opts.vehicle ? r->opts.vehicle : "engine");
    r->opts.vehicle = r->vehicle;
    if (r->opts.t1_s <= 0)
        r->opts.t1_s = 240;
    if (r->opts.t2_s <= 0)
        r->opts.t2_s = 480;
    if (r->opts.hose_reach_m <= 0)
        r->opts.hose_reach_m = 120;
    if (r->opts.draft_near_m <= 0)
        r->opts.draft_near_m = 200;
    *vp = rt_profiles_find(rt_graph_profiles(c->g), r->vehicle);
    if (*vp < 0 || *vp == c->foot) {
        snprintf(err, err_len, "unknown vehicle kind \"%s\"", r->vehicle);
        return PC_EINVAL;
    }
    if (!(r->opts.t1_s <= r->opts.t2_s) || r->opts.t2_s > 7200 || r->opts.hose_reach_m > COV_WALK_MAX_M ||
        r->opts.draft_near_m > 5000) {
        snprintf(err, err_len, "thresholds must satisfy 0 < t1 <= t2 <= 7200 s, hose reach <= %g m, draft <= 5000 m",
                 COV_WALK_MAX_M);
        return PC_EINVAL;
    }
    return PC_OK;
}

static int id_in(int64_t id, const int64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == id)
            return 1;
    return 0;
}

/* Does station id have (or get, in the scenario) a unit of kind? */
static int station_has(int64_t id, const char *kind, const geo_cov_station_kind *sk, size_t n_sk, int avail_only,
                       const eng_cov_scenario *sc)
{
    for (size_t i = 0; i < n_sk; i++)
        if (sk[i].station_id == id && strcmp(sk[i].kind, kind) == 0 && (avail_only ? sk[i].n_available : sk[i].n_units) > 0)
            return 1;
    for (size_t i = 0; sc && i < sc->n_add_units; i++)
        if (sc->add_units[i].station_id == id && sc->add_units[i].kind && strcmp(sc->add_units[i].kind, kind) == 0)
            return 1;
    return 0;
}

/* The stations with the vehicle kind, snapped for vp; scenario applied. */
static pc_rc gather_sources(const eng_cov_ctx *c, geo_store *s, int vp, const eng_cov_result *r,
                            const eng_cov_scenario *sc, cov_scratch *x, char *err, size_t err_len)
{
    geo_road_station *st = NULL;
    geo_cov_station_kind *sk = NULL;
    size_t n_st = 0, n_sk = 0;
    pc_rc rc = geo_road_stations(s, &st, &n_st);
    if (rc == PC_OK)
        rc = geo_cov_station_kinds(s, &sk, &n_sk);
    /* every id the scenario names must exist */
    for (size_t i = 0; rc == PC_OK && sc && i < sc->n_remove_stations + sc->n_add_units; i++) {
        int64_t id = i < sc->n_remove_stations ? sc->remove_stations[i] : sc->add_units[i - sc->n_remove_stations].station_id;
        size_t k = 0;
        while (k < n_st && st[k].id != id)
            k++;
        if (k == n_st) {
            snprintf(err, err_len, "scenario: no station with id %lld", (long long)id);
            rc = PC_EINVAL;
        }
    }
    size_t n_new = sc ? sc->n_add_stations : 0;
    x->sites = rc == PC_OK ? calloc(n_st + n_new + 1, sizeof *x->sites) : NULL;
    if (rc == PC_OK && !x->sites)
        rc = PC_ENOMEM;
    for (size_t i = 0; rc == PC_OK && i < n_st; i++) {
        if ((sc && id_in(st[i].id, sc->remove_stations, sc->n_remove_stations)) ||
            !station_has(st[i].id, r->vehicle, sk, n_sk, r->opts.available_only, sc))
            continue;
        if (rt_graph_snap(c->g, vp, st[i].pos, COV_STATION_SNAP_M, 0, &x->sites[x->n_sites]) == PC_OK)
            x->n_sites++;
    }
    for (size_t i = 0; rc == PC_OK && i < n_new; i++) {
        const eng_cov_new_station *ns = &sc->add_stations[i];
        int has = 0;
        for (size_t k = 0; k < ns->n_kinds; k++)
            has |= ns->kinds[k] && strcmp(ns->kinds[k], r->vehicle) == 0;
        if (!has)
            continue;
        if (!geo_lonlat_valid(ns->pos) ||
            rt_graph_snap(c->g, vp, ns->pos, COV_STATION_SNAP_M, 0, &x->sites[x->n_sites]) != PC_OK) {
            snprintf(err, err_len, "scenario: new station %zu is not within %g m of a road a %s can use", i + 1,
                     COV_STATION_SNAP_M, r->vehicle);
            rc = PC_EINVAL;
            break;
        }
        x->n_sites++;
    }
    free(st);
    free(sk);
    return rc;
}

/* Seeds at both ends of the walkable edge nearest each point (snap metres included). */
static pc_rc point_seeds(const eng_cov_ctx *c, const geo_cov_point *p, size_t n, const geo_lonlat *extra,
                         size_t n_extra, const int64_t *skip, size_t n_skip, cov_seed **out, size_t *n_out,
                         cov_onedge **on, size_t *n_on)
{
    *n_out = 0, *n_on = 0;
    *out = malloc((2 * (n + n_extra) + 1) * sizeof **out);
    *on = malloc((n + n_extra + 1) * sizeof **on);
    if (!*out || !*on)
        return PC_ENOMEM;
    for (size_t i = 0; i < n + n_extra; i++) {
        if (i < n && id_in(p[i].id, skip, n_skip))
            continue;
        geo_lonlat pos = i < n ? p[i].pos : extra[i - n];
        rt_snap sn;
        if (!geo_lonlat_valid(pos) || rt_graph_snap(c->g, c->foot, pos, COV_POI_SNAP_M, 0, &sn) != PC_OK)
            continue;
        int32_t a, b;
        rt_graph_edge_nodes(c->g, sn.edge, &a, &b);
        double len = rt_graph_edge_length_m(c->g, sn.edge);
        (*out)[(*n_out)++] = (cov_seed){a, (float)(sn.snap_dist_m + sn.frac * len)};
        (*out)[(*n_out)++] = (cov_seed){b, (float)(sn.snap_dist_m + (1 - sn.frac) * len)};
        (*on)[(*n_on)++] = (cov_onedge){sn.edge, (float)sn.frac, (float)sn.snap_dist_m};
    }
    qsort(*on, *n_on, sizeof **on, onedge_cmp);
    return PC_OK;
}

/* The water walks: working hydrants and draft points. */
static pc_rc water_walks(const eng_cov_ctx *c, geo_store *s, const eng_cov_result *r, const eng_cov_scenario *sc,
                         cov_scratch *x)
{
    geo_cov_point *h = NULL, *d = NULL;
    size_t n_h = 0, n_d = 0, n_seeds = 0;
    cov_seed *seeds = NULL;
    pc_rc rc = geo_cov_hydrants(s, &h, &n_h);
    if (rc == PC_OK)
        rc = geo_cov_draft_points(s, &d, &n_d);
    if (rc == PC_OK)
        rc = point_seeds(c, h, n_h, sc ? sc->add_hydrants : NULL, sc ? sc->n_add_hydrants : 0,
                         sc ? sc->remove_hydrants : NULL, sc ? sc->n_remove_hydrants : 0, &seeds, &n_seeds,
                         &x->on_hyd, &x->n_on_hyd);
    if (rc == PC_OK)
        rc = cov_walk(c, seeds, n_seeds, r->opts.hose_reach_m, x->hyd_m, NULL, NULL);
    free(seeds);
    seeds = NULL;
    if (rc == PC_OK)
        rc = point_seeds(c, d, n_d, sc ? sc->add_draft_points : NULL, sc ? sc->n_add_draft_points : 0, NULL, 0,
                         &seeds, &n_seeds, &x->on_draft, &x->n_on_draft);
    if (rc == PC_OK)
        rc = cov_walk(c, seeds, n_seeds, r->opts.draft_near_m, x->draft_m, NULL, NULL);
    free(seeds);
    free(h);
    free(d);
    return rc;
}

/* Drive search, then the hose walk from every node the vehicle reaches. */
static pc_rc drive_and_hose(const eng_cov_ctx *c, int vp, cov_scratch *x)
{
    rt_query *q = NULL;
    cov_seed *seeds = NULL;
    pc_rc rc = rt_query_create(c->g, &q);
    if (rc == PC_OK)
        rc = rt_multi_source(q, vp, x->sites, x->n_sites, 0, 0, x->drive_s, NULL);
    rt_query_destroy(q);
    x->on_site = rc == PC_OK ? malloc((x->n_sites + 1) * sizeof *x->on_site) : NULL;
    if (rc == PC_OK && !x->on_site)
        rc = PC_ENOMEM;
    for (size_t i = 0; rc == PC_OK && i < x->n_sites; i++)
        x->on_site[x->n_on_site++] = (cov_onedge){x->sites[i].edge, (float)x->sites[i].frac, 0};
    if (rc == PC_OK)
        qsort(x->on_site, x->n_on_site, sizeof *x->on_site, onedge_cmp);
    size_t n = 0;
    seeds = rc == PC_OK ? malloc((c->n_nodes + 1) * sizeof *seeds) : NULL;
    if (rc == PC_OK && !seeds)
        rc = PC_ENOMEM;
    for (size_t v = 0; rc == PC_OK && v < c->n_nodes; v++)
        if (isfinite(x->drive_s[v]))
            seeds[n++] = (cov_seed){(int32_t)v, 0};
    if (rc == PC_OK)
        rc = cov_walk(c, seeds, n, COV_WALK_MAX_M, x->hose_m, x->hose_src, x->mouth);
    free(seeds);
    return rc;
}

/* Labels along edge e at fraction f: the better of its two ends. */
static double along(const float *lab, int32_t a, int32_t b, double f, double len)
{
    return fmin(lab[a] + f * len, lab[b] + (1 - f) * len);
}

static void classify_one(const eng_cov_ctx *c, int vp, const cov_scratch *x, const eng_cov_opts *o, size_t i,
                         eng_cov_bldg *out)
{
    out->drive_s = INFINITY, out->hose_m = INFINITY, out->mouth = -1, out->no_water = 1;
    out->cls = ENG_COV_UNREACHABLE;
    int32_t e = c->b_edge[i];
    if (e < 0)
        return;
    int32_t a, b;
    rt_graph_edge_nodes(c->g, e, &a, &b);
    double f = c->b_frac[i], len = rt_graph_edge_length_m(c->g, e), hyd = INFINITY, draft = INFINITY;
    double cf = rt_graph_edge_cost_s(c->g, vp, e, 0), cr = rt_graph_edge_cost_s(c->g, vp, e, 1);
    double t = fmin(isfinite(cf) ? x->drive_s[a] + f * cf : INFINITY, isfinite(cr) ? x->drive_s[b] + (1 - f) * cr : INFINITY);
    /* a station on the entrance's own edge drives straight along it */
    for (size_t k = onedge_find(x->on_site, x->n_on_site, e); k < x->n_on_site && x->on_site[k].edge == e; k++) {
        double fs = x->on_site[k].frac;
        if (fs <= f && isfinite(cf))
            t = fmin(t, (f - fs) * cf);
        if (fs >= f && isfinite(cr))
            t = fmin(t, (fs - f) * cr);
    }
    if (isfinite(t)) { /* the vehicle drives the entrance's own road */
        out->drive_s = (float)t;
        out->hose_m = c->b_snap_m[i];
        hyd = fmin(along(x->hyd_m, a, b, f, len), onedge_walk(x->on_hyd, x->n_on_hyd, e, f, len));
        draft = fmin(along(x->draft_m, a, b, f, len), onedge_walk(x->on_draft, x->n_on_draft, e, f, len));
    } else {
        double da = x->hose_m[a] + f * len, db = x->hose_m[b] + (1 - f) * len;
        int32_t end = da <= db ? a : b;
        double w = fmin(da, db);
        if (w <= COV_WALK_MAX_M) {
            int32_t st = x->hose_src[end];
            out->drive_s = (float)x->drive_s[st];
            out->hose_m = (float)(w + c->b_snap_m[i]);
            out->mouth = x->mouth[end] >= 0 ? x->mouth[end] : e;
            hyd = x->hyd_m[st], draft = x->draft_m[st];
        } else {
            hyd = fmin(along(x->hyd_m, a, b, f, len), onedge_walk(x->on_hyd, x->n_on_hyd, e, f, len));
            draft = fmin(along(x->draft_m, a, b, f, len), onedge_walk(x->on_draft, x->n_on_draft, e, f, len));
        }
    }
    out->no_water = !(hyd <= o->hose_reach_m) && !(draft <= o->draft_near_m);
    if (isfinite(out->drive_s))
        out->cls = out->drive_s <= o->t1_s ? ENG_COV_T1 : out->drive_s <= o->t2_s ? ENG_COV_T2 : ENG_COV_BEYOND;
}

static void sum_add(eng_cov_sum *s, const eng_cov_bldg *b, int64_t occ, double hose_reach_m)
{
    s->n[b->cls]++, s->occ[b->cls] += occ;
    s->n_buildings++, s->occupants += occ;
    if (!(b->hose_m <= hose_reach_m))
        s->n_hose_beyond++, s->occ_hose_beyond += occ;
    if (b->no_water)
        s->n_no_water++, s->occ_no_water += occ;
}

static void sum_merge(eng_cov_sum *d, const eng_cov_sum *s)
{
    for (int k = 0; k < ENG_COV_N_CLASSES; k++)
        d->n[k] += s->n[k], d->occ[k] += s->occ[k];
    d->n_hose_beyond += s->n_hose_beyond, d->occ_hose_beyond += s->occ_hose_beyond;
    d->n_no_water += s->n_no_water, d->occ_no_water += s->occ_no_water;
    d->n_buildings += s->n_buildings, d->occupants += s->occupants;
}

/* Sums per unit: own buildings, then rolled up, deepest units first. */
static pc_rc unit_sums(const eng_cov_ctx *c, eng_cov_result *r)
{
    r->units = calloc(c->n_adm + 1, sizeof *r->units);
    int *depth = calloc(c->n_adm + 1, sizeof *depth);
    size_t *order = malloc((c->n_adm + 1) * sizeof *order);
    if (!r->units || !depth || !order) {
        free(depth), free(order);
        return PC_ENOMEM;
    }
    r->n_units = c->n_adm;
    int max_depth = 0;
    for (size_t u = 0; u < c->n_adm; u++) {
        r->units[u] = (eng_cov_unit){.id = c->adm[u].id, .parent_id = c->adm[u].parent_id,
                                     .parent_ix = c->adm_parent[u], .level = c->adm[u].level,
                                     .code = c->adm[u].code, .name = c->adm[u].name};
        for (long p = c->adm_parent[u]; p >= 0 && depth[u] <= (int)c->n_adm; p = c->adm_parent[p])
            depth[u]++;
        if (depth[u] > max_depth)
            max_depth = depth[u];
    }
    for (size_t i = 0; i < c->n_bld; i++) {
        sum_add(&r->city, &r->b[i], c->bld[i].occupants, r->opts.hose_reach_m);
        if (c->b_unit[i] >= 0)
            sum_add(&r->units[c->b_unit[i]].sum, &r->b[i], c->bld[i].occupants, r->opts.hose_reach_m);
    }
    size_t k = 0;
    for (int d = max_depth; d >= 0; d--)
        for (size_t u = 0; u < c->n_adm; u++)
            if (depth[u] == d)
                order[k++] = u;
    for (size_t j = 0; j < k; j++) {
        long p = c->adm_parent[order[j]];
        if (p >= 0 && depth[order[j]] <= (int)c->n_adm)
            sum_merge(&r->units[p].sum, &r->units[order[j]].sum);
    }
    free(depth);
    free(order);
    return PC_OK;
}

static int alley_cmp(const void *x, const void *y)
{
    const eng_cov_alley *a = x, *b = y;
    if (a->occupants != b->occupants)
        return a->occupants > b->occupants ? -1 : 1;
    if (a->n_buildings != b->n_buildings)
        return a->n_buildings > b->n_buildings ? -1 : 1;
    return (a->edge_id > b->edge_id) - (a->edge_id < b->edge_id);
}

/* Alleys by occupants behind them; widths from the store for the listed ones. */
static pc_rc alleys(const eng_cov_ctx *c, geo_store *s, int vp, const cov_scratch *x, eng_cov_result *r)
{
    int64_t *cnt = calloc(c->n_edges + 1, 2 * sizeof *cnt);
    if (!cnt)
        return PC_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < c->n_bld; i++)
        if (r->b[i].mouth >= 0) {
            n += cnt[2 * r->b[i].mouth] == 0;
            cnt[2 * r->b[i].mouth]++, cnt[2 * r->b[i].mouth + 1] += c->bld[i].occupants;
        }
    eng_cov_alley *v = calloc(n + 1, sizeof *v);
    pc_arena *a = pc_arena_create(0);
    pc_rc rc = v && a ? PC_OK : PC_ENOMEM;
    size_t k = 0;
    for (size_t e = 0; rc == PC_OK && e < c->n_edges; e++)
        if (cnt[2 * e])
            v[k++] = (eng_cov_alley){.edge_id = rt_graph_edge_id(c->g, (int32_t)e), .n_buildings = cnt[2 * e],
                                     .occupants = cnt[2 * e + 1], .width_m = -1};
    if (rc == PC_OK)
        qsort(v, k, sizeof *v, alley_cmp);
    if (k > COV_MAX_ALLEYS)
        k = COV_MAX_ALLEYS;
    double min_w = rt_profile_min_width_m(&rt_graph_profiles(c->g)->p[vp]);
    for (size_t j = 0; rc == PC_OK && j < k; j++) {
        int32_t e = rt_graph_edge_index(c->g, v[j].edge_id), na, nb;
        rt_graph_edge_nodes(c->g, e, &na, &nb);
        v[j].name = rt_graph_edge_name(c->g, e);
        v[j].mouth = rt_graph_node_pos(c->g, isfinite(x->drive_s[na]) ? na : nb);
        geo_edge_info info;
        if (geo_road_edge_get(s, v[j].edge_id, a, &info) == PC_OK) {
            v[j].width_m = info.width_m;
            v[j].narrower = info.width_m < min_w;
        }
    }
    free(cnt);
    pc_arena_destroy(a);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    r->alleys = v, r->n_alleys = k;
    return PC_OK;
}

pc_rc eng_cov_run(eng_cov_ctx *c, geo_store *s, const eng_cov_opts *o, const eng_cov_scenario *sc,
                  eng_cov_result **out, char *err, size_t err_len)
{
    double t0 = pc_now_s();
    *out = NULL;
    if (err_len)
        err[0] = '\0';
    cov_scratch x = {0};
    int vp = -1;
    eng_cov_result *r = calloc(1, sizeof *r);
    pc_rc rc = r ? fill_opts(c, o, r, &vp, err, err_len) : PC_ENOMEM;
    size_t n = c->n_nodes + 1;
    if (rc == PC_OK) {
        x.drive_s = malloc(n * sizeof *x.drive_s);
        x.hose_m = malloc(n * sizeof *x.hose_m), x.hyd_m = malloc(n * sizeof *x.hyd_m);
        x.draft_m = malloc(n * sizeof *x.draft_m);
        x.hose_src = malloc(n * sizeof *x.hose_src), x.mouth = malloc(n * sizeof *x.mouth);
        r->b = malloc((c->n_bld + 1) * sizeof *r->b);
        r->n_b = c->n_bld;
        if (!x.drive_s || !x.hose_m || !x.hyd_m || !x.draft_m || !x.hose_src || !x.mouth || !r->b)
            rc = PC_ENOMEM;
    }
    if (rc == PC_OK)
        rc = gather_sources(c, s, vp, r, sc, &x, err, err_len);
    if (r)
        r->n_sources = x.n_sites;
    if (rc == PC_OK)
        rc = drive_and_hose(c, vp, &x);
    if (rc == PC_OK)
        rc = water_walks(c, s, r, sc, &x);
    for (size_t i = 0; rc == PC_OK && i < c->n_bld; i++)
        classify_one(c, vp, &x, &r->opts, i, &r->b[i]);
    if (rc == PC_OK)
        rc = unit_sums(c, r);
    if (rc == PC_OK)
        rc = alleys(c, s, vp, &x, r);
    scratch_free(&x);
    if (rc != PC_OK) {
        if (err_len && !err[0])
            snprintf(err, err_len, "coverage: %s", pc_rc_str(rc));
        eng_cov_result_destroy(r);
        return rc;
    }
    r->run_ms = (pc_now_s() - t0) * 1000;
    *out = r;
    return PC_OK;
}

void eng_cov_result_destroy(eng_cov_result *r)
{
    if (!r)
        return;
    free(r->b);
    free(r->units);
    free(r->alleys);
    free(r);
}
