/* incident.c — the dispatch rules over geo_incident's store operations. */
#include "incident.h"

#include <string.h>

#include "geo_incident.h"
#include "pc_arena.h"

static const char *const STATUSES[] = {"available", "dispatched", "en_route", "on_scene", "returning",
                                       "out_of_service"};

static int known_status(const char *s)
{
    for (size_t i = 0; s && i < sizeof STATUSES / sizeof STATUSES[0]; i++)
        if (strcmp(STATUSES[i], s) == 0)
            return 1;
    return 0;
}

int eng_unit_transition_allowed(const char *from, const char *to)
{
    static const char *const allowed[][2] = {
        {"available", "dispatched"}, {"dispatched", "en_route"},     {"en_route", "on_scene"},
        {"on_scene", "returning"},   {"returning", "available"},     {"dispatched", "returning"},
        {"en_route", "returning"},   {"available", "out_of_service"}, {"out_of_service", "available"},
    };
    if (!from || !to)
        return 0;
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (strcmp(allowed[i][0], from) == 0 && strcmp(allowed[i][1], to) == 0)
            return 1;
    return 0;
}

static int known_kind(const char *k)
{
    return !k || strcmp(k, "fire") == 0 || strcmp(k, "explosion") == 0 || strcmp(k, "rescue") == 0 ||
           strcmp(k, "other") == 0;
}

pc_rc eng_incident_open(geo_store *s, const eng_incident_new *in, int64_t actor_id, int64_t *id_out)
{
    *id_out = 0;
    if (!known_kind(in->kind) || !geo_lonlat_valid(in->pos) || (in->address && strlen(in->address) > 500) ||
        (in->note && strlen(in->note) > 2000))
        return PC_EINVAL;
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = geo_incident_insert(s, in->kind, in->building_id, in->address, in->note, in->pos, in->admin_unit_id,
                             actor_id, id_out);
    if (rc == PC_OK)
        rc = geo_incident_event_insert(s, *id_out, "opened", 0, "open", in->address, actor_id);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
    }
    return rc;
}

/* Inside a transaction: the incident must exist and be open. */
static pc_rc require_open(geo_store *s, int64_t incident_id, pc_arena *a)
{
    geo_incident *inc = NULL;
    pc_rc rc = geo_incident_get(s, incident_id, a, &inc);
    if (rc != PC_OK)
        return rc;
    return strcmp(inc->status, "open") == 0 ? PC_OK : PC_ECONFLICT;
}

pc_rc eng_incident_dispatch(geo_store *s, int64_t incident_id, const int64_t *unit_ids, size_t n_units,
                            int64_t actor_id)
{
    if (n_units == 0 || n_units > 50)
        return PC_EINVAL;
    pc_arena *a = pc_arena_create(0);
    if (!a)
        return PC_ENOMEM;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK)
        rc = require_open(s, incident_id, a);
    for (size_t i = 0; rc == PC_OK && i < n_units; i++) {
        rc = geo_unit_transition(s, unit_ids[i], "available", "dispatched", incident_id);
        if (rc == PC_OK)
            rc = geo_incident_event_insert(s, incident_id, "unit_status", unit_ids[i], "dispatched", NULL, actor_id);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    pc_arena_destroy(a);
    return rc;
}

pc_rc eng_unit_set_status(geo_store *s, int64_t unit_id, const char *to, int64_t actor_id)
{
    if (!known_status(to))
        return PC_EINVAL;
    pc_arena *a = pc_arena_create(0);
    if (!a)
        return PC_ENOMEM;
    geo_unit *u = NULL;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK)
        rc = geo_unit_get(s, unit_id, a, &u);
    if (rc == PC_OK && !eng_unit_transition_allowed(u->status, to))
        rc = PC_ECONFLICT;
    /* back to available frees the unit from its incident */
    if (rc == PC_OK)
        rc = geo_unit_transition(s, unit_id, u->status, to, strcmp(to, "available") == 0 ? 0 : -1);
    if (rc == PC_OK && u->incident_id)
        rc = geo_incident_event_insert(s, u->incident_id, "unit_status", unit_id, to, NULL, actor_id);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    pc_arena_destroy(a);
    return rc;
}

pc_rc eng_incident_close(geo_store *s, int64_t incident_id, int64_t actor_id)
{
    pc_arena *a = pc_arena_create(0);
    if (!a)
        return PC_ENOMEM;
    geo_unit *units = NULL;
    size_t n = 0;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK)
        rc = require_open(s, incident_id, a);
    if (rc == PC_OK)
        rc = geo_units_of_incident(s, incident_id, a, &units, &n);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        if (!eng_unit_transition_allowed(units[i].status, "returning"))
            continue; /* already returning */
        rc = geo_unit_transition(s, units[i].id, units[i].status, "returning", -1);
        if (rc == PC_OK)
            rc = geo_incident_event_insert(s, incident_id, "unit_status", units[i].id, "returning", "incident closed",
                                           actor_id);
    }
    if (rc == PC_OK)
        rc = geo_incident_mark_closed(s, incident_id);
    if (rc == PC_OK)
        rc = geo_incident_event_insert(s, incident_id, "closed", 0, "closed", NULL, actor_id);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    pc_arena_destroy(a);
    return rc;
}
