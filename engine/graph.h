/* graph.h — loading the routing graph from the store, with its closures.
 *
 * The one place that composes geo_road (the store) and routing (the graph):
 * `pccc route`, `pccc plan` and `pccc serve` all load through here. */
#ifndef GRAPH_H
#define GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "geo_store.h"
#include "rt_graph.h"
#include "rt_profile.h"

/* Builds the graph of every road in s for the profiles (NULL: the built-in
 * data/osm/vehicles.conf) and applies the closures not yet expired at now_s.
 * Caller owns *out (rt_graph_destroy). err gets one line on failure. */
pc_rc eng_graph_load(geo_store *s, const rt_profile_set *profiles, int64_t now_s, rt_graph **out, char *err,
                     size_t err_len);

/* Re-reads the closures from the store and swaps them into g (queries in
 * flight keep the overlay they started with). */
pc_rc eng_graph_reload_closures(geo_store *s, rt_graph *g, int64_t now_s);

/* Contraction hierarchies of g's motor profiles, built in a background
 * thread so that a server answers at once (exact searches) and gets the
 * speed-up seconds later: rt_ch.h publishes each hierarchy atomically and
 * searches pick it up. g must outlive the builder. */
typedef struct eng_graph_speedup eng_graph_speedup;
pc_rc eng_graph_speedup_start(rt_graph *g, eng_graph_speedup **out);
/* Waits for the build to finish (at most a few seconds on a 2M-building
 * city; the thread logs its outcome) and frees the builder; accepts NULL. */
void eng_graph_speedup_join(eng_graph_speedup *sp);

#endif
