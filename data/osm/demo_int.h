/* demo_int.h — shared state of the demo-city generator's files. */
#ifndef DEMO_INT_H
#define DEMO_INT_H

#include <stdint.h>

#include "demo_city.h"
#include "geo_types.h"
#include "pc_progress.h"

#define DEMO_BLOCK_M 240.0   /* street centreline to centreline */
#define DEMO_FRONT_DEPTH 12.0 /* depth of lots on main streets */
#define DEMO_LOT_W 5.0        /* lot pitch along an alley */
#define DEMO_NGO_LOT_DEPTH 10.0
#define DEMO_NGACH_LOT_DEPTH 8.0
#define DEMO_MAX_NGO 4
#define DEMO_MAX_SLOTS 12
#define DEMO_WARD_BLOCKS 4     /* a ward is 4 x 4 blocks */
#define DEMO_DISTRICT_WARDS 3  /* a district is 3 x 3 wards */

/* Deterministic PRNG (xoshiro256**) seeded from (seed, stream ids). */
typedef struct demo_rng {
    uint64_t s[4];
} demo_rng;

void demo_rng_init(demo_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c);
uint64_t demo_rng_next(demo_rng *r);
double demo_rng_unit(demo_rng *r);                         /* [0,1) */
double demo_rng_range(demo_rng *r, double lo, double hi); /* [lo,hi) */
int demo_rng_int(demo_rng *r, int lo, int hi);             /* [lo,hi] */
int demo_rng_chance(demo_rng *r, double p);

enum { DEMO_BLOCK_NORMAL, DEMO_BLOCK_LAKE, DEMO_BLOCK_PARK };

typedef struct demo_ngach {
    double y;       /* along the ngõ, from the inner block edge */
    int side;       /* +1 east, -1 west */
    double len_m;   /* from the ngõ axis */
    double width_m;
    int connects;   /* reaches the next ngõ on that side */
    int number;     /* address number of the ngách */
} demo_ngach;

typedef struct demo_ngo {
    double x;        /* axis, from the inner block's west edge */
    double width_m;
    double len_m;    /* from the inner block's south edge; through: to the north street */
    int through;
    int number;      /* address number on the main street */
    double maxheight_m; /* a low gate at the mouth, 0 = none */
    int n_slots;     /* slot s at y = 26 + 25 s */
    demo_ngach ngach[DEMO_MAX_SLOTS]; /* width_m == 0: no ngách in slot */
    int in_from_west[DEMO_MAX_SLOTS]; /* a connecting ngách from the ngõ to the west arrives here */
} demo_ngo;

typedef struct demo_block {
    int i, j, index, kind;
    double x0, y0;          /* inner rectangle, absolute metres */
    double w, h;
    double street_s, street_n, street_w, street_e; /* half widths of the four streets */
    int n_ngo;
    demo_ngo ngo[DEMO_MAX_NGO];
    int has_station;
    int64_t ward_id;
    const char *ward_name;
} demo_block;

typedef struct demo_street {
    char name[96];     /* "Khương Hạ" */
    const char *kind;  /* "phố" or "đường" */
    const char *cls;   /* OSM class */
    double width_m;
    int oneway;        /* 0, +1 increasing x/y, -1 decreasing */
} demo_street;

typedef struct demo_ctx {
    geo_store *store;
    demo_params p;
    geo_frame frame;
    int gx, gy;            /* blocks */
    int n_wards_x, n_wards_y, n_districts_x, n_districts_y;
    int64_t first_ward_id;
    int64_t node_base;     /* first block-local node id */
    demo_street *hstreets; /* gy + 1 */
    demo_street *vstreets; /* gx + 1 */
    int64_t next_serial;   /* house code serial */
    int64_t n_hydrants, n_fire_points, n_groups, n_stations, n_units, n_facilities, n_water;
    pc_progress progress;
    char *err;
    size_t err_len;
} demo_ctx;

/* demo_layout.c */
void demo_block_layout(const demo_ctx *c, int i, int j, demo_block *b);
int64_t demo_node_id(const demo_ctx *c, int block_index, int local);
int64_t demo_intersection_id(const demo_ctx *c, int i, int j);
int64_t demo_ward_of_block(const demo_ctx *c, int i, int j);
const char *demo_ward_name(const demo_ctx *c, int64_t ward_id);
geo_lonlat demo_ll(const demo_ctx *c, double x, double y);
int demo_house_number(double along_m, int even);

/* demo_roads.c */
pc_rc demo_write_streets(demo_ctx *c);
pc_rc demo_write_block_roads(demo_ctx *c, const demo_block *b);

/* demo_buildings.c */
pc_rc demo_write_block_buildings(demo_ctx *c, const demo_block *b);

/* demo_resources.c */
pc_rc demo_write_admin(demo_ctx *c);
pc_rc demo_write_hydrants(demo_ctx *c);
pc_rc demo_write_block_resources(demo_ctx *c, const demo_block *b);
/* A hydrant at pos (status, flow, pressure drawn from the seed). */
pc_rc demo_write_hydrant_at(demo_ctx *c, geo_lonlat pos, int64_t ward);
/* The mixed units of station number n (engines, small engine, motorbikes,
 * and at some stations a ladder, tanker or rescue vehicle). */
pc_rc demo_write_units(demo_ctx *c, int64_t station_id, int n);

/* demo_names.c */
extern const char *const demo_street_names[];
extern const int demo_n_street_names;
extern const char *const demo_ward_names[];
extern const int demo_n_ward_names;
extern const char *const demo_district_names[];
extern const int demo_n_district_names;
extern const char *const demo_lake_names[];
extern const int demo_n_lake_names;
extern const char *const demo_family_names[];
extern const int demo_n_family_names;
extern const char *const demo_given_names[];
extern const int demo_n_given_names;

#endif
