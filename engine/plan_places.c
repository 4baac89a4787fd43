/* plan_places.c — places ranked by distance along paths: public fire points,
 * safety groups and assembly areas from the entrance; working hydrants and
 * draft points from the staging point (hose distance). Positions come
 * from the context's in-memory copy of the layers (plan_poi.c), details
 * from the store for the places listed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"

static int place_cmp(const void *x, const void *y)
{
    const eng_place *a = x, *b = y;
    /* members first (safety groups), then by path distance; unconnected last */
    if (a->member != b->member)
        return b->member - a->member;
    double da = a->walk_m < 0 ? 1e18 + a->poi.dist_m : a->walk_m;
    double db = b->walk_m < 0 ? 1e18 + b->poi.dist_m : b->walk_m;
    return da < db ? -1 : da > db ? 1 : (a->poi.id > b->poi.id) - (a->poi.id < b->poi.id);
}

/* Walking metres from the current walk's origin to a snapped point plus
 * the snap itself; -1 when it is not connected within the walk. */
static double walk_to(const eng_plan_ctx *c, const rt_snap *sn)
{
    if (sn->edge < 0)
        return -1;
    double d = rt_walk_dist_m(c->w, sn);
    return isfinite(d) ? d + sn->snap_dist_m : -1;
}

/* What to rank, where, and how many to keep. */
typedef struct place_query {
    geo_poi_kind kind;
    geo_lonlat centre;
    double limit_m;          /* straight-line radius and walking limit */
    int skip_broken;         /* hydrants: out-of-service ones are counted, not listed */
    const int64_t *members;  /* safety groups the building belongs to: listed first */
    size_t n_members;
    size_t max;
} place_query;

static int is_member(const place_query *q, int64_t id)
{
    for (size_t i = 0; i < q->n_members; i++)
        if (q->members[i] == id)
            return 1;
    return 0;
}

/* Sorts the candidates, keeps the first q->max and reads their details
 * (name, status, ...) from the store by id; position and straight-line
 * distance stay the candidates'. A point removed since its layer was read
 * is dropped (the next plan reloads the layer). */
static pc_rc keep_best(eng_plan_ctx *c, pc_arena *a, const place_query *q, eng_place *v, size_t k, eng_place **out,
                       size_t *n_out)
{
    qsort(v, k, sizeof *v, place_cmp);
    *out = v;
    *n_out = q->max && k > q->max ? q->max : k;
    pc_rc rc = PC_OK;
    for (size_t i = 0; rc == PC_OK && i < *n_out;) {
        geo_poi full;
        rc = geo_poi_get(c->s, q->kind, v[i].poi.id, a, &full);
        if (rc == PC_OK) {
            full.pos = v[i].poi.pos, full.dist_m = v[i].poi.dist_m;
            v[i++].poi = full;
        } else if (rc == PC_ENOTFOUND) {
            memmove(&v[i], &v[i + 1], (--*n_out - i) * sizeof *v);
            rc = PC_OK;
        }
    }
    return rc;
}

/* Points of a layer kept in memory, by walking distance. Points farther
 * than the limit along paths are dropped; unconnected ones (-1) stay,
 * after the others. */
static pc_rc rank_points(eng_plan_ctx *c, pc_arena *a, const place_query *q, eng_place **out, size_t *n_out,
                         int *n_broken)
{
    plan_poi_hit *hit = NULL;
    size_t n = 0, k = 0;
    pc_rc rc = plan_poi_near(&c->poi[q->kind], q->centre, q->limit_m, a, &hit, &n);
    eng_place *v = rc == PC_OK ? pc_arena_calloc(a, n + 1, sizeof *v) : NULL;
    if (!v)
        return rc == PC_OK ? PC_ENOMEM : rc;
    for (size_t i = 0; i < n; i++) {
        const plan_poi_item *it = hit[i].item;
        if (q->skip_broken && it->out_of_service) {
            if (n_broken)
                (*n_broken)++;
            continue;
        }
        double d = walk_to(c, &it->snap);
        if (d > q->limit_m)
            continue;
        v[k].poi = (geo_poi){.kind = q->kind, .id = it->id, .pos = it->pos, .dist_m = hit[i].dist_m};
        v[k].member = is_member(q, it->id);
        v[k++].walk_m = d;
    }
    return keep_best(c, a, q, v, k, out, n_out);
}

/* Assembly areas from the outlines kept in memory: each area's point
 * nearest to the centre, then walking distance to it. */
static pc_rc rank_areas(eng_plan_ctx *c, pc_arena *a, const place_query *q, eng_place **out, size_t *n_out)
{
    const geo_outlines *o = &c->areas;
    eng_place *v = pc_arena_calloc(a, o->n + 1, sizeof *v);
    if (!v)
        return PC_ENOMEM;
    double dlat = q->limit_m / 110574.0, dlon = q->limit_m / (111320.0 * cos(q->centre.lat_deg * 3.14159265358979 / 180));
    size_t k = 0;
    for (size_t i = 0; i < o->n; i++) {
        const double *bb = o->bbox[i];
        if (bb[0] > q->centre.lon_deg + dlon || bb[2] < q->centre.lon_deg - dlon || bb[1] > q->centre.lat_deg + dlat ||
            bb[3] < q->centre.lat_deg - dlat)
            continue;
        geo_lonlat at = geo_outline_closest(o, i, q->centre);
        double straight = geo_haversine_m(q->centre, at);
        if (straight > q->limit_m)
            continue;
        rt_snap sn;
        if (rt_graph_snap(c->g, c->foot, at, PLAN_POI_SNAP_M, 0, &sn) != PC_OK)
            sn.edge = -1;
        double d = walk_to(c, &sn);
        if (d > q->limit_m)
            continue;
        v[k].poi = (geo_poi){.kind = q->kind, .id = o->id[i], .pos = at, .dist_m = straight};
        v[k++].walk_m = d;
    }
    return keep_best(c, a, q, v, k, out, n_out);
}

pc_rc plan_neighbours(eng_plan_ctx *c, pc_arena *a, eng_plan *p)
{
    const eng_plan_rules *r = c->rules;
    place_query q = {GEO_POI_FIRE_POINT, p->target, r->neighbour_walk_m, 0, NULL, 0, 5};
    pc_rc rc = rank_points(c, a, &q, &p->fire_points, &p->n_fire_points, NULL);
    int64_t ids[16];
    size_t n_ids = 0;
    if (rc == PC_OK && p->building)
        rc = geo_building_groups(c->s, p->building->id, ids, 16, &n_ids);
    if (rc == PC_OK) {
        q = (place_query){GEO_POI_SAFETY_GROUP, p->target, r->neighbour_walk_m, 0, ids, n_ids, 5};
        rc = rank_points(c, a, &q, &p->safety_groups, &p->n_safety_groups, NULL);
    }
    if (rc == PC_OK) {
        q = (place_query){GEO_POI_ASSEMBLY_AREA, p->target, r->assembly_walk_m, 0, NULL, 0, 5};
        rc = rank_areas(c, a, &q, &p->assembly_areas, &p->n_assembly_areas);
    }
    return rc;
}

pc_rc plan_water(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const rt_snap *from, int64_t now_s)
{
    const eng_plan_rules *r = c->rules;
    double limit = r->water_search_m > r->hydrant_search_m ? r->water_search_m : r->hydrant_search_m;
    pc_rc rc = rt_walk_run(c->w, c->foot, from, limit, now_s);
    place_query q = {GEO_POI_HYDRANT, from->pos, r->hydrant_search_m, 1, NULL, 0, 5};
    if (rc == PC_OK)
        rc = rank_points(c, a, &q, &p->hydrants, &p->n_hydrants, &p->broken_hydrants_near);
    /* hydrants whose status nobody checked stay listed, after the working ones */
    for (size_t i = 1; rc == PC_OK && i < p->n_hydrants; i++) {
        for (size_t j = i; j > 0; j--) {
            int unk_prev = p->hydrants[j - 1].poi.status && strcmp(p->hydrants[j - 1].poi.status, "working") != 0;
            int unk_cur = p->hydrants[j].poi.status && strcmp(p->hydrants[j].poi.status, "working") != 0;
            if (!unk_prev || unk_cur)
                break;
            eng_place t = p->hydrants[j - 1];
            p->hydrants[j - 1] = p->hydrants[j], p->hydrants[j] = t;
        }
    }
    q = (place_query){GEO_POI_DRAFT_POINT, from->pos, r->water_search_m, 0, NULL, 0, 3};
    if (rc == PC_OK)
        rc = rank_points(c, a, &q, &p->draft_points, &p->n_draft_points, NULL);
    return rc;
}
