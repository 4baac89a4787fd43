/* rt_walk.h — walking distances in metres from one point, and staging points.
 *
 * Hoses are laid and people walk along footways, steps, alleys and streets
 * alike; what matters is metres, not seconds. rt_walk_run() runs one
 * Dijkstra on lengths over the edges a walking profile may use, from a
 * snapped point (a building entrance, a staging point), up to a limit.
 * Afterwards:
 *   - rt_walk_dist_m() gives the walking distance to any other snapped point;
 *   - rt_walk_staging() gives the staging point for a vehicle: the point,
 *     nearest by walking distance, where that vehicle can be driven to
 *     (the entrance's own road when the vehicle fits it; else the first
 *     junction, in walking order, with a road the vehicle may use) and the
 *     hose line from there to the origin.
 * An rt_walk holds its own scratch (like rt_query), one per thread. */
#ifndef RT_WALK_H
#define RT_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "rt_search.h"

typedef struct rt_walk rt_walk;

pc_rc rt_walk_create(const rt_graph *g, rt_walk **out);
void rt_walk_destroy(rt_walk *w);

/* Runs the walk from origin (snapped with walk_profile) up to limit_m
 * (<= 20 km). PC_EINVAL on a bad profile or an origin with no edge. */
pc_rc rt_walk_run(rt_walk *w, int walk_profile, const rt_snap *origin, double limit_m, int64_t now_s);

/* Walking metres from the origin's snapped point to to's snapped point
 * (snap distances not included); INFINITY when beyond the limit or not
 * connected. */
double rt_walk_dist_m(const rt_walk *w, const rt_snap *to);

typedef struct rt_staging {
    int found;       /* 0: the vehicle reaches no point within the walk's limit */
    rt_snap at;      /* where the vehicle stops: on an edge it may use */
    double walk_m;   /* walking metres from the origin's snapped point to it */
    rt_route line;   /* the walking line from the origin's snapped point to it */
} rt_staging;

/* The skip-th staging candidate (0 = nearest) for vehicle_profile after
 * rt_walk_run; out->found = 0 when there is none. Caller frees with
 * rt_staging_free(). */
pc_rc rt_walk_staging(rt_walk *w, int vehicle_profile, size_t skip, rt_staging *out);
void rt_staging_free(rt_staging *s);

#endif
