/* geo_report.c — report counts (geo_report.h). Each query binds ?1 root,
 * ?2 category (NULL: any), ?3 from, ?4 to, and walks the admin-unit subtree
 * with GEO_SCOPE_CTE, so an area's figures include every unit below it. */
/* geo_records_int.h first: it unlocks GEO_SCOPE_CTE in geo_scope.h */
#include "geo_records_int.h"
#include "geo_report.h"

#include <string.h>

#define CUR(t, a) " NOT EXISTS (SELECT 1 FROM " t " q WHERE q.supersedes_id=" a ".id)"
#define FAC_WHERE GEO_SCOPE_WHERE("f.admin_unit_id") " AND (?2 IS NULL OR f.category_code=?2)"

static const char SQL_FACILITIES[] = GEO_SCOPE_CTE
    ", last AS (SELECT f.id, (SELECT i.result FROM inspection i WHERE i.facility_id=f.id AND i.inspected_on<=?4 AND"
    CUR("inspection", "i") " ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1) AS result"
    " FROM facility f WHERE " FAC_WHERE " AND ?3 IS NOT NULL)"
    " SELECT count(*), coalesce(sum(result='pass'),0), coalesce(sum(result IN ('fail','partial')),0),"
    " coalesce(sum(result IS NULL),0) FROM last";
static const char SQL_INSPECTIONS[] = GEO_SCOPE_CTE
    "SELECT count(*), coalesce(sum(i.result<>'pass'),0) FROM inspection i JOIN facility f ON f.id=i.facility_id"
    " WHERE " FAC_WHERE " AND i.inspected_on BETWEEN ?3 AND ?4 AND" CUR("inspection", "i");
static const char SQL_VIOLATIONS[] = GEO_SCOPE_CTE
    "SELECT count(*), coalesce(sum(v.status='open'),0), coalesce(sum(v.fine_vnd),0) FROM violation v"
    " JOIN facility f ON f.id=v.facility_id WHERE " FAC_WHERE " AND v.found_on BETWEEN ?3 AND ?4 AND"
    CUR("violation", "v");
static const char SQL_SUSPENSIONS[] = GEO_SCOPE_CTE
    "SELECT coalesce(sum(x.start_on BETWEEN ?3 AND ?4),0), count(DISTINCT CASE WHEN x.start_on<=?4 AND"
    " (x.reinstated_on IS NULL OR x.reinstated_on>?4) AND (x.end_on IS NULL OR x.end_on>=?4) THEN x.facility_id END)"
    " FROM suspension x JOIN facility f ON f.id=x.facility_id WHERE " FAC_WHERE " AND" CUR("suspension", "x");
static const char SQL_FIRES[] = GEO_SCOPE_CTE
    "SELECT count(*), coalesce(sum(e.kind='explosion'),0), coalesce(sum(e.deaths),0), coalesce(sum(e.injuries),0),"
    " coalesce(sum(e.damage_vnd),0) FROM fire_event e LEFT JOIN facility f ON f.id=e.facility_id"
    " LEFT JOIN building b ON b.id=e.building_id"
    " WHERE " GEO_SCOPE_WHERE("coalesce(f.admin_unit_id,b.admin_unit_id)") " AND (?2 IS NULL OR f.category_code=?2)"
    " AND substr(e.occurred_at,1,10) BETWEEN ?3 AND ?4 AND" CUR("fire_event", "e");
static const char SQL_REPORTS[] = GEO_SCOPE_CTE
    "SELECT count(*), coalesce(sum(r.status IN ('resolved','rejected')),0),"
    " coalesce(sum(r.status IN ('resolved','rejected') AND r.channel='electronic'),0),"
    " coalesce(sum(r.status NOT IN ('resolved','rejected')),0) FROM citizen_report r"
    " WHERE " GEO_SCOPE_WHERE("r.admin_unit_id") " AND (?2 IS NULL OR ?2 IS NOT NULL)"
    " AND substr(r.created_at,1,10) BETWEEN ?3 AND ?4";
/* the middle one or two of the sorted handling times (?5 offset, ?6 count) */
static const char SQL_MEDIAN[] = GEO_SCOPE_CTE
    "SELECT (julianday(r.closed_at)-julianday(r.created_at))*86400.0 AS d FROM citizen_report r"
    " WHERE " GEO_SCOPE_WHERE("r.admin_unit_id") " AND (?2 IS NULL OR ?2 IS NOT NULL)"
    " AND substr(r.created_at,1,10) BETWEEN ?3 AND ?4 AND r.status IN ('resolved','rejected')"
    " AND r.closed_at IS NOT NULL ORDER BY d LIMIT ?6 OFFSET ?5";

static sqlite3_stmt *bind4(geo_store *s, const char *sql, int64_t root, const char *category, const char *from,
                           const char *to)
{
    sqlite3_stmt *st = geo_prep(s, sql);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, root);
    geo_bind_text_or_null(st, 2, category);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
    return st;
}

/* One row of n integers into outs. */
static pc_rc row_of(geo_store *s, const char *sql, int64_t root, const char *category, const char *from,
                    const char *to, int64_t *const *outs, int n)
{
    sqlite3_stmt *st = bind4(s, sql, root, category, from, to);
    if (!st)
        return PC_EIO;
    int rc = sqlite3_step(st);
    for (int i = 0; rc == SQLITE_ROW && i < n; i++)
        *outs[i] = sqlite3_column_int64(st, i);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? PC_OK : geo_rc(rc);
}

static pc_rc median(geo_store *s, int64_t root, const char *from, const char *to, int64_t n, int64_t *out)
{
    *out = -1;
    if (n <= 0)
        return PC_OK;
    sqlite3_stmt *st = bind4(s, SQL_MEDIAN, root, NULL, from, to);
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 5, (n - 1) / 2);
    sqlite3_bind_int64(st, 6, n % 2 ? 1 : 2);
    double sum = 0;
    int k = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sum += sqlite3_column_double(st, 0);
        k++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return geo_rc(rc);
    if (k)
        *out = (int64_t)(sum / k + 0.5);
    return PC_OK;
}

pc_rc geo_report_figures(geo_store *s, int64_t root, const char *category, const char *from, const char *to,
                         geo_figures *f)
{
    memset(f, 0, sizeof *f);
    int64_t *fac[] = {&f->facilities, &f->facilities_meeting, &f->facilities_failing, &f->facilities_uninspected};
    int64_t *ins[] = {&f->inspections, &f->inspections_failed};
    int64_t *vio[] = {&f->violations, &f->violations_open, &f->fines_vnd};
    int64_t *sus[] = {&f->suspensions, &f->suspended_now};
    int64_t *fir[] = {&f->fires, &f->explosions, &f->deaths, &f->injuries, &f->damage_vnd};
    int64_t *rep[] = {&f->reports_received, &f->reports_handled, &f->reports_handled_electronic, &f->reports_pending};
    pc_rc rc = row_of(s, SQL_FACILITIES, root, category, from, to, fac, 4);
    if (rc == PC_OK)
        rc = row_of(s, SQL_INSPECTIONS, root, category, from, to, ins, 2);
    if (rc == PC_OK)
        rc = row_of(s, SQL_VIOLATIONS, root, category, from, to, vio, 3);
    if (rc == PC_OK)
        rc = row_of(s, SQL_SUSPENSIONS, root, category, from, to, sus, 2);
    if (rc == PC_OK)
        rc = row_of(s, SQL_FIRES, root, category, from, to, fir, 5);
    if (rc == PC_OK)
        rc = row_of(s, SQL_REPORTS, root, category, from, to, rep, 4);
    if (rc == PC_OK)
        rc = median(s, root, from, to, f->reports_handled, &f->median_handle_s);
    return rc;
}

pc_rc geo_admin_unit_children(geo_store *s, int64_t parent, pc_arena *a, geo_admin_unit **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = geo_prep(s, "SELECT id, code, name, level, coalesce(parent_id,0), coalesce(population,-1)"
                                   " FROM admin_unit WHERE coalesce(parent_id,0)=? ORDER BY code");
    if (!st)
        return PC_EIO;
    sqlite3_bind_int64(st, 1, parent);
    geo_table t;
    pc_rc rc = geo_table_read(st, a, "units", &t);
    sqlite3_finalize(st);
    if (rc != PC_OK)
        return rc;
    geo_admin_unit *u = pc_arena_calloc(a, t.n_rows + 1, sizeof *u);
    if (!u)
        return PC_ENOMEM;
    for (size_t i = 0; i < t.n_rows; i++) {
        const geo_cell *c = &t.cells[i * t.n_cols];
        u[i].id = c[0].i;
        strncpy(u[i].code, c[1].s ? c[1].s : "", sizeof u[i].code - 1);
        strncpy(u[i].name, c[2].s ? c[2].s : "", sizeof u[i].name - 1);
        u[i].level = (int)c[3].i;
        u[i].parent_id = c[4].i;
        u[i].population = c[5].i;
    }
    *out = u;
    *n_out = t.n_rows;
    return PC_OK;
}

pc_rc geo_facility_categories(geo_store *s, pc_arena *a, const char ***out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = geo_prep(s, "SELECT code FROM facility_category ORDER BY code");
    if (!st)
        return PC_EIO;
    geo_table t;
    pc_rc rc = geo_table_read(st, a, "categories", &t);
    sqlite3_finalize(st);
    if (rc != PC_OK)
        return rc;
    const char **c = pc_arena_calloc(a, t.n_rows + 1, sizeof *c);
    if (!c)
        return PC_ENOMEM;
    for (size_t i = 0; i < t.n_rows; i++)
        c[i] = t.cells[i].s;
    *out = c;
    *n_out = t.n_rows;
    return PC_OK;
}
