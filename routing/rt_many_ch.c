/* rt_many_ch.c — drive times from many sites to one target through a
 * contraction hierarchy (the K nearest units of a plan).
 *
 * Bucket many-to-one (Knopp et al., "Computing many-to-many shortest paths
 * using highway hierarchies", as used with CH): each site's forward upward
 * search space (the nodes its upward search settles, with their labels) is
 * computed once and kept in the query's cache, because the sites are the
 * same fire stations plan after plan; every entry is also chained into its
 * node's bucket. A request runs one backward upward search from the target
 * (a few hundred nodes) and, for each node it settles, scans that node's
 * bucket: a site's cost is the smallest sum of its label and the target
 * side's label over the nodes both reached. The top node of the optimal
 * up-down path is in both spaces with its exact distances (rt_ch_int.h);
 * every other sum is the cost of a real path, so the minimum is exact. The
 * work is the number of (site, node) meetings, not the sum of the sites'
 * spaces (a few thousand against a few hundred thousand on a 155k-node city
 * with 81 stations).
 *
 * The cache is per query (per thread), keyed by (hierarchy, edge, frac):
 * a hierarchy never changes once built, and a query uses it only when no
 * active closure touches its profile, so a space stays valid. It holds up
 * to CACHE_FILL spaces and is emptied when full. */
#include <stdlib.h>
#include <string.h>

#include "rt_ch_int.h"

#define CACHE_SLOTS 2048 /* a power of two */
#define CACHE_FILL (CACHE_SLOTS / 4 * 3)

typedef struct cache_slot {
    const struct rt_ch *ch; /* NULL: empty slot */
    int32_t edge;
    double frac;
} cache_slot;

struct rt_site_cache {
    cache_slot slot[CACHE_SLOTS];
    size_t used;
    unsigned clears; /* times the cache was emptied: slot indices of before are stale */
    /* every space's entries: ents.node/d[j], the slot it belongs to and the
     * next entry in the same node's bucket (-1: none) */
    rt_ch_space ents;
    uint32_t *ent_slot;
    int32_t *ent_next;
    size_t ent_cap;
    int32_t *head[RT_MAX_PROFILES]; /* per profile, per node: first entry of its bucket */
    int32_t n_nodes;
    rt_ch_space back; /* the target side's settled nodes */
    /* per slot: the best cost met in the current request (valid when stamped) */
    double cand[CACHE_SLOTS];
    uint32_t cand_stamp[CACHE_SLOTS];
    uint32_t stamp;
};

void rt_site_cache_free(struct rt_site_cache *c)
{
    if (!c)
        return;
    free(c->ents.node), free(c->ents.d), free(c->ent_slot), free(c->ent_next);
    free(c->back.node), free(c->back.d);
    for (int p = 0; p < RT_MAX_PROFILES; p++)
        free(c->head[p]);
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

static void cache_clear(struct rt_site_cache *c)
{
    memset(c->slot, 0, sizeof c->slot);
    for (int p = 0; p < RT_MAX_PROFILES; p++)
        if (c->head[p])
            memset(c->head[p], 0xff, (size_t)c->n_nodes * sizeof *c->head[p]); /* all -1 */
    c->used = 0, c->ents.n = 0, c->clears++;
}

/* The bucket heads of q's profile, allocated (all empty) on first use. */
static int32_t *profile_heads(rt_query *q)
{
    struct rt_site_cache *c = q->site_cache;
    if (!c->head[q->profile]) {
        c->n_nodes = q->g->n_nodes;
        c->head[q->profile] = malloc(((size_t)c->n_nodes + 1) * sizeof *c->head[q->profile]);
        if (c->head[q->profile])
            memset(c->head[q->profile], 0xff, ((size_t)c->n_nodes + 1) * sizeof *c->head[q->profile]);
    }
    return c->head[q->profile];
}

/* Chains entries first .. ents.n of slot i into their nodes' buckets. */
static pc_rc link_space(struct rt_site_cache *c, int32_t *head, size_t first, size_t i)
{
    if (c->ents.n > c->ent_cap) {
        size_t nc = c->ents.cap;
        uint32_t *s = realloc(c->ent_slot, nc * sizeof *s);
        if (s)
            c->ent_slot = s;
        int32_t *nx = s ? realloc(c->ent_next, nc * sizeof *nx) : NULL;
        if (!nx)
            return PC_ENOMEM;
        c->ent_next = nx, c->ent_cap = nc;
    }
    for (size_t j = first; j < c->ents.n; j++) {
        int32_t v = c->ents.node[j];
        c->ent_slot[j] = (uint32_t)i;
        c->ent_next[j] = head[v];
        head[v] = (int32_t)j;
    }
    return PC_OK;
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
        cache_clear(c);
        i = slot_find(c, ch, s);
    }
    int32_t *head = profile_heads(q);
    if (!head)
        return PC_ENOMEM;
    rt_end ends[2];
    int ne = rt_ends_from_snap(q, s, 0, ends);
    size_t first = c->ents.n;
    rt_q_restart(q);
    pc_rc rc = rt_ch_upward(q, ch, 0, ends, ne, &c->ents);
    if (rc == PC_OK)
        rc = link_space(c, head, first, i);
    if (rc != PC_OK) { /* unlink what was chained, forget the entries */
        for (size_t j = c->ents.n; j-- > first;)
            if (j < c->ent_cap && head[c->ents.node[j]] == (int32_t)j)
                head[c->ents.node[j]] = c->ent_next[j];
        c->ents.n = first;
        return rc;
    }
    c->slot[i] = (cache_slot){ch, s->edge, s->frac};
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

/* The backward upward search from target, then every bucket of the nodes
 * it settled: c->cand[slot] gets the best meeting of each cached space. */
static pc_rc meet_target(rt_query *q, const struct rt_ch *ch, const rt_snap *target)
{
    struct rt_site_cache *c = q->site_cache;
    const int32_t *head = c->head[q->profile];
    rt_end te[2];
    int nt = rt_ends_from_snap(q, target, 1, te);
    rt_q_restart(q);
    c->back.n = 0;
    pc_rc rc = rt_ch_upward(q, ch, 1, te, nt, &c->back);
    if (++c->stamp == 0) {
        memset(c->cand_stamp, 0, sizeof c->cand_stamp);
        c->stamp = 1;
    }
    for (size_t b = 0; rc == PC_OK && head && b < c->back.n; b++)
        for (int32_t j = head[c->back.node[b]]; j >= 0; j = c->ent_next[j]) {
            uint32_t s = c->ent_slot[j];
            double cost = c->ents.d[j] + c->back.d[b];
            if (c->cand_stamp[s] != c->stamp || cost < c->cand[s])
                c->cand[s] = cost, c->cand_stamp[s] = c->stamp;
        }
    return rc;
}

pc_rc rt_ch_site_costs(rt_query *q, const struct rt_ch *ch, const rt_snap *sites, size_t n, const rt_snap *target,
                       double *best)
{
    if (!q->site_cache && !(q->site_cache = calloc(1, sizeof *q->site_cache)))
        return PC_ENOMEM;
    struct rt_site_cache *c = q->site_cache;
    size_t *slot = malloc((n ? n : 1) * sizeof *slot);
    pc_rc rc = slot ? site_slots(q, ch, sites, n, slot) : PC_ENOMEM;
    if (rc == PC_OK)
        rc = meet_target(q, ch, target);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        best[i] = direct_cost(q, &sites[i], target);
        size_t s = slot[i];
        if (s != SIZE_MAX && c->cand_stamp[s] == c->stamp && c->cand[s] < best[i])
            best[i] = c->cand[s];
    }
    free(slot);
    return rc;
}
