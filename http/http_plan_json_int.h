/* http_plan_json_int.h — GeoJSON helpers shared inside http/. */
#ifndef HTTP_PLAN_JSON_INT_H
#define HTTP_PLAN_JSON_INT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "geo_types.h"
#include "locate.h"
#include "plan.h"

cJSON *http_geo_point(geo_lonlat p);
/* A LineString, or JSON null for fewer than 2 points. */
cJSON *http_geo_line(const geo_lonlat *pts, size_t n);
/* The whole plan document; loc (may be NULL) becomes its "location". */
cJSON *http_plan_to_cjson(const eng_plan *p, const eng_location *loc);
cJSON *http_location_to_cjson(const eng_location *loc);

#endif
