/* demo_buildings.c — the buildings of one block: lots along main streets,
 * ngõ and ngách; each lot becomes a building with an address, a type drawn
 * from what stands in such a place in Hanoi, occupants, hazards, exits, an
 * escape route, and for managed facilities their fire-safety history. The
 * buildings of one ngõ and its ngách form an inter-household safety group. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo_int.h"
#include "geo_housecode.h"
#include "geo_write.h"

enum { LOT_MAIN, LOT_NGO, LOT_NGACH };

typedef struct demo_lot {
    int where;                  /* LOT_* */
    double x0, y0, x1, y1;      /* absolute metres */
    double door_x, door_y;
    double door_width_m;        /* of the alley or street the door opens on */
    int number, ngach, ngo;     /* 0: none */
    const char *street;
    const char *street_kind;    /* "phố" / "đường" */
    geo_lonlat route[4];        /* escape route: door ... street */
    int n_route;
} demo_lot;

/* Collects the building ids of one ngõ for its safety group. */
typedef struct group_acc {
    int64_t ids[512];
    int n;
} group_acc;

static const char *pick_type(demo_rng *r, int where, double alley_w)
{
    double u = demo_rng_unit(r);
    if (where == LOT_MAIN) {
        static const struct { double p; const char *t; } main_types[] = {
            {0.45, "house_business"}, {0.65, "house"}, {0.73, "office"}, {0.79, "hotel"}, {0.83, "karaoke_bar"},
            {0.85, "market"}, {0.93, "mini_apartment"}, {0.95, "school"}, {0.96, "fuel_station"}, {1.0, "other"}};
        for (size_t i = 0; i < sizeof main_types / sizeof main_types[0]; i++)
            if (u < main_types[i].p)
                return main_types[i].t;
        return "other";
    }
    if (where == LOT_NGO) {
        if (u < 0.50) return "house";
        if (u < 0.65) return "boarding_house";
        if (u < 0.78) return alley_w >= 2.0 ? "mini_apartment" : "house";
        if (u < 0.95) return "house_business";
        return "other";
    }
    if (u < 0.60) return "house";
    if (u < 0.80) return "boarding_house";
    if (u < 0.92) return "house_business";
    return "mini_apartment";
}

static int is_managed(const char *t)
{
    return strcmp(t, "house") != 0 && strcmp(t, "other") != 0;
}

static int binomial(demo_rng *r, int n, double p)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += demo_rng_chance(r, p);
    return k;
}

/* Floors, rooms, occupants and ground-floor use for a type. */
static void fill_scale(demo_rng *r, const char *t, geo_building_rec *b)
{
    b->basements = 0;
    if (strcmp(t, "mini_apartment") == 0) {
        b->floors = demo_rng_int(r, 6, 9);
        b->basements = demo_rng_chance(r, 0.3);
        b->apartments = (b->floors - 1) * demo_rng_int(r, 2, 4);
        b->occupants = b->apartments * demo_rng_int(r, 2, 4);
        b->ground_floor_use = "motorbike parking";
    } else if (strcmp(t, "boarding_house") == 0) {
        b->floors = demo_rng_int(r, 3, 5);
        b->rooms = b->floors * demo_rng_int(r, 3, 6);
        b->occupants = b->rooms * demo_rng_int(r, 1, 3);
        b->ground_floor_use = demo_rng_chance(r, 0.6) ? "motorbike parking" : "rooms";
    } else if (strcmp(t, "house_business") == 0) {
        b->floors = demo_rng_int(r, 3, 6);
        b->occupants = demo_rng_int(r, 3, 8);
        b->ground_floor_use = demo_rng_chance(r, 0.3) ? "workshop" : "shop";
    } else if (strcmp(t, "house") == 0) {
        b->floors = demo_rng_int(r, 2, 5);
        b->occupants = demo_rng_int(r, 2, 7);
        b->ground_floor_use = "residence";
    } else {
        b->floors = demo_rng_int(r, 2, 8);
        b->occupants = demo_rng_int(r, 5, 60);
        b->ground_floor_use = "business";
    }
    b->height_m = round((b->floors * 3.3 + 1.0) * 10) / 10;
    b->vuln_elderly = binomial(r, b->occupants, 0.11);
    b->vuln_children = binomial(r, b->occupants, 0.18);
    b->vuln_disabled = demo_rng_chance(r, 0.03);
    b->vuln_bedridden = demo_rng_chance(r, 0.015);
}

static void format_address(const demo_lot *l, const char *ward, char *out, size_t n)
{
    char part[96] = "";
    if (l->ngach)
        snprintf(part, sizeof part, ", ngách %d, ngõ %d", l->ngach, l->ngo);
    else if (l->ngo)
        snprintf(part, sizeof part, ", ngõ %d", l->ngo);
    snprintf(out, n, "Số %d%s, %s %s, phường %s", l->number, part, l->street_kind, l->street, ward);
}

static pc_rc write_hazards_exits(demo_ctx *c, demo_rng *r, int64_t bid, const char *t, const demo_lot *l,
                                 const geo_building_rec *b)
{
    int mini = strcmp(t, "mini_apartment") == 0, boarding = strcmp(t, "boarding_house") == 0;
    int n_exits = 1;
    pc_rc rc = geo_write_building_exit(c->store, bid, "main_door",
                                       round(demo_rng_range(r, 0.9, l->where == LOT_MAIN ? 3.0 : 2.0) * 10) / 10, 0,
                                       b->entrance);
    /* the back wall, opposite the door */
    geo_lonlat back = demo_ll(c, l->x0 + l->x1 - l->door_x, l->y0 + l->y1 - l->door_y);
    if (rc == PC_OK && mini)
        rc = geo_write_building_exit(c->store, bid, "stair", 1.0, 0, back);
    if (rc == PC_OK && (mini || boarding) && demo_rng_chance(r, 0.4)) {
        rc = geo_write_building_exit(c->store, bid, mini ? "external_stair" : "back_door", 0.8, mini ? 2 : 0, back);
        n_exits++;
    }
    if (rc == PC_OK && mini && demo_rng_chance(r, 0.3)) {
        rc = geo_write_building_exit(c->store, bid, "roof", 0.8, b->floors, back);
        n_exits++;
    }
    struct { int on; const char *code; } hz[] = {
        {(mini || boarding) && strcmp(b->ground_floor_use, "motorbike parking") == 0, "motorbike_parking"},
        {(mini && demo_rng_chance(r, 0.4)) || (boarding && demo_rng_chance(r, 0.5)) ||
             demo_rng_chance(r, 0.08), "iron_cage_balcony"},
        {n_exits == 1 && b->floors >= 3 && (mini || boarding), "single_exit"},
        {(strcmp(t, "house_business") == 0 && demo_rng_chance(r, 0.4)) || demo_rng_chance(r, 0.05), "lpg"},
        {strcmp(t, "house_business") == 0 && demo_rng_chance(r, 0.2), "flammable_goods"},
        {boarding && demo_rng_chance(r, 0.15), "electric_vehicle_charging"},
        {strcmp(b->ground_floor_use, "workshop") == 0, "workshop"},
    };
    for (size_t i = 0; rc == PC_OK && i < sizeof hz / sizeof hz[0]; i++)
        if (hz[i].on)
            rc = geo_write_building_hazard(c->store, bid, hz[i].code);
    if (rc == PC_OK && (mini || boarding) && l->n_route >= 2) {
        char name[128];
        snprintf(name, sizeof name, "Thoát ra %s %s", l->street_kind, l->street);
        rc = geo_write_escape_route(c->store, bid, name, "Qua cửa chính, theo ngõ ra phố", l->route,
                                    (size_t)l->n_route);
    }
    return rc;
}

static void random_date(demo_rng *r, int year_lo, int year_hi, char *out)
{
    snprintf(out, 11, "%04d-%02d-%02d", demo_rng_int(r, year_lo, year_hi), demo_rng_int(r, 1, 12),
             demo_rng_int(r, 1, 28));
}

static pc_rc write_inspection(demo_ctx *c, demo_rng *r, int64_t fid, const char *t, const char *inspector, int *failed,
                              char *date)
{
    static const struct { const char *code; const char *article; } conds[] = {
        {"extinguishers", "Điều 44 Nghị định 144/2021/NĐ-CP"},   {"alarm", "Điều 44 Nghị định 144/2021/NĐ-CP"},
        {"second_exit", "Điều 42 Nghị định 144/2021/NĐ-CP"},     {"escape_ladder", "Điều 42 Nghị định 144/2021/NĐ-CP"},
        {"emergency_lighting", "Điều 42 Nghị định 144/2021/NĐ-CP"}, {"no_iron_cage", "Điều 42 Nghị định 144/2021/NĐ-CP"},
        {"separate_parking", "Điều 40 Nghị định 144/2021/NĐ-CP"}, {"exit_signs", "Điều 42 Nghị định 144/2021/NĐ-CP"},
    };
    int ok[8], bad = 0, mini = strcmp(t, "mini_apartment") == 0;
    for (int k = 0; k < 8; k++) {
        double p = (mini && (k == 2 || k == 5)) ? 0.6 : 0.88;
        ok[k] = demo_rng_chance(r, p);
        bad += !ok[k];
    }
    random_date(r, 2023, 2026, date);
    if (strcmp(date, "2026-11-28") > 0)
        memcpy(date, "2026-10-15", 11);
    int64_t iid = 0;
    const char *result = bad == 0 ? "pass" : bad >= 2 ? "fail" : "partial";
    pc_rc rc = geo_write_inspection(c->store, fid, date, inspector, result,
                                    bad ? "Có tồn tại, yêu cầu khắc phục" : "Đạt yêu cầu", &iid);
    for (int k = 0; rc == PC_OK && k < 8; k++)
        rc = geo_write_inspection_item(c->store, iid, conds[k].code, ok[k]);
    for (int k = 0; rc == PC_OK && k < 8; k++) {
        if (ok[k] || !demo_rng_chance(r, 0.6))
            continue;
        int64_t fine = (int64_t)demo_rng_int(r, 2, 20) * 500000;
        const char *status = demo_rng_chance(r, 0.5) ? "remedied" : "open";
        rc = geo_write_violation(c->store, fid, iid, date, conds[k].article, conds[k].code, fine, status);
    }
    *failed = bad >= 2;
    return rc;
}

static pc_rc write_records(demo_ctx *c, demo_rng *r, int64_t bid, int64_t ward, const char *t, const char *name,
                           geo_lonlat pos)
{
    int64_t fid = 0;
    char date[11], num[32];
    pc_rc rc = geo_write_facility(c->store, bid, t, name, ward, &fid);
    c->n_facilities++;
    int big = strcmp(t, "house_business") != 0 && strcmp(t, "boarding_house") != 0;
    if (rc == PC_OK && demo_rng_chance(r, 0.85)) {
        random_date(r, 2005, 2022, date);
        snprintf(num, sizeof num, "%d/GPXD", demo_rng_int(r, 100, 9999));
        rc = geo_write_safety_record(c->store, fid, "construction_permit", num, "UBND quận", date);
    }
    if (rc == PC_OK && big && demo_rng_chance(r, 0.7)) {
        random_date(r, 2010, 2023, date);
        snprintf(num, sizeof num, "%d/TD-PCCC", demo_rng_int(r, 10, 999));
        rc = geo_write_safety_record(c->store, fid, "design_approval", num, "PC07 Công an TP Hà Nội", date);
        if (rc == PC_OK && demo_rng_chance(r, 0.8)) {
            snprintf(num, sizeof num, "%d/NT-PCCC", demo_rng_int(r, 10, 999));
            rc = geo_write_safety_record(c->store, fid, "acceptance", num, "PC07 Công an TP Hà Nội", date);
        }
    }
    int n_insp = demo_rng_int(r, 0, 3), failed = 0;
    char inspector[64];
    snprintf(inspector, sizeof inspector, "Đại úy %s %s", demo_family_names[demo_rng_int(r, 0, demo_n_family_names - 1)],
             demo_given_names[demo_rng_int(r, 0, demo_n_given_names - 1)]);
    for (int k = 0; rc == PC_OK && k < n_insp; k++)
        rc = write_inspection(c, r, fid, t, inspector, &failed, date);
    if (rc == PC_OK && failed && demo_rng_chance(r, 0.15)) {
        int reinstated = demo_rng_chance(r, 0.5);
        rc = geo_write_suspension(c->store, fid, "temporary", "QĐ-TĐC", "Không bảo đảm an toàn PCCC", date,
                                  reinstated ? date : "2026-12-31", reinstated ? date : NULL);
    }
    if (rc == PC_OK && demo_rng_chance(r, 0.01)) {
        random_date(r, 2019, 2026, date);
        static const char *const causes[] = {"chập điện", "rò rỉ khí gas", "sạc xe điện", "thắp hương", "không rõ"};
        rc = geo_write_fire_event(c->store, fid, bid, "fire", date, causes[demo_rng_int(r, 0, 4)], 0,
                                  demo_rng_int(r, 0, 2), (int64_t)demo_rng_int(r, 1, 50) * 10000000, pos);
    }
    return rc;
}

/* One lot -> one building with everything attached. */
static pc_rc write_lot(demo_ctx *c, const demo_block *b, demo_lot *l, int seq, group_acc *group)
{
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 3, (uint64_t)b->index, (uint64_t)seq);
    char code[GEO_HOUSECODE_LEN + 1], addr[256], num[16], ngach[16], ngo[16];
    pc_rc rc = geo_housecode_make(GEO_HC_DEMO, (uint64_t)++c->next_serial, code);
    if (rc != PC_OK)
        return rc;
    const char *t = pick_type(&r, l->where, l->door_width_m);
    geo_lonlat ring[4] = {demo_ll(c, l->x0, l->y0), demo_ll(c, l->x1, l->y0), demo_ll(c, l->x1, l->y1),
                          demo_ll(c, l->x0, l->y1)};
    format_address(l, b->ward_name, addr, sizeof addr);
    snprintf(num, sizeof num, "%d", l->number);
    snprintf(ngach, sizeof ngach, "%d", l->ngach);
    snprintf(ngo, sizeof ngo, "%d", l->ngo);
    geo_building_rec rec = {.house_code = code, .admin_unit_id = b->ward_id, .addr_number = num,
                            .addr_ngach = l->ngach ? ngach : NULL, .addr_ngo = l->ngo ? ngo : NULL,
                            .addr_street = l->street, .addr_full = addr, .type_code = t, .apartments = -1,
                            .rooms = -1, .footprint_m2 = round((l->x1 - l->x0) * (l->y1 - l->y0) * 10) / 10,
                            .source = "demo", .ring = ring, .n_ring = 4, .entrance = demo_ll(c, l->door_x, l->door_y)};
    fill_scale(&r, t, &rec);
    int64_t bid = 0;
    rc = geo_write_building(c->store, &rec, &bid);
    if (rc == PC_OK)
        rc = write_hazards_exits(c, &r, bid, t, l, &rec);
    if (rc == PC_OK && is_managed(t)) {
        char name[300];
        snprintf(name, sizeof name, "%s %s", t[0] == 'm' ? "Chung cư mini" : t[0] == 'b' ? "Nhà trọ" : "Cơ sở",
                 addr);
        rc = write_records(c, &r, bid, b->ward_id, t, name, rec.entrance);
    }
    if (rc == PC_OK && group && group->n < (int)(sizeof group->ids / sizeof group->ids[0]))
        group->ids[group->n++] = bid;
    pc_progress_update(&c->progress, (uint64_t)c->next_serial);
    return rc;
}

/* Does a ngách (or a connecting ngách from the west) cut the ngõ's lots on
 * side sigma around y? */
static int ngach_cuts(const demo_ngo *g, int sigma, double y_mid)
{
    for (int s = 0; s < g->n_slots; s++) {
        double ys = 26.0 + 25.0 * s;
        double w = g->ngach[s].width_m;
        int cut = (w > 0 && g->ngach[s].side == sigma) || (sigma < 0 && g->in_from_west[s]);
        if (cut && fabs(ys - y_mid) < DEMO_LOT_W / 2 + (w > 0 ? w : 3.0) / 2 + 0.3)
            return 1;
    }
    return 0;
}

static pc_rc write_ngach_lots(demo_ctx *c, const demo_block *b, int k, int s, int *seq, group_acc *group)
{
    const demo_ngo *g = &b->ngo[k];
    const demo_ngach *n = &g->ngach[s];
    double ax = b->x0 + g->x, ys = b->y0 + n->y, start = g->width_m / 2 + DEMO_NGO_LOT_DEPTH + 0.5;
    double stop = n->connects ? n->len_m - (b->ngo[k + 1].width_m / 2 + DEMO_NGO_LOT_DEPTH + 0.5) : n->len_m - 0.5;
    pc_rc rc = PC_OK;
    for (double a = start; rc == PC_OK && a + DEMO_LOT_W - 0.4 <= stop; a += DEMO_LOT_W) {
        for (int north = 0; rc == PC_OK && north < 2; north++) {
            double xa = ax + n->side * a, xb = ax + n->side * (a + DEMO_LOT_W - 0.4);
            double yin = north ? ys + n->width_m / 2 + 0.3 : ys - n->width_m / 2 - 0.3;
            double yout = north ? yin + DEMO_NGACH_LOT_DEPTH : yin - DEMO_NGACH_LOT_DEPTH;
            if (fmax(yin, yout) > b->y0 + b->h - DEMO_FRONT_DEPTH || fmin(yin, yout) < b->y0 + DEMO_FRONT_DEPTH)
                continue; /* would reach into the main-street lots */
            demo_lot l = {.where = LOT_NGACH, .x0 = fmin(xa, xb), .x1 = fmax(xa, xb), .y0 = fmin(yin, yout),
                          .y1 = fmax(yin, yout), .door_x = (xa + xb) / 2, .door_y = north ? yin - 0.3 : yin + 0.3,
                          .door_width_m = n->width_m, .number = demo_house_number(a, north), .ngach = n->number,
                          .ngo = g->number, .street = c->hstreets[b->j].name, .street_kind = c->hstreets[b->j].kind};
            l.route[0] = demo_ll(c, l.door_x, l.door_y);
            l.route[1] = demo_ll(c, l.door_x, ys);
            l.route[2] = demo_ll(c, ax, ys);
            l.route[3] = demo_ll(c, ax, b->j * DEMO_BLOCK_M);
            l.n_route = 4;
            rc = write_lot(c, b, &l, (*seq)++, group);
        }
    }
    return rc;
}

static pc_rc write_ngo_lots(demo_ctx *c, const demo_block *b, int k, int *seq, group_acc *group)
{
    const demo_ngo *g = &b->ngo[k];
    double ax = b->x0 + g->x, end = g->through ? b->h - DEMO_FRONT_DEPTH - 0.3 : g->len_m;
    pc_rc rc = PC_OK;
    for (double v = DEMO_FRONT_DEPTH + 0.3; rc == PC_OK && v + DEMO_LOT_W - 0.4 <= end; v += DEMO_LOT_W) {
        for (int sigma = -1; rc == PC_OK && sigma <= 1; sigma += 2) {
            double mid = v + (DEMO_LOT_W - 0.4) / 2;
            if (ngach_cuts(g, sigma, mid))
                continue;
            double xin = ax + sigma * (g->width_m / 2 + 0.3), xout = xin + sigma * (DEMO_NGO_LOT_DEPTH - 0.3);
            demo_lot l = {.where = LOT_NGO, .x0 = fmin(xin, xout), .x1 = fmax(xin, xout), .y0 = b->y0 + v,
                          .y1 = b->y0 + v + DEMO_LOT_W - 0.4, .door_x = xin - sigma * 0.3, .door_y = b->y0 + mid,
                          .door_width_m = g->width_m, .number = demo_house_number(v, sigma > 0), .ngo = g->number,
                          .street = c->hstreets[b->j].name, .street_kind = c->hstreets[b->j].kind};
            l.route[0] = demo_ll(c, l.door_x, l.door_y);
            l.route[1] = demo_ll(c, ax, l.door_y);
            l.route[2] = demo_ll(c, ax, b->j * DEMO_BLOCK_M);
            l.n_route = 3;
            rc = write_lot(c, b, &l, (*seq)++, group);
        }
    }
    for (int s = 0; rc == PC_OK && s < g->n_slots; s++)
        if (g->ngach[s].width_m > 0)
            rc = write_ngach_lots(c, b, k, s, seq, group);
    return rc;
}

/* Lots along one side of the block facing a main street. side: 0 south,
 * 1 north, 2 west, 3 east. */
static pc_rc write_frontage(demo_ctx *c, const demo_block *b, int side, int *seq)
{
    int horizontal = side < 2;
    const demo_street *st = horizontal ? &c->hstreets[b->j + side] : &c->vstreets[b->i + (side == 3)];
    double len = horizontal ? b->w : b->h - 2 * DEMO_FRONT_DEPTH;
    double base = horizontal ? 0 : DEMO_FRONT_DEPTH;
    double street_axis = side == 0 ? b->j * DEMO_BLOCK_M : side == 1 ? (b->j + 1) * DEMO_BLOCK_M
                         : side == 2 ? b->i * DEMO_BLOCK_M : (b->i + 1) * DEMO_BLOCK_M;
    pc_rc rc = PC_OK;
    for (double u = 0.3; rc == PC_OK && u + DEMO_LOT_W - 0.4 <= len; u += DEMO_LOT_W) {
        double mid = base + u + (DEMO_LOT_W - 0.4) / 2, skip = 0;
        for (int k = 0; horizontal && k < b->n_ngo; k++)
            if ((side == 0 || b->ngo[k].through) &&
                fabs(b->ngo[k].x - mid) < DEMO_LOT_W / 2 + b->ngo[k].width_m / 2 + 0.3)
                skip = 1;
        if (side == 0 && b->has_station && fabs(mid - b->w / 2) < 15.0)
            skip = 1; /* the station's yard */
        if (skip)
            continue;
        demo_lot l = {.where = LOT_MAIN, .door_width_m = st->width_m, .street = st->name, .street_kind = st->kind};
        double a = base + u, z = a + DEMO_LOT_W - 0.4, in0 = 0.3, in1 = DEMO_FRONT_DEPTH;
        if (horizontal) {
            double y_in = side == 0 ? in0 : b->h - in0, y_out = side == 0 ? in1 : b->h - in1;
            l.x0 = b->x0 + a, l.x1 = b->x0 + z;
            l.y0 = b->y0 + fmin(y_in, y_out), l.y1 = b->y0 + fmax(y_in, y_out);
            l.door_x = b->x0 + mid, l.door_y = b->y0 + (side == 0 ? 0 : b->h);
            l.number = demo_house_number(l.door_x, side == 0);
            l.route[1] = demo_ll(c, l.door_x, street_axis);
        } else {
            double x_in = side == 2 ? in0 : b->w - in0, x_out = side == 2 ? in1 : b->w - in1;
            l.y0 = b->y0 + a, l.y1 = b->y0 + z;
            l.x0 = b->x0 + fmin(x_in, x_out), l.x1 = b->x0 + fmax(x_in, x_out);
            l.door_y = b->y0 + mid, l.door_x = b->x0 + (side == 2 ? 0 : b->w);
            l.number = demo_house_number(l.door_y, side == 2);
            l.route[1] = demo_ll(c, street_axis, l.door_y);
        }
        l.route[0] = demo_ll(c, l.door_x, l.door_y);
        l.n_route = 2;
        rc = write_lot(c, b, &l, (*seq)++, NULL);
    }
    return rc;
}

static pc_rc write_group(demo_ctx *c, const demo_block *b, int k, const group_acc *g)
{
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 4, (uint64_t)b->index, (uint64_t)k);
    if (g->n == 0 || !demo_rng_chance(&r, 0.8))
        return PC_OK;
    const demo_ngo *ngo = &b->ngo[k];
    char code[32], name[200], leader[64];
    snprintf(code, sizeof code, "TLG-%06lld", (long long)++c->n_groups);
    snprintf(name, sizeof name, "Tổ liên gia an toàn PCCC ngõ %d %s", ngo->number, c->hstreets[b->j].name);
    snprintf(leader, sizeof leader, "%s %s", demo_family_names[demo_rng_int(&r, 0, demo_n_family_names - 1)],
             demo_given_names[demo_rng_int(&r, 0, demo_n_given_names - 1)]);
    int64_t gid = 0;
    geo_lonlat pos = demo_ll(c, b->x0 + ngo->x, b->y0 + fmin(ngo->len_m, b->h) / 2);
    pc_rc rc = geo_write_safety_group(c->store, code, name, leader, g->n,
                                      "bình chữa cháy, thang dây, búa phá dỡ, loa cầm tay", b->ward_id, pos, &gid);
    for (int i = 0; rc == PC_OK && i < g->n; i++)
        rc = geo_write_safety_group_building(c->store, gid, g->ids[i]);
    return rc;
}

pc_rc demo_write_block_buildings(demo_ctx *c, const demo_block *b)
{
    int seq = 0;
    pc_rc rc = PC_OK;
    if (b->kind == DEMO_BLOCK_PARK)
        return PC_OK;
    int sides = b->kind == DEMO_BLOCK_LAKE ? 2 : 4;
    for (int side = 0; rc == PC_OK && side < sides; side++)
        rc = write_frontage(c, b, side, &seq);
    for (int k = 0; rc == PC_OK && k < b->n_ngo; k++) {
        group_acc group;
        group.n = 0;
        rc = write_ngo_lots(c, b, k, &seq, &group);
        if (rc == PC_OK)
            rc = write_group(c, b, k, &group);
    }
    return rc;
}
