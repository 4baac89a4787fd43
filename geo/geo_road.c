/* geo_road.c — road_node/road_edge, stations and road_closure read into
 * plain structs for routing (see geo_road.h), and the GEOS polygon of an
 * isochrone's reached roads. */
#include "geo_road.h"

#include <geos_c.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "geo_blob.h"
#include "geo_store_int.h"

void geo_road_net_free(geo_road_net *net)
{
    if (!net)
        return;
    free(net->node_ids);
    free(net->node_pos);
    free(net->edges);
    free(net->pts);
    free(net->names);
    free(net);
}

static pc_rc count_rows(geo_store *s, const char *sql, size_t *out)
{
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : geo_rc(rc);
}

static pc_rc load_nodes(geo_store *s, geo_road_net *net, char *err, size_t err_len)
{
    static const char sql[] = "SELECT id, ST_X(geom), ST_Y(geom) FROM road_node ORDER BY id";
    size_t n = 0;
    pc_rc rc = count_rows(s, "SELECT count(*) FROM road_node", &n);
    if (rc != PC_OK)
        return rc;
    net->node_ids = malloc((n ? n : 1) * sizeof *net->node_ids);
    net->node_pos = malloc((n ? n : 1) * sizeof *net->node_pos);
    if (!net->node_ids || !net->node_pos)
        return PC_ENOMEM;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW && net->n_nodes < n) {
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            snprintf(err, err_len, "road_node %lld has no position", (long long)sqlite3_column_int64(st, 0));
            sqlite3_reset(st);
            return PC_EFORMAT;
        }
        net->node_ids[net->n_nodes] = sqlite3_column_int64(st, 0);
        net->node_pos[net->n_nodes].lon_deg = sqlite3_column_double(st, 1);
        net->node_pos[net->n_nodes].lat_deg = sqlite3_column_double(st, 2);
        net->n_nodes++;
    }
    sqlite3_reset(st);
    return (src == SQLITE_ROW || src == SQLITE_DONE) ? PC_OK : geo_rc(src);
}

/* Appends name to the pool unless it equals the previous one; returns its offset. */
static pc_rc pool_name(geo_road_net *net, size_t *cap, const char *name, int32_t *last_off, int32_t *off)
{
    if (!name) {
        *off = -1;
        return PC_OK;
    }
    if (*last_off >= 0 && strcmp(net->names + *last_off, name) == 0) {
        *off = *last_off;
        return PC_OK;
    }
    size_t len = strlen(name) + 1;
    if (net->names_len + len > *cap) {
        size_t nc = (*cap ? *cap * 2 : 4096) + len;
        char *p = realloc(net->names, nc);
        if (!p)
            return PC_ENOMEM;
        net->names = p, *cap = nc;
    }
    if (net->names_len + len > INT32_MAX)
        return PC_ELIMIT;
    memcpy(net->names + net->names_len, name, len);
    *off = *last_off = (int32_t)net->names_len;
    net->names_len += len;
    return PC_OK;
}

static pc_rc append_pts(geo_road_net *net, size_t *cap, const geo_lonlat *p, size_t n)
{
    if (net->n_pts + n > *cap) {
        size_t nc = (*cap ? *cap * 2 : 1024) + n;
        geo_lonlat *q = realloc(net->pts, nc * sizeof *q);
        if (!q)
            return PC_ENOMEM;
        net->pts = q, *cap = nc;
    }
    memcpy(net->pts + net->n_pts, p, n * sizeof *p);
    net->n_pts += n;
    return PC_OK;
}

/* Fills e from the current row of the edge SELECT (geometry appended to net->pts). */
static pc_rc read_edge(sqlite3_stmt *st, geo_road_net *net, size_t *pt_cap, size_t *name_cap, int32_t *last_name,
                       geo_road_edge *e, char *err, size_t err_len)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    e->node_from = sqlite3_column_int64(st, 1);
    e->node_to = sqlite3_column_int64(st, 2);
    const char *cls = (const char *)sqlite3_column_text(st, 3);
    if (cls && strlen(cls) < sizeof e->cls)
        strcpy(e->cls, cls);
    pc_rc rc = pool_name(net, name_cap, (const char *)sqlite3_column_text(st, 4), last_name, &e->name_off);
    if (rc != PC_OK)
        return rc;
    e->width_m = sqlite3_column_double(st, 5);
    e->maxheight_m = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_double(st, 6);
    e->oneway = (uint8_t)(sqlite3_column_int(st, 7) != 0);
    e->motor = (uint8_t)(sqlite3_column_int(st, 8) != 0);
    e->foot = (uint8_t)(sqlite3_column_int(st, 9) != 0);
    e->length_m = sqlite3_column_double(st, 10);
    geo_lonlat *pts = NULL;
    size_t n = 0;
    rc = geo_blob_vertices(sqlite3_column_blob(st, 11), sqlite3_column_bytes(st, 11), &pts, &n);
    if (rc != PC_OK || n < 2) {
        free(pts);
        snprintf(err, err_len, "road_edge %lld has no linestring geometry", (long long)e->id);
        return PC_EFORMAT;
    }
    e->pt_off = (uint32_t)net->n_pts;
    e->n_pts = (uint32_t)n;
    rc = append_pts(net, pt_cap, pts, n);
    free(pts);
    return rc;
}

static pc_rc load_edges(geo_store *s, geo_road_net *net, char *err, size_t err_len)
{
    static const char sql[] = "SELECT id,node_from,node_to,class,name,width_m,maxheight_m,oneway,motor,foot,"
                              "length_m,geom FROM road_edge ORDER BY id";
    size_t n = 0, pt_cap = 0, name_cap = 0;
    int32_t last_name = -1;
    pc_rc rc = count_rows(s, "SELECT count(*) FROM road_edge", &n);
    if (rc != PC_OK)
        return rc;
    net->edges = malloc((n ? n : 1) * sizeof *net->edges);
    if (!net->edges)
        return PC_ENOMEM;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW && net->n_edges < n) {
        rc = read_edge(st, net, &pt_cap, &name_cap, &last_name, &net->edges[net->n_edges], err, err_len);
        if (rc != PC_OK) {
            sqlite3_reset(st);
            return rc;
        }
        net->n_edges++;
    }
    sqlite3_reset(st);
    return (src == SQLITE_ROW || src == SQLITE_DONE) ? PC_OK : geo_rc(src);
}

pc_rc geo_road_load(geo_store *s, geo_road_net **out, char *err, size_t err_len)
{
    char dummy[8];
    if (!err)
        err = dummy, err_len = sizeof dummy;
    err[0] = '\0';
    *out = NULL;
    geo_road_net *net = calloc(1, sizeof *net);
    if (!net)
        return PC_ENOMEM;
    pc_rc rc = load_nodes(s, net, err, err_len);
    if (rc == PC_OK)
        rc = load_edges(s, net, err, err_len);
    if (rc != PC_OK) {
        if (!err[0])
            snprintf(err, err_len, "reading the road graph: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
        geo_road_net_free(net);
        return rc;
    }
    *out = net;
    return PC_OK;
}

pc_rc geo_road_stations(geo_store *s, geo_road_station **out, size_t *n_out)
{
    static const char sql[] =
        "SELECT id, code, name, ST_X(geom), ST_Y(geom) FROM station WHERE geom IS NOT NULL ORDER BY id";
    *out = NULL;
    *n_out = 0;
    size_t n = 0, cap = 0;
    geo_road_station *v = NULL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    int src;
    pc_rc rc = PC_OK;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            geo_road_station *p = realloc(v, cap * sizeof *p);
            if (!p) {
                rc = PC_ENOMEM;
                break;
            }
            v = p;
        }
        geo_road_station *r = &v[n++];
        r->id = sqlite3_column_int64(st, 0);
        snprintf(r->code, sizeof r->code, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(r->name, sizeof r->name, "%s", (const char *)sqlite3_column_text(st, 2));
        r->pos.lon_deg = sqlite3_column_double(st, 3);
        r->pos.lat_deg = sqlite3_column_double(st, 4);
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_road_closure_add(geo_store *s, const geo_road_closure *c, int64_t *id_out)
{
    static const char q_edge[] = "SELECT 1 FROM road_edge WHERE id = ?";
    static const char sql[] = "INSERT INTO road_closure(edge_id,factor,starts_at,expires_at,reason) VALUES(?,?,"
                              "strftime('%Y-%m-%dT%H:%M:%SZ',?,'unixepoch'),strftime('%Y-%m-%dT%H:%M:%SZ',?,'unixepoch'),?)";
    if (!(c->factor == 0 || c->factor >= 1) || c->factor > 1000 || c->expires_s <= c->starts_s)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, q_edge);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, c->edge_id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (!found)
        return PC_ENOTFOUND;
    st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, c->edge_id);
    sqlite3_bind_double(st, 2, c->factor);
    sqlite3_bind_int64(st, 3, c->starts_s);
    sqlite3_bind_int64(st, 4, c->expires_s);
    geo_bind_text_or_null(st, 5, c->reason[0] ? c->reason : NULL);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return geo_rc(rc);
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(s->db);
    return PC_OK;
}

pc_rc geo_road_closure_list(geo_store *s, int64_t now_s, geo_road_closure **out, size_t *n_out)
{
    static const char sql[] = "SELECT id,edge_id,factor,CAST(strftime('%s',starts_at) AS INTEGER),"
                              "CAST(strftime('%s',expires_at) AS INTEGER),reason FROM road_closure"
                              " WHERE expires_at > strftime('%Y-%m-%dT%H:%M:%SZ',?,'unixepoch') ORDER BY id";
    *out = NULL;
    *n_out = 0;
    size_t n = 0, cap = 0;
    geo_road_closure *v = NULL;
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, now_s);
    int src;
    pc_rc rc = PC_OK;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            geo_road_closure *p = realloc(v, cap * sizeof *p);
            if (!p) {
                rc = PC_ENOMEM;
                break;
            }
            v = p;
        }
        geo_road_closure *r = &v[n++];
        r->id = sqlite3_column_int64(st, 0);
        r->edge_id = sqlite3_column_int64(st, 1);
        r->factor = sqlite3_column_double(st, 2);
        r->starts_s = sqlite3_column_int64(st, 3);
        r->expires_s = sqlite3_column_int64(st, 4);
        const char *why = (const char *)sqlite3_column_text(st, 5);
        snprintf(r->reason, sizeof r->reason, "%s", why ? why : "");
    }
    sqlite3_reset(st);
    if (rc == PC_OK && src != SQLITE_DONE)
        rc = geo_rc(src);
    if (rc != PC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

pc_rc geo_road_closure_clear(geo_store *s, int64_t id, int64_t *n_deleted)
{
    static const char one[] = "DELETE FROM road_closure WHERE id = ?";
    static const char all[] = "DELETE FROM road_closure";
    sqlite3_stmt *st = geo_stmt(s, id > 0 ? one : all);
    if (!st)
        return geo_rc(sqlite3_errcode(s->db));
    if (id > 0)
        sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return geo_rc(rc);
    int64_t n = sqlite3_changes(s->db);
    if (n_deleted)
        *n_deleted = n;
    return (id > 0 && n == 0) ? PC_ENOTFOUND : PC_OK;
}

/* ---- isochrone polygon (GEOS) ------------------------------------------ */

static int to_lonlat_cb(double *x, double *y, void *ud)
{
    geo_lonlat p = geo_frame_to_lonlat((const geo_frame *)ud, (geo_xy){*x, *y});
    *x = p.lon_deg;
    *y = p.lat_deg;
    return 1;
}

/* A GEOS MultiLineString of the lines in the metric frame f. */
static GEOSGeometry *make_lines(GEOSContextHandle_t h, const geo_frame *f, const geo_lonlat *pts,
                                const uint32_t *line_len, size_t n_lines)
{
    GEOSGeometry **parts = calloc(n_lines, sizeof *parts);
    size_t n_parts = 0, off = 0;
    int ok = parts != NULL;
    for (size_t i = 0; ok && i < n_lines; off += line_len[i], i++) {
        if (line_len[i] < 2)
            continue;
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, line_len[i], 2);
        ok = cs != NULL;
        for (uint32_t k = 0; ok && k < line_len[i]; k++) {
            geo_xy p = geo_frame_to_xy(f, pts[off + k]);
            ok = GEOSCoordSeq_setXY_r(h, cs, k, p.x_m, p.y_m) != 0;
        }
        GEOSGeometry *g = ok ? GEOSGeom_createLineString_r(h, cs) : NULL;
        if (!g) {
            if (cs && ok)
                GEOSCoordSeq_destroy_r(h, cs);
            ok = 0;
            break;
        }
        parts[n_parts++] = g;
    }
    GEOSGeometry *multi = NULL;
    if (ok && n_parts > 0)
        multi = GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts, (unsigned)n_parts);
    if (!multi)
        for (size_t i = 0; parts && i < n_parts; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    return multi;
}

pc_rc geo_road_reach_polygon(const geo_lonlat *pts, const uint32_t *line_len, size_t n_lines, double buffer_m,
                             char **geojson)
{
    *geojson = NULL;
    if (n_lines == 0 || !(buffer_m > 0))
        return PC_EINVAL;
    pc_rc rc = PC_ENOMEM;
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry *lines = NULL, *area = NULL, *ll = NULL;
    GEOSGeoJSONWriter *w = NULL;
    char *txt = NULL;
    if (!h)
        return PC_ENOMEM;
    geo_frame f;
    geo_frame_init(&f, pts[0]);
    lines = make_lines(h, &f, pts, line_len, n_lines);
    if (!lines)
        goto cleanup;
    area = GEOSBuffer_r(h, lines, buffer_m, 4);
    if (!area)
        goto cleanup;
    ll = GEOSGeom_transformXY_r(h, area, to_lonlat_cb, &f);
    w = ll ? GEOSGeoJSONWriter_create_r(h) : NULL;
    txt = w ? GEOSGeoJSONWriter_writeGeometry_r(h, w, ll, -1) : NULL;
    if (!txt)
        goto cleanup;
    *geojson = strdup(txt);
    rc = *geojson ? PC_OK : PC_ENOMEM;
cleanup:
    if (txt)
        GEOSFree_r(h, txt);
    if (w)
        GEOSGeoJSONWriter_destroy_r(h, w);
    if (ll)
        GEOSGeom_destroy_r(h, ll);
    if (area)
        GEOSGeom_destroy_r(h, area);
    if (lines)
        GEOSGeom_destroy_r(h, lines);
    GEOS_finish_r(h);
    return rc;
}
