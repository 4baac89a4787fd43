/* account.c — account management with its authorization and audit. */
#include "account.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "geo_account.h"
#include "scope.h"

#define PHONE_AAD "account.phone"
#define PHONE_MAX 20

static pc_rc bad(char *err, size_t err_len, const char *why)
{
    if (err && err_len)
        snprintf(err, err_len, "%s", why);
    return PC_EINVAL;
}

static int valid_username(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 3 || n > ENG_USERNAME_MAX || !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= '0' && u[0] <= '9')))
        return 0;
    return strspn(u, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static int valid_display(const char *d)
{
    if (strlen(d) > GEO_DISPLAY_MAX)
        return 0;
    for (const unsigned char *p = (const unsigned char *)d; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static int valid_phone(const char *p)
{
    size_t n = strlen(p);
    return n >= 6 && n <= PHONE_MAX && strspn(p, "+0123456789 ") == n && strspn(p, "+ ") < n;
}

/* The actor may manage accounts, and unit (0: city-wide) is in reach. */
static pc_rc may_manage(geo_store *s, const eng_principal *actor, int64_t unit)
{
    if (!actor || actor->role != ENG_ROLE_CITY_ADMIN)
        return PC_EFORBIDDEN;
    return eng_scope_check_unit(s, actor, unit);
}

static pc_rc check_unit_and_role(geo_store *s, eng_role role, int64_t unit, char *err, size_t err_len)
{
    if ((role == ENG_ROLE_DISTRICT_OFFICER || role == ENG_ROLE_COMMUNE_OFFICER) && unit <= 0)
        return bad(err, err_len, "district and commune officers need an admin unit");
    if (unit > 0) {
        geo_admin_unit u;
        pc_rc rc = geo_admin_unit_get(s, unit, &u);
        if (rc == PC_ENOTFOUND && err && err_len)
            snprintf(err, err_len, "admin unit %" PRId64 " not found", unit);
        return rc;
    }
    return PC_OK;
}

static pc_rc seal_phone(const eng_key *key, const char *phone, uint8_t *buf, size_t cap, size_t *len, char *err,
                        size_t err_len)
{
    *len = 0;
    if (!phone)
        return PC_OK;
    if (!valid_phone(phone))
        return bad(err, err_len, "phone: 6 to 20 of digits, spaces and '+'");
    if (!key)
        return bad(err, err_len, "phone numbers need the encryption key file");
    return eng_seal(key, phone, strlen(phone), PHONE_AAD, buf, cap, len);
}

static pc_rc validate_spec(const eng_user_spec *spec, char *err, size_t err_len)
{
    if (!valid_username(spec->username))
        return bad(err, err_len, "username: 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit");
    if ((unsigned)spec->role >= ENG_ROLE_COUNT)
        return bad(err, err_len, "unknown role");
    if (spec->display_name && !valid_display(spec->display_name))
        return bad(err, err_len, "display_name: at most 127 bytes, no control characters");
    return eng_password_check_policy(spec->password, err, err_len);
}

pc_rc eng_user_add(eng_auth *a, geo_store *s, const eng_key *key, const eng_principal *actor,
                   const eng_user_spec *spec, int64_t *id_out, char *err, size_t err_len)
{
    *id_out = 0;
    uint8_t phone[PHONE_MAX + ENG_SEAL_OVERHEAD];
    size_t phone_len = 0;
    geo_account acc;
    memset(&acc, 0, sizeof acc);
    pc_rc rc = validate_spec(spec, err, err_len);
    if (rc == PC_OK)
        rc = may_manage(s, actor, spec->admin_unit_id);
    if (rc == PC_OK)
        rc = check_unit_and_role(s, spec->role, spec->admin_unit_id, err, err_len);
    if (rc == PC_OK)
        rc = seal_phone(key, spec->phone, phone, sizeof phone, &phone_len, err, err_len);
    if (rc == PC_OK)
        rc = eng_password_hash(spec->password, eng_auth_config_get(a)->pbkdf2_iterations, acc.pw_hash,
                               sizeof acc.pw_hash);
    if (rc != PC_OK)
        return rc;
    snprintf(acc.username, sizeof acc.username, "%s", spec->username);
    snprintf(acc.role, sizeof acc.role, "%s", eng_role_name(spec->role));
    snprintf(acc.display_name, sizeof acc.display_name, "%s", spec->display_name ? spec->display_name : "");
    acc.admin_unit_id = spec->admin_unit_id;
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_account_insert(s, &acc, phone_len ? phone : NULL, phone_len, id_out);
    if (rc == PC_OK) {
        char obj[48], detail[160];
        snprintf(obj, sizeof obj, "account/%" PRId64, *id_out);
        snprintf(detail, sizeof detail, "username=%s role=%s admin_unit=%" PRId64 "%s", acc.username, acc.role,
                 acc.admin_unit_id, phone_len ? " phone=set" : "");
        rc = eng_audit_append(s, actor, "user.add", obj, detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK) {
        geo_store_rollback(s);
        *id_out = 0;
        if (rc == PC_EEXIST && err && err_len)
            snprintf(err, err_len, "username %s is taken", spec->username);
    }
    return rc;
}

static void to_user(const geo_account *acc, eng_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = acc->id;
    snprintf(u->username, sizeof u->username, "%s", acc->username);
    if (eng_role_parse(acc->role, &u->role) != PC_OK)
        u->role = ENG_ROLE_CITIZEN;
    u->admin_unit_id = acc->admin_unit_id;
    snprintf(u->display_name, sizeof u->display_name, "%s", acc->display_name);
    u->disabled = acc->disabled;
    u->has_phone = acc->has_phone;
    snprintf(u->created_at, sizeof u->created_at, "%s", acc->created_at);
}

/* Loads account id if actor may manage it (or it is the actor's own). */
static pc_rc load_reachable(geo_store *s, const eng_principal *actor, int64_t id, geo_account *acc, int allow_self)
{
    pc_rc rc = geo_account_get(s, id, acc);
    if (rc != PC_OK)
        return rc;
    if (allow_self && actor && actor->account_id == id)
        return PC_OK;
    rc = may_manage(s, actor, acc->admin_unit_id);
    /* a non-admin learns nothing about other accounts: not found, not forbidden */
    return rc == PC_EFORBIDDEN ? PC_ENOTFOUND : rc;
}

/* Validates ch against acc and applies it in memory; *epoch set when tokens must die. */
static pc_rc apply_change(geo_store *s, const eng_principal *actor, const eng_user_change *ch, geo_account *acc,
                          int *epoch, char *detail, size_t dlen, char *err, size_t err_len)
{
    eng_role role;
    if (eng_role_parse(acc->role, &role) != PC_OK)
        role = ENG_ROLE_CITIZEN;
    int64_t unit = ch->admin_unit_id ? *ch->admin_unit_id : acc->admin_unit_id;
    int self = actor->account_id != 0 && actor->account_id == acc->id;
    if (ch->role && (unsigned)*ch->role >= ENG_ROLE_COUNT)
        return bad(err, err_len, "unknown role");
    if (self && ((ch->role && *ch->role != role) || (ch->disabled && *ch->disabled) ||
                 (ch->admin_unit_id && *ch->admin_unit_id != acc->admin_unit_id))) {
        if (err && err_len)
            snprintf(err, err_len, "an admin cannot demote, move or disable their own account");
        return PC_ECONFLICT;
    }
    if (ch->display_name && !valid_display(ch->display_name))
        return bad(err, err_len, "display_name: at most 127 bytes, no control characters");
    pc_rc rc = PC_OK;
    if (ch->password && (rc = eng_password_check_policy(ch->password, err, err_len)) != PC_OK)
        return rc;
    if (ch->role)
        role = *ch->role;
    if (ch->admin_unit_id && (rc = may_manage(s, actor, unit)) != PC_OK)
        return rc;
    if ((rc = check_unit_and_role(s, role, unit, err, err_len)) != PC_OK)
        return rc;
    size_t off = 0;
    detail[0] = '\0';
#define NOTE(...) off += (size_t)snprintf(detail + off, off < dlen ? dlen - off : 0, __VA_ARGS__)
    if (ch->role && strcmp(acc->role, eng_role_name(role)) != 0) {
        NOTE("role=%s ", eng_role_name(role));
        *epoch = 1;
    }
    if (ch->admin_unit_id && unit != acc->admin_unit_id) {
        NOTE("admin_unit=%" PRId64 " ", unit);
        *epoch = 1;
    }
    if (ch->disabled && (*ch->disabled != 0) != (acc->disabled != 0)) {
        NOTE("disabled=%d ", *ch->disabled ? 1 : 0);
        *epoch = 1;
    }
    if (ch->display_name)
        NOTE("display_name ");
    if (ch->password) {
        NOTE("password ");
        *epoch = 1;
    }
    if (ch->phone)
        NOTE("phone ");
#undef NOTE
    snprintf(acc->role, sizeof acc->role, "%s", eng_role_name(role));
    acc->admin_unit_id = unit;
    if (ch->disabled)
        acc->disabled = *ch->disabled != 0;
    if (ch->display_name)
        snprintf(acc->display_name, sizeof acc->display_name, "%s", ch->display_name);
    return PC_OK;
}

pc_rc eng_user_update(eng_auth *a, geo_store *s, const eng_key *key, const eng_principal *actor, int64_t id,
                      const eng_user_change *ch, char *err, size_t err_len)
{
    geo_account acc;
    uint8_t phone[PHONE_MAX + ENG_SEAL_OVERHEAD];
    size_t phone_len = 0;
    char detail[200];
    int epoch = 0;
    pc_rc rc = load_reachable(s, actor, id, &acc, 0);
    if (rc == PC_OK)
        rc = apply_change(s, actor, ch, &acc, &epoch, detail, sizeof detail, err, err_len);
    if (rc == PC_OK)
        rc = seal_phone(key, ch->phone, phone, sizeof phone, &phone_len, err, err_len);
    if (rc == PC_OK && ch->password)
        rc = eng_password_hash(ch->password, eng_auth_config_get(a)->pbkdf2_iterations, acc.pw_hash,
                               sizeof acc.pw_hash);
    if (rc != PC_OK)
        return rc;
    if (epoch)
        acc.token_epoch++;
    if ((rc = geo_store_begin(s)) != PC_OK)
        return rc;
    rc = geo_account_update(s, &acc);
    if (rc == PC_OK && phone_len)
        rc = geo_account_set_phone(s, id, phone, phone_len);
    if (rc == PC_OK && epoch)
        rc = geo_session_delete_account(s, id);
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "account/%" PRId64, id);
        rc = eng_audit_append(s, actor, "user.update", obj, detail);
    }
    if (rc == PC_OK)
        rc = geo_store_commit(s);
    if (rc != PC_OK)
        geo_store_rollback(s);
    return rc;
}

pc_rc eng_user_get(geo_store *s, const eng_principal *actor, int64_t id, eng_user *out)
{
    geo_account acc;
    memset(out, 0, sizeof *out);
    pc_rc rc = load_reachable(s, actor, id, &acc, 1);
    if (rc == PC_OK)
        to_user(&acc, out);
    return rc;
}

pc_rc eng_user_find(geo_store *s, const eng_principal *actor, const char *username, eng_user *out)
{
    geo_account acc;
    memset(out, 0, sizeof *out);
    pc_rc rc = geo_account_get_by_name(s, username, &acc);
    if (rc == PC_OK)
        rc = eng_user_get(s, actor, acc.id, out);
    return rc;
}

pc_rc eng_user_phone(geo_store *s, const eng_key *key, const eng_principal *actor, int64_t id, char *buf,
                     size_t buf_len)
{
    geo_account acc;
    uint8_t blob[PHONE_MAX + ENG_SEAL_OVERHEAD + 64];
    size_t n = 0, len = 0;
    if (buf_len)
        buf[0] = '\0';
    if (!key)
        return PC_ENOTFOUND;
    pc_rc rc = load_reachable(s, actor, id, &acc, 1);
    if (rc == PC_OK)
        rc = geo_account_phone(s, id, blob, sizeof blob, &n);
    if (rc == PC_OK)
        rc = eng_unseal(key, blob, n, PHONE_AAD, buf, buf_len, &len);
    if (rc == PC_OK) {
        char obj[48];
        snprintf(obj, sizeof obj, "account/%" PRId64, id);
        rc = eng_audit_record(s, actor, "read.phone", obj, NULL);
        if (rc != PC_OK && buf_len)
            memset(buf, 0, buf_len); /* no audit row, no personal data */
    }
    return rc;
}

pc_rc eng_user_list(geo_store *s, const eng_principal *actor, int64_t offset, size_t cap, eng_user *out, size_t *n_out,
                    int64_t *total)
{
    *n_out = 0;
    *total = 0;
    if (!actor || actor->role != ENG_ROLE_CITY_ADMIN)
        return PC_EFORBIDDEN;
    geo_account *rows = cap ? calloc(cap, sizeof *rows) : NULL;
    if (cap && !rows)
        return PC_ENOMEM;
    size_t n = 0;
    pc_rc rc = geo_account_list(s, eng_scope_root(actor), offset, cap, rows, &n, total);
    for (size_t i = 0; rc == PC_OK && i < n; i++)
        to_user(&rows[i], &out[i]);
    if (rc == PC_OK)
        *n_out = n;
    free(rows);
    return rc;
}
