/* rt_many_ch.c — drive times from many sites to one target through a
 * contraction hierarchy (the K nearest units of a plan).
 *
 * Bucket-style many-to-one: each site's forward upward search space (the
 * nodes its upward search settles, with their labels) is computed once and
 * kept in the query's cache, because the sites are the same fire stations
 * plan after plan. A request runs one backward upward search from the
 * target (a few hundred nodes) and a site's cost is the smallest sum of
 * its space's label and the target side's label over the nodes both
 * reached: the top node of the optimal up-down path is in both spaces with
 * its exact distances (rt_ch_int.h). Every other sum is the cost of a real
 * path, so the minimum is exact.
 *
 * The cache is per query (per thread), keyed by (hierarchy, edge, frac):
 * a hierarchy never changes once built, and a query uses it only when no
 * active closure touches its profile, so a space stays valid. It holds up
 * to CACHE_SLOTS * 3/4 spaces and is emptied when full. */
#include <stdlib.h>
#include <string.h>

#include "rt_ch_int.h"

#define CACHE_SLOTS 2048 /* a power of two */
#define CACHE_FILL (CACHE_SLOTS / 4 * 3)

typedef struct cache_slot {
    const struct rt_ch *ch; /* NULL: empty slot */
    int32_t edge;
    double frac;
    uint32_t first, n; /* the space: ents.node/d[first .. first + n) */
} cache_slot;

struct rt_site_cache {
    cache_slot slot[CACHE_SLOTS];
    size_t used;
    unsigned clears; /* times the cache was emptied: slot indices of before are stale */
    rt_ch_space ents;
};

void rt_site_cache_free(struct rt_site_cache *c)
{
    if (!c)
        return;
    free(c->ents.node), free(c->ents.d);
    free(c);
}

static size_t slot_hash(const struct rt_ch *ch, const rt_snap *s)
{
    uint64_t f;
    memcpy(&f, &s->frac, sizeof f);
    uint64_t h = (uint64_t)(uintptr_t)ch * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)(uint32_t)s->edge * 0xC2B2AE3D27D4EB4Fu;
    h ^= f + (h << 6) + (h >> 2);
    h ^= h >> 29, h *= 0xBF58476D1CE4E5B9u, h ^= h >> 32;
    return (size_t)h & (CACHE_SLOTS - 1);
}

/* The slot holding s's space, or the empty slot where it belongs. */
static size_t slot_find(const struct rt_site_cache *c, const struct rt_ch *ch, const rt_snap *s)
{
    size_t i = slot_hash(ch, s);
    while (c->slot[i].ch && !(c->slot[i].ch == ch && c->slot[i].edge == s->edge && c->slot[i].frac == s->frac))
        i = (i + 1) & (CACHE_SLOTS - 1);
    return i;
}

/* The index of the slot holding site s's upward space, computed now when
 * missing (that clobbers q's labels). */
static pc_rc site_space(rt_query *q, const struct rt_ch *ch, const rt_snap *s, size_t *slot)
{
    struct rt_site_cache *c = q->site_cache;
    size_t i = slot_find(c, ch, s);
    if (c->slot[i].ch) {
        *slot = i;
        return PC_OK;
    }
    if (c->used >= CACHE_FILL) {
        memset(c->slot, 0, sizeof c->slot);
        c->used = 0, c->ents.n = 0, c->clears++;
        i = slot_find(c, ch, s);
    }
    rt_end ends[2];
    int ne = rt_ends_from_snap(q, s, 0, ends);
    size_t first = c->ents.n;
    rt_q_restart(q);
    pc_rc rc = rt_ch_upward(q, ch, 0, ends, ne, &c->ents);
    if (rc != PC_OK) {
        c->ents.n = first;
        return rc;
    }
    c->slot[i] = (cache_slot){ch, s->edge, s->frac, (uint32_t)first, (uint32_t)(c->ents.n - first)};
    c->used++;
    *slot = i;
    return PC_OK;
}

/* Slots of every site's space (SIZE_MAX for sites off the graph). Computing
 * a space may empty the cache, which makes earlier slots stale: then the
 * pass runs again; the second pass fits because n <= CACHE_FILL. */
static pc_rc site_slots(rt_query *q, const struct rt_ch *ch, const rt_snap *sites, size_t n, size_t *slot)
{
    if (n > CACHE_FILL)
        return PC_EINVAL;
    for (int pass = 0; pass < 2; pass++) {
        unsigned clears = q->site_cache->clears;
        pc_rc rc = PC_OK;
        for (size_t i = 0; rc == PC_OK && i < n; i++) {
            slot[i] = SIZE_MAX;
            if (sites[i].edge >= 0)
                rc = site_space(q, ch, &sites[i], &slot[i]);
        }
        if (rc != PC_OK || q->site_cache->clears == clears)
            return rc;
    }
    return PC_EINVAL; /* unreachable: a second pass never empties the cache */
}

/* The cost along the target's own edge when the site is on it. */
static double direct_cost(const rt_query *q, const rt_snap *site, const rt_snap *target)
{
    if (site->edge < 0 || site->edge != target->edge)
        return INFINITY;
    int rev = target->frac < site->frac;
    return rt_part(fabs(target->frac - site->frac), rt_q_arc(q, rt_graph_arc_of(q->g, target->edge, rev)));
}

pc_rc rt_ch_site_costs(rt_query *q, const struct rt_ch *ch, const rt_snap *sites, size_t n, const rt_snap *target,
                       double *best)
{
    if (!q->site_cache && !(q->site_cache = calloc(1, sizeof *q->site_cache)))
        return PC_ENOMEM;
    size_t *slot = malloc((n ? n : 1) * sizeof *slot);
    pc_rc rc = slot ? site_slots(q, ch, sites, n, slot) : PC_ENOMEM;
    if (rc == PC_OK) {
        rt_end te[2];
        int nt = rt_ends_from_snap(q, target, 1, te);
        rt_q_restart(q);
        rc = rt_ch_upward(q, ch, 1, te, nt, NULL);
    }
    const rt_ch_space *e = q->site_cache ? &q->site_cache->ents : NULL;
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        best[i] = direct_cost(q, &sites[i], target);
        if (slot[i] == SIZE_MAX)
            continue;
        const cache_slot *sl = &q->site_cache->slot[slot[i]];
        for (uint32_t j = sl->first; j < sl->first + sl->n; j++) {
            double c = e->d[j] + rt_label(q, 1, e->node[j]);
            if (c < best[i])
                best[i] = c;
        }
    }
    free(slot);
    return rc;
}
