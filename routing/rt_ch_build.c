/* rt_ch_build.c — building a contraction hierarchy for one profile.
 *
 * Nodes are contracted one at a time, cheapest first. Contracting v removes
 * it from the remaining graph; for each pair of remaining neighbours
 * u -> v -> w a shortcut u -> w (cost c(u,v) + c(v,w), middle v) is added
 * unless a witness search from u that avoids v finds a way to w costing no
 * more. The remaining graph therefore keeps every distance between its
 * nodes. Witness searches stop after a bounded number of settled nodes:
 * a missed witness only adds a shortcut that is not needed, never a wrong
 * distance. When v is contracted its arcs all lead to nodes contracted
 * later (ranked higher), so they are exactly v's upward arcs in the
 * hierarchy and are kept as they are.
 *
 * The order is a lazy priority queue on edge difference (shortcuts added
 * minus arcs removed), contracted neighbours and level (1 + the highest
 * level among contracted neighbours): the top node's priority is
 * recomputed when it is popped and it goes back when no longer the
 * smallest; neighbours are re-evaluated after each contraction. */
#include <stdlib.h>
#include <string.h>

#include "pc_progress.h"
#include "rt_ch_int.h"

#define SIM_SETTLE 60     /* settled-node bound of witness searches when estimating a priority */
#define REAL_SETTLE 400   /* ... and when contracting */

typedef struct dlist {
    rt_ch_arc *a;
    uint32_t n, cap;
} dlist;

typedef struct wheap_ent {
    double d;
    int32_t v;
} wheap_ent;

typedef struct pq_ent {
    int32_t prio, v;
    uint32_t ver;
} pq_ent;

typedef struct builder {
    const rt_graph *g;
    int32_t n;
    dlist *out, *in;       /* the remaining graph */
    uint8_t *done;         /* contracted */
    int32_t *level, *cn;   /* level, contracted neighbours */
    uint32_t *ver;         /* current priority-queue version per node */
    /* witness search scratch */
    double *wd;
    uint32_t *wstamp, wgen;
    wheap_ent *wh;
    size_t wh_n, wh_cap;
    /* priority queue */
    pq_ent *pq;
    size_t pq_n, pq_cap;
    uint32_t *nstamp, ngen; /* neighbour de-duplication */
    pc_rc rc;
} builder;

static int grow(void **a, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*a, nc * size);
    if (!p)
        return 0;
    *a = p, *cap = nc;
    return 1;
}

/* Adds node -> w to list l, or lowers the existing arc's cost. Returns 1
 * when the list changed, 0 when not, -1 out of memory. */
static int dlist_put(dlist *l, int32_t node, int32_t via, double w)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->a[i].node == node) {
            if (w >= l->a[i].w)
                return 0;
            l->a[i].w = w, l->a[i].via = via;
            return 1;
        }
    size_t cap = l->cap;
    if (!grow((void **)&l->a, &cap, (size_t)l->n + 1, sizeof *l->a))
        return -1;
    l->cap = (uint32_t)cap;
    l->a[l->n++] = (rt_ch_arc){node, via, w};
    return 1;
}

static void dlist_remove(dlist *l, int32_t node)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->a[i].node == node) {
            l->a[i] = l->a[--l->n];
            return;
        }
}

/* ---- witness search: a binary heap over the remaining graph --------------- */

static void wpush(builder *b, double d, int32_t v)
{
    if (!grow((void **)&b->wh, &b->wh_cap, b->wh_n + 1, sizeof *b->wh)) {
        b->rc = PC_ENOMEM;
        return;
    }
    size_t i = b->wh_n++;
    while (i > 0 && b->wh[(i - 1) / 2].d > d) {
        b->wh[i] = b->wh[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    b->wh[i] = (wheap_ent){d, v};
}

static wheap_ent wpop(builder *b)
{
    wheap_ent top = b->wh[0], last = b->wh[--b->wh_n];
    size_t i = 0, n = b->wh_n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && b->wh[c + 1].d < b->wh[c].d)
            c++;
        if (b->wh[c].d >= last.d)
            break;
        b->wh[i] = b->wh[c];
        i = c;
    }
    if (n > 0)
        b->wh[i] = last;
    return top;
}

static inline double wdist(const builder *b, int32_t v) { return b->wstamp[v] == b->wgen ? b->wd[v] : INFINITY; }

/* Distances from s in the remaining graph without node skip, exact up to
 * limit for the nodes settled (at most max_settle of them). */
static void witness(builder *b, int32_t s, int32_t skip, double limit, int max_settle)
{
    if (++b->wgen == 0) {
        memset(b->wstamp, 0, (size_t)b->n * sizeof *b->wstamp);
        b->wgen = 1;
    }
    b->wh_n = 0;
    b->wstamp[s] = b->wgen, b->wd[s] = 0;
    wpush(b, 0, s);
    int settled = 0;
    while (b->wh_n && b->rc == PC_OK) {
        wheap_ent t = wpop(b);
        if (t.d > wdist(b, t.v))
            continue;
        if (t.d > limit || ++settled > max_settle)
            break;
        const dlist *l = &b->out[t.v];
        for (uint32_t i = 0; i < l->n; i++) {
            int32_t w = l->a[i].node;
            double nd = t.d + l->a[i].w;
            if (w == skip || nd >= wdist(b, w) || nd > limit)
                continue;
            b->wstamp[w] = b->wgen, b->wd[w] = nd;
            wpush(b, nd, w);
        }
    }
}

/* Contracts v (add != 0) or only counts the shortcuts it would need. */
static int contract(builder *b, int32_t v, int add, int max_settle)
{
    dlist *in = &b->in[v], *out = &b->out[v];
    int count = 0;
    for (uint32_t i = 0; i < in->n && b->rc == PC_OK; i++) {
        int32_t u = in->a[i].node;
        double wu = in->a[i].w, limit = -1; /* costs may be 0 (zero-length edges) */
        for (uint32_t j = 0; j < out->n; j++)
            if (out->a[j].node != u && wu + out->a[j].w > limit)
                limit = wu + out->a[j].w;
        if (limit < 0) /* no neighbour but u itself */
            continue;
        witness(b, u, v, limit, max_settle);
        for (uint32_t j = 0; j < out->n && b->rc == PC_OK; j++) {
            int32_t w = out->a[j].node;
            double sc = wu + out->a[j].w;
            if (w == u || wdist(b, w) <= sc)
                continue;
            count++;
            if (!add)
                continue;
            int r1 = dlist_put(&b->out[u], w, v, sc), r2 = r1 < 0 ? -1 : dlist_put(&b->in[w], u, v, sc);
            if (r1 < 0 || r2 < 0)
                b->rc = PC_ENOMEM;
        }
    }
    return count;
}

static int32_t priority(builder *b, int32_t v)
{
    int32_t removed = (int32_t)(b->in[v].n + b->out[v].n);
    int32_t added = contract(b, v, 0, SIM_SETTLE);
    return 4 * (added - removed) + 2 * b->cn[v] + b->level[v];
}

/* ---- priority queue (binary heap, stale entries skipped by version) ------- */

static int pq_less(const pq_ent *x, const pq_ent *y)
{
    return x->prio < y->prio || (x->prio == y->prio && x->v < y->v);
}

static void pq_push(builder *b, int32_t prio, int32_t v)
{
    if (!grow((void **)&b->pq, &b->pq_cap, b->pq_n + 1, sizeof *b->pq)) {
        b->rc = PC_ENOMEM;
        return;
    }
    pq_ent e = {prio, v, ++b->ver[v]};
    size_t i = b->pq_n++;
    while (i > 0 && pq_less(&e, &b->pq[(i - 1) / 2])) {
        b->pq[i] = b->pq[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    b->pq[i] = e;
}

static pq_ent pq_pop(builder *b)
{
    pq_ent top = b->pq[0], last = b->pq[--b->pq_n];
    size_t i = 0, n = b->pq_n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && pq_less(&b->pq[c + 1], &b->pq[c]))
            c++;
        if (!pq_less(&b->pq[c], &last))
            break;
        b->pq[i] = b->pq[c];
        i = c;
    }
    if (n > 0)
        b->pq[i] = last;
    return top;
}

/* The top live entry (skipping stale ones), or NULL. */
static const pq_ent *pq_top(builder *b)
{
    while (b->pq_n && (b->done[b->pq[0].v] || b->pq[0].ver != b->ver[b->pq[0].v]))
        pq_pop(b);
    return b->pq_n ? &b->pq[0] : NULL;
}

/* ---- the build ------------------------------------------------------------- */

static void builder_free(builder *b)
{
    for (int32_t v = 0; b->out && b->in && v < b->n; v++)
        free(b->out[v].a), free(b->in[v].a);
    free(b->out), free(b->in), free(b->done), free(b->level), free(b->cn), free(b->ver);
    free(b->wd), free(b->wstamp), free(b->wh), free(b->pq), free(b->nstamp);
}

static pc_rc builder_init(builder *b, const rt_graph *g, int p)
{
    size_t n = g->n_nodes ? (size_t)g->n_nodes : 1;
    b->g = g, b->n = g->n_nodes, b->rc = PC_OK;
    if (!(b->out = calloc(n, sizeof *b->out)) || !(b->in = calloc(n, sizeof *b->in)) ||
        !(b->done = calloc(n, 1)) || !(b->level = calloc(n, sizeof *b->level)) ||
        !(b->cn = calloc(n, sizeof *b->cn)) || !(b->ver = calloc(n, sizeof *b->ver)) ||
        !(b->wd = malloc(n * sizeof *b->wd)) || !(b->wstamp = calloc(n, sizeof *b->wstamp)) ||
        !(b->nstamp = calloc(n, sizeof *b->nstamp)))
        return PC_ENOMEM;
    for (uint32_t a = 0; a < 2 * (uint32_t)g->n_edges; a++) {
        double c = g->cost[p][a];
        int32_t u = g->arc_tail[a], w = g->out_head[a];
        if (!isfinite(c) || u == w)
            continue;
        int32_t via = -1 - (int32_t)a;
        int r1 = dlist_put(&b->out[u], w, via, c), r2 = r1 < 0 ? -1 : dlist_put(&b->in[w], u, via, c);
        if (r1 < 0 || r2 < 0)
            return PC_ENOMEM;
    }
    return PC_OK;
}

/* After v is contracted: drop it from its neighbours, update them. */
static void update_neighbours(builder *b, int32_t v)
{
    if (++b->ngen == 0) {
        memset(b->nstamp, 0, (size_t)b->n * sizeof *b->nstamp);
        b->ngen = 1;
    }
    for (int side = 0; side < 2; side++) {
        const dlist *l = side ? &b->in[v] : &b->out[v];
        for (uint32_t i = 0; i < l->n; i++) {
            int32_t x = l->a[i].node;
            dlist_remove(side ? &b->out[x] : &b->in[x], v);
            if (b->nstamp[x] == b->ngen)
                continue;
            b->nstamp[x] = b->ngen;
            b->cn[x]++;
            if (b->level[x] < b->level[v] + 1)
                b->level[x] = b->level[v] + 1;
        }
    }
    for (int side = 0; side < 2 && b->rc == PC_OK; side++) {
        const dlist *l = side ? &b->in[v] : &b->out[v];
        for (uint32_t i = 0; i < l->n && b->rc == PC_OK; i++) {
            int32_t x = l->a[i].node;
            if (b->nstamp[x] != b->ngen)
                continue; /* already updated through the other list */
            b->nstamp[x] = 0;
            pq_push(b, priority(b, x), x);
        }
    }
}

static void contract_all(builder *b)
{
    for (int32_t v = 0; v < b->n && b->rc == PC_OK; v++)
        pq_push(b, priority(b, v), v);
    const pq_ent *top;
    while (b->rc == PC_OK && (top = pq_top(b)) != NULL) {
        pq_ent e = pq_pop(b);
        int32_t prio = priority(b, e.v);
        const pq_ent *next = pq_top(b);
        if (next && prio > next->prio) { /* no longer the cheapest: back in the queue */
            pq_push(b, prio, e.v);
            continue;
        }
        contract(b, e.v, 1, REAL_SETTLE);
        b->done[e.v] = 1;
        if (b->rc == PC_OK)
            update_neighbours(b, e.v);
    }
}

/* Packs the upward lists kept in the builder into the hierarchy's arrays. */
static pc_rc pack(builder *b, struct rt_ch *ch)
{
    size_t n = (size_t)b->n, n_up = 0, n_down = 0;
    for (size_t v = 0; v < n; v++)
        n_up += b->out[v].n, n_down += b->in[v].n;
    if (!(ch->up_first = malloc((n + 1) * sizeof *ch->up_first)) ||
        !(ch->down_first = malloc((n + 1) * sizeof *ch->down_first)) ||
        !(ch->up = malloc((n_up ? n_up : 1) * sizeof *ch->up)) ||
        !(ch->down = malloc((n_down ? n_down : 1) * sizeof *ch->down)))
        return PC_ENOMEM;
    uint32_t ku = 0, kd = 0;
    for (size_t v = 0; v < n; v++) {
        ch->up_first[v] = ku, ch->down_first[v] = kd;
        if (b->out[v].n)
            memcpy(ch->up + ku, b->out[v].a, b->out[v].n * sizeof *ch->up);
        if (b->in[v].n)
            memcpy(ch->down + kd, b->in[v].a, b->in[v].n * sizeof *ch->down);
        ku += b->out[v].n, kd += b->in[v].n;
    }
    ch->up_first[n] = ku, ch->down_first[n] = kd;
    ch->stats.bytes = sizeof *ch + 2 * (n + 1) * sizeof *ch->up_first + (n_up + n_down) * sizeof *ch->up;
    return PC_OK;
}

void rt_ch_destroy(struct rt_ch *ch)
{
    if (!ch)
        return;
    free(ch->up_first), free(ch->down_first), free(ch->up), free(ch->down);
    free(ch);
}

pc_rc rt_ch_create(const rt_graph *g, int p, struct rt_ch **out)
{
    *out = NULL;
    double t0 = pc_now_s();
    builder b;
    memset(&b, 0, sizeof b);
    struct rt_ch *ch = calloc(1, sizeof *ch);
    pc_rc rc = ch ? builder_init(&b, g, p) : PC_ENOMEM;
    if (rc == PC_OK) {
        for (int32_t v = 0; v < b.n; v++)
            ch->stats.n_nodes += b.out[v].n || b.in[v].n, ch->stats.n_arcs += b.out[v].n;
        contract_all(&b);
        rc = b.rc;
    }
    if (rc == PC_OK)
        rc = pack(&b, ch);
    if (rc == PC_OK) {
        ch->n = g->n_nodes;
        for (uint32_t i = 0; i < ch->up_first[ch->n]; i++)
            ch->stats.n_shortcuts += ch->up[i].via >= 0;
        for (uint32_t i = 0; i < ch->down_first[ch->n]; i++)
            ch->stats.n_shortcuts += ch->down[i].via >= 0;
        ch->stats.build_s = pc_now_s() - t0;
        *out = ch;
        ch = NULL;
    }
    builder_free(&b);
    rt_ch_destroy(ch);
    return rc;
}
