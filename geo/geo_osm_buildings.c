/* geo_osm_buildings.c — buildings and address points of an OSM extract.
 *
 * A building is upserted by its signed OSM id (> 0 way, < 0 relation) and
 * keeps the house code it was given the first time (derived from the OSM id
 * by geo_housecode_make, so it is also stable across databases). What
 * officers maintain is never written here: occupants, vulnerable people,
 * basements, rooms, ground-floor use, hazards, exits. Type, floors and
 * apartments follow OSM unless a house declaration was accepted for the
 * building (then the declared values stand), and OSM never blanks a value
 * it does not carry. Address points (addr:housenumber on nodes) are
 * attached to the building that contains them, and give their address to
 * a building that has none and contains exactly one of them. */
#include "geo_osm_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"
#include "geo_housecode.h"
#include "geo_text.h"
#include "pc_progress.h"

#define DECLARED "EXISTS(SELECT 1 FROM house_declaration d WHERE d.building_id=building.id AND d.status='accepted')"

static const char BUILDING_SQL[] =
    "INSERT INTO building(house_code,osm_id,name,addr_number,addr_street,addr_full,addr_folded,type_code,floors,"
    "height_m,footprint_m2,apartments,source,footprint,entrance)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,'osm',?13,?14)"
    " ON CONFLICT(osm_id) DO UPDATE SET name=coalesce(excluded.name,building.name),"
    "addr_number=coalesce(excluded.addr_number,building.addr_number),"
    "addr_street=coalesce(excluded.addr_street,building.addr_street),"
    "addr_full=coalesce(excluded.addr_full,building.addr_full),"
    "addr_folded=coalesce(excluded.addr_folded,building.addr_folded),"
    "type_code=CASE WHEN " DECLARED " OR excluded.type_code='other' THEN building.type_code ELSE excluded.type_code END,"
    "floors=CASE WHEN " DECLARED " THEN building.floors ELSE coalesce(excluded.floors,building.floors) END,"
    "apartments=CASE WHEN " DECLARED " THEN building.apartments ELSE coalesce(excluded.apartments,building.apartments) END,"
    "height_m=coalesce(excluded.height_m,building.height_m),footprint_m2=excluded.footprint_m2,"
    "footprint=excluded.footprint,entrance=excluded.entrance,"
    "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')";

static int in_sorted(const int64_t *v, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == id;
}

/* The entrance of a building way: a main entrance node on its outline,
 * else any entrance node on it, else a point inside the footprint. */
static geo_lonlat entrance_of(const osm_extract *x, const osm_building *b, const osm_rings *r)
{
    if (b->a.src == OSM_SRC_WAY) {
        const osm_way *w = &x->ways.v[b->a.idx];
        for (int pass = 0; pass < 2; pass++) {
            const int64_t *set = pass ? x->entrances.v : x->main_entrances.v;
            size_t n = pass ? x->entrances.n : x->main_entrances.n;
            for (uint32_t i = 0; n && i < w->n_refs; i++) {
                int64_t id = x->refs.v[w->ref_off + i], k;
                if (in_sorted(set, n, id) && (k = osm_node_find(x, id)) >= 0)
                    return osm_node_pos(x, (size_t)k);
            }
        }
    }
    return osm_rings_inner_point(r);
}

static void bind_int_or_null(sqlite3_stmt *q, int i, double v)
{
    if (v >= 0)
        sqlite3_bind_double(q, i, v);
    else
        sqlite3_bind_null(q, i);
}

static pc_rc write_building(geo_store *s, const osm_extract *x, const osm_building *b, geo_osm_stats *st)
{
    osm_rings r;
    char code[GEO_HOUSECODE_LEN + 1], folded[1024];
    int64_t id = b->a.osm_id;
    if (geo_housecode_make(id > 0 ? GEO_HC_OSM_WAY : GEO_HC_OSM_RELATION, (uint64_t)(id > 0 ? id : -id), code) !=
            PC_OK ||
        osm_area_rings(x, &b->a, &r) != PC_OK) {
        st->polygons_broken++;
        return PC_OK;
    }
    geo_blob fp = {0}, en = {0};
    pc_rc rc = geo_blob_multipolygon(r.pts, r.ring_len, r.ring_outer, r.n_rings, &fp);
    if (rc == PC_OK)
        rc = geo_blob_point(entrance_of(x, b, &r), &en);
    double area_m2 = osm_rings_area_m2(&r);
    osm_rings_free(&r);
    pc_rc frc = b->addr_full ? geo_text_fold(b->addr_full, folded, sizeof folded) : PC_EINVAL;
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, BUILDING_SQL) : NULL;
    if (!q) {
        geo_blob_free(&fp), geo_blob_free(&en);
        return rc != PC_OK ? rc : geo_rc(sqlite3_errcode(s->db));
    }
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, id);
    geo_bind_text_or_null(q, 3, b->name);
    geo_bind_text_or_null(q, 4, b->number);
    geo_bind_text_or_null(q, 5, b->street);
    geo_bind_text_or_null(q, 6, b->addr_full);
    geo_bind_text_or_null(q, 7, frc == PC_OK || frc == PC_ELIMIT ? folded : NULL);
    sqlite3_bind_text(q, 8, b->type_code, -1, SQLITE_STATIC);
    bind_int_or_null(q, 9, b->floors);
    bind_int_or_null(q, 10, b->height_m);
    sqlite3_bind_double(q, 11, area_m2);
    bind_int_or_null(q, 12, b->apartments);
    sqlite3_bind_blob(q, 13, fp.data, fp.size, free);
    sqlite3_bind_blob(q, 14, en.data, en.size, free);
    int src = sqlite3_step(q);
    sqlite3_reset(q);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->buildings++;
    return PC_OK;
}

static pc_rc write_address(geo_store *s, const osm_poi *p, geo_osm_stats *st)
{
    static const char sql[] =
        "INSERT INTO address_point(osm_id,housenumber,street,addr_full,addr_folded,geom) VALUES(?1,?2,?3,?4,?5,?6)"
        " ON CONFLICT(osm_id) DO UPDATE SET housenumber=excluded.housenumber,street=excluded.street,"
        "addr_full=excluded.addr_full,addr_folded=excluded.addr_folded,geom=excluded.geom";
    char folded[1024];
    pc_rc frc = p->addr_full ? geo_text_fold(p->addr_full, folded, sizeof folded) : PC_EINVAL;
    geo_blob b = {0};
    pc_rc rc = geo_blob_point(p->pos, &b);
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(s, sql) : NULL;
    if (!q) {
        geo_blob_free(&b);
        return rc != PC_OK ? rc : geo_rc(sqlite3_errcode(s->db));
    }
    sqlite3_bind_int64(q, 1, p->osm_id);
    geo_bind_text_or_null(q, 2, p->name);
    geo_bind_text_or_null(q, 3, p->street);
    geo_bind_text_or_null(q, 4, p->addr_full);
    geo_bind_text_or_null(q, 5, frc == PC_OK || frc == PC_ELIMIT ? folded : NULL);
    sqlite3_bind_blob(q, 6, b.data, b.size, free);
    int src = sqlite3_step(q);
    sqlite3_reset(q);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->address_points++;
    return PC_OK;
}

/* Attaches OSM address points to the building containing them (through
 * the footprint R*Tree, then an exact test), then lends the address to
 * OSM buildings that have none and contain exactly one point. */
static pc_rc attach_addresses(geo_store *s)
{
    static const char attach[] =
        "UPDATE address_point SET building_id=(SELECT b.id FROM building b WHERE b.id IN"
        " (SELECT pkid FROM idx_building_footprint WHERE xmin<=ST_X(address_point.geom)"
        " AND xmax>=ST_X(address_point.geom) AND ymin<=ST_Y(address_point.geom) AND ymax>=ST_Y(address_point.geom))"
        " AND ST_Contains(b.footprint,address_point.geom)=1 ORDER BY b.id LIMIT 1) WHERE osm_id IS NOT NULL";
    static const char lend[] =
        "UPDATE building SET addr_number=p.housenumber,addr_street=p.street,addr_full=p.addr_full,"
        "addr_folded=p.addr_folded FROM (SELECT building_id,min(id) AS pid FROM address_point"
        " WHERE building_id IS NOT NULL GROUP BY building_id HAVING count(*)=1) g JOIN address_point p ON p.id=g.pid"
        " WHERE building.id=g.building_id AND building.addr_number IS NULL AND building.source='osm'";
    const char *sqls[] = {attach, lend};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *q = geo_stmt(s, sqls[i]);
        if (!q)
            return geo_rc(sqlite3_errcode(s->db));
        int src = sqlite3_step(q);
        sqlite3_reset(q);
        if (src != SQLITE_DONE)
            return geo_rc(src);
    }
    return PC_OK;
}

pc_rc osm_write_buildings(geo_store *s, const osm_extract *x, int quiet, geo_osm_stats *st, char *err,
                          size_t err_len)
{
    pc_progress prog;
    pc_rc rc = PC_OK;
    pc_progress_start(&prog, "buildings", x->buildings.n, quiet);
    for (size_t i = 0; i < x->buildings.n && rc == PC_OK; i++) {
        rc = write_building(s, x, &x->buildings.v[i], st);
        if ((i & 0x3ff) == 0)
            pc_progress_update(&prog, i);
    }
    prog.done = x->buildings.n;
    if (x->buildings.n)
        pc_progress_finish(&prog);
    for (size_t i = 0; i < x->pois.n && rc == PC_OK; i++)
        if (x->pois.v[i].kind == OSM_POI_ADDRESS)
            rc = write_address(s, &x->pois.v[i], st);
    if (rc == PC_OK && (st->address_points || st->buildings))
        rc = attach_addresses(s);
    if (rc != PC_OK)
        snprintf(err, err_len, "writing buildings: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
    return rc;
}
