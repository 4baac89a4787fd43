/* records_add.c — adding record rows to a facility and changing resources
 * (records.h): each kind's validation, the supersedes chain, audit. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "records_int.h"
#include "scope.h"

static int one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int future(const char *s)
{
    char today[11];
    eng_today(today);
    return s && strncmp(s, today, 10) > 0;
}

/* err-formatting checks; each returns from the calling function on failure */
#define NEED(cond, ...)                                                                                            \
    do {                                                                                                           \
        if (!(cond))                                                                                               \
            return eng_fail(err, err_len, PC_EINVAL, __VA_ARGS__);                                                 \
    } while (0)
#define TEXT(field, value, max, req)                                                                               \
    NEED(eng_valid_text((value), (max), (req)), "'%s' %s", field,                                                  \
         (value) ? "must be 1 to " #max " bytes of text without control characters" : "is required")
#define DATE(field, value, req, past)                                                                              \
    do {                                                                                                           \
        NEED((value) || !(req), "'%s' is required", field);                                                        \
        NEED(!(value) || eng_valid_date(value), "'%s' must be a date YYYY-MM-DD", field);                         \
        NEED(!(value) || !(past) || !future(value), "'%s' lies in the future", field);                            \
    } while (0)

static pc_rc check_safety(const geo_safety_rec *r, char *err, size_t err_len)
{
    static const char *const kinds[] = {"construction_permit", "design_approval", "acceptance", NULL};
    NEED(one_of(r->kind, kinds), "'kind' must be construction_permit, design_approval or acceptance");
    TEXT("number", r->number, 64, 0);
    TEXT("issued_by", r->issued_by, 200, 0);
    TEXT("note", r->note, 1000, 0);
    DATE("issued_on", r->issued_on, 1, 1);
    DATE("valid_until", r->valid_until, 0, 0);
    NEED(!r->valid_until || strcmp(r->valid_until, r->issued_on) >= 0, "'valid_until' is before 'issued_on'");
    return PC_OK;
}

static pc_rc check_inspection(geo_store *s, const eng_record *rec, char *err, size_t err_len)
{
    static const char *const results[] = {"pass", "fail", "partial", NULL};
    const geo_inspection_rec *r = &rec->inspection;
    DATE("inspected_on", r->inspected_on, 1, 1);
    TEXT("inspector", r->inspector, 200, 0);
    TEXT("findings", r->findings, 2000, 0);
    NEED(one_of(r->result, results), "'result' must be pass, fail or partial");
    NEED(rec->n_items <= 32, "at most 32 checklist items");
    size_t failed = 0;
    for (size_t i = 0; i < rec->n_items; i++) {
        const eng_check_item *it = &rec->items[i];
        int known = 0;
        pc_rc rc = geo_code_known(s, "condition_kind", it->condition ? it->condition : "", &known);
        if (rc != PC_OK)
            return rc;
        NEED(known, "checklist item %zu: '%.40s' is not a known condition", i + 1, it->condition ? it->condition : "");
        for (size_t j = 0; j < i; j++)
            NEED(strcmp(rec->items[j].condition, it->condition) != 0, "condition '%s' is listed twice", it->condition);
        TEXT("note", it->note, 500, 0);
        failed += !it->ok;
    }
    NEED(!(failed && strcmp(r->result, "pass") == 0), "'result' is pass but %zu condition(s) are not met", failed);
    NEED(!(rec->n_items && !failed && strcmp(r->result, "pass") != 0),
         "'result' is %s but every condition checked is met", r->result);
    return PC_OK;
}

static pc_rc check_violation(geo_store *s, int64_t facility_id, const geo_violation_rec *r, char *err, size_t err_len)
{
    static const char *const statuses[] = {"open", "remedied", "fine_paid", "closed", NULL};
    DATE("found_on", r->found_on, 1, 1);
    TEXT("legal_article", r->legal_article, 200, 1);
    TEXT("description", r->description, 2000, 0);
    NEED(r->fine_vnd <= INT64_C(2000000000), "'fine_vnd' must be from 0 to 2000000000");
    NEED(!r->status || one_of(r->status, statuses), "'status' must be open, remedied, fine_paid or closed");
    if (r->inspection_id > 0) {
        int64_t fid = 0;
        int sup = 0;
        pc_rc rc = geo_record_lookup(s, GEO_REC_INSPECTION, r->inspection_id, &fid, &sup);
        if (rc != PC_OK && rc != PC_ENOTFOUND)
            return rc;
        NEED(rc == PC_OK && fid == facility_id, "'inspection_id' %" PRId64 " is not an inspection of this facility",
             r->inspection_id);
    }
    return PC_OK;
}

static pc_rc check_suspension(const geo_suspension_rec *r, char *err, size_t err_len)
{
    static const char *const kinds[] = {"temporary", "suspension", NULL};
    NEED(one_of(r->kind, kinds), "'kind' must be temporary or suspension");
    TEXT("decision_no", r->decision_no, 64, 0);
    TEXT("reason", r->reason, 1000, 0);
    DATE("start_on", r->start_on, 1, 0);
    DATE("end_on", r->end_on, 0, 0);
    DATE("reinstated_on", r->reinstated_on, 0, 1);
    NEED(!r->end_on || strcmp(r->end_on, r->start_on) >= 0, "'end_on' is before 'start_on'");
    NEED(!r->reinstated_on || strcmp(r->reinstated_on, r->start_on) >= 0, "'reinstated_on' is before 'start_on'");
    return PC_OK;
}

static pc_rc check_fire(const geo_fire_rec *r, char *err, size_t err_len)
{
    static const char *const kinds[] = {"fire", "explosion", NULL};
    NEED(one_of(r->kind, kinds), "'kind' must be fire or explosion");
    NEED(r->occurred_at, "'occurred_at' is required");
    NEED(eng_valid_datetime(r->occurred_at), "'occurred_at' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]");
    NEED(!future(r->occurred_at), "'occurred_at' lies in the future");
    TEXT("cause", r->cause, 500, 0);
    NEED(r->deaths >= 0 && r->deaths <= 10000, "'deaths' must be from 0 to 10000");
    NEED(r->injuries >= 0 && r->injuries <= 10000, "'injuries' must be from 0 to 10000");
    NEED(r->damage_vnd <= INT64_C(10000000000000), "'damage_vnd' must be from 0 to 10^13");
    NEED(!r->has_pos || geo_lonlat_valid(r->pos), "'lat'/'lon' are not a valid position");
    return PC_OK;
}

static pc_rc check_supersedes(geo_store *s, int64_t facility_id, const eng_record *r, char *err, size_t err_len)
{
    if (r->supersedes_id <= 0)
        return PC_OK;
    int64_t fid = 0;
    int sup = 0;
    pc_rc rc = geo_record_lookup(s, r->kind, r->supersedes_id, &fid, &sup);
    if (rc != PC_OK && rc != PC_ENOTFOUND)
        return rc;
    NEED(rc == PC_OK && fid == facility_id, "'supersedes_id' %" PRId64 " is not a %s of this facility",
         r->supersedes_id, geo_record_table(r->kind));
    if (sup)
        return eng_fail(err, err_len, PC_ECONFLICT, "%s %" PRId64 " is already superseded: supersede its newest version",
                        geo_record_table(r->kind), r->supersedes_id);
    return PC_OK;
}

static pc_rc insert(geo_store *s, const eng_principal *who, int64_t fid, int64_t building_id, const eng_record *r,
                    int64_t *id_out)
{
    int64_t actor = who->account_id, sup = r->supersedes_id;
    switch (r->kind) {
    case GEO_REC_SAFETY: return geo_safety_insert(s, fid, &r->safety, sup, actor, id_out);
    case GEO_REC_VIOLATION: return geo_violation_insert(s, fid, &r->violation, sup, actor, id_out);
    case GEO_REC_SUSPENSION: return geo_suspension_insert(s, fid, &r->suspension, sup, actor, id_out);
    case GEO_REC_FIRE: {
        geo_fire_rec f = r->fire;
        if (f.building_id <= 0)
            f.building_id = building_id;
        return geo_fire_insert(s, fid, &f, sup, actor, id_out);
    }
    case GEO_REC_INSPECTION: {
        pc_rc rc = geo_inspection_insert(s, fid, &r->inspection, sup, actor, id_out);
        for (size_t i = 0; rc == PC_OK && i < r->n_items; i++)
            rc = geo_inspection_item_insert(s, *id_out, r->items[i].condition, r->items[i].ok, r->items[i].note);
        return rc;
    }
    default: return PC_EINVAL;
    }
}

static pc_rc validate(geo_store *s, int64_t fid, const eng_record *r, char *err, size_t err_len)
{
    switch (r->kind) {
    case GEO_REC_SAFETY: return check_safety(&r->safety, err, err_len);
    case GEO_REC_INSPECTION: return check_inspection(s, r, err, err_len);
    case GEO_REC_VIOLATION: return check_violation(s, fid, &r->violation, err, err_len);
    case GEO_REC_SUSPENSION: return check_suspension(&r->suspension, err, err_len);
    case GEO_REC_FIRE: return check_fire(&r->fire, err, err_len);
    default: return eng_fail(err, err_len, PC_EINVAL, "unknown record kind");
    }
}

pc_rc eng_record_add_tx(geo_store *s, const eng_principal *who, int64_t facility_id, const eng_record *r, int audit,
                        int64_t *id_out, char *err, size_t err_len)
{
    *id_out = 0;
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers add records");
    pc_arena *a = pc_arena_create(1024);
    if (!a)
        return PC_ENOMEM;
    geo_facility_rec f;
    pc_rc rc = geo_facility_read(s, facility_id, a, &f);
    if (rc == PC_OK)
        rc = eng_scope_check_unit(s, who, f.admin_unit_id);
    if (rc == PC_ENOTFOUND)
        rc = eng_fail(err, err_len, PC_ENOTFOUND, "facility %" PRId64 " not found in your area", facility_id);
    if (rc == PC_OK)
        rc = validate(s, facility_id, r, err, err_len);
    if (rc == PC_OK)
        rc = check_supersedes(s, facility_id, r, err, err_len);
    if (rc == PC_OK)
        rc = insert(s, who, facility_id, f.building_id, r, id_out);
    if (rc == PC_ECONFLICT && err && !*err)
        eng_fail(err, err_len, rc, "the record conflicts with the store (already superseded?)");
    if (rc == PC_OK && audit) {
        char obj[64], detail[64];
        snprintf(obj, sizeof obj, "%s/%" PRId64, geo_record_table(r->kind), *id_out);
        snprintf(detail, sizeof detail, "facility/%" PRId64 "%s", facility_id, r->supersedes_id ? " (correction)" : "");
        rc = eng_audit_append(s, who, "record.add", obj, detail);
    }
    pc_arena_destroy(a);
    if (rc != PC_OK)
        *id_out = 0;
    return rc;
}

pc_rc eng_record_add(geo_store *s, const eng_principal *who, int64_t facility_id, const eng_record *r,
                     int64_t *id_out, char *err, size_t err_len)
{
    *id_out = 0;
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = eng_record_add_tx(s, who, facility_id, r, 1, id_out, err, err_len);
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
    }
    return rc;
}

/* --- resources ----------------------------------------------------------------- */

static pc_rc check_change(geo_resource_kind k, const geo_resource_change *c, char *err, size_t err_len)
{
    static const char *const statuses[] = {"working", "broken", "unknown", NULL};
    int hyd = k == GEO_RES_HYDRANT, ws = k == GEO_RES_WATER_SOURCE, fp = k == GEO_RES_FIRE_POINT,
        sg = k == GEO_RES_SAFETY_GROUP;
    const char *what = geo_resource_name(k);
    NEED(!c->status || hyd, "'status' does not apply to a %s", what);
    NEED(c->flow_lpm < 0 || hyd, "'flow_lpm' does not apply to a %s", what);
    NEED(c->pressure_bar < 0 || hyd, "'pressure_bar' does not apply to a %s", what);
    NEED(!c->last_checked_on || hyd || fp, "'last_checked_on' does not apply to a %s", what);
    NEED(!c->name || !hyd, "'name' does not apply to a %s", what);
    NEED(c->capacity_m3 < 0 || ws, "'capacity_m3' does not apply to a %s", what);
    NEED(!c->equipment || fp || sg, "'equipment' does not apply to a %s", what);
    NEED(c->extinguishers < 0 || fp, "'extinguishers' does not apply to a %s", what);
    NEED(c->hose_m < 0 || fp, "'hose_m' does not apply to a %s", what);
    NEED(!c->leader_name || sg, "'leader_name' does not apply to a %s", what);
    NEED(c->households < 0 || sg, "'households' does not apply to a %s", what);
    NEED(!c->status || one_of(c->status, statuses), "'status' must be working, broken or unknown");
    NEED(c->flow_lpm <= 100000, "'flow_lpm' must be from 0 to 100000");
    NEED(c->pressure_bar <= 100, "'pressure_bar' must be from 0 to 100");
    NEED(c->capacity_m3 <= 1e9, "'capacity_m3' must be from 0 to 10^9");
    NEED(c->extinguishers <= 1000, "'extinguishers' must be from 0 to 1000");
    NEED(c->hose_m <= 2000, "'hose_m' must be from 0 to 2000");
    NEED(c->households <= 10000, "'households' must be from 0 to 10000");
    DATE("last_checked_on", c->last_checked_on, 0, 1);
    TEXT("name", c->name, 200, 0);
    TEXT("equipment", c->equipment, 500, 0);
    TEXT("leader_name", c->leader_name, 200, 0);
    TEXT("note", c->note, 1000, 0);
    return PC_OK;
}

pc_rc eng_resource_update(geo_store *s, const eng_principal *who, geo_resource_kind k, int64_t id,
                          const geo_resource_change *ch, int64_t *change_id, char *err, size_t err_len)
{
    *change_id = 0;
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers change resources");
    pc_rc rc = check_change(k, ch, err, err_len);
    if (rc != PC_OK)
        return rc;
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    int64_t unit = 0;
    rc = geo_resource_unit(s, k, id, &unit);
    if (rc == PC_OK)
        rc = eng_scope_check_unit(s, who, unit);
    if (rc == PC_OK)
        rc = geo_resource_update(s, k, id, ch, who->account_id, change_id);
    if (rc == PC_OK) {
        char obj[48], detail[48];
        snprintf(obj, sizeof obj, "%s/%" PRId64, geo_resource_name(k), id);
        snprintf(detail, sizeof detail, "resource_change/%" PRId64, *change_id);
        rc = eng_audit_append(s, who, "resource.update", obj, detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *change_id = 0;
    }
    return rc;
}

pc_rc eng_resource_history(geo_store *s, const eng_principal *who, geo_resource_kind k, int64_t id, pc_arena *a,
                           geo_table *out)
{
    int64_t unit = 0;
    memset(out, 0, sizeof *out);
    pc_rc rc = geo_resource_unit(s, k, id, &unit);
    if (rc == PC_OK)
        rc = eng_scope_check_unit(s, who, unit);
    if (rc == PC_OK)
        rc = geo_resource_history(s, k, id, a, out);
    return rc;
}
