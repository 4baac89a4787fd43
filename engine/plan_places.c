/* plan_places.c — places ranked by distance along paths: public fire points,
 * safety groups and assembly areas from the entrance; working hydrants and
 * draft points from the staging point (hose distance). */
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

/* Points of one kind within radius_m straight line of centre, measured along
 * paths by the current walk; those farther than limit_m along paths (or not
 * connected) are dropped unless keep_unconnected. */
static pc_rc rank_places(eng_plan_ctx *c, pc_arena *a, geo_poi_kind kind, geo_lonlat centre, double limit_m,
                         int skip_broken, size_t max, eng_place **out, size_t *n_out, int *n_broken)
{
    geo_poi *poi = NULL;
    size_t n = 0, k = 0;
    *out = NULL;
    *n_out = 0;
    pc_rc rc = geo_poi_within(c->s, kind, centre, limit_m, 0, a, &poi, &n);
    if (rc != PC_OK)
        return rc;
    eng_place *v = pc_arena_calloc(a, n + 1, sizeof *v);
    if (!v)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (skip_broken && poi[i].status && strcmp(poi[i].status, "broken") == 0) {
            if (n_broken)
                (*n_broken)++;
            continue;
        }
        rt_snap sn;
        double d = -1;
        if (rt_graph_snap(c->g, c->foot, poi[i].pos, PLAN_POI_SNAP_M, 0, &sn) == PC_OK) {
            d = rt_walk_dist_m(c->w, &sn);
            d = isfinite(d) ? d + sn.snap_dist_m : -1;
        }
        if (d > limit_m)
            continue;
        v[k].poi = poi[i];
        v[k++].walk_m = d;
    }
    qsort(v, k, sizeof *v, place_cmp);
    *out = v;
    *n_out = max && k > max ? max : k;
    return PC_OK;
}

pc_rc plan_neighbours(eng_plan_ctx *c, pc_arena *a, eng_plan *p)
{
    const eng_plan_rules *r = c->rules;
    pc_rc rc = rank_places(c, a, GEO_POI_FIRE_POINT, p->target, r->neighbour_walk_m, 0, 5, &p->fire_points,
                           &p->n_fire_points, NULL);
    if (rc == PC_OK)
        rc = rank_places(c, a, GEO_POI_SAFETY_GROUP, p->target, r->neighbour_walk_m, 0, 0, &p->safety_groups,
                         &p->n_safety_groups, NULL);
    if (rc == PC_OK && p->building) {
        int64_t ids[16];
        size_t n = 0;
        rc = geo_building_groups(c->s, p->building->id, ids, 16, &n);
        for (size_t i = 0; rc == PC_OK && i < p->n_safety_groups; i++)
            for (size_t k = 0; k < n; k++)
                if (p->safety_groups[i].poi.id == ids[k])
                    p->safety_groups[i].member = 1;
        qsort(p->safety_groups, p->n_safety_groups, sizeof *p->safety_groups, place_cmp);
    }
    if (p->n_safety_groups > 5)
        p->n_safety_groups = 5;
    if (rc == PC_OK)
        rc = rank_places(c, a, GEO_POI_ASSEMBLY_AREA, p->target, r->assembly_walk_m, 0, 5, &p->assembly_areas,
                         &p->n_assembly_areas, NULL);
    return rc;
}

pc_rc plan_water(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const rt_snap *from, int64_t now_s)
{
    const eng_plan_rules *r = c->rules;
    double limit = r->water_search_m > r->hydrant_search_m ? r->water_search_m : r->hydrant_search_m;
    pc_rc rc = rt_walk_run(c->w, c->foot, from, limit, now_s);
    if (rc == PC_OK)
        rc = rank_places(c, a, GEO_POI_HYDRANT, from->pos, r->hydrant_search_m, 1, 5, &p->hydrants, &p->n_hydrants,
                         &p->broken_hydrants_near);
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
    if (rc == PC_OK)
        rc = rank_places(c, a, GEO_POI_DRAFT_POINT, from->pos, r->water_search_m, 0, 3, &p->draft_points,
                         &p->n_draft_points, NULL);
    return rc;
}
