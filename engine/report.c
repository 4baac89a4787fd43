/* report.c — management reports over geo_report's counts (report.h). */
#include "report.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "records_int.h"
#include "scope.h"

#define FIELD(n) {#n, offsetof(geo_figures, n)}
const eng_figure_field eng_figure_fields[] = {
    FIELD(facilities),         FIELD(facilities_meeting), FIELD(facilities_failing), FIELD(facilities_uninspected),
    FIELD(inspections),        FIELD(inspections_failed), FIELD(violations),         FIELD(violations_open),
    FIELD(fines_vnd),          FIELD(suspensions),        FIELD(suspended_now),      FIELD(fires),
    FIELD(explosions),         FIELD(deaths),             FIELD(injuries),           FIELD(damage_vnd),
    FIELD(reports_received),   FIELD(reports_handled),    FIELD(reports_handled_electronic),
    FIELD(reports_pending),    FIELD(median_handle_s),
};
const size_t eng_n_figure_fields = sizeof eng_figure_fields / sizeof eng_figure_fields[0];

static void finish_row(eng_report_row *r)
{
    const geo_figures *f = &r->f;
    r->electronic_pct = f->reports_received ? 100.0 * (double)f->reports_handled_electronic / (double)f->reports_received
                                            : -1.0;
    r->meets_target = r->electronic_pct >= ENG_REPORT_TARGET_PCT;
}

static pc_rc fill_row(geo_store *s, eng_report_row *r, int64_t root, const char *category, const eng_report_query *q)
{
    pc_rc rc = geo_report_figures(s, root, category, q->from, q->to, &r->f);
    if (rc == PC_OK)
        finish_row(r);
    return rc;
}

static pc_rc check_query(geo_store *s, const eng_principal *who, const eng_report_query *q, int64_t *root,
                         char *err, size_t err_len)
{
    if (!who || who->role == ENG_ROLE_CITIZEN)
        return PC_EFORBIDDEN;
    if (!eng_valid_date(q->from) || !eng_valid_date(q->to))
        return eng_fail(err, err_len, PC_EINVAL, "'from' and 'to' must be dates YYYY-MM-DD");
    if (strcmp(q->from, q->to) > 0)
        return eng_fail(err, err_len, PC_EINVAL, "'from' must not be after 'to'");
    if (q->category) {
        int known = 0;
        pc_rc rc = geo_code_known(s, "facility_category", q->category, &known);
        if (rc != PC_OK)
            return rc;
        if (!known)
            return eng_fail(err, err_len, PC_EINVAL, "'category' is not a facility category");
    }
    *root = eng_scope_root(who);
    if (q->admin_unit_id > 0) {
        if (eng_scope_check_unit(s, who, q->admin_unit_id) != PC_OK)
            return eng_fail(err, err_len, PC_ENOTFOUND, "admin unit %" PRId64 " not found in your area",
                            q->admin_unit_id);
        *root = q->admin_unit_id;
    }
    return PC_OK;
}

static pc_rc name_total(geo_store *s, int64_t root, eng_report_row *t)
{
    t->admin_unit_id = root;
    if (root == 0) {
        snprintf(t->key, sizeof t->key, "city");
        snprintf(t->name, sizeof t->name, "whole city");
        return PC_OK;
    }
    geo_admin_unit u;
    pc_rc rc = geo_admin_unit_get(s, root, &u);
    if (rc == PC_OK) {
        snprintf(t->key, sizeof t->key, "%s", u.code);
        snprintf(t->name, sizeof t->name, "%s", u.name);
    }
    return rc;
}

static pc_rc rows_by_unit(geo_store *s, int64_t root, const eng_report_query *q, pc_arena *a, eng_report *out)
{
    geo_admin_unit *kids = NULL;
    size_t n = 0;
    pc_rc rc = geo_admin_unit_children(s, root, a, &kids, &n);
    if (rc != PC_OK)
        return rc;
    if (!(out->rows = pc_arena_calloc(a, n + 1, sizeof *out->rows)))
        return PC_ENOMEM;
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        eng_report_row *r = &out->rows[i];
        r->admin_unit_id = kids[i].id;
        snprintf(r->key, sizeof r->key, "%s", kids[i].code);
        snprintf(r->name, sizeof r->name, "%s", kids[i].name);
        rc = fill_row(s, r, kids[i].id, q->category, q);
    }
    out->n_rows = rc == PC_OK ? n : 0;
    return rc;
}

static pc_rc rows_by_category(geo_store *s, int64_t root, const eng_report_query *q, pc_arena *a, eng_report *out)
{
    const char **cats = NULL;
    size_t n = 0;
    pc_rc rc = geo_facility_categories(s, a, &cats, &n);
    if (rc != PC_OK)
        return rc;
    if (!(out->rows = pc_arena_calloc(a, n + 1, sizeof *out->rows)))
        return PC_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        if (q->category && strcmp(q->category, cats[i]) != 0)
            continue;
        eng_report_row *r = &out->rows[k++];
        r->admin_unit_id = root;
        snprintf(r->key, sizeof r->key, "%s", cats[i]);
        snprintf(r->name, sizeof r->name, "%s", cats[i]);
        rc = fill_row(s, r, root, cats[i], q);
    }
    out->n_rows = rc == PC_OK ? k : 0;
    return rc;
}

pc_rc eng_report_build(geo_store *s, const eng_principal *who, const eng_report_query *q, pc_arena *a,
                       eng_report *out, char *err, size_t err_len)
{
    int64_t root = 0;
    memset(out, 0, sizeof *out);
    pc_rc rc = check_query(s, who, q, &root, err, err_len);
    if (rc != PC_OK)
        return rc;
    snprintf(out->from, sizeof out->from, "%s", q->from);
    snprintf(out->to, sizeof out->to, "%s", q->to);
    snprintf(out->category, sizeof out->category, "%s", q->category ? q->category : "");
    snprintf(out->by, sizeof out->by, "%s",
             q->by == ENG_REPORT_BY_UNIT ? "unit" : q->by == ENG_REPORT_BY_CATEGORY ? "category" : "total");
    out->target_pct = ENG_REPORT_TARGET_PCT;
    /* one read transaction: every figure from the same snapshot */
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = name_total(s, root, &out->total);
    if (rc == PC_OK)
        rc = fill_row(s, &out->total, root, q->category, q);
    if (rc == PC_OK && q->by == ENG_REPORT_BY_UNIT)
        rc = rows_by_unit(s, root, q, a, out);
    if (rc == PC_OK && q->by == ENG_REPORT_BY_CATEGORY)
        rc = rows_by_category(s, root, q, a, out);
    geo_store_rollback(s);
    return rc;
}

pc_rc eng_report_daily(geo_store *s, const eng_principal *who, const char *date, int64_t unit, pc_arena *a,
                       eng_report *out, char *err, size_t err_len)
{
    eng_report_query q = {unit, NULL, date, date, ENG_REPORT_BY_UNIT};
    return eng_report_build(s, who, &q, a, out, err, err_len);
}

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void csv_field(pc_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        pc_buf_puts(b, s);
        return;
    }
    pc_buf_puts(b, "\"");
    for (const char *p = s; *p; p++) {
        pc_buf_append(b, p, 1);
        if (*p == '"')
            pc_buf_append(b, p, 1); /* a quote is doubled */
    }
    pc_buf_puts(b, "\"");
}

static void csv_row(pc_buf *b, const eng_report_row *r, const eng_report *rep)
{
    pc_buf_printf(b, "%s,%s,%s,%" PRId64 ",", rep->from, rep->to, rep->category, r->admin_unit_id);
    csv_field(b, r->key);
    pc_buf_puts(b, ",");
    csv_field(b, r->name);
    for (size_t i = 0; i < eng_n_figure_fields; i++)
        pc_buf_printf(b, ",%" PRId64, *(const int64_t *)((const char *)&r->f + eng_figure_fields[i].offset));
    if (r->electronic_pct >= 0)
        pc_buf_printf(b, ",%.1f,%.0f,%s\r\n", r->electronic_pct, rep->target_pct, r->meets_target ? "yes" : "no");
    else
        pc_buf_printf(b, ",,%.0f,\r\n", rep->target_pct);
}

void eng_report_csv(const eng_report *r, pc_buf *b)
{
    pc_buf_puts(b, "from,to,category,admin_unit_id,key,name");
    for (size_t i = 0; i < eng_n_figure_fields; i++)
        pc_buf_printf(b, ",%s", eng_figure_fields[i].name);
    pc_buf_puts(b, ",electronic_pct,target_pct,meets_target\r\n");
    csv_row(b, &r->total, r);
    for (size_t i = 0; i < r->n_rows; i++)
        csv_row(b, &r->rows[i], r);
}
