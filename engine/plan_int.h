/* plan_int.h — shared by the files of the response plan (plan*.c). */
#ifndef PLAN_INT_H
#define PLAN_INT_H

#include "geo_road.h"
#include "plan.h"
#include "rt_search.h"
#include "rt_walk.h"

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
};

#define PLAN_SNAP_M 200.0     /* how far the target may be from a walkable road */
#define PLAN_POI_SNAP_M 60.0  /* hydrants, fire points... to the walkable network */
#define PLAN_WALK_MIN_M 1000.0

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
