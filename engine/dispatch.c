/* dispatch.c — audited, scoped incident and unit changes for the API.
 *
 * Each change is: BEGIN IMMEDIATE, checks (scope, state), the store
 * operations of geo_incident.h, one audit row, COMMIT; any failure rolls
 * the whole thing back. The status rules are incident.c's
 * (eng_unit_transition_allowed). */
#include "dispatch.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "geo_dispatch.h"
#include "scope.h"

#define MAX_UNITS 50

static void say(char *err, size_t err_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && err_len)
        vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

static int known_kind(const char *k)
{
    return !k || strcmp(k, "fire") == 0 || strcmp(k, "explosion") == 0 || strcmp(k, "rescue") == 0 ||
           strcmp(k, "other") == 0;
}

static pc_rc finish(geo_store *s, pc_rc rc)
{
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

pc_rc eng_dispatch_open(geo_store *s, const eng_principal *who, const eng_incident_new *in, int64_t *id_out,
                        char *err, size_t err_len)
{
    int64_t unit = 0;
    *id_out = 0;
    if (!known_kind(in->kind)) {
        say(err, err_len, "kind must be fire, explosion, rescue or other");
        return PC_EINVAL;
    }
    if (!geo_lonlat_valid(in->pos)) {
        say(err, err_len, "the position is not a valid WGS 84 latitude and longitude");
        return PC_EINVAL;
    }
    if ((in->address && strlen(in->address) > 500) || (in->note && strlen(in->note) > 2000)) {
        say(err, err_len, "address is limited to 500 bytes and note to 2000");
        return PC_EINVAL;
    }
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    if (in->building_id > 0) {
        rc = eng_scope_check_building(s, who, in->building_id);
        if (rc == PC_OK)
            rc = geo_building_unit(s, in->building_id, &unit);
        if (rc == PC_ENOTFOUND)
            say(err, err_len, "building %" PRId64 " does not exist in your area", in->building_id);
    } else if (eng_scope_root(who) != 0) {
        rc = PC_EFORBIDDEN;
        say(err, err_len, "an incident without a building can only be opened from a city-wide account");
    }
    if (rc == PC_OK)
        rc = geo_incident_insert(s, in->kind, in->building_id, in->address, in->note, in->pos, unit,
                                 who->account_id, id_out);
    if (rc == PC_OK)
        rc = geo_incident_event_insert(s, *id_out, "opened", 0, "open", in->address, who->account_id);
    if (rc == PC_OK) {
        char obj[48], detail[96];
        snprintf(obj, sizeof obj, "incident/%" PRId64, *id_out);
        snprintf(detail, sizeof detail, "kind=%s building=%" PRId64, in->kind ? in->kind : "fire", in->building_id);
        rc = eng_audit_append(s, who, "incident.open", obj, detail);
    }
    if ((rc = finish(s, rc)) != PC_OK)
        *id_out = 0;
    return rc;
}

pc_rc eng_dispatch_get(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, geo_incident **out)
{
    *out = NULL;
    geo_incident *inc = NULL;
    pc_rc rc = geo_incident_get(s, id, a, &inc);
    if (rc == PC_OK)
        rc = eng_scope_check_unit(s, who, inc->admin_unit_id);
    if (rc == PC_OK)
        *out = inc;
    return rc;
}

pc_rc eng_dispatch_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t cap,
                        pc_arena *a, geo_incident **out, size_t *n_out, int64_t *total)
{
    *out = NULL;
    *n_out = 0;
    *total = 0;
    int64_t root = eng_scope_root(who);
    if (root < 0)
        return PC_OK; /* no area: nothing to see */
    int64_t *ids = pc_arena_calloc(a, cap ? cap : 1, sizeof *ids);
    geo_incident *v = pc_arena_calloc(a, cap ? cap : 1, sizeof *v);
    size_t n = 0;
    if (!ids || !v)
        return PC_ENOMEM;
    pc_rc rc = geo_incident_page_ids(s, status, root, offset, cap, ids, &n, total);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        geo_incident *x = NULL;
        rc = geo_incident_get(s, ids[i], a, &x);
        if (rc == PC_OK)
            v[i] = *x;
    }
    if (rc != PC_OK) {
        *total = 0;
        return rc;
    }
    *out = v;
    *n_out = n;
    return PC_OK;
}

/* Inside the transaction: the incident exists in who's scope and is open. */
static pc_rc open_incident(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, char *err, size_t err_len)
{
    geo_incident *inc = NULL;
    pc_rc rc = eng_dispatch_get(s, who, id, a, &inc);
    if (rc == PC_ENOTFOUND)
        say(err, err_len, "incident %" PRId64 " does not exist in your area", id);
    else if (rc == PC_OK && strcmp(inc->status, "open") != 0) {
        say(err, err_len, "incident %" PRId64 " is closed", id);
        rc = PC_ECONFLICT;
    }
    return rc;
}

/* Why a unit could not move: it is absent, or in another status. */
static void unit_why(geo_store *s, pc_arena *a, int64_t unit_id, pc_rc rc, char *err, size_t err_len)
{
    geo_unit *u = NULL;
    if (rc == PC_ENOTFOUND || geo_unit_get(s, unit_id, a, &u) != PC_OK)
        say(err, err_len, "unit %" PRId64 " does not exist", unit_id);
    else if (rc == PC_ECONFLICT)
        say(err, err_len, "unit %" PRId64 " (%s) is %s, not available", unit_id, u->code, u->status);
}

static int repeated(const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (ids[i] == ids[k])
                return 1;
    return 0;
}

pc_rc eng_dispatch_units(geo_store *s, const eng_principal *who, int64_t incident_id, const int64_t *unit_ids,
                         size_t n_units, char *err, size_t err_len)
{
    if (n_units == 0 || n_units > MAX_UNITS || repeated(unit_ids, n_units)) {
        say(err, err_len, "give 1 to 50 distinct unit ids");
        return PC_EINVAL;
    }
    pc_arena *a = pc_arena_create(0);
    if (!a)
        return PC_ENOMEM;
    char detail[512] = "units=";
    size_t used = strlen(detail), bad = 0;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK)
        rc = open_incident(s, who, incident_id, a, err, err_len);
    for (size_t i = 0; rc == PC_OK && i < n_units; i++) {
        rc = geo_unit_transition(s, unit_ids[i], "available", "dispatched", incident_id);
        if (rc == PC_OK)
            rc = geo_incident_event_insert(s, incident_id, "unit_status", unit_ids[i], "dispatched", NULL,
                                           who->account_id);
        if (rc != PC_OK)
            bad = i + 1;
        else if (used < sizeof detail)
            used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%" PRId64, i ? "," : "", unit_ids[i]);
    }
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "incident/%" PRId64, incident_id);
        rc = eng_audit_append(s, who, "incident.dispatch", obj, detail);
    }
    rc = finish(s, rc);
    if (bad && (rc == PC_ECONFLICT || rc == PC_ENOTFOUND))
        unit_why(s, a, unit_ids[bad - 1], rc, err, err_len);
    pc_arena_destroy(a);
    return rc;
}

/* Inside the transaction: units still out on the incident go returning. */
static pc_rc recall_units(geo_store *s, const eng_principal *who, int64_t incident_id, pc_arena *a)
{
    geo_unit *units = NULL;
    size_t n = 0;
    pc_rc rc = geo_units_of_incident(s, incident_id, a, &units, &n);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        if (!eng_unit_transition_allowed(units[i].status, "returning"))
            continue; /* already returning */
        rc = geo_unit_transition(s, units[i].id, units[i].status, "returning", -1);
        if (rc == PC_OK)
            rc = geo_incident_event_insert(s, incident_id, "unit_status", units[i].id, "returning",
                                           "incident closed", who->account_id);
    }
    return rc;
}

pc_rc eng_dispatch_close(geo_store *s, const eng_principal *who, int64_t incident_id, char *err, size_t err_len)
{
    pc_arena *a = pc_arena_create(0);
    if (!a)
        return PC_ENOMEM;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK)
        rc = open_incident(s, who, incident_id, a, err, err_len);
    if (rc == PC_OK)
        rc = recall_units(s, who, incident_id, a);
    if (rc == PC_OK)
        rc = geo_incident_mark_closed(s, incident_id);
    if (rc == PC_OK)
        rc = geo_incident_event_insert(s, incident_id, "closed", 0, "closed", NULL, who->account_id);
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "incident/%" PRId64, incident_id);
        rc = eng_audit_append(s, who, "incident.close", obj, NULL);
    }
    rc = finish(s, rc);
    pc_arena_destroy(a);
    return rc;
}

pc_rc eng_dispatch_unit_status(geo_store *s, const eng_principal *who, int64_t unit_id, const char *to, char *err,
                               size_t err_len)
{
    if (!eng_unit_status_known(to)) {
        say(err, err_len, "status must be one of available, dispatched, en_route, on_scene, returning, "
                          "out_of_service");
        return PC_EINVAL;
    }
    pc_arena *a = pc_arena_create(0);
    if (!a)
        return PC_ENOMEM;
    geo_unit *u = NULL;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK && (rc = geo_unit_get(s, unit_id, a, &u)) == PC_ENOTFOUND)
        say(err, err_len, "unit %" PRId64 " does not exist", unit_id);
    /* dispatching goes through an incident (eng_dispatch_units) */
    if (rc == PC_OK && (strcmp(to, "dispatched") == 0 || !eng_unit_transition_allowed(u->status, to))) {
        say(err, err_len, "unit %s cannot go from %s to %s%s", u->code, u->status, to,
            strcmp(to, "dispatched") == 0 ? " (dispatch it to an incident instead)" : "");
        rc = PC_ECONFLICT;
    }
    /* back to available frees the unit from its incident */
    if (rc == PC_OK)
        rc = geo_unit_transition(s, unit_id, u->status, to, strcmp(to, "available") == 0 ? 0 : -1);
    if (rc == PC_OK && u->incident_id)
        rc = geo_incident_event_insert(s, u->incident_id, "unit_status", unit_id, to, NULL, who->account_id);
    if (rc == PC_OK) {
        char obj[48], detail[96];
        snprintf(obj, sizeof obj, "unit/%" PRId64, unit_id);
        snprintf(detail, sizeof detail, "%s -> %s", u->status, to);
        rc = eng_audit_append(s, who, "unit.status", obj, detail);
    }
    rc = finish(s, rc);
    pc_arena_destroy(a);
    return rc;
}
