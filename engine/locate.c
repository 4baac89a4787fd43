/* locate.c — from a caller's words to one building, or candidates. */
#include "locate.h"

#include <string.h>

static void take_result(const geo_gc_result *r, eng_location *out)
{
    out->candidates = r->cands;
    out->n_candidates = r->n_cands;
}

static pc_rc by_house(geo_geocoder *gc, const char *house, pc_arena *a, eng_location *out)
{
    geo_gc_result *r = NULL;
    pc_rc rc = geo_geocode_house_code(gc, house, 5, a, &r);
    if (rc != PC_OK)
        return rc;
    out->how = "house_code";
    if (r->status == GEO_GC_BAD_CHECK) {
        out->status = ENG_LOC_BAD_CODE;
        out->candidates = r->suggestions;
        out->n_candidates = r->n_suggestions;
    } else if (r->status == GEO_GC_FOUND && r->cands[0].building_id > 0) {
        out->status = ENG_LOC_BUILDING;
        out->building_id = r->cands[0].building_id;
        out->pos = r->cands[0].pos;
        out->confidence = r->cands[0].confidence;
        take_result(r, out);
    } else {
        out->status = ENG_LOC_NOT_FOUND;
    }
    return PC_OK;
}

static pc_rc by_address(geo_geocoder *gc, const char *address, pc_arena *a, eng_location *out)
{
    geo_gc_result *r = NULL;
    pc_rc rc = geo_geocode_text(gc, address, 5, a, &r);
    if (rc != PC_OK)
        return rc;
    out->how = "address";
    take_result(r, out);
    if (r->status == GEO_GC_BAD_CHECK) {
        out->status = ENG_LOC_BAD_CODE;
        out->how = "house_code";
        out->candidates = r->suggestions;
        out->n_candidates = r->n_suggestions;
        return PC_OK;
    }
    if (r->status != GEO_GC_FOUND || r->n_cands == 0) {
        out->status = ENG_LOC_NOT_FOUND;
        return PC_OK;
    }
    const geo_gc_candidate *best = &r->cands[0];
    double lead = r->n_cands > 1 ? best->confidence - r->cands[1].confidence : 1.0;
    out->confidence = best->confidence;
    if (best->confidence < ENG_LOC_MIN_CONFIDENCE || lead < ENG_LOC_MIN_LEAD) {
        out->status = ENG_LOC_AMBIGUOUS;
        return PC_OK;
    }
    out->pos = best->pos;
    out->building_id = best->building_id;
    out->status = best->building_id > 0 ? ENG_LOC_BUILDING : ENG_LOC_PLACE;
    return PC_OK;
}

static pc_rc by_pos(geo_geocoder *gc, geo_lonlat pos, pc_arena *a, eng_location *out)
{
    geo_gc_result *r = NULL;
    pc_rc rc = geo_geocode_reverse(gc, pos, 5, a, &r);
    if (rc != PC_OK)
        return rc;
    take_result(r, out);
    out->pos = pos;
    if (r->status == GEO_GC_FOUND && r->cands[0].match == GEO_GC_CONTAINS && r->cands[0].building_id > 0) {
        out->status = ENG_LOC_BUILDING;
        out->how = "contains";
        out->building_id = r->cands[0].building_id;
        out->confidence = 1.0;
    } else {
        out->status = ENG_LOC_PLACE;
        out->how = "place";
    }
    return PC_OK;
}

pc_rc eng_locate(geo_geocoder *gc, const char *house, const char *address, const geo_lonlat *pos, pc_arena *a,
                 eng_location *out)
{
    memset(out, 0, sizeof *out);
    int given = (house != NULL) + (address != NULL) + (pos != NULL);
    if (given != 1)
        return PC_EINVAL;
    if (house)
        return by_house(gc, house, a, out);
    if (address)
        return by_address(gc, address, a, out);
    if (!geo_lonlat_valid(*pos))
        return PC_EINVAL;
    return by_pos(gc, *pos, a, out);
}
