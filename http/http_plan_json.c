/* http_plan_json.c — serialising an eng_plan with cJSON. */
#include "http_plan_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "http_json_mem.h"
#include "http_plan_json_int.h"

static cJSON *num(double v) { return cJSON_CreateNumber(v); }

/* Coordinates are most of a plan's numbers (route and hose lines): they are
 * written here with 7 decimals (1 cm) by integer arithmetic and handed to
 * cJSON as raw JSON, instead of cJSON's printf-and-reparse per number,
 * which took a third of the server's time per plan. */
static char *put_deg(char *o, double v)
{
    long long q = llround(v * 1e7);
    if (q < 0)
        *o++ = '-', q = -q;
    long long ip = q / 10000000, fp = q % 10000000;
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + ip % 10);
    while ((ip /= 10) > 0);
    while (n)
        *o++ = tmp[--n];
    *o++ = '.';
    for (long long d = 1000000; d > 0; d /= 10)
        *o++ = (char)('0' + (fp / d) % 10);
    return o;
}

static char *put_pair(char *o, geo_lonlat p)
{
    *o++ = '[';
    o = put_deg(o, p.lon_deg);
    *o++ = ',';
    o = put_deg(o, p.lat_deg);
    *o++ = ']';
    return o;
}

/* v rounded to `decimals` places as a raw JSON number, trailing zeros
 * dropped ("12.5", "3", "-0.25"): the same text cJSON's "%1.15g" gives for
 * such values, without printf and the sscanf that checks it (most of a
 * plan's non-integer numbers: distances, times, confidences). */
static cJSON *num_fixed(double v, int decimals)
{
    if (!isfinite(v) || fabs(v) >= 1e12)
        return cJSON_CreateNumber(v);
    long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    long long q = llround(v * (double)scale);
    char buf[48], *o = buf;
    if (q < 0)
        *o++ = '-', q = -q;
    long long ip = q / scale, fp = q % scale;
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + ip % 10);
    while ((ip /= 10) > 0);
    while (n)
        *o++ = tmp[--n];
    if (fp) {
        *o++ = '.';
        for (long long d = scale / 10; d > 0 && fp; d /= 10) {
            *o++ = (char)('0' + fp / d);
            fp %= d;
        }
    }
    *o = '\0';
    return cJSON_CreateRaw(buf);
}

static void add_fixed(cJSON *o, const char *k, double v, int decimals)
{
    cJSON_AddItemToObject(o, k, num_fixed(v, decimals));
}

/* "[lon,lat]" or "[[lon,lat],...]" as a raw cJSON item (NULL on ENOMEM). */
static cJSON *raw_coords(const geo_lonlat *pts, size_t n, int nested)
{
    char *buf = malloc(n * 48 + 4), *o = buf;
    if (!buf)
        return NULL;
    if (nested)
        *o++ = '[';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *o++ = ',';
        o = put_pair(o, pts[i]);
    }
    if (nested)
        *o++ = ']';
    *o = '\0';
    cJSON *raw = cJSON_CreateRaw(buf);
    free(buf);
    return raw;
}

cJSON *http_geo_point(geo_lonlat p)
{
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "type", "Point");
    cJSON_AddItemToObject(g, "coordinates", raw_coords(&p, 1, 0));
    return g;
}

cJSON *http_geo_line(const geo_lonlat *pts, size_t n)
{
    if (n < 2)
        return cJSON_CreateNull();
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "type", "LineString");
    cJSON_AddItemToObject(g, "coordinates", raw_coords(pts, n, 1));
    return g;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static void add_int(cJSON *o, const char *k, int v)
{
    if (v < 0)
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v);
}

static void add_real(cJSON *o, const char *k, double v)
{
    if (v < 0)
        cJSON_AddNullToObject(o, k);
    else
        add_fixed(o, k, v, 1);
}

static cJSON *compliance_json(const geo_compliance *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "managed", c->facility_id > 0);
    if (c->facility_id > 0) {
        cJSON_AddNumberToObject(o, "facility_id", (double)c->facility_id);
        add_str(o, "category", c->category);
        add_str(o, "last_inspection_on", c->last_inspection_on);
        add_str(o, "last_result", c->last_result);
        cJSON_AddNumberToObject(o, "open_violations", c->open_violations);
        cJSON_AddNumberToObject(o, "open_fines_vnd", (double)c->open_fines_vnd);
        cJSON_AddBoolToObject(o, "suspended", c->suspended);
        add_str(o, "suspension_kind", c->suspension_kind);
        add_str(o, "suspended_since", c->suspended_since);
        cJSON_AddBoolToObject(o, "design_approval", c->has_design_approval);
        cJSON_AddBoolToObject(o, "acceptance", c->has_acceptance);
        cJSON_AddNumberToObject(o, "fires_recorded", c->fires_recorded);
    }
    return o;
}

static cJSON *building_json(const geo_building *b)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)b->id);
    add_str(o, "house_code", b->house_code);
    add_str(o, "name", b->name);
    add_str(o, "type", b->type_code);
    add_str(o, "type_vi", b->type_name_vi);
    add_str(o, "type_en", b->type_name_en);
    add_str(o, "address", b->addr_full);
    add_str(o, "ward", b->admin_unit_name);
    add_int(o, "floors", b->floors);
    add_int(o, "basements", b->basements);
    add_real(o, "height_m", b->height_m);
    add_real(o, "footprint_m2", b->footprint_m2);
    add_int(o, "apartments", b->apartments);
    add_int(o, "rooms", b->rooms);
    add_int(o, "occupants", b->occupants);
    cJSON *v = cJSON_AddObjectToObject(o, "vulnerable");
    add_int(v, "elderly", b->vuln_elderly);
    add_int(v, "children", b->vuln_children);
    add_int(v, "disabled", b->vuln_disabled);
    add_int(v, "bedridden", b->vuln_bedridden);
    add_str(o, "ground_floor_use", b->ground_floor_use);
    cJSON *hz = cJSON_AddArrayToObject(o, "hazards");
    for (size_t i = 0; i < b->n_hazards; i++)
        cJSON_AddItemToArray(hz, cJSON_CreateString(b->hazards[i]));
    cJSON *ex = cJSON_AddArrayToObject(o, "exits");
    for (size_t i = 0; i < b->n_exits; i++) {
        cJSON *e = cJSON_CreateObject();
        add_str(e, "kind", b->exits[i].kind);
        add_real(e, "width_m", b->exits[i].width_m);
        cJSON_AddNumberToObject(e, "floor", b->exits[i].floor);
        cJSON_AddItemToObject(e, "geometry", http_geo_point(b->exits[i].pos));
        cJSON_AddItemToArray(ex, e);
    }
    cJSON *er = cJSON_AddArrayToObject(o, "escape_routes");
    for (size_t i = 0; i < b->n_routes; i++) {
        cJSON *e = cJSON_CreateObject();
        add_str(e, "name", b->routes[i].name);
        add_str(e, "description", b->routes[i].description);
        cJSON_AddItemToObject(e, "geometry", http_geo_line(b->routes[i].pts, b->routes[i].n_pts));
        cJSON_AddItemToArray(er, e);
    }
    cJSON_AddItemToObject(o, "entrance", http_geo_point(b->entrance));
    if (b->n_footprint >= 4) {
        cJSON *fp = cJSON_CreateObject(), *rings = cJSON_CreateArray();
        cJSON_AddStringToObject(fp, "type", "Polygon");
        cJSON *line = http_geo_line(b->footprint, b->n_footprint);
        cJSON_AddItemToArray(rings, cJSON_DetachItemFromObject(line, "coordinates"));
        cJSON_Delete(line);
        cJSON_AddItemToObject(fp, "coordinates", rings);
        cJSON_AddItemToObject(o, "footprint", fp);
    }
    cJSON_AddItemToObject(o, "compliance", compliance_json(&b->compliance));
    return o;
}

static cJSON *access_json(const eng_access *x)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "vehicle", x->kind);
    cJSON_AddBoolToObject(o, "reachable", x->reachable);
    if (!x->reachable) {
        add_str(o, "why_not", x->why_not);
        return o;
    }
    cJSON_AddBoolToObject(o, "at_door", x->at_door);
    cJSON_AddItemToObject(o, "staging", http_geo_point(x->staging));
    add_str(o, "staging_street", x->staging_street);
    add_fixed(o, "hose_m", x->hose_m, 1);
    cJSON_AddBoolToObject(o, "within_hose_reach", x->within_hose_reach);
    cJSON_AddItemToObject(o, "hose_line", http_geo_line(x->hose_line.pts, x->hose_line.n_pts));
    return o;
}

static cJSON *unit_json(const eng_plan_unit *u)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)u->unit.id);
    add_str(o, "code", u->unit.code);
    add_str(o, "kind", u->unit.kind);
    add_str(o, "name", u->unit.name);
    add_str(o, "station", u->unit.station_name);
    add_str(o, "station_code", u->unit.station_code);
    add_fixed(o, "eta_s", u->eta_s, 1);
    add_fixed(o, "distance_m", u->dist_m, 1);
    add_int(o, "water_l", u->unit.water_l);
    add_real(o, "ladder_m", u->unit.ladder_m);
    cJSON *st = cJSON_AddArrayToObject(o, "streets");
    for (size_t i = 0; i < u->n_streets; i++)
        cJSON_AddItemToArray(st, cJSON_CreateString(u->streets[i]));
    cJSON_AddItemToObject(o, "route", http_geo_line(u->route.pts, u->route.n_pts));
    return o;
}

static cJSON *places_json(const eng_place *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        const geo_poi *p = &v[i].poi;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)p->id);
        if (p->code)
            cJSON_AddStringToObject(o, "code", p->code);
        if (p->name)
            cJSON_AddStringToObject(o, "name", p->name);
        if (p->status)
            cJSON_AddStringToObject(o, "status", p->status);
        if (p->detail)
            cJSON_AddStringToObject(o, "detail", p->detail);
        if (p->contact)
            cJSON_AddStringToObject(o, "contact", p->contact);
        if (p->value >= 0)
            add_fixed(o, "value", p->value, 1);
        if (v[i].walk_m >= 0)
            add_fixed(o, "path_m", v[i].walk_m, 1);
        else
            cJSON_AddNullToObject(o, "path_m");
        add_fixed(o, "straight_m", p->dist_m, 1);
        if (v[i].member)
            cJSON_AddTrueToObject(o, "member");
        cJSON_AddItemToObject(o, "geometry", http_geo_point(p->pos));
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *first_alarm_json(const eng_plan *p)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < p->n_first_alarm; i++) {
        const eng_assign *x = &p->first_alarm[i];
        cJSON *o = cJSON_CreateObject(), *ids = cJSON_CreateArray();
        cJSON_AddStringToObject(o, "vehicle", x->kind);
        cJSON_AddNumberToObject(o, "wanted", x->wanted);
        for (size_t k = 0; k < x->n_units; k++)
            cJSON_AddItemToArray(ids, num((double)x->unit_ids[k]));
        cJSON_AddItemToObject(o, "unit_ids", ids);
        cJSON_AddBoolToObject(o, "short", x->n_units < (size_t)x->wanted);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static const char *const LOC_STATUS[] = {"building", "place", "ambiguous", "bad_house_code", "not_found"};

cJSON *http_location_to_cjson(const eng_location *loc)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "status", LOC_STATUS[loc->status]);
    add_str(o, "how", loc->how);
    if (loc->status == ENG_LOC_BUILDING || loc->status == ENG_LOC_PLACE)
        add_fixed(o, "confidence", loc->confidence, 3);
    cJSON *c = cJSON_AddArrayToObject(o, "candidates");
    for (size_t i = 0; i < loc->n_candidates; i++) {
        const geo_gc_candidate *x = &loc->candidates[i];
        cJSON *e = cJSON_CreateObject();
        add_str(e, "house_code", x->house_code);
        add_str(e, "address", x->address);
        add_fixed(e, "lat", x->pos.lat_deg, 7);
        add_fixed(e, "lon", x->pos.lon_deg, 7);
        add_fixed(e, "confidence", x->confidence, 3);
        cJSON_AddItemToArray(c, e);
    }
    return o;
}

char *http_location_json(const eng_location *loc, int pretty)
{
    cJSON *o = http_location_to_cjson(loc);
    char *s = o ? (pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o)) : NULL;
    cJSON_Delete(o);
    return s;
}

cJSON *http_plan_to_cjson(const eng_plan *p, const eng_location *loc)
{
    cJSON *o = cJSON_CreateObject();
    if (loc)
        cJSON_AddItemToObject(o, "location", http_location_to_cjson(loc));
    cJSON_AddItemToObject(o, "target", http_geo_point(p->target));
    add_str(o, "target_street", p->target_street);
    add_fixed(o, "target_to_road_m", p->target_snap_m, 1);
    cJSON_AddItemToObject(o, "building", p->building ? building_json(p->building) : cJSON_CreateNull());
    cJSON *acc = cJSON_AddArrayToObject(o, "access");
    for (size_t i = 0; i < p->n_access; i++)
        cJSON_AddItemToArray(acc, access_json(&p->access[i]));
    cJSON *units = cJSON_AddArrayToObject(o, "units");
    for (size_t i = 0; i < p->n_units; i++)
        cJSON_AddItemToArray(units, unit_json(&p->units[i]));
    cJSON_AddItemToObject(o, "first_alarm", first_alarm_json(p));
    cJSON *water = cJSON_AddObjectToObject(o, "water");
    cJSON_AddItemToObject(water, "hydrants", places_json(p->hydrants, p->n_hydrants));
    cJSON_AddNumberToObject(water, "broken_hydrants_near", p->broken_hydrants_near);
    cJSON_AddItemToObject(water, "draft_points", places_json(p->draft_points, p->n_draft_points));
    cJSON *nb = cJSON_AddObjectToObject(o, "neighbours");
    cJSON_AddItemToObject(nb, "fire_points", places_json(p->fire_points, p->n_fire_points));
    cJSON_AddItemToObject(nb, "safety_groups", places_json(p->safety_groups, p->n_safety_groups));
    cJSON *ev = cJSON_AddObjectToObject(o, "evacuation");
    cJSON_AddItemToObject(ev, "assembly_areas", places_json(p->assembly_areas, p->n_assembly_areas));
    cJSON *w = cJSON_AddArrayToObject(o, "warnings");
    for (size_t i = 0; i < p->n_warnings; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "code", p->warnings[i].code);
        cJSON_AddStringToObject(x, "text", p->warnings[i].text_en);
        cJSON_AddStringToObject(x, "text_vi", p->warnings[i].text_vi);
        cJSON_AddItemToArray(w, x);
    }
    cJSON_AddNumberToObject(o, "hose_reach_m", p->hose_reach_m);
    add_fixed(o, "build_ms", p->build_ms, 2);
    return o;
}

char *http_plan_json(const eng_plan *p, const eng_location *loc, int pretty)
{
    http_json_mem_on(); /* the tree from this thread's region... */
    cJSON *o = http_plan_to_cjson(p, loc);
    http_json_mem_off(); /* ...the text, which the caller frees, from malloc */
    char *s = o ? (pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o)) : NULL;
    cJSON_Delete(o);
    http_json_mem_reset();
    return s;
}
