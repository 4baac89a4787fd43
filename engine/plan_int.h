/* plan_int.h — shared by the files of the response plan (plan*.c). */
#ifndef PLAN_INT_H
#define PLAN_INT_H

#include "geo_outline.h"
#include "geo_road.h"
#include "plan.h"
#include "rt_search.h"
#include "rt_walk.h"

/* A point of a layer kept in memory (plan_poi.c), snapped to the walking
 * network once (snap.edge -1: not near it). */
typedef struct plan_poi_item {
    int64_t id;
    geo_lonlat pos;
    rt_snap snap;
    int out_of_service;
} plan_poi_item;

/* One layer: its points ordered by grid cell; cell c holds
 * item[cell_first[c] .. cell_first[c + 1]). */
typedef struct plan_poi_layer {
    int loaded;
    int64_t version; /* the store's layer_version when read */
    plan_poi_item *item;
    size_t n;
    double lon0, lat0, cell_deg;
    int32_t nx, ny;
    uint32_t *cell_first;
} plan_poi_layer;

typedef struct plan_poi_hit {
    const plan_poi_item *item;
    double dist_m; /* straight line from the centre */
} plan_poi_hit;

struct eng_plan_ctx {
    geo_store *s;
    const rt_graph *g;
    const eng_plan_rules *rules;
    rt_query *q;
    rt_walk *w;
    int foot; /* walking / hose-laying profile */
    geo_road_station *stations;
    size_t n_stations;
    rt_snap *station_snap; /* [profile * n_stations + station] */
    int64_t station_version;               /* the store's layer_version of the stations read */
    plan_poi_layer poi[GEO_POI_KIND_COUNT_]; /* hydrants, draft points, fire points, safety groups */
    geo_outlines areas;                      /* assembly areas */
    int64_t areas_version;                   /* -1: not read */
    pc_arena *units_arena;                   /* the available units, read again when units_version moves */
    geo_unit *units;
    size_t n_units;
    int64_t units_version;                   /* -1: not read */
};

#define PLAN_SNAP_M 200.0     /* how far the target may be from a walkable road */
#define PLAN_POI_SNAP_M 60.0  /* hydrants, fire points... to the walkable network */
#define PLAN_WALK_MIN_M 1000.0

/* plan_poi.c: reloads the layers (and stations) whose version changed. */
pc_rc plan_poi_refresh(eng_plan_ctx *c);
/* The available units, from the context's copy (read again when a unit
 * changed); valid until the next plan on the context. */
pc_rc plan_units(eng_plan_ctx *c, const geo_unit **out, size_t *n_out);
/* The points of L within radius_m (straight line) of centre, in no order;
 * *out in the arena. */
pc_rc plan_poi_near(const plan_poi_layer *L, geo_lonlat centre, double radius_m, pc_arena *a, plan_poi_hit **out,
                    size_t *n_out);
void plan_poi_free(eng_plan_ctx *c);

/* plan_places.c */
pc_rc plan_neighbours(eng_plan_ctx *c, pc_arena *a, eng_plan *p);
pc_rc plan_water(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const rt_snap *from, int64_t now_s);

/* plan_advice.c */
pc_rc plan_first_alarm(eng_plan_ctx *c, pc_arena *a, eng_plan *p);
pc_rc plan_warnings(eng_plan_ctx *c, pc_arena *a, eng_plan *p, const char *entrance_road, double entrance_width_m);
const eng_access *plan_access_of(const eng_plan *p, const char *kind);

/* Copies a route's points into the arena. */
pc_rc plan_copy_line(pc_arena *a, const geo_lonlat *pts, size_t n, eng_line *out);

#endif
