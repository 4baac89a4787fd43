/* plan_poi.c — the plan context's in-memory copy of the available units and
 * of the point layers
 * (hydrants, draft points, public fire points, safety groups) and of the
 * assembly areas' outlines.
 *
 * A plan asks for the points of four layers around two places; reading
 * them through the R*Tree and snapping each to the walking network took
 * about a third of a plan. Here each layer is read once, every point is
 * snapped once to the walking network (positions do not move between
 * plans), and a grid over longitude/latitude answers "within r metres".
 * The details (names, status, contacts) are still read from the store, by
 * id, for the few points a plan lists, so they are always current.
 *
 * Freshness: the store keeps a version counter per layer (migration 5),
 * bumped by triggers when a point is added, removed or moved or a
 * hydrant's status changes (assembly areas: migration 6).
 * plan_poi_refresh() compares the counters at
 * the start of every plan (one small query) and reloads a layer that
 * changed; a station's change makes the context snap the stations again. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"

#define CELL_DEG 0.001 /* about 110 m by 104 m at Hanoi's latitude */
#define MAX_CELLS (4u << 20)

/* The layers kept in memory (areas are not points; stations are kept by
 * the context itself). */
static const geo_poi_kind KEPT[] = {GEO_POI_HYDRANT, GEO_POI_DRAFT_POINT, GEO_POI_FIRE_POINT, GEO_POI_SAFETY_GROUP};

static void layer_clear(plan_poi_layer *L)
{
    free(L->item);
    free(L->cell_first);
    memset(L, 0, sizeof *L);
}

void plan_poi_free(eng_plan_ctx *c)
{
    for (size_t k = 0; k < GEO_POI_KIND_COUNT_; k++)
        layer_clear(&c->poi[k]);
    geo_outlines_free(&c->areas);
    pc_arena_destroy(c->units_arena);
    c->units_arena = NULL;
}

pc_rc plan_units(eng_plan_ctx *c, const geo_unit **out, size_t *n_out)
{
    int64_t v;
    pc_rc rc = geo_units_version(c->s, &v);
    if (rc == PC_OK && (v != c->units_version || !c->units_arena)) {
        if (!c->units_arena && !(c->units_arena = pc_arena_create(0)))
            return PC_ENOMEM;
        pc_arena_reset(c->units_arena);
        c->units = NULL, c->n_units = 0, c->units_version = -1;
        rc = geo_units_list(c->s, "available", c->units_arena, &c->units, &c->n_units);
        if (rc == PC_OK)
            c->units_version = v;
    }
    *out = c->units;
    *n_out = rc == PC_OK ? c->n_units : 0;
    return rc;
}

static size_t cell_of(const plan_poi_layer *L, geo_lonlat p)
{
    int32_t x = (int32_t)((p.lon_deg - L->lon0) / L->cell_deg), y = (int32_t)((p.lat_deg - L->lat0) / L->cell_deg);
    x = x < 0 ? 0 : x >= L->nx ? L->nx - 1 : x;
    y = y < 0 ? 0 : y >= L->ny ? L->ny - 1 : y;
    return (size_t)y * (size_t)L->nx + (size_t)x;
}

/* Sizes the grid to the points' extent (coarser cells for a huge extent). */
static void grid_size(plan_poi_layer *L, const geo_poi_pos *p, size_t n)
{
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || p[i].pos.lon_deg < x0) x0 = p[i].pos.lon_deg;
        if (i == 0 || p[i].pos.lon_deg > x1) x1 = p[i].pos.lon_deg;
        if (i == 0 || p[i].pos.lat_deg < y0) y0 = p[i].pos.lat_deg;
        if (i == 0 || p[i].pos.lat_deg > y1) y1 = p[i].pos.lat_deg;
    }
    L->cell_deg = CELL_DEG;
    while (((x1 - x0) / L->cell_deg + 1) * ((y1 - y0) / L->cell_deg + 1) > MAX_CELLS)
        L->cell_deg *= 2;
    L->lon0 = x0, L->lat0 = y0;
    L->nx = (int32_t)((x1 - x0) / L->cell_deg) + 1;
    L->ny = (int32_t)((y1 - y0) / L->cell_deg) + 1;
}

/* Places the points in the grid (items ordered by cell) and snaps each one
 * to the walking network, closures ignored as for any fixed point. */
static pc_rc layer_build(eng_plan_ctx *c, plan_poi_layer *L, const geo_poi_pos *p, size_t n)
{
    grid_size(L, p, n);
    size_t nc = (size_t)L->nx * (size_t)L->ny;
    L->cell_first = calloc(nc + 2, sizeof *L->cell_first);
    L->item = malloc((n ? n : 1) * sizeof *L->item);
    if (!L->cell_first || !L->item)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++)
        L->cell_first[cell_of(L, p[i].pos) + 2]++;
    for (size_t k = 2; k < nc + 2; k++)
        L->cell_first[k] += L->cell_first[k - 1];
    for (size_t i = 0; i < n; i++) { /* counting sort: cell_first[c + 1] is the fill position of cell c */
        plan_poi_item *it = &L->item[L->cell_first[cell_of(L, p[i].pos) + 1]++];
        it->id = p[i].id, it->pos = p[i].pos, it->out_of_service = p[i].out_of_service;
        if (rt_graph_snap(c->g, c->foot, p[i].pos, PLAN_POI_SNAP_M, 0, &it->snap) != PC_OK)
            it->snap.edge = -1;
    }
    L->n = n;
    return PC_OK;
}

static pc_rc layer_load(eng_plan_ctx *c, geo_poi_kind kind, int64_t version)
{
    plan_poi_layer *L = &c->poi[kind];
    layer_clear(L);
    geo_poi_pos *p = NULL;
    size_t n = 0;
    pc_rc rc = geo_poi_positions(c->s, kind, &p, &n);
    if (rc == PC_OK)
        rc = layer_build(c, L, p, n);
    free(p);
    if (rc != PC_OK) {
        layer_clear(L);
        return rc;
    }
    L->loaded = 1, L->version = version;
    return PC_OK;
}

pc_rc plan_poi_refresh(eng_plan_ctx *c)
{
    int64_t v[GEO_POI_KIND_COUNT_];
    pc_rc rc = geo_poi_versions(c->s, v);
    for (size_t i = 0; rc == PC_OK && i < sizeof KEPT / sizeof KEPT[0]; i++)
        if (!c->poi[KEPT[i]].loaded || c->poi[KEPT[i]].version != v[KEPT[i]])
            rc = layer_load(c, KEPT[i], v[KEPT[i]]);
    if (rc == PC_OK && c->areas_version != v[GEO_POI_ASSEMBLY_AREA]) {
        geo_outlines_free(&c->areas);
        rc = geo_outlines_assembly_areas(c->s, &c->areas);
        c->areas_version = rc == PC_OK ? v[GEO_POI_ASSEMBLY_AREA] : -1;
    }
    if (rc == PC_OK && c->station_version != v[GEO_POI_STATION]) {
        rc = eng_plan_ctx_reload_stations(c);
        if (rc == PC_OK)
            c->station_version = v[GEO_POI_STATION];
    }
    return rc;
}

pc_rc plan_poi_near(const plan_poi_layer *L, geo_lonlat centre, double radius_m, pc_arena *a, plan_poi_hit **out,
                    size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (L->n == 0)
        return PC_OK;
    double dlat = radius_m / 110574.0, dlon = radius_m / (111320.0 * cos(centre.lat_deg * 3.14159265358979 / 180));
    size_t c0 = cell_of(L, (geo_lonlat){centre.lon_deg - dlon, centre.lat_deg - dlat});
    size_t c1 = cell_of(L, (geo_lonlat){centre.lon_deg + dlon, centre.lat_deg + dlat});
    size_t x0 = c0 % (size_t)L->nx, y0 = c0 / (size_t)L->nx, x1 = c1 % (size_t)L->nx, y1 = c1 / (size_t)L->nx;
    size_t n = 0, cap = 0;
    plan_poi_hit *v = NULL;
    for (size_t y = y0; y <= y1; y++)
        for (size_t i = L->cell_first[y * (size_t)L->nx + x0]; i < L->cell_first[y * (size_t)L->nx + x1 + 1]; i++) {
            double d = geo_haversine_m(centre, L->item[i].pos);
            if (d > radius_m)
                continue;
            if (n == cap) {
                size_t ncap = cap ? 2 * cap : 64;
                plan_poi_hit *nv = pc_arena_alloc(a, ncap * sizeof *nv);
                if (!nv)
                    return PC_ENOMEM;
                if (n)
                    memcpy(nv, v, n * sizeof *v);
                v = nv, cap = ncap;
            }
            v[n++] = (plan_poi_hit){&L->item[i], d};
        }
    *out = v;
    *n_out = n;
    return PC_OK;
}
