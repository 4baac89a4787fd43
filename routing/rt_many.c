/* rt_many.c — one-to-many searches: the K nearest sites by drive time and
 * multi-source travel times.
 *
 * K nearest runs one backward Dijkstra from the target over in-arcs, so a
 * label is the drive time from a node to the target. Each site reaches its
 * edge's end nodes with the partial-edge cost; its candidate is that cost
 * plus the node's label. The search stops when the smallest key is no
 * less than the K-th best candidate: every later candidate costs at least
 * that key. When the profile's contraction hierarchy may be used (built,
 * no active closure on its roads), the costs come from rt_many_ch.c
 * instead and the hits' routes from point-to-point hierarchy searches. */
#include <stdlib.h>
#include <string.h>

#include "rt_ch_int.h"

#define SIDE_DIRECT 2
/* More sites than this use the exact search (the cache of rt_many_ch.c
 * holds 1,536 spaces). */
#define RT_CH_KNN_MAX_SITES 1024

typedef struct site_state {
    double best;
    int side; /* index in the site's ends, or SIDE_DIRECT */
} site_state;

/* Links each site end to its node: mark_head[node] -> entry (2*i+side). */
static pc_rc mark_sites(rt_query *q, const rt_snap *sites, size_t n)
{
    if (n > q->site_cap) {
        int32_t *p = realloc(q->site_next, 2 * n * sizeof *p);
        if (!p)
            return PC_ENOMEM;
        q->site_next = p, q->site_cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        rt_end ends[2];
        int ne = rt_ends_from_snap(q, &sites[i], 0, ends);
        for (int s = 0; s < 2; s++) {
            int32_t entry = (int32_t)(2 * i + (size_t)s);
            q->site_next[entry] = -1;
            if (s >= ne)
                continue;
            int32_t v = ends[s].node;
            if (q->mark_stamp[v] != q->gen)
                q->mark_stamp[v] = q->gen, q->mark_head[v] = -1;
            q->site_next[entry] = q->mark_head[v];
            q->mark_head[v] = entry;
        }
    }
    return PC_OK;
}

static double kth_best(const site_state *st, size_t n, size_t k)
{
    /* k is small (a handful of units): a partial selection is enough */
    double top[64];
    size_t m = 0, kk = k < 64 ? k : 64;
    for (size_t i = 0; i < n; i++) {
        double v = st[i].best;
        if (m == kk && v >= top[m - 1])
            continue;
        size_t j = m < kk ? m++ : m - 1;
        while (j > 0 && top[j - 1] > v)
            top[j] = top[j - 1], j--;
        top[j] = v;
    }
    return m == kk ? top[m - 1] : INFINITY;
}

static int hit_cmp(const void *a, const void *b)
{
    const rt_hit *x = a, *y = b;
    return x->eta_s < y->eta_s ? -1 : x->eta_s > y->eta_s ? 1 : (x->site > y->site) - (x->site < y->site);
}

/* Settles node v: updates the candidates of sites whose end is v. */
static int settle_sites(rt_query *q, site_state *st, int32_t v, double d)
{
    int changed = 0;
    if (q->mark_stamp[v] != q->gen)
        return 0;
    for (int32_t en = q->mark_head[v]; en >= 0; en = q->site_next[en]) {
        size_t i = (size_t)en / 2;
        rt_end ends[2];
        rt_ends_from_snap(q, &q->sites[i], 0, ends);
        double c = ends[en & 1].cost_s + d;
        if (c < st[i].best)
            st[i].best = c, st[i].side = en & 1, changed = 1;
    }
    return changed;
}

static pc_rc backward_knn(rt_query *q, site_state *st, size_t n, size_t k)
{
    const rt_graph *g = q->g;
    rt_end te[2];
    int nt = rt_ends_from_snap(q, &q->target, 1, te);
    for (int i = 0; i < nt; i++) {
        if (te[i].cost_s >= rt_label(q, 1, te[i].node))
            continue;
        rt_set_label(q, 1, te[i].node, te[i].cost_s, RT_ROOT);
        if (rt_heap_push(&q->heap[1], te[i].cost_s, te[i].cost_s, te[i].node) != PC_OK)
            return PC_ENOMEM;
    }
    double kth = kth_best(st, n, k);
    while (q->heap[1].n) {
        rt_hent t = rt_heap_pop(&q->heap[1]);
        if (t.d > rt_label(q, 1, t.v))
            continue;
        if (t.d >= kth)
            break;
        if (settle_sites(q, st, t.v, t.d))
            kth = kth_best(st, n, k);
        for (uint32_t i = g->in_first[t.v]; i < g->in_first[t.v + 1]; i++) {
            uint32_t a = g->in_arc[i];
            double c = rt_q_arc(q, a), nd = t.d + c;
            int32_t u = g->arc_tail[a];
            if (!isfinite(c) || nd >= rt_label(q, 1, u))
                continue;
            rt_set_label(q, 1, u, nd, a);
            if (rt_heap_push(&q->heap[1], nd, nd, u) != PC_OK)
                return PC_ENOMEM;
        }
    }
    return PC_OK;
}

/* Route length of site i's best way (the labels of the last search). */
static double hit_dist_m(const rt_query *q, size_t i, const site_state *s)
{
    const rt_graph *g = q->g;
    const rt_snap *site = &q->sites[i];
    if (s->side == SIDE_DIRECT)
        return fabs(site->frac - q->target.frac) * g->edge_len_m[site->edge];
    rt_end ends[2], te[2];
    rt_ends_from_snap(q, site, 0, ends);
    double dist = fabs(ends[s->side].f1 - ends[s->side].f0) * g->edge_len_m[site->edge];
    int32_t v = ends[s->side].node;
    for (; q->parent[1][v] != RT_ROOT; v = g->out_head[q->parent[1][v]])
        dist += g->edge_len_m[g->out_edge[q->parent[1][v]] >> 1];
    int nt = rt_ends_from_snap(q, &q->target, 1, te);
    const rt_end *t = rt_end_for(te, nt, v, rt_label(q, 1, v));
    return t ? dist + fabs(t->f1 - t->f0) * g->edge_len_m[t->edge] : dist;
}

/* The k best finite candidates, in order, with their route lengths; keeps
 * each site's chosen side for rt_nearest_route. */
static pc_rc collect_hits(rt_query *q, const site_state *st, size_t n, size_t k, rt_hit *hits, size_t *n_hits)
{
    rt_hit *all = malloc(n * sizeof *all);
    int8_t *side = realloc(q->site_side, n * sizeof *side);
    if (!all || !side) {
        free(all);
        if (side)
            q->site_side = side;
        return PC_ENOMEM;
    }
    q->site_side = side;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        side[i] = (int8_t)st[i].side;
        if (isfinite(st[i].best))
            all[m++] = (rt_hit){(uint32_t)i, st[i].best, 0};
    }
    qsort(all, m, sizeof *all, hit_cmp);
    *n_hits = m < k ? m : k;
    for (size_t i = 0; i < *n_hits; i++) {
        hits[i] = all[i];
        hits[i].dist_m = hit_dist_m(q, all[i].site, &st[all[i].site]);
    }
    free(all);
    return PC_OK;
}

static pc_rc keep_sites(rt_query *q, const rt_snap *sites, size_t n)
{
    if (n > q->sites_cap) {
        rt_snap *p = realloc(q->sites, n * sizeof *p);
        if (!p)
            return PC_ENOMEM;
        q->sites = p, q->sites_cap = n;
    }
    memcpy(q->sites, sites, n * sizeof *sites);
    q->n_sites = n;
    return PC_OK;
}

static void drop_knn_routes(rt_query *q)
{
    for (size_t i = 0; i < q->knn_n_routes; i++)
        rt_route_free(&q->knn_route[i]);
    q->knn_n_routes = 0;
    q->knn_ch = NULL;
}

/* K nearest through the hierarchy: every site's cost (rt_many_ch.c), the k
 * best, and their routes, kept for rt_nearest_route (each route's length
 * is the hit's distance). */
static pc_rc nearest_by_ch(rt_query *q, const struct rt_ch *ch, size_t k, rt_hit *hits, size_t *n_hits)
{
    size_t n = q->n_sites;
    double *best = malloc(n * sizeof *best);
    rt_hit *all = malloc(n * sizeof *all);
    pc_rc rc = best && all ? rt_ch_site_costs(q, ch, q->sites, n, &q->target, best) : PC_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; rc == PC_OK && i < n; i++)
        if (isfinite(best[i]))
            all[m++] = (rt_hit){(uint32_t)i, best[i], 0};
    if (rc == PC_OK) {
        qsort(all, m, sizeof *all, hit_cmp);
        q->knn_ch = ch;
    }
    for (size_t h = 0; rc == PC_OK && h < m && h < k; h++) {
        rt_route *r = &q->knn_route[h];
        rc = rt_route_snaps(q, ch, &q->sites[all[h].site], &q->target, r);
        if (rc != PC_OK)
            break;
        q->knn_route_site[h] = all[h].site;
        q->knn_n_routes = h + 1;
        hits[h] = all[h];
        hits[h].dist_m = r->dist_m;
        *n_hits = h + 1;
    }
    free(best);
    free(all);
    return rc;
}

pc_rc rt_nearest_sites(rt_query *q, int profile, const rt_snap *target, const rt_snap *sites, size_t n_sites,
                       size_t k, int64_t now_s, rt_hit *hits, size_t *n_hits)
{
    *n_hits = 0;
    if (profile < 0 || (size_t)profile >= q->g->profiles.n || (n_sites && !sites) || (k && !hits) || k > RT_KNN_MAX)
        return PC_EINVAL;
    drop_knn_routes(q);
    rt_q_begin(q, profile, now_s);
    q->target = *target;
    q->n_sites = 0;
    if (k == 0 || target->edge < 0 || n_sites == 0)
        return PC_OK;
    pc_rc rc = keep_sites(q, sites, n_sites);
    const struct rt_ch *ch = rt_ch_for_query(q);
    if (rc == PC_OK && ch && n_sites <= RT_CH_KNN_MAX_SITES)
        return nearest_by_ch(q, ch, k, hits, n_hits);
    site_state *st = malloc(n_sites * sizeof *st);
    if (rc == PC_OK)
        rc = st ? mark_sites(q, sites, n_sites) : PC_ENOMEM;
    for (size_t i = 0; rc == PC_OK && i < n_sites; i++) {
        st[i] = (site_state){INFINITY, 0};
        if (sites[i].edge >= 0 && sites[i].edge == target->edge) {
            int rev = target->frac < sites[i].frac;
            double c = rt_q_arc(q, rt_graph_arc_of(q->g, target->edge, rev));
            st[i] = (site_state){rt_part(fabs(target->frac - sites[i].frac), c), SIDE_DIRECT};
        }
    }
    if (rc == PC_OK)
        rc = backward_knn(q, st, n_sites, k);
    if (rc == PC_OK)
        rc = collect_hits(q, st, n_sites, k, hits, n_hits);
    free(st);
    return rc;
}

/* The route of a hit found through the hierarchy: the one kept by the
 * search (handed over once), else searched again. */
static pc_rc knn_route_ch(rt_query *q, const rt_hit *hit, rt_route *out)
{
    for (size_t h = 0; h < q->knn_n_routes; h++)
        if (q->knn_route_site[h] == hit->site && q->knn_route[h].pts) {
            *out = q->knn_route[h];
            memset(&q->knn_route[h], 0, sizeof q->knn_route[h]);
            return PC_OK;
        }
    return rt_route_snaps(q, q->knn_ch, &q->sites[hit->site], &q->target, out);
}

pc_rc rt_nearest_route(rt_query *q, const rt_hit *hit, rt_route *out)
{
    memset(out, 0, sizeof *out);
    if (!hit || hit->site >= q->n_sites)
        return PC_EINVAL;
    if (q->knn_ch)
        return knn_route_ch(q, hit, out);
    if (!q->site_side)
        return PC_EINVAL;
    const rt_graph *g = q->g;
    const rt_snap *site = &q->sites[hit->site];
    rt_builder b = {.r = out, .rc = PC_OK};
    out->from = *site;
    out->to = q->target;
    out->status = RT_REACHED;
    out->time_s = hit->eta_s;
    int side = q->site_side[hit->site];
    if (side == SIDE_DIRECT) {
        rt_build_piece(&b, q, site->edge, site->frac, q->target.frac, hit->eta_s);
    } else {
        rt_end ends[2], te[2];
        rt_ends_from_snap(q, site, 0, ends);
        rt_build_piece(&b, q, site->edge, ends[side].f0, ends[side].f1, ends[side].cost_s);
        int32_t v = ends[side].node;
        for (; q->parent[1][v] != RT_ROOT; v = g->out_head[q->parent[1][v]])
            rt_build_arc(&b, q, q->parent[1][v]);
        int nt = rt_ends_from_snap(q, &q->target, 1, te);
        const rt_end *t = rt_end_for(te, nt, v, rt_label(q, 1, v));
        if (t)
            rt_build_piece(&b, q, t->edge, t->f0, t->f1, t->cost_s);
    }
    if (b.rc != PC_OK)
        rt_route_free(out);
    return b.rc;
}

pc_rc rt_multi_source(rt_query *q, int profile, const rt_snap *sources, size_t n_sources, double limit_s,
                      int64_t now_s, double *time_s, int32_t *source)
{
    const rt_graph *g = q->g;
    if (profile < 0 || (size_t)profile >= g->profiles.n || !time_s || (n_sources && !sources))
        return PC_EINVAL;
    double limit = limit_s > 0 ? limit_s : INFINITY;
    rt_q_begin(q, profile, now_s);
    for (int32_t v = 0; v < g->n_nodes; v++) {
        time_s[v] = INFINITY;
        if (source)
            source[v] = -1;
    }
    for (size_t i = 0; i < n_sources; i++) {
        rt_end ends[2];
        int ne = rt_ends_from_snap(q, &sources[i], 0, ends);
        for (int s = 0; s < ne; s++) {
            if (ends[s].cost_s >= rt_label(q, 0, ends[s].node))
                continue;
            rt_set_label(q, 0, ends[s].node, ends[s].cost_s, RT_ROOT);
            if (source)
                source[ends[s].node] = (int32_t)i;
            if (rt_heap_push(&q->heap[0], ends[s].cost_s, ends[s].cost_s, ends[s].node) != PC_OK)
                return PC_ENOMEM;
        }
    }
    while (q->heap[0].n) {
        rt_hent t = rt_heap_pop(&q->heap[0]);
        if (t.d > rt_label(q, 0, t.v))
            continue;
        if (t.d > limit)
            break;
        time_s[t.v] = t.d;
        for (uint32_t a = g->out_first[t.v]; a < g->out_first[t.v + 1]; a++) {
            double nd = t.d + rt_q_arc(q, a);
            int32_t w = g->out_head[a];
            if (!(nd < rt_label(q, 0, w)))
                continue;
            rt_set_label(q, 0, w, nd, a);
            if (source)
                source[w] = source[t.v];
            if (rt_heap_push(&q->heap[0], nd, nd, w) != PC_OK)
                return PC_ENOMEM;
        }
    }
    return PC_OK;
}
