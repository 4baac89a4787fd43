/* demo_city.h — the deterministic demo-city generator.
 *
 * Generates a Hanoi-like city into an empty store: a grid of main streets
 * (phố, đường) around 240 m blocks; inside each block a dense fabric of ngõ
 * (2–6 m) and ngách (1.2–3 m) with dead ends; tube houses, mini apartment
 * blocks, boarding houses and shophouses with house codes, Vietnamese
 * addresses, occupants, hazards, exits and fire-safety records; lakes with
 * draft points, parks as assembly areas, fire stations with mixed units,
 * hydrants every ~150 m along main streets (some broken), public fire points
 * deep in alleys, inter-household safety groups, and wards and districts as
 * polygons. Roads go into road_node/road_edge like imported OSM roads.
 *
 * The same (scale, seed) always gives the same database. The size grows
 * linearly: about 1,000 buildings per unit of scale (scale 2000 ≈ 2 million). */
#ifndef DEMO_CITY_H
#define DEMO_CITY_H

#include <stdint.h>

#include "geo_store.h"
#include "pc_rc.h"

typedef struct demo_params {
    uint32_t scale;  /* thousands of buildings, >= 1 */
    uint64_t seed;
    int quiet;       /* no progress output */
} demo_params;

typedef struct demo_stats {
    int64_t blocks, buildings, road_nodes, road_edges, stations, units, hydrants, water_sources, fire_points,
        safety_groups, facilities, wards;
} demo_stats;

/* Fills the (empty) store s. PC_EEXIST if s already holds buildings or roads.
 * On error the store is left without the partial city (one transaction) and
 * err holds one line. */
pc_rc demo_city_generate(geo_store *s, const demo_params *p, demo_stats *out, char *err, size_t err_len);

/* Adds generated buildings, stations with units and hydrants to a store that
 * already holds a real road network (pccc import-osm) and no buildings:
 * about scale x 1,000 buildings along its roads and alleys. */
pc_rc demo_overlay_generate(geo_store *s, const demo_params *p, demo_stats *out, char *err, size_t err_len);

#endif
