/* shim_h_coverage.c — fuzz_coords's door to the static query parsers of
 * http/h_coverage.c (bbox=W,S,E,N and the numeric options); see
 * shim_h_map.c for how. */
#include "h_coverage.c"

#include "fuzz_coords.h"

int fz_cov_qbbox(http_req *req, http_resp *resp, geo_lonlat box[2], int *has) { return qbbox(req, resp, box, has); }

int fz_cov_qnum(http_req *req, http_resp *resp, const char *name, double min, double max, double *out)
{
    return qnum(req, resp, name, min, max, out);
}
