/* graph.c — the road graph from the store (see graph.h). */
#include "graph.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "geo_road.h"
#include "pc_log.h"
#include "pc_progress.h"
#include "rt_ch.h"

pc_rc eng_graph_reload_closures(geo_store *s, rt_graph *g, int64_t now_s)
{
    geo_road_closure *cl = NULL;
    size_t n = 0;
    pc_rc rc = geo_road_closure_list(s, now_s, &cl, &n);
    if (rc != PC_OK)
        return rc;
    rt_closure *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = (rt_closure){cl[i].edge_id, cl[i].factor, cl[i].starts_s, cl[i].expires_s};
    rc = v ? rt_graph_set_closures(g, v, n, NULL) : PC_ENOMEM;
    free(v);
    free(cl);
    return rc;
}

pc_rc eng_graph_load(geo_store *s, const rt_profile_set *profiles, int64_t now_s, rt_graph **out, char *err,
                     size_t err_len)
{
    geo_road_net *net = NULL;
    rt_profile_set defaults;
    *out = NULL;
    pc_rc rc = PC_OK;
    if (!profiles) {
        rc = rt_profiles_default(&defaults);
        profiles = &defaults;
        if (rc != PC_OK) {
            snprintf(err, err_len, "built-in vehicle profiles: %s", pc_rc_str(rc));
            return rc;
        }
    }
    rc = geo_road_load(s, &net, err, err_len);
    if (rc == PC_OK)
        rc = rt_graph_build(net, profiles, out, err, err_len);
    geo_road_net_free(net);
    if (rc == PC_OK && (rc = eng_graph_reload_closures(s, *out, now_s)) != PC_OK)
        snprintf(err, err_len, "closures: %s", pc_rc_str(rc));
    if (rc != PC_OK) {
        rt_graph_destroy(*out);
        *out = NULL;
    }
    return rc;
}

struct eng_graph_speedup {
    rt_graph *g;
    pthread_t thread;
    pc_rc rc;
    double build_s;
};

static void *speedup_main(void *arg)
{
    eng_graph_speedup *sp = arg;
    double t0 = pc_now_s();
    sp->rc = rt_graph_ch_build_all(sp->g, 0);
    sp->build_s = pc_now_s() - t0;
    if (sp->rc == PC_OK)
        pc_log(PC_LOG_INFO, "road graph: contraction hierarchies of the motor profiles built in %.2f s", sp->build_s);
    else
        pc_log(PC_LOG_WARN, "road graph: contraction hierarchies not built (%s): exact searches only",
               pc_rc_str(sp->rc));
    return NULL;
}

pc_rc eng_graph_speedup_start(rt_graph *g, eng_graph_speedup **out)
{
    *out = NULL;
    eng_graph_speedup *sp = calloc(1, sizeof *sp);
    if (!sp)
        return PC_ENOMEM;
    sp->g = g;
    if (pthread_create(&sp->thread, NULL, speedup_main, sp) != 0) {
        free(sp);
        return PC_EIO;
    }
    *out = sp;
    return PC_OK;
}

void eng_graph_speedup_join(eng_graph_speedup *sp)
{
    if (!sp)
        return;
    pthread_join(sp->thread, NULL);
    free(sp);
}
