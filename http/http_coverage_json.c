/* http_coverage_json.c — parsing a coverage what-if scenario (see
 * http_coverage.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "http_coverage.h"

static const char *const members[] = {"add_stations", "add_units", "remove_stations", "add_hydrants",
                                      "remove_hydrants", "add_draft_points", NULL};

static int listed(const char *name, const char *const *v)
{
    for (size_t i = 0; v && v[i]; i++)
        if (strcmp(v[i], name) == 0)
            return 1;
    return 0;
}

/* The array member name of o, or NULL when absent; -1 in *bad on a wrong type or size. */
static const cJSON *arr(const cJSON *o, const char *name, size_t *n, int *bad, char *err, size_t err_len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    *n = 0;
    if (!v)
        return NULL;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) > HTTP_COV_MAX_ITEMS) {
        snprintf(err, err_len, "%s must be an array of at most %d items", name, HTTP_COV_MAX_ITEMS);
        *bad = 1;
        return NULL;
    }
    *n = (size_t)cJSON_GetArraySize(v);
    return v;
}

static int get_pos(const cJSON *it, const char *name, size_t i, geo_lonlat *out, char *err, size_t err_len)
{
    const cJSON *lon = cJSON_GetObjectItemCaseSensitive(it, "lon"), *lat = cJSON_GetObjectItemCaseSensitive(it, "lat");
    if (!cJSON_IsNumber(lon) || !cJSON_IsNumber(lat) ||
        !geo_lonlat_valid((geo_lonlat){lon->valuedouble, lat->valuedouble})) {
        snprintf(err, err_len, "%s[%zu] needs lon and lat (WGS 84 degrees)", name, i);
        return -1;
    }
    *out = (geo_lonlat){lon->valuedouble, lat->valuedouble};
    return 0;
}

static int get_id(const cJSON *it, const char *name, size_t i, int64_t *out, char *err, size_t err_len)
{
    if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > 9e15 ||
        it->valuedouble != floor(it->valuedouble)) {
        snprintf(err, err_len, "%s[%zu] must be a positive integer id", name, i);
        return -1;
    }
    *out = (int64_t)it->valuedouble;
    return 0;
}

static int get_kind(const cJSON *k, const rt_profile_set *set, pc_arena *a, const char **out)
{
    if (!cJSON_IsString(k) || rt_profiles_find(set, k->valuestring) < 0 || strcmp(k->valuestring, "foot") == 0)
        return -1;
    *out = pc_arena_strdup(a, k->valuestring);
    return *out ? 0 : -1;
}

static int parse_stations(const cJSON *root, const rt_profile_set *set, pc_arena *a, eng_cov_scenario *sc,
                          char *err, size_t err_len)
{
    int bad = 0;
    size_t n;
    const cJSON *v = arr(root, "add_stations", &n, &bad, err, err_len);
    eng_cov_new_station *st = n ? pc_arena_calloc(a, n, sizeof *st) : NULL;
    if (bad || (n && !st))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const cJSON *it = cJSON_GetArrayItem(v, (int)i), *kinds = cJSON_GetObjectItemCaseSensitive(it, "kinds");
        if (get_pos(it, "add_stations", i, &st[i].pos, err, err_len))
            return -1;
        if (!cJSON_IsArray(kinds) || cJSON_GetArraySize(kinds) < 1 || cJSON_GetArraySize(kinds) > COV_MAX_KINDS) {
            snprintf(err, err_len, "add_stations[%zu].kinds must list 1 to %d vehicle kinds", i, COV_MAX_KINDS);
            return -1;
        }
        for (int k = 0; k < cJSON_GetArraySize(kinds); k++)
            if (get_kind(cJSON_GetArrayItem(kinds, k), set, a, &st[i].kinds[st[i].n_kinds++])) {
                snprintf(err, err_len, "add_stations[%zu].kinds[%d] is not a vehicle kind", i, k);
                return -1;
            }
    }
    sc->add_stations = st, sc->n_add_stations = n;
    v = arr(root, "add_units", &n, &bad, err, err_len);
    eng_cov_new_unit *u = n ? pc_arena_calloc(a, n, sizeof *u) : NULL;
    if (bad || (n && !u))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const cJSON *it = cJSON_GetArrayItem(v, (int)i);
        if (get_id(cJSON_GetObjectItemCaseSensitive(it, "station_id"), "add_units.station_id", i, &u[i].station_id,
                   err, err_len))
            return -1;
        if (get_kind(cJSON_GetObjectItemCaseSensitive(it, "kind"), set, a, &u[i].kind)) {
            snprintf(err, err_len, "add_units[%zu].kind is not a vehicle kind", i);
            return -1;
        }
    }
    sc->add_units = u, sc->n_add_units = n;
    return 0;
}

static int parse_ids(const cJSON *root, const char *name, pc_arena *a, const int64_t **out, size_t *n_out, char *err,
                     size_t err_len)
{
    int bad = 0;
    size_t n;
    const cJSON *v = arr(root, name, &n, &bad, err, err_len);
    int64_t *ids = n ? pc_arena_calloc(a, n, sizeof *ids) : NULL;
    if (bad || (n && !ids))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (get_id(cJSON_GetArrayItem(v, (int)i), name, i, &ids[i], err, err_len))
            return -1;
    *out = ids, *n_out = n;
    return 0;
}

static int parse_points(const cJSON *root, const char *name, pc_arena *a, const geo_lonlat **out, size_t *n_out,
                        char *err, size_t err_len)
{
    int bad = 0;
    size_t n;
    const cJSON *v = arr(root, name, &n, &bad, err, err_len);
    geo_lonlat *p = n ? pc_arena_calloc(a, n, sizeof *p) : NULL;
    if (bad || (n && !p))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (get_pos(cJSON_GetArrayItem(v, (int)i), name, i, &p[i], err, err_len))
            return -1;
    *out = p, *n_out = n;
    return 0;
}

pc_rc http_cov_scenario_parse(const char *text, size_t len, const rt_profile_set *set, const char *const *extra,
                              pc_arena *a, eng_cov_scenario *sc, char *err, size_t err_len)
{
    memset(sc, 0, sizeof *sc);
    if (err_len)
        err[0] = '\0';
    cJSON *root = cJSON_ParseWithLength(text, len);
    pc_rc rc = PC_OK;
    if (!cJSON_IsObject(root)) {
        snprintf(err, err_len, "the scenario must be a JSON object");
        rc = PC_EINVAL;
    }
    for (const cJSON *m = root ? root->child : NULL; rc == PC_OK && m; m = m->next)
        if (!m->string || (!listed(m->string, members) && !listed(m->string, extra))) {
            snprintf(err, err_len, "unknown member \"%s\"", m->string ? m->string : "");
            rc = PC_EINVAL;
        }
    if (rc == PC_OK &&
        (parse_stations(root, set, a, sc, err, err_len) ||
         parse_ids(root, "remove_stations", a, &sc->remove_stations, &sc->n_remove_stations, err, err_len) ||
         parse_ids(root, "remove_hydrants", a, &sc->remove_hydrants, &sc->n_remove_hydrants, err, err_len) ||
         parse_points(root, "add_hydrants", a, &sc->add_hydrants, &sc->n_add_hydrants, err, err_len) ||
         parse_points(root, "add_draft_points", a, &sc->add_draft_points, &sc->n_add_draft_points, err, err_len)))
        rc = err[0] ? PC_EINVAL : PC_ENOMEM;
    cJSON_Delete(root);
    if (rc != PC_OK)
        memset(sc, 0, sizeof *sc);
    return rc;
}
