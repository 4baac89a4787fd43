/* geo_geocode_int.h — the geocoder's insides, shared by geo_geocode.c
 * (dictionary, house codes, addresses) and geo_geocode_reverse.c. */
#ifndef GEO_GEOCODE_INT_H
#define GEO_GEOCODE_INT_H

#include <time.h>

#include "geo_geocode.h"
#include "geo_store_int.h"

/* One distinct street spelling found in building.addr_street or
 * address_point.street, read by the address parser: "Ngõ 27 Phố Cát Linh"
 * has key "cat linh" and the embedded ngõ "27". */
typedef struct gc_street {
    char *spelling;
    char key[GEO_ADDR_NAME_LEN];
    char key2[GEO_ADDR_NAME_LEN]; /* named alleys: the name without "ngo" */
    char ngo[GEO_ADDR_NUM_LEN], ngach[GEO_ADDR_NUM_LEN];
} gc_street;

typedef struct gc_area {
    int64_t id, parent_id;
    int level;
    char key[GEO_ADDR_NAME_LEN];
} gc_area;

struct geo_geocoder {
    geo_store *s;
    gc_street *streets;
    size_t n_streets, cap_streets;
    gc_area *areas;
    size_t n_areas, cap_areas;
    int loaded;
    int64_t data_version;
    int total_changes;
    time_t loaded_at;
};

/* The SELECT list every building lookup uses, and the row it reads. */
#define GC_BCOLS                                                                                                  \
    "b.id,b.house_code,b.addr_full,b.addr_number,b.addr_ngach,b.addr_ngo,b.addr_street,"                        \
    "coalesce(b.admin_unit_id,0),b.addr_folded,"                                                                 \
    "coalesce(ST_X(b.entrance),ST_X(ST_Centroid(b.footprint))),coalesce(ST_Y(b.entrance),ST_Y(ST_Centroid(b.footprint)))"

/* Fills c from a GC_BCOLS row (strings copied into a). PC_ENOMEM. */
pc_rc gc_candidate_from_row(sqlite3_stmt *st, pc_arena *a, geo_gc_match match, geo_gc_candidate *c);
/* A zeroed result in a, or NULL. */
geo_gc_result *gc_result_new(pc_arena *a);
/* Loads the dictionary, or reloads it when the database has changed
 * (checked at most every few seconds). */
pc_rc gc_ensure_fresh(geo_geocoder *g);
/* Clamps a requested result count. */
size_t gc_clamp_max(size_t max);

#endif
