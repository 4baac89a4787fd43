/* geo_citizen.c — claims, declarations, citizen reports and residents
 * (geo_citizen.h). */
#include "geo_citizen.h"

#include <stdio.h>
#include <string.h>

#include "geo_blob.h"
#include "geo_records_int.h"
#include "geo_scope.h"

/* Runs a one-shot statement with up to 6 bindings already applied by fn. */
static pc_rc run(geo_store *s, sqlite3_stmt *st, int64_t *id_out)
{
    pc_rc rc = geo_step_insert(s, st, id_out);
    sqlite3_finalize(st);
    return rc;
}

static pc_rc read_status(sqlite3_stmt *st, int col, char status[16])
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    snprintf(status, 16, "%s", t ? t : "");
    return PC_OK;
}

/* --- claims ----------------------------------------------------------------- */

pc_rc geo_claim_insert(geo_store *s, int64_t account_id, int64_t building_id, int64_t *id_out)
{
    sqlite3_stmt *st = geo_prep(s, "INSERT INTO house_claim(account_id,building_id) VALUES(?,?)");
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, account_id);
    sqlite3_bind_int64(st, 2, building_id);
    return run(s, st, id_out);
}

pc_rc geo_claim_get(geo_store *s, int64_t id, int64_t *account_id, int64_t *building_id, char status[16])
{
    sqlite3_stmt *st = geo_prep(s, "SELECT account_id,building_id,status FROM house_claim WHERE id=?");
    *account_id = *building_id = 0;
    status[0] = '\0';
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *account_id = sqlite3_column_int64(st, 0);
        *building_id = sqlite3_column_int64(st, 1);
        read_status(st, 2, status);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_claim_review(geo_store *s, int64_t id, const char *to, int64_t reviewer_id, const char *reason)
{
    sqlite3_stmt *st = geo_prep(s, "UPDATE house_claim SET status=?, reviewed_by=?, reason=?,"
                                   " reviewed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=? AND status='pending'");
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
    geo_bind_id(st, 2, reviewer_id);
    geo_bind_text_or_null(st, 3, reason);
    sqlite3_bind_int64(st, 4, id);
    pc_rc rc = geo_step_insert(s, st, NULL);
    if (rc == PC_OK && sqlite3_changes(s->db) == 0)
        rc = PC_ECONFLICT;
    sqlite3_finalize(st);
    return rc;
}

/* Paged list: sql_n counts, sql selects with ?3 limit ?4 offset; ?1 root,
 * ?2 status (NULL: any), ?5 owner. */
static pc_rc paged(geo_store *s, const char *sql_n, const char *sql, int64_t root, int64_t owner, const char *status,
                   int64_t offset, size_t limit, pc_arena *a, const char *name, geo_table *out)
{
    int64_t total = 0;
    memset(out, 0, sizeof *out);
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *st = geo_prep(s, pass ? sql : sql_n);
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, root);
        geo_bind_text_or_null(st, 2, status);
        sqlite3_bind_int64(st, 3, (int64_t)limit);
        sqlite3_bind_int64(st, 4, offset);
        sqlite3_bind_int64(st, 5, owner);
        pc_rc rc = PC_OK;
        if (pass) {
            rc = geo_table_read(st, a, name, out);
        } else {
            int src = sqlite3_step(st);
            total = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            rc = src == SQLITE_ROW ? PC_OK : geo_rc(src);
        }
        sqlite3_finalize(st);
        if (rc != PC_OK)
            return rc;
    }
    out->total = total;
    return PC_OK;
}

#define OWNER_OR_SCOPE(owner_col, unit_col) \
    " ((?5 > 0 AND " owner_col "=?5) OR (?5 = 0 AND " GEO_SCOPE_WHERE(unit_col) ")) AND (?2 IS NULL OR x.status=?2) AND ?3 >= 0 AND ?4 >= 0"

pc_rc geo_claim_list(geo_store *s, int64_t root, int64_t owner_id, const char *status, int64_t offset, size_t limit,
                     pc_arena *a, geo_table *out)
{
    static const char n[] = GEO_SCOPE_CTE "SELECT count(*) FROM house_claim x JOIN building b ON b.id=x.building_id"
                                          " WHERE" OWNER_OR_SCOPE("x.account_id", "b.admin_unit_id");
    static const char q[] = GEO_SCOPE_CTE
        "SELECT x.id, x.account_id, acc.username, x.building_id, b.house_code, b.addr_full AS address,"
        " b.admin_unit_id, x.status, x.reason, x.reviewed_by, x.created_at, x.reviewed_at"
        " FROM house_claim x JOIN building b ON b.id=x.building_id JOIN account acc ON acc.id=x.account_id"
        " WHERE" OWNER_OR_SCOPE("x.account_id", "b.admin_unit_id") " ORDER BY x.id LIMIT ?3 OFFSET ?4";
    return paged(s, n, q, root, owner_id, status, offset, limit, a, "claims", out);
}

/* --- sample house types ---------------------------------------------------------- */

pc_rc geo_house_types(geo_store *s, pc_arena *a, geo_table **out, size_t *n_out)
{
    static const char *const sqls[][2] = {
        {"house_types", "SELECT code, name_vi, name_en, type_code, floors, basements, apartments, rooms,"
                        " ground_floor_use, note FROM house_type_sample ORDER BY code"},
        {"exits", "SELECT sample_code, kind, floor, width_m FROM house_type_sample_exit ORDER BY sample_code, rowid"},
        {"hazards", "SELECT sample_code, hazard_code FROM house_type_sample_hazard ORDER BY sample_code, hazard_code"},
    };
    *out = pc_arena_calloc(a, 3, sizeof **out);
    *n_out = 0;
    if (!*out)
        return PC_ENOMEM;
    for (size_t i = 0; i < 3; i++) {
        sqlite3_stmt *st = geo_prep(s, sqls[i][1]);
        if (!st)
            return PC_EIO;
        pc_rc rc = geo_table_read(st, a, sqls[i][0], &(*out)[i]);
        sqlite3_finalize(st);
        if (rc != PC_OK)
            return rc;
    }
    *n_out = 3;
    return PC_OK;
}

static pc_rc sample_lists(geo_store *s, const char *code, pc_arena *a, geo_declaration_rec *d)
{
    geo_table h, e;
    sqlite3_stmt *st = geo_prep(s, "SELECT hazard_code FROM house_type_sample_hazard WHERE sample_code=?");
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    pc_rc rc = geo_table_read(st, a, "h", &h);
    sqlite3_finalize(st);
    if (rc != PC_OK)
        return rc;
    if (!(st = geo_prep(s, "SELECT kind,floor,coalesce(width_m,-1.0) FROM house_type_sample_exit WHERE sample_code=?")))
        return PC_EIO;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    rc = geo_table_read(st, a, "e", &e);
    sqlite3_finalize(st);
    if (rc != PC_OK)
        return rc;
    d->hazards = pc_arena_calloc(a, h.n_rows + 1, sizeof *d->hazards);
    d->exits = pc_arena_calloc(a, e.n_rows + 1, sizeof *d->exits);
    if (!d->hazards || !d->exits)
        return PC_ENOMEM;
    for (size_t i = 0; i < h.n_rows; i++)
        d->hazards[i] = h.cells[i].s;
    for (size_t i = 0; i < e.n_rows; i++)
        d->exits[i] = (geo_exit_rec){e.cells[i * 3].s, (int)e.cells[i * 3 + 1].i, e.cells[i * 3 + 2].r};
    d->n_hazards = h.n_rows;
    d->n_exits = e.n_rows;
    return PC_OK;
}

pc_rc geo_sample_fill(geo_store *s, const char *code, pc_arena *a, geo_declaration_rec *d)
{
    sqlite3_stmt *st = geo_prep(s, "SELECT type_code,floors,basements,coalesce(apartments,-1),coalesce(rooms,-1),"
                                   "ground_floor_use FROM house_type_sample WHERE code=?");
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    pc_rc out = rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
    if (rc == SQLITE_ROW) {
        const char *g = (const char *)sqlite3_column_text(st, 5);
        d->sample_code = pc_arena_strdup(a, code);
        d->type_code = pc_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
        d->floors = sqlite3_column_int(st, 1);
        d->basements = sqlite3_column_int(st, 2);
        d->apartments = sqlite3_column_int(st, 3);
        d->rooms = sqlite3_column_int(st, 4);
        d->ground_floor_use = g ? pc_arena_strdup(a, g) : NULL;
    }
    sqlite3_finalize(st);
    return out == PC_OK ? sample_lists(s, code, a, d) : out;
}

/* --- declarations -------------------------------------------------------------------- */

static pc_rc declaration_children(geo_store *s, int64_t id, const geo_declaration_rec *d)
{
    pc_rc rc = PC_OK;
    for (size_t i = 0; rc == PC_OK && i < d->n_hazards; i++) {
        sqlite3_stmt *st = geo_prep(s, "INSERT INTO house_declaration_hazard(declaration_id,hazard_code) VALUES(?,?)");
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, d->hazards[i], -1, SQLITE_TRANSIENT);
        rc = run(s, st, NULL);
    }
    for (size_t i = 0; rc == PC_OK && i < d->n_exits; i++) {
        sqlite3_stmt *st =
            geo_prep(s, "INSERT INTO house_declaration_exit(declaration_id,kind,floor,width_m) VALUES(?,?,?,?)");
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, d->exits[i].kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, d->exits[i].floor);
        geo_bind_opt_real(st, 4, d->exits[i].width_m);
        rc = run(s, st, NULL);
    }
    return rc;
}

pc_rc geo_declaration_insert(geo_store *s, const geo_declaration_rec *d, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO house_declaration(account_id,building_id,sample_code,type_code,floors,basements,apartments,"
        "rooms,occupants,vuln_elderly,vuln_children,vuln_disabled,vuln_bedridden,ground_floor_use,supersedes_id)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = geo_prep(s, sql);
    *id_out = 0;
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, d->account_id);
    sqlite3_bind_int64(st, 2, d->building_id);
    geo_bind_text_or_null(st, 3, d->sample_code);
    geo_bind_text_or_null(st, 4, d->type_code);
    sqlite3_bind_int(st, 5, d->floors);
    sqlite3_bind_int(st, 6, d->basements);
    geo_bind_opt_int(st, 7, d->apartments);
    geo_bind_opt_int(st, 8, d->rooms);
    sqlite3_bind_int(st, 9, d->occupants);
    sqlite3_bind_int(st, 10, d->vuln_elderly);
    sqlite3_bind_int(st, 11, d->vuln_children);
    sqlite3_bind_int(st, 12, d->vuln_disabled);
    sqlite3_bind_int(st, 13, d->vuln_bedridden);
    geo_bind_text_or_null(st, 14, d->ground_floor_use);
    geo_bind_id(st, 15, d->supersedes_id);
    pc_rc rc = run(s, st, id_out);
    return rc == PC_OK ? declaration_children(s, *id_out, d) : rc;
}

pc_rc geo_declaration_get(geo_store *s, int64_t id, int64_t *account_id, int64_t *building_id, char status[16])
{
    sqlite3_stmt *st = geo_prep(s, "SELECT account_id,building_id,status FROM house_declaration WHERE id=?");
    *account_id = *building_id = 0;
    status[0] = '\0';
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *account_id = sqlite3_column_int64(st, 0);
        *building_id = sqlite3_column_int64(st, 1);
        read_status(st, 2, status);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_declaration_set_status(geo_store *s, int64_t id, const char *from, const char *to, int64_t reviewer_id,
                                 const char *reason)
{
    sqlite3_stmt *st = geo_prep(s, "UPDATE house_declaration SET status=?1, reviewed_by=coalesce(?2,reviewed_by),"
                                   " reason=coalesce(?3,reason), reviewed_at=CASE WHEN ?2 IS NULL THEN reviewed_at"
                                   " ELSE strftime('%Y-%m-%dT%H:%M:%SZ','now') END WHERE id=?4 AND status=?5");
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
    geo_bind_id(st, 2, reviewer_id);
    geo_bind_text_or_null(st, 3, reason);
    sqlite3_bind_int64(st, 4, id);
    sqlite3_bind_text(st, 5, from, -1, SQLITE_TRANSIENT);
    pc_rc rc = geo_step_insert(s, st, NULL);
    if (rc == PC_OK && sqlite3_changes(s->db) == 0)
        rc = PC_ECONFLICT;
    sqlite3_finalize(st);
    return rc;
}

pc_rc geo_declaration_apply(geo_store *s, int64_t id)
{
    static const char *const steps[] = {
        "UPDATE house_declaration SET building_before=(SELECT json_object('type_code',b.type_code,'floors',b.floors,"
        "'basements',b.basements,'apartments',b.apartments,'rooms',b.rooms,'occupants',b.occupants,"
        "'vuln_elderly',b.vuln_elderly,'vuln_children',b.vuln_children,'vuln_disabled',b.vuln_disabled,"
        "'vuln_bedridden',b.vuln_bedridden,'ground_floor_use',b.ground_floor_use,"
        "'hazards',(SELECT json_group_array(hazard_code) FROM building_hazard WHERE building_id=b.id),"
        "'exits',(SELECT json_group_array(json_object('kind',kind,'floor',floor,'width_m',width_m))"
        " FROM building_exit WHERE building_id=b.id)) FROM building b WHERE b.id=house_declaration.building_id)"
        " WHERE id=?1",
        "UPDATE building SET (type_code,floors,basements,apartments,rooms,occupants,vuln_elderly,vuln_children,"
        "vuln_disabled,vuln_bedridden,ground_floor_use,updated_at)=(SELECT d.type_code,d.floors,d.basements,"
        "d.apartments,d.rooms,d.occupants,d.vuln_elderly,d.vuln_children,d.vuln_disabled,d.vuln_bedridden,"
        "d.ground_floor_use,strftime('%Y-%m-%dT%H:%M:%SZ','now') FROM house_declaration d WHERE d.id=?1)"
        " WHERE id=(SELECT building_id FROM house_declaration WHERE id=?1)",
        "DELETE FROM building_hazard WHERE building_id=(SELECT building_id FROM house_declaration WHERE id=?1)",
        "INSERT INTO building_hazard(building_id,hazard_code) SELECT d.building_id,h.hazard_code"
        " FROM house_declaration_hazard h JOIN house_declaration d ON d.id=h.declaration_id WHERE d.id=?1",
        "DELETE FROM building_exit WHERE building_id=(SELECT building_id FROM house_declaration WHERE id=?1)",
        "INSERT INTO building_exit(building_id,kind,width_m,floor,geom) SELECT d.building_id,e.kind,e.width_m,"
        "e.floor,b.entrance FROM house_declaration_exit e JOIN house_declaration d ON d.id=e.declaration_id"
        " JOIN building b ON b.id=d.building_id WHERE d.id=?1 ORDER BY e.id",
    };
    pc_rc rc = PC_OK;
    for (size_t i = 0; rc == PC_OK && i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = geo_prep(s, steps[i]);
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, id);
        rc = run(s, st, NULL);
    }
    return rc;
}

#define DECL_COLS                                                                                                   \
    "x.id, x.account_id, x.building_id, b.house_code, b.admin_unit_id, x.sample_code, x.type_code, x.floors,"      \
    " x.basements, x.apartments, x.rooms, x.occupants, x.vuln_elderly, x.vuln_children, x.vuln_disabled,"          \
    " x.vuln_bedridden, x.ground_floor_use, x.status, x.reason, x.reviewed_by, x.reviewed_at, x.supersedes_id,"   \
    " x.created_at"

pc_rc geo_declaration_list(geo_store *s, int64_t root, int64_t owner_id, const char *status, int64_t offset,
                           size_t limit, pc_arena *a, geo_table *out)
{
    static const char n[] = GEO_SCOPE_CTE "SELECT count(*) FROM house_declaration x JOIN building b"
                                          " ON b.id=x.building_id WHERE" OWNER_OR_SCOPE("x.account_id", "b.admin_unit_id");
    static const char q[] = GEO_SCOPE_CTE "SELECT " DECL_COLS " FROM house_declaration x JOIN building b"
                                          " ON b.id=x.building_id WHERE" OWNER_OR_SCOPE("x.account_id", "b.admin_unit_id")
                                          " ORDER BY x.id LIMIT ?3 OFFSET ?4";
    return paged(s, n, q, root, owner_id, status, offset, limit, a, "declarations", out);
}

static pc_rc sheet(geo_store *s, int64_t id, const char *const (*sqls)[2], size_t n, pc_arena *a, geo_table **out,
                   size_t *n_out)
{
    *out = pc_arena_calloc(a, n, sizeof **out);
    *n_out = 0;
    if (!*out)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = geo_prep(s, sqls[i][1]);
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, id);
        pc_rc rc = geo_table_read(st, a, sqls[i][0], &(*out)[i]);
        sqlite3_finalize(st);
        if (rc != PC_OK)
            return rc;
        if (i == 0 && (*out)[0].n_rows == 0)
            return PC_ENOTFOUND;
    }
    *n_out = n;
    return PC_OK;
}

pc_rc geo_declaration_sheet(geo_store *s, int64_t id, pc_arena *a, geo_table **out, size_t *n_out)
{
    static const char *const sqls[][2] = {
        {"declaration", "SELECT " DECL_COLS " FROM house_declaration x JOIN building b ON b.id=x.building_id"
                        " WHERE x.id=?"},
        {"hazards", "SELECT hazard_code FROM house_declaration_hazard WHERE declaration_id=? ORDER BY hazard_code"},
        {"exits", "SELECT kind, floor, width_m FROM house_declaration_exit WHERE declaration_id=? ORDER BY id"},
    };
    return sheet(s, id, sqls, 3, a, out, n_out);
}

/* --- citizen reports -------------------------------------------------------------------- */

pc_rc geo_report_insert(geo_store *s, const geo_report_rec *r, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO citizen_report(reporter_id,kind,text,channel,building_id,geom,admin_unit_id) VALUES(?1,?2,?3,?4,"
        "?5,?6,coalesce((SELECT admin_unit_id FROM building WHERE id=?5),(SELECT u.id FROM admin_unit u WHERE"
        " u.id IN (SELECT pkid FROM idx_admin_unit_geom WHERE xmin<=?7 AND xmax>=?7 AND ymin<=?8 AND ymax>=?8)"
        " AND ST_Contains(u.geom, MakePoint(?7,?8,4326)) ORDER BY u.level DESC LIMIT 1)))";
    geo_blob b = {0};
    *id_out = 0;
    pc_rc rc = geo_blob_point(r->pos, &b);
    if (rc != PC_OK)
        return rc;
    sqlite3_stmt *st = geo_prep(s, sql);
    if (!st) {
        geo_blob_free(&b);
        return PC_EIO;
    }
    geo_bind_id(st, 1, r->reporter_id);
    geo_bind_text_or_null(st, 2, r->kind);
    geo_bind_text_or_null(st, 3, r->text);
    geo_bind_text_or_null(st, 4, r->channel ? r->channel : "electronic");
    geo_bind_id(st, 5, r->building_id);
    sqlite3_bind_blob(st, 6, b.data, b.size, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 7, r->pos.lon_deg);
    sqlite3_bind_double(st, 8, r->pos.lat_deg);
    rc = run(s, st, id_out);
    geo_blob_free(&b);
    if (rc != PC_OK)
        return rc;
    if (!(st = geo_prep(s, "INSERT INTO citizen_report_event(report_id,status,actor_id) VALUES(?,'submitted',?)")))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, *id_out);
    geo_bind_id(st, 2, r->reporter_id);
    return run(s, st, NULL);
}

pc_rc geo_report_state(geo_store *s, int64_t id, int64_t *reporter_id, int64_t *unit_id, char status[16])
{
    sqlite3_stmt *st = geo_prep(s, "SELECT coalesce(reporter_id,0),coalesce(admin_unit_id,0),status"
                                   " FROM citizen_report WHERE id=?");
    *reporter_id = *unit_id = 0;
    status[0] = '\0';
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *reporter_id = sqlite3_column_int64(st, 0);
        *unit_id = sqlite3_column_int64(st, 1);
        read_status(st, 2, status);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

pc_rc geo_report_transition(geo_store *s, int64_t id, const char *from, const char *to, int64_t actor_id,
                            const char *note)
{
    sqlite3_stmt *st = geo_prep(s, "UPDATE citizen_report SET status=?1, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
                                   " closed_at=CASE WHEN ?1 IN ('resolved','rejected')"
                                   " THEN strftime('%Y-%m-%dT%H:%M:%SZ','now') END WHERE id=?2 AND status=?3");
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
    pc_rc rc = geo_step_insert(s, st, NULL);
    if (rc == PC_OK && sqlite3_changes(s->db) == 0)
        rc = PC_ECONFLICT;
    sqlite3_finalize(st);
    if (rc != PC_OK)
        return rc;
    if (!(st = geo_prep(s, "INSERT INTO citizen_report_event(report_id,status,note,actor_id) VALUES(?,?,?,?)")))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    geo_bind_text_or_null(st, 3, note);
    geo_bind_id(st, 4, actor_id);
    return run(s, st, NULL);
}

#define REPORT_COLS                                                                                                 \
    "x.id, x.reporter_id, x.kind, x.text, x.status, x.channel, x.building_id, b.house_code, x.admin_unit_id,"      \
    " ST_X(x.geom) AS lon, ST_Y(x.geom) AS lat, x.created_at, x.updated_at, x.closed_at"

pc_rc geo_report_list(geo_store *s, int64_t root, int64_t owner_id, const char *status, int64_t offset, size_t limit,
                      pc_arena *a, geo_table *out)
{
    static const char n[] = GEO_SCOPE_CTE "SELECT count(*) FROM citizen_report x WHERE"
        OWNER_OR_SCOPE("x.reporter_id", "x.admin_unit_id");
    static const char q[] = GEO_SCOPE_CTE "SELECT " REPORT_COLS " FROM citizen_report x LEFT JOIN building b"
        " ON b.id=x.building_id WHERE" OWNER_OR_SCOPE("x.reporter_id", "x.admin_unit_id")
        " ORDER BY x.id LIMIT ?3 OFFSET ?4";
    return paged(s, n, q, root, owner_id, status, offset, limit, a, "reports", out);
}

pc_rc geo_report_sheet(geo_store *s, int64_t id, pc_arena *a, geo_table **out, size_t *n_out)
{
    static const char *const sqls[][2] = {
        {"report", "SELECT " REPORT_COLS " FROM citizen_report x LEFT JOIN building b ON b.id=x.building_id"
                   " WHERE x.id=?"},
        {"events", "SELECT e.id, e.status, e.note, e.at FROM citizen_report_event e WHERE e.report_id=? ORDER BY e.id"},
    };
    return sheet(s, id, sqls, 2, a, out, n_out);
}

pc_rc geo_audit_count_since(geo_store *s, const char *action, const char *ip, const char *since, int64_t *n)
{
    sqlite3_stmt *st = geo_prep(s, "SELECT count(*) FROM audit_log WHERE action=? AND ip=? AND at>=?");
    *n = 0;
    if (!st)
        return PC_EIO;
    sqlite3_bind_text(st, 1, action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ip ? ip : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, since, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PC_OK : geo_rc(rc);
}
