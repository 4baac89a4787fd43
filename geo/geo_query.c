/* geo_query.c — building sheets, points of interest and units (geo_query.h).
 *
 * Points of interest are found through the R*Tree of each layer directly
 * (idx_<table>_geom), a box around the centre, then exact distances. */
#include "geo_query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"
#include "geo_store_int.h"

/* The result of a row loop that ended on rc: DONE (or a ROW left unread
 * because a cap was reached) is success, anything else an error — never
 * mistake a failed step for the end of the rows. */
static pc_rc step_end_rc(int rc) { return rc == SQLITE_DONE || rc == SQLITE_ROW ? PC_OK : geo_rc(rc); }

static int col_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1.0 : sqlite3_column_double(st, i);
}

/* Copies the vertices of a geometry blob column into the arena. */
static pc_rc col_vertices(pc_arena *a, sqlite3_stmt *st, int i, geo_lonlat **out, size_t *n)
{
    geo_lonlat *tmp = NULL;
    *out = NULL;
    *n = 0;
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return PC_OK;
    pc_rc rc = geo_blob_vertices(sqlite3_column_blob(st, i), sqlite3_column_bytes(st, i), &tmp, n);
    if (rc != PC_OK)
        return rc;
    *out = pc_arena_alloc(a, *n * sizeof **out);
    if (*out)
        memcpy(*out, tmp, *n * sizeof **out);
    free(tmp);
    return *out ? PC_OK : PC_ENOMEM;
}

pc_rc geo_building_id_by_code(geo_store *s, const char *house_code, int64_t *out)
{
    static const char sql[] = "SELECT id FROM building WHERE house_code=?";
    *out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, house_code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

static pc_rc load_main(geo_store *s, int64_t id, pc_arena *a, geo_building *b)
{
    static const char sql[] =
        "SELECT b.id,b.house_code,b.name,b.type_code,t.name_vi,t.name_en,b.addr_number,b.addr_ngach,b.addr_ngo,"
        "b.addr_street,b.addr_full,coalesce(b.admin_unit_id,0),u.name,b.floors,b.basements,b.height_m,"
        "b.footprint_m2,b.apartments,b.rooms,b.occupants,b.vuln_elderly,b.vuln_children,b.vuln_disabled,"
        "b.vuln_bedridden,b.ground_floor_use,ST_X(b.entrance),ST_Y(b.entrance),b.footprint"
        " FROM building b JOIN building_type t ON t.code=b.type_code LEFT JOIN admin_unit u ON u.id=b.admin_unit_id"
        " WHERE b.id=?";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
    }
    b->id = sqlite3_column_int64(st, 0);
    b->house_code = geo_col_str(a, st, 1), b->name = geo_col_str(a, st, 2), b->type_code = geo_col_str(a, st, 3);
    b->type_name_vi = geo_col_str(a, st, 4), b->type_name_en = geo_col_str(a, st, 5);
    b->addr_number = geo_col_str(a, st, 6), b->addr_ngach = geo_col_str(a, st, 7), b->addr_ngo = geo_col_str(a, st, 8);
    b->addr_street = geo_col_str(a, st, 9), b->addr_full = geo_col_str(a, st, 10);
    b->admin_unit_id = sqlite3_column_int64(st, 11), b->admin_unit_name = geo_col_str(a, st, 12);
    b->floors = col_int(st, 13), b->basements = col_int(st, 14);
    b->height_m = col_real(st, 15), b->footprint_m2 = col_real(st, 16);
    b->apartments = col_int(st, 17), b->rooms = col_int(st, 18), b->occupants = col_int(st, 19);
    b->vuln_elderly = col_int(st, 20), b->vuln_children = col_int(st, 21);
    b->vuln_disabled = col_int(st, 22), b->vuln_bedridden = col_int(st, 23);
    b->ground_floor_use = geo_col_str(a, st, 24);
    b->entrance = (geo_lonlat){sqlite3_column_double(st, 25), sqlite3_column_double(st, 26)};
    pc_rc prc = col_vertices(a, st, 27, &b->footprint, &b->n_footprint);
    sqlite3_reset(st);
    return prc;
}

static pc_rc load_hazards(geo_store *s, pc_arena *a, geo_building *b)
{
    static const char sql[] = "SELECT hazard_code FROM building_hazard WHERE building_id=? ORDER BY hazard_code";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, b->id);
    size_t cap = 16;
    b->hazards = pc_arena_alloc(a, cap * sizeof *b->hazards);
    int rc = SQLITE_DONE;
    while (b->hazards && b->n_hazards < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
        b->hazards[b->n_hazards++] = geo_col_str(a, st, 0);
    sqlite3_reset(st);
    return !b->hazards ? PC_ENOMEM : step_end_rc(rc);
}

static pc_rc load_exits(geo_store *s, pc_arena *a, geo_building *b)
{
    static const char sql[] = "SELECT id,kind,width_m,floor,ST_X(geom),ST_Y(geom) FROM building_exit"
                              " WHERE building_id=? ORDER BY floor,id LIMIT 64";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, b->id);
    b->exits = pc_arena_alloc(a, 64 * sizeof *b->exits);
    int src = SQLITE_DONE;
    while (b->exits && (src = sqlite3_step(st)) == SQLITE_ROW) {
        geo_exit *e = &b->exits[b->n_exits++];
        e->id = sqlite3_column_int64(st, 0);
        e->kind = geo_col_str(a, st, 1);
        e->width_m = col_real(st, 2);
        e->floor = sqlite3_column_int(st, 3);
        e->pos = (geo_lonlat){sqlite3_column_double(st, 4), sqlite3_column_double(st, 5)};
    }
    sqlite3_reset(st);
    return !b->exits ? PC_ENOMEM : step_end_rc(src);
}

static pc_rc load_routes(geo_store *s, pc_arena *a, geo_building *b)
{
    static const char sql[] = "SELECT name,description,geom FROM escape_route WHERE building_id=? ORDER BY id LIMIT 16";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, b->id);
    b->routes = pc_arena_alloc(a, 16 * sizeof *b->routes);
    pc_rc rc = b->routes ? PC_OK : PC_ENOMEM;
    int src = SQLITE_DONE;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        geo_escape_route *r = &b->routes[b->n_routes++];
        r->name = geo_col_str(a, st, 0);
        r->description = geo_col_str(a, st, 1);
        rc = col_vertices(a, st, 2, &r->pts, &r->n_pts);
    }
    sqlite3_reset(st);
    return rc == PC_OK ? step_end_rc(src) : rc;
}

/* Runs a one-row query bound to one id and hands the row to fill(). */
static pc_rc one_row(geo_store *s, const char *sql, int64_t id, void (*fill)(sqlite3_stmt *, pc_arena *, geo_compliance *),
                     pc_arena *a, geo_compliance *c)
{
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        fill(st, a, c);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

static void fill_facility(sqlite3_stmt *st, pc_arena *a, geo_compliance *c)
{
    c->facility_id = sqlite3_column_int64(st, 0);
    c->category = geo_col_str(a, st, 1);
    c->facility_name = geo_col_str(a, st, 2);
}
static void fill_inspection(sqlite3_stmt *st, pc_arena *a, geo_compliance *c)
{
    c->last_inspection_on = geo_col_str(a, st, 0);
    c->last_result = geo_col_str(a, st, 1);
}
static void fill_violations(sqlite3_stmt *st, pc_arena *a, geo_compliance *c)
{
    (void)a;
    c->open_violations = sqlite3_column_int(st, 0);
    c->open_fines_vnd = sqlite3_column_int64(st, 1);
}
static void fill_suspension(sqlite3_stmt *st, pc_arena *a, geo_compliance *c)
{
    c->suspended = 1;
    c->suspension_kind = geo_col_str(a, st, 0);
    c->suspended_since = geo_col_str(a, st, 1);
}
static void fill_records(sqlite3_stmt *st, pc_arena *a, geo_compliance *c)
{
    (void)a;
    c->has_design_approval = sqlite3_column_int(st, 0) > 0;
    c->has_acceptance = sqlite3_column_int(st, 1) > 0;
    c->fires_recorded = sqlite3_column_int(st, 2);
}

/* Only rows that no later row supersedes count. */
static pc_rc load_compliance(geo_store *s, pc_arena *a, geo_building *b)
{
    static const char fac[] = "SELECT id,category_code,name FROM facility WHERE building_id=? ORDER BY id LIMIT 1";
    static const char insp[] = "SELECT inspected_on,result FROM inspection i WHERE facility_id=? AND NOT EXISTS"
                               " (SELECT 1 FROM inspection j WHERE j.supersedes_id=i.id)"
                               " ORDER BY inspected_on DESC,id DESC LIMIT 1";
    static const char viol[] = "SELECT count(*),coalesce(sum(fine_vnd),0) FROM violation v WHERE facility_id=?"
                               " AND status='open' AND NOT EXISTS (SELECT 1 FROM violation w WHERE w.supersedes_id=v.id)";
    static const char susp[] = "SELECT kind,start_on FROM suspension s WHERE facility_id=? AND NOT EXISTS"
                               " (SELECT 1 FROM suspension t WHERE t.supersedes_id=s.id) AND start_on<=date('now')"
                               " AND reinstated_on IS NULL AND (end_on IS NULL OR end_on>=date('now'))"
                               " ORDER BY start_on DESC LIMIT 1";
    static const char rec[] = "SELECT (SELECT count(*) FROM safety_record r WHERE r.facility_id=?1 AND kind='design_approval'"
                              " AND NOT EXISTS (SELECT 1 FROM safety_record q WHERE q.supersedes_id=r.id)),"
                              "(SELECT count(*) FROM safety_record r WHERE r.facility_id=?1 AND kind='acceptance'"
                              " AND NOT EXISTS (SELECT 1 FROM safety_record q WHERE q.supersedes_id=r.id)),"
                              "(SELECT count(*) FROM fire_event f WHERE f.facility_id=?1"
                              " AND NOT EXISTS (SELECT 1 FROM fire_event g WHERE g.supersedes_id=f.id))";
    geo_compliance *c = &b->compliance;
    pc_rc rc = one_row(s, fac, b->id, fill_facility, a, c);
    if (rc != PC_OK || !c->facility_id)
        return rc;
    if ((rc = one_row(s, insp, c->facility_id, fill_inspection, a, c)) != PC_OK)
        return rc;
    if ((rc = one_row(s, viol, c->facility_id, fill_violations, a, c)) != PC_OK)
        return rc;
    if ((rc = one_row(s, susp, c->facility_id, fill_suspension, a, c)) != PC_OK)
        return rc;
    return one_row(s, rec, c->facility_id, fill_records, a, c);
}

pc_rc geo_building_get(geo_store *s, int64_t id, pc_arena *a, geo_building **out)
{
    *out = NULL;
    geo_building *b = pc_arena_calloc(a, 1, sizeof *b);
    if (!b)
        return PC_ENOMEM;
    pc_rc rc = load_main(s, id, a, b);
    if (rc == PC_OK)
        rc = load_hazards(s, a, b);
    if (rc == PC_OK)
        rc = load_exits(s, a, b);
    if (rc == PC_OK)
        rc = load_routes(s, a, b);
    if (rc == PC_OK)
        rc = load_compliance(s, a, b);
    if (rc == PC_OK)
        *out = b;
    return rc;
}

/* The columns of a point of each layer: id, code, name, status, detail,
 * contact, value, and the position as a POINT blob (read in C: cheaper than
 * ST_X and ST_Y); the FROM of its table; the alias of that table. */
#define HYD_COLS "h.id,h.code,NULL,h.status,h.kind,NULL,coalesce(h.flow_lpm,-1),h.geom"
#define HYD_FROM "hydrant h"
#define DRAFT_COLS "d.id,NULL,w.name,NULL,coalesce(d.note,w.kind),NULL,coalesce(w.capacity_m3,-1),d.geom"
#define DRAFT_FROM "draft_point d LEFT JOIN water_source w ON w.id=d.water_source_id"
#define FIRE_COLS "f.id,f.code,f.name,NULL,f.equipment,NULL,coalesce(f.extinguishers,-1),f.geom"
#define FIRE_FROM "fire_point f"
#define GROUP_COLS "g.id,g.code,g.name,NULL,g.equipment,g.leader_name,coalesce(g.households,-1),g.geom"
#define GROUP_FROM "safety_group g"
/* an area's nearest point to the centre (?5, ?6), not its centroid */
#define AREA_COLS "a.id,NULL,a.name,NULL,a.kind,NULL,coalesce(a.capacity,-1),ST_ClosestPoint(a.geom,MakePoint(?5,?6,4326))"
#define AREA_FROM "assembly_area a"
#define STATION_COLS "s.id,s.code,s.name,NULL,s.address,s.phone,-1,s.geom"
#define STATION_FROM "station s"

/* Within a box ?1..?4 (xmin, xmax, ymin, ymax): the R*Tree first, joined
 * to its table by id. */
#define POI_BOX(cols, idx, from, alias)                                                                          \
    "SELECT " cols " FROM " idx " r JOIN " from " ON " alias ".id=r.pkid"                                         \
    " WHERE r.xmin<=?2 AND r.xmax>=?1 AND r.ymin<=?4 AND r.ymax>=?3"
static const char *const POI_SQL[GEO_POI_KIND_COUNT_] = {
    [GEO_POI_HYDRANT] = POI_BOX(HYD_COLS, "idx_hydrant_geom", HYD_FROM, "h"),
    [GEO_POI_DRAFT_POINT] = POI_BOX(DRAFT_COLS, "idx_draft_point_geom", DRAFT_FROM, "d"),
    [GEO_POI_FIRE_POINT] = POI_BOX(FIRE_COLS, "idx_fire_point_geom", FIRE_FROM, "f"),
    [GEO_POI_SAFETY_GROUP] = POI_BOX(GROUP_COLS, "idx_safety_group_geom", GROUP_FROM, "g"),
    [GEO_POI_ASSEMBLY_AREA] = POI_BOX(AREA_COLS, "idx_assembly_area_geom", AREA_FROM, "a"),
    [GEO_POI_STATION] = POI_BOX(STATION_COLS, "idx_station_geom", STATION_FROM, "s"),
};

/* One point by id (?1). An area's position here is its centroid: callers
 * that want its nearest point compute it (geo_outline.h). */
static const char *const POI_BY_ID_SQL[GEO_POI_KIND_COUNT_] = {
    [GEO_POI_ASSEMBLY_AREA] = "SELECT a.id,NULL,a.name,NULL,a.kind,NULL,coalesce(a.capacity,-1),ST_Centroid(a.geom)"
                              " FROM " AREA_FROM " WHERE a.id=?1",
    [GEO_POI_HYDRANT] = "SELECT " HYD_COLS " FROM " HYD_FROM " WHERE h.id=?1",
    [GEO_POI_DRAFT_POINT] = "SELECT " DRAFT_COLS " FROM " DRAFT_FROM " WHERE d.id=?1",
    [GEO_POI_FIRE_POINT] = "SELECT " FIRE_COLS " FROM " FIRE_FROM " WHERE f.id=?1",
    [GEO_POI_SAFETY_GROUP] = "SELECT " GROUP_COLS " FROM " GROUP_FROM " WHERE g.id=?1",
    [GEO_POI_STATION] = "SELECT " STATION_COLS " FROM " STATION_FROM " WHERE s.id=?1",
};

/* Every point of a layer: id, position, and whether it is out of service. */
static const char *const POI_ALL_SQL[GEO_POI_KIND_COUNT_] = {
    [GEO_POI_HYDRANT] = "SELECT id,geom,status='broken' FROM hydrant WHERE geom IS NOT NULL",
    [GEO_POI_DRAFT_POINT] = "SELECT id,geom,0 FROM draft_point WHERE geom IS NOT NULL",
    [GEO_POI_FIRE_POINT] = "SELECT id,geom,0 FROM fire_point WHERE geom IS NOT NULL",
    [GEO_POI_SAFETY_GROUP] = "SELECT id,geom,0 FROM safety_group WHERE geom IS NOT NULL",
    [GEO_POI_STATION] = "SELECT id,geom,0 FROM station WHERE geom IS NOT NULL",
};

static const char *const POI_LAYER[GEO_POI_KIND_COUNT_] = {
    [GEO_POI_HYDRANT] = "hydrant",         [GEO_POI_DRAFT_POINT] = "draft_point", [GEO_POI_FIRE_POINT] = "fire_point",
    [GEO_POI_SAFETY_GROUP] = "safety_group", [GEO_POI_STATION] = "station", [GEO_POI_ASSEMBLY_AREA] = "assembly_area",
};

/* A row of the columns above into p (strings in a); PC_EFORMAT when it has
 * no usable position. */
static pc_rc poi_from_row(sqlite3_stmt *st, geo_poi_kind kind, pc_arena *a, geo_poi *p)
{
    memset(p, 0, sizeof *p);
    p->kind = kind, p->id = sqlite3_column_int64(st, 0);
    if (geo_blob_point_read(sqlite3_column_blob(st, 7), sqlite3_column_bytes(st, 7), &p->pos) != PC_OK)
        return PC_EFORMAT;
    p->code = geo_col_str(a, st, 1), p->name = geo_col_str(a, st, 2), p->status = geo_col_str(a, st, 3);
    p->detail = geo_col_str(a, st, 4), p->contact = geo_col_str(a, st, 5), p->value = sqlite3_column_double(st, 6);
    return PC_OK;
}

static int poi_cmp(const void *x, const void *y)
{
    const geo_poi *a = x, *b = y;
    if (a->dist_m != b->dist_m)
        return a->dist_m < b->dist_m ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

pc_rc geo_poi_within(geo_store *s, geo_poi_kind kind, geo_lonlat centre, double radius_m, size_t max, pc_arena *a,
                     geo_poi **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if ((unsigned)kind >= GEO_POI_KIND_COUNT_ || !geo_lonlat_valid(centre) || !(radius_m >= 0))
        return PC_EINVAL;
    if (radius_m > 20000)
        return PC_ELIMIT;
    sqlite3_stmt *st = geo_stmt(s, POI_SQL[kind]);
    if (!st)
        return PC_EIO;
    double dlat = radius_m / 110574.0, dlon = radius_m / (111320.0 * cos(centre.lat_deg * 3.14159265358979 / 180));
    sqlite3_bind_double(st, 1, centre.lon_deg - dlon);
    sqlite3_bind_double(st, 2, centre.lon_deg + dlon);
    sqlite3_bind_double(st, 3, centre.lat_deg - dlat);
    sqlite3_bind_double(st, 4, centre.lat_deg + dlat);
    if (kind == GEO_POI_ASSEMBLY_AREA) {
        sqlite3_bind_double(st, 5, centre.lon_deg);
        sqlite3_bind_double(st, 6, centre.lat_deg);
    }
    size_t n = 0, cap = 0;
    geo_poi *v = NULL;
    pc_rc rc = PC_OK;
    int src = SQLITE_DONE;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        geo_poi p;
        if (poi_from_row(st, kind, a, &p) != PC_OK)
            continue; /* no geometry (an area too degenerate to have a closest point) */
        p.dist_m = geo_haversine_m(centre, p.pos);
        if (p.dist_m > radius_m)
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            geo_poi *nv = pc_arena_alloc(a, ncap * sizeof *nv);
            if (!nv) {
                rc = PC_ENOMEM;
                break;
            }
            if (n)
                memcpy(nv, v, n * sizeof *v);
            v = nv, cap = ncap;
        }
        v[n++] = p;
    }
    sqlite3_reset(st);
    if (rc == PC_OK)
        rc = step_end_rc(src);
    if (rc != PC_OK)
        return rc;
    if (n > 1)
        qsort(v, n, sizeof *v, poi_cmp);
    *out = v;
    *n_out = (max && n > max) ? max : n;
    return PC_OK;
}

pc_rc geo_poi_get(geo_store *s, geo_poi_kind kind, int64_t id, pc_arena *a, geo_poi *out)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)kind >= GEO_POI_KIND_COUNT_ || !POI_BY_ID_SQL[kind])
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, POI_BY_ID_SQL[kind]);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int src = sqlite3_step(st);
    pc_rc rc = src == SQLITE_ROW ? poi_from_row(st, kind, a, out) : step_end_rc(src) == PC_OK ? PC_ENOTFOUND
                                                                                               : PC_EIO;
    sqlite3_reset(st);
    return rc == PC_EFORMAT ? PC_ENOTFOUND : rc;
}

pc_rc geo_poi_positions(geo_store *s, geo_poi_kind kind, geo_poi_pos **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if ((unsigned)kind >= GEO_POI_KIND_COUNT_ || !POI_ALL_SQL[kind])
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, POI_ALL_SQL[kind]);
    if (!st)
        return PC_EIO;
    size_t n = 0, cap = 0;
    geo_poi_pos *v = NULL;
    pc_rc rc = PC_OK;
    int src = SQLITE_DONE;
    while (rc == PC_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        geo_poi_pos p = {.id = sqlite3_column_int64(st, 0), .out_of_service = sqlite3_column_int(st, 2)};
        if (geo_blob_point_read(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1), &p.pos) != PC_OK)
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            geo_poi_pos *nv = realloc(v, ncap * sizeof *nv);
            if (!nv) {
                rc = PC_ENOMEM;
                break;
            }
            v = nv, cap = ncap;
        }
        v[n++] = p;
    }
    sqlite3_reset(st);
    if (rc == PC_OK)
        rc = step_end_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_poi_versions(geo_store *s, int64_t v[GEO_POI_KIND_COUNT_])
{
    for (int k = 0; k < GEO_POI_KIND_COUNT_; k++)
        v[k] = 0;
    sqlite3_stmt *st = geo_stmt(s, "SELECT layer,version FROM layer_version");
    if (!st)
        return PC_EIO;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *layer = (const char *)sqlite3_column_text(st, 0);
        for (int k = 0; layer && k < GEO_POI_KIND_COUNT_; k++)
            if (POI_LAYER[k] && strcmp(POI_LAYER[k], layer) == 0)
                v[k] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return step_end_rc(src);
}

#define UNIT_COLS                                                                                              \
    "SELECT u.id,u.station_id,coalesce(u.incident_id,0),u.code,u.kind,u.name,u.status,u.status_at,s.code,s.name," \
    "u.width_m,u.height_m,u.ladder_m,u.water_l,u.crew,ST_X(s.geom),ST_Y(s.geom)"                                    \
    " FROM unit u JOIN station s ON s.id=u.station_id "

static void fill_unit(sqlite3_stmt *st, pc_arena *a, geo_unit *u)
{
    u->id = sqlite3_column_int64(st, 0), u->station_id = sqlite3_column_int64(st, 1);
    u->incident_id = sqlite3_column_int64(st, 2);
    u->code = geo_col_str(a, st, 3), u->kind = geo_col_str(a, st, 4), u->name = geo_col_str(a, st, 5);
    u->status = geo_col_str(a, st, 6), u->status_at = geo_col_str(a, st, 7);
    u->station_code = geo_col_str(a, st, 8), u->station_name = geo_col_str(a, st, 9);
    u->width_m = sqlite3_column_double(st, 10), u->height_m = sqlite3_column_double(st, 11);
    u->ladder_m = col_real(st, 12), u->water_l = col_int(st, 13), u->crew = col_int(st, 14);
    u->station_pos = (geo_lonlat){sqlite3_column_double(st, 15), sqlite3_column_double(st, 16)};
}

pc_rc geo_units_version(geo_store *s, int64_t *version)
{
    *version = 0;
    sqlite3_stmt *st = geo_stmt(s, "SELECT version FROM layer_version WHERE layer='unit'");
    if (!st)
        return PC_EIO;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        *version = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return src == SQLITE_ROW || src == SQLITE_DONE ? PC_OK : PC_EIO;
}

pc_rc geo_units_list(geo_store *s, const char *status, pc_arena *a, geo_unit **out, size_t *n_out)
{
    static const char sql[] = UNIT_COLS "WHERE (?1 IS NULL OR u.status=?1) ORDER BY u.id";
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    geo_bind_text_or_null(st, 1, status);
    size_t n = 0, cap = 0;
    geo_unit *v = NULL;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            geo_unit *nv = pc_arena_alloc(a, ncap * sizeof *nv);
            if (!nv) {
                sqlite3_reset(st);
                return PC_ENOMEM;
            }
            if (n)
                memcpy(nv, v, n * sizeof *v);
            v = nv, cap = ncap;
        }
        fill_unit(st, a, &v[n++]);
    }
    sqlite3_reset(st);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_unit_get(geo_store *s, int64_t id, pc_arena *a, geo_unit **out)
{
    static const char sql[] = UNIT_COLS "WHERE u.id=?1";
    *out = NULL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        geo_unit *u = pc_arena_calloc(a, 1, sizeof *u);
        if (u)
            fill_unit(st, a, u);
        *out = u;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return *out ? PC_OK : PC_ENOMEM;
    return rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_road_edge_get(geo_store *s, int64_t id, pc_arena *a, geo_edge_info *out)
{
    static const char sql[] = "SELECT name,class,width_m,maxheight_m,width_source FROM road_edge WHERE id=?";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->name = geo_col_str(a, st, 0);
        out->cls = geo_col_str(a, st, 1);
        out->width_m = sqlite3_column_double(st, 2);
        out->maxheight_m = col_real(st, 3);
        out->width_source = geo_col_str(a, st, 4);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_building_groups(geo_store *s, int64_t building_id, int64_t *ids, size_t max, size_t *n_out)
{
    static const char sql[] = "SELECT group_id FROM safety_group_building WHERE building_id=? ORDER BY group_id";
    *n_out = 0;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, building_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n_out < max)
        ids[(*n_out)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}
