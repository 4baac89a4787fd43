/* geo_geocode.h — finding the place of a call: by house code, by address as
 * people type it, or by coordinates.
 *
 * A dispatcher must never get the wrong house silently, so every lookup
 * returns ranked candidates with a confidence in [0, 1] and lets the caller
 * decide. The top confidence is 1 only when every part typed matched one
 * building and nothing else matched as well; missing parts (no house number,
 * no ngõ), mismatches, fuzzy street names and several equally good answers
 * all lower it.
 *
 * A geo_geocoder belongs to one thread (like its geo_store) and keeps a
 * small dictionary of street spellings and administrative units, refreshed
 * when the database has changed (at most every few seconds, or on
 * geo_geocoder_refresh()). Results live in the caller's arena. */
#ifndef GEO_GEOCODE_H
#define GEO_GEOCODE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_address.h"
#include "geo_housecode.h"
#include "geo_store.h"
#include "geo_types.h"
#include "pc_arena.h"

#define GEO_GEOCODE_MAX_RESULTS 50 /* max above this is clamped */

typedef struct geo_geocoder geo_geocoder;

typedef enum geo_gc_match {
    GEO_GC_HOUSE_CODE,    /* exact house code */
    GEO_GC_ADDRESS,       /* a building's address */
    GEO_GC_ADDRESS_POINT, /* an imported address point (OSM node) */
    GEO_GC_CONTAINS,      /* the footprint contains the point */
    GEO_GC_NEAREST,       /* the nearest footprints to the point */
} geo_gc_match;

typedef struct geo_gc_candidate {
    int64_t building_id;      /* 0: an address point with no building */
    int64_t address_point_id; /* 0 unless the match came from address_point */
    const char *house_code;   /* NULL when there is no building */
    const char *address;      /* the stored full address (may be NULL) */
    geo_lonlat pos;           /* entrance, else footprint centroid, else the point */
    double confidence;        /* [0, 1] */
    double dist_m;            /* by coordinates: metres to the footprint (0 inside); else -1 */
    geo_gc_match match;
} geo_gc_candidate;

typedef enum geo_gc_status {
    GEO_GC_FOUND,     /* n_cands >= 1 */
    GEO_GC_NO_MATCH,  /* nothing matched */
    GEO_GC_BAD_CHECK, /* a house code whose check character is wrong: refused */
} geo_gc_status;

typedef struct geo_gc_result {
    geo_gc_status status;
    geo_gc_candidate *cands; /* best first */
    size_t n_cands;
    /* GEO_GC_BAD_CHECK: the codes one typo away that exist, as candidates
     * with confidence 0 (never to be used without a person choosing). */
    geo_gc_candidate *suggestions;
    size_t n_suggestions;
    char typed_code[GEO_HOUSECODE_LEN + 1]; /* house-code queries: canonical spelling typed */
    int is_address;                         /* the text was read as an address */
    geo_address parsed;                     /* ... and this is how */
} geo_gc_result;

/* Creates a geocoder over s (which must outlive it). Caller owns *out:
 * geo_geocoder_destroy(). */
pc_rc geo_geocoder_create(geo_store *s, geo_geocoder **out);
void geo_geocoder_destroy(geo_geocoder *g);
/* Reloads the street and area dictionary now. */
pc_rc geo_geocoder_refresh(geo_geocoder *g);

/* Text typed by a person: a house code when it is shaped like one, else an
 * address. max candidates (1..GEO_GEOCODE_MAX_RESULTS; 0 means 10).
 * PC_EINVAL: empty, not UTF-8, or nothing usable; PC_ELIMIT: too long;
 * PC_EIO: database error. On error *out is NULL. */
pc_rc geo_geocode_text(geo_geocoder *g, const char *text, size_t max, pc_arena *a, geo_gc_result **out);

/* By house code only. A code failing its check gives GEO_GC_BAD_CHECK with
 * suggestions; PC_EINVAL if text is not shaped like a house code. */
pc_rc geo_geocode_house_code(geo_geocoder *g, const char *text, size_t max, pc_arena *a, geo_gc_result **out);

/* By address only (geo_address_parse rules). */
pc_rc geo_geocode_address(geo_geocoder *g, const char *text, size_t max, pc_arena *a, geo_gc_result **out);

/* By WGS 84 position: the buildings whose footprint contains p (confidence
 * 1), then the nearest ones by distance to their footprint, found through
 * the R*Tree with a growing search box (up to 2 km). PC_EINVAL for an
 * invalid position. */
pc_rc geo_geocode_reverse(geo_geocoder *g, geo_lonlat p, size_t max, pc_arena *a, geo_gc_result **out);

#endif
