/* http_routes.c — the static route table and its matcher.
 *
 * One line per endpoint: method, path ({name} segments are positive integer
 * ids, handed to the handler in req->params), handler, the roles let in at
 * the door (HTTP_PUBLIC: no token), and a summary. openapi.json must list
 * the same (method, path) pairs: test_openapi checks both directions. */
#include <stdio.h>
#include <string.h>

#include "http_int.h"

#define R(role) ENG_ROLE_BIT(ENG_ROLE_##role)
#define ADMIN R(CITY_ADMIN)
#define STAFF ENG_ROLES_STAFF
#define ANYONE_SIGNED_IN ENG_ROLES_ALL
#define OFFICERS (ADMIN | R(DISTRICT_OFFICER) | R(COMMUNE_OFFICER))
#define CITIZENS R(CITIZEN)
#define PLAN_ROLES (R(DISPATCHER) | R(COMMANDER) | R(PLANNER) | ADMIN)
#define INCIDENT_READ (R(DISPATCHER) | R(COMMANDER) | ADMIN)
#define INCIDENT_WRITE (R(DISPATCHER) | ADMIN)

const http_route http_routes[] = {
    {"GET", "/healthz", h_health, HTTP_PUBLIC, "liveness and store check"},
    {"GET", "/api/v1/version", h_version, HTTP_PUBLIC, "program and API version"},
    {"GET", "/api/v1/openapi.json", h_openapi, HTTP_PUBLIC, "this API's OpenAPI 3.1 document"},
    {"GET", "/metrics", h_metrics, ADMIN, "Prometheus metrics"},
    {"POST", "/api/v1/session", h_session_create, HTTP_PUBLIC, "log in: username and password for a token"},
    {"GET", "/api/v1/session", h_session_get, ANYONE_SIGNED_IN, "who am I"},
    {"DELETE", "/api/v1/session", h_session_delete, ANYONE_SIGNED_IN, "log out"},
    {"GET", "/api/v1/users", h_user_list, ADMIN, "accounts in my scope"},
    {"POST", "/api/v1/users", h_user_create, ADMIN, "create an account"},
    {"GET", "/api/v1/users/{id}", h_user_get, ADMIN, "one account"},
    {"PATCH", "/api/v1/users/{id}", h_user_update, ADMIN, "change role, unit, name, phone, password; disable"},
    {"GET", "/api/v1/admin-units", h_admin_unit_list, STAFF, "administrative units in my scope"},
    {"GET", "/api/v1/admin-units/{id}", h_admin_unit_get, STAFF, "one administrative unit"},
    {"GET", "/api/v1/audit", h_audit_list, ADMIN, "the audit log, newest first"},
    {"GET", "/api/v1/plan", h_plan_get, PLAN_ROLES, "the response plan for a house code, address or position"},
    {"GET", "/api/v1/geocode", h_geocode_get, STAFF, "ranked candidates for a house code, address or position"},
    {"GET", "/api/v1/incidents", h_incident_list, INCIDENT_READ, "incidents in my area, newest first"},
    {"POST", "/api/v1/incidents", h_incident_create, INCIDENT_WRITE, "open an incident"},
    {"GET", "/api/v1/incidents/{id}", h_incident_get, INCIDENT_READ, "one incident with its timeline and units"},
    {"POST", "/api/v1/incidents/{id}/dispatch", h_incident_dispatch, INCIDENT_WRITE, "dispatch units (all or none)"},
    {"POST", "/api/v1/incidents/{id}/close", h_incident_close, INCIDENT_WRITE, "close an incident"},
    {"GET", "/api/v1/units", h_unit_list, INCIDENT_READ, "fire units with station and status"},
    {"PATCH", "/api/v1/units/{id}", h_unit_update, INCIDENT_WRITE, "move a unit through its status cycle"},
    {"GET", "/api/v1/map/extent", h_map_extent, ANYONE_SIGNED_IN, "the box around the city's data (first map view)"},
    {"GET", "/api/v1/map/roads", h_map_roads, ANYONE_SIGNED_IN, "base map: roads in a bbox (GeoJSON)"},
    {"GET", "/api/v1/map/buildings", h_map_buildings, ANYONE_SIGNED_IN, "base map: building footprints in a bbox"},
    {"GET", "/api/v1/map/water", h_map_water, ANYONE_SIGNED_IN, "base map: lakes, ponds, rivers in a bbox"},
    {"GET", "/api/v1/map/hydrants", h_map_hydrants, STAFF, "hydrants with status (working/broken/unknown)"},
    {"GET", "/api/v1/map/stations", h_map_stations, STAFF, "fire stations"},
    {"GET", "/api/v1/map/fire-points", h_map_fire_points, ANYONE_SIGNED_IN, "public fire-fighting points"},
    {"GET", "/api/v1/map/draft-points", h_map_draft_points, STAFF, "water draft points"},
    {"GET", "/api/v1/map/assembly-areas", h_map_assembly, ANYONE_SIGNED_IN, "evacuation assembly areas"},
    {"GET", "/api/v1/map/safety-groups", h_map_safety_groups, STAFF, "inter-household fire-safety groups"},
    {"GET", "/api/v1/coverage", h_coverage_get, R(PLANNER) | ADMIN, "coverage gaps by drive time, hose reach, water; per unit"},
    {"POST", "/api/v1/coverage/what-if", h_coverage_what_if, R(PLANNER) | ADMIN, "coverage delta of a scenario (nothing stored)"},
    {"GET", "/api/v1/facilities", h_facility_list, STAFF, "facilities in my area (?category)"},
    {"POST", "/api/v1/facilities", h_facility_create, OFFICERS, "register a facility (version 1)"},
    {"GET", "/api/v1/facilities/{id}", h_facility_get, STAFF, "a facility's record sheet (?history=true: every version and row)"},
    {"PATCH", "/api/v1/facilities/{id}", h_facility_update, OFFICERS, "update a facility as a new version"},
    {"POST", "/api/v1/facilities/{id}/safety-records", h_record_safety, OFFICERS, "add a permit, design approval or acceptance"},
    {"POST", "/api/v1/facilities/{id}/inspections", h_record_inspection, OFFICERS, "add an inspection with its checklist"},
    {"POST", "/api/v1/facilities/{id}/violations", h_record_violation, OFFICERS, "add a violation (legal article, fine)"},
    {"POST", "/api/v1/facilities/{id}/suspensions", h_record_suspension, OFFICERS, "add a suspension or its reinstatement"},
    {"POST", "/api/v1/facilities/{id}/fires", h_record_fire, OFFICERS, "add a fire or explosion"},
    {"PATCH", "/api/v1/hydrants/{id}", h_hydrant_update, OFFICERS, "update a hydrant (status, flow, checked)"},
    {"GET", "/api/v1/hydrants/{id}/history", h_hydrant_history, STAFF, "a hydrant's changes"},
    {"PATCH", "/api/v1/water-sources/{id}", h_water_source_update, OFFICERS, "update a water source"},
    {"GET", "/api/v1/water-sources/{id}/history", h_water_source_history, STAFF, "a water source's changes"},
    {"PATCH", "/api/v1/fire-points/{id}", h_fire_point_update, OFFICERS, "update a public fire point"},
    {"GET", "/api/v1/fire-points/{id}/history", h_fire_point_history, STAFF, "a fire point's changes"},
    {"PATCH", "/api/v1/safety-groups/{id}", h_safety_group_update, OFFICERS, "update a safety group"},
    {"GET", "/api/v1/safety-groups/{id}/history", h_safety_group_history, STAFF, "a safety group's changes"},
    {"POST", "/api/v1/signup", h_signup, HTTP_PUBLIC, "citizen sign-up"},
    {"POST", "/api/v1/claims", h_claim_create, CITIZENS, "claim a house by its house code"},
    {"GET", "/api/v1/claims", h_claim_list, CITIZENS | OFFICERS, "my claims, or claims in my area"},
    {"POST", "/api/v1/claims/{id}/review", h_claim_review, OFFICERS, "confirm or refuse a claim"},
    {"GET", "/api/v1/house-types", h_house_types, ANYONE_SIGNED_IN, "sample house types for declarations"},
    {"POST", "/api/v1/declarations", h_declaration_create, CITIZENS, "declare my house (from a sample type)"},
    {"GET", "/api/v1/declarations", h_declaration_list, CITIZENS | OFFICERS, "my declarations, or those in my area"},
    {"GET", "/api/v1/declarations/{id}", h_declaration_get, CITIZENS | OFFICERS, "one declaration"},
    {"POST", "/api/v1/declarations/{id}/review", h_declaration_review, OFFICERS, "accept or return a declaration"},
    {"POST", "/api/v1/reports", h_report_create, CITIZENS | OFFICERS, "report a hazard or an incident"},
    {"GET", "/api/v1/reports", h_report_list, CITIZENS | OFFICERS, "my reports, or reports in my area"},
    {"GET", "/api/v1/reports/{id}", h_report_get, CITIZENS | OFFICERS, "one report with its time-stamped steps"},
    {"POST", "/api/v1/reports/{id}/status", h_report_status, OFFICERS, "move a report to its next status"},
    {"GET", "/api/v1/buildings/{id}/residents", h_residents_list, OFFICERS, "residents with ID numbers (audited)"},
    {"GET", "/api/v1/stats", h_stats, STAFF, "report by area, category and period (JSON or CSV)"},
    {"GET", "/api/v1/stats/daily", h_stats_daily, STAFF, "the daily summary by area (JSON or CSV)"},
    {"POST", "/api/v1/imports", h_import, OFFICERS, "CSV bulk import of records: dry run or all-or-nothing commit"},
};
const size_t http_n_routes = sizeof http_routes / sizeof http_routes[0];

/* Parses a positive decimal id of at most 18 digits spanning [s, end). */
static int parse_id(const char *s, const char *end, int64_t *out)
{
    int64_t v = 0;
    if (end == s || end - s > 18 || *s == '0')
        return -1;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

/* Does path fit pattern? Fills params from {name} segments. */
static int path_fits(const char *pattern, const char *path, int64_t *params, size_t *n_params)
{
    const char *a = pattern, *b = path;
    *n_params = 0;
    while (*a && *b) {
        if (*a != '/' || *b != '/')
            return 0;
        a++, b++;
        const char *ae = strchr(a, '/'), *be = strchr(b, '/');
        if (!ae)
            ae = a + strlen(a);
        if (!be)
            be = b + strlen(b);
        if (*a == '{') {
            if (*n_params >= HTTP_MAX_PARAMS || parse_id(b, be, &params[*n_params]) != 0)
                return 0;
            (*n_params)++;
        } else if (ae - a != be - b || memcmp(a, b, (size_t)(ae - a)) != 0) {
            return 0;
        }
        a = ae, b = be;
    }
    return !*a && !*b;
}

const http_route *http_route_match(const char *method, const char *path, int64_t *params, size_t *n_params,
                                   int *path_known, char *allow, size_t allow_len)
{
    const http_route *found = NULL;
    size_t used = 0;
    int64_t tmp[HTTP_MAX_PARAMS];
    size_t n_tmp = 0;
    *path_known = 0;
    *n_params = 0;
    if (allow_len)
        allow[0] = '\0';
    for (size_t i = 0; i < http_n_routes; i++) {
        if (!path_fits(http_routes[i].path, path, tmp, &n_tmp))
            continue;
        *path_known = 1;
        if (allow_len > used)
            used += (size_t)snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", http_routes[i].method);
        if (!found && strcmp(http_routes[i].method, method) == 0) {
            found = &http_routes[i];
            memcpy(params, tmp, sizeof tmp[0] * n_tmp);
            *n_params = n_tmp;
        }
    }
    return found;
}
