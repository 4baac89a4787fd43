/* fuzz_coords.h — the wrappers the shim_h_*.c files export for fuzz_coords.c
 * (static parsers of http/h_map.c, h_coverage.c, h_plan.c, h_incident.c). */
#ifndef FUZZ_COORDS_H
#define FUZZ_COORDS_H

#include "geo_map.h"
#include "geo_types.h"
#include "http_int.h"

int fz_map_parse_bbox(const char *s, geo_map_bbox *b);
size_t fz_map_n_layers(void);
int fz_map_query(http_req *req, http_resp *resp, size_t layer, geo_map_bbox *bb, size_t *limit, double *span_max_deg,
                 size_t *limit_max);
int fz_cov_qbbox(http_req *req, http_resp *resp, geo_lonlat box[2], int *has);
int fz_cov_qnum(http_req *req, http_resp *resp, const char *name, double min, double max, double *out);
int fz_plan_read_pos(http_req *req, http_resp *resp, geo_lonlat *pos, int *has);
int fz_incident_json_real(cJSON *obj, const char *name, double min, double max, double *out, http_resp *resp);

#endif
