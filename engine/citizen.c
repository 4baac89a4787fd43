/* citizen.c — sign-up and house claims; declarations and reports are in
 * citizen_decl.c and citizen_report.c (citizen.h). */
#include "citizen.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "geo_account.h"
#include "geo_housecode.h"
#include "geo_query.h"
#include "records_int.h"
#include "scope.h"

static int username_ok(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 3 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return 0;
    }
    return 1;
}

static pc_rc signup_throttle(geo_store *s, const char *ip)
{
    char since[32];
    time_t t = time(NULL) - 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%S", &tm);
    int64_t n = 0;
    pc_rc rc = geo_audit_count_since(s, "citizen.signup", ip, since, &n);
    if (rc != PC_OK)
        return rc;
    return n >= ENG_SIGNUPS_PER_IP_HOUR ? PC_ELIMIT : PC_OK;
}

pc_rc eng_citizen_signup(eng_auth *a, geo_store *s, const char *username, const char *password,
                         const char *display_name, const char *ip, int64_t *id_out, char *err, size_t err_len)
{
    geo_account acc;
    memset(&acc, 0, sizeof acc);
    *id_out = 0;
    if (!username_ok(username))
        return eng_fail(err, err_len, PC_EINVAL,
                        "'username' must be 3 to 64 of a-z 0-9 . _ - starting with a letter or digit");
    if (!eng_valid_text(display_name, GEO_DISPLAY_MAX, 0))
        return eng_fail(err, err_len, PC_EINVAL, "'display_name' must be 1 to 127 bytes without control characters");
    pc_rc rc = eng_password_check_policy(password, err, err_len);
    if (rc != PC_OK)
        return rc;
    if ((rc = signup_throttle(s, ip)) != PC_OK)
        return eng_fail(err, err_len, rc, "too many sign-ups from this address: try again in an hour");
    if ((rc = eng_password_hash(password, eng_auth_config_get(a)->pbkdf2_iterations, acc.pw_hash,
                                sizeof acc.pw_hash)) != PC_OK)
        return rc;
    snprintf(acc.username, sizeof acc.username, "%s", username);
    snprintf(acc.role, sizeof acc.role, "citizen");
    snprintf(acc.display_name, sizeof acc.display_name, "%s", display_name ? display_name : "");
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_account_insert(s, &acc, NULL, 0, id_out);
    if (rc == PC_EEXIST || rc == PC_ECONFLICT)
        rc = eng_fail(err, err_len, PC_EEXIST, "username '%s' is taken", username);
    if (rc == PC_OK) {
        eng_principal who;
        memset(&who, 0, sizeof who);
        who.account_id = *id_out;
        who.role = ENG_ROLE_CITIZEN;
        snprintf(who.username, sizeof who.username, "%s", username);
        snprintf(who.ip, sizeof who.ip, "%s", ip ? ip : "");
        char obj[48];
        snprintf(obj, sizeof obj, "account/%" PRId64, *id_out);
        rc = eng_audit_append(s, &who, "citizen.signup", obj, NULL);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
    }
    return rc;
}

/* --- claims -------------------------------------------------------------- */

pc_rc eng_claim_create(geo_store *s, const eng_principal *who, const char *house_code, int64_t *id_out, char *err,
                       size_t err_len)
{
    char code[GEO_HOUSECODE_LEN + 1];
    int64_t bid = 0;
    *id_out = 0;
    if (!who || who->role != ENG_ROLE_CITIZEN)
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only citizens claim houses");
    pc_rc rc = geo_housecode_parse(house_code ? house_code : "", code);
    if (rc == PC_EFORMAT)
        return eng_fail(err, err_len, PC_EINVAL, "'house_code' %s has a wrong check character: please retype it",
                        code);
    if (rc != PC_OK)
        return eng_fail(err, err_len, PC_EINVAL, "'house_code' is not a house code (HN-XXXX-XXXX-C)");
    rc = geo_building_id_by_code(s, code, &bid);
    if (rc == PC_ENOTFOUND)
        return eng_fail(err, err_len, rc, "no house has code %s", code);
    if (rc != PC_OK || (rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_claim_insert(s, who->account_id, bid, id_out);
    if (rc == PC_ECONFLICT)
        rc = eng_fail(err, err_len, PC_EEXIST, "you already claimed %s", code);
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "house_claim/%" PRId64, *id_out);
        rc = eng_audit_append(s, who, "claim.create", obj, code);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
    }
    return rc;
}

pc_rc eng_claim_review(geo_store *s, const eng_principal *who, int64_t id, int confirm, const char *reason,
                       char *err, size_t err_len)
{
    int64_t acc = 0, bid = 0;
    char status[16];
    if (!eng_is_officer(who))
        return eng_fail(err, err_len, PC_EFORBIDDEN, "only officers review claims");
    if (!eng_valid_text(reason, 1000, !confirm))
        return eng_fail(err, err_len, PC_EINVAL, "'reason' %s", reason ? "must be 1 to 1000 bytes of text"
                                                                       : "is required to refuse a claim");
    pc_rc rc = geo_store_begin(s);
    if (rc != PC_OK)
        return rc;
    rc = geo_claim_get(s, id, &acc, &bid, status);
    if (rc == PC_OK)
        rc = eng_scope_check_building(s, who, bid);
    if (rc == PC_OK && strcmp(status, "pending") != 0)
        rc = eng_fail(err, err_len, PC_ECONFLICT, "the claim is already %s", status);
    if (rc == PC_OK)
        rc = geo_claim_review(s, id, confirm ? "confirmed" : "refused", who->account_id, reason);
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "house_claim/%" PRId64, id);
        rc = eng_audit_append(s, who, confirm ? "claim.confirm" : "claim.refuse", obj, reason);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

pc_rc eng_claim_list(geo_store *s, const eng_principal *who, const char *status, int64_t offset, size_t limit,
                     pc_arena *a, geo_table *out)
{
    int citizen = who->role == ENG_ROLE_CITIZEN;
    memset(out, 0, sizeof *out);
    if (!citizen && !eng_is_officer(who))
        return PC_EFORBIDDEN;
    return geo_claim_list(s, eng_scope_root(who), citizen ? who->account_id : 0, status, offset, limit, a, out);
}

pc_rc eng_house_types(geo_store *s, pc_arena *a, geo_table **out, size_t *n_out)
{
    return geo_house_types(s, a, out, n_out);
}
