/* geo_osm_roads.c — the road graph of an OSM extract: road_node, road_edge.
 *
 * A graph node is every vertex shared by two or more imported highways (or
 * used twice by one), and every way end; each way is cut into one edge per
 * stretch between graph nodes (way_seq numbers them along the way). A closed
 * way with no other graph node is also cut at its middle vertex, so that a
 * ring is two usable edges rather than a loop. oneway=-1 ways are turned
 * around so that node_from -> node_to is always the allowed direction.
 * Rows are upserted by OSM id (road_node.osm_id, road_edge (osm_way_id,
 * way_seq)), so a re-import keeps ids; a way now cut into fewer edges loses
 * the extra ones, and OSM road nodes no edge uses any more are deleted. */
#include "geo_osm_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"
#include "geo_text.h"
#include "pc_progress.h"

typedef struct roads_ctx {
    geo_store *s;
    const osm_extract *x;
    uint32_t *vidx;      /* resolved vertices of every road, concatenated */
    size_t *voff, *vlen; /* per road */
    uint8_t *use;        /* per node index: how many way vertices use it (saturating) */
    uint8_t *is_end;     /* per node index: a way end */
    int64_t *db_id;      /* per node index: road_node.id, 0 before written */
    geo_lonlat *pts;     /* scratch: one edge's geometry */
    size_t cap_pts;
} roads_ctx;

/* Node indexes of every road's refs, dropping unknown nodes and repeats. */
static pc_rc resolve(roads_ctx *c, geo_osm_stats *st)
{
    const osm_extract *x = c->x;
    size_t total = 0;
    for (size_t r = 0; r < x->roads.n; r++)
        total += x->ways.v[x->roads.v[r].way].n_refs;
    c->vidx = malloc((total ? total : 1) * sizeof *c->vidx);
    c->voff = malloc((x->roads.n ? x->roads.n : 1) * sizeof *c->voff);
    c->vlen = malloc((x->roads.n ? x->roads.n : 1) * sizeof *c->vlen);
    c->use = calloc(x->nodes.n ? x->nodes.n : 1, 1);
    c->is_end = calloc(x->nodes.n ? x->nodes.n : 1, 1);
    c->db_id = calloc(x->nodes.n ? x->nodes.n : 1, sizeof *c->db_id);
    if (!c->vidx || !c->voff || !c->vlen || !c->use || !c->is_end || !c->db_id)
        return PC_ENOMEM;
    size_t n = 0;
    for (size_t r = 0; r < x->roads.n; r++) {
        const osm_way *w = &x->ways.v[x->roads.v[r].way];
        c->voff[r] = n;
        int missing = 0;
        for (uint32_t i = 0; i < w->n_refs; i++) {
            int64_t k = osm_node_find(x, x->refs.v[w->ref_off + i]);
            if (k < 0) {
                missing = 1;
                continue;
            }
            if (n > c->voff[r] && c->vidx[n - 1] == (uint32_t)k)
                continue;
            c->vidx[n++] = (uint32_t)k;
        }
        c->vlen[r] = n - c->voff[r];
        st->ways_incomplete += missing;
        if (c->vlen[r] < 2) {
            c->vlen[r] = 0;
            n = c->voff[r];
            continue;
        }
        for (size_t i = c->voff[r]; i < n; i++)
            if (c->use[c->vidx[i]] < 255)
                c->use[c->vidx[i]]++;
        c->is_end[c->vidx[c->voff[r]]] = c->is_end[c->vidx[n - 1]] = 1;
    }
    return PC_OK;
}

static int is_graph_node(const roads_ctx *c, uint32_t k) { return c->use[k] >= 2 || c->is_end[k]; }

/* road_node.id of node index k, upserting it on first use. */
static pc_rc node_id(roads_ctx *c, uint32_t k, geo_osm_stats *st, int64_t *out)
{
    static const char sql[] = "INSERT INTO road_node(osm_id,geom) VALUES(?1,?2) ON CONFLICT(osm_id) DO UPDATE"
                              " SET geom=excluded.geom WHERE road_node.geom IS NOT excluded.geom RETURNING id";
    static const char sel[] = "SELECT id FROM road_node WHERE osm_id=?1";
    if (c->db_id[k]) {
        *out = c->db_id[k];
        return PC_OK;
    }
    geo_blob b = {0};
    pc_rc rc = geo_blob_point(osm_node_pos(c->x, k), &b);
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(c->s, sql) : NULL;
    if (!q) {
        geo_blob_free(&b);
        return rc != PC_OK ? rc : geo_rc(sqlite3_errcode(c->s->db));
    }
    sqlite3_bind_int64(q, 1, c->x->nodes.v[k].id);
    sqlite3_bind_blob(q, 2, b.data, b.size, free);
    int src = sqlite3_step(q);
    if (src == SQLITE_ROW)
        c->db_id[k] = sqlite3_column_int64(q, 0);
    while (src == SQLITE_ROW)
        src = sqlite3_step(q);
    sqlite3_reset(q);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    if (!c->db_id[k]) { /* unchanged row: the upsert returned nothing */
        if (!(q = geo_stmt(c->s, sel)))
            return geo_rc(sqlite3_errcode(c->s->db));
        sqlite3_bind_int64(q, 1, c->x->nodes.v[k].id);
        if (sqlite3_step(q) == SQLITE_ROW)
            c->db_id[k] = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        if (!c->db_id[k])
            return PC_EIO;
    }
    st->road_nodes++;
    *out = c->db_id[k];
    return PC_OK;
}

static const char EDGE_SQL[] =
    "INSERT INTO road_edge(osm_way_id,way_seq,node_from,node_to,class,name,name_folded,width_m,width_source,"
    "maxheight_m,oneway,motor,foot,access,surface,lanes,bridge,tunnel,maxspeed_kmh,length_m,geom)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)"
    " ON CONFLICT(osm_way_id,way_seq) DO UPDATE SET node_from=excluded.node_from,node_to=excluded.node_to,"
    "class=excluded.class,name=excluded.name,name_folded=excluded.name_folded,width_m=excluded.width_m,"
    "width_source=excluded.width_source,maxheight_m=excluded.maxheight_m,oneway=excluded.oneway,"
    "motor=excluded.motor,foot=excluded.foot,access=excluded.access,surface=excluded.surface,"
    "lanes=excluded.lanes,bridge=excluded.bridge,tunnel=excluded.tunnel,maxspeed_kmh=excluded.maxspeed_kmh,"
    "length_m=excluded.length_m,geom=excluded.geom";

static void bind_pos_or_null(sqlite3_stmt *q, int i, double v)
{
    if (v > 0)
        sqlite3_bind_double(q, i, v);
    else
        sqlite3_bind_null(q, i);
}

/* One edge of road r over vertices v[0..n) (already in the allowed order). */
static pc_rc write_edge(roads_ctx *c, const osm_road *r, const char *folded, int seq, const uint32_t *v, size_t n,
                        geo_osm_stats *st)
{
    int64_t from = 0, to = 0;
    pc_rc rc = node_id(c, v[0], st, &from);
    if (rc == PC_OK)
        rc = node_id(c, v[n - 1], st, &to);
    if (rc != PC_OK)
        return rc;
    double len_m = 0;
    for (size_t i = 0; i < n; i++) {
        c->pts[i] = osm_node_pos(c->x, v[i]);
        if (i)
            len_m += geo_haversine_m(c->pts[i - 1], c->pts[i]);
    }
    geo_blob b = {0};
    if ((rc = geo_blob_linestring(c->pts, n, &b)) != PC_OK)
        return rc;
    sqlite3_stmt *q = geo_stmt(c->s, EDGE_SQL);
    if (!q) {
        geo_blob_free(&b);
        return geo_rc(sqlite3_errcode(c->s->db));
    }
    sqlite3_bind_int64(q, 1, c->x->ways.v[r->way].id);
    sqlite3_bind_int(q, 2, seq);
    sqlite3_bind_int64(q, 3, from);
    sqlite3_bind_int64(q, 4, to);
    geo_bind_text_or_null(q, 5, r->cls);
    geo_bind_text_or_null(q, 6, r->name);
    geo_bind_text_or_null(q, 7, folded);
    sqlite3_bind_double(q, 8, r->width_m);
    sqlite3_bind_text(q, 9, r->width_tagged ? "tagged" : "estimated", -1, SQLITE_STATIC);
    bind_pos_or_null(q, 10, r->maxheight_m);
    sqlite3_bind_int(q, 11, r->oneway != 0);
    sqlite3_bind_int(q, 12, r->motor);
    sqlite3_bind_int(q, 13, r->foot);
    geo_bind_text_or_null(q, 14, r->access);
    geo_bind_text_or_null(q, 15, r->surface);
    bind_pos_or_null(q, 16, r->lanes);
    sqlite3_bind_int(q, 17, r->bridge);
    sqlite3_bind_int(q, 18, r->tunnel);
    bind_pos_or_null(q, 19, r->maxspeed_kmh);
    sqlite3_bind_double(q, 20, len_m);
    sqlite3_bind_blob(q, 21, b.data, b.size, free);
    int src = sqlite3_step(q);
    sqlite3_reset(q);
    if (src != SQLITE_DONE)
        return geo_rc(src);
    st->road_edges++;
    return PC_OK;
}

/* Cuts road r into edges and writes them; *n_edges gets how many. */
static pc_rc write_road(roads_ctx *c, size_t r, geo_osm_stats *st, int *n_edges)
{
    static const char prune[] = "DELETE FROM road_edge WHERE osm_way_id=?1 AND way_seq>=?2";
    const osm_road *road = &c->x->roads.v[r];
    uint32_t *v = c->vidx + c->voff[r];
    size_t n = c->vlen[r];
    *n_edges = 0;
    if (n < 2)
        return PC_OK;
    if (n > c->cap_pts) {
        geo_lonlat *p = realloc(c->pts, n * sizeof *p);
        if (!p)
            return PC_ENOMEM;
        c->pts = p, c->cap_pts = n;
    }
    if (road->oneway < 0) /* turn the way around: reversing in place is harmless, each road is written once */
        for (size_t i = 0; i < n / 2; i++) {
            uint32_t t = v[i];
            v[i] = v[n - 1 - i], v[n - 1 - i] = t;
        }
    char folded[512];
    pc_rc frc = road->name ? geo_text_fold(road->name, folded, sizeof folded) : PC_EINVAL;
    const char *f = frc == PC_OK || frc == PC_ELIMIT ? folded : NULL;
    int inner = 0; /* a closed way without inner graph node is cut at its middle */
    for (size_t i = 1; i + 1 < n; i++)
        inner |= is_graph_node(c, v[i]);
    size_t mid = (v[0] == v[n - 1] && !inner && n >= 3) ? n / 2 : 0;
    size_t start = 0;
    pc_rc rc = PC_OK;
    for (size_t i = 1; i < n && rc == PC_OK; i++) {
        if (i == n - 1 || i == mid || is_graph_node(c, v[i])) {
            rc = write_edge(c, road, f, *n_edges, v + start, i - start + 1, st);
            (*n_edges)++;
            start = i;
        }
    }
    sqlite3_stmt *q = rc == PC_OK ? geo_stmt(c->s, prune) : NULL;
    if (rc == PC_OK && !q)
        rc = geo_rc(sqlite3_errcode(c->s->db));
    if (q) {
        sqlite3_bind_int64(q, 1, c->x->ways.v[road->way].id);
        sqlite3_bind_int(q, 2, *n_edges);
        int src = sqlite3_step(q);
        sqlite3_reset(q);
        rc = src == SQLITE_DONE ? PC_OK : geo_rc(src);
    }
    return rc;
}

/* OSM road nodes that no edge uses any more (a newer extract cut a way
 * elsewhere). Nodes of the demo city or of other sources (osm_id NULL) stay. */
static pc_rc delete_orphan_nodes(geo_store *s)
{
    static const char sql[] = "DELETE FROM road_node WHERE osm_id IS NOT NULL"
                              " AND NOT EXISTS(SELECT 1 FROM road_edge WHERE node_from=road_node.id)"
                              " AND NOT EXISTS(SELECT 1 FROM road_edge WHERE node_to=road_node.id)";
    sqlite3_stmt *q = geo_stmt(s, sql);
    if (!q)
        return geo_rc(sqlite3_errcode(s->db));
    int src = sqlite3_step(q);
    sqlite3_reset(q);
    return src == SQLITE_DONE ? PC_OK : geo_rc(src);
}

pc_rc osm_write_roads(geo_store *s, const osm_extract *x, int quiet, geo_osm_stats *st, char *err, size_t err_len)
{
    static const char *const tables[] = {"road_node", "road_edge"};
    roads_ctx c = {.s = s, .x = x};
    osm_bulk bulk = {0};
    pc_progress prog;
    pc_rc rc = resolve(&c, st);
    if (rc == PC_OK)
        rc = osm_bulk_begin(s, tables, 2, &bulk);
    pc_progress_start(&prog, "roads", x->roads.n, quiet);
    for (size_t r = 0; r < x->roads.n && rc == PC_OK; r++) {
        int n_edges = 0;
        rc = write_road(&c, r, st, &n_edges);
        st->highway_ways += n_edges > 0;
        if ((r & 0x3ff) == 0)
            pc_progress_update(&prog, r);
    }
    prog.done = x->roads.n;
    pc_progress_finish(&prog);
    if (rc == PC_OK)
        rc = delete_orphan_nodes(s);
    if (rc == PC_OK)
        rc = osm_bulk_end(s, &bulk);
    osm_bulk_free(&bulk);
    if (rc != PC_OK)
        snprintf(err, err_len, "writing roads: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
    free(c.vidx), free(c.voff), free(c.vlen), free(c.use), free(c.is_end), free(c.db_id), free(c.pts);
    return rc;
}
