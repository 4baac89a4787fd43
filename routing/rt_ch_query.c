/* rt_ch_query.c — using a contraction hierarchy: publishing it in the
 * graph, deciding whether a query may use it, the search and unpacking.
 *
 * The search is a bidirectional Dijkstra that only climbs: forward along
 * up arcs from the start's ends, backward along down arcs from the
 * destination's ends. Each side stops once its smallest key reaches the
 * best meeting cost mu; the top node of the optimal path is settled by
 * both sides before that, so mu is exact. Stall-on-demand: a node whose
 * label can be beaten through a higher neighbour already labelled on the
 * same side is not expanded (its label is not a shortest distance, so
 * nothing it would relax can be on an optimal up-down path).
 *
 * Closures: the hierarchy knows only the costs without closures. A query
 * uses it only when no closure active at its now_s touches an edge the
 * profile may use; otherwise the caller runs the exact search on the
 * overlay (customizable CH would lift this; later). */
#include <stdlib.h>
#include <string.h>

#include "rt_ch_int.h"

/* ---- building and publishing ------------------------------------------------ */

static int profile_ok(const rt_graph *g, int p) { return g && p >= 0 && (size_t)p < g->profiles.n; }

pc_rc rt_graph_ch_build(rt_graph *g, int profile, rt_ch_stats *stats)
{
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!profile_ok(g, profile))
        return PC_EINVAL;
    struct rt_ch *cur = atomic_load(&g->ch[profile]);
    if (!cur) {
        struct rt_ch *ch = NULL;
        pc_rc rc = rt_ch_create(g, profile, &ch);
        if (rc != PC_OK)
            return rc;
        /* another thread may have published one meanwhile: keep the first */
        if (atomic_compare_exchange_strong(&g->ch[profile], &cur, ch))
            cur = ch;
        else
            rt_ch_destroy(ch);
    }
    if (stats)
        *stats = cur->stats;
    return PC_OK;
}

pc_rc rt_graph_ch_build_all(rt_graph *g, int with_foot)
{
    if (!g)
        return PC_EINVAL;
    for (size_t p = 0; p < g->profiles.n; p++) {
        if (g->profiles.p[p].access != RT_ACCESS_MOTOR && !with_foot)
            continue;
        pc_rc rc = rt_graph_ch_build(g, (int)p, NULL);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

int rt_graph_ch_ready(const rt_graph *g, int profile)
{
    return profile_ok(g, profile) && atomic_load(&((rt_graph *)g)->ch[profile]) != NULL;
}

pc_rc rt_graph_ch_stats(const rt_graph *g, int profile, rt_ch_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!profile_ok(g, profile))
        return PC_EINVAL;
    const struct rt_ch *ch = atomic_load(&((rt_graph *)g)->ch[profile]);
    if (!ch)
        return PC_ENOTFOUND;
    *out = ch->stats;
    return PC_OK;
}

const struct rt_ch *rt_ch_for_query(const rt_query *q)
{
    const rt_graph *g = q->g;
    const struct rt_ch *ch = atomic_load(&((rt_graph *)g)->ch[q->profile]);
    const rt_overlay *o = q->ov;
    for (size_t i = 0; ch && o && i < o->n; i++) {
        if (q->now_s < o->starts_s[i] || q->now_s >= o->expires_s[i] || o->factor[i] == 1)
            continue;
        if (isfinite(g->cost[q->profile][rt_graph_arc_of(g, o->edge[i], 0)]) ||
            isfinite(g->cost[q->profile][rt_graph_arc_of(g, o->edge[i], 1)]))
            return NULL;
    }
    return ch;
}

/* ---- the search ------------------------------------------------------------- */

static pc_rc seed(rt_query *q, int dir, const rt_end *e, int n, double *mu, int32_t *meet)
{
    for (int i = 0; i < n; i++) {
        int32_t v = e[i].node;
        if (e[i].cost_s >= rt_label(q, dir, v))
            continue;
        rt_set_label(q, dir, v, e[i].cost_s, RT_ROOT);
        if (rt_heap_push(&q->heap[dir], e[i].cost_s, e[i].cost_s, v) != PC_OK)
            return PC_ENOMEM;
        double m = e[i].cost_s + rt_label(q, 1 - dir, v);
        if (m < *mu)
            *mu = m, *meet = v;
    }
    return PC_OK;
}

/* Can v (label d on side dir) be reached more cheaply through a higher
 * neighbour already labelled on that side? */
static int stalled(const rt_query *q, const struct rt_ch *ch, int dir, int32_t v, double d)
{
    const rt_ch_arc *a = dir == 0 ? ch->down : ch->up;
    uint32_t i0 = dir == 0 ? ch->down_first[v] : ch->up_first[v];
    uint32_t i1 = dir == 0 ? ch->down_first[v + 1] : ch->up_first[v + 1];
    for (uint32_t i = i0; i < i1; i++)
        if (rt_label(q, dir, a[i].node) + a[i].w < d)
            return 1;
    return 0;
}

/* Relaxes the hierarchy arcs leaving v (label d) on side dir: up arcs
 * forward, down arcs backward. mu/meet (optional) track the best meeting. */
static pc_rc climb(rt_query *q, const struct rt_ch *ch, int dir, int32_t v, double d, double *mu, int32_t *meet)
{
    const rt_ch_arc *a = dir == 0 ? ch->up : ch->down;
    uint32_t i0 = dir == 0 ? ch->up_first[v] : ch->down_first[v];
    uint32_t i1 = dir == 0 ? ch->up_first[v + 1] : ch->down_first[v + 1];
    for (uint32_t i = i0; i < i1; i++) {
        int32_t w = a[i].node;
        double nd = d + a[i].w;
        if (nd >= rt_label(q, dir, w))
            continue;
        rt_set_label(q, dir, w, nd, (uint32_t)v);
        if (rt_heap_push(&q->heap[dir], nd, nd, w) != PC_OK)
            return PC_ENOMEM;
        double m = nd + rt_label(q, 1 - dir, w);
        if (mu && m < *mu)
            *mu = m, *meet = w;
    }
    return PC_OK;
}

pc_rc rt_ch_search(rt_query *q, const struct rt_ch *ch, const rt_end *src, int n_src, const rt_end *dst, int n_dst,
                   double *mu, int32_t *meet)
{
    *meet = -1;
    pc_rc rc = seed(q, 0, src, n_src, mu, meet);
    if (rc == PC_OK)
        rc = seed(q, 1, dst, n_dst, mu, meet);
    while (rc == PC_OK) {
        double kf = q->heap[0].n ? q->heap[0].a[0].key : INFINITY;
        double kb = q->heap[1].n ? q->heap[1].a[0].key : INFINITY;
        kf = kf < *mu ? kf : INFINITY;
        kb = kb < *mu ? kb : INFINITY;
        if (kf == INFINITY && kb == INFINITY)
            break;
        int dir = kf <= kb ? 0 : 1;
        rt_hent t = rt_heap_pop(&q->heap[dir]);
        if (t.d > rt_label(q, dir, t.v) || stalled(q, ch, dir, t.v, t.d))
            continue;
        rc = climb(q, ch, dir, t.v, t.d, mu, meet);
    }
    return rc;
}

static pc_rc space_add(rt_ch_space *s, int32_t v, double d)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 1024;
        int32_t *node = realloc(s->node, nc * sizeof *node);
        if (node)
            s->node = node;
        double *dd = node ? realloc(s->d, nc * sizeof *dd) : NULL;
        if (!dd)
            return PC_ENOMEM;
        s->d = dd, s->cap = nc;
    }
    s->node[s->n] = v, s->d[s->n++] = d;
    return PC_OK;
}

pc_rc rt_ch_upward(rt_query *q, const struct rt_ch *ch, int dir, const rt_end *e, int n, rt_ch_space *out)
{
    double mu = INFINITY;
    int32_t meet = -1;
    pc_rc rc = seed(q, dir, e, n, &mu, &meet);
    while (rc == PC_OK && q->heap[dir].n) {
        rt_hent t = rt_heap_pop(&q->heap[dir]);
        if (t.d > rt_label(q, dir, t.v) || stalled(q, ch, dir, t.v, t.d))
            continue;
        if (out)
            rc = space_add(out, t.v, t.d);
        if (rc == PC_OK)
            rc = climb(q, ch, dir, t.v, t.d, NULL, NULL);
    }
    return rc;
}

/* ---- unpacking ---------------------------------------------------------------- */

/* A hierarchy arc on the unpacking stack: its owner (lower end) and its
 * index, as i in up or -1 - i in down. */
static int32_t find_arc(const struct rt_ch *ch, int down, int32_t owner, int32_t node)
{
    const rt_ch_arc *a = down ? ch->down : ch->up;
    uint32_t i0 = down ? ch->down_first[owner] : ch->up_first[owner];
    uint32_t i1 = down ? ch->down_first[owner + 1] : ch->up_first[owner + 1];
    for (uint32_t i = i0; i < i1; i++)
        if (a[i].node == node)
            return down ? -1 - (int32_t)i : (int32_t)i;
    return INT32_MIN;
}

static pc_rc push_arc(rt_query *q, int32_t owner, int32_t code)
{
    if (code == INT32_MIN) /* a shortcut's halves are always there; a broken CH is not silently routed */
        return PC_EFORMAT;
    if (q->ch_stack_n + 2 > q->ch_stack_cap) {
        size_t nc = q->ch_stack_cap ? 2 * q->ch_stack_cap : 256;
        int32_t *s = realloc(q->ch_stack, nc * sizeof *s);
        if (!s)
            return PC_ENOMEM;
        q->ch_stack = s, q->ch_stack_cap = nc;
    }
    q->ch_stack[q->ch_stack_n++] = owner;
    q->ch_stack[q->ch_stack_n++] = code;
    return PC_OK;
}

static pc_rc emit(rt_query *q, uint32_t arc)
{
    if (q->ch_arcs_n == q->ch_arcs_cap) {
        size_t nc = q->ch_arcs_cap ? 2 * q->ch_arcs_cap : 256;
        uint32_t *a = realloc(q->ch_arcs, nc * sizeof *a);
        if (!a)
            return PC_ENOMEM;
        q->ch_arcs = a, q->ch_arcs_cap = nc;
    }
    q->ch_arcs[q->ch_arcs_n++] = arc;
    return PC_OK;
}

/* Unpacks everything on the stack into graph arcs, top first. */
static pc_rc drain(rt_query *q, const struct rt_ch *ch)
{
    pc_rc rc = PC_OK;
    while (rc == PC_OK && q->ch_stack_n) {
        int32_t code = q->ch_stack[--q->ch_stack_n], owner = q->ch_stack[--q->ch_stack_n];
        const rt_ch_arc *a = code >= 0 ? &ch->up[code] : &ch->down[-1 - code];
        if (a->via < 0) {
            rc = emit(q, (uint32_t)(-1 - a->via));
            continue;
        }
        int32_t tail = code >= 0 ? owner : a->node, head = code >= 0 ? a->node : owner, m = a->via;
        rc = push_arc(q, m, find_arc(ch, 0, m, head)); /* m -> head, driven second */
        if (rc == PC_OK)
            rc = push_arc(q, m, find_arc(ch, 1, m, tail)); /* tail -> m, driven first */
    }
    return rc;
}

pc_rc rt_ch_path(rt_query *q, const struct rt_ch *ch, int32_t meet, const uint32_t **arcs, size_t *n_arcs,
                 int32_t *first, int32_t *last)
{
    q->ch_arcs_n = q->ch_stack_n = 0;
    pc_rc rc = PC_OK;
    int32_t v = meet;
    /* forward half: pushed from the meeting node down, so the start pops first */
    for (; rc == PC_OK && q->parent[0][v] != RT_ROOT; v = (int32_t)q->parent[0][v])
        rc = push_arc(q, (int32_t)q->parent[0][v], find_arc(ch, 0, (int32_t)q->parent[0][v], v));
    *first = v;
    if (rc == PC_OK)
        rc = drain(q, ch);
    /* backward half: in driving order, one arc at a time */
    for (v = meet; rc == PC_OK && q->parent[1][v] != RT_ROOT; v = (int32_t)q->parent[1][v]) {
        rc = push_arc(q, (int32_t)q->parent[1][v], find_arc(ch, 1, (int32_t)q->parent[1][v], v));
        if (rc == PC_OK)
            rc = drain(q, ch);
    }
    *last = v;
    *arcs = q->ch_arcs;
    *n_arcs = rc == PC_OK ? q->ch_arcs_n : 0;
    return rc;
}
