/* records.c — facility registration and versions, record rows, resource
 * changes: validation, scope, transactions and audit (records.h). */
#include "records_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "geo_housecode.h"
#include "geo_query.h"
#include "scope.h"

pc_rc eng_fail(char *err, size_t err_len, pc_rc rc, const char *fmt, ...)
{
    if (err && err_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return rc;
}

int eng_is_officer(const eng_principal *who)
{
    return who && (who->role == ENG_ROLE_CITY_ADMIN || who->role == ENG_ROLE_DISTRICT_OFFICER ||
                   who->role == ENG_ROLE_COMMUNE_OFFICER);
}

/* --- validation ---------------------------------------------------------------- */

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int eng_valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

int eng_valid_datetime(const char *s)
{
    if (!s || strlen(s) < 10)
        return 0;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!eng_valid_date(date))
        return 0;
    const char *t = s + 10;
    if (!*t)
        return 1;
    size_t n = strlen(t);
    if (n && t[n - 1] == 'Z')
        n--;
    if ((n != 6 && n != 9) || t[0] != 'T' || !digits(t + 1, 2) || t[3] != ':' || !digits(t + 4, 2))
        return 0;
    if (n == 9 && (t[6] != ':' || !digits(t + 7, 2) || (t[7] - '0') * 10 + (t[8] - '0') > 59))
        return 0;
    return (t[1] - '0') * 10 + (t[2] - '0') <= 23 && (t[4] - '0') * 10 + (t[5] - '0') <= 59;
}

void eng_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int eng_valid_text(const char *s, size_t max, int required)
{
    if (!s)
        return !required;
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 || *p == 0x7f)
            return 0;
        int extra = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0)
            return 0;
        p++;
        for (int i = 0; i < extra; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

#define TEXT(field, value, max, req)                                                                               \
    do {                                                                                                           \
        if (!eng_valid_text((value), (max), (req)))                                                               \
            return eng_fail(err, err_len, PC_EINVAL, "'%s' %s", field,                                            \
                            (value) ? "must be 1 to " #max " bytes of text without control characters"            \
                                    : "is required");                                                              \
    } while (0)

/* --- facilities -------------------------------------------------------------------- */

static pc_rc resolve_building(geo_store *s, const eng_principal *who, const eng_facility_spec *f, int64_t *bid,
                              char *err, size_t err_len)
{
    *bid = f->building_id > 0 ? f->building_id : 0;
    if (f->house_code) {
        char code[GEO_HOUSECODE_LEN + 1];
        pc_rc rc = geo_housecode_parse(f->house_code, code);
        if (rc != PC_OK)
            return eng_fail(err, err_len, PC_EINVAL, "'house_code' %s", rc == PC_EFORMAT ?
                            "has a wrong check character (a typo?)" : "is not a house code");
        rc = geo_building_id_by_code(s, code, bid);
        if (rc == PC_ENOTFOUND)
            return eng_fail(err, err_len, PC_ENOTFOUND, "no building has house code %s", code);
        if (rc != PC_OK)
            return rc;
    }
    if (*bid && eng_scope_check_building(s, who, *bid) != PC_OK)
        return eng_fail(err, err_len, PC_ENOTFOUND, "building %" PRId64 " not found in your area", *bid);
    return PC_OK;
}

pc_rc eng_facility_register_tx(geo_store *s, const eng_principal *who, const eng_facility_spec *f, int audit,
                               int64_t *id_out, char *err, size_t err_len)
{
    int known = 0;
    int64_t bid = 0, unit = 0;
    *id_out = 0;
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers register facilities");
    TEXT("name", f->name, 200, 1);
    TEXT("operator_name", f->operator_name, 200, 0);
    TEXT("note", f->note, 1000, 0);
    pc_rc rc = geo_code_known(s, "facility_category", f->category ? f->category : "", &known);
    if (rc != PC_OK)
        return rc;
    if (!known)
        return eng_fail(err, err_len, PC_EINVAL, "'category' is not a facility category");
    if ((rc = resolve_building(s, who, f, &bid, err, err_len)) != PC_OK)
        return rc;
    if (bid) {
        if ((rc = geo_building_unit(s, bid, &unit)) != PC_OK)
            return rc;
    } else {
        if (f->admin_unit_id <= 0)
            return eng_fail(err, err_len, PC_EINVAL, "'admin_unit_id' is required without a building");
        if (eng_scope_check_unit(s, who, f->admin_unit_id) != PC_OK)
            return eng_fail(err, err_len, PC_ENOTFOUND, "admin unit %" PRId64 " not found in your area",
                            f->admin_unit_id);
        unit = f->admin_unit_id;
    }
    geo_facility_rec rec = {bid, f->category, f->name, f->operator_name, f->note, unit};
    if ((rc = geo_facility_insert(s, &rec, who->account_id, id_out)) != PC_OK)
        return rc;
    if (audit) {
        char obj[48];
        snprintf(obj, sizeof obj, "facility/%" PRId64, *id_out);
        rc = eng_audit_append(s, who, "facility.register", obj, f->category);
    }
    return rc;
}

/* Runs fn's result through commit or rollback. */
static pc_rc finish_tx(geo_store *s, pc_rc rc)
{
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

pc_rc eng_facility_register(geo_store *s, const eng_principal *who, const eng_facility_spec *f, int64_t *id_out,
                            char *err, size_t err_len)
{
    *id_out = 0;
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = finish_tx(s, eng_facility_register_tx(s, who, f, 1, id_out, err, err_len));
    if (rc != PC_OK)
        *id_out = 0;
    return rc;
}

/* The facility's current values if it lies in who's scope. */
static pc_rc facility_in_scope(geo_store *s, const eng_principal *who, int64_t id, pc_arena *a,
                               geo_facility_rec *out)
{
    pc_rc rc = geo_facility_read(s, id, a, out);
    if (rc == PC_OK)
        rc = eng_scope_check_unit(s, who, out->admin_unit_id);
    return rc;
}

pc_rc eng_facility_update(geo_store *s, const eng_principal *who, int64_t id, const eng_facility_spec *ch,
                          int *version_out, char *err, size_t err_len)
{
    *version_out = 0;
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers update facilities");
    TEXT("name", ch->name, 200, 0);
    TEXT("operator_name", ch->operator_name, 200, 0);
    TEXT("note", ch->note, 1000, 0);
    int known = 1;
    pc_rc rc = ch->category ? geo_code_known(s, "facility_category", ch->category, &known) : PC_OK;
    if (rc != PC_OK)
        return rc;
    if (!known)
        return eng_fail(err, err_len, PC_EINVAL, "'category' is not a facility category");
    pc_arena *a = pc_arena_create(4096);
    if (!a)
        return PC_ENOMEM;
    geo_facility_rec cur;
    if ((rc = geo_store_begin(s)) != PC_OK)
        goto cleanup;
    rc = facility_in_scope(s, who, id, a, &cur);
    if (rc == PC_OK) {
        if (ch->category)
            cur.category = ch->category;
        if (ch->name)
            cur.name = ch->name;
        if (ch->operator_name)
            cur.operator_name = ch->operator_name;
        cur.note = ch->note;
        rc = geo_facility_new_version(s, id, &cur, who->account_id, version_out);
    }
    if (rc == PC_OK) {
        char obj[48], detail[32];
        snprintf(obj, sizeof obj, "facility/%" PRId64, id);
        snprintf(detail, sizeof detail, "version %d", *version_out);
        rc = eng_audit_append(s, who, "facility.update", obj, detail);
    }
    rc = finish_tx(s, rc);
cleanup:
    pc_arena_destroy(a);
    return rc;
}

pc_rc eng_facility_list(geo_store *s, const eng_principal *who, const char *category, int64_t offset, size_t limit,
                        pc_arena *a, geo_table *out)
{
    int64_t root = eng_scope_root(who);
    memset(out, 0, sizeof *out);
    if (root < 0)
        return PC_EFORBIDDEN;
    return geo_facility_list(s, root, category, offset, limit, a, out);
}

pc_rc eng_facility_sheet(geo_store *s, const eng_principal *who, int64_t id, int history, pc_arena *a,
                         geo_table **out, size_t *n_out)
{
    geo_facility_rec cur;
    *out = NULL;
    *n_out = 0;
    pc_rc rc = facility_in_scope(s, who, id, a, &cur);
    if (rc == PC_OK)
        rc = geo_facility_sheet(s, id, history, a, out, n_out);
    return rc;
}
