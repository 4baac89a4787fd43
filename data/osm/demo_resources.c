/* demo_resources.c — wards and districts, hydrants along main streets, fire
 * stations and their units, lakes with draft points, parks, public fire
 * points in alleys. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo_int.h"
#include "geo_write.h"

static pc_rc write_rect_unit(demo_ctx *c, int64_t id, const char *code, const char *name, int level, int64_t parent,
                             double x0, double y0, double x1, double y1, int64_t population)
{
    geo_lonlat ring[4] = {demo_ll(c, x0, y0), demo_ll(c, x1, y0), demo_ll(c, x1, y1), demo_ll(c, x0, y1)};
    return geo_write_admin_unit(c->store, id, code, name, level, parent, population, ring, 4);
}

/* City (id 1), districts (3 x 3 wards), wards (4 x 4 blocks). */
pc_rc demo_write_admin(demo_ctx *c)
{
    double W = c->gx * DEMO_BLOCK_M, H = c->gy * DEMO_BLOCK_M;
    pc_rc rc = write_rect_unit(c, 1, "01", "Hà Nội (demo)", 1, 0, 0, 0, W, H, -1);
    int64_t first_district = 2;
    char code[32], name[128];
    for (int dj = 0; rc == PC_OK && dj < c->n_districts_y; dj++)
        for (int di = 0; rc == PC_OK && di < c->n_districts_x; di++) {
            int idx = dj * c->n_districts_x + di;
            double span = DEMO_DISTRICT_WARDS * DEMO_WARD_BLOCKS * DEMO_BLOCK_M;
            snprintf(code, sizeof code, "01.D%02d", idx + 1);
            if (idx < demo_n_district_names)
                snprintf(name, sizeof name, "%s", demo_district_names[idx]);
            else
                snprintf(name, sizeof name, "%s %d", demo_district_names[idx % demo_n_district_names],
                         idx / demo_n_district_names + 1);
            rc = write_rect_unit(c, first_district + idx, code, name, 2, 1, di * span, dj * span,
                                 fmin((di + 1) * span, W), fmin((dj + 1) * span, H), -1);
        }
    for (int wj = 0; rc == PC_OK && wj < c->n_wards_y; wj++)
        for (int wi = 0; rc == PC_OK && wi < c->n_wards_x; wi++) {
            int idx = wj * c->n_wards_x + wi;
            double span = DEMO_WARD_BLOCKS * DEMO_BLOCK_M;
            int64_t district = first_district + (wj / DEMO_DISTRICT_WARDS) * c->n_districts_x + wi / DEMO_DISTRICT_WARDS;
            snprintf(code, sizeof code, "01.W%04d", idx + 1);
            if (idx < demo_n_ward_names)
                snprintf(name, sizeof name, "%s", demo_ward_names[idx]);
            else
                snprintf(name, sizeof name, "%s %d", demo_ward_names[idx % demo_n_ward_names],
                         idx / demo_n_ward_names + 1);
            rc = write_rect_unit(c, c->first_ward_id + idx, code, name, 3, district, wi * span, wj * span,
                                 fmin((wi + 1) * span, W), fmin((wj + 1) * span, H), -1);
        }
    return rc;
}

pc_rc demo_write_hydrant_at(demo_ctx *c, geo_lonlat pos, int64_t ward)
{
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 5, (uint64_t)c->n_hydrants, 0);
    double u = demo_rng_unit(&r);
    char code[32], checked[11];
    snprintf(code, sizeof code, "TN-%06lld", (long long)++c->n_hydrants);
    snprintf(checked, sizeof checked, "20%02d-%02d-%02d", demo_rng_int(&r, 24, 26), demo_rng_int(&r, 1, 10),
             demo_rng_int(&r, 1, 28));
    geo_hydrant_rec h = {.code = code, .kind = demo_rng_chance(&r, 0.8) ? "pillar" : "underground",
                         .status = u < 0.80 ? "working" : u < 0.92 ? "broken" : "unknown",
                         .flow_lpm = round(demo_rng_range(&r, 900, 1800)), .pressure_bar = round(demo_rng_range(&r, 1.5, 3.5) * 10) / 10,
                         .diameter_mm = demo_rng_chance(&r, 0.7) ? 100 : 125, .last_checked_on = checked,
                         .admin_unit_id = ward, .pos = pos};
    return geo_write_hydrant(c->store, &h);
}

/* Hydrants every 150 m along every main street, at the kerb. */
pc_rc demo_write_hydrants(demo_ctx *c)
{
    double W = c->gx * DEMO_BLOCK_M, H = c->gy * DEMO_BLOCK_M;
    pc_rc rc = PC_OK;
    for (int j = 0; rc == PC_OK && j <= c->gy; j++) {
        double kerb = c->hstreets[j].width_m / 2 - 0.5;
        for (double x = 75.0 + (j % 2) * 40.0; rc == PC_OK && x < W; x += 150.0)
            rc = demo_write_hydrant_at(c, demo_ll(c, x, j * DEMO_BLOCK_M + (j < c->gy ? kerb : -kerb)),
                                       demo_ward_of_block(c, (int)(x / DEMO_BLOCK_M), j));
    }
    for (int i = 0; rc == PC_OK && i <= c->gx; i++) {
        double kerb = c->vstreets[i].width_m / 2 - 0.5;
        for (double y = 110.0 + (i % 2) * 40.0; rc == PC_OK && y < H; y += 150.0)
            rc = demo_write_hydrant_at(c, demo_ll(c, i * DEMO_BLOCK_M + (i < c->gx ? kerb : -kerb), y),
                                       demo_ward_of_block(c, i, (int)(y / DEMO_BLOCK_M)));
    }
    return rc;
}

pc_rc demo_write_units(demo_ctx *c, int64_t station_id, int n)
{
    static const struct { const char *kind, *name; double w, h; int water; double ladder; int crew; } kinds[] = {
        {"engine", "Xe chữa cháy", 2.5, 3.3, 4000, -1, 6},      {"engine", "Xe chữa cháy", 2.5, 3.3, 4000, -1, 6},
        {"small_engine", "Xe chữa cháy cỡ nhỏ", 1.9, 2.6, 1500, -1, 4},
        {"motorbike", "Xe máy chữa cháy", 0.8, 1.4, 0, -1, 2},  {"motorbike", "Xe máy chữa cháy", 0.8, 1.4, 0, -1, 2},
        {"ladder", "Xe thang 32 m", 2.5, 3.8, 0, 32, 3},        {"tanker", "Xe chở nước", 2.5, 3.4, 12000, -1, 2},
        {"rescue", "Xe cứu nạn cứu hộ", 2.3, 3.0, 0, -1, 5},
    };
    pc_rc rc = PC_OK;
    for (size_t k = 0; rc == PC_OK && k < sizeof kinds / sizeof kinds[0]; k++) {
        if ((k == 5 && n % 2) || (k == 6 && n % 3) || (k == 7 && n % 2 == 0))
            continue; /* ladders, tankers and rescue at some stations only */
        char code[48], name[96];
        snprintf(code, sizeof code, "ST%02d-%s-%zu", n, kinds[k].kind, k + 1);
        snprintf(name, sizeof name, "%s %zu", kinds[k].name, k + 1);
        geo_unit_rec u = {.code = code, .station_id = station_id, .kind = kinds[k].kind, .name = name,
                          .width_m = kinds[k].w, .height_m = kinds[k].h, .water_l = kinds[k].water,
                          .ladder_m = kinds[k].ladder, .crew = kinds[k].crew};
        rc = geo_write_unit(c->store, &u, NULL);
        c->n_units++;
    }
    return rc;
}

static pc_rc write_station(demo_ctx *c, const demo_block *b)
{
    char code[16], name[160], addr[200];
    int n = (int)++c->n_stations;
    snprintf(code, sizeof code, "ST%02d", n);
    snprintf(name, sizeof name, "Đội Chữa cháy và CNCH khu vực %s", b->ward_name);
    double x = b->x0 + b->w / 2;
    snprintf(addr, sizeof addr, "Số %d %s %s, phường %s", demo_house_number(x, 1), c->hstreets[b->j].kind,
             c->hstreets[b->j].name, b->ward_name);
    int64_t sid = 0;
    pc_rc rc = geo_write_station(c->store, code, name, addr, "114", b->ward_id, demo_ll(c, x, b->y0), &sid);
    return rc == PC_OK ? demo_write_units(c, sid, n) : rc;
}

/* An irregular octagon inside the block, with four draft points facing the streets. */
static pc_rc write_lake(demo_ctx *c, const demo_block *b)
{
    double cx = b->x0 + b->w / 2, cy = b->y0 + b->h / 2, rx = b->w / 2 - 20, ry = (b->h - 2 * DEMO_FRONT_DEPTH) / 2 - 12;
    geo_lonlat ring[8];
    for (int k = 0; k < 8; k++) {
        double a = k * 3.14159265358979 / 4;
        double f = (k % 2) ? 0.85 : 1.0;
        ring[k] = demo_ll(c, cx + rx * f * cos(a), cy + ry * f * sin(a));
    }
    int64_t wid = 0;
    const char *name = demo_lake_names[b->index % demo_n_lake_names];
    double area = 3.14159265358979 * rx * ry * 0.9;
    pc_rc rc = geo_write_water_source(c->store, name, "lake", round(area * 1.5), b->ward_id, ring, 8, &wid);
    c->n_water++;
    const double dx[4] = {rx, -rx, 0, 0}, dy[4] = {0, 0, ry, -ry};
    for (int k = 0; rc == PC_OK && k < 4; k++)
        rc = geo_write_draft_point(c->store, wid, "Bến lấy nước cho xe chữa cháy", demo_ll(c, cx + dx[k], cy + dy[k]));
    /* the lakeside promenade is an assembly area */
    geo_lonlat park[4] = {demo_ll(c, b->x0 + 2, b->y0 + DEMO_FRONT_DEPTH + 1),
                          demo_ll(c, b->x0 + b->w - 2, b->y0 + DEMO_FRONT_DEPTH + 1),
                          demo_ll(c, b->x0 + b->w - 2, cy - ry - 1), demo_ll(c, b->x0 + 2, cy - ry - 1)};
    char pname[128];
    snprintf(pname, sizeof pname, "Vườn hoa ven %s", name);
    if (rc == PC_OK)
        rc = geo_write_assembly_area(c->store, pname, "park", (int)(b->w * (cy - ry - b->y0 - DEMO_FRONT_DEPTH) / 2),
                                     park, 4);
    return rc;
}

static pc_rc write_park(demo_ctx *c, const demo_block *b)
{
    geo_lonlat ring[4] = {demo_ll(c, b->x0 + 3, b->y0 + 3), demo_ll(c, b->x0 + b->w - 3, b->y0 + 3),
                          demo_ll(c, b->x0 + b->w - 3, b->y0 + b->h - 3), demo_ll(c, b->x0 + 3, b->y0 + b->h - 3)};
    char name[128];
    snprintf(name, sizeof name, "Công viên %s", b->ward_name);
    return geo_write_assembly_area(c->store, name, b->index % 2 ? "park" : "square",
                                   (int)((b->w - 6) * (b->h - 6) / 2), ring, 4);
}

/* Public fire points deep in the longer ngõ, on the east kerb 2/3 of the way in. */
static pc_rc write_fire_points(demo_ctx *c, const demo_block *b)
{
    pc_rc rc = PC_OK;
    for (int k = 0; rc == PC_OK && k < b->n_ngo; k++) {
        const demo_ngo *g = &b->ngo[k];
        demo_rng r;
        demo_rng_init(&r, c->p.seed, 6, (uint64_t)b->index, (uint64_t)k);
        if (g->len_m < 60 || !demo_rng_chance(&r, 0.5))
            continue;
        char code[32], name[160];
        snprintf(code, sizeof code, "DCC-%06lld", (long long)++c->n_fire_points);
        snprintf(name, sizeof name, "Điểm chữa cháy công cộng ngõ %d %s", g->number, c->hstreets[b->j].name);
        rc = geo_write_fire_point(c->store, code, name, "2 bình bột MFZ4, 1 bình CO2 MT3, 20 m vòi, lăng phun", 3,
                                  20.0, b->ward_id, demo_ll(c, b->x0 + g->x + g->width_m / 2 - 0.1,
                                                             b->y0 + 0.66 * fmin(g->len_m, b->h)));
    }
    return rc;
}

pc_rc demo_write_block_resources(demo_ctx *c, const demo_block *b)
{
    pc_rc rc = PC_OK;
    if (b->has_station)
        rc = write_station(c, b);
    if (rc == PC_OK && b->kind == DEMO_BLOCK_LAKE)
        rc = write_lake(c, b);
    if (rc == PC_OK && b->kind == DEMO_BLOCK_PARK)
        rc = write_park(c, b);
    if (rc == PC_OK)
        rc = write_fire_points(c, b);
    return rc;
}
