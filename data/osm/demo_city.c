/* demo_city.c — drives the demo-city generator: sizes the grid from the
 * scale, names and sizes the main streets, then writes the city block by
 * block inside one transaction (spatial indexes rebuilt once at the end). */
#include "demo_city.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_int.h"
#include "geo_write.h"

/* Measured: a normal block holds about 450 buildings; 1 block in 9 is a lake
 * and 1 in 17 a park. */
#define DEMO_BUILDINGS_PER_BLOCK 450.0
#define DEMO_NORMAL_FRACTION 0.83

static const geo_lonlat CITY_CENTRE = {105.8542, 21.0285}; /* Hoàn Kiếm */

static void name_street(demo_street *st, int n, demo_rng *r, int *name_i)
{
    int k = (*name_i)++;
    if (k < demo_n_street_names)
        snprintf(st->name, sizeof st->name, "%s", demo_street_names[k]);
    else
        snprintf(st->name, sizeof st->name, "%s %d", demo_street_names[k % demo_n_street_names],
                 k / demo_n_street_names + 1);
    if (n % 4 == 0) {
        st->kind = "đường", st->cls = "primary", st->width_m = round(demo_rng_range(r, 18, 22));
    } else if (n % 2 == 0) {
        st->kind = "phố", st->cls = "secondary", st->width_m = round(demo_rng_range(r, 12, 16));
    } else {
        st->kind = "phố", st->cls = "tertiary", st->width_m = round(demo_rng_range(r, 8, 11));
        if (demo_rng_chance(r, 0.3))
            st->oneway = demo_rng_chance(r, 0.5) ? 1 : -1; /* old-quarter one-way streets */
    }
}

static pc_rc setup(demo_ctx *c)
{
    double need = ceil(c->p.scale * 1000.0 / (DEMO_BUILDINGS_PER_BLOCK * DEMO_NORMAL_FRACTION));
    c->gx = (int)ceil(sqrt(need));
    c->gy = (int)ceil(need / c->gx);
    if (c->gx < 2)
        c->gx = 2;
    if (c->gy < 2)
        c->gy = 2;
    c->n_wards_x = (c->gx + DEMO_WARD_BLOCKS - 1) / DEMO_WARD_BLOCKS;
    c->n_wards_y = (c->gy + DEMO_WARD_BLOCKS - 1) / DEMO_WARD_BLOCKS;
    c->n_districts_x = (c->n_wards_x + DEMO_DISTRICT_WARDS - 1) / DEMO_DISTRICT_WARDS;
    c->n_districts_y = (c->n_wards_y + DEMO_DISTRICT_WARDS - 1) / DEMO_DISTRICT_WARDS;
    c->first_ward_id = 2 + (int64_t)c->n_districts_x * c->n_districts_y;
    c->node_base = (int64_t)(c->gx + 1) * (c->gy + 1) + 1;
    geo_frame_init(&c->frame, CITY_CENTRE);
    c->hstreets = calloc((size_t)c->gy + 1, sizeof *c->hstreets);
    c->vstreets = calloc((size_t)c->gx + 1, sizeof *c->vstreets);
    if (!c->hstreets || !c->vstreets)
        return PC_ENOMEM;
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 2, 0, 0);
    int name_i = 0;
    for (int j = 0; j <= c->gy; j++)
        name_street(&c->hstreets[j], j, &r, &name_i);
    for (int i = 0; i <= c->gx; i++)
        name_street(&c->vstreets[i], i, &r, &name_i);
    return PC_OK;
}

/* Stations on a lattice every 8 blocks (about one per 2 km), at least two. */
static int has_station(const demo_ctx *c, int i, int j)
{
    int on_i = i % 8 == 3 || (c->gx <= 3 && i == c->gx - 1);
    int on_j = j % 8 == 3 || (c->gy <= 3 && j == c->gy - 1);
    return (on_i && on_j) || (c->gx * c->gy < 64 && i == 0 && j == 0);
}

static pc_rc write_city(demo_ctx *c)
{
    pc_rc rc = demo_write_admin(c);
    if (rc == PC_OK)
        rc = demo_write_streets(c);
    if (rc == PC_OK)
        rc = demo_write_hydrants(c);
    demo_block b;
    for (int j = 0; rc == PC_OK && j < c->gy; j++)
        for (int i = 0; rc == PC_OK && i < c->gx; i++) {
            demo_block_layout(c, i, j, &b);
            b.has_station = has_station(c, i, j);
            rc = demo_write_block_roads(c, &b);
            if (rc == PC_OK)
                rc = demo_write_block_buildings(c, &b);
            if (rc == PC_OK)
                rc = demo_write_block_resources(c, &b);
        }
    return rc;
}

static pc_rc write_meta(demo_ctx *c)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%u", c->p.scale);
    pc_rc rc = geo_store_meta_set(c->store, "demo.scale", buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)c->p.seed);
    if (rc == PC_OK)
        rc = geo_store_meta_set(c->store, "demo.seed", buf);
    if (rc == PC_OK)
        rc = geo_store_meta_set(c->store, "source", "demo");
    return rc;
}

pc_rc demo_city_generate(geo_store *s, const demo_params *p, demo_stats *out, char *err, size_t err_len)
{
    demo_ctx c;
    memset(&c, 0, sizeof c);
    memset(out, 0, sizeof *out);
    c.store = s, c.p = *p, c.err = err, c.err_len = err_len;
    if (err_len)
        err[0] = '\0';
    if (p->scale < 1 || p->scale > 10000) {
        snprintf(err, err_len, "scale must be between 1 and 10000 (thousands of buildings)");
        return PC_EINVAL;
    }
    int64_t n_b = 0, n_e = 0;
    pc_rc rc = geo_store_count(s, "building", &n_b);
    if (rc == PC_OK)
        rc = geo_store_count(s, "road_edge", &n_e);
    if (rc == PC_OK && (n_b || n_e)) {
        snprintf(err, err_len, "the database already holds a city (%lld buildings, %lld road edges): use a new file",
                 (long long)n_b, (long long)n_e);
        return PC_EEXIST;
    }
    if (rc == PC_OK)
        rc = setup(&c);
    if (rc == PC_OK)
        rc = geo_store_begin(s);
    if (rc != PC_OK)
        goto cleanup;
    pc_progress_start(&c.progress, "buildings", (uint64_t)p->scale * 1000, p->quiet);
    rc = geo_store_bulk_begin(s);
    if (rc == PC_OK)
        rc = write_city(&c);
    if (rc == PC_OK)
        rc = geo_store_bulk_end(s);
    if (rc == PC_OK)
        rc = write_meta(&c);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        snprintf(err, err_len, "demo generation failed: %s (%s)", pc_rc_str(rc), geo_store_errmsg(s));
        geo_store_rollback(s);
        goto cleanup;
    }
    c.progress.total = (uint64_t)c.next_serial;
    pc_progress_finish(&c.progress);
    out->blocks = (int64_t)c.gx * c.gy;
    out->buildings = c.next_serial;
    out->stations = c.n_stations, out->units = c.n_units, out->hydrants = c.n_hydrants;
    out->water_sources = c.n_water, out->fire_points = c.n_fire_points, out->safety_groups = c.n_groups;
    out->facilities = c.n_facilities, out->wards = (int64_t)c.n_wards_x * c.n_wards_y;
    geo_store_count(s, "road_node", &out->road_nodes);
    geo_store_count(s, "road_edge", &out->road_edges);
cleanup:
    free(c.hstreets);
    free(c.vstreets);
    return rc;
}
