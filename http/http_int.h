/* http_int.h — what the handlers of http/ share: the request context, the
 * route table, JSON and query helpers, problem+json replies, metrics.
 * Not used outside http/.
 *
 * Adding an endpoint is one line in http_routes.c (method, path with {id}
 * parameters, handler, roles allowed at the door, summary) plus its entry
 * in openapi.json; test_openapi fails until both agree. The door (the route's
 * role list) is only the first check: the engine decides scope and
 * ownership on every read and write. */
#ifndef HTTP_INT_H
#define HTTP_INT_H

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "crypt.h"
#include "geo_records.h"
#include "geo_store.h"
#include "http_server.h"
#include "pc_arena.h"
#include "pc_buf.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_PUBLIC 0u /* roles value of a route anyone may call without a token */

typedef struct http_metrics http_metrics;
struct http_route;

typedef struct http_req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    pc_arena *arena;        /* freed when the request completes */
    pc_buf body;            /* request body as received */
    size_t body_seen;       /* bytes received, kept or not */
    int64_t params[HTTP_MAX_PARAMS]; /* the {id} segments of the path, in order */
    size_t n_params;
    geo_store *store;       /* this worker thread's connection */
    struct http_worker *worker; /* this worker thread's state (http_worker.h) */
    const http_config *cfg;
    eng_auth *auth;         /* shared, thread-safe */
    const eng_key *key;     /* personal-data key, may be NULL */
    http_metrics *metrics;
    const struct http_route *route;
    eng_principal who;      /* set by the door on authenticated routes */
    char token[ENG_TOKEN_LEN + 1];
    char ip[64];            /* client address */
    char peer[64];          /* socket peer: the proxy when ip came from X-Forwarded-For, else "" */
    double t_start;         /* monotonic seconds */
    double deadline;        /* t_start + cfg->deadline_s */
} http_req;

typedef struct http_resp {
    unsigned status;
    const char *content_type;
    char *body; /* malloc'ed; freed by the server */
    size_t body_len;
    unsigned retry_after_s; /* > 0: sent as Retry-After */
    const char *allow;      /* sent as Allow with 405 */
    const char *cache_control;    /* NULL: no-store (static files set their own) */
    const char *etag;             /* sent as ETag when set */
    const char *content_encoding; /* e.g. gzip for a precompressed file */
    const char *vary;             /* sent as Vary when set */
    const char *csp;              /* Content-Security-Policy of a console page */
} http_resp;

typedef void (*http_handler)(http_req *req, http_resp *resp);

typedef struct http_route {
    const char *method;
    const char *path;    /* literal segments and {name} segments (positive integers) */
    http_handler handler;
    unsigned roles;      /* ENG_ROLE_BIT mask allowed at the door; HTTP_PUBLIC: no token */
    const char *summary;
} http_route;

extern const http_route http_routes[];
extern const size_t http_n_routes;

/* Matches method and path against the table. Returns the route (params
 * filled) or NULL; *path_known = 1 when some route has this path with
 * another method (405), and allow gets those methods. */
const http_route *http_route_match(const char *method, const char *path, int64_t *params, size_t *n_params,
                                   int *path_known, char *allow, size_t allow_len);

/* --- replies (http_reply.c) ---------------------------------------------- */

/* Serialises json (consumed) as the response body with status. */
void http_reply_json(http_resp *resp, unsigned status, cJSON *json);
/* RFC 9457 problem+json; type is a stable slug ("not-found"), detail free text. */
void http_reply_problem(http_resp *resp, unsigned status, const char *type, const char *title, const char *detail);
/* Maps an engine error to its status and problem type; detail may be NULL. */
void http_reply_rc(http_resp *resp, pc_rc rc, const char *detail);
/* A body-less reply (204). */
void http_reply_empty(http_resp *resp, unsigned status);

/* --- JSON bodies and queries (http_json.c) ------------------------------- */

/* Parses the request body as one JSON object whose members are all in
 * fields (NULL-terminated). On any failure replies 400/415 and returns NULL.
 * Caller owns the result (cJSON_Delete). */
cJSON *http_json_body(http_req *req, http_resp *resp, const char *const *fields);
/* The same checks on bytes already in hand; data[len] must be '\0' (pc_buf keeps one). */
cJSON *http_json_parse(const char *data, size_t len, unsigned depth_max, const char *const *fields, http_resp *resp);

/* Member getters: 0 when fine (absent optional members leave *out as is and
 * *present 0), -1 after replying 400 naming the member. */
int http_json_str(cJSON *obj, const char *name, int required, size_t max_len, const char **out, http_resp *resp);
int http_json_int(cJSON *obj, const char *name, int64_t min, int64_t max, int64_t *out, int *present,
                  http_resp *resp);
int http_json_bool(cJSON *obj, const char *name, int *out, int *present, http_resp *resp);

/* Refuses query parameters outside allowed (NULL-terminated); 0 or -1 after replying 400. */
int http_query_check(http_req *req, http_resp *resp, const char *const *allowed);
/* Reads ?offset=&limit= (defaults 0 and cfg->page_default, limit at most
 * cfg->page_max); 0 or -1 after replying 400. */
int http_page(http_req *req, http_resp *resp, int64_t *offset, size_t *limit);
/* {"items": items, "offset", "limit", "total"} (items consumed). */
cJSON *http_page_json(cJSON *items, int64_t offset, size_t limit, int64_t total);

/* --- auth at the door (http_auth.c) -------------------------------------- */

/* For a non-public route: reads the bearer token, resolves the session and
 * checks the role list. 0 when the request may go on; -1 after replying
 * 401 (no or bad token) or 403 (role not allowed here). */
int http_auth_door(http_req *req, http_resp *resp);

/* --- metrics (http_metrics.c) -------------------------------------------- */

http_metrics *http_metrics_create(size_t n_routes);
void http_metrics_destroy(http_metrics *m);
/* route_index == n_routes for unmatched requests. */
void http_metrics_observe(http_metrics *m, size_t route_index, unsigned status, double seconds);
void http_metrics_conn(http_metrics *m, int delta);
/* Prometheus text format into b. */
void http_metrics_render(http_metrics *m, eng_auth *auth, pc_buf *b);

/* --- the OpenAPI document (embedded from openapi.json) -------------------- */
extern const unsigned char http_openapi_json[];
extern const size_t http_openapi_json_len;

/* --- handlers ------------------------------------------------------------ */
void h_health(http_req *req, http_resp *resp);
void h_version(http_req *req, http_resp *resp);
void h_openapi(http_req *req, http_resp *resp);
void h_metrics(http_req *req, http_resp *resp);
void h_session_create(http_req *req, http_resp *resp);
void h_session_get(http_req *req, http_resp *resp);
void h_session_delete(http_req *req, http_resp *resp);
void h_user_list(http_req *req, http_resp *resp);
void h_user_create(http_req *req, http_resp *resp);
void h_user_get(http_req *req, http_resp *resp);
void h_user_update(http_req *req, http_resp *resp);
void h_admin_unit_list(http_req *req, http_resp *resp);
void h_admin_unit_get(http_req *req, http_resp *resp);
void h_audit_list(http_req *req, http_resp *resp);
/* the response plan and geocoding (h_plan.c) */
void h_plan_get(http_req *req, http_resp *resp);
void h_geocode_get(http_req *req, http_resp *resp);
/* incidents and units (h_incident.c) */
void h_incident_list(http_req *req, http_resp *resp);
void h_incident_create(http_req *req, http_resp *resp);
void h_incident_get(http_req *req, http_resp *resp);
void h_incident_dispatch(http_req *req, http_resp *resp);
void h_incident_close(http_req *req, http_resp *resp);
void h_unit_list(http_req *req, http_resp *resp);
void h_unit_update(http_req *req, http_resp *resp);
/* static console files (h_static.c): 1 when path is outside /api/ and was
 * answered (file, 304, 404 or 405), 0 when the caller should answer. */
int h_static_serve(http_req *req, http_resp *resp);
/* The web root in use: cfg->web_root, $PCCC_WEB_ROOT, or the compiled-in default. */
const char *h_static_root(const http_config *cfg);
/* base-map layers (h_map.c) */
void h_map_extent(http_req *req, http_resp *resp);
void h_map_roads(http_req *req, http_resp *resp);
void h_map_buildings(http_req *req, http_resp *resp);
void h_map_water(http_req *req, http_resp *resp);
void h_map_hydrants(http_req *req, http_resp *resp);
void h_map_stations(http_req *req, http_resp *resp);
void h_map_fire_points(http_req *req, http_resp *resp);
void h_map_draft_points(http_req *req, http_resp *resp);
void h_map_assembly(http_req *req, http_resp *resp);
void h_map_safety_groups(http_req *req, http_resp *resp);
void h_coverage_get(http_req *req, http_resp *resp);      /* h_coverage.c */
void h_coverage_what_if(http_req *req, http_resp *resp);

/* fire-safety records, citizens, reports, imports (h_facility.c, h_records.c, h_citizen.c, h_report.c, h_import.c) */
cJSON *http_table_json(const geo_table *t); /* rows as an array of objects (h_facility.c) */
cJSON *http_tables_json(const geo_table *t, size_t n, int first_as_object); /* {name: rows, ...} */
int http_query_str(http_req *req, http_resp *resp, const char *name, size_t max, const char **out);
int http_query_int(http_req *req, http_resp *resp, const char *name, int64_t min, int64_t max, int64_t *out);
int http_query_bool(http_req *req, http_resp *resp, const char *name, int *out);
int http_json_real(cJSON *obj, const char *name, double min, double max, double *out, int *present, http_resp *resp);
void http_reply_err(http_resp *resp, pc_rc rc, const char *err); /* http_reply_rc with err when not empty */
void h_facility_list(http_req *req, http_resp *resp);
void h_facility_create(http_req *req, http_resp *resp);
void h_facility_get(http_req *req, http_resp *resp);
void h_facility_update(http_req *req, http_resp *resp);
void h_record_safety(http_req *req, http_resp *resp);
void h_record_inspection(http_req *req, http_resp *resp);
void h_record_violation(http_req *req, http_resp *resp);
void h_record_suspension(http_req *req, http_resp *resp);
void h_record_fire(http_req *req, http_resp *resp);
void h_hydrant_update(http_req *req, http_resp *resp);
void h_hydrant_history(http_req *req, http_resp *resp);
void h_water_source_update(http_req *req, http_resp *resp);
void h_water_source_history(http_req *req, http_resp *resp);
void h_fire_point_update(http_req *req, http_resp *resp);
void h_fire_point_history(http_req *req, http_resp *resp);
void h_safety_group_update(http_req *req, http_resp *resp);
void h_safety_group_history(http_req *req, http_resp *resp);
void h_signup(http_req *req, http_resp *resp);
void h_claim_create(http_req *req, http_resp *resp);
void h_claim_list(http_req *req, http_resp *resp);
void h_claim_review(http_req *req, http_resp *resp);
void h_house_types(http_req *req, http_resp *resp);
void h_declaration_create(http_req *req, http_resp *resp);
void h_declaration_list(http_req *req, http_resp *resp);
void h_declaration_get(http_req *req, http_resp *resp);
void h_declaration_review(http_req *req, http_resp *resp);
void h_report_create(http_req *req, http_resp *resp);
void h_report_list(http_req *req, http_resp *resp);
void h_report_get(http_req *req, http_resp *resp);
void h_report_status(http_req *req, http_resp *resp);
void h_residents_list(http_req *req, http_resp *resp);
void h_stats(http_req *req, http_resp *resp);
void h_stats_daily(http_req *req, http_resp *resp);
void h_import(http_req *req, http_resp *resp);

#endif
