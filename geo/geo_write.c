/* geo_write.c — one prepared INSERT per kind of object (see geo_write.h). */
#include "geo_write.h"

#include <stdlib.h>

#include "geo_blob.h"
#include "geo_store_int.h"
#include "geo_text.h"

#define T(st, i, s) geo_bind_text_or_null(st, i, s)

/* Binds a geometry blob at i (taking the blob: SQLite frees it). */
static pc_rc bind_geom(sqlite3_stmt *st, int i, geo_blob *b, pc_rc made)
{
    if (made != PC_OK)
        return made;
    sqlite3_bind_blob(st, i, b->data, b->size, free);
    b->data = NULL;
    return PC_OK;
}

#define PREPARE(st, s, sql)                                                                                           \
    sqlite3_stmt *st = geo_stmt(s, sql);                                                                              \
    if (!st)                                                                                                          \
    return geo_rc(sqlite3_errcode((s)->db))

pc_rc geo_write_admin_unit(geo_store *s, int64_t id, const char *code, const char *name, int level, int64_t parent_id,
                           int64_t population, const geo_lonlat *ring, size_t n_ring)
{
    static const char sql[] = "INSERT INTO admin_unit(id,code,name,name_folded,level,parent_id,population,geom)"
                              " VALUES(?,?,?,?,?,?,?,?)";
    char folded[512];
    if (geo_text_fold(name, folded, sizeof folded) != PC_OK)
        return PC_EINVAL;
    PREPARE(st, s, sql);
    geo_bind_id(st, 1, id);
    T(st, 2, code);
    T(st, 3, name);
    T(st, 4, folded);
    sqlite3_bind_int(st, 5, level);
    geo_bind_id(st, 6, parent_id);
    geo_bind_opt_int(st, 7, population);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 8, &b, geo_blob_polygon1(ring, n_ring, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_road_node(geo_store *s, int64_t id, geo_lonlat pos)
{
    static const char sql[] = "INSERT INTO road_node(id,geom) VALUES(?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 2, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_road_edge(geo_store *s, const geo_edge_rec *e, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO road_edge(node_from,node_to,class,name,name_folded,width_m,width_source,maxheight_m,"
        "oneway,motor,foot,lanes,length_m,admin_unit_id,geom) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    char folded[512];
    if (e->name && geo_text_fold(e->name, folded, sizeof folded) != PC_OK)
        return PC_EINVAL;
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, e->node_from);
    sqlite3_bind_int64(st, 2, e->node_to);
    T(st, 3, e->cls);
    T(st, 4, e->name);
    T(st, 5, e->name ? folded : NULL);
    sqlite3_bind_double(st, 6, e->width_m);
    T(st, 7, e->width_tagged ? "tagged" : "estimated");
    geo_bind_opt_real(st, 8, e->maxheight_m > 0 ? e->maxheight_m : -1);
    sqlite3_bind_int(st, 9, e->oneway);
    sqlite3_bind_int(st, 10, e->motor);
    sqlite3_bind_int(st, 11, e->foot);
    geo_bind_opt_int(st, 12, e->lanes > 0 ? e->lanes : -1);
    sqlite3_bind_double(st, 13, e->length_m);
    geo_bind_id(st, 14, e->admin_unit_id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 15, &b, geo_blob_linestring(e->pts, e->n_pts, &b));
    return rc == PC_OK ? geo_step_insert(s, st, id_out) : rc;
}

pc_rc geo_write_building(geo_store *s, const geo_building_rec *b, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO building(house_code,admin_unit_id,name,addr_number,addr_ngach,addr_ngo,addr_street,addr_full,"
        "addr_folded,type_code,floors,basements,height_m,footprint_m2,apartments,rooms,occupants,vuln_elderly,"
        "vuln_children,vuln_disabled,vuln_bedridden,ground_floor_use,source,footprint,entrance)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    char folded[1024];
    if (!b->house_code || !b->type_code || (b->addr_full && geo_text_fold(b->addr_full, folded, sizeof folded) != PC_OK))
        return PC_EINVAL;
    PREPARE(st, s, sql);
    T(st, 1, b->house_code);
    geo_bind_id(st, 2, b->admin_unit_id);
    T(st, 3, b->name);
    T(st, 4, b->addr_number);
    T(st, 5, b->addr_ngach);
    T(st, 6, b->addr_ngo);
    T(st, 7, b->addr_street);
    T(st, 8, b->addr_full);
    T(st, 9, b->addr_full ? folded : NULL);
    T(st, 10, b->type_code);
    geo_bind_opt_int(st, 11, b->floors);
    geo_bind_opt_int(st, 12, b->basements);
    geo_bind_opt_real(st, 13, b->height_m);
    geo_bind_opt_real(st, 14, b->footprint_m2);
    geo_bind_opt_int(st, 15, b->apartments);
    geo_bind_opt_int(st, 16, b->rooms);
    geo_bind_opt_int(st, 17, b->occupants);
    geo_bind_opt_int(st, 18, b->vuln_elderly);
    geo_bind_opt_int(st, 19, b->vuln_children);
    geo_bind_opt_int(st, 20, b->vuln_disabled);
    geo_bind_opt_int(st, 21, b->vuln_bedridden);
    T(st, 22, b->ground_floor_use);
    T(st, 23, b->source ? b->source : "manual");
    geo_blob fp = {0}, en = {0};
    pc_rc rc = bind_geom(st, 24, &fp, geo_blob_polygon1(b->ring, b->n_ring, &fp));
    if (rc == PC_OK)
        rc = bind_geom(st, 25, &en, geo_blob_point(b->entrance, &en));
    if (rc != PC_OK) {
        sqlite3_clear_bindings(st); /* frees the first blob */
        return rc;
    }
    return geo_step_insert(s, st, id_out);
}

pc_rc geo_write_building_hazard(geo_store *s, int64_t building_id, const char *hazard_code)
{
    static const char sql[] = "INSERT INTO building_hazard(building_id,hazard_code) VALUES(?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, building_id);
    T(st, 2, hazard_code);
    return geo_step_insert(s, st, NULL);
}

pc_rc geo_write_building_exit(geo_store *s, int64_t building_id, const char *kind, double width_m, int floor,
                              geo_lonlat pos)
{
    static const char sql[] = "INSERT INTO building_exit(building_id,kind,width_m,floor,geom) VALUES(?,?,?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, building_id);
    T(st, 2, kind);
    geo_bind_opt_real(st, 3, width_m);
    sqlite3_bind_int(st, 4, floor);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 5, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_escape_route(geo_store *s, int64_t building_id, const char *name, const char *description,
                             const geo_lonlat *pts, size_t n_pts)
{
    static const char sql[] = "INSERT INTO escape_route(building_id,name,description,geom) VALUES(?,?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, building_id);
    T(st, 2, name);
    T(st, 3, description);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 4, &b, geo_blob_linestring(pts, n_pts, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_station(geo_store *s, const char *code, const char *name, const char *address, const char *phone,
                        int64_t admin_unit_id, geo_lonlat pos, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO station(code,name,address,phone,admin_unit_id,geom) VALUES(?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, code);
    T(st, 2, name);
    T(st, 3, address);
    T(st, 4, phone);
    geo_bind_id(st, 5, admin_unit_id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 6, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, id_out) : rc;
}

pc_rc geo_write_unit(geo_store *s, const geo_unit_rec *u, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO unit(code,station_id,kind,name,width_m,height_m,water_l,ladder_m,crew)"
                              " VALUES(?,?,?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, u->code);
    sqlite3_bind_int64(st, 2, u->station_id);
    T(st, 3, u->kind);
    T(st, 4, u->name);
    sqlite3_bind_double(st, 5, u->width_m);
    sqlite3_bind_double(st, 6, u->height_m);
    geo_bind_opt_int(st, 7, u->water_l);
    geo_bind_opt_real(st, 8, u->ladder_m);
    geo_bind_opt_int(st, 9, u->crew);
    return geo_step_insert(s, st, id_out);
}

pc_rc geo_write_hydrant(geo_store *s, const geo_hydrant_rec *h)
{
    static const char sql[] = "INSERT INTO hydrant(code,kind,status,flow_lpm,pressure_bar,diameter_mm,"
                              "last_checked_on,admin_unit_id,geom) VALUES(?,?,?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, h->code);
    T(st, 2, h->kind ? h->kind : "pillar");
    T(st, 3, h->status ? h->status : "unknown");
    geo_bind_opt_real(st, 4, h->flow_lpm);
    geo_bind_opt_real(st, 5, h->pressure_bar);
    geo_bind_opt_int(st, 6, h->diameter_mm);
    T(st, 7, h->last_checked_on);
    geo_bind_id(st, 8, h->admin_unit_id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 9, &b, geo_blob_point(h->pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_water_source(geo_store *s, const char *name, const char *kind, double capacity_m3,
                             int64_t admin_unit_id, const geo_lonlat *ring, size_t n_ring, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO water_source(name,kind,capacity_m3,admin_unit_id,geom) VALUES(?,?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, name);
    T(st, 2, kind);
    geo_bind_opt_real(st, 3, capacity_m3);
    geo_bind_id(st, 4, admin_unit_id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 5, &b, geo_blob_polygon1(ring, n_ring, &b));
    return rc == PC_OK ? geo_step_insert(s, st, id_out) : rc;
}

pc_rc geo_write_draft_point(geo_store *s, int64_t water_source_id, const char *note, geo_lonlat pos)
{
    static const char sql[] = "INSERT INTO draft_point(water_source_id,note,geom) VALUES(?,?,?)";
    PREPARE(st, s, sql);
    geo_bind_id(st, 1, water_source_id);
    T(st, 2, note);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 3, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_fire_point(geo_store *s, const char *code, const char *name, const char *equipment,
                           int extinguishers, double hose_m, int64_t admin_unit_id, geo_lonlat pos)
{
    static const char sql[] = "INSERT INTO fire_point(code,name,equipment,extinguishers,hose_m,admin_unit_id,geom)"
                              " VALUES(?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, code);
    T(st, 2, name);
    T(st, 3, equipment);
    geo_bind_opt_int(st, 4, extinguishers);
    geo_bind_opt_real(st, 5, hose_m);
    geo_bind_id(st, 6, admin_unit_id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 7, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_safety_group(geo_store *s, const char *code, const char *name, const char *leader_name,
                             int households, const char *equipment, int64_t admin_unit_id, geo_lonlat pos,
                             int64_t *id_out)
{
    static const char sql[] = "INSERT INTO safety_group(code,name,leader_name,households,equipment,admin_unit_id,geom)"
                              " VALUES(?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, code);
    T(st, 2, name);
    T(st, 3, leader_name);
    geo_bind_opt_int(st, 4, households);
    T(st, 5, equipment);
    geo_bind_id(st, 6, admin_unit_id);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 7, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, id_out) : rc;
}

pc_rc geo_write_safety_group_building(geo_store *s, int64_t group_id, int64_t building_id)
{
    static const char sql[] = "INSERT INTO safety_group_building(group_id,building_id) VALUES(?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_int64(st, 2, building_id);
    return geo_step_insert(s, st, NULL);
}

pc_rc geo_write_assembly_area(geo_store *s, const char *name, const char *kind, int capacity,
                              const geo_lonlat *ring, size_t n_ring)
{
    static const char sql[] = "INSERT INTO assembly_area(name,kind,capacity,geom) VALUES(?,?,?,?)";
    PREPARE(st, s, sql);
    T(st, 1, name);
    T(st, 2, kind);
    geo_bind_opt_int(st, 3, capacity);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 4, &b, geo_blob_polygon1(ring, n_ring, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}

pc_rc geo_write_facility(geo_store *s, int64_t building_id, const char *category, const char *name,
                         int64_t admin_unit_id, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO facility(building_id,category_code,name,admin_unit_id) VALUES(?,?,?,?)";
    PREPARE(st, s, sql);
    geo_bind_id(st, 1, building_id);
    T(st, 2, category);
    T(st, 3, name);
    geo_bind_id(st, 4, admin_unit_id);
    return geo_step_insert(s, st, id_out);
}

pc_rc geo_write_safety_record(geo_store *s, int64_t facility_id, const char *kind, const char *number,
                              const char *issued_by, const char *issued_on)
{
    static const char sql[] = "INSERT INTO safety_record(facility_id,kind,number,issued_by,issued_on) VALUES(?,?,?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, facility_id);
    T(st, 2, kind);
    T(st, 3, number);
    T(st, 4, issued_by);
    T(st, 5, issued_on);
    return geo_step_insert(s, st, NULL);
}

pc_rc geo_write_inspection(geo_store *s, int64_t facility_id, const char *date, const char *inspector,
                           const char *result, const char *findings, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO inspection(facility_id,inspected_on,inspector,result,findings)"
                              " VALUES(?,?,?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, facility_id);
    T(st, 2, date);
    T(st, 3, inspector);
    T(st, 4, result);
    T(st, 5, findings);
    return geo_step_insert(s, st, id_out);
}

pc_rc geo_write_inspection_item(geo_store *s, int64_t inspection_id, const char *condition_code, int ok)
{
    static const char sql[] = "INSERT INTO inspection_item(inspection_id,condition_code,ok) VALUES(?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, inspection_id);
    T(st, 2, condition_code);
    sqlite3_bind_int(st, 3, ok ? 1 : 0);
    return geo_step_insert(s, st, NULL);
}

pc_rc geo_write_violation(geo_store *s, int64_t facility_id, int64_t inspection_id, const char *found_on,
                          const char *legal_article, const char *description, int64_t fine_vnd, const char *status)
{
    static const char sql[] = "INSERT INTO violation(facility_id,inspection_id,found_on,legal_article,description,"
                              "fine_vnd,status) VALUES(?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, facility_id);
    geo_bind_id(st, 2, inspection_id);
    T(st, 3, found_on);
    T(st, 4, legal_article);
    T(st, 5, description);
    geo_bind_opt_int(st, 6, fine_vnd);
    T(st, 7, status ? status : "open");
    return geo_step_insert(s, st, NULL);
}

pc_rc geo_write_suspension(geo_store *s, int64_t facility_id, const char *kind, const char *decision_no,
                           const char *reason, const char *start_on, const char *end_on, const char *reinstated_on)
{
    static const char sql[] = "INSERT INTO suspension(facility_id,kind,decision_no,reason,start_on,end_on,"
                              "reinstated_on) VALUES(?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    sqlite3_bind_int64(st, 1, facility_id);
    T(st, 2, kind);
    T(st, 3, decision_no);
    T(st, 4, reason);
    T(st, 5, start_on);
    T(st, 6, end_on);
    T(st, 7, reinstated_on);
    return geo_step_insert(s, st, NULL);
}

pc_rc geo_write_fire_event(geo_store *s, int64_t facility_id, int64_t building_id, const char *kind,
                           const char *occurred_at, const char *cause, int deaths, int injuries, int64_t damage_vnd,
                           geo_lonlat pos)
{
    static const char sql[] = "INSERT INTO fire_event(facility_id,building_id,kind,occurred_at,cause,deaths,"
                              "injuries,damage_vnd,geom) VALUES(?,?,?,?,?,?,?,?,?)";
    PREPARE(st, s, sql);
    geo_bind_id(st, 1, facility_id);
    geo_bind_id(st, 2, building_id);
    T(st, 3, kind);
    T(st, 4, occurred_at);
    T(st, 5, cause);
    sqlite3_bind_int(st, 6, deaths);
    sqlite3_bind_int(st, 7, injuries);
    geo_bind_opt_int(st, 8, damage_vnd);
    geo_blob b = {0};
    pc_rc rc = bind_geom(st, 9, &b, geo_blob_point(pos, &b));
    return rc == PC_OK ? geo_step_insert(s, st, NULL) : rc;
}
