/* residents.c — the population-register extract: verify, encrypt, replace,
 * derive the building counts; and the audited read of residents (import.h).
 *
 * Two passes. The first reads and checks every row (house code, ID number,
 * year, flags, duplicates) and encrypts the ID numbers, writing nothing; if
 * any row is bad, or on a dry run, it stops there. The second, in one
 * transaction, replaces the residents of every listed house and recounts
 * each house. Clear ID numbers live only in the CSV buffer and on the
 * stack; they never reach the store or the log. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "csv.h"
#include "geo_citizen.h"
#include "geo_housecode.h"
#include "geo_query.h"
#include "import.h"
#include "records_int.h"
#include "scope.h"

#define AAD "resident.pid"
#define ENC_MAX (16 + ENG_SEAL_OVERHEAD)

typedef struct res_row {
    size_t line;
    int64_t building_id;
    uint8_t enc[ENC_MAX];
    size_t enc_len;
    uint8_t hash[32];
    int birth_year, disabled, bedridden;
    const char *residence;
} res_row;

enum { C_CODE, C_PID, C_YEAR, C_DIS, C_BED, C_RES, N_C };
static const char *const COLS[N_C] = {"house_code", "pid", "birth_year", "disabled", "bedridden", "residence"};

static int this_year(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

static int flag(const char *v, int *out)
{
    static const char *const yes[] = {"1", "yes", "true", "x"}, *const no[] = {"", "0", "no", "false"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0)
            return *out = 1, 0;
        if (strcmp(v, no[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

static int pid_ok(const char *p)
{
    size_t n = strlen(p);
    if (n != 9 && n != 12)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    return 1;
}

/* Checks one row into r; returns NULL or why (in why). */
static const char *check_row(geo_store *s, const eng_key *key, const eng_principal *who, const char *const *f,
                             res_row *r, char *why, size_t why_len)
{
    char code[GEO_HOUSECODE_LEN + 1];
    pc_rc rc = geo_housecode_parse(f[C_CODE], code);
    if (rc == PC_EFORMAT)
        return snprintf(why, why_len, "house code '%.20s' is mismatched (wrong check character): not guessed",
                        f[C_CODE]), why;
    if (rc != PC_OK)
        return snprintf(why, why_len, "'%.20s' is not a house code", f[C_CODE]), why;
    if (geo_building_id_by_code(s, code, &r->building_id) != PC_OK ||
        eng_scope_check_building(s, who, r->building_id) != PC_OK)
        return snprintf(why, why_len, "unknown house code %s", code), why;
    if (!pid_ok(f[C_PID]))
        return snprintf(why, why_len, "the personal ID number must be 9 or 12 digits"), why;
    int year = 0;
    if (f[C_YEAR][0] && (sscanf(f[C_YEAR], "%4d", &year) != 1 || strlen(f[C_YEAR]) != 4 || year < 1900 ||
                         year > this_year()))
        return snprintf(why, why_len, "birth_year must be a year from 1900 to %d", this_year()), why;
    if (flag(f[C_DIS], &r->disabled) || flag(f[C_BED], &r->bedridden))
        return snprintf(why, why_len, "disabled and bedridden are 0 or 1"), why;
    if (strcmp(f[C_RES], "permanent") == 0 || strcmp(f[C_RES], "thuong_tru") == 0)
        r->residence = "permanent";
    else if (strcmp(f[C_RES], "temporary") == 0 || strcmp(f[C_RES], "tam_tru") == 0)
        r->residence = "temporary";
    else
        return snprintf(why, why_len, "residence must be permanent or temporary"), why;
    r->birth_year = year;
    if (eng_key_digest(key, f[C_PID], r->hash) != PC_OK ||
        eng_seal(key, f[C_PID], strlen(f[C_PID]), AAD, r->enc, sizeof r->enc, &r->enc_len) != PC_OK)
        return snprintf(why, why_len, "cannot encrypt"), why;
    return NULL;
}

static int cmp_hash(const void *a, const void *b)
{
    const res_row *x = *(res_row *const *)a, *y = *(res_row *const *)b;
    int c = memcmp(x->hash, y->hash, 32);
    return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

static pc_rc note(eng_import_result *out, size_t line, const char *why)
{
    if (out->n_errors % 64 == 0) {
        eng_import_error *n = realloc(out->errors, (out->n_errors + 64) * sizeof *n);
        if (!n)
            return PC_ENOMEM;
        out->errors = n;
    }
    out->errors[out->n_errors].line = line;
    snprintf(out->errors[out->n_errors++].reason, sizeof out->errors[0].reason, "%s", why);
    return PC_OK;
}

/* Lists every ID number given twice (sorted by keyed hash). */
static pc_rc duplicates(res_row *rows, size_t n, eng_import_result *out)
{
    res_row **p = malloc((n + 1) * sizeof *p);
    if (!p)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++)
        p[i] = &rows[i];
    qsort(p, n, sizeof *p, cmp_hash);
    pc_rc rc = PC_OK;
    for (size_t i = 1; rc == PC_OK && i < n; i++) {
        if (memcmp(p[i]->hash, p[i - 1]->hash, 32) != 0)
            continue;
        char why[80];
        size_t first = i;
        while (first > 0 && memcmp(p[first - 1]->hash, p[i]->hash, 32) == 0)
            first--;
        snprintf(why, sizeof why, "the personal ID number is already listed on line %zu", p[first]->line);
        rc = note(out, p[i]->line, why);
    }
    free(p);
    return rc;
}

static pc_rc header_ok(const char *const *f, size_t n, char *err, size_t err_len)
{
    if (n != N_C)
        return eng_fail(err, err_len, PC_EINVAL, "line 1: the columns must be house_code,pid,birth_year,disabled,"
                                                 "bedridden,residence");
    for (size_t i = 0; i < N_C; i++)
        if (strcmp(f[i], COLS[i]) != 0)
            return eng_fail(err, err_len, PC_EINVAL, "line 1: column %zu must be '%s'", i + 1, COLS[i]);
    return PC_OK;
}

static pc_rc first_pass(geo_store *s, const eng_key *key, const eng_principal *who, eng_csv *c, res_row **rows,
                        eng_import_result *out)
{
    const char *const *f;
    size_t nf, line, cap = 0;
    char why[200];
    pc_rc rc;
    while ((rc = eng_csv_next(c, &f, &nf, &line, why, sizeof why)) != PC_ENOTFOUND) {
        if (rc == PC_ENOMEM)
            return rc;
        if (++out->rows > ENG_IMPORT_MAX_ROWS)
            return PC_ELIMIT;
        if (rc == PC_EFORMAT || nf != N_C) {
            if (rc != PC_EFORMAT)
                snprintf(why, sizeof why, "the row has %zu fields, the header %d", nf, N_C);
            if ((rc = note(out, line, why)) != PC_OK)
                return rc;
            continue;
        }
        if (out->rows_ok == cap) {
            cap = cap ? cap * 2 : 256;
            res_row *n = realloc(*rows, cap * sizeof *n);
            if (!n)
                return PC_ENOMEM;
            *rows = n;
        }
        res_row *r = &(*rows)[out->rows_ok];
        memset(r, 0, sizeof *r);
        r->line = line;
        const char *bad = check_row(s, key, who, f, r, why, sizeof why);
        if (bad && (rc = note(out, line, bad)) != PC_OK)
            return rc;
        if (!bad)
            out->rows_ok++;
    }
    return duplicates(*rows, out->rows_ok, out);
}

static int cmp_building(const void *a, const void *b)
{
    const res_row *x = a, *y = b;
    return x->building_id < y->building_id ? -1 : x->building_id > y->building_id;
}

static pc_rc write_all(geo_store *s, const eng_principal *who, res_row *rows, size_t n, eng_import_result *out)
{
    qsort(rows, n, sizeof *rows, cmp_building);
    int year = this_year();
    pc_rc rc = geo_store_begin(s);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        int first = i == 0 || rows[i].building_id != rows[i - 1].building_id;
        if (first) {
            out->buildings++;
            rc = geo_resident_clear(s, rows[i].building_id);
        }
        if (rc == PC_OK)
            rc = geo_resident_insert(s, rows[i].building_id, rows[i].enc, rows[i].enc_len, rows[i].hash,
                                     rows[i].birth_year, rows[i].disabled, rows[i].bedridden, rows[i].residence);
        if (rc == PC_OK && (i + 1 == n || rows[i + 1].building_id != rows[i].building_id))
            rc = geo_resident_recount(s, rows[i].building_id, year);
    }
    if (rc == PC_OK) {
        char detail[96];
        snprintf(detail, sizeof detail, "%zu residents in %zu houses", n, out->buildings);
        rc = eng_audit_append(s, who, "residents.import", "resident", detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        out->buildings = 0;
    }
    return rc;
}

pc_rc eng_import_residents(geo_store *s, const eng_key *key, const eng_principal *who, const char *csv, size_t len,
                           int commit, eng_import_result *out, char *err, size_t err_len)
{
    eng_csv *c = NULL;
    res_row *rows = NULL;
    const char *const *f;
    size_t nf, line;
    memset(out, 0, sizeof *out);
    snprintf(out->kind, sizeof out->kind, "residents");
    if (!who || (who->role != ENG_ROLE_CITY_ADMIN && who->role != ENG_ROLE_DISTRICT_OFFICER &&
                 who->role != ENG_ROLE_COMMUNE_OFFICER))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers import residents");
    pc_rc rc = eng_csv_open(csv, len, &c);
    if (rc != PC_OK)
        return rc;
    rc = eng_csv_next(c, &f, &nf, &line, err, err_len);
    if (rc == PC_ENOTFOUND || rc == PC_EFORMAT)
        rc = eng_fail(err, err_len, PC_EINVAL, "line 1 must name the columns");
    if (rc == PC_OK)
        rc = header_ok(f, nf, err, err_len);
    if (rc == PC_OK)
        rc = first_pass(s, key, who, c, &rows, out);
    if (rc == PC_ELIMIT)
        eng_fail(err, err_len, rc, "at most %d rows per import", ENG_IMPORT_MAX_ROWS);
    if (rc == PC_OK && commit && out->n_errors == 0 && out->rows_ok > 0) {
        rc = write_all(s, who, rows, out->rows_ok, out);
        out->committed = rc == PC_OK;
    }
    if (rows)
        memset(rows, 0, out->rows_ok * sizeof *rows);
    free(rows);
    eng_csv_close(c);
    return rc;
}

pc_rc eng_residents_read(geo_store *s, const eng_key *key, const eng_principal *who, int64_t building_id,
                         pc_arena *a, eng_resident_view **out, size_t *n_out)
{
    geo_resident *rows = NULL;
    size_t n = 0;
    *out = NULL;
    *n_out = 0;
    if (!who || (who->role != ENG_ROLE_CITY_ADMIN && who->role != ENG_ROLE_DISTRICT_OFFICER &&
                 who->role != ENG_ROLE_COMMUNE_OFFICER))
        return PC_EFORBIDDEN;
    if (!key)
        return PC_EIO;
    pc_rc rc = eng_scope_check_building(s, who, building_id);
    if (rc == PC_OK)
        rc = geo_resident_list(s, building_id, a, &rows, &n);
    eng_resident_view *v = rc == PC_OK ? pc_arena_calloc(a, n + 1, sizeof *v) : NULL;
    if (rc == PC_OK && !v)
        rc = PC_ENOMEM;
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        size_t len = 0;
        v[i].id = rows[i].id;
        v[i].birth_year = rows[i].birth_year;
        v[i].disabled = rows[i].disabled;
        v[i].bedridden = rows[i].bedridden;
        snprintf(v[i].residence, sizeof v[i].residence, "%s", rows[i].residence ? rows[i].residence : "");
        rc = eng_unseal(key, rows[i].pid_enc, rows[i].enc_len, AAD, v[i].pid, sizeof v[i].pid, &len);
    }
    if (rc == PC_OK) {
        char obj[48], detail[48];
        snprintf(obj, sizeof obj, "building/%" PRId64, building_id);
        snprintf(detail, sizeof detail, "%zu residents", n);
        rc = eng_audit_record(s, who, "read.residents", obj, detail);
    }
    if (rc == PC_OK) {
        *out = v;
        *n_out = n;
    }
    return rc;
}
