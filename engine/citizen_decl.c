/* citizen_decl.c — house declarations: a citizen declares a house they hold
 * a confirmed claim on, starting from a sample house type; an officer in
 * scope accepts (the declaration is applied to the building) or returns it
 * with a reason (citizen.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "citizen.h"
#include "geo_housecode.h"
#include "geo_query.h"
#include "records_int.h"
#include "scope.h"

#define NEED(cond, ...)                                                                                            \
    do {                                                                                                           \
        if (!(cond))                                                                                               \
            return eng_fail(err, err_len, PC_EINVAL, __VA_ARGS__);                                                 \
    } while (0)

static pc_rc own_building(geo_store *s, const eng_principal *who, const eng_declaration *d, int64_t *bid, char *err,
                          size_t err_len)
{
    *bid = d->building_id;
    if (d->house_code) {
        char code[GEO_HOUSECODE_LEN + 1];
        NEED(geo_housecode_parse(d->house_code, code) == PC_OK, "'house_code' is not a valid house code");
        pc_rc rc = geo_building_id_by_code(s, code, bid);
        if (rc != PC_OK && rc != PC_ENOTFOUND)
            return rc;
    }
    if (*bid <= 0 || eng_scope_check_building(s, who, *bid) != PC_OK)
        return eng_fail(err, err_len, PC_ENOTFOUND, "no such house among the houses you hold a confirmed claim on");
    return PC_OK;
}

static pc_rc check_lists(geo_store *s, const geo_declaration_rec *r, char *err, size_t err_len)
{
    static const char *const kinds[] = {"main_door", "back_door", "stair", "external_stair", "ladder", "roof",
                                        "window"};
    NEED(r->n_hazards <= 16, "at most 16 hazards");
    for (size_t i = 0; i < r->n_hazards; i++) {
        int known = 0;
        pc_rc rc = geo_code_known(s, "hazard_kind", r->hazards[i] ? r->hazards[i] : "", &known);
        if (rc != PC_OK)
            return rc;
        NEED(known, "hazard '%.40s' is not a known hazard", r->hazards[i] ? r->hazards[i] : "");
        for (size_t j = 0; j < i; j++)
            NEED(strcmp(r->hazards[i], r->hazards[j]) != 0, "hazard '%s' is listed twice", r->hazards[i]);
    }
    NEED(r->n_exits >= 1 && r->n_exits <= 32, "declare 1 to 32 exits");
    for (size_t i = 0; i < r->n_exits; i++) {
        int ok = 0;
        for (size_t k = 0; r->exits[i].kind && k < sizeof kinds / sizeof kinds[0]; k++)
            ok |= strcmp(kinds[k], r->exits[i].kind) == 0;
        NEED(ok, "exit %zu: kind must be main_door, back_door, stair, external_stair, ladder, roof or window", i + 1);
        NEED(r->exits[i].floor >= -20 && r->exits[i].floor <= 200, "exit %zu: floor must be from -20 to 200", i + 1);
        NEED(r->exits[i].width_m <= 50, "exit %zu: width_m must be at most 50", i + 1);
    }
    return PC_OK;
}

static pc_rc check_numbers(geo_store *s, const geo_declaration_rec *r, char *err, size_t err_len)
{
    int known = 0;
    pc_rc rc = geo_code_known(s, "building_type", r->type_code ? r->type_code : "", &known);
    if (rc != PC_OK)
        return rc;
    NEED(known, "'type_code' is not a building type (give it, or a 'sample')");
    NEED(r->floors >= 0 && r->floors <= 200, "'floors' must be from 0 to 200 (give it, or a 'sample')");
    NEED(r->basements >= 0 && r->basements <= 20, "'basements' must be from 0 to 20");
    NEED(r->apartments <= 2000, "'apartments' must be at most 2000");
    NEED(r->rooms <= 5000, "'rooms' must be at most 5000");
    NEED(r->occupants >= 0 && r->occupants <= 10000, "'occupants' is required: 0 to 10000");
    NEED(r->vuln_elderly <= r->occupants && r->vuln_children <= r->occupants && r->vuln_disabled <= r->occupants &&
             r->vuln_bedridden <= r->occupants,
         "a count of vulnerable people exceeds 'occupants'");
    NEED(eng_valid_text(r->ground_floor_use, 100, 0), "'ground_floor_use' must be 1 to 100 bytes of text");
    return check_lists(s, r, err, err_len);
}

/* The record: the sample's values, then every field the citizen gave. */
static pc_rc build(geo_store *s, const eng_declaration *d, pc_arena *a, geo_declaration_rec *r, char *err,
                   size_t err_len)
{
    memset(r, 0, sizeof *r);
    r->floors = r->basements = r->apartments = r->rooms = r->occupants = -1;
    if (d->sample) {
        pc_rc rc = geo_sample_fill(s, d->sample, a, r);
        if (rc == PC_ENOTFOUND)
            return eng_fail(err, err_len, PC_EINVAL, "'sample' is not a sample house type");
        if (rc != PC_OK)
            return rc;
    }
#define GIVE(f)                                                                                                    \
    if (d->f >= 0)                                                                                                 \
    r->f = d->f
    GIVE(floors);
    GIVE(basements);
    GIVE(apartments);
    GIVE(rooms);
    GIVE(occupants);
#undef GIVE
    if (r->basements < 0)
        r->basements = 0;
    r->vuln_elderly = d->vuln_elderly > 0 ? d->vuln_elderly : 0;
    r->vuln_children = d->vuln_children > 0 ? d->vuln_children : 0;
    r->vuln_disabled = d->vuln_disabled > 0 ? d->vuln_disabled : 0;
    r->vuln_bedridden = d->vuln_bedridden > 0 ? d->vuln_bedridden : 0;
    if (d->type_code)
        r->type_code = d->type_code;
    if (d->ground_floor_use)
        r->ground_floor_use = d->ground_floor_use;
    if (d->has_hazards) {
        r->hazards = d->hazards;
        r->n_hazards = d->n_hazards;
    }
    if (d->has_exits) {
        r->exits = (geo_exit_rec *)d->exits; /* read only below */
        r->n_exits = d->n_exits;
    }
    return check_numbers(s, r, err, err_len);
}

static pc_rc supersede(geo_store *s, const eng_principal *who, int64_t old, int64_t bid, char *err, size_t err_len)
{
    int64_t acc = 0, obid = 0;
    char status[16];
    pc_rc rc = geo_declaration_get(s, old, &acc, &obid, status);
    if (rc == PC_ENOTFOUND || (rc == PC_OK && (acc != who->account_id || obid != bid)))
        return eng_fail(err, err_len, PC_EINVAL, "'supersedes_id' is not one of your declarations of this house");
    if (rc != PC_OK)
        return rc;
    if (strcmp(status, "submitted") == 0)
        return geo_declaration_set_status(s, old, "submitted", "superseded", 0, NULL);
    if (strcmp(status, "returned") != 0)
        return eng_fail(err, err_len, PC_ECONFLICT, "declaration %" PRId64 " is %s: it cannot be corrected", old,
                        status);
    return PC_OK;
}

pc_rc eng_declaration_submit(geo_store *s, const eng_principal *who, const eng_declaration *d, int64_t *id_out,
                             char *err, size_t err_len)
{
    geo_declaration_rec r;
    int64_t bid = 0;
    *id_out = 0;
    if (!who || who->role != ENG_ROLE_CITIZEN)
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only citizens declare houses");
    pc_arena *a = pc_arena_create(4096);
    if (!a)
        return PC_ENOMEM;
    pc_rc rc = geo_store_begin(s);
    if (rc == PC_OK)
        rc = own_building(s, who, d, &bid, err, err_len);
    if (rc == PC_OK)
        rc = build(s, d, a, &r, err, err_len);
    if (rc == PC_OK && d->supersedes_id > 0)
        rc = supersede(s, who, d->supersedes_id, bid, err, err_len);
    if (rc == PC_OK) {
        r.account_id = who->account_id;
        r.building_id = bid;
        r.supersedes_id = d->supersedes_id;
        rc = geo_declaration_insert(s, &r, id_out);
        if (rc == PC_ECONFLICT)
            eng_fail(err, err_len, rc, "that declaration was already corrected");
    }
    if (rc == PC_OK) {
        char obj[48], detail[48];
        snprintf(obj, sizeof obj, "house_declaration/%" PRId64, *id_out);
        snprintf(detail, sizeof detail, "building/%" PRId64, bid);
        rc = eng_audit_append(s, who, "declaration.submit", obj, detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
    }
    pc_arena_destroy(a);
    return rc;
}

pc_rc eng_declaration_review(geo_store *s, const eng_principal *who, int64_t id, int accept, const char *reason,
                             char *err, size_t err_len)
{
    int64_t acc = 0, bid = 0;
    char status[16];
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers review declarations");
    if (!eng_valid_text(reason, 1000, !accept))
        return eng_fail(err, err_len, PC_EINVAL, "'reason' %s", reason ? "must be 1 to 1000 bytes of text"
                                                                       : "is required to return a declaration");
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = geo_declaration_get(s, id, &acc, &bid, status);
    if (rc == PC_OK)
        rc = eng_scope_check_building(s, who, bid);
    if (rc == PC_OK && strcmp(status, "submitted") != 0)
        rc = eng_fail(err, err_len, PC_ECONFLICT, "the declaration is %s, not awaiting review", status);
    if (rc == PC_OK)
        rc = geo_declaration_set_status(s, id, "submitted", accept ? "accepted" : "returned", who->account_id, reason);
    if (rc == PC_OK && accept)
        rc = geo_declaration_apply(s, id);
    if (rc == PC_OK) {
        char obj[48], detail[48];
        snprintf(obj, sizeof obj, "house_declaration/%" PRId64, id);
        snprintf(detail, sizeof detail, "building/%" PRId64, bid);
        rc = eng_audit_append(s, who, accept ? "declaration.accept" : "declaration.return", obj, detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

pc_rc eng_declaration_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t limit,
                           pc_arena *a, geo_table *out)
{
    int citizen = who->role == ENG_ROLE_CITIZEN;
    memset(out, 0, sizeof *out);
    if (!citizen && !eng_is_officer(who))
        return PC_EFORBIDDEN;
    return geo_declaration_list(s, eng_scope_root(who), citizen ? who->account_id : 0, status, offset, limit, a, out);
}

pc_rc eng_declaration_sheet(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a, geo_table **out,
                            size_t *n_out)
{
    int64_t acc = 0, bid = 0;
    char status[16];
    *out = NULL;
    *n_out = 0;
    pc_rc rc = geo_declaration_get(s, id, &acc, &bid, status);
    if (rc != PC_OK)
        return rc;
    if (who->role == ENG_ROLE_CITIZEN ? acc != who->account_id
                                      : (!eng_is_officer(who) || eng_scope_check_building(s, who, bid) != PC_OK))
        return PC_ENOTFOUND;
    return geo_declaration_sheet(s, id, a, out, n_out);
}
