/* coverage_int.h — shared by coverage.c, coverage_run.c and coverage_out.c. */
#ifndef COVERAGE_INT_H
#define COVERAGE_INT_H

#include "coverage.h"
#include "geo_coverage.h"

struct eng_cov_ctx {
    const rt_graph *g;
    int foot;
    size_t n_nodes, n_edges;
    geo_cov_building *bld;
    size_t n_bld;
    int32_t *b_edge;   /* entrance snapped on foot; -1: no walkable road within COV_ENTRANCE_SNAP_M */
    float *b_frac, *b_snap_m;
    int32_t *b_unit;   /* index into adm, -1: none */
    geo_cov_admin *adm;
    size_t n_adm;
    long *adm_parent;  /* index, -1: a root */
    /* the walking network as CSR: for node v, arcs w_first[v] .. w_first[v+1] */
    uint32_t *w_first;
    int32_t *w_head, *w_edge;
    float *w_len;
};

/* A seed of a multi-source walk. */
typedef struct cov_seed {
    int32_t node;
    float d_m;
} cov_seed;

/* Multi-source Dijkstra on walking metres up to limit_m: dist (n_nodes,
 * INFINITY when not reached), and optionally, per node, the seed node it
 * came from (src) and the first edge walked from that seed (mouth, -1 at a
 * seed). */
pc_rc cov_walk(const eng_cov_ctx *c, const cov_seed *seeds, size_t n_seeds, double limit_m, float *dist,
               int32_t *src, int32_t *mouth);

#endif
