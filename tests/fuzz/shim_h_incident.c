/* shim_h_incident.c — fuzz_coords's door to the static JSON number getter
 * of http/h_incident.c (an incident's lat and lon); see shim_h_map.c. */
#include "h_incident.c"

#include "fuzz_coords.h"

int fz_incident_json_real(cJSON *obj, const char *name, double min, double max, double *out, http_resp *resp)
{
    return json_real(obj, name, min, max, out, resp);
}
