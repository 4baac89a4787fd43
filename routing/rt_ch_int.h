/* rt_ch_int.h — the contraction hierarchy's arrays and its search, for the
 * files of routing/ only.
 *
 * Every arc of the hierarchy (original or shortcut) is stored once, at its
 * lower-ranked end v: up[up_first[v] .. up_first[v+1]) are the arcs
 * v -> node (node ranked higher), down[down_first[v] .. down_first[v+1])
 * the arcs node -> v (node ranked higher). A shortcut a -> b remembers its
 * middle node m (ranked below both), so it unpacks into a -> m (in m's down
 * list) and m -> b (in m's up list); an original arc remembers its graph
 * arc. Between two nodes there is at most one arc per direction. */
#ifndef RT_CH_INT_H
#define RT_CH_INT_H

#include "rt_ch.h"
#include "rt_query_int.h"

typedef struct rt_ch_arc {
    int32_t node; /* the other, higher-ranked end */
    int32_t via;  /* >= 0: middle node of a shortcut; < 0: graph arc -1 - via */
    double w;     /* travel seconds */
} rt_ch_arc;

struct rt_ch {
    int32_t n;
    uint32_t *up_first, *down_first; /* n + 1 each */
    rt_ch_arc *up, *down;
    rt_ch_stats stats;
};

/* Contracts the graph for profile p. Caller owns *out (rt_ch_destroy). */
pc_rc rt_ch_create(const rt_graph *g, int p, struct rt_ch **out);

/* The CH a search in q may use now: built for q's profile, and no closure
 * active at q->now_s touches an edge that profile may use. NULL otherwise. */
const struct rt_ch *rt_ch_for_query(const rt_query *q);

/* Bidirectional upward search with stall-on-demand between the ends, in
 * q's labels (parent[dir][v] holds the previous node, not an arc). *mu
 * starts as the cost of any direct way (INFINITY when none); on return it
 * is the best cost and *meet its meeting node (-1: the direct way). */
pc_rc rt_ch_search(rt_query *q, const struct rt_ch *ch, const rt_end *src, int n_src, const rt_end *dst, int n_dst,
                   double *mu, int32_t *meet);

/* The nodes an upward search from ends e settles (not stalled), with their
 * labels: forward (dir 0, along up arcs) or backward (dir 1, along down
 * arcs), run until its heap is empty, in q's labels of side dir (fresh:
 * call rt_q_restart first). out (optional) gets the settled nodes appended.
 * Any top node of an optimal up-down path is settled with its exact
 * distance by both sides, so meeting two such spaces gives exact costs. */
typedef struct rt_ch_space {
    int32_t *node;
    double *d;
    size_t n, cap;
} rt_ch_space;
pc_rc rt_ch_upward(rt_query *q, const struct rt_ch *ch, int dir, const rt_end *e, int n, rt_ch_space *out);

/* After rt_ch_search met at meet: the graph arcs of the path, in driving
 * order, in q's path buffer (*arcs, *n_arcs valid until the next search),
 * and the root nodes where the path starts and ends. */
pc_rc rt_ch_path(rt_query *q, const struct rt_ch *ch, int32_t meet, const uint32_t **arcs, size_t *n_arcs,
                 int32_t *first, int32_t *last);

#endif
