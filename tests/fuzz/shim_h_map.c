/* shim_h_map.c — fuzz_coords's door to the static bbox parsers of
 * http/h_map.c: the file is included whole (the real code, nothing copied
 * or replaced) and wrappers are exported (fuzz_coords.h). This object
 * defines every global of h_map.c, so the linker never takes h_map.o from
 * libpccc_fuzz.a. */
#include "h_map.c"

#include "fuzz_coords.h"

int fz_map_parse_bbox(const char *s, geo_map_bbox *b) { return parse_bbox(s, b); }

size_t fz_map_n_layers(void) { return sizeof SPECS / sizeof SPECS[0]; }

int fz_map_query(http_req *req, http_resp *resp, size_t layer, geo_map_bbox *bb, size_t *limit, double *span_max_deg,
                 size_t *limit_max)
{
    *span_max_deg = SPECS[layer].span_max_deg, *limit_max = SPECS[layer].limit_max;
    return map_query(req, resp, &SPECS[layer], bb, limit);
}
