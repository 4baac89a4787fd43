/* plan.c — building the response plan: the target, vehicle access and the
 * units to send (see plan.h for the method). */
#include "plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pc_progress.h"

pc_rc eng_plan_ctx_reload_stations(eng_plan_ctx *c)
{
    free(c->stations);
    free(c->station_snap);
    c->stations = NULL, c->station_snap = NULL, c->n_stations = 0;
    pc_rc rc = geo_road_stations(c->s, &c->stations, &c->n_stations);
    if (rc != PC_OK || c->n_stations == 0)
        return rc;
    size_t n_prof = rt_graph_profiles(c->g)->n;
    c->station_snap = calloc(n_prof * c->n_stations, sizeof *c->station_snap);
    if (!c->station_snap)
        return PC_ENOMEM;
    for (size_t p = 0; p < n_prof; p++)
        for (size_t i = 0; i < c->n_stations; i++) {
            rt_snap *sn = &c->station_snap[p * c->n_stations + i];
            /* snapped without closures (t = 0): the search applies them */
            if (rt_graph_snap(c->g, (int)p, c->stations[i].pos, 300.0, 0, sn) != PC_OK)
                sn->edge = -1;
        }
    return PC_OK;
}

pc_rc eng_plan_ctx_create(geo_store *s, const rt_graph *g, const eng_plan_rules *rules, eng_plan_ctx **out)
{
    *out = NULL;
    eng_plan_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return PC_ENOMEM;
    c->s = s, c->g = g, c->rules = rules;
    c->station_version = c->areas_version = c->units_version = -1; /* read at the first use */
    c->foot = rt_profiles_find(rt_graph_profiles(g), "foot");
    pc_rc rc = c->foot < 0 ? PC_EINVAL : PC_OK;
    if (rc == PC_OK)
        rc = rt_query_create(g, &c->q);
    if (rc == PC_OK)
        rc = rt_walk_create(g, &c->w);
    if (rc == PC_OK)
        rc = plan_poi_refresh(c);
    if (rc != PC_OK) {
        eng_plan_ctx_destroy(c);
        return rc;
    }
    *out = c;
    return PC_OK;
}

void eng_plan_ctx_destroy(eng_plan_ctx *c)
{
    if (!c)
        return;
    rt_query_destroy(c->q);
    rt_walk_destroy(c->w);
    free(c->stations);
    free(c->station_snap);
    plan_poi_free(c);
    free(c);
}

pc_rc plan_copy_line(pc_arena *a, const geo_lonlat *pts, size_t n, eng_line *out)
{
    out->pts = NULL;
    out->n_pts = 0;
    if (n == 0)
        return PC_OK;
    out->pts = pc_arena_alloc(a, n * sizeof *pts);
    if (!out->pts)
        return PC_ENOMEM;
    memcpy(out->pts, pts, n * sizeof *pts);
    out->n_pts = n;
    return PC_OK;
}

/* Distinct kinds among available units, in the vehicle_kind order of the units list. */
static size_t available_kinds(const geo_unit *u, size_t n, const char **kinds, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < k && strcmp(kinds[j], u[i].kind) != 0)
            j++;
        if (j == k && k < max)
            kinds[k++] = u[i].kind;
    }
    return k;
}

/* The available units of kind as search sites, each at its station's snap
 * for the profile (site_unit[i] is the index into u). */
static size_t kind_sites(eng_plan_ctx *c, int profile, const char *kind, const geo_unit *u, size_t n_u,
                         rt_snap *sites, size_t *site_unit)
{
    size_t n = 0;
    for (size_t k = 0; k < n_u; k++) {
        if (strcmp(u[k].kind, kind) != 0)
            continue;
        for (size_t i = 0; i < c->n_stations; i++) {
            if (c->stations[i].id != u[k].station_id)
                continue;
            sites[n] = c->station_snap[(size_t)profile * c->n_stations + i];
            site_unit[n++] = k;
            break;
        }
    }
    return n;
}

static const char *dup_or_null(pc_arena *a, const char *s, int *failed)
{
    char *d = s ? pc_arena_strdup(a, s) : NULL;
    *failed |= s && !d;
    return d;
}

/* A unit into the plan's arena: the context's copy changes between plans. */
static pc_rc copy_unit(pc_arena *a, const geo_unit *src, geo_unit *dst)
{
    int failed = 0;
    *dst = *src;
    dst->code = dup_or_null(a, src->code, &failed), dst->kind = dup_or_null(a, src->kind, &failed);
    dst->name = dup_or_null(a, src->name, &failed), dst->status = dup_or_null(a, src->status, &failed);
    dst->status_at = dup_or_null(a, src->status_at, &failed);
    dst->station_code = dup_or_null(a, src->station_code, &failed);
    dst->station_name = dup_or_null(a, src->station_name, &failed);
    return failed ? PC_ENOMEM : PC_OK;
}

/* The route of a hit: the station's road line and the streets it follows. */
static pc_rc hit_route(eng_plan_ctx *c, pc_arena *a, const rt_hit *hit, eng_plan_unit *pu)
{
    rt_route r = {0};
    pc_rc rc = rt_nearest_route(c->q, hit, &r);
    if (rc == PC_OK)
        rc = plan_copy_line(a, r.pts, r.n_pts, &pu->route);
    pu->streets = rc == PC_OK ? pc_arena_calloc(a, r.n_streets + 1, sizeof *pu->streets) : NULL;
    for (size_t i = 0; pu->streets && i < r.n_streets; i++)
        if (r.streets[i].name && r.streets[i].dist_m >= 50)
            pu->streets[pu->n_streets++] = pc_arena_strdup(a, r.streets[i].name);
    rt_route_free(&r);
    return rc == PC_OK && !pu->streets ? PC_ENOMEM : rc;
}

/* The nearest available units of one kind to a staging point, by drive time
 * from their stations. Returns how many units were listed in *listed. */
static pc_rc rank_units(eng_plan_ctx *c, pc_arena *a, eng_plan *p, int profile, const char *kind,
                        const rt_snap *staging, const geo_unit *u, size_t n_u, int64_t now_s, size_t *listed)
{
    *listed = 0;
    rt_snap *sites = pc_arena_alloc(a, (n_u + 1) * sizeof *sites);
    size_t *site_unit = pc_arena_alloc(a, (n_u + 1) * sizeof *site_unit);
    rt_hit *hits = pc_arena_alloc(a, (n_u + 1) * sizeof *hits);
    if (!sites || !site_unit || !hits)
        return PC_ENOMEM;
    size_t n_sites = kind_sites(c, profile, kind, u, n_u, sites, site_unit), n_hits = 0;
    if (n_sites == 0)
        return PC_OK;
    /* Units to rank: as many as the rules could ever ask of this kind (at
     * least one), within units_per_kind. The search grows with the k-th
     * unit's drive time and rare kinds (tankers, ladders) are far apart:
     * asking for more than needed multiplies the area searched. Units of one
     * station are separate sites, so two engines of the nearest station
     * count as two. */
    size_t k = (size_t)eng_rules_max_count(c->rules, kind);
    if (k < 1)
        k = 1;
    if (k > (size_t)c->rules->units_per_kind)
        k = (size_t)c->rules->units_per_kind;
    if (k > n_sites)
        k = n_sites;
    pc_rc rc = rt_nearest_sites(c->q, profile, staging, sites, n_sites, k, now_s, hits, &n_hits);
    for (size_t h = 0; rc == PC_OK && h < n_hits && hits[h].eta_s <= c->rules->max_drive_s; h++) {
        eng_plan_unit *pu = &p->units[p->n_units++];
        memset(pu, 0, sizeof *pu);
        if ((rc = copy_unit(a, &u[site_unit[hits[h].site]], &pu->unit)) != PC_OK)
            break;
        pu->eta_s = hits[h].eta_s, pu->dist_m = hits[h].dist_m;
        const eng_plan_unit *prev = p->n_units > 1 ? pu - 1 : NULL;
        if (h > 0 && prev && prev->unit.station_id == pu->unit.station_id) {
            pu->route = prev->route; /* same station, same road */
            pu->streets = prev->streets, pu->n_streets = prev->n_streets;
        } else {
            rc = hit_route(c, a, &hits[h], pu);
        }
        (*listed)++;
    }
    return rc;
}

/* Access for one vehicle kind: staging point, hose, and its ranked units.
 * Tries the next staging candidates when no station reaches the first. */
static pc_rc plan_kind(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const char *kind, const geo_unit *u, size_t n_u,
                       int64_t now_s)
{
    int profile = rt_profiles_find(rt_graph_profiles(c->g), kind);
    if (profile < 0 || profile == c->foot)
        return PC_OK; /* a kind the graph has no profile for */
    eng_access *x = &p->access[p->n_access++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    pc_rc rc = PC_OK;
    for (size_t cand = 0; rc == PC_OK && cand < 4 && !x->reachable; cand++) {
        rt_staging st;
        rc = rt_walk_staging(c->w, profile, cand, &st);
        if (rc != PC_OK || !st.found) {
            if (cand == 0)
                x->why_not = "no road this vehicle can use within walking reach of the building";
            rt_staging_free(&st);
            break;
        }
        size_t listed = 0;
        rc = rank_units(c, a, p, profile, kind, &st.at, u, n_u, now_s, &listed);
        if (rc == PC_OK && listed > 0) {
            x->reachable = 1;
            x->at_door = st.walk_m == 0 && st.line.n_pts == 0;
            x->staging = st.at.pos;
            const char *street = rt_graph_edge_name(c->g, st.at.edge);
            x->staging_street = street ? pc_arena_strdup(a, street) : NULL;
            x->hose_m = st.walk_m + p->target_snap_m;
            x->within_hose_reach = x->hose_m <= c->rules->hose_reach_m;
            rc = plan_copy_line(a, st.line.pts, st.line.n_pts, &x->hose_line);
        } else if (rc == PC_OK) {
            x->why_not = "no station with an available unit of this kind reaches it (closures or no road)";
        }
        rt_staging_free(&st);
    }
    return rc;
}

static pc_rc plan_target(eng_plan_ctx *c, const eng_plan_req *req, pc_arena *a, eng_plan *p, rt_snap *snap)
{
    pc_rc rc = PC_OK;
    if (req->building_id > 0) {
        rc = geo_building_get(c->s, req->building_id, a, &p->building);
        if (rc != PC_OK)
            return rc;
        p->target = p->building->entrance;
    } else {
        if (!geo_lonlat_valid(req->pos))
            return PC_EINVAL;
        p->target = req->pos;
    }
    rc = rt_graph_snap(c->g, c->foot, p->target, PLAN_SNAP_M, req->now_s, snap);
    if (rc == PC_ENOTFOUND) {
        snap->edge = -1;
        return PC_OK;
    }
    if (rc == PC_OK) {
        p->target_snap_m = snap->snap_dist_m;
        const char *street = rt_graph_edge_name(c->g, snap->edge);
        p->target_street = street ? pc_arena_strdup(a, street) : NULL;
    }
    return rc;
}

/* The motor access whose staging point is the base for water: the engine's,
 * else the first reachable one. */
static const eng_access *water_base(const eng_plan *p)
{
    const eng_access *e = plan_access_of(p, "engine");
    if (e && e->reachable)
        return e;
    for (size_t i = 0; i < p->n_access; i++)
        if (p->access[i].reachable)
            return &p->access[i];
    return NULL;
}

static pc_rc plan_vehicles(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const eng_plan_req *req)
{
    const geo_unit *u = NULL;
    size_t n_u = 0;
    const char *kinds[RT_MAX_PROFILES];
    pc_rc rc = plan_units(c, &u, &n_u);
    if (rc != PC_OK)
        return rc;
    size_t n_kinds = available_kinds(u, n_u, kinds, RT_MAX_PROFILES);
    for (size_t k = 0; k < n_kinds; k++) /* the plan keeps them: into its arena */
        if (!(kinds[k] = pc_arena_strdup(a, kinds[k])))
            return PC_ENOMEM;
    p->access = pc_arena_calloc(a, n_kinds + 1, sizeof *p->access);
    p->units = pc_arena_calloc(a, n_kinds * (size_t)c->rules->units_per_kind + 1, sizeof *p->units);
    if (!p->access || !p->units)
        return PC_ENOMEM;
    for (size_t k = 0; rc == PC_OK && k < n_kinds; k++)
        if (!req->only_kind || strcmp(req->only_kind, kinds[k]) == 0)
            rc = plan_kind(c, a, p, kinds[k], u, n_u, req->now_s);
    return rc;
}

/* The plan itself, inside eng_plan_build's read snapshot. */
static pc_rc plan_build(eng_plan_ctx *c, const eng_plan_req *req, pc_arena *a, eng_plan *p)
{
    rt_snap snap = {.edge = -1};
    pc_rc rc = plan_poi_refresh(c);
    if (rc == PC_OK)
        rc = plan_target(c, req, a, p, &snap);
    geo_edge_info road = {0};
    if (rc == PC_OK && snap.edge >= 0) {
        double limit = c->rules->assembly_walk_m > PLAN_WALK_MIN_M ? c->rules->assembly_walk_m : PLAN_WALK_MIN_M;
        rc = rt_walk_run(c->w, c->foot, &snap, limit, req->now_s);
        if (rc == PC_OK)
            rc = plan_neighbours(c, a, p);
        if (rc == PC_OK)
            rc = plan_vehicles(c, a, p, req);
        if (rc == PC_OK && geo_road_edge_get(c->s, rt_graph_edge_id(c->g, snap.edge), a, &road) != PC_OK)
            memset(&road, 0, sizeof road);
        const eng_access *base = rc == PC_OK ? water_base(p) : NULL;
        if (rc == PC_OK && base) {
            rt_snap from;
            rc = rt_graph_snap(c->g, c->foot, base->staging, 30.0, req->now_s, &from);
            rc = rc == PC_OK ? plan_water(c, a, p, &from, req->now_s) : PC_OK;
        }
    }
    if (rc == PC_OK)
        rc = plan_first_alarm(c, a, p);
    if (rc == PC_OK)
        rc = plan_warnings(c, a, p, snap.edge >= 0 ? road.name : NULL, snap.edge >= 0 ? road.width_m : -1);
    return rc;
}

pc_rc eng_plan_build(eng_plan_ctx *c, const eng_plan_req *req, pc_arena *a, eng_plan **out)
{
    double t0 = pc_now_s();
    *out = NULL;
    eng_plan *p = pc_arena_calloc(a, 1, sizeof *p);
    if (!p)
        return PC_ENOMEM;
    p->hose_reach_m = c->rules->hose_reach_m;
    int snapshot = 0;
    pc_rc rc = geo_store_read_begin(c->s, &snapshot);
    if (rc == PC_OK)
        rc = plan_build(c, req, a, p);
    geo_store_read_end(c->s, snapshot);
    p->build_ms = (pc_now_s() - t0) * 1000.0;
    if (rc == PC_OK)
        *out = p;
    return rc;
}
