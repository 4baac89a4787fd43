/* plan.h — the response plan: everything the 114 dispatcher and the fire
 * commander need for one building or place, in one call.
 *
 * A plan is built in an eng_plan_ctx (one per thread: it owns routing
 * scratch and the stations snapped for every vehicle profile) over a shared,
 * immutable road graph. Everything in the result lives in the caller's arena.
 *
 * How it works: the entrance is snapped to the walkable network and one walk
 * search from it finds, for every vehicle kind, the staging point (the
 * nearest point that vehicle can drive to) and the hose distance; the
 * K-nearest search by drive time then ranks stations with available units of
 * that kind towards the staging point. A second walk from the engine's
 * staging point ranks working hydrants and draft points by hose distance.
 * Public fire points, safety groups and assembly areas are ranked by walking
 * distance from the entrance. Rules from data/dispatch.conf suggest the
 * first alarm; warnings say in plain words what will go wrong. */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "geo_query.h"
#include "geo_store.h"
#include "pc_arena.h"
#include "plan_rules.h"
#include "rt_graph.h"

typedef struct eng_plan_ctx eng_plan_ctx;

/* g and rules must outlive the context; s is this thread's store. The
 * stations and the point layers are read and snapped here, and again by
 * the first plan after one of them changes in the store (the store's layer
 * versions tell). Caller owns *out. */
pc_rc eng_plan_ctx_create(geo_store *s, const rt_graph *g, const eng_plan_rules *rules, eng_plan_ctx **out);
void eng_plan_ctx_destroy(eng_plan_ctx *c);
pc_rc eng_plan_ctx_reload_stations(eng_plan_ctx *c);

typedef struct eng_plan_req {
    int64_t building_id; /* 0: a bare place (pos) */
    geo_lonlat pos;      /* used when building_id is 0 */
    int64_t now_s;       /* Unix seconds: which closures are active */
    const char *only_kind; /* non-NULL: access and units for this vehicle kind only */
} eng_plan_req;

typedef struct eng_line {
    geo_lonlat *pts;
    size_t n_pts;
} eng_line;

/* How one vehicle kind gets to the building. */
typedef struct eng_access {
    const char *kind;         /* vehicle kind (profile name) */
    int reachable;            /* a staging point exists and a station with such a unit reaches it */
    const char *why_not;      /* when not reachable: plain words */
    int at_door;              /* the vehicle can drive the entrance's own road */
    geo_lonlat staging;       /* where it stops */
    const char *staging_street;
    double hose_m;            /* walking metres from staging point to the door */
    int within_hose_reach;
    eng_line hose_line;       /* staging point -> door */
} eng_access;

typedef struct eng_plan_unit {
    geo_unit unit;
    double eta_s, dist_m;
    eng_line route;           /* station -> staging point */
    const char **streets;     /* main streets followed, in order */
    size_t n_streets;
} eng_plan_unit;

typedef struct eng_assign {
    const char *kind;
    int wanted;               /* from the rules */
    int64_t *unit_ids;        /* the nearest available units of that kind */
    size_t n_units;           /* < wanted: not enough available */
} eng_assign;

typedef struct eng_place {
    geo_poi poi;
    double walk_m;            /* along paths (hose or walking); < 0: not connected (straight line in poi.dist_m) */
    int member;               /* safety groups: the building belongs to it */
} eng_place;

typedef struct eng_warning {
    const char *code;         /* stable: alley_too_narrow, single_exit, ... */
    const char *text_en, *text_vi;
} eng_warning;

typedef struct eng_plan {
    geo_lonlat target;            /* the entrance (or the place) */
    double target_snap_m;         /* from target to the nearest walkable road */
    const char *target_street;
    geo_building *building;       /* NULL for a bare place */
    eng_access *access;           /* one per vehicle kind with available units */
    size_t n_access;
    eng_plan_unit *units;         /* per kind, nearest first */
    size_t n_units;
    eng_assign *first_alarm;
    size_t n_first_alarm;
    eng_place *hydrants;          /* working, by hose distance from the engine's staging point */
    size_t n_hydrants;
    int broken_hydrants_near;     /* broken ones within the search (never offered) */
    eng_place *draft_points;
    size_t n_draft_points;
    eng_place *fire_points;
    size_t n_fire_points;
    eng_place *safety_groups;
    size_t n_safety_groups;
    eng_place *assembly_areas;
    size_t n_assembly_areas;
    eng_warning *warnings;
    size_t n_warnings;
    double hose_reach_m;
    double build_ms;
} eng_plan;

/* Builds the plan. PC_ENOTFOUND: no such building; PC_EINVAL: bad position.
 * A place far from any road still gets a plan, with a warning saying so. */
pc_rc eng_plan_build(eng_plan_ctx *c, const eng_plan_req *req, pc_arena *a, eng_plan **out);

#endif
