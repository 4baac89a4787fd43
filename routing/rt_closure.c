/* rt_closure.c — live closures and slow-downs as an immutable overlay.
 *
 * The graph holds a pointer to the current overlay behind a mutex that is
 * held only to copy the pointer and bump its reference count; a new
 * overlay is built outside the lock and published by swapping the pointer.
 * A query keeps the overlay it acquired until it ends, so an update never
 * waits for queries and never changes one half-way. Expiry needs no
 * rewrite: each entry carries its time window and the query's now_s
 * decides. */
#include <stdlib.h>
#include <string.h>

#include "rt_graph_int.h"

static void overlay_free(rt_overlay *o)
{
    if (!o)
        return;
    free(o->edge), free(o->factor), free(o->starts_s), free(o->expires_s), free(o->bits);
    free(o);
}

pc_rc rt_overlay_create_empty(rt_overlay **out)
{
    rt_overlay *o = calloc(1, sizeof *o);
    if (!o)
        return PC_ENOMEM;
    atomic_init(&o->refs, 1);
    *out = o;
    return PC_OK;
}

rt_overlay *rt_overlay_acquire(const rt_graph *g)
{
    pthread_mutex_lock(&g->slot->mu);
    rt_overlay *o = g->slot->cur;
    atomic_fetch_add(&o->refs, 1);
    pthread_mutex_unlock(&g->slot->mu);
    return o;
}

void rt_overlay_release(rt_overlay *o)
{
    if (o && atomic_fetch_sub(&o->refs, 1) == 1)
        overlay_free(o);
}

double rt_overlay_factor(const rt_overlay *o, int32_t e, int64_t now_s)
{
    size_t lo = 0, hi = o->n;
    while (lo < hi) { /* first entry with edge >= e */
        size_t mid = (lo + hi) / 2;
        if (o->edge[mid] < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    double f = 1;
    for (size_t i = lo; i < o->n && o->edge[i] == e; i++) {
        if (now_s < o->starts_s[i] || now_s >= o->expires_s[i])
            continue;
        if (o->factor[i] == 0)
            return 0;
        f = o->factor[i] > f ? o->factor[i] : f; /* the worst slow-down wins */
    }
    return f;
}

typedef struct entry {
    int32_t edge;
    double factor;
    int64_t starts_s, expires_s;
} entry;

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return (x->edge > y->edge) - (x->edge < y->edge);
}

static pc_rc overlay_build(const rt_graph *g, const entry *v, size_t n, rt_overlay **out)
{
    rt_overlay *o = NULL;
    pc_rc rc = rt_overlay_create_empty(&o);
    if (rc != PC_OK)
        return rc;
    size_t words = ((size_t)g->n_edges + 63) / 64;
    o->n = n;
    if (!(o->edge = malloc((n ? n : 1) * sizeof *o->edge)) || !(o->factor = malloc((n ? n : 1) * sizeof *o->factor)) ||
        !(o->starts_s = malloc((n ? n : 1) * sizeof *o->starts_s)) ||
        !(o->expires_s = malloc((n ? n : 1) * sizeof *o->expires_s)) ||
        !(o->bits = calloc(words ? words : 1, sizeof *o->bits))) {
        overlay_free(o);
        return PC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        o->edge[i] = v[i].edge;
        o->factor[i] = v[i].factor;
        o->starts_s[i] = v[i].starts_s;
        o->expires_s[i] = v[i].expires_s;
        o->bits[(uint32_t)v[i].edge >> 6] |= 1ull << ((uint32_t)v[i].edge & 63);
    }
    *out = o;
    return PC_OK;
}

pc_rc rt_graph_set_closures(rt_graph *g, const rt_closure *c, size_t n, size_t *n_unknown)
{
    size_t unknown = 0, k = 0;
    if (n_unknown)
        *n_unknown = 0;
    for (size_t i = 0; i < n; i++)
        if (!(c[i].factor == 0 || (c[i].factor >= 1 && c[i].factor <= 1000)) || c[i].expires_s <= c[i].starts_s)
            return PC_EINVAL;
    entry *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        int32_t e = rt_graph_edge_index(g, c[i].edge_id);
        if (e < 0) {
            unknown++;
            continue;
        }
        v[k++] = (entry){e, c[i].factor, c[i].starts_s, c[i].expires_s};
    }
    qsort(v, k, sizeof *v, entry_cmp);
    rt_overlay *o = NULL;
    pc_rc rc = overlay_build(g, v, k, &o);
    free(v);
    if (rc != PC_OK)
        return rc;
    pthread_mutex_lock(&g->slot->mu);
    rt_overlay *old = g->slot->cur;
    g->slot->cur = o;
    pthread_mutex_unlock(&g->slot->mu);
    rt_overlay_release(old);
    if (n_unknown)
        *n_unknown = unknown;
    return PC_OK;
}

size_t rt_graph_n_closures(const rt_graph *g)
{
    rt_overlay *o = rt_overlay_acquire(g);
    size_t n = o->n;
    rt_overlay_release(o);
    return n;
}
