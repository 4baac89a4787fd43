/* import.c — CSV import of fire-safety records (import.h): the header, the
 * per-kind row builders, and the dry-run / all-or-nothing transaction. */
#include "import.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csv.h"
#include "geo_records.h"
#include "geo_scope.h"
#include "records_int.h"

#define MAX_COLS 12

typedef struct kind_spec {
    const char *name;
    const char *cols[MAX_COLS]; /* "*name" is required */
} kind_spec;

static const kind_spec KINDS[] = {
    {"facilities", {"house_code", "admin_unit_code", "*category", "*name", "operator_name", "note"}},
    {"safety_records",
     {"*facility_id", "*kind", "number", "issued_by", "*issued_on", "valid_until", "note", "supersedes_id"}},
    {"inspections",
     {"*facility_id", "*inspected_on", "inspector", "*result", "findings", "ok_conditions", "failed_conditions",
      "supersedes_id"}},
    {"violations",
     {"*facility_id", "*found_on", "*legal_article", "description", "fine_vnd", "status", "inspection_id",
      "supersedes_id"}},
    {"suspensions",
     {"*facility_id", "*kind", "decision_no", "reason", "*start_on", "end_on", "reinstated_on", "supersedes_id"}},
    {"fires",
     {"*facility_id", "*kind", "*occurred_at", "cause", "deaths", "injuries", "damage_vnd", "supersedes_id"}},
};
#define N_KINDS (sizeof KINDS / sizeof KINDS[0])

typedef struct row_ctx {
    const kind_spec *k;
    int map[MAX_COLS]; /* spec column -> CSV field index, -1 absent */
    const char *const *f;
    size_t n_f;
    char why[200];
} row_ctx;

void eng_import_result_free(eng_import_result *r)
{
    if (!r)
        return;
    free(r->errors);
    r->errors = NULL;
    r->n_errors = 0;
}

static const char *col_name(const char *c) { return c[0] == '*' ? c + 1 : c; }

/* The field of column name, NULL when absent or empty. */
static const char *get(const row_ctx *x, const char *name)
{
    for (size_t i = 0; i < MAX_COLS && x->k->cols[i]; i++) {
        if (strcmp(col_name(x->k->cols[i]), name) != 0)
            continue;
        int j = x->map[i];
        return j >= 0 && (size_t)j < x->n_f && x->f[j][0] ? x->f[j] : NULL;
    }
    return NULL;
}

static pc_rc header(row_ctx *x, const char *const *f, size_t n, char *err, size_t err_len)
{
    for (size_t i = 0; i < MAX_COLS; i++)
        x->map[i] = -1;
    for (size_t j = 0; j < n; j++) {
        size_t i = 0;
        for (; i < MAX_COLS && x->k->cols[i] && strcmp(col_name(x->k->cols[i]), f[j]) != 0; i++)
            ;
        if (i == MAX_COLS || !x->k->cols[i])
            return eng_fail(err, err_len, PC_EINVAL, "line 1: column '%.60s' is not a column of %s", f[j], x->k->name);
        if (x->map[i] >= 0)
            return eng_fail(err, err_len, PC_EINVAL, "line 1: column '%.60s' appears twice", f[j]);
        x->map[i] = (int)j;
    }
    for (size_t i = 0; i < MAX_COLS && x->k->cols[i]; i++)
        if (x->k->cols[i][0] == '*' && x->map[i] < 0)
            return eng_fail(err, err_len, PC_EINVAL, "line 1: required column '%s' is missing", x->k->cols[i] + 1);
    return PC_OK;
}

/* Whole number of column name into *out (absent: def). -1 with x->why set. */
static int num(row_ctx *x, const char *name, int64_t min, int64_t max, int64_t def, int64_t *out)
{
    const char *v = get(x, name);
    *out = def;
    if (!v)
        return 0;
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || end == v || n < min || n > max) {
        snprintf(x->why, sizeof x->why, "'%s' must be a whole number from %" PRId64 " to %" PRId64, name, min, max);
        return -1;
    }
    *out = n;
    return 0;
}

/* Splits "a;b;c" of column name into items with ok; returns the count or -1. */
static int conditions(row_ctx *x, const char *name, int ok, char *store, size_t store_len, eng_check_item *items,
                      size_t n, size_t cap)
{
    const char *v = get(x, name);
    if (!v)
        return (int)n;
    snprintf(store, store_len, "%s", v);
    for (char *save = NULL, *t = strtok_r(store, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
        while (*t == ' ')
            t++;
        if (!*t)
            continue;
        if (n == cap) {
            snprintf(x->why, sizeof x->why, "too many conditions");
            return -1;
        }
        items[n++] = (eng_check_item){t, ok, NULL};
    }
    return (int)n;
}

/* Builds and adds one row in the caller's transaction. */
static pc_rc add_row(geo_store *s, const eng_principal *who, row_ctx *x, int64_t *id_out)
{
    eng_record r;
    int64_t fid = 0, sup = 0, a = -1, b = -1, c = -1;
    char ok_buf[1024], bad_buf[1024];
    eng_check_item items[32];
    memset(&r, 0, sizeof r);
    const char *k = x->k->name;
    if (strcmp(k, "facilities") == 0) {
        eng_facility_spec f = {0, get(x, "house_code"), 0, get(x, "category"), get(x, "name"),
                               get(x, "operator_name"), get(x, "note")};
        const char *unit = get(x, "admin_unit_code");
        if (!f.house_code && unit) {
            geo_admin_unit u;
            if (geo_admin_unit_by_code(s, unit, &u) != PC_OK)
                return eng_fail(x->why, sizeof x->why, PC_EINVAL, "no admin unit has code '%.40s'", unit);
            f.admin_unit_id = u.id;
        }
        return eng_facility_register_tx(s, who, &f, 0, id_out, x->why, sizeof x->why);
    }
    if (num(x, "facility_id", 1, INT64_C(999999999999), 0, &fid) || num(x, "supersedes_id", 1, INT64_MAX, 0, &sup))
        return PC_EINVAL;
    r.supersedes_id = sup;
    if (strcmp(k, "safety_records") == 0) {
        r.kind = GEO_REC_SAFETY;
        r.safety = (geo_safety_rec){get(x, "kind"), get(x, "number"), get(x, "issued_by"), get(x, "issued_on"),
                                    get(x, "valid_until"), get(x, "note")};
    } else if (strcmp(k, "inspections") == 0) {
        r.kind = GEO_REC_INSPECTION;
        r.inspection = (geo_inspection_rec){get(x, "inspected_on"), get(x, "inspector"), get(x, "result"),
                                            get(x, "findings")};
        int n = conditions(x, "ok_conditions", 1, ok_buf, sizeof ok_buf, items, 0, 32);
        if (n >= 0)
            n = conditions(x, "failed_conditions", 0, bad_buf, sizeof bad_buf, items, (size_t)n, 32);
        if (n < 0)
            return PC_EINVAL;
        r.items = items;
        r.n_items = (size_t)n;
    } else if (strcmp(k, "violations") == 0) {
        r.kind = GEO_REC_VIOLATION;
        if (num(x, "fine_vnd", 0, INT64_C(2000000000), -1, &a) || num(x, "inspection_id", 1, INT64_MAX, 0, &b))
            return PC_EINVAL;
        r.violation = (geo_violation_rec){b, get(x, "found_on"), get(x, "legal_article"), get(x, "description"),
                                          get(x, "status"), a};
    } else if (strcmp(k, "suspensions") == 0) {
        r.kind = GEO_REC_SUSPENSION;
        r.suspension = (geo_suspension_rec){get(x, "kind"), get(x, "decision_no"), get(x, "reason"),
                                            get(x, "start_on"), get(x, "end_on"), get(x, "reinstated_on")};
    } else {
        r.kind = GEO_REC_FIRE;
        if (num(x, "deaths", 0, 10000, 0, &a) || num(x, "injuries", 0, 10000, 0, &b) ||
            num(x, "damage_vnd", 0, INT64_C(10000000000000), -1, &c))
            return PC_EINVAL;
        r.fire = (geo_fire_rec){0, get(x, "kind"), get(x, "occurred_at"), get(x, "cause"), (int)a, (int)b, c, 0,
                                {0, 0}};
    }
    return eng_record_add_tx(s, who, fid, &r, 0, id_out, x->why, sizeof x->why);
}

static pc_rc note_error(eng_import_result *out, size_t line, const char *why)
{
    if (out->n_errors % 64 == 0) {
        eng_import_error *n = realloc(out->errors, (out->n_errors + 64) * sizeof *n);
        if (!n)
            return PC_ENOMEM;
        out->errors = n;
    }
    eng_import_error *e = &out->errors[out->n_errors++];
    e->line = line;
    snprintf(e->reason, sizeof e->reason, "%s", why && *why ? why : "refused");
    return PC_OK;
}

/* One data row inside a savepoint; a bad row is rolled back and listed. */
static pc_rc one_row(geo_store *s, const eng_principal *who, row_ctx *x, size_t line, eng_import_result *out)
{
    int64_t id = 0;
    x->why[0] = '\0';
    pc_rc rc = geo_savepoint(s);
    if (rc != PC_OK)
        return rc;
    rc = add_row(s, who, x, &id);
    if (rc == PC_OK) {
        rc = geo_savepoint_release(s);
        out->rows_ok++;
        if (!out->first_id)
            out->first_id = id;
        out->last_id = id;
        return rc;
    }
    geo_savepoint_rollback(s);
    if (rc == PC_ENOMEM || rc == PC_EIO || rc == PC_EBUSY)
        return rc;
    return note_error(out, line, x->why[0] ? x->why : pc_rc_str(rc));
}

static const kind_spec *find_kind(const char *kind)
{
    for (size_t i = 0; kind && i < N_KINDS; i++)
        if (strcmp(KINDS[i].name, kind) == 0)
            return &KINDS[i];
    return NULL;
}

static pc_rc read_rows(geo_store *s, const eng_principal *who, eng_csv *csv, row_ctx *x, size_t n_cols,
                       eng_import_result *out)
{
    pc_rc rc;
    size_t line = 0;
    char why[200];
    while ((rc = eng_csv_next(csv, &x->f, &x->n_f, &line, why, sizeof why)) != PC_ENOTFOUND) {
        if (rc == PC_ENOMEM)
            return rc;
        if (++out->rows > ENG_IMPORT_MAX_ROWS)
            return PC_ELIMIT;
        if (rc == PC_EFORMAT) {
            rc = note_error(out, line, why);
        } else if (x->n_f != n_cols) {
            snprintf(why, sizeof why, "the row has %zu fields, the header %zu", x->n_f, n_cols);
            rc = note_error(out, line, why);
        } else {
            rc = one_row(s, who, x, line, out);
        }
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

pc_rc eng_import_records(geo_store *s, const eng_principal *who, const char *kind, const char *csv, size_t len,
                         int commit, eng_import_result *out, char *err, size_t err_len)
{
    row_ctx x;
    eng_csv *c = NULL;
    size_t line = 0, n_cols = 0;
    memset(out, 0, sizeof *out);
    memset(&x, 0, sizeof x);
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers import records");
    if (!(x.k = find_kind(kind)))
        return eng_fail(err, err_len, PC_EINVAL, "'kind' must be facilities, safety_records, inspections, "
                                                 "violations, suspensions or fires");
    snprintf(out->kind, sizeof out->kind, "%s", kind);
    pc_rc rc = eng_csv_open(csv, len, &c);
    if (rc != PC_OK)
        return rc;
    rc = eng_csv_next(c, &x.f, &x.n_f, &line, err, err_len);
    if (rc == PC_ENOTFOUND)
        rc = eng_fail(err, err_len, PC_EINVAL, "the file is empty: the first line must name the columns");
    else if (rc == PC_EFORMAT)
        rc = PC_EINVAL;
    if (rc == PC_OK) {
        n_cols = x.n_f;
        rc = header(&x, x.f, x.n_f, err, err_len);
    }
    if (rc == PC_OK)
        rc = geo_store_begin(s);
    if (rc != PC_OK)
        goto cleanup;
    rc = read_rows(s, who, c, &x, n_cols, out);
    if (rc == PC_OK && commit && out->n_errors == 0 && out->rows_ok > 0) {
        char detail[120];
        snprintf(detail, sizeof detail, "%zu rows, ids %" PRId64 "..%" PRId64, out->rows_ok, out->first_id,
                 out->last_id);
        rc = eng_audit_append(s, who, "import.commit", kind, detail);
        if (rc == PC_OK && (rc = geo_store_commit(s)) == PC_OK)
            out->committed = 1;
    }
    if (!out->committed)
        geo_store_rollback(s);
    if (rc == PC_ELIMIT)
        eng_fail(err, err_len, rc, "at most %d rows per import", ENG_IMPORT_MAX_ROWS);
cleanup:
    eng_csv_close(c);
    if (!out->committed)
        out->first_id = out->last_id = 0;
    return rc;
}
