/* geo_resources.c — hydrants, water sources, fire points and safety groups:
 * current-state rows whose every change is also written to resource_change
 * (the values before and after, as JSON text made by SQLite's json_object),
 * in the same transaction (geo_records.h). */
#include "geo_records_int.h"

#include <string.h>

static const char *const NAMES[] = {"hydrant", "water_source", "fire_point", "safety_group"};

/* Parameters of every UPDATE below: ?1 status, ?2 flow_lpm, ?3 pressure_bar,
 * ?4 last_checked_on, ?5 name, ?6 capacity_m3, ?7 equipment,
 * ?8 extinguishers, ?9 hose_m, ?10 leader_name, ?11 households, ?12 id. */
static const char *const UPDATE_SQL[] = {
    "UPDATE hydrant SET status=coalesce(?1,status), flow_lpm=coalesce(?2,flow_lpm),"
    " pressure_bar=coalesce(?3,pressure_bar), last_checked_on=coalesce(?4,last_checked_on) WHERE id=?12",
    "UPDATE water_source SET name=coalesce(?5,name), capacity_m3=coalesce(?6,capacity_m3) WHERE id=?12",
    "UPDATE fire_point SET name=coalesce(?5,name), equipment=coalesce(?7,equipment),"
    " extinguishers=coalesce(?8,extinguishers), hose_m=coalesce(?9,hose_m),"
    " last_checked_on=coalesce(?4,last_checked_on) WHERE id=?12",
    "UPDATE safety_group SET name=coalesce(?5,name), leader_name=coalesce(?10,leader_name),"
    " households=coalesce(?11,households), equipment=coalesce(?7,equipment) WHERE id=?12",
};

static const char *const SNAPSHOT_SQL[] = {
    "SELECT json_object('status',status,'flow_lpm',flow_lpm,'pressure_bar',pressure_bar,"
    "'last_checked_on',last_checked_on) FROM hydrant WHERE id=?",
    "SELECT json_object('name',name,'kind',kind,'capacity_m3',capacity_m3) FROM water_source WHERE id=?",
    "SELECT json_object('name',name,'equipment',equipment,'extinguishers',extinguishers,'hose_m',hose_m,"
    "'last_checked_on',last_checked_on) FROM fire_point WHERE id=?",
    "SELECT json_object('name',name,'leader_name',leader_name,'households',households,'equipment',equipment)"
    " FROM safety_group WHERE id=?",
};

static const char *const UNIT_SQL[] = {
    "SELECT coalesce(admin_unit_id,0) FROM hydrant WHERE id=?",
    "SELECT coalesce(admin_unit_id,0) FROM water_source WHERE id=?",
    "SELECT coalesce(admin_unit_id,0) FROM fire_point WHERE id=?",
    "SELECT coalesce(admin_unit_id,0) FROM safety_group WHERE id=?",
};

const char *geo_resource_name(geo_resource_kind k)
{
    return (unsigned)k < GEO_RES_KIND_COUNT_ ? NAMES[k] : "";
}

pc_rc geo_resource_parse(const char *name, geo_resource_kind *out)
{
    for (size_t i = 0; name && i < GEO_RES_KIND_COUNT_; i++) {
        if (strcmp(NAMES[i], name) == 0) {
            *out = (geo_resource_kind)i;
            return PC_OK;
        }
    }
    return PC_EINVAL;
}

pc_rc geo_resource_unit(geo_store *s, geo_resource_kind k, int64_t id, int64_t *unit_id)
{
    *unit_id = 0;
    if ((unsigned)k >= GEO_RES_KIND_COUNT_)
        return PC_EINVAL;
    return geo_query_int64(s, UNIT_SQL[k], id, unit_id);
}

/* The row's snapshot as JSON text (in a). */
static pc_rc snapshot(geo_store *s, geo_resource_kind k, int64_t id, pc_arena *a, const char **out)
{
    *out = NULL;
    sqlite3_stmt *st = geo_prep(s, SNAPSHOT_SQL[k]);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = pc_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return PC_ENOTFOUND;
    if (rc != SQLITE_ROW)
        return geo_rc(rc);
    return *out ? PC_OK : PC_ENOMEM;
}

static pc_rc apply(geo_store *s, geo_resource_kind k, int64_t id, const geo_resource_change *ch)
{
    sqlite3_stmt *st = geo_prep(s, UPDATE_SQL[k]);
    if (!st)
        return PC_EIO;
    geo_bind_text_or_null(st, 1, ch->status);
    geo_bind_opt_real(st, 2, ch->flow_lpm);
    geo_bind_opt_real(st, 3, ch->pressure_bar);
    geo_bind_text_or_null(st, 4, ch->last_checked_on);
    geo_bind_text_or_null(st, 5, ch->name);
    geo_bind_opt_real(st, 6, ch->capacity_m3);
    geo_bind_text_or_null(st, 7, ch->equipment);
    geo_bind_opt_int(st, 8, ch->extinguishers);
    geo_bind_opt_real(st, 9, ch->hose_m);
    geo_bind_text_or_null(st, 10, ch->leader_name);
    geo_bind_opt_int(st, 11, ch->households);
    sqlite3_bind_int64(st, 12, id);
    pc_rc rc = geo_step_insert(s, st, NULL);
    sqlite3_finalize(st);
    return rc;
}

pc_rc geo_resource_update(geo_store *s, geo_resource_kind k, int64_t id, const geo_resource_change *ch,
                          int64_t actor_id, int64_t *change_id)
{
    static const char ins[] = "INSERT INTO resource_change(kind,resource_id,before,after,note,changed_by)"
                              " VALUES(?,?,?,?,?,?)";
    const char *before = NULL, *after = NULL;
    sqlite3_stmt *st = NULL;
    *change_id = 0;
    if ((unsigned)k >= GEO_RES_KIND_COUNT_)
        return PC_EINVAL;
    pc_arena *a = pc_arena_create(4096);
    if (!a)
        return PC_ENOMEM;
    pc_rc rc = snapshot(s, k, id, a, &before);
    if (rc == PC_OK)
        rc = apply(s, k, id, ch);
    if (rc == PC_OK)
        rc = snapshot(s, k, id, a, &after);
    if (rc != PC_OK)
        goto cleanup;
    if (!(st = geo_prep(s, ins))) {
        rc = PC_EIO;
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, NAMES[k], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, before, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, after, -1, SQLITE_TRANSIENT);
    geo_bind_text_or_null(st, 5, ch->note);
    geo_bind_id(st, 6, actor_id);
    rc = geo_step_insert(s, st, change_id);
cleanup:
    sqlite3_finalize(st);
    pc_arena_destroy(a);
    return rc;
}

pc_rc geo_resource_history(geo_store *s, geo_resource_kind k, int64_t id, pc_arena *a, geo_table *out)
{
    static const char sql[] = "SELECT c.id, c.kind, c.resource_id, c.before, c.after, c.note, c.changed_by,"
                              " acc.username AS changed_by_name, c.changed_at FROM resource_change c"
                              " LEFT JOIN account acc ON acc.id=c.changed_by"
                              " WHERE c.kind=? AND c.resource_id=? ORDER BY c.id DESC";
    memset(out, 0, sizeof *out);
    if ((unsigned)k >= GEO_RES_KIND_COUNT_)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_prep(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, NAMES[k], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    pc_rc rc = geo_table_read(st, a, "changes", out);
    sqlite3_finalize(st);
    return rc;
}
