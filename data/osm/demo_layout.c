/* demo_layout.c — the demo city's geometry: random streams, the block grid,
 * node numbering, and the ngõ/ngách layout of one block.
 *
 * Every block's layout is a pure function of (seed, i, j), so any part of
 * the city can be recomputed without storing it: the street writer asks the
 * blocks on both sides where their ngõ meet it. */
#include <math.h>
#include <string.h>

#include "demo_int.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void demo_rng_init(demo_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t x = seed ^ (a * 0xD1B54A32D192ED03ull) ^ (b * 0xABC98388FB8FAC03ull) ^ (c * 0x8CB92BA72F3D8DD7ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t demo_rng_next(demo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double demo_rng_unit(demo_rng *r) { return (double)(demo_rng_next(r) >> 11) * 0x1.0p-53; }
double demo_rng_range(demo_rng *r, double lo, double hi) { return lo + (hi - lo) * demo_rng_unit(r); }
int demo_rng_int(demo_rng *r, int lo, int hi) { return lo + (int)(demo_rng_unit(r) * (double)(hi - lo + 1)); }
int demo_rng_chance(demo_rng *r, double p) { return demo_rng_unit(r) < p; }

/* Node ids: intersections first, then 256 ids per block. */
int64_t demo_intersection_id(const demo_ctx *c, int i, int j) { return 1 + (int64_t)j * (c->gx + 1) + i; }
int64_t demo_node_id(const demo_ctx *c, int block_index, int local)
{
    return c->node_base + (int64_t)block_index * 256 + local;
}

int64_t demo_ward_of_block(const demo_ctx *c, int i, int j)
{
    if (i >= c->gx)
        i = c->gx - 1;
    if (j >= c->gy)
        j = c->gy - 1;
    return c->first_ward_id + (int64_t)(j / DEMO_WARD_BLOCKS) * c->n_wards_x + i / DEMO_WARD_BLOCKS;
}

const char *demo_ward_name(const demo_ctx *c, int64_t ward_id)
{
    return demo_ward_names[(ward_id - c->first_ward_id) % demo_n_ward_names];
}

geo_lonlat demo_ll(const demo_ctx *c, double x, double y)
{
    geo_xy p = {x - c->gx * DEMO_BLOCK_M / 2, y - c->gy * DEMO_BLOCK_M / 2};
    return geo_frame_to_lonlat(&c->frame, p);
}

int demo_house_number(double along_m, int even) { return 2 * (int)floor(along_m / DEMO_LOT_W) + (even ? 2 : 1); }

static int block_kind(const demo_ctx *c, int index)
{
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 7, (uint64_t)index, 0);
    if (index % 9 == 3)
        return DEMO_BLOCK_LAKE;
    if (index % 17 == 8)
        return DEMO_BLOCK_PARK;
    return DEMO_BLOCK_NORMAL;
}

static double ngo_width(demo_rng *r)
{
    double u = demo_rng_unit(r);
    if (u < 0.35)
        return demo_rng_range(r, 3.5, 6.0); /* a standard engine fits */
    if (u < 0.65)
        return demo_rng_range(r, 2.4, 3.5); /* small engines only */
    return demo_rng_range(r, 1.5, 2.4);     /* motorbikes and hoses */
}

static double ngach_width(demo_rng *r)
{
    double u = demo_rng_unit(r);
    if (u < 0.3)
        return demo_rng_range(r, 2.5, 3.0);
    if (u < 0.7)
        return demo_rng_range(r, 1.8, 2.5);
    return demo_rng_range(r, 1.2, 1.8);
}

static void layout_ngach(demo_rng *r, demo_block *b, int k)
{
    demo_ngo *g = &b->ngo[k];
    for (int s = 0; s < g->n_slots; s++) {
        demo_ngach *n = &g->ngach[s];
        double y = 26.0 + 25.0 * s;
        int side = (s % 2 == 0) ? +1 : -1;
        int allowed = side > 0 ? k < b->n_ngo - 1 : k > 0;
        int want = demo_rng_chance(r, 0.7);
        double width = ngach_width(r), len = demo_rng_range(r, 18.0, 33.0), conn = demo_rng_unit(r);
        if (!allowed || !want)
            continue;
        n->y = y;
        n->side = side;
        n->width_m = round(width * 10) / 10;
        n->len_m = len;
        n->number = demo_house_number(y, side > 0);
        /* keep the ngách's lots clear of the neighbouring ngõ's lots */
        const demo_ngo *nb = &b->ngo[k + side];
        double room = fabs(nb->x - g->x) - nb->width_m / 2 - DEMO_NGO_LOT_DEPTH - 1.0;
        if (n->len_m > room)
            n->len_m = room;
        if (side > 0 && conn < 0.15 && s < b->ngo[k + 1].n_slots) {
            n->connects = 1;
            n->len_m = b->ngo[k + 1].x - g->x;
            b->ngo[k + 1].in_from_west[s] = 1;
        }
    }
}

void demo_block_layout(const demo_ctx *c, int i, int j, demo_block *b)
{
    memset(b, 0, sizeof *b);
    b->i = i;
    b->j = j;
    b->index = j * c->gx + i;
    b->kind = block_kind(c, b->index);
    b->street_s = c->hstreets[j].width_m / 2;
    b->street_n = c->hstreets[j + 1].width_m / 2;
    b->street_w = c->vstreets[i].width_m / 2;
    b->street_e = c->vstreets[i + 1].width_m / 2;
    b->x0 = i * DEMO_BLOCK_M + b->street_w;
    b->y0 = j * DEMO_BLOCK_M + b->street_s;
    b->w = DEMO_BLOCK_M - b->street_w - b->street_e;
    b->h = DEMO_BLOCK_M - b->street_s - b->street_n;
    b->ward_id = demo_ward_of_block(c, i, j);
    b->ward_name = demo_ward_name(c, b->ward_id);
    if (b->kind != DEMO_BLOCK_NORMAL)
        return;
    demo_rng r;
    demo_rng_init(&r, c->p.seed, 1, (uint64_t)i, (uint64_t)j);
    b->n_ngo = DEMO_MAX_NGO;
    for (int k = 0; k < b->n_ngo; k++) {
        demo_ngo *g = &b->ngo[k];
        g->x = 30.0 + 50.0 * k + demo_rng_range(&r, -3.0, 3.0);
        g->width_m = round(ngo_width(&r) * 10) / 10;
        g->through = demo_rng_chance(&r, 0.35);
        g->len_m = g->through ? b->h : demo_rng_range(&r, 80.0, b->h - DEMO_FRONT_DEPTH - 4.0);
        g->number = demo_house_number(b->x0 + g->x, 1);
        g->maxheight_m = demo_rng_chance(&r, 0.06) ? round(demo_rng_range(&r, 3.2, 4.2) * 10) / 10 : 0.0;
        double last = (g->through ? b->h - DEMO_FRONT_DEPTH : g->len_m) - 6.0;
        g->n_slots = 0;
        while (g->n_slots < DEMO_MAX_SLOTS && 26.0 + 25.0 * g->n_slots <= last)
            g->n_slots++;
    }
    for (int k = 0; k < b->n_ngo; k++)
        layout_ngach(&r, b, k);
}
