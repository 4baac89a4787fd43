/* shim_h_plan.c — fuzz_coords's door to the static position parser of
 * http/h_plan.c (lat=&lon= or VN-2000 x=&y=); see shim_h_map.c for how. */
#include "h_plan.c"

#include "fuzz_coords.h"

int fz_plan_read_pos(http_req *req, http_resp *resp, geo_lonlat *pos, int *has)
{
    return read_pos(req, resp, pos, has);
}
