/* http_plan_json.h — the response plan as JSON (GeoJSON geometries, RFC 7946
 * lon/lat order). One serialiser for the API and for `pccc plan`, so both
 * print the same document. */
#ifndef HTTP_PLAN_JSON_H
#define HTTP_PLAN_JSON_H

#include "locate.h"
#include "plan.h"

/* The plan as a JSON text, with how the place was found (loc may be NULL);
 * caller frees with free(). NULL when out of memory. */
char *http_plan_json(const eng_plan *p, const eng_location *loc, int pretty);
/* A location that did not resolve to one place: status and candidates. */
char *http_location_json(const eng_location *loc, int pretty);

#endif
