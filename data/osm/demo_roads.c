/* demo_roads.c — main streets and the ngõ/ngách inside blocks, written to
 * road_node/road_edge exactly as the OSM importer writes imported roads. */
#include <stdlib.h>
#include <stdio.h>

#include "demo_int.h"
#include "geo_write.h"

#define NGO_LOCAL(k, slot) ((k) * 60 + 1 + (slot))
#define NGO_MOUTH(k) ((k) * 60)
#define NGACH_END(k, slot) ((k) * 60 + 25 + (slot))
#define NGO_DEAD_END(k) ((k) * 60 + 50)
#define NGO_THROUGH_END(k) ((k) * 60 + 51)

typedef struct stop {
    double at_m;
    int64_t id;
} stop;

static int stop_cmp(const void *a, const void *b)
{
    double d = ((const stop *)a)->at_m - ((const stop *)b)->at_m;
    return d < 0 ? -1 : d > 0;
}

static double path_length_m(const geo_lonlat *pts, size_t n)
{
    double len = 0;
    for (size_t i = 1; i < n; i++)
        len += geo_haversine_m(pts[i - 1], pts[i]);
    return len;
}

static const char *alley_class(double width_m)
{
    return width_m >= 3.0 ? "residential" : width_m >= 1.8 ? "service" : "footway";
}

static pc_rc write_edge(demo_ctx *c, int64_t from, int64_t to, geo_lonlat a, geo_lonlat b, const char *cls,
                        const char *name, double width_m, double maxheight_m, int oneway, int64_t ward)
{
    geo_lonlat pts[2] = {a, b};
    geo_edge_rec e = {.node_from = from, .node_to = to, .cls = cls, .name = name, .width_m = width_m,
                      .width_tagged = 1, .maxheight_m = maxheight_m, .oneway = oneway, .motor = 1, .foot = 1,
                      .length_m = path_length_m(pts, 2), .pts = pts, .n_pts = 2, .admin_unit_id = ward};
    return geo_write_road_edge(c->store, &e, NULL);
}

/* Writes one straight street as edges between consecutive stops. along_x:
 * the street runs along x (horizontal) at fixed = y, else along y at x. */
static pc_rc write_street(demo_ctx *c, const demo_street *st, int along_x, double fixed, stop *stops, size_t n,
                          int street_index)
{
    char name[128];
    snprintf(name, sizeof name, "%s %s", st->kind[0] == 'p' ? "Phố" : "Đường", st->name);
    qsort(stops, n, sizeof *stops, stop_cmp);
    for (size_t k = 0; k + 1 < n; k++) {
        if (stops[k + 1].at_m - stops[k].at_m < 0.01)
            continue;
        double mid = (stops[k].at_m + stops[k + 1].at_m) / 2;
        int cell = (int)(mid / DEMO_BLOCK_M);
        int64_t ward = along_x ? demo_ward_of_block(c, cell, street_index) : demo_ward_of_block(c, street_index, cell);
        geo_lonlat a = along_x ? demo_ll(c, stops[k].at_m, fixed) : demo_ll(c, fixed, stops[k].at_m);
        geo_lonlat b = along_x ? demo_ll(c, stops[k + 1].at_m, fixed) : demo_ll(c, fixed, stops[k + 1].at_m);
        int64_t from = stops[k].id, to = stops[k + 1].id;
        if (st->oneway < 0) {
            geo_lonlat t = a;
            a = b, b = t;
            int64_t ti = from;
            from = to, to = ti;
        }
        pc_rc rc = write_edge(c, from, to, a, b, st->cls, name, st->width_m, 0, st->oneway != 0, ward);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

/* Horizontal street j: intersections, ngõ mouths of the blocks north of it,
 * and through-ngõ ends of the blocks south of it. */
static pc_rc write_hstreet(demo_ctx *c, int j, stop *stops)
{
    size_t n = 0;
    double y = j * DEMO_BLOCK_M;
    for (int i = 0; i <= c->gx; i++) {
        stops[n++] = (stop){i * DEMO_BLOCK_M, demo_intersection_id(c, i, j)};
        pc_rc rc = geo_write_road_node(c->store, stops[n - 1].id, demo_ll(c, i * DEMO_BLOCK_M, y));
        if (rc != PC_OK)
            return rc;
    }
    for (int i = 0; i < c->gx; i++) {
        demo_block b;
        for (int side = 0; side < 2; side++) {
            int bj = side == 0 ? j : j - 1;
            if (bj < 0 || bj >= c->gy)
                continue;
            demo_block_layout(c, i, bj, &b);
            for (int k = 0; k < b.n_ngo; k++) {
                if (side == 1 && !b.ngo[k].through)
                    continue;
                double x = b.x0 + b.ngo[k].x;
                int64_t id = demo_node_id(c, b.index, side == 0 ? NGO_MOUTH(k) : NGO_THROUGH_END(k));
                stops[n++] = (stop){x, id};
                pc_rc rc = geo_write_road_node(c->store, id, demo_ll(c, x, y));
                if (rc != PC_OK)
                    return rc;
            }
        }
    }
    return write_street(c, &c->hstreets[j], 1, y, stops, n, j);
}

static pc_rc write_vstreet(demo_ctx *c, int i, stop *stops)
{
    size_t n = 0;
    for (int j = 0; j <= c->gy; j++)
        stops[n++] = (stop){j * DEMO_BLOCK_M, demo_intersection_id(c, i, j)};
    return write_street(c, &c->vstreets[i], 0, i * DEMO_BLOCK_M, stops, n, i);
}

pc_rc demo_write_streets(demo_ctx *c)
{
    size_t cap = (size_t)(c->gx + 1) + (size_t)c->gx * 2 * DEMO_MAX_NGO + (size_t)c->gy + 1;
    stop *stops = malloc(cap * sizeof *stops);
    if (!stops)
        return PC_ENOMEM;
    pc_rc rc = PC_OK;
    for (int j = 0; rc == PC_OK && j <= c->gy; j++)
        rc = write_hstreet(c, j, stops);
    for (int i = 0; rc == PC_OK && i <= c->gx; i++)
        rc = write_vstreet(c, i, stops);
    free(stops);
    return rc;
}

/* The ngõ k of block b as a chain: mouth, a node per used slot, end. */
static pc_rc write_ngo(demo_ctx *c, const demo_block *b, int k)
{
    const demo_ngo *g = &b->ngo[k];
    const demo_street *st = &c->hstreets[b->j];
    char name[160];
    snprintf(name, sizeof name, "Ngõ %d %s", g->number, st->name);
    double x = b->x0 + g->x;
    int64_t prev = demo_node_id(c, b->index, NGO_MOUTH(k));
    double prev_y = b->j * DEMO_BLOCK_M;
    int first = 1;
    pc_rc rc = PC_OK;
    for (int s = 0; s < g->n_slots && rc == PC_OK; s++) {
        if (g->ngach[s].width_m <= 0 && !g->in_from_west[s])
            continue;
        double y = b->y0 + 26.0 + 25.0 * s;
        int64_t id = demo_node_id(c, b->index, NGO_LOCAL(k, s));
        rc = geo_write_road_node(c->store, id, demo_ll(c, x, y));
        if (rc == PC_OK)
            rc = write_edge(c, prev, id, demo_ll(c, x, prev_y), demo_ll(c, x, y), alley_class(g->width_m), name,
                            g->width_m, first ? g->maxheight_m : 0, 0, b->ward_id);
        prev = id, prev_y = y, first = 0;
    }
    if (rc != PC_OK)
        return rc;
    int64_t end;
    double end_y;
    if (g->through) {
        end = demo_node_id(c, b->index, NGO_THROUGH_END(k));
        end_y = (b->j + 1) * DEMO_BLOCK_M;
    } else {
        end = demo_node_id(c, b->index, NGO_DEAD_END(k));
        end_y = b->y0 + g->len_m;
        rc = geo_write_road_node(c->store, end, demo_ll(c, x, end_y));
    }
    if (rc == PC_OK)
        rc = write_edge(c, prev, end, demo_ll(c, x, prev_y), demo_ll(c, x, end_y), alley_class(g->width_m), name,
                        g->width_m, first ? g->maxheight_m : 0, 0, b->ward_id);
    return rc;
}

static pc_rc write_ngach(demo_ctx *c, const demo_block *b, int k, int s)
{
    const demo_ngo *g = &b->ngo[k];
    const demo_ngach *n = &g->ngach[s];
    char name[160];
    snprintf(name, sizeof name, "Ngách %d/%d %s", n->number, g->number, c->hstreets[b->j].name);
    double x = b->x0 + g->x, y = b->y0 + n->y, x_end = x + n->side * n->len_m;
    int64_t from = demo_node_id(c, b->index, NGO_LOCAL(k, s)), to;
    pc_rc rc = PC_OK;
    if (n->connects) {
        to = demo_node_id(c, b->index, NGO_LOCAL(k + 1, s));
    } else {
        to = demo_node_id(c, b->index, NGACH_END(k, s));
        rc = geo_write_road_node(c->store, to, demo_ll(c, x_end, y));
    }
    if (rc == PC_OK)
        rc = write_edge(c, from, to, demo_ll(c, x, y), demo_ll(c, x_end, y), alley_class(n->width_m), name,
                        n->width_m, 0, 0, b->ward_id);
    return rc;
}

pc_rc demo_write_block_roads(demo_ctx *c, const demo_block *b)
{
    pc_rc rc = PC_OK;
    /* every ngõ first: a connecting ngách ends on the next ngõ's node */
    for (int k = 0; rc == PC_OK && k < b->n_ngo; k++)
        rc = write_ngo(c, b, k);
    for (int k = 0; rc == PC_OK && k < b->n_ngo; k++)
        for (int s = 0; rc == PC_OK && s < b->ngo[k].n_slots; s++)
            if (b->ngo[k].ngach[s].width_m > 0)
                rc = write_ngach(c, b, k, s);
    return rc;
}
