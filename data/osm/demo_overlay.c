/* demo_overlay.c — generated buildings, stations, units and hydrants on a
 * real road network (one imported with `pccc import-osm`), so that plans and
 * benchmarks run on real Hanoi streets and alleys.
 *
 * Buildings: 4.6 m lots on both sides of every road a person can walk
 * (alleys included), set back half the road's width, door facing the road,
 * until about scale x 1,000 buildings; types and scale as in the demo city.
 * Stations: one per 2 km square, at the node of a primary/secondary/tertiary
 * road nearest the square's centre. Hydrants: every 150 m along those roads.
 * Houses get registry house codes and addresses on the road's name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_int.h"
#include "geo_housecode.h"
#include "geo_road.h"
#include "geo_write.h"

#define OVERLAY_LOT_M 5.0
#define OVERLAY_STATION_CELL_M 2000.0

static int is_main_road(const char *cls)
{
    return strcmp(cls, "primary") == 0 || strcmp(cls, "secondary") == 0 || strcmp(cls, "tertiary") == 0 ||
           strcmp(cls, "trunk") == 0;
}

static const char *pick_type(demo_rng *r, int main_road)
{
    double u = demo_rng_unit(r);
    if (main_road)
        return u < 0.5 ? "house_business" : u < 0.7 ? "house" : u < 0.8 ? "mini_apartment" : u < 0.9 ? "office" : "hotel";
    return u < 0.55 ? "house" : u < 0.7 ? "boarding_house" : u < 0.83 ? "mini_apartment" : "house_business";
}

/* One lot at distance `at` along edge e's straight chord, on side (+1/-1). */
static pc_rc write_lot(demo_ctx *c, const geo_road_net *net, const geo_road_edge *e, geo_xy a, geo_xy b, double at,
                       int side, int number)
{
    double len = hypot(b.x_m - a.x_m, b.y_m - a.y_m);
    if (len < 1e-6)
        return PC_OK;
    double ux = (b.x_m - a.x_m) / len, uy = (b.y_m - a.y_m) / len, nx = -uy * side, ny = ux * side;
    double set = e->width_m / 2 + 0.5, depth = 10.0, w = OVERLAY_LOT_M - 0.4;
    geo_xy p0 = {a.x_m + ux * at + nx * set, a.y_m + uy * at + ny * set};
    geo_xy q[4] = {p0, {p0.x_m + ux * w, p0.y_m + uy * w}, {p0.x_m + ux * w + nx * depth, p0.y_m + uy * w + ny * depth},
                   {p0.x_m + nx * depth, p0.y_m + ny * depth}};
    geo_lonlat ring[4];
    for (int k = 0; k < 4; k++)
        ring[k] = geo_frame_to_lonlat(&c->frame, q[k]);
    geo_xy door = {p0.x_m + ux * w / 2, p0.y_m + uy * w / 2};
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 9, (uint64_t)c->next_serial, 0);
    const char *street = e->name_off >= 0 ? net->names + e->name_off : NULL;
    char code[GEO_HOUSECODE_LEN + 1], num[16], addr[256];
    pc_rc rc = geo_housecode_make(GEO_HC_REGISTRY, (uint64_t)++c->next_serial, code);
    snprintf(num, sizeof num, "%d", number);
    snprintf(addr, sizeof addr, "Số %d %s", number, street ? street : "(đường chưa đặt tên)");
    const char *t = pick_type(&r, is_main_road(e->cls));
    int floors = strcmp(t, "mini_apartment") == 0 ? demo_rng_int(&r, 6, 9) : demo_rng_int(&r, 2, 5);
    int occupants = strcmp(t, "mini_apartment") == 0 ? floors * 8 : demo_rng_int(&r, 2, 8);
    geo_building_rec rec = {.house_code = code, .addr_number = num, .addr_street = street, .addr_full = addr,
                            .type_code = t, .floors = floors, .basements = 0, .height_m = floors * 3.3 + 1,
                            .footprint_m2 = w * depth, .apartments = -1, .rooms = -1, .occupants = occupants,
                            .vuln_elderly = occupants / 8, .vuln_children = occupants / 5, .vuln_disabled = 0,
                            .vuln_bedridden = demo_rng_chance(&r, 0.02), .source = "demo", .ring = ring, .n_ring = 4,
                            .entrance = geo_frame_to_lonlat(&c->frame, door)};
    int64_t bid = 0;
    if (rc == PC_OK)
        rc = geo_write_building(c->store, &rec, &bid);
    if (rc == PC_OK)
        rc = geo_write_building_exit(c->store, bid, "main_door", 1.2, 0, rec.entrance);
    pc_progress_update(&c->progress, (uint64_t)c->next_serial);
    return rc;
}

/* Lots along both sides of every walkable edge, every `stride` lots. */
static pc_rc write_buildings(demo_ctx *c, const geo_road_net *net, int stride)
{
    pc_rc rc = PC_OK;
    for (size_t i = 0; rc == PC_OK && i < net->n_edges && c->next_serial < (int64_t)c->p.scale * 1000; i++) {
        const geo_road_edge *e = &net->edges[i];
        if (!e->foot || e->n_pts < 2 || strcmp(e->cls, "steps") == 0)
            continue;
        geo_xy a = geo_frame_to_xy(&c->frame, net->pts[e->pt_off]);
        geo_xy b = geo_frame_to_xy(&c->frame, net->pts[e->pt_off + e->n_pts - 1]);
        double len = hypot(b.x_m - a.x_m, b.y_m - a.y_m);
        /* leave room at both ends for the crossing roads */
        for (int k = 1; rc == PC_OK && (k + 1) * OVERLAY_LOT_M + 4 < len; k++) {
            if ((k + (int)i) % stride != 0)
                continue;
            rc = write_lot(c, net, e, a, b, k * OVERLAY_LOT_M, +1, 2 * k);
            if (rc == PC_OK)
                rc = write_lot(c, net, e, a, b, k * OVERLAY_LOT_M, -1, 2 * k + 1);
        }
    }
    return rc;
}

static double chord_m(const demo_ctx *c, const geo_road_net *net, const geo_road_edge *e)
{
    geo_xy a = geo_frame_to_xy(&c->frame, net->pts[e->pt_off]);
    geo_xy b = geo_frame_to_xy(&c->frame, net->pts[e->pt_off + e->n_pts - 1]);
    return hypot(b.x_m - a.x_m, b.y_m - a.y_m);
}

/* The lot stride that gives about the wanted number of buildings. */
static int lot_stride(const demo_ctx *c, const geo_road_net *net)
{
    double lots = 0;
    for (size_t i = 0; i < net->n_edges; i++)
        if (net->edges[i].foot && net->edges[i].n_pts >= 2)
            lots += 2 * fmax(0, chord_m(c, net, &net->edges[i]) / OVERLAY_LOT_M - 2);
    double want = (double)c->p.scale * 1000.0;
    return lots <= want ? 1 : (int)ceil(lots / want);
}

typedef struct cell_best {
    double d2;
    geo_lonlat pos;
} cell_best;

static pc_rc write_stations(demo_ctx *c, const geo_road_net *net, geo_xy lo, geo_xy hi)
{
    int nx = (int)ceil((hi.x_m - lo.x_m) / OVERLAY_STATION_CELL_M), ny = (int)ceil((hi.y_m - lo.y_m) / OVERLAY_STATION_CELL_M);
    nx = nx < 1 ? 1 : nx, ny = ny < 1 ? 1 : ny;
    cell_best *best = calloc((size_t)nx * (size_t)ny, sizeof *best);
    if (!best)
        return PC_ENOMEM;
    for (int i = 0; i < nx * ny; i++)
        best[i].d2 = INFINITY;
    for (size_t i = 0; i < net->n_edges; i++) {
        const geo_road_edge *e = &net->edges[i];
        if (!e->motor || !is_main_road(e->cls))
            continue;
        geo_lonlat p = net->pts[e->pt_off];
        geo_xy xy = geo_frame_to_xy(&c->frame, p);
        int cx = (int)((xy.x_m - lo.x_m) / OVERLAY_STATION_CELL_M), cy = (int)((xy.y_m - lo.y_m) / OVERLAY_STATION_CELL_M);
        if (cx < 0 || cy < 0 || cx >= nx || cy >= ny)
            continue;
        double dx = xy.x_m - (lo.x_m + (cx + 0.5) * OVERLAY_STATION_CELL_M);
        double dy = xy.y_m - (lo.y_m + (cy + 0.5) * OVERLAY_STATION_CELL_M);
        cell_best *b = &best[cy * nx + cx];
        if (dx * dx + dy * dy < b->d2)
            b->d2 = dx * dx + dy * dy, b->pos = p;
    }
    pc_rc rc = PC_OK;
    for (int i = 0; rc == PC_OK && i < nx * ny; i++) {
        if (!isfinite(best[i].d2))
            continue;
        char code[16], name[64];
        int n = (int)++c->n_stations;
        snprintf(code, sizeof code, "ST%02d", n);
        snprintf(name, sizeof name, "Đội Chữa cháy và CNCH số %d", n);
        int64_t sid = 0;
        rc = geo_write_station(c->store, code, name, NULL, "114", 0, best[i].pos, &sid);
        if (rc == PC_OK)
            rc = demo_write_units(c, sid, n);
    }
    free(best);
    return rc;
}

/* Hydrants every 150 m along main roads, at the kerb. */
static pc_rc write_hydrants(demo_ctx *c, const geo_road_net *net)
{
    pc_rc rc = PC_OK;
    double carry = 75.0;
    for (size_t i = 0; rc == PC_OK && i < net->n_edges; i++) {
        const geo_road_edge *e = &net->edges[i];
        if (!e->motor || !is_main_road(e->cls))
            continue;
        for (uint32_t k = 1; rc == PC_OK && k < e->n_pts; k++) {
            geo_xy a = geo_frame_to_xy(&c->frame, net->pts[e->pt_off + k - 1]);
            geo_xy b = geo_frame_to_xy(&c->frame, net->pts[e->pt_off + k]);
            double len = hypot(b.x_m - a.x_m, b.y_m - a.y_m);
            for (; rc == PC_OK && carry < len; carry += 150.0) {
                double ux = (b.x_m - a.x_m) / len, uy = (b.y_m - a.y_m) / len, kerb = e->width_m / 2 - 0.5;
                geo_xy h = {a.x_m + ux * carry - uy * kerb, a.y_m + uy * carry + ux * kerb};
                rc = demo_write_hydrant_at(c, geo_frame_to_lonlat(&c->frame, h), 0);
            }
            carry -= len;
        }
    }
    return rc;
}

static pc_rc overlay_all(demo_ctx *c, const geo_road_net *net)
{
    geo_xy lo = {INFINITY, INFINITY}, hi = {-INFINITY, -INFINITY};
    double lon = 0, lat = 0;
    for (size_t i = 0; i < net->n_nodes; i++)
        lon += net->node_pos[i].lon_deg, lat += net->node_pos[i].lat_deg;
    geo_frame_init(&c->frame, (geo_lonlat){lon / (double)net->n_nodes, lat / (double)net->n_nodes});
    for (size_t i = 0; i < net->n_nodes; i++) {
        geo_xy p = geo_frame_to_xy(&c->frame, net->node_pos[i]);
        lo.x_m = fmin(lo.x_m, p.x_m), lo.y_m = fmin(lo.y_m, p.y_m);
        hi.x_m = fmax(hi.x_m, p.x_m), hi.y_m = fmax(hi.y_m, p.y_m);
    }
    pc_rc rc = write_stations(c, net, lo, hi);
    if (rc == PC_OK)
        rc = write_hydrants(c, net);
    if (rc == PC_OK)
        rc = write_buildings(c, net, lot_stride(c, net));
    return rc;
}

pc_rc demo_overlay_generate(geo_store *s, const demo_params *p, demo_stats *out, char *err, size_t err_len)
{
    demo_ctx c;
    geo_road_net *net = NULL;
    memset(&c, 0, sizeof c);
    memset(out, 0, sizeof *out);
    c.store = s, c.p = *p;
    int64_t n_b = 0;
    pc_rc rc = geo_store_count(s, "building", &n_b);
    if (rc == PC_OK && n_b) {
        snprintf(err, err_len, "the database already has %lld buildings", (long long)n_b);
        return PC_EEXIST;
    }
    if (rc == PC_OK)
        rc = geo_road_load(s, &net, err, err_len);
    if (rc == PC_OK && net->n_nodes == 0) {
        snprintf(err, err_len, "the database has no roads: import an OSM extract first (pccc import-osm)");
        rc = PC_EINVAL;
    }
    if (rc == PC_OK)
        rc = geo_store_begin(s);
    if (rc != PC_OK)
        goto cleanup;
    pc_progress_start(&c.progress, "buildings", (uint64_t)p->scale * 1000, p->quiet);
    rc = geo_store_bulk_begin(s);
    if (rc == PC_OK)
        rc = overlay_all(&c, net);
    if (rc == PC_OK)
        rc = geo_store_bulk_end(s);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        snprintf(err, err_len, "overlay failed: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
        geo_store_rollback(s);
        goto cleanup;
    }
    pc_progress_finish(&c.progress);
    out->buildings = c.next_serial, out->stations = c.n_stations, out->units = c.n_units;
    out->hydrants = c.n_hydrants;
    geo_store_count(s, "road_node", &out->road_nodes);
    geo_store_count(s, "road_edge", &out->road_edges);
cleanup:
    geo_road_net_free(net);
    return rc;
}
