/* http_coverage.h — the what-if scenario of coverage from JSON (the only
 * cJSON user for it), shared by POST /api/v1/coverage/what-if and
 * `pccc coverage --scenario FILE`.
 *
 * {"add_stations": [{"lon", "lat", "kinds": ["engine", ...]}],
 *  "add_units": [{"station_id", "kind"}], "remove_stations": [id, ...],
 *  "add_hydrants": [{"lon", "lat"}], "remove_hydrants": [id, ...],
 *  "add_draft_points": [{"lon", "lat"}]}
 * Every member is optional; arrays hold at most HTTP_COV_MAX_ITEMS. Other
 * members are refused unless listed in extra (the request's options). */
#ifndef HTTP_COVERAGE_H
#define HTTP_COVERAGE_H

#include <stddef.h>

#include "coverage.h"
#include "pc_arena.h"
#include "rt_profile.h"

#define HTTP_COV_MAX_ITEMS 200

/* Parses text (len bytes) into *sc, allocated in a (lives as long as a).
 * Vehicle kinds must be profiles of set. PC_EINVAL with err naming the
 * member on bad input; PC_ENOMEM. */
pc_rc http_cov_scenario_parse(const char *text, size_t len, const rt_profile_set *set, const char *const *extra,
                              pc_arena *a, eng_cov_scenario *sc, char *err, size_t err_len);

#endif
