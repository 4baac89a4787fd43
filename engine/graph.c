/* graph.c — the road graph from the store (see graph.h). */
#include "graph.h"

#include <stdio.h>
#include <stdlib.h>

#include "geo_road.h"

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
