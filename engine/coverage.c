/* coverage.c — the coverage context (buildings snapped on foot, the walking
 * network, the admin tree), the multi-source walk, and ranking the worst
 * buildings. The runs themselves are in coverage_run.c; see coverage.h for
 * the method. */
#include "coverage_int.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_search.h"

/* --- a binary min-heap of (metres, node) ------------------------------- */

typedef struct cov_heap {
    float *key;
    int32_t *node;
    size_t n, cap;
} cov_heap;

static int heap_push(cov_heap *h, float k, int32_t v)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 1024;
        float *nk = realloc(h->key, nc * sizeof *nk);
        if (!nk)
            return -1;
        h->key = nk;
        int32_t *nn = realloc(h->node, nc * sizeof *nn);
        if (!nn)
            return -1;
        h->node = nn, h->cap = nc;
    }
    size_t i = h->n++;
    while (i > 0 && h->key[(i - 1) / 2] > k) {
        h->key[i] = h->key[(i - 1) / 2], h->node[i] = h->node[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->key[i] = k, h->node[i] = v;
    return 0;
}

static void heap_pop(cov_heap *h, float *k, int32_t *v)
{
    *k = h->key[0], *v = h->node[0];
    float lk = h->key[--h->n];
    int32_t lv = h->node[h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->key[c + 1] < h->key[c])
            c++;
        if (h->key[c] >= lk)
            break;
        h->key[i] = h->key[c], h->node[i] = h->node[c];
        i = c;
    }
    h->key[i] = lk, h->node[i] = lv;
}

pc_rc cov_walk(const eng_cov_ctx *c, const cov_seed *seeds, size_t n_seeds, double limit_m, float *dist,
               int32_t *src, int32_t *mouth)
{
    cov_heap h = {0};
    pc_rc rc = PC_OK;
    for (size_t v = 0; v < c->n_nodes; v++) {
        dist[v] = INFINITY;
        if (src)
            src[v] = -1;
        if (mouth)
            mouth[v] = -1;
    }
    for (size_t i = 0; i < n_seeds && rc == PC_OK; i++) {
        int32_t v = seeds[i].node;
        if (!(seeds[i].d_m < dist[v]) || seeds[i].d_m > limit_m)
            continue;
        dist[v] = seeds[i].d_m;
        if (src)
            src[v] = v;
        if (mouth)
            mouth[v] = -1;
        rc = heap_push(&h, seeds[i].d_m, v) ? PC_ENOMEM : PC_OK;
    }
    while (rc == PC_OK && h.n) {
        float d;
        int32_t u;
        heap_pop(&h, &d, &u);
        if (d > dist[u])
            continue;
        for (uint32_t a = c->w_first[u]; a < c->w_first[u + 1]; a++) {
            float nd = d + c->w_len[a];
            int32_t w = c->w_head[a];
            if (!(nd < dist[w]) || nd > limit_m)
                continue;
            dist[w] = nd;
            if (src)
                src[w] = src[u];
            if (mouth)
                mouth[w] = mouth[u] >= 0 ? mouth[u] : c->w_edge[a];
            if (heap_push(&h, nd, w)) {
                rc = PC_ENOMEM;
                break;
            }
        }
    }
    free(h.key);
    free(h.node);
    return rc;
}

/* --- the context ---------------------------------------------------------- */

/* CSR of the edges the foot profile may use (either direction: walking
 * ignores oneway), both ways. */
static pc_rc build_walk_net(eng_cov_ctx *c)
{
    const rt_graph *g = c->g;
    size_t n = c->n_nodes, m = c->n_edges;
    c->w_first = calloc(n + 2, sizeof *c->w_first);
    if (!c->w_first)
        return PC_ENOMEM;
    for (size_t e = 0; e < m; e++) {
        if (!isfinite(rt_graph_edge_cost_s(g, c->foot, (int32_t)e, 0)) &&
            !isfinite(rt_graph_edge_cost_s(g, c->foot, (int32_t)e, 1)))
            continue;
        int32_t a, b;
        rt_graph_edge_nodes(g, (int32_t)e, &a, &b);
        c->w_first[a + 2]++, c->w_first[b + 2]++;
    }
    for (size_t v = 2; v < n + 2; v++)
        c->w_first[v] += c->w_first[v - 1];
    size_t n_arcs = c->w_first[n + 1];
    c->w_head = malloc((n_arcs + 1) * sizeof *c->w_head);
    c->w_edge = malloc((n_arcs + 1) * sizeof *c->w_edge);
    c->w_len = malloc((n_arcs + 1) * sizeof *c->w_len);
    if (!c->w_head || !c->w_edge || !c->w_len)
        return PC_ENOMEM;
    for (size_t e = 0; e < m; e++) {
        if (!isfinite(rt_graph_edge_cost_s(g, c->foot, (int32_t)e, 0)) &&
            !isfinite(rt_graph_edge_cost_s(g, c->foot, (int32_t)e, 1)))
            continue;
        int32_t a, b;
        rt_graph_edge_nodes(g, (int32_t)e, &a, &b);
        float len = (float)rt_graph_edge_length_m(g, (int32_t)e);
        uint32_t ia = c->w_first[a + 1]++, ib = c->w_first[b + 1]++;
        c->w_head[ia] = b, c->w_edge[ia] = (int32_t)e, c->w_len[ia] = len;
        c->w_head[ib] = a, c->w_edge[ib] = (int32_t)e, c->w_len[ib] = len;
    }
    return PC_OK;
}

static long adm_index(const eng_cov_ctx *c, int64_t id)
{
    size_t lo = 0, hi = c->n_adm;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->adm[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_adm && c->adm[lo].id == id ? (long)lo : -1;
}

typedef struct snap_job {
    eng_cov_ctx *c;
    size_t from, to;
} snap_job;

static void *snap_range(void *arg)
{
    snap_job *j = arg;
    eng_cov_ctx *c = j->c;
    for (size_t i = j->from; i < j->to; i++) {
        rt_snap sn;
        if (rt_graph_snap(c->g, c->foot, c->bld[i].entrance, COV_ENTRANCE_SNAP_M, 0, &sn) != PC_OK)
            sn.edge = -1, sn.frac = 0, sn.snap_dist_m = 0;
        c->b_edge[i] = sn.edge;
        c->b_frac[i] = (float)sn.frac;
        c->b_snap_m[i] = (float)sn.snap_dist_m;
        c->b_unit[i] = c->bld[i].admin_unit_id > 0 ? (int32_t)adm_index(c, c->bld[i].admin_unit_id) : -1;
    }
    return NULL;
}

/* Snaps every entrance: two threads over halves of the buildings (the graph
 * is read-only; each writes its own slots), one when a thread cannot start. */
static pc_rc snap_buildings(eng_cov_ctx *c)
{
    size_t n = c->n_bld;
    c->b_edge = malloc((n + 1) * sizeof *c->b_edge);
    c->b_frac = malloc((n + 1) * sizeof *c->b_frac);
    c->b_snap_m = malloc((n + 1) * sizeof *c->b_snap_m);
    c->b_unit = malloc((n + 1) * sizeof *c->b_unit);
    if (!c->b_edge || !c->b_frac || !c->b_snap_m || !c->b_unit)
        return PC_ENOMEM;
    snap_job a = {c, 0, n / 2}, b = {c, n / 2, n};
    pthread_t t;
    int threaded = n > 10000 && pthread_create(&t, NULL, snap_range, &b) == 0;
    snap_range(&a);
    if (threaded)
        pthread_join(t, NULL);
    else
        snap_range(&b);
    return PC_OK;
}

pc_rc eng_cov_ctx_create(geo_store *s, const rt_graph *g, eng_cov_ctx **out, char *err, size_t err_len)
{
    *out = NULL;
    if (err_len)
        err[0] = '\0';
    eng_cov_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return PC_ENOMEM;
    c->g = g;
    c->foot = rt_profiles_find(rt_graph_profiles(g), "foot");
    c->n_nodes = rt_graph_n_nodes(g), c->n_edges = rt_graph_n_edges(g);
    pc_rc rc = PC_OK;
    if (c->foot < 0) {
        snprintf(err, err_len, "the vehicle profiles have no \"foot\" profile for hose laying");
        rc = PC_EINVAL;
    }
    if (rc == PC_OK)
        rc = geo_cov_admin_units(s, &c->adm, &c->n_adm);
    if (rc == PC_OK)
        c->adm_parent = malloc((c->n_adm + 1) * sizeof *c->adm_parent);
    if (rc == PC_OK && !c->adm_parent)
        rc = PC_ENOMEM;
    for (size_t i = 0; rc == PC_OK && i < c->n_adm; i++)
        c->adm_parent[i] = c->adm[i].parent_id > 0 ? adm_index(c, c->adm[i].parent_id) : -1;
    if (rc == PC_OK)
        rc = geo_cov_buildings(s, &c->bld, &c->n_bld);
    if (rc == PC_OK)
        rc = build_walk_net(c);
    if (rc == PC_OK)
        rc = snap_buildings(c);
    if (rc != PC_OK) {
        if (err_len && !err[0])
            snprintf(err, err_len, "coverage: %s", pc_rc_str(rc));
        eng_cov_ctx_destroy(c);
        return rc;
    }
    *out = c;
    return PC_OK;
}

void eng_cov_ctx_destroy(eng_cov_ctx *c)
{
    if (!c)
        return;
    free(c->bld);
    free(c->b_edge), free(c->b_frac), free(c->b_snap_m), free(c->b_unit);
    free(c->adm), free(c->adm_parent);
    free(c->w_first), free(c->w_head), free(c->w_edge), free(c->w_len);
    free(c);
}

size_t eng_cov_ctx_n_buildings(const eng_cov_ctx *c) { return c ? c->n_bld : 0; }

void eng_cov_building(const eng_cov_ctx *c, size_t i, int64_t *id, geo_lonlat *entrance, int32_t *occupants,
                      int64_t *admin_unit_id)
{
    const geo_cov_building *b = &c->bld[i];
    if (id)
        *id = b->id;
    if (entrance)
        *entrance = b->entrance;
    if (occupants)
        *occupants = b->occupants;
    if (admin_unit_id)
        *admin_unit_id = b->admin_unit_id;
}

/* --- units and ranking ------------------------------------------------------ */

long eng_cov_unit_find(const eng_cov_result *r, const char *code)
{
    for (size_t i = 0; code && i < r->n_units; i++)
        if (strcmp(r->units[i].code, code) == 0)
            return (long)i;
    return -1;
}

int eng_cov_unit_under(const eng_cov_result *r, long u, long unit_ix)
{
    if (unit_ix < 0)
        return 1;
    for (size_t hops = 0; u >= 0 && hops <= r->n_units; hops++) {
        if (u == unit_ix)
            return 1;
        u = r->units[u].parent_ix;
    }
    return 0;
}

typedef struct worst_ent {
    size_t i;
    const eng_cov_bldg *b;
    int32_t occ;
} worst_ent;

static int worst_cmp(const void *x, const void *y)
{
    const worst_ent *a = x, *b = y;
    if (a->b->cls != b->b->cls)
        return a->b->cls > b->b->cls ? -1 : 1;
    if (a->b->drive_s != b->b->drive_s && isfinite(a->b->drive_s) && isfinite(b->b->drive_s))
        return a->b->drive_s > b->b->drive_s ? -1 : 1;
    if (a->b->hose_m != b->b->hose_m)
        return a->b->hose_m > b->b->hose_m ? -1 : 1;
    if (a->b->no_water != b->b->no_water)
        return a->b->no_water > b->b->no_water ? -1 : 1;
    if (a->occ != b->occ)
        return a->occ > b->occ ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int in_box(geo_lonlat p, const geo_lonlat *box)
{
    return !box || (p.lon_deg >= box[0].lon_deg && p.lon_deg <= box[1].lon_deg && p.lat_deg >= box[0].lat_deg &&
                    p.lat_deg <= box[1].lat_deg);
}

pc_rc eng_cov_worst(const eng_cov_ctx *c, const eng_cov_result *r, long unit_ix, const geo_lonlat *box, size_t max,
                    size_t **idx, size_t *n_idx)
{
    *idx = NULL;
    *n_idx = 0;
    unsigned char *in = calloc(r->n_units + 1, 1);
    worst_ent *v = malloc((r->n_b + 1) * sizeof *v);
    pc_rc rc = in && v ? PC_OK : PC_ENOMEM;
    size_t n = 0;
    for (size_t u = 0; rc == PC_OK && u < r->n_units; u++)
        in[u] = (unsigned char)eng_cov_unit_under(r, (long)u, unit_ix);
    for (size_t i = 0; rc == PC_OK && i < r->n_b; i++)
        if ((unit_ix < 0 || (c->b_unit[i] >= 0 && in[c->b_unit[i]])) && in_box(c->bld[i].entrance, box))
            v[n++] = (worst_ent){.i = i, .b = &r->b[i], .occ = c->bld[i].occupants};
    if (rc == PC_OK)
        qsort(v, n, sizeof *v, worst_cmp);
    if (max && n > max)
        n = max;
    size_t *o = rc == PC_OK ? malloc((n + 1) * sizeof *o) : NULL;
    if (rc == PC_OK && !o)
        rc = PC_ENOMEM;
    for (size_t k = 0; rc == PC_OK && k < n; k++)
        o[k] = v[k].i;
    free(in);
    free(v);
    if (rc == PC_OK)
        *idx = o, *n_idx = n;
    return rc;
}
