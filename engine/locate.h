/* locate.h — turning what the caller gave (a house code, an address as typed,
 * a position) into the building the plan is for, without ever guessing.
 *
 * A house code must match exactly (a failed check character is refused with
 * the existing codes one typo away); an address is accepted only when its
 * best candidate is confident and clearly ahead of the next; otherwise the
 * caller gets the candidates to choose from. A position inside a footprint
 * is that building; elsewhere it is a bare place (with the nearest
 * buildings as candidates). */
#ifndef LOCATE_H
#define LOCATE_H

#include <stddef.h>
#include <stdint.h>

#include "geo_geocode.h"

typedef enum eng_loc_status {
    ENG_LOC_BUILDING,  /* building_id set */
    ENG_LOC_PLACE,     /* a bare position */
    ENG_LOC_AMBIGUOUS, /* candidates to choose from */
    ENG_LOC_BAD_CODE,  /* house code failed its check: suggestions in candidates */
    ENG_LOC_NOT_FOUND,
} eng_loc_status;

typedef struct eng_location {
    eng_loc_status status;
    int64_t building_id;
    geo_lonlat pos;
    const char *how;   /* house_code, address, contains, place */
    double confidence;
    geo_gc_candidate *candidates;
    size_t n_candidates;
} eng_location;

#define ENG_LOC_MIN_CONFIDENCE 0.75
#define ENG_LOC_MIN_LEAD 0.1

/* Exactly one of house, address, pos (has_pos) must be given (PC_EINVAL). */
pc_rc eng_locate(geo_geocoder *gc, const char *house, const char *address, const geo_lonlat *pos, pc_arena *a,
                 eng_location *out);

#endif
