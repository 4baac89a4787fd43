/* geo_admin_import.c — administrative units from GeoJSON (see the header).
 *
 * The file is bound as one text value: json_valid() checks it whole (a
 * truncated file fails here, before anything is written), json_each()
 * walks its features and GeomFromGeoJSON() builds each polygon. Units are
 * matched to existing rows by OSM id, then by code, so a re-import updates
 * them in place. Assignment finds the candidate units of a point in the
 * admin_unit R*Tree, tests them exactly with ST_Contains and keeps the
 * lowest level (the highest level number). */
#include "geo_admin_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "geo_store_int.h"
#include "geo_text.h"
#include "pc_log.h"

/* The unit containing point expression P (lowest level first). */
#define UNIT_AT(P)                                                                                                    \
    "(SELECT a.id FROM admin_unit a WHERE a.id IN (SELECT pkid FROM idx_admin_unit_geom WHERE xmin<=ST_X(" P ")"    \
    " AND xmax>=ST_X(" P ") AND ymin<=ST_Y(" P ") AND ymax>=ST_Y(" P ")) AND ST_Contains(a.geom," P ")=1"           \
    " ORDER BY a.level DESC, a.id LIMIT 1)"
/* Sets T.admin_unit_id from the point expression PT of each row. */
#define ASSIGN(T, PT)                                                                                                 \
    "WITH t AS MATERIALIZED (SELECT id, " PT " AS p FROM " T " WHERE (?1=0 OR admin_unit_id IS NULL))"              \
    " UPDATE " T " SET admin_unit_id=m.unit FROM (SELECT t.id AS rid, " UNIT_AT("t.p") " AS unit FROM t"           \
    " WHERE t.p IS NOT NULL) m WHERE " T ".id=m.rid AND " T ".admin_unit_id IS NOT m.unit"

static const char *const ASSIGN_SQL[] = {
    ASSIGN("building", "entrance"),
    ASSIGN("address_point", "geom"),
    ASSIGN("hydrant", "geom"),
    ASSIGN("station", "geom"),
    ASSIGN("water_source", "PointOnSurface(geom)"),
    ASSIGN("road_edge", "ST_Line_Interpolate_Point(geom,0.5)"),
};

pc_rc geo_admin_assign(geo_store *s, int only_unassigned, int64_t *n_assigned)
{
    int64_t n = 0;
    for (size_t i = 0; i < sizeof ASSIGN_SQL / sizeof ASSIGN_SQL[0]; i++) {
        sqlite3_stmt *q = geo_stmt(s, ASSIGN_SQL[i]);
        if (!q)
            return geo_rc(sqlite3_errcode(s->db));
        sqlite3_bind_int(q, 1, only_unassigned != 0);
        int src = sqlite3_step(q);
        sqlite3_reset(q);
        if (src != SQLITE_DONE)
            return geo_rc(src);
        n += sqlite3_changes(s->db);
    }
    if (n_assigned)
        *n_assigned = n;
    return PC_OK;
}

/* Reads the whole file (NUL-terminated). */
static pc_rc read_file(const char *path, char **out, size_t *len, char *err, size_t err_len)
{
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, err_len, "%s: %s", path, stat(path, &sb) != 0 ? strerror(errno) : "not a regular file");
        return PC_ENOTFOUND;
    }
    if ((uint64_t)sb.st_size > GEO_ADMIN_FILE_MAX) {
        snprintf(err, err_len, "%s: larger than %u bytes", path, GEO_ADMIN_FILE_MAX);
        return PC_ELIMIT;
    }
    FILE *f = fopen(path, "rb");
    char *buf = f ? malloc((size_t)sb.st_size + 1) : NULL;
    size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    if (f)
        fclose(f);
    if (!buf || n != (size_t)sb.st_size) {
        free(buf);
        snprintf(err, err_len, "%s: cannot read", path);
        return f ? PC_EIO : PC_ENOTFOUND;
    }
    buf[n] = '\0';
    *out = buf, *len = n;
    return PC_OK;
}

/* Checks that text is a GeoJSON FeatureCollection. */
static pc_rc check_collection(geo_store *s, const char *text, size_t len, const char *path, char *err,
                              size_t err_len)
{
    static const char sql[] = "SELECT json_valid(?1), json_extract(?1,'$.type') IS 'FeatureCollection'";
    sqlite3_stmt *q = geo_stmt(s, sql);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(q, 1, text, (int)len, SQLITE_STATIC);
    int valid = 0, coll = 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        valid = sqlite3_column_int(q, 0), coll = valid && sqlite3_column_int(q, 1);
    sqlite3_reset(q);
    if (!valid || !coll) {
        snprintf(err, err_len, "%s: %s", path,
                 valid ? "wrong format: not a GeoJSON FeatureCollection" : "broken or truncated JSON");
        return PC_EFORMAT;
    }
    return PC_OK;
}

typedef struct unit_in {
    const char *name, *osm_ref, *wikidata, *population;
    const void *geom;
    int geom_len;
} unit_in;

/* "relation/123" -> -123, "way/5" -> 5; 0 when unknown. Code into code. */
static int64_t osm_ref_id(const char *ref, char *code, size_t code_len)
{
    const char *slash = ref ? strchr(ref, '/') : NULL;
    if (!slash)
        return 0;
    char *end = NULL;
    long long id = strtoll(slash + 1, &end, 10);
    if (*end || id <= 0)
        return 0;
    int rel = strncmp(ref, "relation", 8) == 0;
    snprintf(code, code_len, "OSM-%c%lld", rel ? 'R' : 'W', id);
    return rel ? -id : id;
}

/* Inserts or updates one unit; its id goes to *id. */
static pc_rc write_unit(geo_store *s, const unit_in *u, int level, int64_t parent_id, int64_t *id)
{
    static const char find[] = "SELECT id FROM admin_unit WHERE (?1<>0 AND osm_id=?1) OR code=?2"
                               " ORDER BY osm_id IS ?1 DESC LIMIT 1";
    static const char upd[] = "UPDATE admin_unit SET name=?2,name_folded=?3,level=?4,parent_id=coalesce(?5,parent_id),"
                              "population=coalesce(?6,population),osm_id=coalesce(?7,osm_id),"
                              "wikidata=coalesce(?8,wikidata),geom=?9 WHERE id=?1";
    static const char ins[] = "INSERT INTO admin_unit(code,name,name_folded,level,parent_id,population,osm_id,"
                              "wikidata,geom) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)";
    char code[64] = "", folded[512];
    int64_t osm_id = osm_ref_id(u->osm_ref, code, sizeof code);
    pc_rc frc = geo_text_fold(u->name, folded, sizeof folded);
    if (frc != PC_OK && frc != PC_ELIMIT)
        return PC_EFORMAT;
    if (u->wikidata && *u->wikidata && strlen(u->wikidata) < sizeof code)
        snprintf(code, sizeof code, "%s", u->wikidata);
    else if (!code[0])
        snprintf(code, sizeof code, "%.60s", folded);
    sqlite3_stmt *q = geo_stmt(s, find);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_int64(q, 1, osm_id);
    sqlite3_bind_text(q, 2, code, -1, SQLITE_TRANSIENT);
    *id = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (!(q = geo_stmt(s, *id ? upd : ins)))
        return geo_rc(sqlite3_errcode(s->db));
    if (*id)
        sqlite3_bind_int64(q, 1, *id);
    else
        sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, u->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, folded, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 4, level);
    if (parent_id > 0)
        sqlite3_bind_int64(q, 5, parent_id);
    char *end = NULL;
    long long pop = u->population ? strtoll(u->population, &end, 10) : -1;
    if (pop >= 0 && end && !*end)
        sqlite3_bind_int64(q, 6, pop);
    if (osm_id)
        sqlite3_bind_int64(q, 7, osm_id);
    geo_bind_text_or_null(q, 8, u->wikidata);
    sqlite3_bind_blob(q, 9, u->geom, u->geom_len, SQLITE_TRANSIENT);
    int src = sqlite3_step(q);
    sqlite3_reset(q);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    if (!*id)
        *id = sqlite3_last_insert_rowid(s->db);
    return PC_OK;
}

/* Sets the parent of unit id to the lowest higher-level unit containing it. */
static pc_rc parent_by_containment(geo_store *s, int64_t id, int *found)
{
    static const char sql[] =
        "WITH c AS MATERIALIZED (SELECT level AS lv, PointOnSurface(geom) AS p FROM admin_unit WHERE id=?1)"
        " UPDATE admin_unit SET parent_id=(SELECT a.id FROM admin_unit a, c WHERE a.level<c.lv AND a.id IN"
        " (SELECT pkid FROM idx_admin_unit_geom WHERE xmin<=ST_X(c.p) AND xmax>=ST_X(c.p) AND ymin<=ST_Y(c.p)"
        " AND ymax>=ST_Y(c.p)) AND ST_Contains(a.geom,c.p)=1 ORDER BY a.level DESC LIMIT 1)"
        " WHERE id=?1 RETURNING parent_id IS NOT NULL";
    sqlite3_stmt *q = geo_stmt(s, sql);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_int64(q, 1, id);
    int src = sqlite3_step(q);
    *found = src == SQLITE_ROW && sqlite3_column_int(q, 0);
    while (src == SQLITE_ROW)
        src = sqlite3_step(q);
    sqlite3_reset(q);
    return src == SQLITE_DONE ? PC_OK : geo_rc(src);
}

/* Resolves the level code and the explicit parent. */
static pc_rc resolve_level(geo_store *s, const geo_admin_options *o, int *level, int64_t *parent_id, char *err,
                           size_t err_len)
{
    static const char lv[] = "SELECT level FROM admin_level WHERE code=?1";
    static const char par[] = "SELECT id, level FROM admin_unit WHERE code=?1";
    sqlite3_stmt *q = geo_stmt(s, lv);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(q, 1, o->level ? o->level : "", -1, SQLITE_TRANSIENT);
    *level = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_reset(q);
    if (!*level) {
        snprintf(err, err_len, "unknown level '%s' (see table admin_level: city, district, ward)",
                 o->level ? o->level : "");
        return PC_EINVAL;
    }
    *parent_id = 0;
    if (!o->parent_code)
        return PC_OK;
    if (!(q = geo_stmt(s, par)))
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_text(q, 1, o->parent_code, -1, SQLITE_TRANSIENT);
    int plevel = 99;
    if (sqlite3_step(q) == SQLITE_ROW)
        *parent_id = sqlite3_column_int64(q, 0), plevel = sqlite3_column_int(q, 1);
    sqlite3_reset(q);
    if (!*parent_id || plevel >= *level) {
        pc_rc rc = *parent_id ? PC_EINVAL : PC_ENOTFOUND;
        snprintf(err, err_len, "parent '%s': %s", o->parent_code,
                 *parent_id ? "is not of a higher level" : "no such administrative unit");
        *parent_id = 0;
        return rc;
    }
    return PC_OK;
}

/* *inside = 1 when the geometry's box (so every vertex) lies within WGS 84. */
static pc_rc check_wgs84(geo_store *s, const unit_in *u, int *inside)
{
    static const char sql[] = "SELECT MbrMinX(?1)>=-180 AND MbrMaxX(?1)<=180 AND MbrMinY(?1)>=-90 AND MbrMaxY(?1)<=90";
    sqlite3_stmt *q = geo_stmt(s, sql);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_blob(q, 1, u->geom, u->geom_len, SQLITE_STATIC);
    int src = sqlite3_step(q);
    *inside = src == SQLITE_ROW && sqlite3_column_int(q, 0) == 1;
    sqlite3_reset(q);
    return src == SQLITE_ROW ? PC_OK : geo_rc(src);
}

/* Walks the features of text and writes the named (multi)polygons. */
static pc_rc write_features(geo_store *s, const char *text, size_t len, int level, int64_t parent_id,
                            geo_admin_stats *st, char *err, size_t err_len)
{
    static const char sql[] =
        "SELECT key, json_extract(value,'$.geometry.type'), json_extract(value,'$.properties.name'),"
        " coalesce(json_extract(value,'$.properties.\"@id\"'), json_extract(value,'$.id')),"
        " json_extract(value,'$.properties.wikidata'), json_extract(value,'$.properties.population'),"
        " CastToMultiPolygon(SetSRID(GeomFromGeoJSON(json_extract(value,'$.geometry')),4326))"
        " FROM json_each(?1,'$.features')";
    /* the walk is not a cached statement: the unit writers share the cache */
    sqlite3_stmt *q = NULL;
    int src = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    if (src != SQLITE_OK) {
        snprintf(err, err_len, "reading features: %s", sqlite3_errmsg(s->db));
        return geo_rc(src);
    }
    sqlite3_bind_text(q, 1, text, (int)len, SQLITE_STATIC);
    pc_rc rc = PC_OK;
    while (rc == PC_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
        const char *gtype = (const char *)sqlite3_column_text(q, 1);
        unit_in u = {(const char *)sqlite3_column_text(q, 2), (const char *)sqlite3_column_text(q, 3),
                     (const char *)sqlite3_column_text(q, 4), (const char *)sqlite3_column_text(q, 5),
                     sqlite3_column_blob(q, 6), sqlite3_column_bytes(q, 6)};
        int poly = gtype && (strcmp(gtype, "Polygon") == 0 || strcmp(gtype, "MultiPolygon") == 0);
        if (!poly || !u.name || !*u.name) {
            st->skipped++;
            continue;
        }
        if (!u.geom) {
            snprintf(err, err_len, "feature %d (%s): bad polygon geometry", sqlite3_column_int(q, 0), u.name);
            rc = PC_EFORMAT;
            break;
        }
        int inside = 0;
        if ((rc = check_wgs84(s, &u, &inside)) == PC_OK && !inside) {
            snprintf(err, err_len, "feature %d (%s): coordinates outside WGS 84 (longitude -180..180,"
                     " latitude -90..90)", sqlite3_column_int(q, 0), u.name);
            rc = PC_EFORMAT;
        }
        if (rc != PC_OK)
            break;
        int64_t id = 0;
        int found = parent_id > 0;
        rc = write_unit(s, &u, level, parent_id, &id);
        if (rc == PC_OK && !parent_id)
            rc = parent_by_containment(s, id, &found);
        st->units++;
        st->with_parent += found;
        if (rc != PC_OK)
            snprintf(err, err_len, "feature %d (%s): %s (%s)", sqlite3_column_int(q, 0), u.name, pc_rc_str(rc),
                     sqlite3_errmsg(s->db));
    }
    if (rc == PC_OK && src != SQLITE_DONE) {
        snprintf(err, err_len, "reading features: %s", sqlite3_errmsg(s->db));
        rc = geo_rc(src);
    }
    sqlite3_finalize(q);
    return rc;
}

pc_rc geo_admin_import(geo_store *s, const char *path, const geo_admin_options *opts, geo_admin_stats *stats,
                       char *err, size_t err_len)
{
    geo_admin_stats local = {0};
    geo_admin_stats *st = stats ? stats : &local;
    char *text = NULL;
    size_t len = 0;
    int level = 0, in_tx = 0;
    int64_t parent_id = 0;
    memset(st, 0, sizeof *st);
    if (err_len)
        err[0] = '\0';
    pc_rc rc = read_file(path, &text, &len, err, err_len);
    if (rc == PC_OK && len > (size_t)0x7fffffff)
        rc = PC_ELIMIT;
    if (rc == PC_OK)
        rc = check_collection(s, text, len, path, err, err_len);
    if (rc == PC_OK && (rc = geo_store_begin(s)) == PC_OK)
        in_tx = 1;
    if (rc == PC_OK)
        rc = resolve_level(s, opts, &level, &parent_id, err, err_len);
    if (rc == PC_OK)
        rc = write_features(s, text, len, level, parent_id, st, err, err_len);
    if (rc == PC_OK && st->units == 0) {
        snprintf(err, err_len, "%s: no named Polygon or MultiPolygon feature", path);
        rc = PC_EFORMAT;
    }
    if (rc == PC_OK && (rc = geo_admin_assign(s, 0, &st->assigned)) != PC_OK)
        snprintf(err, err_len, "assigning objects to units: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
    if (rc == PC_OK && (rc = geo_store_commit(s)) != PC_OK)
        snprintf(err, err_len, "commit: %s", geo_store_errmsg(s));
    if (rc != PC_OK && in_tx)
        geo_store_rollback(s);
    if (rc != PC_OK && err_len && !err[0])
        snprintf(err, err_len, "%s: %s (%s)", path, pc_rc_str(rc), geo_store_errmsg(s));
    if (rc == PC_OK && !(opts && opts->quiet))
        pc_log(PC_LOG_INFO, "import-admin: %lld units (%lld with a parent), %lld features skipped, %lld rows assigned",
               (long long)st->units, (long long)st->with_parent, (long long)st->skipped, (long long)st->assigned);
    free(text);
    return rc;
}
