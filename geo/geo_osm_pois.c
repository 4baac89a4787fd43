/* geo_osm_pois.c — water and fire resources of an OSM extract.
 *
 * Water areas (natural=water, waterway=riverbank, reservoirs, fire ponds)
 * become water_source rows, upserted by signed OSM id; their capacity is
 * the officers' and is only filled when empty. Hydrants (code OSM-N<id>)
 * arrive with status 'unknown' and keep, on every re-import, the status,
 * flow, pressure and check date officers recorded. Fire stations get code
 * OSM-N<id> or OSM-W<id> (a station mapped as an area sits at a point
 * inside it). A water tank or fire pond mapped as a node is a water_source
 * without geometry plus a draft_point at the node (found again by the
 * draft point's osm_id); a suction point is a draft_point tied to the water
 * source within about 100 m. */
#include "geo_osm_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"

#define STEP_DONE(q, src)                                                                                             \
    do {                                                                                                              \
        src = sqlite3_step(q);                                                                                        \
        sqlite3_reset(q);                                                                                             \
    } while (0)

static pc_rc stmt_err(geo_store *s) { return geo_rc(sqlite3_errcode(s->db)); }

static pc_rc write_water(geo_store *s, const osm_extract *x, const osm_water *w, geo_osm_stats *st)
{
    static const char sql[] =
        "INSERT INTO water_source(osm_id,name,kind,capacity_m3,geom) VALUES(?1,?2,?3,?4,?5)"
        " ON CONFLICT(osm_id) DO UPDATE SET name=coalesce(excluded.name,water_source.name),kind=excluded.kind,"
        "capacity_m3=coalesce(water_source.capacity_m3,excluded.capacity_m3),geom=excluded.geom";
    osm_rings r;
    if (osm_area_rings(x, &w->a, &r) != PC_OK) {
        st->polygons_broken++;
        return PC_OK;
    }
    const char *kind = w->kind ? w->kind : osm_rings_area_m2(&r) < 5000 ? "pond" : "lake";
    geo_blob b = {0};
    pc_rc rc = geo_blob_multipolygon(r.pts, r.ring_len, r.ring_outer, r.n_rings, &b);
    osm_rings_free(&r);
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, sql) : NULL;
    if (!q) {
        geo_blob_free(&b);
        return rc != PC_OK ? rc : stmt_err(s);
    }
    sqlite3_bind_int64(q, 1, w->a.osm_id);
    geo_bind_text_or_null(q, 2, w->name);
    sqlite3_bind_text(q, 3, kind, -1, SQLITE_STATIC);
    if (w->capacity_m3 > 0)
        sqlite3_bind_double(q, 4, w->capacity_m3);
    sqlite3_bind_blob(q, 5, b.data, b.size, free);
    int src;
    STEP_DONE(q, src);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->water_sources++;
    return PC_OK;
}

static pc_rc write_hydrant(geo_store *s, const osm_poi *p, geo_osm_stats *st)
{
    static const char sql[] =
        "INSERT INTO hydrant(code,osm_id,kind,status,diameter_mm,pressure_bar,geom)"
        " VALUES(?1,?2,?3,'unknown',?4,?5,?6) ON CONFLICT(code) DO UPDATE SET osm_id=excluded.osm_id,"
        "kind=excluded.kind,diameter_mm=coalesce(hydrant.diameter_mm,excluded.diameter_mm),"
        "pressure_bar=coalesce(hydrant.pressure_bar,excluded.pressure_bar),geom=excluded.geom";
    static const char *const kinds[] = {"pillar", "underground", "wall", "pipe"};
    const char *kind = "pillar";
    for (size_t i = 0; p->kind_tag && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(p->kind_tag, kinds[i]) == 0)
            kind = kinds[i];
    char code[40];
    snprintf(code, sizeof code, "OSM-N%lld", (long long)p->osm_id);
    geo_blob b = {0};
    pc_rc rc = geo_blob_point(p->pos, &b);
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, sql) : NULL;
    if (!q) {
        geo_blob_free(&b);
        return rc != PC_OK ? rc : stmt_err(s);
    }
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, p->osm_id);
    sqlite3_bind_text(q, 3, kind, -1, SQLITE_STATIC);
    if (p->number1 > 0)
        sqlite3_bind_int(q, 4, (int)p->number1);
    if (p->number2 > 0)
        sqlite3_bind_double(q, 5, p->number2);
    sqlite3_bind_blob(q, 6, b.data, b.size, free);
    int src;
    STEP_DONE(q, src);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->hydrants++;
    return PC_OK;
}

static pc_rc write_station(geo_store *s, const osm_extract *x, const osm_poi *p, geo_osm_stats *st)
{
    static const char sql[] =
        "INSERT INTO station(code,name,address,phone,osm_id,geom) VALUES(?1,?2,?3,?4,?5,?6)"
        " ON CONFLICT(code) DO UPDATE SET name=CASE WHEN ?7 THEN excluded.name ELSE station.name END,"
        "address=coalesce(station.address,excluded.address),phone=coalesce(station.phone,excluded.phone),"
        "geom=excluded.geom";
    geo_lonlat pos = p->pos;
    if (p->src == OSM_SRC_WAY) {
        osm_rings r;
        osm_area a = {OSM_SRC_WAY, p->osm_id, p->way};
        if (osm_area_rings(x, &a, &r) != PC_OK) {
            st->polygons_broken++;
            return PC_OK;
        }
        pos = osm_rings_inner_point(&r);
        osm_rings_free(&r);
    }
    char code[40], name[96];
    snprintf(code, sizeof code, "OSM-%c%lld", p->src, (long long)p->osm_id);
    snprintf(name, sizeof name, "Fire station %s", code);
    geo_blob b = {0};
    pc_rc rc = geo_blob_point(pos, &b);
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, sql) : NULL;
    if (!q) {
        geo_blob_free(&b);
        return rc != PC_OK ? rc : stmt_err(s);
    }
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, p->name ? p->name : name, -1, SQLITE_TRANSIENT);
    geo_bind_text_or_null(q, 3, p->addr_full);
    geo_bind_text_or_null(q, 4, p->phone);
    sqlite3_bind_int64(q, 5, p->osm_id);
    sqlite3_bind_blob(q, 6, b.data, b.size, free);
    sqlite3_bind_int(q, 7, p->name != NULL);
    int src;
    STEP_DONE(q, src);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->stations++;
    return PC_OK;
}

/* The water source for draft point osm_id: the one it already points to,
 * else (tanks and ponds mapped as nodes) a new one without geometry, else
 * (suction points) the water source within about 100 m. 0 when none. */
static pc_rc draft_source(geo_store *s, const osm_poi *p, int64_t *ws_id)
{
    static const char find[] = "SELECT coalesce(water_source_id,0) FROM draft_point WHERE osm_id=?1";
    static const char upd[] = "UPDATE water_source SET name=coalesce(?2,name),kind=?3,"
                              "capacity_m3=coalesce(capacity_m3,?4) WHERE id=?1";
    static const char ins[] = "INSERT INTO water_source(name,kind,capacity_m3) VALUES(?1,?2,?3)";
    static const char near[] =
        "SELECT w.id FROM water_source w WHERE w.id IN (SELECT pkid FROM idx_water_source_geom"
        " WHERE xmin<=?1+0.001 AND xmax>=?1-0.001 AND ymin<=?2+0.001 AND ymax>=?2-0.001)"
        " ORDER BY ST_Distance(w.geom,MakePoint(?1,?2,4326)) LIMIT 1";
    int node_source = p->kind == OSM_POI_TANK || p->kind == OSM_POI_POND;
    const char *kind = p->kind == OSM_POI_TANK ? "tank" : "pond";
    int src;
    *ws_id = 0;
    sqlite3_stmt *q = geo_stmt(s, find);
    if (!q)
        return stmt_err(s);
    sqlite3_bind_int64(q, 1, p->osm_id);
    if ((src = sqlite3_step(q)) == SQLITE_ROW)
        *ws_id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        return geo_rc(src);
    if (!node_source) {
        if (!(q = geo_stmt(s, near)))
            return stmt_err(s);
        sqlite3_bind_double(q, 1, p->pos.lon_deg);
        sqlite3_bind_double(q, 2, p->pos.lat_deg);
        if ((src = sqlite3_step(q)) == SQLITE_ROW)
            *ws_id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        return src == SQLITE_ROW || src == SQLITE_DONE ? PC_OK : geo_rc(src);
    }
    if (!(q = geo_stmt(s, *ws_id ? upd : ins)))
        return stmt_err(s);
    int o = *ws_id ? 1 : 0; /* upd binds the id first */
    if (*ws_id)
        sqlite3_bind_int64(q, 1, *ws_id);
    geo_bind_text_or_null(q, 1 + o, p->name);
    sqlite3_bind_text(q, 2 + o, kind, -1, SQLITE_STATIC);
    if (p->number1 > 0)
        sqlite3_bind_double(q, 3 + o, p->number1);
    STEP_DONE(q, src);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    if (!*ws_id)
        *ws_id = sqlite3_last_insert_rowid(s->db);
    return PC_OK;
}

static pc_rc write_draft_point(geo_store *s, const osm_poi *p, geo_osm_stats *st)
{
    static const char sql[] =
        "INSERT INTO draft_point(water_source_id,osm_id,note,geom) VALUES(?1,?2,?3,?4)"
        " ON CONFLICT(osm_id) DO UPDATE SET water_source_id=excluded.water_source_id,geom=excluded.geom";
    static const char *const notes[] = {[OSM_POI_TANK] = "water tank (OSM)", [OSM_POI_POND] = "fire pond (OSM)",
                                        [OSM_POI_SUCTION] = "suction point (OSM)"};
    int64_t ws_id = 0;
    pc_rc rc = draft_source(s, p, &ws_id);
    if (rc != PC_OK)
        return rc;
    geo_blob b = {0};
    rc = geo_blob_point(p->pos, &b);
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, sql) : NULL;
    if (!q) {
        geo_blob_free(&b);
        return rc != PC_OK ? rc : stmt_err(s);
    }
    if (ws_id > 0)
        sqlite3_bind_int64(q, 1, ws_id);
    sqlite3_bind_int64(q, 2, p->osm_id);
    sqlite3_bind_text(q, 3, notes[p->kind], -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 4, b.data, b.size, free);
    int src;
    STEP_DONE(q, src);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->draft_points++;
    st->water_sources += p->kind != OSM_POI_SUCTION;
    return PC_OK;
}

pc_rc osm_write_waters(geo_store *s, const osm_extract *x, geo_osm_stats *st, char *err, size_t err_len)
{
    pc_rc rc = PC_OK;
    for (size_t i = 0; i < x->waters.n && rc == PC_OK; i++)
        rc = write_water(s, x, &x->waters.v[i], st);
    if (rc != PC_OK)
        snprintf(err, err_len, "writing water sources: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
    return rc;
}

pc_rc osm_write_pois(geo_store *s, const osm_extract *x, geo_osm_stats *st, char *err, size_t err_len)
{
    pc_rc rc = PC_OK;
    /* tanks and ponds first: suction points look for water sources nearby */
    for (int pass = 0; pass < 2 && rc == PC_OK; pass++) {
        for (size_t i = 0; i < x->pois.n && rc == PC_OK; i++) {
            const osm_poi *p = &x->pois.v[i];
            if (pass == 0 && p->kind == OSM_POI_HYDRANT)
                rc = write_hydrant(s, p, st);
            else if (pass == 0 && p->kind == OSM_POI_STATION)
                rc = write_station(s, x, p, st);
            else if ((pass == 0 && (p->kind == OSM_POI_TANK || p->kind == OSM_POI_POND)) ||
                     (pass == 1 && p->kind == OSM_POI_SUCTION))
                rc = write_draft_point(s, p, st);
        }
    }
    if (rc != PC_OK)
        snprintf(err, err_len, "writing fire resources: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
    return rc;
}
