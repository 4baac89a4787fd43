/* coverage.h — coverage gaps for planners: which buildings a vehicle kind
 * reaches within T1 / T2 seconds of the nearest station that has one, which
 * lie beyond hose reach or far from water, which alleys keep trucks out;
 * summed per administrative unit; and what-if scenarios (stations, units,
 * hydrants, draft points added or removed) evaluated without touching the
 * stored data.
 *
 * Method (all exact on the graph, one pass per question, no per-building
 * search):
 *   1. Drive: one multi-source search (rt_multi_source) from every station
 *      having a unit of the vehicle kind gives each node its drive time from
 *      the nearest such station.
 *   2. Staging: the staging point of a building is, as in the response plan
 *      (engine/plan.c), the nearest point by walking distance from its
 *      entrance that the vehicle can drive to. When the vehicle may drive the
 *      entrance's own road, it stops there (drive time interpolated along that
 *      edge). Otherwise one multi-source walk (metres, on the foot profile)
 *      seeded at every node a station's vehicle reaches gives each node the
 *      hose metres to the nearest vehicle-reachable junction and which one
 *      it is; a building takes the better of its entrance edge's two ends.
 *      Difference from the plan: the plan takes the nearest drivable
 *      junction and only then asks whether a station reaches it (it tries up
 *      to 4); here only junctions some station reaches are staging
 *      candidates. Hose metres include the entrance's snap distance.
 *   3. Class by the drive time to the staging point: within T1, within T2,
 *      beyond, or unreachable (no station of the kind reaches any point
 *      within COV_WALK_MAX_M on foot).
 *   4. Hose: beyond hose reach when the hose metres exceed hose_reach_m.
 *   5. Water: two more multi-source walks from working hydrants and from
 *      draft points give each node its walking metres to the nearest one; a
 *      building has no water when its staging point (its entrance when it
 *      has none) is farther than hose_reach_m from a working hydrant and
 *      farther than draft_near_m from a draft point.
 *   6. Alleys: each walk label also carries the first edge off the driven
 *      network on the way in (the alley's mouth); buildings whose hose runs
 *      through a mouth are "behind" it. The alleys are ranked by occupants
 *      behind them; their width comes from the store.
 * Live closures are ignored (planning looks at the network as built): the
 * searches run with now_s = 0. Units count whatever their status unless
 * available_only is set.
 *
 * An eng_cov_ctx holds what does not change between runs (buildings and
 * their entrances snapped on foot, the walking network, the admin tree);
 * building it is the slow part (seconds on 2 million buildings). It is
 * immutable afterwards and may be shared by threads; each run allocates its
 * own scratch. Stations, units, hydrants and draft points are read from the
 * store on every run. */
#ifndef COVERAGE_H
#define COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "geo_types.h"
#include "pc_buf.h"
#include "rt_graph.h"

#define COV_WALK_MAX_M 1000.0 /* the plan's walk for staging points (PLAN_WALK_MIN_M) */
#define COV_ENTRANCE_SNAP_M 200.0
#define COV_MAX_KINDS 8

typedef struct eng_cov_ctx eng_cov_ctx;

/* Reads buildings and admin units from s and snaps entrances on g's foot
 * profile. g must outlive the context. Caller owns *out. PC_EINVAL when the
 * graph has no foot profile (err says so). */
pc_rc eng_cov_ctx_create(geo_store *s, const rt_graph *g, eng_cov_ctx **out, char *err, size_t err_len);
void eng_cov_ctx_destroy(eng_cov_ctx *c);
size_t eng_cov_ctx_n_buildings(const eng_cov_ctx *c);

typedef struct eng_cov_opts {
    const char *vehicle;   /* vehicle kind = profile name; NULL: "engine" */
    double t1_s, t2_s;     /* <= 0: 240 and 480 */
    double hose_reach_m;   /* <= 0: 120 */
    double draft_near_m;   /* <= 0: 200 */
    int available_only;    /* 1: only units available now count */
} eng_cov_opts;

/* A hypothetical station with the vehicle kinds it would house. */
typedef struct eng_cov_new_station {
    geo_lonlat pos;
    const char *kinds[COV_MAX_KINDS];
    size_t n_kinds;
} eng_cov_new_station;

/* A hypothetical unit at an existing station. */
typedef struct eng_cov_new_unit {
    int64_t station_id;
    const char *kind;
} eng_cov_new_unit;

/* Changes to evaluate; nothing is written. Arrays are the caller's. */
typedef struct eng_cov_scenario {
    const eng_cov_new_station *add_stations;
    size_t n_add_stations;
    const eng_cov_new_unit *add_units;
    size_t n_add_units;
    const int64_t *remove_stations;
    size_t n_remove_stations;
    const geo_lonlat *add_hydrants; /* working */
    size_t n_add_hydrants;
    const int64_t *remove_hydrants; /* treated as broken */
    size_t n_remove_hydrants;
    const geo_lonlat *add_draft_points;
    size_t n_add_draft_points;
} eng_cov_scenario;

typedef enum eng_cov_class {
    ENG_COV_T1 = 0,
    ENG_COV_T2,
    ENG_COV_BEYOND,
    ENG_COV_UNREACHABLE,
    ENG_COV_N_CLASSES
} eng_cov_class;

/* Counts for one administrative unit (its own buildings and everything
 * under it), or for the whole city. */
typedef struct eng_cov_sum {
    int64_t n[ENG_COV_N_CLASSES], occ[ENG_COV_N_CLASSES];
    int64_t n_hose_beyond, occ_hose_beyond;
    int64_t n_no_water, occ_no_water;
    int64_t n_buildings, occupants;
} eng_cov_sum;

typedef struct eng_cov_unit {
    int64_t id, parent_id;
    long parent_ix; /* index in r->units; -1: a root */
    int level;
    const char *code, *name; /* owned by the context */
    eng_cov_sum sum;
} eng_cov_unit;

/* One alley a truck cannot enter and the buildings whose hose runs through it. */
typedef struct eng_cov_alley {
    int64_t edge_id;
    const char *name;       /* owned by the graph; NULL when unnamed */
    double width_m;         /* from the store; < 0 unknown */
    int narrower;           /* width_m < the vehicle's minimum road width */
    geo_lonlat mouth;       /* where it meets the driven network */
    int64_t n_buildings, occupants;
} eng_cov_alley;

/* Per building, parallel to the context's buildings. */
typedef struct eng_cov_bldg {
    float drive_s;  /* INFINITY: unreachable */
    float hose_m;   /* INFINITY: no staging point */
    uint8_t cls;    /* eng_cov_class */
    uint8_t no_water;
    int32_t mouth;  /* graph edge of the alley behind which it lies; -1: at the door or none */
} eng_cov_bldg;

typedef struct eng_cov_result {
    eng_cov_opts opts;           /* with defaults filled (vehicle string owned by the result) */
    char vehicle[32];
    size_t n_sources;            /* stations with the kind that the search started from */
    eng_cov_bldg *b;             /* one per context building */
    size_t n_b;
    eng_cov_sum city;
    eng_cov_unit *units;         /* one per admin unit, ascending id */
    size_t n_units;
    eng_cov_alley *alleys;       /* by occupants behind, most first; at most 100 */
    size_t n_alleys;
    double run_ms;
} eng_cov_result;

/* Classifies every building for o (NULL: defaults) with scenario sc applied
 * (NULL: as stored). s is read (stations, units, hydrants, draft points,
 * alley widths), never written. PC_EINVAL (err says why) on an unknown
 * vehicle kind, bad thresholds or a scenario naming an unknown station or
 * a position off the map. Caller owns *out (eng_cov_result_destroy). */
pc_rc eng_cov_run(eng_cov_ctx *c, geo_store *s, const eng_cov_opts *o, const eng_cov_scenario *sc,
                  eng_cov_result **out, char *err, size_t err_len);
void eng_cov_result_destroy(eng_cov_result *r);

/* The index of the admin unit with this code in r->units, or -1. */
long eng_cov_unit_find(const eng_cov_result *r, const char *code);

/* Up to max building indices (into the context's buildings) in admin unit
 * unit_ix and below (-1: the city), worst first: unreachable, then by drive
 * time, then by hose metres, no water, occupants. box (NULL: none) is two
 * corners, south-west then north-east: only entrances inside it. *idx is
 * malloc'ed (caller frees). */
pc_rc eng_cov_worst(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, const geo_lonlat *box, size_t max,
                    size_t **idx, size_t *n_idx);

/* The building at index i of the context: id, entrance, occupants, admin unit id. */
void eng_cov_building(const eng_cov_ctx *c, size_t i, int64_t *id, geo_lonlat *entrance, int32_t *occupants,
                      int64_t *admin_unit_id);

/* --- output (coverage_out.c) --------------------------------------------- */

/* The report as one GeoJSON FeatureCollection: its features are the worst
 * n_worst buildings (within box when given), and foreign members carry the
 * options, city totals, per-unit sums (unit_ix and its descendants; -1:
 * all) and the alleys. */
pc_rc eng_cov_json(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, const geo_lonlat *box, size_t n_worst,
                   pc_buf *out);
/* Worst buildings (or every building in unit_ix when n_worst is 0) as a
 * GeoJSON FeatureCollection of entrance points with eta_s, class, hose_m,
 * no_water, occupants. */
pc_rc eng_cov_geojson(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, size_t n_worst, pc_buf *out);
/* Appends the features (comma-separated, no brackets) of those buildings. */
void eng_cov_features(const eng_cov_ctx *c, const eng_cov_result *r, const size_t *idx, size_t n, pc_buf *out);
/* One CSV row per admin unit (unit_ix and below; -1: all) with its sums. */
pc_rc eng_cov_csv(const eng_cov_result *r, long unit_ix, pc_buf *out);
/* The difference after - before as JSON: city totals, changed units,
 * buildings that improved / worsened their class. */
pc_rc eng_cov_delta_json(const eng_cov_result *before, const eng_cov_result *after, pc_buf *out);
/* A PNG map of the buildings in unit_ix (-1: all) coloured by class,
 * width_px wide (height from the area's aspect). */
pc_rc eng_cov_png(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, int width_px, pc_buf *out);

/* Whether admin unit index u is unit_ix or lies under it. */
int eng_cov_unit_under(const eng_cov_result *r, long u, long unit_ix);

#endif
