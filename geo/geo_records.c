/* geo_records.c — facilities, record rows and the generic result table
 * (geo_records.h). Every statement is prepared and bound. The statements an
 * import runs for every row (record inserts, facility and record lookups,
 * savepoints) come from the store's cache and are reset, never held across
 * another geo_stmt call; the rest are prepared fresh (geo_records_int.h). */
#include "geo_records_int.h"

#include <stdlib.h>
#include <string.h>

#include "geo_blob.h"
#include "geo_scope.h"
#include "pc_log.h"

sqlite3_stmt *geo_prep(geo_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        pc_log(PC_LOG_ERROR, "prepare failed: %s", sqlite3_errmsg(s->db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

pc_rc geo_query_int64(geo_store *s, const char *sql, int64_t a, int64_t *out)
{
    *out = 0;
    sqlite3_stmt *st = geo_prep(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, a);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

/* Copies the current row of st into cells. */
static pc_rc read_row(sqlite3_stmt *st, pc_arena *a, geo_cell *cells, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        geo_cell *x = &cells[c];
        memset(x, 0, sizeof *x);
        switch (sqlite3_column_type(st, (int)c)) {
        case SQLITE_INTEGER:
            x->type = GEO_CELL_INT;
            x->i = sqlite3_column_int64(st, (int)c);
            break;
        case SQLITE_FLOAT:
            x->type = GEO_CELL_REAL;
            x->r = sqlite3_column_double(st, (int)c);
            break;
        case SQLITE_TEXT:
            x->type = GEO_CELL_TEXT;
            if (!(x->s = pc_arena_strdup(a, (const char *)sqlite3_column_text(st, (int)c))))
                return PC_ENOMEM;
            break;
        default: /* NULL; blobs never leave geo/ through tables */
            x->type = GEO_CELL_NULL;
            break;
        }
    }
    return PC_OK;
}

pc_rc geo_table_read(sqlite3_stmt *st, pc_arena *a, const char *name, geo_table *out)
{
    memset(out, 0, sizeof *out);
    out->name = name;
    out->n_cols = (size_t)sqlite3_column_count(st);
    out->cols = pc_arena_calloc(a, out->n_cols ? out->n_cols : 1, sizeof *out->cols);
    if (!out->cols)
        return PC_ENOMEM;
    for (size_t c = 0; c < out->n_cols; c++)
        if (!(out->cols[c] = pc_arena_strdup(a, sqlite3_column_name(st, (int)c))))
            return PC_ENOMEM;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n_rows == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            geo_cell *n = pc_arena_alloc(a, ncap * out->n_cols * sizeof *n + 1);
            if (!n)
                return PC_ENOMEM;
            if (cap)
                memcpy(n, out->cells, cap * out->n_cols * sizeof *n);
            out->cells = n;
            cap = ncap;
        }
        pc_rc prc = read_row(st, a, out->cells + out->n_rows * out->n_cols, out->n_cols);
        if (prc != PC_OK)
            return prc;
        out->n_rows++;
    }
    out->total = (int64_t)out->n_rows;
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

const geo_cell *geo_table_cell(const geo_table *t, size_t row, const char *col)
{
    if (!t || row >= t->n_rows)
        return NULL;
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->cols[c], col) == 0)
            return &t->cells[row * t->n_cols + c];
    return NULL;
}

/* --- facilities ------------------------------------------------------------ */

static pc_rc insert_version(geo_store *s, int64_t id, int version, const geo_facility_rec *f, int64_t actor_id)
{
    static const char sql[] = "INSERT INTO facility_version(facility_id,version,building_id,category_code,name,"
                              "operator_name,admin_unit_id,note,created_by) VALUES(?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = geo_prep(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, version);
    geo_bind_id(st, 3, f->building_id);
    geo_bind_text_or_null(st, 4, f->category);
    geo_bind_text_or_null(st, 5, f->name);
    geo_bind_text_or_null(st, 6, f->operator_name);
    geo_bind_id(st, 7, f->admin_unit_id);
    geo_bind_text_or_null(st, 8, f->note);
    geo_bind_id(st, 9, actor_id);
    pc_rc rc = geo_step_insert(s, st, NULL);
    sqlite3_finalize(st);
    return rc;
}

pc_rc geo_facility_insert(geo_store *s, const geo_facility_rec *f, int64_t actor_id, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO facility(building_id,category_code,name,operator_name,admin_unit_id) VALUES(?,?,?,?,?)";
    *id_out = 0;
    sqlite3_stmt *st = geo_prep(s, sql);
    if (!st)
        return PC_EIO;
    geo_bind_id(st, 1, f->building_id);
    geo_bind_text_or_null(st, 2, f->category);
    geo_bind_text_or_null(st, 3, f->name);
    geo_bind_text_or_null(st, 4, f->operator_name);
    geo_bind_id(st, 5, f->admin_unit_id);
    pc_rc rc = geo_step_insert(s, st, id_out);
    sqlite3_finalize(st);
    if (rc == PC_OK)
        rc = insert_version(s, *id_out, 1, f, actor_id);
    return rc;
}

pc_rc geo_facility_new_version(geo_store *s, int64_t id, const geo_facility_rec *f, int64_t actor_id,
                               int *version_out)
{
    static const char upd[] = "UPDATE facility SET building_id=?,category_code=?,name=?,operator_name=?,"
                              "admin_unit_id=? WHERE id=?";
    int64_t v = 0;
    *version_out = 0;
    pc_rc rc = geo_query_int64(s, "SELECT coalesce(max(version),0) FROM facility_version WHERE facility_id=?", id, &v);
    if (rc != PC_OK)
        return rc;
    if (v == 0) {
        /* written by a bulk writer (demo, importer) without versions: keep
         * the values it had as version 1 before they change */
        static const char first[] =
            "INSERT INTO facility_version(facility_id,version,building_id,category_code,name,operator_name,"
            "admin_unit_id,note,created_at) SELECT id,1,building_id,category_code,name,operator_name,admin_unit_id,"
            "'recorded before versioning',created_at FROM facility WHERE id=?";
        sqlite3_stmt *f = geo_prep(s, first);
        if (!f)
            return PC_EIO;
        sqlite3_bind_int64(f, 1, id);
        rc = geo_step_insert(s, f, NULL);
        v = rc == PC_OK ? sqlite3_changes(s->db) : 0;
        sqlite3_finalize(f);
        if (rc != PC_OK)
            return rc;
    }
    sqlite3_stmt *st = geo_prep(s, upd);
    if (!st)
        return PC_EIO;
    geo_bind_id(st, 1, f->building_id);
    geo_bind_text_or_null(st, 2, f->category);
    geo_bind_text_or_null(st, 3, f->name);
    geo_bind_text_or_null(st, 4, f->operator_name);
    geo_bind_id(st, 5, f->admin_unit_id);
    sqlite3_bind_int64(st, 6, id);
    rc = geo_step_insert(s, st, NULL);
    if (rc == PC_OK && sqlite3_changes(s->db) == 0)
        rc = PC_ENOTFOUND;
    sqlite3_finalize(st);
    if (rc == PC_OK)
        rc = insert_version(s, id, (int)v + 1, f, actor_id);
    if (rc == PC_OK)
        *version_out = (int)v + 1;
    return rc;
}

pc_rc geo_facility_read(geo_store *s, int64_t id, pc_arena *a, geo_facility_rec *out)
{
    static const char sql[] = "SELECT coalesce(building_id,0),category_code,name,operator_name,"
                              "coalesce(admin_unit_id,0) FROM facility WHERE id=?";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    pc_rc out_rc = rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
    if (rc == SQLITE_ROW) {
        const char *t;
        out->building_id = sqlite3_column_int64(st, 0);
        out->category = pc_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
        out->name = pc_arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
        out->operator_name = (t = (const char *)sqlite3_column_text(st, 3)) ? pc_arena_strdup(a, t) : NULL;
        out->admin_unit_id = sqlite3_column_int64(st, 4);
        if (!out->category || !out->name)
            out_rc = PC_ENOMEM;
    }
    sqlite3_reset(st);
    return out_rc;
}

pc_rc geo_code_known(geo_store *s, const char *table, const char *code, int *yes)
{
    static const char *const sqls[][2] = {
        {"facility_category", "SELECT 1 FROM facility_category WHERE code=?"},
        {"condition_kind", "SELECT 1 FROM condition_kind WHERE code=?"},
        {"hazard_kind", "SELECT 1 FROM hazard_kind WHERE code=?"},
        {"building_type", "SELECT 1 FROM building_type WHERE code=?"},
        {"house_type_sample", "SELECT 1 FROM house_type_sample WHERE code=?"},
    };
    *yes = 0;
    for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
        if (strcmp(sqls[i][0], table) != 0)
            continue;
        sqlite3_stmt *st = geo_stmt(s, sqls[i][1]);
        if (!st)
            return PC_EIO;
        sqlite3_bind_text(st, 1, code ? code : "", -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        *yes = rc == SQLITE_ROW;
        sqlite3_reset(st);
        return rc == SQLITE_ROW || rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
    }
    return PC_EINVAL;
}

#define FAC_COLS                                                                                                    \
    "f.id, f.building_id, b.house_code, f.category_code AS category, c.name_vi AS category_name, f.name,"          \
    " f.operator_name, f.admin_unit_id, u.name AS admin_unit_name, f.created_at,"                                  \
    " coalesce((SELECT max(version) FROM facility_version v WHERE v.facility_id=f.id),1) AS version"
#define FAC_FROM                                                                                                    \
    " FROM facility f LEFT JOIN building b ON b.id=f.building_id JOIN facility_category c ON c.code=f.category_code" \
    " LEFT JOIN admin_unit u ON u.id=f.admin_unit_id"

pc_rc geo_facility_list(geo_store *s, int64_t root, const char *category, int64_t offset, size_t limit, pc_arena *a,
                        geo_table *out)
{
    static const char sql_n[] = GEO_SCOPE_CTE "SELECT count(*) FROM facility f WHERE " GEO_SCOPE_WHERE(
        "f.admin_unit_id") " AND (?2 IS NULL OR f.category_code=?2)";
    static const char sql[] = GEO_SCOPE_CTE "SELECT " FAC_COLS FAC_FROM " WHERE " GEO_SCOPE_WHERE(
        "f.admin_unit_id") " AND (?2 IS NULL OR f.category_code=?2) ORDER BY f.id LIMIT ?3 OFFSET ?4";
    int64_t total = 0;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = geo_prep(s, sql_n);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    geo_bind_text_or_null(st, 2, category);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return geo_rc(rc);
    if (!(st = geo_prep(s, sql)))
        return PC_EIO;
    sqlite3_bind_int64(st, 1, root);
    geo_bind_text_or_null(st, 2, category);
    sqlite3_bind_int64(st, 3, (int64_t)limit);
    sqlite3_bind_int64(st, 4, offset);
    pc_rc prc = geo_table_read(st, a, "facilities", out);
    sqlite3_finalize(st);
    out->total = total;
    return prc;
}

/* "current" rows: no later row supersedes them (?2 = 1 lists every row). */
#define NOT_SUPERSEDED(t, alias) " (?2 OR NOT EXISTS (SELECT 1 FROM " t " q WHERE q.supersedes_id=" alias ".id))"
#define SUPERSEDED_BY(t, alias) "(SELECT q.id FROM " t " q WHERE q.supersedes_id=" alias ".id) AS superseded_by"

static const char *const SHEET_SQL[][2] = {
    {"facility", "SELECT " FAC_COLS FAC_FROM " WHERE f.id=?1 AND ?2 IN (0,1)"},
    {"versions", "SELECT version, name, category_code AS category, operator_name, building_id, admin_unit_id, note,"
                 " created_by, created_at FROM facility_version WHERE facility_id=?1 AND ?2 IN (0,1)"
                 " ORDER BY version"},
    {"safety_records", "SELECT r.id, r.kind, r.number, r.issued_by, r.issued_on, r.valid_until, r.note,"
                       " r.supersedes_id, " SUPERSEDED_BY("safety_record", "r") ", r.created_by, r.created_at"
                       " FROM safety_record r WHERE r.facility_id=?1 AND" NOT_SUPERSEDED("safety_record", "r")
                       " ORDER BY r.id"},
    {"inspections", "SELECT r.id, r.inspected_on, r.inspector, r.result, r.findings, r.supersedes_id, "
                    SUPERSEDED_BY("inspection", "r") ", r.created_by, r.created_at FROM inspection r"
                    " WHERE r.facility_id=?1 AND" NOT_SUPERSEDED("inspection", "r")
                    " ORDER BY r.inspected_on, r.id"},
    {"inspection_items", "SELECT i.inspection_id, i.condition_code AS condition, i.ok, i.note FROM inspection_item i"
                         " JOIN inspection r ON r.id=i.inspection_id WHERE r.facility_id=?1 AND"
                         NOT_SUPERSEDED("inspection", "r") " ORDER BY i.inspection_id, i.condition_code"},
    {"violations", "SELECT r.id, r.inspection_id, r.found_on, r.legal_article, r.description, r.fine_vnd, r.status,"
                   " r.supersedes_id, " SUPERSEDED_BY("violation", "r") ", r.created_by, r.created_at"
                   " FROM violation r WHERE r.facility_id=?1 AND" NOT_SUPERSEDED("violation", "r")
                   " ORDER BY r.found_on, r.id"},
    {"suspensions", "SELECT r.id, r.kind, r.decision_no, r.reason, r.start_on, r.end_on, r.reinstated_on,"
                    " r.supersedes_id, " SUPERSEDED_BY("suspension", "r") ", r.created_by, r.created_at"
                    " FROM suspension r WHERE r.facility_id=?1 AND" NOT_SUPERSEDED("suspension", "r")
                    " ORDER BY r.start_on, r.id"},
    {"fires", "SELECT r.id, r.kind, r.occurred_at, r.cause, r.deaths, r.injuries, r.damage_vnd, r.building_id,"
              " ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat, r.supersedes_id, " SUPERSEDED_BY("fire_event", "r")
              ", r.created_by, r.created_at FROM fire_event r WHERE r.facility_id=?1 AND"
              NOT_SUPERSEDED("fire_event", "r") " ORDER BY r.occurred_at, r.id"},
};
#define N_SHEET (sizeof SHEET_SQL / sizeof SHEET_SQL[0])

pc_rc geo_facility_sheet(geo_store *s, int64_t id, int history, pc_arena *a, geo_table **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    geo_table *t = pc_arena_calloc(a, N_SHEET, sizeof *t);
    if (!t)
        return PC_ENOMEM;
    for (size_t i = 0; i < N_SHEET; i++) {
        sqlite3_stmt *st = geo_prep(s, SHEET_SQL[i][1]);
        if (!st)
            return PC_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, history ? 1 : 0);
        pc_rc rc = geo_table_read(st, a, SHEET_SQL[i][0], &t[i]);
        sqlite3_finalize(st);
        if (rc != PC_OK)
            return rc;
        if (i == 0 && t[0].n_rows == 0)
            return PC_ENOTFOUND;
    }
    *out = t;
    *n_out = N_SHEET;
    return PC_OK;
}

/* --- record rows -------------------------------------------------------------- */

const char *geo_record_table(geo_record_kind k)
{
    static const char *const names[] = {"safety_record", "inspection", "violation", "suspension", "fire_event"};
    return (unsigned)k < GEO_REC_KIND_COUNT_ ? names[k] : "";
}

pc_rc geo_record_lookup(geo_store *s, geo_record_kind k, int64_t id, int64_t *facility_id, int *superseded)
{
    static const char *const sqls[] = {
        "SELECT coalesce(facility_id,0), EXISTS(SELECT 1 FROM safety_record q WHERE q.supersedes_id=r.id)"
        " FROM safety_record r WHERE id=?",
        "SELECT coalesce(facility_id,0), EXISTS(SELECT 1 FROM inspection q WHERE q.supersedes_id=r.id)"
        " FROM inspection r WHERE id=?",
        "SELECT coalesce(facility_id,0), EXISTS(SELECT 1 FROM violation q WHERE q.supersedes_id=r.id)"
        " FROM violation r WHERE id=?",
        "SELECT coalesce(facility_id,0), EXISTS(SELECT 1 FROM suspension q WHERE q.supersedes_id=r.id)"
        " FROM suspension r WHERE id=?",
        "SELECT coalesce(facility_id,0), EXISTS(SELECT 1 FROM fire_event q WHERE q.supersedes_id=r.id)"
        " FROM fire_event r WHERE id=?",
    };
    *facility_id = 0;
    *superseded = 0;
    if ((unsigned)k >= GEO_REC_KIND_COUNT_)
        return PC_EINVAL;
    sqlite3_stmt *st = geo_stmt(s, sqls[k]);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *facility_id = sqlite3_column_int64(st, 0);
        *superseded = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? PC_OK : rc == SQLITE_DONE ? PC_ENOTFOUND : geo_rc(rc);
}

/* Prepares sql, binds facility (1), supersedes (last-1) and actor (last). */
static sqlite3_stmt *prep_record(geo_store *s, const char *sql, int64_t facility_id, int n_params,
                                 int64_t supersedes_id, int64_t actor_id)
{
    sqlite3_stmt *st = geo_stmt(s, sql); /* cached: imports run these per row */
    if (!st)
        return NULL;
    geo_bind_id(st, 1, facility_id);
    geo_bind_id(st, n_params - 1, supersedes_id);
    geo_bind_id(st, n_params, actor_id);
    return st;
}

/* Steps a cached statement once and resets it. */
static pc_rc finish(geo_store *s, sqlite3_stmt *st, int64_t *id_out)
{
    pc_rc rc = geo_step_insert(s, st, id_out);
    sqlite3_reset(st);
    return rc;
}

pc_rc geo_safety_insert(geo_store *s, int64_t facility_id, const geo_safety_rec *r, int64_t supersedes_id,
                        int64_t actor_id, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO safety_record(facility_id,kind,number,issued_by,issued_on,valid_until,"
                              "note,supersedes_id,created_by) VALUES(?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = prep_record(s, sql, facility_id, 9, supersedes_id, actor_id);
    if (!st)
        return PC_EIO;
    geo_bind_text_or_null(st, 2, r->kind);
    geo_bind_text_or_null(st, 3, r->number);
    geo_bind_text_or_null(st, 4, r->issued_by);
    geo_bind_text_or_null(st, 5, r->issued_on);
    geo_bind_text_or_null(st, 6, r->valid_until);
    geo_bind_text_or_null(st, 7, r->note);
    return finish(s, st, id_out);
}

pc_rc geo_inspection_insert(geo_store *s, int64_t facility_id, const geo_inspection_rec *r, int64_t supersedes_id,
                            int64_t actor_id, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO inspection(facility_id,inspected_on,inspector,result,findings,"
                              "supersedes_id,created_by) VALUES(?,?,?,?,?,?,?)";
    sqlite3_stmt *st = prep_record(s, sql, facility_id, 7, supersedes_id, actor_id);
    if (!st)
        return PC_EIO;
    geo_bind_text_or_null(st, 2, r->inspected_on);
    geo_bind_text_or_null(st, 3, r->inspector);
    geo_bind_text_or_null(st, 4, r->result);
    geo_bind_text_or_null(st, 5, r->findings);
    return finish(s, st, id_out);
}

pc_rc geo_inspection_item_insert(geo_store *s, int64_t inspection_id, const char *condition, int ok, const char *note)
{
    static const char sql[] = "INSERT INTO inspection_item(inspection_id,condition_code,ok,note) VALUES(?,?,?,?)";
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, inspection_id);
    geo_bind_text_or_null(st, 2, condition);
    sqlite3_bind_int(st, 3, ok ? 1 : 0);
    geo_bind_text_or_null(st, 4, note);
    return finish(s, st, NULL);
}

pc_rc geo_violation_insert(geo_store *s, int64_t facility_id, const geo_violation_rec *r, int64_t supersedes_id,
                           int64_t actor_id, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO violation(facility_id,inspection_id,found_on,legal_article,description,"
                              "fine_vnd,status,supersedes_id,created_by) VALUES(?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = prep_record(s, sql, facility_id, 9, supersedes_id, actor_id);
    if (!st)
        return PC_EIO;
    geo_bind_id(st, 2, r->inspection_id);
    geo_bind_text_or_null(st, 3, r->found_on);
    geo_bind_text_or_null(st, 4, r->legal_article);
    geo_bind_text_or_null(st, 5, r->description);
    geo_bind_opt_int(st, 6, r->fine_vnd);
    geo_bind_text_or_null(st, 7, r->status ? r->status : "open");
    return finish(s, st, id_out);
}

pc_rc geo_suspension_insert(geo_store *s, int64_t facility_id, const geo_suspension_rec *r, int64_t supersedes_id,
                            int64_t actor_id, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO suspension(facility_id,kind,decision_no,reason,start_on,end_on,"
                              "reinstated_on,supersedes_id,created_by) VALUES(?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = prep_record(s, sql, facility_id, 9, supersedes_id, actor_id);
    if (!st)
        return PC_EIO;
    geo_bind_text_or_null(st, 2, r->kind);
    geo_bind_text_or_null(st, 3, r->decision_no);
    geo_bind_text_or_null(st, 4, r->reason);
    geo_bind_text_or_null(st, 5, r->start_on);
    geo_bind_text_or_null(st, 6, r->end_on);
    geo_bind_text_or_null(st, 7, r->reinstated_on);
    return finish(s, st, id_out);
}

pc_rc geo_fire_insert(geo_store *s, int64_t facility_id, const geo_fire_rec *r, int64_t supersedes_id,
                      int64_t actor_id, int64_t *id_out)
{
    /* without a position the event sits at the building's entrance */
    static const char sql[] = "INSERT INTO fire_event(facility_id,building_id,kind,occurred_at,cause,deaths,injuries,"
                              "damage_vnd,geom,supersedes_id,created_by) VALUES(?,?,?,?,?,?,?,?,"
                              "coalesce(?9,(SELECT entrance FROM building WHERE id=?2)),?,?)";
    sqlite3_stmt *st = prep_record(s, sql, facility_id, 11, supersedes_id, actor_id);
    if (!st)
        return PC_EIO;
    geo_bind_id(st, 2, r->building_id);
    geo_bind_text_or_null(st, 3, r->kind);
    geo_bind_text_or_null(st, 4, r->occurred_at);
    geo_bind_text_or_null(st, 5, r->cause);
    sqlite3_bind_int(st, 6, r->deaths);
    sqlite3_bind_int(st, 7, r->injuries);
    geo_bind_opt_int(st, 8, r->damage_vnd);
    geo_blob b = {0};
    pc_rc rc = PC_OK;
    if (r->has_pos) {
        rc = geo_blob_point(r->pos, &b);
        if (rc == PC_OK)
            sqlite3_bind_blob(st, 9, b.data, b.size, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, 9);
    }
    geo_blob_free(&b);
    if (rc != PC_OK) {
        sqlite3_reset(st);
        return rc;
    }
    return finish(s, st, id_out);
}

/* --- savepoints ---------------------------------------------------------------- */

static pc_rc exec_cached(geo_store *s, const char *sql)
{
    sqlite3_stmt *st = geo_stmt(s, sql);
    if (!st)
        return PC_EIO;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? PC_OK : geo_rc(rc);
}

pc_rc geo_savepoint(geo_store *s) { return exec_cached(s, "SAVEPOINT pccc_row"); }
pc_rc geo_savepoint_release(geo_store *s) { return exec_cached(s, "RELEASE pccc_row"); }
void geo_savepoint_rollback(geo_store *s)
{
    exec_cached(s, "ROLLBACK TO pccc_row");
    exec_cached(s, "RELEASE pccc_row");
}
